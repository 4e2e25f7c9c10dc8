// The committed state an overlay of changes sits on: the state at the parent block, read-only.
// The executor's host API reads through an OverlayedChanges, which reads through this; a trie
// opened over a node store (TrieBackend), the database, or a test double implement it.
//
// A trie is named by `child`: std::nullopt for the main trie, else the unprefixed key of a default
// child trie (the trie whose root the main trie holds under ":child_storage:default:" ‖ child).
// A child trie that does not exist reads as empty.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/storage_error.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie.hpp"

namespace canary::state {

using ChildKey = std::optional<ByteSpan>;

class StorageBackend {
 public:
  virtual ~StorageBackend() = default;

  virtual Result<std::optional<Bytes>, StorageError> get(ChildKey child, ByteSpan key) = 0;
  // Separate from get() so that asking about a large value (":code") does not copy it.
  virtual Result<bool, StorageError> exists(ChildKey child, ByteSpan key) = 0;
  // The smallest key strictly greater than `key`.
  virtual Result<std::optional<Bytes>, StorageError> next_key(ChildKey child, ByteSpan key) = 0;

  // The main trie's root, and where its nodes (and those of the child tries) are found: new roots
  // are computed by loading the parts of the tries that changed.
  virtual Hash256 state_root() const = 0;
  virtual const NodeStore& node_store() const = 0;

  // The main trie with the nodes (and values) the backend's reads have loaded so far, opened at
  // state_root() over node_store() and never written to; the backend goes on with a trie opened
  // afresh. A root computation starts from it instead of loading again the paths of the keys it
  // writes: a block reads each account before it writes it. std::nullopt: the backend keeps no
  // such trie (or must keep it, as a proof recorder does), and the root computation opens one.
  virtual std::optional<Trie> take_loaded_main_trie() { return std::nullopt; }
};

}  // namespace canary::state
