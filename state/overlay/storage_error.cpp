#include "state/overlay/storage_error.hpp"

namespace canary::state {

const char* to_string(StorageError e) {
  switch (e) {
    case StorageError::kMissingNode:
      return "missing trie node";
    case StorageError::kMissingValue:
      return "missing trie value";
    case StorageError::kHashMismatch:
      return "trie node hash mismatch";
    case StorageError::kInvalidNode:
      return "invalid trie node";
    case StorageError::kInvalidChildRoot:
      return "invalid child trie root";
    case StorageError::kBackendFailure:
      return "storage backend failure";
  }
  return "unknown storage error";
}

StorageError storage_error_from(TrieError e) {
  switch (e) {
    case TrieError::kMissingNode:
      return StorageError::kMissingNode;
    case TrieError::kMissingValue:
      return StorageError::kMissingValue;
    case TrieError::kHashMismatch:
      return StorageError::kHashMismatch;
    case TrieError::kInvalidNode:
      return StorageError::kInvalidNode;
  }
  return StorageError::kInvalidNode;
}

}  // namespace canary::state
