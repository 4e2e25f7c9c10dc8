// A NodeStore that remembers what was read through it: the storage proof of whatever a trie (or
// several: a state's main trie and its child tries) looked at, Substrate's proof recorder
// (sp_trie::recorder). A lazily loaded trie fetches every node and V1 value it walks through from
// its store the first time, so the set of elements fetched here is exactly what a verifier holding
// only the root needs to repeat the same reads: the light client's execution proofs, child read
// proofs and the state request's range proofs.
//
// Only reads that go through this store are recorded. A trie opened elsewhere (or a cache that
// answers reads without loading nodes, such as Database::storage's value cache) must not be used
// for the reads to prove. Not thread-safe: one proof is built by one thread.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "primitives/scale/compact.hpp"
#include "primitives/util/bytes.hpp"
#include "state/trie/node_store.hpp"

namespace canary::state {

class RecordingNodeStore final : public NodeStore {
 public:
  // `inner` must outlive this store.
  explicit RecordingNodeStore(const NodeStore& inner) : inner_(inner) {}

  // Inline for the same reason as MemoryNodeStore's (node_store.hpp): this library has no RTTI.
  std::optional<Bytes> get(const Hash256& hash) const override {
    std::optional<Bytes> found = inner_.get(hash);
    if (found && !recorded_.nodes().contains(hash)) {
      recorded_.insert(hash, *found);
      encoded_size_ += scale::compact_size(found->size()) + found->size();
    }
    return found;
  }

  // What was read, by hash.
  const MemoryNodeStore& recorded() const { return recorded_; }
  // The size of proof() SCALE-encoded (Vec<Vec<u8>>): Substrate's estimate_encoded_size, which
  // bounds range proofs.
  size_t encoded_size() const { return scale::compact_size(recorded_.size()) + encoded_size_; }
  // The elements read, once each, in byte order: the order of sp_trie::StorageProof (a BTreeSet),
  // so that our proofs encode as Substrate's do.
  std::vector<Bytes> proof() const {
    std::vector<Bytes> out;
    out.reserve(recorded_.size());
    for (const auto& [hash, bytes] : recorded_.nodes()) out.push_back(bytes);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  const NodeStore& inner_;
  mutable MemoryNodeStore recorded_;
  mutable size_t encoded_size_ = 0;
};

}  // namespace canary::state
