// Opening the database (layout checks, metadata) and every read. Writes: database_write.cpp.
#include "state/storage/database.hpp"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <filesystem>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/storage/database_impl.hpp"
#include "state/storage/records.hpp"
#include "state/trie/nibbles.hpp"
#include "state/trie/node_codec.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

// ---------------------------------------------------------------------------------------------
// Errors

std::string hex_of(ByteSpan data) {
  return to_hex(data);
}

DatabaseError corrupt(std::string detail) {
  return {DatabaseErrorKind::kCorrupt, std::move(detail)};
}

DatabaseError status_error(const rocksdb::Status& status, std::string_view what) {
  std::string text = status.ToString();
  std::string detail = std::string(what) + ": " + text;
  if (status.IsCorruption()) return {DatabaseErrorKind::kCorrupt, detail};
  if (status.IsIOError()) {
    // RocksDB reports both an flock() held by another process ("While lock file: ... Resource
    // temporarily unavailable") and one held by this process ("lock hold by current process")
    // as IOError; nothing but the message tells them from other I/O failures.
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.find("lock") != std::string::npos) return {DatabaseErrorKind::kLocked, detail};
    return {DatabaseErrorKind::kIo, detail};
  }
  // Opening with the wrong set of column families and similar layout problems.
  if (status.IsInvalidArgument() || status.IsNotSupported()) {
    return {DatabaseErrorKind::kCorrupt, detail};
  }
  return {DatabaseErrorKind::kIo, detail};
}

// ---------------------------------------------------------------------------------------------
// Impl

Database::Impl::~Impl() {
  if (db == nullptr) return;
  for (auto* h : handles) {
    if (h != nullptr) db->DestroyColumnFamilyHandle(h);
  }
  db->Close();
  delete db;
}

Result<std::optional<Bytes>, DatabaseError> Database::Impl::get(Column c, ByteSpan key) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf(c), slice(key), &value);
  if (s.IsNotFound()) return std::optional<Bytes>{};
  if (!s.ok())
    return unexpected(status_error(s, std::string("reading ") + std::string(column_name(c))));
  ByteSpan v = span(value);
  return std::optional<Bytes>(Bytes(v.begin(), v.end()));
}

Result<std::optional<block::Header>, DatabaseError> Database::Impl::read_header(
    const block::BlockHash& h) const {
  CANARY_TRY_ASSIGN(auto raw, get(Column::kHeaders, h));
  if (!raw) return std::optional<block::Header>{};
  auto header = scale::decode<block::Header>(*raw);
  if (!header) return unexpected(corrupt("header of " + hex_of(h) + " does not decode"));
  if (block::hash_of(*header) != h) {
    return unexpected(corrupt("header stored under " + hex_of(h) + " has another hash"));
  }
  return std::optional<block::Header>(std::move(*header));
}

Result<std::optional<block::BlockHash>, DatabaseError> Database::Impl::read_canonical(
    block::BlockNumber n) const {
  CANARY_TRY_ASSIGN(auto raw, get(Column::kCanonical, records::canonical_key(n)));
  if (!raw) return std::optional<block::BlockHash>{};
  auto h = records::decode_hash(*raw);
  if (!h)
    return unexpected(corrupt("canonical index entry " + std::to_string(n) + " is malformed"));
  return h;
}

Result<bool, DatabaseError> Database::Impl::in_tree(const BlockRef& block) const {
  CANARY_TRY_ASSIGN(auto raw, get(Column::kTree, records::tree_key(block)));
  return raw.has_value();
}

Result<std::vector<BlockRef>, DatabaseError> Database::Impl::read_tree() const {
  std::vector<BlockRef> out;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf(Column::kTree)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto ref = records::decode_tree_key(span(it->key()));
    if (!ref) return unexpected(corrupt("malformed key in the block tree index"));
    out.push_back(*ref);
  }
  if (!it->status().ok()) return unexpected(status_error(it->status(), "reading tree"));
  return out;
}

Result<std::optional<std::vector<Hash256>>, DatabaseError> Database::Impl::read_journal(
    const block::BlockHash& block, uint8_t kind) const {
  auto raw =
      get(Column::kJournal, records::journal_key(block, static_cast<records::JournalKind>(kind)));
  if (!raw) return unexpected(raw.error());
  if (!*raw) return std::optional<std::vector<Hash256>>{};
  auto list = records::decode_hash_list(**raw);
  if (!list) return unexpected(corrupt("pruning journal of " + hex_of(block) + " is malformed"));
  return std::move(list);
}

