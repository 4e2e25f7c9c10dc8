// What root computations report about one block's state, kept for Database::commit: the nodes
// (and V1 values) hashed anew and the stored elements they replaced (NodeSink::removed), counted
// as a multiset, so that the commit takes the block's inserted and removed elements from here
// instead of diffing the parent state against the new one. Feed it the root computations of the
// main trie and of every child trie that changed, starting from tries opened at the parent state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>

#include "primitives/util/bytes.hpp"
#include "state/storage/node_cache.hpp"
#include "state/trie/node_store.hpp"

namespace canary::state {

class NodeChanges final : public NodeStore, public NodeSink {
 public:
  struct Entry {
    int64_t delta = 0;  // occurrences put minus occurrences removed
    SharedBytes data;   // set once put
  };

  // Defined here: see MemoryNodeStore.
  std::optional<Bytes> get(const Hash256& hash) const override {
    auto it = entries_.find(hash);
    if (it == entries_.end() || !it->second.data) return std::nullopt;
    return *it->second.data;
  }
  void put(const Hash256& hash, ByteSpan data) override {
    Entry& e = entries_[hash];
    ++e.delta;
    if (!e.data) e.data = std::make_shared<const Bytes>(data.begin(), data.end());
  }
  void removed(const Hash256& hash) override { --entries_[hash].delta; }
  void removals_unknown() override { complete_ = false; }

  // Whether every removal could be determined; if not, the commit diffs the states instead.
  bool complete() const { return complete_; }
  const std::unordered_map<Hash256, Entry, Hash256Hasher>& entries() const { return entries_; }
  void clear() {
    entries_.clear();
    complete_ = true;
  }

 private:
  std::unordered_map<Hash256, Entry, Hash256Hasher> entries_;
  bool complete_ = true;
};

}  // namespace canary::state
