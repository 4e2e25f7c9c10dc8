// `/<genesis>/sync/warp`, GRANDPA warp sync (polkadot-sdk sc-network-sync warp_request_handler.rs,
// sc-consensus-grandpa warp_proof.rs; smoldot network/codec/grandpa_warp_sync.rs): the request is
// the SCALE of the hash of a finalized block the requester trusts (32 bytes, the protocol's whole
// request limit); the response is a SCALE WarpSyncProof: the headers that changed the GRANDPA
// authority set after that block, each with the justification finalizing it, ascending, and
// `is_finished` (false: the server cut the proof at its size limit, ask again from the last
// fragment). The fragments are decoded here, not verified: consensus/grandpa checks them.
#pragma once

#include <cstddef>
#include <vector>

#include "consensus/grandpa/justification.hpp"
#include "network/protocols/protocol_error.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

inline constexpr size_t kWarpSyncRequestSize = 32;
inline constexpr size_t kMaxWarpSyncResponseSize = 16 * 1024 * 1024;

struct WarpSyncFragment {
  block::Header header;
  consensus::grandpa::GrandpaJustification justification;

  bool operator==(const WarpSyncFragment&) const = default;
  CANARY_SCALE_FIELDS(header, justification)
};

struct WarpSyncProof {
  std::vector<WarpSyncFragment> proofs;
  bool is_finished = false;

  bool operator==(const WarpSyncProof&) const = default;
  CANARY_SCALE_FIELDS(proofs, is_finished)
};

Bytes encode_warp_sync_request(const block::BlockHash& begin);
Result<block::BlockHash, ProtocolError> decode_warp_sync_request(ByteSpan bytes);

Bytes encode_warp_sync_proof(const WarpSyncProof& proof);
// Every sequence count is checked against the bytes left before anything is reserved, so a short
// input cannot make the decoder reserve room for millions of fragments or precommits.
Result<WarpSyncProof, ProtocolError> decode_warp_sync_proof(ByteSpan bytes);

}  // namespace canary::network