Result<SharedBytes, DatabaseError> Database::Impl::load_node(const Hash256& hash) const {
  if (SharedBytes hit = cache.get(hash)) return hit;
  // RocksDB's block checksums are not verified here: the node's own hash, checked below, already
  // proves the bytes, and the checksum of the whole block around them cost 7 % of a block
  // import's time at 1,000,000 accounts (the memory-mapped table files verify each block read).
  rocksdb::ReadOptions ro;
  ro.verify_checksums = false;
  rocksdb::PinnableSlice value;
  const auto start = std::chrono::steady_clock::now();
  rocksdb::Status s = db->Get(ro, cf(Column::kNodes), slice(hash), &value);
  node_read_nanoseconds.fetch_add(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count()),
      std::memory_order_relaxed);
  node_reads.fetch_add(1, std::memory_order_relaxed);
  if (s.IsNotFound()) return SharedBytes{};
  if (!s.ok()) return unexpected(status_error(s, "reading a trie node"));
  ByteSpan v = span(value);
  // Checked once here, so that every later read from the cache can trust the bytes (and a
  // damaged file is reported as such instead of as a wrong state).
  if (trie_hash(TrieHasher::kBlake2b256, v) != hash) {
    return unexpected(corrupt("trie node " + hex_of(hash) + " does not match its hash"));
  }
  auto data = std::make_shared<const Bytes>(v.begin(), v.end());
  cache.put(hash, data);
  return data;
}

// ---------------------------------------------------------------------------------------------
// Opening

namespace {

// What the memtables may hold together before they are flushed: a quarter of the database
// cache, and at least 32 MiB: a memtable of the nodes starts with its 8 MiB hash table
// (column_options), and the tiny caches of tests should not flush a file every few writes.
size_t memtable_budget(const DatabaseOptions& options) {
  return std::max(options.db_cache_bytes / 4, size_t{32} << 20);
}

rocksdb::ColumnFamilyOptions column_options(Column c,
                                            const std::shared_ptr<rocksdb::Cache>& block_cache,
                                            size_t memtable_budget) {
  rocksdb::ColumnFamilyOptions o;
  // Two memtables at most (the one written and the one being flushed; RocksDB stalls writes
  // beyond), half of the budget each: a column family stays within the budget even when its
  // flushes lag behind a fast import.
  o.write_buffer_size = memtable_budget / 2;
  o.max_write_buffer_number = 2;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = block_cache;
  // Point reads by hash mostly miss in all but one level: a bloom filter answers "not here"
  // without reading a block (a new node's reference count is looked up before it exists).
  if (c == Column::kNodes || c == Column::kNodeRefs || c == Column::kHeaders ||
      c == Column::kJournal) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  if (c == Column::kNodes) {
    // A block writes tens of thousands of nodes under random keys. A skip-list memtable pays
    // ~log(n) cache misses per insert, even for sorted batches (the keys fall between those
    // already there); a hash table of short lists takes them ~4x faster (measured on this
    // column's workload). Its costs: no concurrent memtable writes (there is one writer), and
    // iterating the whole column builds a sorted copy (only diagnostics and flushes do).
    o.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
    o.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(size_t{1} << 20));
    // Trie nodes are mostly hashes, which do not compress (the column is 12 % smaller with
    // Snappy at 1,000,000 accounts), and uncompressed blocks are read in place from the mapped
    // file (allow_mmap_reads) instead of copied and decompressed on every cold read.
    o.compression = rocksdb::kNoCompression;
  }
  return o;
}

Result<void, DatabaseError> write_meta(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* meta,
                                       const std::vector<std::pair<std::string_view, Bytes>>& kv) {
  rocksdb::WriteBatch batch;
  for (const auto& [k, v] : kv) batch.Put(meta, slice(k), slice(v));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::Status s = db->Write(wo, &batch);
  if (!s.ok()) return unexpected(status_error(s, "writing metadata"));
  return {};
}

