// Offchain local storage in memory: both kinds as separate namespaces, thread-safe. The node's
// database-backed store is blockchain/database_offchain_storage.hpp (PERSISTENT only, as the
// reference); this one serves tests and tools without persistence.
#pragma once

#include <map>

#include "executor/offchain/offchain_index.hpp"
#include "executor/offchain/offchain_storage.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "state/overlay/byte_keys.hpp"

namespace canary::executor::offchain {

class MemoryOffchainStorage final : public OffchainStorage {
 public:
  // Whether the LOCAL kind is kept in a namespace of its own (the host functions' tests), or is
  // unavailable as on a node (blockchain/database_offchain_storage.hpp, and the reference): reads
  // give none, writes are dropped, compare-and-set fails. What runs a runtime's offchain workers
  // as a node does (the scenario drivers, `canary benchmark election`) takes kUnavailable, so that
  // a runtime that asks for LOCAL fails there as it would on a node.
  enum class Local : uint8_t { kKept, kUnavailable };
  explicit MemoryOffchainStorage(Local local = Local::kKept) : local_kind_(local) {}

  std::optional<Bytes> get(StorageKind kind, ByteSpan key) override EXCLUDES(mutex_);
  void set(StorageKind kind, ByteSpan key, ByteSpan value) override EXCLUDES(mutex_);
  void clear(StorageKind kind, ByteSpan key) override EXCLUDES(mutex_);
  bool compare_and_set(StorageKind kind, ByteSpan key, std::optional<ByteSpan> old_value,
                       ByteSpan new_value) override EXCLUDES(mutex_);

  // Writes an imported block's offchain index changes into PERSISTENT storage, where offchain
  // workers read them (the reference writes them under the same prefix as PERSISTENT values).
  void apply_index(const OffchainIndexChanges::Changes& changes) EXCLUDES(mutex_);

 private:
  using Map = std::map<Bytes, Bytes, state::BytesLess>;
  Map& map(StorageKind kind) REQUIRES(mutex_) {
    return kind == StorageKind::kPersistent ? persistent_ : local_;
  }

  bool unavailable(StorageKind kind) const {
    return kind == StorageKind::kLocal && local_kind_ == Local::kUnavailable;
  }

  const Local local_kind_;
  Mutex mutex_;
  Map persistent_ GUARDED_BY(mutex_);
  Map local_ GUARDED_BY(mutex_);
};

}  // namespace canary::executor::offchain
