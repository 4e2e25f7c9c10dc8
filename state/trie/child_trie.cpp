#include "state/trie/child_trie.hpp"

#include <algorithm>

namespace canary::state {

Bytes default_child_root_key(ByteSpan child_key) {
  return concat(as_bytes(kDefaultChildStoragePrefix), child_key);
}

bool is_child_storage_key(ByteSpan key) {
  ByteSpan prefix = as_bytes(kChildStoragePrefix);
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

Result<Hash256, TrieError> store_child_root(Trie& main, ByteSpan child_key, Trie& child,
                                            StateVersion version) {
  Hash256 root = child.root_hash(version);
  Bytes key = default_child_root_key(child_key);
  if (child.empty()) {
    CANARY_TRY(main.remove(key));
    return root;
  }
  CANARY_TRY(main.insert(key, root));
  return root;
}

}  // namespace canary::state