// RocksDB creates a new database's column families one after the other, and the schema version
// is written once they all exist: a process killed in between leaves a database with some of our
// column families, all empty. That is an unfinished creation, to be finished. Anything else with
// column families missing (a schema version, data, a foreign column family) is not ours to touch.
Result<bool, DatabaseError> interrupted_creation(const rocksdb::DBOptions& dbo,
                                                 const std::string& path,
                                                 const std::vector<std::string>& present) {
  for (const std::string& name : present) {
    if (name != rocksdb::kDefaultColumnFamilyName &&
        std::find(kColumnNames.begin(), kColumnNames.end(), name) == kColumnNames.end()) {
      return false;
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.reserve(present.size());
  for (const std::string& name : present) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(dbo, path, descriptors, &handles, &db);
  if (!s.ok()) return unexpected(status_error(s, "opening " + path));
  bool empty = true;
  for (auto* h : handles) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), h));
    it->SeekToFirst();
    if (it->Valid() || !it->status().ok()) empty = false;
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  return empty;
}

}  // namespace

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  impl_->store.emplace(*this);
}

Database::~Database() = default;

Result<std::unique_ptr<Database>, DatabaseError> Database::open(const std::string& path,
                                                                const DatabaseOptions& options) {
  if (!options.pruning.archive && options.pruning.window == 0) {
    return unexpected(DatabaseError{DatabaseErrorKind::kInvalidArgument,
                                    "a pruning window must keep at least 1 block"});
  }
  std::error_code ec;
  bool exists = std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec);
  if (!exists && !options.create_if_missing) {
    return unexpected(DatabaseError{DatabaseErrorKind::kNotFound, path});
  }

  auto block_cache = rocksdb::NewLRUCache(options.db_cache_bytes);
  rocksdb::DBOptions dbo;
  // The memtables' memory is charged to the block cache (which evicts blocks to make room) and
  // flushed beyond their budget: one budget for all of RocksDB's memory. (The manager does not
  // stall writes: with atomic flushes its stall can wait for a flush nothing starts; each column
  // family's own limit, column_options, is what holds writes back while flushes lag.)
  dbo.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(memtable_budget(options), block_cache);
  dbo.create_if_missing = !exists;
  dbo.create_missing_column_families = !exists;
  dbo.paranoid_checks = true;
  // A torn last WAL record (a crash in mid-write) ends recovery at the last whole batch.
  dbo.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  // Memtables of all column families are flushed together, so that the files on disk never
  // hold one column family's half of a batch without the other's, whatever the WAL.
  dbo.atomic_flush = true;
  dbo.max_background_jobs = 2;
  dbo.allow_concurrent_memtable_write = false;  // the nodes' hash memtable needs it off
  dbo.keep_log_file_num = 4;
  dbo.max_total_wal_size = uint64_t{512} << 20;
  // RocksDB would preallocate every log file to 1.1 × the memtable size (~70 MB), which costs a
  // full allocation on tmpfs and a discard of the unused extent on every deletion elsewhere;
  // logs are appended sequentially anyway.
  dbo.allow_fallocate = false;
  // Table files are read through memory maps: a cold trie-node read is then a lookup in pages the
  // kernel caches, without a pread and a copy into a fresh block each time (the import of 30,000
  // transfers at 1,000,000 accounts: ~7,600 transfers/s against ~6,650 with preads,
  // node/README.md). Table files are immutable once written, so a mapping never sees a file change
  // under it.
  dbo.allow_mmap_reads = true;

  std::vector<std::string> present;
  if (exists) {
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(dbo, path, &present);
    if (!s.ok()) return unexpected(status_error(s, "listing column families of " + path));
    std::vector<std::string_view> missing;
    for (std::string_view name : kColumnNames) {
      if (std::find(present.begin(), present.end(), name) == present.end()) {
        missing.push_back(name);
      }
    }
    if (!missing.empty()) {
      CANARY_TRY_ASSIGN(auto finishing, interrupted_creation(dbo, path, present));
      if (!finishing || !options.create_if_missing) {
        return unexpected(
            corrupt("missing column family '" + std::string(missing[0]) + "' in " + path));
      }
      dbo.create_missing_column_families = true;
      for (std::string_view name : missing) present.emplace_back(name);
    }
  } else {
    present.emplace_back(rocksdb::kDefaultColumnFamilyName);
    for (std::string_view name : kColumnNames) present.emplace_back(name);
  }

  // Every column family on disk must be opened; ours get their tuned options, others (the
  // default one, or any a newer schema added) the defaults.
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : present) {
    auto it = std::find(kColumnNames.begin(), kColumnNames.end(), name);
    rocksdb::ColumnFamilyOptions o;
    if (it != kColumnNames.end()) {
      o = column_options(static_cast<Column>(it - kColumnNames.begin()), block_cache,
                         memtable_budget(options));
    }
    descriptors.emplace_back(name, o);
  }

  auto impl = std::make_unique<Impl>(options.node_cache_bytes, options.value_cache_bytes);
  impl->path = path;
  impl->options = options;
  impl->block_cache = block_cache;
  impl->memtables = dbo.write_buffer_manager;
  std::vector<rocksdb::ColumnFamilyHandle*> opened;
  rocksdb::Status s = rocksdb::DB::Open(dbo, path, descriptors, &opened, &impl->db);
  if (!s.ok()) return unexpected(status_error(s, "opening " + path));
  impl->handles.assign(kColumnCount, nullptr);
  for (size_t i = 0; i < opened.size(); ++i) {
    auto it = std::find(kColumnNames.begin(), kColumnNames.end(), present[i]);
    if (it != kColumnNames.end()) {
      impl->handles[static_cast<size_t>(it - kColumnNames.begin())] = opened[i];
    } else {
      impl->db->DestroyColumnFamilyHandle(opened[i]);
    }
  }
  rocksdb::ColumnFamilyHandle* meta_cf = impl->cf(Column::kMeta);

  // --- Metadata ---
  auto schema = impl->get(Column::kMeta, as_bytes(meta_key::kSchemaVersion));
  if (!schema) return unexpected(schema.error());
  if (!*schema) {
    // A new database (or one whose creation was interrupted before its first write): nothing
    // else may be in the metadata.
    std::unique_ptr<rocksdb::Iterator> it(impl->db->NewIterator(rocksdb::ReadOptions(), meta_cf));
    it->SeekToFirst();
    if (it->Valid()) return unexpected(corrupt("metadata without a schema version"));
    if (!it->status().ok()) return unexpected(status_error(it->status(), "reading metadata"));
    auto w = write_meta(impl->db, meta_cf,
                        {{meta_key::kSchemaVersion, records::encode_u32(kDatabaseSchemaVersion)},
                         {meta_key::kPruning, records::encode_pruning(options.pruning)}});
    if (!w) return unexpected(w.error());
    impl->meta_before_shared().pruning = options.pruning;
    return std::unique_ptr<Database>(new Database(std::move(impl)));
  }
  auto version = records::decode_u32(**schema);
  if (!version) return unexpected(corrupt("malformed schema version"));
  if (*version != kDatabaseSchemaVersion) {
    return unexpected(DatabaseError{DatabaseErrorKind::kSchemaMismatch,
                                    "the database has schema version " + std::to_string(*version) +
                                        ", this build uses " +
                                        std::to_string(kDatabaseSchemaVersion)});
  }

  CANARY_TRY_ASSIGN(auto pruning_raw, impl->get(Column::kMeta, as_bytes(meta_key::kPruning)));
  std::optional<PruningMode> stored_pruning;
  if (pruning_raw) stored_pruning = records::decode_pruning(*pruning_raw);
  if (!stored_pruning) return unexpected(corrupt("missing or malformed pruning mode"));
  if (stored_pruning->archive != options.pruning.archive) {
    return unexpected(DatabaseError{
        DatabaseErrorKind::kPruningMismatch,
        std::string("the database was created as ") +
            (stored_pruning->archive ? "an archive" : "a pruned database") + ", opened as " +
            (options.pruning.archive ? "an archive" : "a pruned one")});
  }
  if (*stored_pruning != options.pruning) {
    // A different window is fine: the next finalization prunes down to (or waits for) it.
    CANARY_TRY(write_meta(impl->db, meta_cf,
                          {{meta_key::kPruning, records::encode_pruning(options.pruning)}}));
  }
  impl->meta_before_shared().pruning = options.pruning;

  CANARY_TRY_ASSIGN(auto genesis_raw, impl->get(Column::kMeta, as_bytes(meta_key::kGenesis)));
  if (!genesis_raw) return std::unique_ptr<Database>(new Database(std::move(impl)));
  auto genesis = records::decode_hash(*genesis_raw);
  if (!genesis) return unexpected(corrupt("malformed genesis hash"));
  if (options.expected_genesis && *options.expected_genesis != *genesis) {
    return unexpected(
        DatabaseError{DatabaseErrorKind::kWrongChain, "the database holds the chain with genesis " +
                                                          hex_of(*genesis) + ", expected " +
                                                          hex_of(*options.expected_genesis)});
  }
  impl->meta_before_shared().genesis = *genesis;

  auto read_ref = [&](std::string_view key) -> Result<BlockRef, DatabaseError> {
    CANARY_TRY_ASSIGN(auto raw, impl->get(Column::kMeta, as_bytes(key)));
    std::optional<BlockRef> ref;
    if (raw) ref = records::decode_block_ref(*raw);
    if (!ref) return unexpected(corrupt("missing or malformed '" + std::string(key) + "'"));
    return *ref;
  };
  auto best = read_ref(meta_key::kBest);
  if (!best) return unexpected(best.error());
  auto finalized = read_ref(meta_key::kFinalized);
  if (!finalized) return unexpected(finalized.error());
  CANARY_TRY_ASSIGN(auto oldest_raw, impl->get(Column::kMeta, as_bytes(meta_key::kOldestState)));
  std::optional<uint32_t> oldest;
  if (oldest_raw) oldest = records::decode_u32(*oldest_raw);
  if (!oldest) return unexpected(corrupt("missing or malformed oldest state"));
  impl->meta_before_shared().best = *best;
  impl->meta_before_shared().finalized = *finalized;
  impl->meta_before_shared().oldest_state = *oldest;

  // The invariants every write keeps; anything else means the files were damaged or mixed.
  if (finalized->number > best->number || *oldest > finalized->number) {
    return unexpected(corrupt("best, finalized and oldest kept block are out of order"));
  }
  for (const BlockRef& ref : {*best, *finalized}) {
    auto canonical = impl->read_canonical(ref.number);
    if (!canonical) return unexpected(canonical.error());
    if (*canonical != ref.hash) {
      return unexpected(
          corrupt("canonical index disagrees at block " + std::to_string(ref.number)));
    }
    auto header = impl->read_header(ref.hash);
    if (!header) return unexpected(header.error());
    if (!*header || (*header)->number != ref.number) {
      return unexpected(corrupt("missing header of block " + hex_of(ref.hash)));
    }
  }
  CANARY_TRY_ASSIGN(auto genesis_at_0, impl->read_canonical(0));
  if (genesis_at_0 != *genesis) return unexpected(corrupt("canonical index lacks the genesis"));
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

