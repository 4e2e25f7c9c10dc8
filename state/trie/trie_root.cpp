#include "state/trie/trie_root.hpp"

#include "primitives/scale/compact.hpp"
#include "primitives/scale/encoder.hpp"
#include "state/trie/trie.hpp"

namespace canary::state {

namespace {

// A trie built in memory has no store to miss: its operations cannot fail.
void must(const Result<void, TrieError>& r) {
  if (!r) contract_violation();
}

}  // namespace

Hash256 trie_root(std::span<const KeyValue> entries, StateVersion version, TrieHasher hasher) {
  Trie trie(hasher);
  trie.reserve(entries.size());
  for (const KeyValue& e : entries) must(trie.insert(e.key, e.value));
  return trie.root_hash(version);
}

Hash256 trie_root(std::span<const std::pair<Bytes, Bytes>> entries, StateVersion version,
                  TrieHasher hasher) {
  Trie trie(hasher);
  trie.reserve(entries.size());
  for (const auto& [key, value] : entries) must(trie.insert(key, value));
  return trie.root_hash(version);
}

Hash256 ordered_trie_root(std::span<const ByteSpan> values, StateVersion version,
                          TrieHasher hasher) {
  Trie trie(hasher);
  trie.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    scale::Encoder key;
    scale::encode_compact(key, i);
    must(trie.insert(key.bytes(), values[i]));
  }
  return trie.root_hash(version);
}

Hash256 ordered_trie_root(std::span<const Bytes> values, StateVersion version, TrieHasher hasher) {
  std::vector<ByteSpan> views(values.begin(), values.end());
  return ordered_trie_root(std::span<const ByteSpan>(views), version, hasher);
}

}  // namespace canary::state
