// The server side of `/<genesis>/sync/2`: the BlockResponse polkadot-sdk's BlockRequestHandler
// (sc-network-sync block_request_handler.rs, get_block_response) gives for a request, computed
// from a BlockSource. Sans-IO: the caller decodes the request (decode_block_request), calls this,
// and encodes the answer (encode_block_response); a failure means "send no response" (Substrate
// drops the request and the peer sees the request fail).
//
// Substrate's rules, kept:
//  - the start block by hash (any stored block, forks included) or by number (the best chain);
//  - Ascending continues with the best chain's block at number + 1 (even when the start block is
//    on a fork), Descending with the parent, stopping after genesis;
//  - max_blocks 0 means 128 (MAX_BLOCKS_IN_RESPONSE), larger values are capped to it;
//  - a block whose header is unknown, or whose body is requested but not stored, ends the
//    response (a failed header lookup counts as unknown, as Substrate's `unwrap_or_default`);
//  - the bodies and indexed bodies of the response stay under 8 MiB (MAX_BODY_BYTES), always
//    with at least one block;
//  - only the requested parts are filled; justifications when requested: the whole Justifications
//    for peers with support_multiple_justifications, else GRANDPA's alone, an empty one flagged
//    with is_empty_justification.
// Added: the encoded response also stays under kMaxBlockResponseSize (16 MiB, what the peer
// accepts), again with at least one block.
// Not here: Substrate's per-peer count of identical requests (reputation), which needs the peer's
// identity and belongs to the connection layer.
#pragma once

#include <cstddef>

#include "network/protocols/block_request.hpp"
#include "network/protocols/block_source.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

inline constexpr size_t kMaxBlocksInResponse = 128;
inline constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;

Result<BlockResponse, BlockSourceError> build_block_response(const BlockRequest& request,
                                                             const BlockSource& source);

}  // namespace canary::network
