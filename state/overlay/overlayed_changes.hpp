// The changes a runtime call makes to the state, on top of the committed state of the parent
// block: what the storage host functions read and write (w3f/polkadot-spec
// docs/chap-host-api.md "Storage", "Child Storage"; the semantics of sp-state-machine ext.rs and
// overlayed_changes/mod.rs, which the reference host implements). Reads see the changes first,
// then the backend. Writes go to the innermost open storage transaction. The backend is never
// written to: the new state's root is computed over tries opened on the backend's node store, and
// what a database must store to move to the new state (trie nodes, changed entries) comes out of
// write_nodes() and for_each_change() as one batch.
//
// The main trie and the default child tries (named by their unprefixed key) each have a change
// set; all of them open, commit and roll back transactions together.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <type_traits>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/byte_keys.hpp"
#include "state/overlay/change_set.hpp"
#include "state/overlay/removal_result.hpp"
#include "state/overlay/storage_backend.hpp"
#include "state/overlay/storage_error.hpp"
#include "state/overlay/transaction_error.hpp"
#include "state/overlay/working_trie.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/state_version.hpp"

namespace canary::state {

class OverlayedChanges {
 public:
  // `backend` must outlive the overlay and not change while the overlay is in use.
  explicit OverlayedChanges(StorageBackend& backend);

  // --- The main trie.
  //
  // Keys under ":child_storage:" hold the roots of child tries. set() and clear() refuse them
  // and return false (ext.rs `place_storage`); reads and append() take them as any other key, as
  // the reference host does. The host API may hide them further (the spec asks reads to).
  Result<std::optional<Bytes>, StorageError> get(ByteSpan key);
  // get() without copying what the overlay holds: a view of the value in the changes, or of the
  // backend's answer kept in this object. Valid until the next call on the overlay.
  Result<std::optional<ByteSpan>, StorageError> get_view(ByteSpan key);
  Result<bool, StorageError> exists(ByteSpan key);
  // The smallest key strictly greater than `key` that has a value in the new state.
  Result<std::optional<Bytes>, StorageError> next_key(ByteSpan key);
  bool set(ByteSpan key, ByteSpan value);
  bool clear(ByteSpan key);
  // ext_storage_append (see scale_vec_append.hpp).
  Result<void, StorageError> append(ByteSpan key, ByteSpan item);
  // Deletes the keys that start with `prefix` (ext.rs `clear_prefix`): every key the overlay has
  // written, however many; then, in key order, the backend's keys that are not below `cursor`,
  // visiting at most `limit` of them. A backend key the overlay has deleted already counts
  // toward the limit (`loops`) without being deleted again; the keys the overlay had written do
  // not count. A prefix that is, or lies within, ":child_storage:" is refused: nothing happens and
  // the result is all zeros.
  Result<RemovalResult, StorageError> clear_prefix(ByteSpan prefix,
                                                   std::optional<uint32_t> limit = std::nullopt,
                                                   ByteSpan cursor = {});

  // --- Default child tries, named by their unprefixed key.
  Result<std::optional<Bytes>, StorageError> child_get(ByteSpan child, ByteSpan key);
  Result<bool, StorageError> child_exists(ByteSpan child, ByteSpan key);
  Result<std::optional<Bytes>, StorageError> child_next_key(ByteSpan child, ByteSpan key);
  void child_set(ByteSpan child, ByteSpan key, ByteSpan value);
  void child_clear(ByteSpan child, ByteSpan key);
  // As clear_prefix(), within the child trie (no key is refused there).
  Result<RemovalResult, StorageError> child_clear_prefix(
      ByteSpan child, ByteSpan prefix, std::optional<uint32_t> limit = std::nullopt,
      ByteSpan cursor = {});
  // Deletes the whole child trie, as child_clear_prefix() with an empty prefix
  // (ext_default_child_storage_storage_kill).
  Result<RemovalResult, StorageError> kill_child(ByteSpan child,
                                                 std::optional<uint32_t> limit = std::nullopt,
                                                 ByteSpan cursor = {});

