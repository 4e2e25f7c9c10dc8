#include "state/overlay/trie_backend.hpp"

#include <algorithm>

#include "state/trie/child_trie.hpp"

namespace canary::state {

std::optional<Hash256> child_root_from_value(ByteSpan main_value) {
  if (main_value.size() != 32) return std::nullopt;
  Hash256 root;
  std::copy(main_value.begin(), main_value.end(), root.begin());
  return root;
}

Result<Trie*, StorageError> TrieBackend::trie(ChildKey child) {
  if (!child) return &main_;
  auto it = children_.find(*child);
  if (it != children_.end()) return &it->second;
  auto value = main_.get(default_child_root_key(*child));
  if (!value) return unexpected(storage_error_from(value.error()));
  Trie opened;
  if (const std::optional<Bytes>& stored = *value; stored) {
    std::optional<Hash256> root = child_root_from_value(*stored);
    if (!root) return unexpected(StorageError::kInvalidChildRoot);
    opened = Trie::open(*root, *store_);
  }
  auto [pos, inserted] = children_.emplace(Bytes(child->begin(), child->end()), std::move(opened));
  return &pos->second;
}

Result<std::optional<Bytes>, StorageError> TrieBackend::read(ChildKey child, ByteSpan key) {
  if (!child) {
    if (auto cached = values_.find(key); cached != values_.end()) return cached->second;
  }
  CANARY_TRY_ASSIGN(auto t, trie(child));
  auto value = t->get(key);
  if (!value) return unexpected(storage_error_from(value.error()));
  if (!child && (!*value || (*value)->size() <= kMaxCachedValue)) {
    values_.emplace(Bytes(key.begin(), key.end()), *value);
  }
  return std::move(*value);
}

Result<bool, StorageError> TrieBackend::contains(ChildKey child, ByteSpan key) {
  CANARY_TRY_ASSIGN(auto t, trie(child));
  auto found = t->contains(key);
  if (!found) return unexpected(storage_error_from(found.error()));
  return *found;
}

Result<std::optional<Bytes>, StorageError> TrieBackend::next(ChildKey child, ByteSpan key) {
  CANARY_TRY_ASSIGN(auto t, trie(child));
  auto found = t->next_key(key);
  if (!found) return unexpected(storage_error_from(found.error()));
  return std::move(*found);
}

}  // namespace canary::state
