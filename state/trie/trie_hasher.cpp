#include "state/trie/trie_hasher.hpp"

#include "primitives/hash/hash.hpp"

namespace canary::state {

Hash256 trie_hash(TrieHasher hasher, ByteSpan data) {
  return hasher == TrieHasher::kKeccak256 ? hash::keccak_256(data) : hash::blake2b_256(data);
}

Hash256 empty_trie_root(TrieHasher hasher) {
  static const uint8_t kEmptyNode[1] = {0x00};
  static const Hash256 kBlake2 = trie_hash(TrieHasher::kBlake2b256, kEmptyNode);
  static const Hash256 kKeccak = trie_hash(TrieHasher::kKeccak256, kEmptyNode);
  return hasher == TrieHasher::kKeccak256 ? kKeccak : kBlake2;
}

}  // namespace canary::state
