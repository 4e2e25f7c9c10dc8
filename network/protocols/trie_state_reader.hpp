// StateReader over the tries of one state on a node store: the main trie opened at its root, the
// default child tries at the roots it holds, all loaded lazily from the store. With recording,
// every node and value the walk loads goes through a state::RecordingNodeStore, and
// compact_proof() is its storage proof in sp_trie's compact form.
//
// Header-only on purpose, like chain_block_source.hpp: canary_network stays free of the state
// library (and its database); the node, the tests and the fuzz targets that include this link
// canary_state.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "network/protocols/state_source.hpp"
#include "primitives/scale/scale.hpp"
#include "state/trie/compact_storage_proof.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/recording_node_store.hpp"
#include "state/trie/trie.hpp"

namespace canary::network {

class TrieStateReader final : public StateReader {
 public:
  // `store` must outlive the reader.
  TrieStateReader(const Hash256& root, const state::NodeStore& store, bool record)
      : root_(root),
        recorder_(store),
        store_(record ? static_cast<const state::NodeStore&>(recorder_) : store),
        record_(record),
        main_(state::Trie::open(root, store_)) {}
  TrieStateReader(const TrieStateReader&) = delete;
  TrieStateReader& operator=(const TrieStateReader&) = delete;

  Result<std::optional<Bytes>, StateSourceError> next_key(std::optional<ByteSpan> child,
                                                          ByteSpan after) override {
    auto t = trie(child);
    if (!t) return unexpected(std::move(t).error());
    auto next = (*t)->next_key(after);
    if (!next) return unexpected(StateSourceError{state::to_string(next.error())});
    return std::move(*next);
  }

  Result<std::optional<Bytes>, StateSourceError> get(std::optional<ByteSpan> child,
                                                     ByteSpan key) override {
    auto t = trie(child);
    if (!t) return unexpected(std::move(t).error());
    auto value = (*t)->get(key);
    if (!value) return unexpected(StateSourceError{state::to_string(value.error())});
    return std::move(*value);
  }

  size_t proof_size() const override { return record_ ? recorder_.encoded_size() : 0; }

  Result<Bytes, StateSourceError> compact_proof() const override {
    auto entries = state::encode_compact_storage_proof(root_, recorder_.recorded());
    if (!entries) return unexpected(StateSourceError{state::to_string(entries.error())});
    return scale::encode(*entries);
  }

 private:
  // The child trie under the prefixed key `child`, opened on first use; one that does not exist
  // reads as empty.
  Result<state::Trie*, StateSourceError> trie(std::optional<ByteSpan> child) {
    if (!child) return &main_;
    Bytes key(child->begin(), child->end());
    auto it = children_.find(key);
    if (it != children_.end()) return &it->second;
    auto stored = main_.get(key);
    if (!stored) return unexpected(StateSourceError{state::to_string(stored.error())});
    state::Trie opened;
    if (const std::optional<Bytes>& value = *stored) {
      if (value->size() != 32) {
        return unexpected(StateSourceError{"a child trie key that holds no 32-byte root"});
      }
      Hash256 root;
      std::copy(value->begin(), value->end(), root.begin());
      opened = state::Trie::open(root, store_);
    }
    return &children_.emplace(std::move(key), std::move(opened)).first->second;
  }

  Hash256 root_;
  state::RecordingNodeStore recorder_;
  const state::NodeStore& store_;
  bool record_;
  state::Trie main_;
  std::map<Bytes, state::Trie> children_;
};

}  // namespace canary::network
