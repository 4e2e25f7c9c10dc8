// The node's embedded database (RocksDB, one column family per kind of data; see README.md for
// the layout): block headers, bodies and justifications by hash, the number → hash index of the
// canonical chain, the trie nodes of the states (by hash, with reference counts when pruning),
// and the metadata that ties it together (genesis hash, best and finalized blocks, schema
// version, pruning mode).
//
// Consistency: every change that belongs together is one WriteBatch (a block with its state
// nodes, its journal and the index updates; finality with the forks it discards and the states it
// prunes), and RocksDB applies a batch entirely or not at all, also across column families. The
// write-ahead log is always on: a batch is appended to it before Write() returns, so a killed
// process (kill -9) loses nothing that was acknowledged. `sync` additionally waits for
// fdatasync, which is what survives a power loss or kernel crash; without it the last batches may
// be lost on such a crash, but recovery still stops at a batch boundary (point-in-time recovery),
// so the database reopens consistent, at an earlier best block. The default syncs the writes that
// finalize, because finality must never go backwards once other nodes may have seen it.
//
// Reads go through two shared caches (NodeCache, ValueCache; see README.md for why not a flat
// latest-state table).
//
// Threads: writes (commit, set_best, finalize) are serialized inside; reads may run concurrently
// with them and with each other. A reader of a state that is being pruned at that very moment may
// see kStateUnavailable / a missing node (there is no pinning yet).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/storage/block_commit.hpp"
#include "state/storage/block_ref.hpp"
#include "state/storage/database_error.hpp"
#include "state/storage/node_cache.hpp"
#include "state/storage/pruning_mode.hpp"
#include "state/storage/value_cache.hpp"
#include "state/trie/node_store.hpp"

namespace canary::state {

// The layout version this code reads and writes; a database with another is refused.
// 2: the `aux` column.
inline constexpr uint32_t kDatabaseSchemaVersion = 2;

enum class SyncPolicy : uint8_t {
  kEveryWrite,  // fdatasync every batch
  kOnFinality,  // fdatasync the batches that move finality (and the genesis)
  kNever,       // tests and benchmarks: survive kill -9, not power loss
};

struct DatabaseOptions {
  bool create_if_missing = true;
  // Refuse a database whose genesis hash differs (a database of another chain).
  std::optional<block::BlockHash> expected_genesis;
  PruningMode pruning = PruningMode::keep_last(256);
  SyncPolicy sync = SyncPolicy::kOnFinality;
  // Caches in front of RocksDB: trie nodes (NodeCache) and point-read results (ValueCache; 0
  // turns it off), together the node's trie cache (`--trie-cache-size`, set_trie_cache_bytes).
  size_t node_cache_bytes = size_t{256} << 20;
  size_t value_cache_bytes = size_t{64} << 20;
  // RocksDB's memory (`--db-cache`, Substrate's "limit the memory the database cache can use"):
  // its block cache, into which the memtables are charged too (flushed beyond a quarter of it, or
  // 32 MiB for a cache under 128 MiB), so that the two together stay within this budget instead
  // of the memtables growing per column family beside the cache. The nodes column's table files
  // are read through memory maps: the kernel's page cache, not this one, keeps their blocks.
  size_t db_cache_bytes = size_t{256} << 20;

  // Splits a trie cache budget as the defaults do: four fifths for nodes, one for values.
  void set_trie_cache_bytes(size_t bytes) {
    value_cache_bytes = bytes / 5;
    node_cache_bytes = bytes - value_cache_bytes;
  }
  size_t trie_cache_bytes() const { return node_cache_bytes + value_cache_bytes; }
};

class DatabaseNodeStore;

class Database {
 public:
  using BlockHash = block::BlockHash;
  using BlockNumber = block::BlockNumber;

