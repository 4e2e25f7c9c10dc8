#include "state/overlay/overlayed_changes.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "primitives/util/result.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

namespace {

// sp-storage well_known_keys::starts_with_child_storage_key: a prefix is refused if the keys it
// covers overlap the child storage area, that is if it starts with ":child_storage:" or is itself
// a prefix of it (the empty prefix included).
bool prefix_reaches_child_storage(ByteSpan prefix) {
  ByteSpan area = as_bytes(kChildStoragePrefix);
  return prefix.size() > area.size() ? has_prefix(prefix, area) : has_prefix(area, prefix);
}

bool is_less(ByteSpan a, ByteSpan b) {
  return BytesLess{}(a, b);
}

Bytes to_vec(ByteSpan s) {
  return Bytes(s.begin(), s.end());
}

}  // namespace

OverlayedChanges::OverlayedChanges(StorageBackend& backend) : backend_(backend) {}

// ---------------------------------------------------------------------------------------------
// Reads

const ChangeSet* OverlayedChanges::find_child(ByteSpan child) const {
  auto it = children_.find(child);
  return it == children_.end() ? nullptr : &it->second;
}

ChangeSet& OverlayedChanges::child_changes(ByteSpan child) {
  auto it = children_.find(child);
  if (it == children_.end()) it = children_.emplace(to_vec(child), ChangeSet(main_.depth())).first;
  return it->second;
}

Result<std::optional<Bytes>, StorageError> OverlayedChanges::read(const ChangeSet* changes,
                                                                  ChildKey child, ByteSpan key) {
  if (changes != nullptr) {
    if (const std::optional<Bytes>* v = changes->find(key)) return *v;
  }
  return backend_.get(child, key);
}

Result<bool, StorageError> OverlayedChanges::contains(const ChangeSet* changes, ChildKey child,
                                                      ByteSpan key) {
  if (changes != nullptr) {
    if (const std::optional<Bytes>* v = changes->find(key)) return v->has_value();
  }
  return backend_.exists(child, key);
}

Result<std::optional<Bytes>, StorageError> OverlayedChanges::next(const ChangeSet* changes,
                                                                  ChildKey child, ByteSpan key) {
  CANARY_TRY_ASSIGN(auto backend_next, backend_.next_key(child, key));
  if (changes == nullptr) return backend_next;
  // Merge the two ordered sequences; a key the overlay deleted hides the backend's.
  for (ChangeSet::Cursor c = changes->after(key); !c.at_end(); c.next()) {
    if (backend_next && is_less(*backend_next, c.key())) return backend_next;
    if (c.value()) return std::optional<Bytes>(c.key());
    if (backend_next && same_bytes(*backend_next, c.key())) {
      CANARY_TRY_ASSIGN(auto following, backend_.next_key(child, c.key()));
      backend_next = std::move(following);
    }
  }
  return backend_next;
}

Result<std::optional<Bytes>, StorageError> OverlayedChanges::get(ByteSpan key) {
  return read(&main_, std::nullopt, key);
}

Result<std::optional<ByteSpan>, StorageError> OverlayedChanges::get_view(ByteSpan key) {
  if (const std::optional<Bytes>* written = main_.find(key)) {
    if (!*written) return std::optional<ByteSpan>{};
    return std::optional<ByteSpan>(**written);
  }
  if (!viewed_key_ || !same_bytes(*viewed_key_, key)) {
    viewed_key_.reset();  // until the backend has answered
    CANARY_TRY_ASSIGN(auto stored, backend_.get(std::nullopt, key));
    viewed_ = std::move(stored);
    viewed_key_.emplace(key.begin(), key.end());
  }
  if (!viewed_) return std::optional<ByteSpan>{};
  return std::optional<ByteSpan>(*viewed_);
}

Result<bool, StorageError> OverlayedChanges::exists(ByteSpan key) {
  return contains(&main_, std::nullopt, key);
}

Result<std::optional<Bytes>, StorageError> OverlayedChanges::next_key(ByteSpan key) {
  return next(&main_, std::nullopt, key);
}

Result<std::optional<Bytes>, StorageError> OverlayedChanges::child_get(ByteSpan child,
                                                                       ByteSpan key) {
  return read(find_child(child), child, key);
}

Result<bool, StorageError> OverlayedChanges::child_exists(ByteSpan child, ByteSpan key) {
  return contains(find_child(child), child, key);
}

Result<std::optional<Bytes>, StorageError> OverlayedChanges::child_next_key(ByteSpan child,
                                                                            ByteSpan key) {
  return next(find_child(child), child, key);
}

// ---------------------------------------------------------------------------------------------
// Writes

void OverlayedChanges::note_write(ChildKey child, ByteSpan key) {
  root_cache_.reset();
  if (!child) {
    if (main_trie_) main_trie_->touch(key);
    return;
  }
  auto it = child_tries_.find(*child);
  if (it != child_tries_.end()) it->second.touch(key);
}

