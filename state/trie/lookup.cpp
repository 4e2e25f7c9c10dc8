#include "state/trie/lookup.hpp"

#include "state/trie/nibbles.hpp"
#include "state/trie/node_codec.hpp"

namespace canary::state {

namespace {

Result<Bytes, TrieError> fetch(const NodeStore& store, const Hash256& hash, TrieHasher hasher,
                               TrieError missing) {
  std::optional<Bytes> bytes = store.get(hash);
  if (!bytes) return unexpected(missing);
  if (trie_hash(hasher, *bytes) != hash) return unexpected(TrieError::kHashMismatch);
  return std::move(*bytes);
}

}  // namespace

Result<std::optional<Bytes>, TrieError> lookup(const NodeStore& store, const Hash256& root,
                                               ByteSpan key, TrieHasher hasher) {
  // The empty trie is known without reading anything (Substrate's MemoryDB answers the null
  // node's hash by itself as well).
  if (root == empty_trie_root(hasher)) return std::optional<Bytes>{};
  CANARY_TRY_ASSIGN(auto first, fetch(store, root, hasher, TrieError::kMissingNode));
  Bytes current = std::move(first);
  ByteSpan node_bytes = current;
  NibbleView k = NibbleView::of_bytes(key);
  size_t depth = 0;
  while (true) {
    auto node = decode_node(node_bytes);
    if (!node || node->is_empty) return unexpected(TrieError::kInvalidNode);
    NibbleView p = node->partial;
    if (k.size() - depth < p.size() || common_prefix_length(p, k.substr(depth)) != p.size()) {
      return std::optional<Bytes>{};
    }
    depth += p.size();
    if (depth == k.size()) {
      if (node->value_kind == ValueKind::kNone) return std::optional<Bytes>{};
      if (node->value_kind == ValueKind::kInline) {
        return std::optional<Bytes>(Bytes(node->value.begin(), node->value.end()));
      }
      Hash256 value_hash;
      std::copy(node->value.begin(), node->value.end(), value_hash.begin());
      CANARY_TRY_ASSIGN(auto value, fetch(store, value_hash, hasher, TrieError::kMissingValue));
      return std::optional<Bytes>(std::move(value));
    }
    uint8_t nibble = k[depth++];
    if (!node->is_branch || !node->has_child(nibble)) return std::optional<Bytes>{};
    ByteSpan ref = node->children[nibble];
    if (ref.size() < 32) {
      node_bytes = ref;  // an inline node inside `current`
      continue;
    }
    Hash256 child_hash;
    std::copy(ref.begin(), ref.end(), child_hash.begin());
    CANARY_TRY_ASSIGN(auto next, fetch(store, child_hash, hasher, TrieError::kMissingNode));
    current = std::move(next);
    node_bytes = current;
  }
}

}  // namespace canary::state
