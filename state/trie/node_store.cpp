#include "state/trie/node_store.hpp"

namespace canary::state {

Hash256 MemoryNodeStore::insert(ByteSpan data) {
  Hash256 hash = trie_hash(hasher_, data);
  insert(hash, data);
  return hash;
}

void MemoryNodeStore::insert(const Hash256& hash, ByteSpan data) {
  nodes_.try_emplace(hash, data.begin(), data.end());
}

}  // namespace canary::state
