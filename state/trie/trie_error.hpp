// Why an operation on a lazily loaded trie failed. A trie that lives fully in memory never fails;
// one opened over a NodeStore fails when the store cannot produce a node it needs. Operations are
// atomic: a failed call leaves the trie as it was.
#pragma once

#include <cstdint>

namespace canary::state {

enum class TrieError : uint8_t {
  kMissingNode,   // the store has nothing under a referenced node hash
  kMissingValue,  // the store has nothing under a V1 value hash
  kHashMismatch,  // the store returned bytes that do not hash to the requested hash
  kInvalidNode,   // a stored node does not decode, or breaks the trie's structure
};

const char* to_string(TrieError e);

}  // namespace canary::state
