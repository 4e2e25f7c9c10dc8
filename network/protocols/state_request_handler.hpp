// The server side of `/<genesis>/state/2`: the StateResponse polkadot-sdk's StateRequestHandler
// (sc-network-sync state_request_handler.rs) gives, computed from a StateSource. Sans-IO:
// serve_state_request takes the request's bytes and returns the response's, or why it gets none
// (the substream is reset, as when Substrate's handler fails).
//
// A syncing node downloads a whole state in pieces: the main trie's entries in key order, and
// after each child trie's entry the child trie's entries, each request resuming where the last
// response ended (`start`: the last main-trie key, or the child trie's key and the last key in
// it). Substrate's rules, kept (sc-service client.rs storage_collection, sp-state-machine
// prove_range_read_with_child_with_size):
//  - no_proof: the entries, the main trie's first (KeyValueStateEntry with an empty state_root),
//    then one KeyValueStateEntry per child trie visited, with its root; each says whether its trie
//    was finished. Keys and values count against 2 MiB (MAX_RESPONSE_BYTES), but each trie's
//    segment (the main trie's before a child, the child's, the main trie's after it) takes at
//    least one entry, so a response may exceed it. A child trie whose root was already visited in
//    the response is not visited again.
//  - with proof: the same walk records the storage proof of what it reads, values included, until
//    the proof weighs 2 MiB (the entry that crosses the limit is read, and so in the proof); the
//    response carries it as a compact proof (sp_trie CompactProof), whose verifier reads what the
//    proof holds. Child trie entries do not count against the limit.
//  - a start that names a child trie (two keys) must name an existing main-trie key of a default
//    child trie; the walk resumes strictly after the start key (the proof walk of a trie from its
//    beginning includes the empty key, as Substrate's iterator does; the entry walk skips it, as
//    Substrate's does);
//  - an unknown block, a pruned state, a read failing, a child trie of another type than the
//    default one: no response.
// Added: a response whose encoding exceeds kMaxStateResponseSize (16 MiB, what the peer accepts)
// is not sent.
// Not here: Substrate's per-peer count of identical requests (reputation), which needs the peer's
// identity and belongs to the connection layer.
#pragma once

#include <cstddef>
#include <cstdint>

#include "network/protocols/state_request.hpp"
#include "network/protocols/state_source.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// sc-network-sync state_request_handler.rs MAX_RESPONSE_BYTES.
inline constexpr size_t kMaxStateResponseBytes = 2 * 1024 * 1024;

enum class StateRequestRefusal : uint8_t {
  kMalformed,         // not a state request
  kUnavailable,       // unknown block, state not kept, or a read of it failed
  kInvalidStart,      // start keys that name no default child trie, or a child trie of another type
  kResponseTooLarge,  // the encoded response would exceed kMaxStateResponseSize
};

const char* to_string(StateRequestRefusal refusal);

// The response to a decoded request; `max_bytes` is the budget of entries (or of the proof).
Result<StateResponse, StateRequestRefusal> build_state_response(
    const StateRequest& request, StateSource& source, size_t max_bytes = kMaxStateResponseBytes);

// Decodes `request`, answers it and encodes the response.
Result<Bytes, StateRequestRefusal> serve_state_request(ByteSpan request, StateSource& source);

}  // namespace canary::network