void OverlayedChanges::note_prefix_cleared(const ChangeSet& changes, ChildKey child,
                                           ByteSpan prefix) {
  root_cache_.reset();
  bool tracked = child ? child_tries_.contains(*child) : main_trie_.has_value();
  if (!tracked) return;
  for (ChangeSet::Cursor c = changes.from(prefix); !c.at_end(); c.next()) {
    if (!has_prefix(c.key(), prefix)) break;
    note_write(child, c.key());
  }
}

bool OverlayedChanges::set(ByteSpan key, ByteSpan value) {
  if (is_child_storage_key(key)) return false;
  main_.set_copy(key, value);
  note_write(std::nullopt, key);
  return true;
}

bool OverlayedChanges::clear(ByteSpan key) {
  if (is_child_storage_key(key)) return false;
  main_.set(key, std::nullopt);
  note_write(std::nullopt, key);
  return true;
}

Result<void, StorageError> OverlayedChanges::append(ByteSpan key, ByteSpan item) {
  std::optional<Bytes> base;
  if (main_.find(key) == nullptr) {
    CANARY_TRY_ASSIGN(auto stored, backend_.get(std::nullopt, key));
    base = std::move(stored);
  }
  main_.append(key, item, std::move(base));
  note_write(std::nullopt, key);
  return {};
}

void OverlayedChanges::child_set(ByteSpan child, ByteSpan key, ByteSpan value) {
  child_changes(child).set_copy(key, value);
  note_write(child, key);
}

void OverlayedChanges::child_clear(ByteSpan child, ByteSpan key) {
  child_changes(child).set(key, std::nullopt);
  note_write(child, key);
}

Result<RemovalResult, StorageError> OverlayedChanges::remove(ChangeSet& changes, ChildKey child,
                                                             ByteSpan prefix,
                                                             std::optional<uint32_t> limit,
                                                             ByteSpan cursor) {
  RemovalResult result;
  uint32_t from_overlay = changes.clear_prefix(prefix);
  note_prefix_cleared(changes, child, prefix);
  // The backend's keys with the prefix, from the cursor on: the first is the larger of the two.
  ByteSpan start = is_less(prefix, cursor) ? cursor : prefix;
  std::optional<Bytes> key;
  CANARY_TRY_ASSIGN(auto start_exists, backend_.exists(child, start));
  if (start_exists) {
    key = to_vec(start);
  } else {
    CANARY_TRY_ASSIGN(auto first, backend_.next_key(child, start));
    key = std::move(first);
  }
  while (key && has_prefix(*key, prefix)) {
    if (limit && result.loops == *limit) {
      result.cursor = std::move(key);
      break;
    }
    // The overlay's deletions of backend keys are the only entries clear_prefix() left alone:
    // a key written with a value was deleted above, and is deleted in the overlay now.
    const std::optional<Bytes>* written = changes.find(*key);
    if (written == nullptr || written->has_value()) {
      changes.set(*key, std::nullopt);
      note_write(child, *key);
      ++result.backend;
    }
    ++result.loops;
    CANARY_TRY_ASSIGN(auto following, backend_.next_key(child, *key));
    key = std::move(following);
  }
  result.unique = from_overlay + result.backend;
  return result;
}

Result<RemovalResult, StorageError> OverlayedChanges::clear_prefix(ByteSpan prefix,
                                                                   std::optional<uint32_t> limit,
                                                                   ByteSpan cursor) {
  if (prefix_reaches_child_storage(prefix)) return RemovalResult{};
  return remove(main_, std::nullopt, prefix, limit, cursor);
}

Result<RemovalResult, StorageError> OverlayedChanges::child_clear_prefix(
    ByteSpan child, ByteSpan prefix, std::optional<uint32_t> limit, ByteSpan cursor) {
  return remove(child_changes(child), child, prefix, limit, cursor);
}

Result<RemovalResult, StorageError> OverlayedChanges::kill_child(ByteSpan child,
                                                                 std::optional<uint32_t> limit,
                                                                 ByteSpan cursor) {
  return remove(child_changes(child), child, {}, limit, cursor);
}

// ---------------------------------------------------------------------------------------------
// Transactions

void OverlayedChanges::start_transaction() {
  main_.start_transaction();
  for (auto& [child, changes] : children_) changes.start_transaction();
}

Result<void, TransactionError> OverlayedChanges::commit_transaction() {
  if (main_.depth() == 0) return unexpected(TransactionError::kNoOpenTransaction);
  // Values do not change: cached roots and working tries stay valid.
  main_.commit_transaction();
  for (auto& [child, changes] : children_) changes.commit_transaction();
  return {};
}

