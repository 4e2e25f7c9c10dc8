// One trie of the new state, for computing its root: the backend's trie, opened over the
// backend's node store (which is never written to), with a change set applied. It follows the
// change set incrementally: after the first root computation only the keys written since are
// applied again, and only their paths are re-hashed.
//
// Applying a key whose write was rolled back away would not restore the backend's node exactly
// (a value keeps the layout it was stored with until rewritten, see trie.hpp), so then the trie
// starts over from the backend.
#pragma once

#include <optional>
#include <set>
#include <unordered_map>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/byte_keys.hpp"
#include "state/overlay/change_set.hpp"
#include "state/overlay/storage_backend.hpp"
#include "state/overlay/storage_error.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/state_version.hpp"
#include "state/trie/trie.hpp"

namespace canary::state {

class WorkingTrie {
 public:
  // A trie at `base_root` over `store` (a child trie); `store` must outlive the trie.
  WorkingTrie(const Hash256& base_root, const NodeStore& store);
  // The backend's main trie; `backend` must outlive the trie. Every start over begins from the
  // trie the backend's reads loaded (StorageBackend::take_loaded_main_trie), if it hands one over.
  explicit WorkingTrie(StorageBackend& backend);

  // The change set's value for `key` changed.
  void touch(ByteSpan key);
  // The change set forgot a key: start over at the next sync.
  void restart() { restart_ = true; }

  // Applies what changed in `changes` since the last sync.
  Result<void, StorageError> sync(const ChangeSet& changes);
  // Applies a value that no change set holds (the root of a child trie, in the main trie). The
  // caller applies it again after every sync.
  Result<void, StorageError> apply(ByteSpan key, const std::optional<Bytes>& value);

  Hash256 root_hash(StateVersion version);
  bool empty() const { return trie_.empty(); }

  // Hands to `sink` every node (and V1 value) of the trie with root `root` (the last root_hash())
  // that the backend's store does not hold.
  void write_nodes(const Hash256& root, StateVersion version, NodeSink& sink);

 private:
  Result<void, StorageError> apply_all(const ChangeSet& changes);

  Hash256 base_root_;
  const NodeStore* store_;
  StorageBackend* loaded_from_ = nullptr;  // the main trie's backend
  Trie trie_;
  bool restart_ = true;  // the trie has not been opened (or must be opened again)
  std::set<Bytes, BytesLess> pending_;
  // Everything hashed anew since the trie was opened, including nodes that later changes made
  // unreachable; write_nodes() picks the reachable ones.
  std::unordered_map<Hash256, Bytes, Hash256Hasher> new_nodes_;
};

}  // namespace canary::state
