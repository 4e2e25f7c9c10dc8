// Why reading the committed state (or computing a root over it) failed. The overlay itself never
// fails: every error comes from the backend, which may lack a node (a pruned or partial database,
// a light client's proof) or hold a corrupt one.
#pragma once

#include <cstdint>

#include "state/trie/trie_error.hpp"

namespace canary::state {

enum class StorageError : uint8_t {
  kMissingNode,       // the node store has nothing under a referenced node hash
  kMissingValue,      // the node store has nothing under a V1 value hash
  kHashMismatch,      // the node store returned bytes that do not hash to the requested hash
  kInvalidNode,       // a stored node does not decode, or breaks the trie's structure
  kInvalidChildRoot,  // a ":child_storage:default:" entry of the main trie is not a 32-byte root
  kBackendFailure,    // the database could not be read
};

const char* to_string(StorageError e);

StorageError storage_error_from(TrieError e);

}  // namespace canary::state
