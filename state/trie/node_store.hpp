// Where a lazily loaded trie finds the nodes it has not loaded yet: encoded nodes (and V1 hashed
// values) addressed by their hash, as Substrate's HashDB. The database backend implements this;
// MemoryNodeStore serves tests and storage proofs.
#pragma once

#include <cstring>
#include <optional>
#include <unordered_map>

#include "primitives/util/bytes.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

class NodeStore {
 public:
  virtual ~NodeStore() = default;
  // The bytes stored under `hash` (an encoded node or a hashed value), if any.
  virtual std::optional<Bytes> get(const Hash256& hash) const = 0;
  // Whether everything get() returns is known to match its BLAKE2b-256 hash, because the store
  // checked it on the way in: a BLAKE2b trie reading from it need not hash it again (for a
  // runtime's `:code`, hundreds of KiB at every block). Stores that cannot promise it (proofs,
  // test doubles) keep the default, and a trie checks what they return.
  virtual bool verified() const { return false; }
};

// Receives what a root computation hashed anew (node encodings of 32 bytes or more, the root, V1
// values), keyed by hash: what a database must write so that the new root can be loaded back.
//
// It also hears of the stored elements the computation replaced: removed(hash) once per
// occurrence of a node (stored by hash) or V1 value that the state as of the previous root
// computation (or as opened) held and that the trie rewrote or dropped since. An element rewritten
// to identical bytes is both put and removed, so that, as multisets, new = old - removed + put.
// removals_unknown() says that part of a dropped subtree could not be read from the store, so the
// removals reported are incomplete.
class NodeSink {
 public:
  virtual ~NodeSink() = default;
  virtual void put(const Hash256& hash, ByteSpan data) = 0;
  virtual void removed(const Hash256& /*hash*/) {}
  virtual void removals_unknown() {}
};

struct Hash256Hasher {
  size_t operator()(const Hash256& h) const {
    size_t v;
    std::memcpy(&v, h.data(), sizeof v);  // already uniformly distributed
    return v;
  }
};

class MemoryNodeStore final : public NodeStore, public NodeSink {
 public:
  explicit MemoryNodeStore(TrieHasher hasher = TrieHasher::kBlake2b256) : hasher_(hasher) {}

  // The virtual functions are defined here, not in node_store.cpp: this library is built without
  // RTTI, and a class whose key function lives in such a file has no type_info for code built
  // with RTTI (tests, UBSan's vptr check) to link against.
  std::optional<Bytes> get(const Hash256& hash) const override {
    auto it = nodes_.find(hash);
    if (it == nodes_.end()) return std::nullopt;
    return it->second;
  }
  void put(const Hash256& hash, ByteSpan data) override { insert(hash, data); }

  // Stores `data` under its hash and returns the hash.
  Hash256 insert(ByteSpan data);
  void insert(const Hash256& hash, ByteSpan data);
  bool erase(const Hash256& hash) { return nodes_.erase(hash) != 0; }
  size_t size() const { return nodes_.size(); }
  TrieHasher hasher() const { return hasher_; }
  const std::unordered_map<Hash256, Bytes, Hash256Hasher>& nodes() const { return nodes_; }

 private:
  TrieHasher hasher_;
  std::unordered_map<Hash256, Bytes, Hash256Hasher> nodes_;
};

}  // namespace canary::state