// ---------------------------------------------------------------------------------------------
// Reads

std::optional<block::BlockHash> Database::genesis_hash() const {
  return impl_->meta_snapshot().genesis;
}

std::optional<BlockRef> Database::best() const {
  ChainMeta m = impl_->meta_snapshot();
  if (!m.genesis) return std::nullopt;
  return m.best;
}

std::optional<BlockRef> Database::finalized() const {
  ChainMeta m = impl_->meta_snapshot();
  if (!m.genesis) return std::nullopt;
  return m.finalized;
}

PruningMode Database::pruning() const {
  return impl_->meta_snapshot().pruning;
}

block::BlockNumber Database::oldest_state() const {
  return impl_->meta_snapshot().oldest_state;
}

Result<std::optional<block::Header>, DatabaseError> Database::header(const BlockHash& hash) const {
  return impl_->read_header(hash);
}

Result<std::optional<Bytes>, DatabaseError> Database::body(const BlockHash& hash) const {
  return impl_->get(Column::kBodies, hash);
}

Result<std::optional<Bytes>, DatabaseError> Database::justification(const BlockHash& hash) const {
  return impl_->get(Column::kJustifications, hash);
}

Result<std::optional<Bytes>, DatabaseError> Database::aux(ByteSpan key) const {
  return impl_->get(Column::kAux, key);
}

