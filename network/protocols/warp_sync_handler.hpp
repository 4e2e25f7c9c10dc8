// The server side of `/<genesis>/sync/warp`: the WarpSyncProof polkadot-sdk's
// `WarpSyncProof::generate` (sc-consensus-grandpa warp_proof.rs) gives for a begin block, computed
// from a WarpProofSource. Sans-IO: the caller decodes the request (decode_warp_sync_request),
// calls this and encodes the answer (encode_warp_sync_proof); an error means "send no response"
// (sc-network-sync's warp_request_handler.rs drops the request, the peer sees it fail).
//
// Substrate's rules, kept:
//  - the begin block must be stored (kUnknownBlock), not above the finalized block
//    (kNotFinalized) and on the finalized chain (kNotInFinalizedChain);
//  - the fragments are the authority set changes recorded after the begin block
//    (AuthoritySetChanges::iter_from: a change at the begin block's own number is skipped; a list
//    that does not start with set 0 and has no entry below the begin block is kMissingData), in
//    their recorded order, each the finalized chain's block at the recorded number with its stored
//    justification (signed by the set that block ends);
//  - the first such block without a ScheduledChange digest (a set that ended by a forced change)
//    ends the list: the chain of hand-offs is broken there;
//  - a block without a stored GRANDPA justification is kMissingData, one that does not decode is
//    kInvalidJustification (the whole request fails, as Substrate's `?`);
//  - fragments are added while their encoded sizes stay below max_size - 50 (the margin is for the
//    vector's length and the flag); the first one that does not fit stops the list and the proof
//    is not finished (the requester asks again from the last fragment);
//  - otherwise the proof is finished, and the best justification (the latest finalized block's)
//    is appended with its header when its block is above the last fragment's (or at or above the
//    begin block when there is no fragment). This last fragment is not counted against max_size,
//    as in Substrate.
// Departures: where Substrate `expect`s (a recorded number with no finalized block or header, a
// best justification without its header) this is kMissingData instead of a panic. When forced
// changes recorded several sets at one block number, a begin block at that number skips all of
// them (Rust's binary search may land on any of the equal entries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "network/protocols/warp_proof_source.hpp"
#include "network/protocols/warp_sync.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// warp_proof.rs MAX_WARP_SYNC_PROOF_SIZE.
inline constexpr size_t kMaxWarpSyncProofSize = 8 * 1024 * 1024;

enum class WarpProofErrorKind : uint8_t {
  kUnknownBlock,          // "Missing start block"
  kNotFinalized,          // "Start block is not finalized"
  kNotInFinalizedChain,   // "Start block is not in the finalized chain"
  kMissingData,           // a recorded set change or justification the node does not hold
  kInvalidJustification,  // stored justification bytes that do not decode
  kSource,                // the source failed (storage error)
};

struct WarpProofError {
  WarpProofErrorKind kind = WarpProofErrorKind::kSource;
  std::string message;
};

Result<WarpSyncProof, WarpProofError> build_warp_sync_proof(
    const block::BlockHash& begin, const WarpProofSource& source,
    size_t max_size = kMaxWarpSyncProofSize);

}  // namespace canary::network
