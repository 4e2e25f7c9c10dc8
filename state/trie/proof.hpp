// Storage proofs: the set of encoded nodes a reader needs to look keys up under a known root,
// including proofs that a key is absent (sp_trie::StorageProof; state_getReadProof; the light
// client's storage requests; w3f/polkadot-spec docs/chap-state.md "Merkle Proof"). The order of
// the nodes carries no meaning and every node appears once; V1 hashed values of proven keys are
// included as separate entries.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/state_version.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_error.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

enum class ProofError : uint8_t {
  kIncompleteProof,  // a node or hashed value needed for the key is not in the proof
  kInvalidNode,      // a node of the proof does not decode, or is misplaced
};

const char* to_string(ProofError e);

// The nodes (and hashed values) read when looking up each of `keys` in `trie` with values laid
// out per `version`. Loads what it needs if the trie is backed by a store.
Result<std::vector<Bytes>, TrieError> generate_storage_proof(Trie& trie,
                                                             std::span<const Bytes> keys,
                                                             StateVersion version);

// Looks `key` up under `root` using only the nodes of `proof`. A missing node is an error, never
// an "absent" answer. Nodes that are not needed are ignored.
Result<std::optional<Bytes>, ProofError> read_proof(const Hash256& root,
                                                    std::span<const Bytes> proof, ByteSpan key,
                                                    TrieHasher hasher = TrieHasher::kBlake2b256);

// Same, for several keys (hashes the proof's nodes once).
Result<std::vector<std::optional<Bytes>>, ProofError> read_proof(
    const Hash256& root, std::span<const Bytes> proof, std::span<const Bytes> keys,
    TrieHasher hasher = TrieHasher::kBlake2b256);

}  // namespace canary::state