Result<std::vector<std::pair<Bytes, Bytes>>, DatabaseError> Database::aux_with_prefix(
    ByteSpan prefix) const {
  std::vector<std::pair<Bytes, Bytes>> out;
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(Column::kAux)));
  const rocksdb::Slice start(reinterpret_cast<const char*>(prefix.data()), prefix.size());
  for (it->Seek(start); it->Valid() && it->key().starts_with(start); it->Next()) {
    const ByteSpan key = span(it->key());
    const ByteSpan value = span(it->value());
    out.emplace_back(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
  }
  if (!it->status().ok()) return unexpected(status_error(it->status(), "reading aux records"));
  return out;
}

Result<std::optional<Bytes>, DatabaseError> Database::offchain(ByteSpan key) const {
  return impl_->get(Column::kOffchain, key);
}

Result<std::optional<block::BlockHash>, DatabaseError> Database::hash_at(BlockNumber number) const {
  return impl_->read_canonical(number);
}

Result<std::vector<BlockRef>, DatabaseError> Database::unfinalized_blocks() const {
  return impl_->read_tree();
}

Result<bool, DatabaseError> Database::has_state(const BlockHash& hash) const {
  ChainMeta m = impl_->meta_snapshot();
  CANARY_TRY_ASSIGN(auto header, impl_->read_header(hash));
  if (!header) return false;
  if (m.pruning.archive) return true;
  BlockRef ref{hash, header->number};
  if (ref.number > m.finalized.number) return impl_->in_tree(ref);
  if (ref.number < m.oldest_state) return false;
  CANARY_TRY_ASSIGN(auto canonical, impl_->read_canonical(ref.number));
  return canonical == hash;
}

