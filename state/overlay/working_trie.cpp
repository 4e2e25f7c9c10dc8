#include "state/overlay/working_trie.hpp"

#include <vector>

namespace canary::state {

namespace {

// Keeps what a root computation hashes anew. Defined here, used only by this library's code
// (which has no RTTI), unlike MemoryNodeStore.
class Collector final : public NodeSink {
 public:
  explicit Collector(std::unordered_map<Hash256, Bytes, Hash256Hasher>& nodes) : nodes_(nodes) {}
  void put(const Hash256& hash, ByteSpan data) override {
    nodes_.try_emplace(hash, data.begin(), data.end());
  }

 private:
  std::unordered_map<Hash256, Bytes, Hash256Hasher>& nodes_;
};

}  // namespace

WorkingTrie::WorkingTrie(const Hash256& base_root, const NodeStore& store)
    : base_root_(base_root), store_(&store) {}

WorkingTrie::WorkingTrie(StorageBackend& backend)
    : base_root_(backend.state_root()), store_(&backend.node_store()), loaded_from_(&backend) {}

void WorkingTrie::touch(ByteSpan key) {
  // Before the first sync every key gets applied anyway.
  if (restart_) return;
  pending_.emplace(key.begin(), key.end());
}

Result<void, StorageError> WorkingTrie::apply(ByteSpan key, const std::optional<Bytes>& value) {
  if (value) {
    auto r = trie_.insert(key, *value);
    if (!r) return unexpected(storage_error_from(r.error()));
  } else {
    auto r = trie_.remove(key);
    if (!r) return unexpected(storage_error_from(r.error()));
  }
  return {};
}

Result<void, StorageError> WorkingTrie::apply_all(const ChangeSet& changes) {
  std::optional<Trie> loaded;
  if (loaded_from_ != nullptr) loaded = loaded_from_->take_loaded_main_trie();
  trie_ = loaded ? std::move(*loaded) : Trie::open(base_root_, *store_);
  new_nodes_.clear();
  pending_.clear();
  for (ChangeSet::Cursor c = changes.begin(); !c.at_end(); c.next()) {
    auto r = apply(c.key(), c.value());
    if (!r) return r;
  }
  return {};
}

Result<void, StorageError> WorkingTrie::sync(const ChangeSet& changes) {
  Result<void, StorageError> r;
  if (restart_) {
    r = apply_all(changes);
  } else {
    for (const Bytes& key : pending_) {
      const std::optional<Bytes>* value = changes.find(key);
      // A forgotten key must have come with restart(); be safe if a caller forgot.
      if (value == nullptr) {
        r = apply_all(changes);
        break;
      }
      r = apply(key, *value);
      if (!r) break;
    }
  }
  pending_.clear();
  // A failed sync (a node the store lacks) leaves the trie half updated: start over next time.
  restart_ = !r;
  return r;
}

Hash256 WorkingTrie::root_hash(StateVersion version) {
  Collector collector(new_nodes_);
  return trie_.root_hash(version, &collector);
}

void WorkingTrie::write_nodes(const Hash256& root, StateVersion version, NodeSink& sink) {
  if (trie_.empty()) return;
  // A node that was not hashed anew is the backend's, and so is everything below it. The root
  // is looked up by its hash even when its encoding is shorter than one.
  std::vector<Trie::NodeId> stack{trie_.root_node()};
  bool is_root = true;
  while (!stack.empty()) {
    Trie::NodeId id = stack.back();
    stack.pop_back();
    if (!trie_.is_loaded(id)) continue;
    ByteSpan merkle = trie_.merkle_value(id);
    if (is_root || merkle.size() == 32) {
      Hash256 hash;
      if (is_root) {
        hash = root;
      } else {
        std::copy(merkle.begin(), merkle.end(), hash.begin());
      }
      auto found = new_nodes_.find(hash);
      if (found == new_nodes_.end()) continue;
      sink.put(hash, found->second);
    }
    is_root = false;
    if (trie_.has_value(id) && trie_.value_is_hashed(id, version)) {
      NodeView node = trie_.view(id, version);
      Hash256 value_hash;
      std::copy(node.value.begin(), node.value.end(), value_hash.begin());
      auto found = new_nodes_.find(value_hash);
      if (found != new_nodes_.end()) sink.put(value_hash, found->second);
    }
    for (size_t nibble = 0; nibble < kMaxChildren; ++nibble) {
      Trie::NodeId c = trie_.child(id, nibble);
      if (c != Trie::kNoNode) stack.push_back(c);
    }
  }
}

}  // namespace canary::state
