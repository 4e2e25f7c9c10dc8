// A StorageBackend over the tries of one state, opened at its root over a node store: nodes are
// loaded on first use and kept, so repeated reads of nearby keys do not go back to the store, and
// the values read from the main trie are kept too (the state never changes, and a block reads the
// keys it has not written yet many times: an account is read several times before its first
// write, a value the block never writes on every read).
// Used by tests, by proof-backed execution, and until the database offers a faster read path.
#pragma once

#include <map>
#include <optional>
#include <unordered_map>

#include "state/overlay/byte_keys.hpp"
#include "state/overlay/storage_backend.hpp"
#include "state/trie/trie.hpp"

namespace canary::state {

class TrieBackend final : public StorageBackend {
 public:
  // `store` must outlive the backend.
  //
  // The constructor and the overrides are defined here rather than in the .cpp file: this
  // library is built without RTTI (see node_store.hpp), and the vtable must come from the code
  // that creates the object, so that code built with RTTI (tests, UBSan's vptr check) finds the
  // class's type_info.
  TrieBackend(const Hash256& root, const NodeStore& store)
      : root_(root), store_(&store), main_(Trie::open(root, store)) {}

  Result<std::optional<Bytes>, StorageError> get(ChildKey child, ByteSpan key) override {
    return read(child, key);
  }
  Result<bool, StorageError> exists(ChildKey child, ByteSpan key) override {
    return contains(child, key);
  }
  Result<std::optional<Bytes>, StorageError> next_key(ChildKey child, ByteSpan key) override {
    return next(child, key);
  }
  Hash256 state_root() const override { return root_; }
  const NodeStore& node_store() const override { return *store_; }
  // Moves the trie out (no copy: a full block has loaded megabytes of it); reads after this
  // load their nodes again, and the values read so far stay cached.
  std::optional<Trie> take_loaded_main_trie() override {
    std::optional<Trie> loaded(std::move(main_));
    main_ = Trie::open(root_, *store_);
    return loaded;
  }

 private:
  Result<Trie*, StorageError> trie(ChildKey child);
  Result<std::optional<Bytes>, StorageError> read(ChildKey child, ByteSpan key);
  Result<bool, StorageError> contains(ChildKey child, ByteSpan key);
  Result<std::optional<Bytes>, StorageError> next(ChildKey child, ByteSpan key);

  Hash256 root_;
  const NodeStore* store_;
  Trie main_;
  // Opened on first use; a child trie that does not exist is an empty trie.
  std::map<Bytes, Trie, BytesLess> children_;
  // Main-trie values read so far (nullopt: absent), but none over kMaxCachedValue (:code).
  static constexpr size_t kMaxCachedValue = size_t{64} << 10;
  std::unordered_map<Bytes, std::optional<Bytes>, BytesHash, BytesEqual> values_;
};

// The root a default child trie has in `main_value` (the main trie's value under its key):
// std::nullopt if the value is no 32-byte hash.
std::optional<Hash256> child_root_from_value(ByteSpan main_value);

}  // namespace canary::state