const NodeStore& Database::node_store() const {
  return *impl_->store;
}

Result<SharedBytes, DatabaseError> Database::load_node(const Hash256& hash) const {
  return impl_->load_node(hash);
}

namespace {

// One stored node of a point read (with the inline nodes inside it): where the walk goes next.
struct ReadStep {
  enum class Kind : uint8_t { kValue, kAbsent, kChild, kHashedValue, kInvalid } kind;
  Hash256 next{};  // kChild, kHashedValue
  Bytes value;     // kValue
};

ReadStep read_step(ByteSpan node_bytes, NibbleView key, size_t& depth) {
  using Kind = ReadStep::Kind;
  while (true) {
    auto node = decode_node(node_bytes);
    if (!node || node->is_empty) return {Kind::kInvalid};
    NibbleView p = node->partial;
    if (key.size() - depth < p.size() || common_prefix_length(p, key.substr(depth)) != p.size()) {
      return {Kind::kAbsent};
    }
    depth += p.size();
    if (depth == key.size()) {
      if (node->value_kind == ValueKind::kNone) return {Kind::kAbsent};
      if (node->value_kind == ValueKind::kInline) {
        return {Kind::kValue, {}, Bytes(node->value.begin(), node->value.end())};
      }
      ReadStep step{Kind::kHashedValue};
      std::copy(node->value.begin(), node->value.end(), step.next.begin());
      return step;
    }
    uint8_t nibble = key[depth++];
    if (!node->is_branch || !node->has_child(nibble)) return {Kind::kAbsent};
    ByteSpan ref = node->children[nibble];
    if (ref.size() < 32) {
      node_bytes = ref;  // an inline node inside this one
      continue;
    }
    ReadStep step{Kind::kChild};
    std::copy(ref.begin(), ref.end(), step.next.begin());
    return step;
  }
}

}  // namespace

