// Offchain local storage over the database's `offchain` column (sc-client-db offchain.rs
// `LocalStorage` wrapped by sp-core's `OffchainDb`): what offchain workers read and write through
// ext_offchain_local_storage_*, what the offchain_localStorage* RPCs serve, and where imported
// blocks' offchain index writes land. All three use one key layout, sp-offchain's STORAGE_PREFIX
// b"storage" before the key, so a value set by one is seen by the others, across restarts.
//
// Only the PERSISTENT kind exists, as in the reference: sp-core offchain/storage.rs answers every
// LOCAL call with `unavailable_yet` (an error log, then None / false / nothing written). Here LOCAL
// reads give none, LOCAL writes are dropped and compare-and-set fails; `on_error` hears about it.
//
// Thread-safe: offchain workers run on their own threads beside the RPC. Writes (set, clear,
// compare_and_set) are serialized by one mutex, so a compare-and-set is atomic with respect to
// every write made through this object (the reference locks per key for compare-and-set only).
// Index writes go with their block's batch (BlockCommit::offchain), not through here.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executor/offchain/offchain_index.hpp"
#include "executor/offchain/offchain_storage.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "state/storage/block_commit.hpp"
#include "state/storage/database.hpp"

namespace canary::blockchain {

// sp-offchain STORAGE_PREFIX: the PERSISTENT kind's (and the offchain index's) prefix in the
// offchain column.
inline constexpr std::string_view kOffchainStoragePrefix = "storage";

// The key of a PERSISTENT value in the offchain column.
Bytes offchain_storage_key(ByteSpan key);

// A block's offchain index changes as the records BlockCommit::offchain writes (sp-state-machine
// OffchainOverlayedChanges keys them by (STORAGE_PREFIX, key); sc-client-db concatenates the two).
std::vector<state::AuxWrite> offchain_index_writes(
    const executor::offchain::OffchainIndexChanges::Changes& changes);

class DatabaseOffchainStorage final : public executor::offchain::OffchainStorage {
 public:
  // Told about every failed database access and every LOCAL call (the reference logs both).
  using ErrorSink = std::function<void(const std::string&)>;

  explicit DatabaseOffchainStorage(state::Database& db, ErrorSink on_error = nullptr)
      : db_(db), on_error_(std::move(on_error)) {}

  std::optional<Bytes> get(executor::offchain::StorageKind kind, ByteSpan key) override;
  void set(executor::offchain::StorageKind kind, ByteSpan key, ByteSpan value) override
      EXCLUDES(write_mutex_);
  void clear(executor::offchain::StorageKind kind, ByteSpan key) override EXCLUDES(write_mutex_);
  bool compare_and_set(executor::offchain::StorageKind kind, ByteSpan key,
                       std::optional<ByteSpan> old_value, ByteSpan new_value) override
      EXCLUDES(write_mutex_);

  // The PERSISTENT kind with the database's errors, for the RPC, which reports them.
  Result<std::optional<Bytes>, state::DatabaseError> read(ByteSpan key) const;
  // Value none: the key is removed.
  Result<void, state::DatabaseError> write(ByteSpan key, std::optional<ByteSpan> value)
      EXCLUDES(write_mutex_);

 private:
  bool persistent(executor::offchain::StorageKind kind, std::string_view operation);
  void report(const std::string& message);

  state::Database& db_;
  ErrorSink on_error_;
  Mutex write_mutex_;
};

}  // namespace canary::blockchain