  static Result<std::unique_ptr<Database>, DatabaseError> open(const std::string& path,
                                                               const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // --- Chain ---
  // Empty until the genesis block is committed.
  std::optional<BlockHash> genesis_hash() const;
  std::optional<BlockRef> best() const;
  std::optional<BlockRef> finalized() const;
  PruningMode pruning() const;
  // The lowest canonical block whose state is still kept (0 for archive).
  BlockNumber oldest_state() const;

  Result<std::optional<block::Header>, DatabaseError> header(const BlockHash& hash) const;
  Result<std::optional<Bytes>, DatabaseError> body(const BlockHash& hash) const;
  Result<std::optional<Bytes>, DatabaseError> justification(const BlockHash& hash) const;
  // The canonical (best chain) block at `number`.
  Result<std::optional<BlockHash>, DatabaseError> hash_at(BlockNumber number) const;
  // Blocks above the finalized one (every fork), by number.
  Result<std::vector<BlockRef>, DatabaseError> unfinalized_blocks() const;
  // Whether the state of the block can be read (the block is known and its state not pruned).
  Result<bool, DatabaseError> has_state(const BlockHash& hash) const;

  // Imports a block; see BlockCommit. The first block must be the genesis block (number 0),
  // which becomes best and finalized. Fails without writing anything.
  Result<void, DatabaseError> commit(const BlockCommit& commit);
  // Makes a block that is the finalized block or descends from it the best block.
  Result<void, DatabaseError> set_best(const BlockHash& hash);
  // Finalizes a descendant of the finalized block (or the best block is moved onto it when it
  // is not on the best chain), discards the forks that no longer descend from the finalized
  // block, and prunes the states that fall out of the window. A repeated finalization of a
  // finalized block only stores the justification.
  Result<void, DatabaseError> finalize(const BlockHash& hash,
                                       const std::optional<Bytes>& justification = std::nullopt);

  // --- A large genesis state, written in parts (the block-import benchmark's millions of
  // accounts) ---
  // Before the genesis block is committed: applies one part of the genesis state, the nodes a
  // root computation put and the stored ones it replaced (`changes`, from a Trie opened over
  // node_store() at the previous part's root; it must be complete). Each call is one batch, so
  // memory stays bounded by a part. The genesis block then commits to the last part's root with
  // an empty, complete NodeChanges as BlockCommit::changes (nothing more to write). Pruning mode
  // keeps exact reference counts, so replaced nodes are deleted; an archive keeps them.
  Result<void, DatabaseError> write_genesis_state(const NodeChanges& changes);
  // A consistent copy of the database in `dir` (RocksDB's checkpoint: the table files are hard
  // links), which another Database can open: one state built once, imported twice.
  Result<void, DatabaseError> checkpoint(const std::string& dir) const;

  // --- Auxiliary data (consensus engines' own records; sc-client-api `AuxStore`) ---
  Result<std::optional<Bytes>, DatabaseError> aux(ByteSpan key) const;
  // Every record whose key starts with `prefix`, in key order (a subsystem's records under its
  // own prefix, e.g. the parachain availability store's, read back when the node starts).
  Result<std::vector<std::pair<Bytes, Bytes>>, DatabaseError> aux_with_prefix(
      ByteSpan prefix) const;
  // Writes and deletes (value nullopt) in one batch. BlockCommit::aux writes with a block.
  Result<void, DatabaseError> write_aux(const std::vector<AuxWrite>& writes);

  // --- Offchain storage (sc-client-db offchain.rs `LocalStorage`: the `offchain` column, keys
  // prefixed by the caller, e.g. sp-offchain's b"storage" for PERSISTENT local storage) ---
  Result<std::optional<Bytes>, DatabaseError> offchain(ByteSpan key) const;
  // Writes and deletes (value nullopt) in one batch, as write_aux.
  Result<void, DatabaseError> write_offchain(const std::vector<AuxWrite>& writes);

  // --- State ---
  // Trie nodes and V1 values by hash, through the cache: Trie::open(root, db.node_store()).
  const NodeStore& node_store() const;
  // The value under `key` in the state with root `state_root` (main trie): a point read that
  // walks the cached nodes in place, without building a Trie or copying nodes, and remembers
  // the answer in the value cache.
  Result<std::optional<Bytes>, DatabaseError> storage(const Hash256& state_root,
                                                      ByteSpan key) const;
  // A node or value by hash (shared with the cache), or null.
  Result<SharedBytes, DatabaseError> load_node(const Hash256& hash) const;

  // --- Diagnostics (tests, tools) ---
  const NodeCache& node_cache() const;
  const ValueCache& value_cache() const;
  // RocksDB's memory now, within DatabaseOptions::db_cache_bytes: the block cache's usage, which
  // includes the memtables' charge, and the memtables' part of it.
  struct RocksDbMemory {
    size_t cache_bytes = 0;
    size_t memtable_bytes = 0;
  };
  RocksDbMemory rocksdb_memory() const;
  // The trie node reads that went to RocksDB (the node cache's misses) since the database was
  // opened, and the time they took: what a cold read costs as the database grows (issue 23's
  // sustained import).
  struct NodeReads {
    uint64_t count = 0;
    uint64_t nanoseconds = 0;
  };
  NodeReads node_reads() const;
  // The files of the nodes column's level 0 now: a read searches each of them (the levels below
  // hold disjoint ranges: one file each), so level 0 growing is compaction falling behind.
  uint64_t node_level0_files() const;
  // Every stored node hash; walks the whole column.
  Result<std::vector<Hash256>, DatabaseError> node_hashes() const;
  // The reference count of a node (pruning mode), 0 if it is not stored.
  Result<uint32_t, DatabaseError> node_refcount(const Hash256& hash) const;
  // Makes RocksDB write its memtables to files (tests of recovery; benchmarks).
  Result<void, DatabaseError> flush();

  struct Impl;

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The database's nodes as a NodeStore. Defined here with its virtual function inline: this
// library is built without RTTI, and tests built with RTTI (and UBSan's vptr check) need the
// type_info that only an inline key function gives them (see state/trie/node_store.hpp).
class DatabaseNodeStore final : public NodeStore {
 public:
  explicit DatabaseNodeStore(const Database& db) : db_(db) {}
  std::optional<Bytes> get(const Hash256& hash) const override {
    auto data = db_.load_node(hash);
    if (!data || !*data) return std::nullopt;
    return **data;
  }
  // load_node() checks what it reads from disk, and its cache holds only that and the nodes of
  // our own commits (keyed by the hash the commit computed).
  bool verified() const override { return true; }

 private:
  const Database& db_;
};

}  // namespace canary::state
