// `/<genesis>/state/2`, the state request protocol (polkadot-sdk sc-network-sync
// state_request_handler.rs and schema/api.v1.proto; network/proto/state.proto): a syncing node
// downloads a block's whole state in pieces, each request resuming after the last key it got.
// Substrate answers with a compact proof (CompactProof, SCALE) of up to 2 MiB of entries, or, with
// no_proof, with the raw entries per trie.
//
// `start` is at most two keys: the top-trie key to resume after, then (when that key is a child
// trie's) the key within the child trie (sp-state-machine MAX_NESTED_TRIE_DEPTH); Substrate fails
// longer requests, so we refuse them when decoding. The block hash is read from the front of its
// bytes, like the block request's.
#pragma once

#include <cstddef>
#include <vector>

#include "network/protocols/protocol_error.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

inline constexpr size_t kMaxStateRequestSize = 1024 * 1024;
inline constexpr size_t kMaxStateResponseSize = 16 * 1024 * 1024;
inline constexpr size_t kMaxStateStartKeys = 2;

struct StateRequest {
  block::BlockHash block{};
  std::vector<Bytes> start;
  bool no_proof = false;

  bool operator==(const StateRequest&) const = default;
};

struct StateEntry {
  Bytes key;
  Bytes value;

  bool operator==(const StateEntry&) const = default;
};

// The entries of one trie: the top trie (empty state_root) or a child trie (its root).
struct KeyValueStateEntry {
  Bytes state_root;
  std::vector<StateEntry> entries;
  bool complete = false;  // the trie has no more keys

  bool operator==(const KeyValueStateEntry&) const = default;
};

struct StateResponse {
  std::vector<KeyValueStateEntry> entries;  // with no_proof
  Bytes proof;                              // SCALE CompactProof, without no_proof

  bool operator==(const StateResponse&) const = default;
};

Bytes encode_state_request(const StateRequest& request);
Result<StateRequest, ProtocolError> decode_state_request(ByteSpan bytes);

Bytes encode_state_response(const StateResponse& response);
Result<StateResponse, ProtocolError> decode_state_response(ByteSpan bytes);

}  // namespace canary::network
