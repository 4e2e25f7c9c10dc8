// Compact trie proofs, the format of trie-db's `proof` module (paritytech/trie
// trie-db/src/proof/{generate,verify}.rs), which sp_trie::generate_trie_proof /
// verify_trie_proof use and therefore ext_trie_{blake2,keccak}_256_verify_proof_version_{1,2}
// accept. Unlike a storage proof, a compact proof is ordered and leaves out what the verifier can
// recompute:
//   - the nodes on the lookup paths of the proven keys, in pre-order, the root first;
//   - inside them, a reference to a child that follows in the proof is an empty inline reference
//     (Compact(0)); inline children on the paths are given in the same compact form;
//   - the value of a proven key is left out: a leaf gets an empty inline value, a branch loses
//     its value (and is written as a branch without value).
// The verifier puts the claimed values back, laid out per the given state version (a value of 33
// bytes or more is hashed under V1), rebuilds the nodes bottom-up and compares the root.
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

enum class CompactProofError : uint8_t {
  kDuplicateKey,             // the statement names a key twice
  kExtraneousNode,           // proof nodes left over
  kExtraneousValue,          // a proven key's value was not left out
  kExtraneousHashReference,  // a child on a lookup path is referenced by hash instead of omitted
  kInvalidChildReference,    // an inline child that re-encodes to more than a hash
  kValueMismatch,            // the proof contradicts a claimed presence or absence
  kIncompleteProof,          // proof nodes missing
  kRootMismatch,             // the rebuilt root differs
  kInvalidNode,              // a proof node does not decode
};

const char* to_string(CompactProofError e);

// A claim: `key` has `value`, or is absent when `value` is empty.
struct ProofItem {
  ByteSpan key;
  std::optional<ByteSpan> value;
};

// Builds the compact proof for `keys` (any order, duplicates ignored) of `trie` with values laid
// out per `version`.
Result<std::vector<Bytes>, TrieError> generate_compact_proof(Trie& trie,
                                                             std::span<const Bytes> keys,
                                                             StateVersion version);

// Checks every claim of `items` against `root` using the compact `proof`.
Result<void, CompactProofError> verify_compact_proof(const Hash256& root,
                                                     std::span<const Bytes> proof,
                                                     std::span<const ProofItem> items,
                                                     StateVersion version,
                                                     TrieHasher hasher = TrieHasher::kBlake2b256);

// ext_trie_blake2_256_verify_proof_version_2 (and the keccak one): does `key` have `value`?
bool verify_proof(const Hash256& root, std::span<const Bytes> proof, ByteSpan key, ByteSpan value,
                  StateVersion version, TrieHasher hasher = TrieHasher::kBlake2b256);

}  // namespace canary::state