  // --- Storage transactions, nested to any depth.
  void start_transaction();
  // Both fail if no transaction is open.
  Result<void, TransactionError> commit_transaction();
  Result<void, TransactionError> rollback_transaction();
  size_t transaction_depth() const { return main_.depth(); }

  // --- The new state, transactions still open included.
  //
  // The main trie's root (ext_storage_root): the roots of the child tries with changes are
  // computed first and stored in the main trie, and a child trie left empty is removed from it.
  // Cached: calling it again without changes in between costs nothing, and after changes only the
  // changed paths are re-hashed.
  Result<Hash256, StorageError> root(StateVersion version);
  // A child trie's root (ext_default_child_storage_root). As the reference host, it also records
  // the root in the main trie's changes, where get() and next_key() on the main trie see it.
  Result<Hash256, StorageError> child_root(ByteSpan child, StateVersion version);
  // Computes root(version) and hands `sink` every trie node and V1 value of the new state (child
  // tries included) that was not read from the backend's node store: what a database writes, in
  // one batch, to be able to load the new state. Nothing the new state does not reference is
  // included; a node re-created identical to a stored one may be. Returns the root.
  Result<Hash256, StorageError> write_nodes(StateVersion version, NodeSink& sink);
  // Calls visit(child, key, value) for every changed entry: the child tries' first (child set),
  // then the main trie's (child == std::nullopt); in key order within a trie; value nullopt for a
  // deletion. The main trie's changes include the entries holding the roots of the child tries
  // with changes, as `version` computes them. Entries whose new value happens to equal the old one
  // may be included.
  template <class Visit>
  Result<void, StorageError> for_each_change(StateVersion version, Visit&& visit) {
    using Fn = std::remove_reference_t<Visit>;
    return for_each_change_impl(
        version,
        [](void* ctx, ChildKey child, ByteSpan key, const std::optional<Bytes>& value) {
          (*static_cast<Fn*>(ctx))(child, key, value);
        },
        const_cast<void*>(static_cast<const void*>(&visit)));
  }

 private:
  using ChangeFn = void (*)(void*, ChildKey, ByteSpan, const std::optional<Bytes>&);
  Result<void, StorageError> for_each_change_impl(StateVersion version, ChangeFn fn, void* ctx);

  const ChangeSet* find_child(ByteSpan child) const;
  // The child's change set, created at the current transaction depth if need be.
  ChangeSet& child_changes(ByteSpan child);

  Result<std::optional<Bytes>, StorageError> read(const ChangeSet* changes, ChildKey child,
                                                  ByteSpan key);
  Result<bool, StorageError> contains(const ChangeSet* changes, ChildKey child, ByteSpan key);
  Result<std::optional<Bytes>, StorageError> next(const ChangeSet* changes, ChildKey child,
                                                  ByteSpan key);
  // ext.rs `clear_prefix` / `limit_remove_from_backend`, on any trie.
  Result<RemovalResult, StorageError> remove(ChangeSet& changes, ChildKey child, ByteSpan prefix,
                                             std::optional<uint32_t> limit, ByteSpan cursor);

  // Every write reports here, so that cached roots and working tries learn what changed.
  void note_write(ChildKey child, ByteSpan key);
  void note_prefix_cleared(const ChangeSet& changes, ChildKey child, ByteSpan prefix);

  // Brings the child's working trie up to date; returns it.
  Result<WorkingTrie*, StorageError> sync_child(const Bytes& child, const ChangeSet& changes);

  StorageBackend& backend_;
  ChangeSet main_;
  std::map<Bytes, ChangeSet, BytesLess> children_;

  // Created by the first root computation. A child's working trie exists only while the child
  // has a change set.
  std::optional<WorkingTrie> main_trie_;
  std::map<Bytes, WorkingTrie, BytesLess> child_tries_;
  struct CachedRoot {
    StateVersion version;
    Hash256 root;
  };
  std::optional<CachedRoot> root_cache_;  // dropped by every change
  // The backend's answer get_view() last gave a view of, and its key: asked again (the runtime
  // reads a large value in two parts, its first bytes then the rest), the backend is not asked
  // again, since it does not change while the overlay is in use.
  std::optional<Bytes> viewed_;
  std::optional<Bytes> viewed_key_;
};

}  // namespace canary::state
