// sp_trie's CompactProof: a storage proof (an unordered set of nodes, storage_proof.hpp's kind)
// re-encoded as partial tries in which whatever the verifier can recompute is left out. The state
// request protocol (`/state/2`) sends range proofs this way (sc-service client.rs
// read_proof_collection → StorageProof::into_compact_proof). Format (paritytech/trie
// trie-db/src/trie_codec.rs `encode_compact`, sp-trie trie_codec.rs):
//   - one partial trie after the other: the main trie first, then each default child trie whose
//     root the main trie's part in the proof holds, in the order of their keys (a child root
//     whose trie has no node in the proof is skipped);
//   - a partial trie is its nodes that are in the proof and stored by hash, in pre-order (a node,
//     then each child's subtree in nibble order); inline nodes stay inside their parent;
//   - a reference to a child that follows is an empty inline reference (Compact(0)); references
//     to nodes outside the proof stay hashes;
//   - a node whose V1 value is in the proof is written with the escape byte 0x01 in front, an
//     empty inline value in place of the value's hash, and the value as the next entry.
// Not to be confused with compact_proof.hpp (trie-db's `proof` module, the host API's format),
// which proves a list of keys and leaves out their values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/node_store.hpp"

namespace canary::state {

enum class CompactStorageProofError : uint8_t {
  kIncompleteProof,       // the main trie's root is not in the proof; entries end inside a trie
  kInvalidNode,           // a node that does not decode (or an escaped node without empty value)
  kInvalidChildRoot,      // a child trie entry of the main trie that is not a 32-byte root
  kRootMismatch,          // the decoded main trie has another root than the expected one
  kExtraneousChildProof,  // a partial trie whose root is no child root of the main trie
  kExtraneousNode,        // entries left after the last child trie
};

const char* to_string(CompactStorageProofError e);

// The compact form of the storage proof `nodes` (encoded nodes and V1 values by hash, e.g.
// RecordingNodeStore::recorded()) of the state whose main trie has root `root`. The entries
// are what sp_trie::CompactProof holds (SCALE-encode them as a Vec<Vec<u8>>).
Result<std::vector<Bytes>, CompactStorageProofError> encode_compact_storage_proof(
    const Hash256& root, const MemoryNodeStore& nodes);

struct DecodedStorageProof {
  Hash256 root{};         // the main trie's root
  MemoryNodeStore nodes;  // the storage proof: every node and value of every partial trie
};

// The storage proof back (sp_trie::decode_compact), checked against `expected_root` if given.
Result<DecodedStorageProof, CompactStorageProofError> decode_compact_storage_proof(
    std::span<const Bytes> entries, std::optional<Hash256> expected_root = std::nullopt);

}  // namespace canary::state
