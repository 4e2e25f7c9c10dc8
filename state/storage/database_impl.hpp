// Internal to state/storage: what database.cpp (opening, reads) and database_write.cpp (the
// write transactions) share. Not part of the public interface; only these files include RocksDB.
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/slice.h>
#include <rocksdb/status.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/util/thread_annotations.hpp"
#include "state/storage/columns.hpp"
#include "state/storage/database.hpp"

namespace canary::state {

struct ChainMeta {
  std::optional<block::BlockHash> genesis;
  BlockRef best;       // valid when genesis is set
  BlockRef finalized;  // valid when genesis is set
  block::BlockNumber oldest_state = 0;
  PruningMode pruning;
};

inline rocksdb::Slice slice(ByteSpan b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline rocksdb::Slice slice(std::string_view s) {
  return {s.data(), s.size()};
}
inline ByteSpan span(const rocksdb::Slice& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

DatabaseError status_error(const rocksdb::Status& status, std::string_view what);
DatabaseError corrupt(std::string detail);
std::string hex_of(ByteSpan data);

// The write batch of the database's transactions (one at a time, under write_mutex), kept from
// one to the next with its memory: a full block's batch holds megabytes of new trie nodes, and a
// batch allocated afresh for each block touched as many fresh pages, whose faults cost ~2 % of
// a block import at 1,000,000 accounts.
struct ReusedBatch {
  // A batch that grew beyond this gives its memory back after its write (a genesis or a long
  // sync step may write hundreds of megabytes at once).
  static constexpr size_t kMaxKeptBytes = size_t{64} << 20;
  rocksdb::WriteBatch batch;
  size_t capacity = 0;  // a lower bound of the batch's allocated bytes
};

struct Database::Impl {
  std::string path;
  DatabaseOptions options;
  rocksdb::DB* db = nullptr;
  std::shared_ptr<rocksdb::Cache> block_cache;  // also charged with the memtables
  std::shared_ptr<rocksdb::WriteBufferManager> memtables;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // by Column
  mutable NodeCache cache;                            // filled by readers too
  mutable ValueCache values;
  std::optional<DatabaseNodeStore> store;
  // Database::node_reads.
  mutable std::atomic<uint64_t> node_reads{0};
  mutable std::atomic<uint64_t> node_read_nanoseconds{0};

  mutable Mutex meta_mutex;
  ChainMeta meta GUARDED_BY(meta_mutex);
  Mutex write_mutex;  // one writer at a time
  ReusedBatch write_batch GUARDED_BY(write_mutex);

  Impl(size_t node_cache_bytes, size_t value_cache_bytes)
      : cache(node_cache_bytes), values(value_cache_bytes) {}
  ~Impl();

  rocksdb::ColumnFamilyHandle* cf(Column c) const { return handles[static_cast<size_t>(c)]; }
  // For Database::open only, before the object is shared with any other thread.
  ChainMeta& meta_before_shared() NO_THREAD_SAFETY_ANALYSIS { return meta; }
  ChainMeta meta_snapshot() const {
    MutexLock lock(meta_mutex);
    return meta;
  }

  // A value, or nullopt when the key is absent.
  Result<std::optional<Bytes>, DatabaseError> get(Column c, ByteSpan key) const;
  Result<std::optional<block::Header>, DatabaseError> read_header(const block::BlockHash& h) const;
  Result<std::optional<block::BlockHash>, DatabaseError> read_canonical(block::BlockNumber n) const;
  Result<bool, DatabaseError> in_tree(const BlockRef& block) const;
  Result<std::vector<BlockRef>, DatabaseError> read_tree() const;
  Result<std::optional<std::vector<Hash256>>, DatabaseError> read_journal(
      const block::BlockHash& block, uint8_t kind) const;
  Result<SharedBytes, DatabaseError> load_node(const Hash256& hash) const;
};

}  // namespace canary::state
