#include "state/chain_spec/genesis_state.hpp"

#include <utility>
#include <vector>

#include "state/trie/child_trie.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::state {

namespace {

std::vector<KeyValue> as_entries(const std::map<Bytes, Bytes>& map) {
  std::vector<KeyValue> entries;
  entries.reserve(map.size());
  for (const auto& [key, value] : map) entries.push_back({key, value});
  return entries;
}

}  // namespace

Hash256 genesis_state_root(const ChainSpec& spec, StateVersion version) {
  std::map<Bytes, Bytes> top = spec.top;
  for (const auto& [child_key, child] : spec.children_default) {
    if (child.empty()) continue;  // an empty child trie has no root entry
    auto entries = as_entries(child);
    Hash256 root = trie_root(entries, version);
    top.insert_or_assign(default_child_root_key(child_key), Bytes(root.begin(), root.end()));
  }
  auto entries = as_entries(top);
  return trie_root(entries, version);
}

Hash256 write_raw_state(const std::map<Bytes, Bytes>& top,
                        const std::map<Bytes, std::map<Bytes, Bytes>>& children,
                        StateVersion version, NodeSink& sink) {
  Trie main;
  for (const auto& [key, value] : top) (void)main.insert(key, value);
  for (const auto& [child_key, child] : children) {
    if (child.empty()) continue;
    Trie trie;
    for (const auto& [key, value] : child) (void)trie.insert(key, value);
    const Hash256 root = trie.root_hash(version, &sink);
    (void)main.insert(default_child_root_key(child_key), Bytes(root.begin(), root.end()));
  }
  return main.root_hash(version, &sink);
}

}  // namespace canary::state