Result<std::optional<Bytes>, DatabaseError> Database::storage(const Hash256& state_root,
                                                              ByteSpan key) const {
  // The walk of state/trie/lookup.cpp, over the cache's bytes in place: no copy, no reference
  // count and no re-hashing per node (load_node checked each node once, when it came from
  // disk). This is the path that has to sustain hundreds of thousands of reads per second.
  using Value = std::optional<Bytes>;
  using Kind = ReadStep::Kind;
  if (state_root == empty_trie_root(TrieHasher::kBlake2b256)) return Value{};
  // A remembered answer counts only while the state's root node is still there: pruning a
  // state erases its root from the node cache (unless another kept state has the same root, or
  // holds this whole trie as a subtree, and then the answer still stands).
  bool use_values = impl_->values.capacity_bytes() > 0;
  if (use_values) {
    auto cached = impl_->values.get(state_root, key);
    if (cached && impl_->cache.contains(state_root)) return std::move(*cached);
  }
  auto answer = [&](Value v) -> Result<Value, DatabaseError> {
    if (use_values) impl_->values.put(state_root, key, v);
    return v;
  };
  NibbleView k = NibbleView::of_bytes(key);
  size_t depth = 0;
  Hash256 current = state_root;
  while (true) {
    ReadStep step{ReadStep::Kind::kInvalid};
    bool hit =
        impl_->cache.visit(current, [&](ByteSpan bytes) { step = read_step(bytes, k, depth); });
    if (!hit) {
      auto loaded = impl_->load_node(current);
      if (!loaded) return unexpected(loaded.error());
      if (!*loaded) {
        return unexpected(DatabaseError{DatabaseErrorKind::kStateUnavailable,
                                        "node " + hex_of(current) + " is missing"});
      }
      step = read_step(**loaded, k, depth);
    }
    switch (step.kind) {
      case Kind::kValue:
        return answer(Value(std::move(step.value)));
      case Kind::kAbsent:
        return answer(Value{});
      case Kind::kInvalid:
        return unexpected(corrupt("stored trie node " + hex_of(current) + " does not decode"));
      case Kind::kChild:
        current = step.next;
        continue;
      case Kind::kHashedValue: {
        Value value;
        if (impl_->cache.visit(
                step.next, [&](ByteSpan bytes) { value.emplace(bytes.begin(), bytes.end()); })) {
          return answer(std::move(value));
        }
        CANARY_TRY_ASSIGN(auto loaded, impl_->load_node(step.next));
        if (!loaded) {
          return unexpected(DatabaseError{DatabaseErrorKind::kStateUnavailable,
                                          "value " + hex_of(step.next) + " is missing"});
        }
        return answer(Value(*loaded));
      }
    }
  }
}

const NodeCache& Database::node_cache() const {
  return impl_->cache;
}

const ValueCache& Database::value_cache() const {
  return impl_->values;
}

Database::RocksDbMemory Database::rocksdb_memory() const {
  return {.cache_bytes = impl_->block_cache->GetUsage(),
          .memtable_bytes = impl_->memtables->memory_usage()};
}

Database::NodeReads Database::node_reads() const {
  return {.count = impl_->node_reads.load(std::memory_order_relaxed),
          .nanoseconds = impl_->node_read_nanoseconds.load(std::memory_order_relaxed)};
}

uint64_t Database::node_level0_files() const {
  std::string text;
  uint64_t files = 0;
  if (impl_->db->GetProperty(impl_->cf(Column::kNodes), "rocksdb.num-files-at-level0", &text)) {
    std::from_chars(text.data(), text.data() + text.size(), files);
  }
  return files;
}

Result<std::vector<Hash256>, DatabaseError> Database::node_hashes() const {
  std::vector<Hash256> out;
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;  // the column has a prefix extractor
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(Column::kNodes)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto h = records::decode_hash(span(it->key()));
    if (!h) return unexpected(corrupt("malformed key in the node column"));
    out.push_back(*h);
  }
  if (!it->status().ok()) return unexpected(status_error(it->status(), "reading nodes"));
  return out;
}

Result<uint32_t, DatabaseError> Database::node_refcount(const Hash256& hash) const {
  if (impl_->options.pruning.archive) return uint32_t{0};
  CANARY_TRY_ASSIGN(auto node, impl_->get(Column::kNodes, hash));
  if (!node) return uint32_t{0};
  CANARY_TRY_ASSIGN(auto raw, impl_->get(Column::kNodeRefs, hash));
  if (!raw) return uint32_t{1};
  auto refs = records::decode_refcount(*raw);
  if (!refs) return unexpected(corrupt("malformed reference count of " + hex_of(hash)));
  return *refs;
}

Result<void, DatabaseError> Database::checkpoint(const std::string& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(impl_->db, &raw);
  if (!s.ok()) return unexpected(status_error(s, "starting a checkpoint"));
  const std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  s = checkpoint->CreateCheckpoint(dir);
  if (!s.ok()) return unexpected(status_error(s, "writing a checkpoint to " + dir));
  return {};
}

Result<void, DatabaseError> Database::flush() {
  rocksdb::FlushOptions fo;
  std::vector<rocksdb::ColumnFamilyHandle*> all(impl_->handles.begin(), impl_->handles.end());
  rocksdb::Status s = impl_->db->Flush(fo, all);
  if (!s.ok()) return unexpected(status_error(s, "flushing"));
  return {};
}

}  // namespace canary::state