Result<void, TransactionError> OverlayedChanges::rollback_transaction() {
  if (main_.depth() == 0) return unexpected(TransactionError::kNoOpenTransaction);
  root_cache_.reset();
  std::vector<Bytes> changed;
  std::vector<Bytes> dropped;
  main_.rollback_transaction(&changed, &dropped);
  if (main_trie_) {
    for (const Bytes& key : changed) main_trie_->touch(key);
    if (!dropped.empty()) main_trie_->restart();
  }
  for (auto it = children_.begin(); it != children_.end();) {
    changed.clear();
    dropped.clear();
    it->second.rollback_transaction(&changed, &dropped);
    auto working = child_tries_.find(it->first);
    if (working != child_tries_.end()) {
      for (const Bytes& key : changed) working->second.touch(key);
      if (!dropped.empty()) working->second.restart();
    }
    // A child trie without changes is the backend's again (mod.rs `rollback_transaction` drops
    // it too); the main trie may hold a root computed for it.
    if (it->second.empty()) {
      if (working != child_tries_.end()) {
        child_tries_.erase(working);
        if (main_trie_) main_trie_->restart();
      }
      it = children_.erase(it);
    } else {
      ++it;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Roots

Result<WorkingTrie*, StorageError> OverlayedChanges::sync_child(const Bytes& child,
                                                                const ChangeSet& changes) {
  auto it = child_tries_.find(child);
  if (it == child_tries_.end()) {
    CANARY_TRY_ASSIGN(auto stored, backend_.get(std::nullopt, default_child_root_key(child)));
    Hash256 base = empty_trie_root(TrieHasher::kBlake2b256);
    if (stored) {
      std::optional<Hash256> root = child_root_from_value(*stored);
      if (!root) return unexpected(StorageError::kInvalidChildRoot);
      base = *root;
    }
    it = child_tries_.emplace(child, WorkingTrie(base, backend_.node_store())).first;
  }
  CANARY_TRY(it->second.sync(changes));
  return &it->second;
}

Result<Hash256, StorageError> OverlayedChanges::root(StateVersion version) {
  if (root_cache_ && root_cache_->version == version) return root_cache_->root;
  if (!main_trie_) main_trie_.emplace(backend_);
  CANARY_TRY(main_trie_->sync(main_));
  // Child roots go in after the main trie's own changes and win over them (trie_backend.rs
  // `full_storage_root` chains them after the delta).
  for (const auto& [child, changes] : children_) {
    CANARY_TRY_ASSIGN(auto working, sync_child(child, changes));
    Hash256 child_root = working->root_hash(version);
    std::optional<Bytes> entry;
    if (!working->empty()) entry = Bytes(child_root.begin(), child_root.end());
    CANARY_TRY(main_trie_->apply(default_child_root_key(child), entry));
  }
  Hash256 root = main_trie_->root_hash(version);
  root_cache_ = CachedRoot{version, root};
  return root;
}

Result<Hash256, StorageError> OverlayedChanges::child_root(ByteSpan child, StateVersion version) {
  Bytes key = default_child_root_key(child);
  auto it = children_.find(child);
  if (it == children_.end()) {
    // No changes: the root the main trie holds. Decoded as mod.rs `child_storage_root` does (a
    // 32-byte hash from the value's start; anything shorter is no root).
    CANARY_TRY_ASSIGN(auto stored, get(key));
    Hash256 root = empty_trie_root(TrieHasher::kBlake2b256);
    if (stored && stored->size() >= 32) std::copy_n(stored->begin(), 32, root.begin());
    return root;
  }
  CANARY_TRY_ASSIGN(auto working, sync_child(it->first, it->second));
  Hash256 root = working->root_hash(version);
  std::optional<Bytes> entry;
  if (!working->empty()) entry = Bytes(root.begin(), root.end());
  const std::optional<Bytes>* current = main_.find(key);
  if (current == nullptr || *current != entry) {
    main_.set(key, std::move(entry));
    note_write(std::nullopt, key);
  }
  return root;
}

Result<Hash256, StorageError> OverlayedChanges::write_nodes(StateVersion version, NodeSink& sink) {
  CANARY_TRY_ASSIGN(auto root, this->root(version));
  for (auto& [child, working] : child_tries_) {
    working.write_nodes(working.root_hash(version), version, sink);
  }
  if (!main_trie_) contract_violation();  // root() created it
  main_trie_->write_nodes(root, version, sink);
  return root;
}

Result<void, StorageError> OverlayedChanges::for_each_change_impl(StateVersion version, ChangeFn fn,
                                                                  void* ctx) {
  CANARY_TRY(root(version));
  std::map<Bytes, std::optional<Bytes>, BytesLess> child_roots;
  for (const auto& [child, changes] : children_) {
    for (ChangeSet::Cursor c = changes.begin(); !c.at_end(); c.next()) {
      fn(ctx, ByteSpan(child), c.key(), c.value());
    }
    WorkingTrie& working = child_tries_.at(child);
    Hash256 child_root = working.root_hash(version);
    std::optional<Bytes> entry;
    if (!working.empty()) entry = Bytes(child_root.begin(), child_root.end());
    child_roots.emplace(default_child_root_key(child), std::move(entry));
  }
  // The main trie's changes merged with the child roots, which win on equal keys.
  auto r = child_roots.begin();
  for (ChangeSet::Cursor c = main_.begin(); !c.at_end(); c.next()) {
    for (; r != child_roots.end() && is_less(r->first, c.key()); ++r) {
      fn(ctx, std::nullopt, r->first, r->second);
    }
    if (r != child_roots.end() && same_bytes(r->first, c.key())) continue;
    fn(ctx, std::nullopt, c.key(), c.value());
  }
  for (; r != child_roots.end(); ++r) fn(ctx, std::nullopt, r->first, r->second);
  return {};
}

}  // namespace canary::state
