// Every way opening or writing can fail is an error value with a clear kind, never a crash:
// damaged files, a missing column family, a database locked by this or another process, a
// database of another chain, another schema version or pruning kind, a missing database, and
// blocks that do not fit (unknown parent, duplicates, wrong numbers, incomplete states,
// nodes that do not match their hash).
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/storage/columns.hpp"
#include "state/storage/database.hpp"
#include "state/storage/records.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::state {
namespace {

using testing::Change;
using testing::prepare_block;
using testing::PreparedBlock;
using testing::StateModel;
using testing::TempDir;

DatabaseOptions options() {
  DatabaseOptions o;
  o.sync = SyncPolicy::kNever;
  o.pruning = PruningMode::keep_last(8);
  return o;
}

// A database with a genesis block and a few blocks, flushed to table files.
PreparedBlock make_database(const std::string& path, DatabaseOptions o = options()) {
  auto db = Database::open(path, o);
  EXPECT_TRUE(db) << db.error().message();
  std::vector<Change> changes;
  changes.reserve(100);
  for (int i = 0; i < 100; ++i) {
    changes.push_back(Change{{}, to_bytes("key" + std::to_string(i)), Bytes(40, uint8_t(i))});
  }
  PreparedBlock g = prepare_block(**db, std::nullopt, StateModel{}, changes, 0);
  EXPECT_TRUE((*db)->commit(g.commit()));
  EXPECT_TRUE((*db)->flush());
  return g;
}

DatabaseErrorKind open_error(const std::string& path, DatabaseOptions o = options()) {
  auto db = Database::open(path, o);
  EXPECT_FALSE(db);
  if (db) return DatabaseErrorKind::kIo;
  EXPECT_FALSE(db.error().message().empty());
  return db.error().kind;
}

void overwrite_with_garbage(const std::filesystem::path& file) {
  auto size = std::filesystem::file_size(file);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  for (uintmax_t i = 0; i < std::max<uintmax_t>(size, 64); ++i) out.put(static_cast<char>(i * 31));
}

std::vector<std::filesystem::path> files_named(const std::string& dir, const std::string& part) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename().string().find(part) != std::string::npos) out.push_back(e.path());
  }
  return out;
}

TEST(StorageErrors, MissingDatabaseWithoutCreate) {
  TempDir dir;
  DatabaseOptions o = options();
  o.create_if_missing = false;
  EXPECT_EQ(open_error(dir.sub("nothing"), o), DatabaseErrorKind::kNotFound);
}

TEST(StorageErrors, ZeroBlockWindowIsInvalid) {
  TempDir dir;
  DatabaseOptions o = options();
  o.pruning = PruningMode::keep_last(0);
  EXPECT_EQ(open_error(dir.path(), o), DatabaseErrorKind::kInvalidArgument);
}

TEST(StorageErrors, GarbageInATableFileIsCorruption) {
  TempDir dir;
  make_database(dir.path());
  auto tables = files_named(dir.path(), ".sst");
  ASSERT_FALSE(tables.empty());
  for (const auto& t : tables) overwrite_with_garbage(t);
  EXPECT_EQ(open_error(dir.path()), DatabaseErrorKind::kCorrupt);
}

TEST(StorageErrors, GarbageInTheManifestIsCorruption) {
  TempDir dir;
  make_database(dir.path());
  auto manifests = files_named(dir.path(), "MANIFEST-");
  ASSERT_FALSE(manifests.empty());
  for (const auto& m : manifests) overwrite_with_garbage(m);
  EXPECT_EQ(open_error(dir.path()), DatabaseErrorKind::kCorrupt);
}

TEST(StorageErrors, GarbageInCurrentIsCorruption) {
  TempDir dir;
  make_database(dir.path());
  {
    std::ofstream out(dir.sub("CURRENT"), std::ios::trunc);
    out << "\x01\x02 not a manifest name";
  }
  DatabaseErrorKind kind = open_error(dir.path());
  EXPECT_TRUE(kind == DatabaseErrorKind::kCorrupt || kind == DatabaseErrorKind::kIo)
      << to_string(kind);
}

TEST(StorageErrors, ADamagedNodeIsReportedWhenRead) {
  TempDir dir;
  PreparedBlock g = make_database(dir.path());
  // Replace one stored node's bytes behind the database's back (a bit flip RocksDB's checksums
  // would not see, as if the bytes had been wrong when written).
  Hash256 victim = g.header.state_root;
  {
    rocksdb::DB* raw = nullptr;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.path(), &names).ok());
    cfs.reserve(names.size());
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.path(), cfs, &handles, &raw).ok());
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == column_name(Column::kNodes)) {
        std::string key(victim.begin(), victim.end());
        ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[i], key, "\x80\x01 bad").ok());
      }
    }
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
  }
  auto db = Database::open(dir.path(), options());
  ASSERT_TRUE(db);
  auto read = (*db)->storage(g.header.state_root, as_bytes("key1"));
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, DatabaseErrorKind::kCorrupt);
  Trie trie = Trie::open(g.header.state_root, (*db)->node_store());
  auto via_trie = trie.get(as_bytes("key1"));
  EXPECT_FALSE(via_trie);  // the NodeStore hides it, the trie reports a missing node
}

// A node read skips RocksDB's block checksums (its own hash proves it): a bit flipped inside a
// node's bytes in a table file is still reported as a damaged node, never taken as state.
TEST(StorageErrors, ABitFlippedInATableFileIsReportedWhenTheNodeIsRead) {
  TempDir dir;
  PreparedBlock g = make_database(dir.path());
  Bytes root_node;
  {
    auto db = Database::open(dir.path(), options());
    ASSERT_TRUE(db);
    auto node = (*db)->load_node(g.header.state_root);
    ASSERT_TRUE(node && *node);
    root_node = **node;
  }
  ASSERT_GT(root_node.size(), 64u);  // a branch: the bytes are found only where it is stored
  const std::string needle(root_node.begin(), root_node.end());
  size_t flipped = 0;
  for (const auto& table : files_named(dir.path(), ".sst")) {
    std::string bytes;
    {
      std::ifstream in(table, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    size_t at = bytes.find(needle);
    if (at == std::string::npos) continue;
    bytes[at + needle.size() / 2] = static_cast<char>(bytes[at + needle.size() / 2] ^ 0x10);
    std::ofstream(table, std::ios::binary | std::ios::trunc) << bytes;
    ++flipped;
  }
  ASSERT_EQ(flipped, 1u);
  auto db = Database::open(dir.path(), options());
  ASSERT_TRUE(db);
  auto read = (*db)->storage(g.header.state_root, as_bytes("key1"));
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, DatabaseErrorKind::kCorrupt);
  auto node = (*db)->load_node(g.header.state_root);
  ASSERT_FALSE(node);
  EXPECT_EQ(node.error().kind, DatabaseErrorKind::kCorrupt);
}

// Opens the database with raw RocksDB to change it behind Canary's back.
template <class Fn>
void with_raw_db(const std::string& path, Fn&& fn) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.reserve(names.size());
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &raw).ok());
  fn(raw, names, handles);
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
  delete raw;
}

TEST(StorageErrors, MissingColumnFamilyIsCorruption) {
  TempDir dir;
  make_database(dir.path());
  with_raw_db(dir.path(), [](rocksdb::DB* raw, const std::vector<std::string>& names,
                             const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == column_name(Column::kHeaders)) {
        ASSERT_TRUE(raw->DropColumnFamily(handles[i]).ok());
      }
    }
  });
  auto db = Database::open(dir.path(), options());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, DatabaseErrorKind::kCorrupt);
  EXPECT_NE(db.error().detail.find("headers"), std::string::npos) << db.error().message();
}

TEST(StorageErrors, InterruptedCreationIsFinishedNotReported) {
  // What a process killed while RocksDB created the column families leaves behind: some of them,
  // and no schema version yet.
  TempDir dir;
  {
    rocksdb::DBOptions o;
    o.create_if_missing = true;
    o.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
    cfs.emplace_back(std::string(column_name(Column::kMeta)), rocksdb::ColumnFamilyOptions());
    cfs.emplace_back(std::string(column_name(Column::kNodes)), rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, dir.path(), cfs, &handles, &raw).ok());
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
  }
  DatabaseOptions no_create = options();
  no_create.create_if_missing = false;
  EXPECT_EQ(open_error(dir.path(), no_create), DatabaseErrorKind::kCorrupt);
  auto db = Database::open(dir.path(), options());
  ASSERT_TRUE(db) << db.error().message();
  EXPECT_FALSE((*db)->genesis_hash());
}

TEST(StorageErrors, ForeignRocksDbIsCorruption) {
  TempDir dir;
  rocksdb::Options o;
  o.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(o, dir.path(), &raw).ok());
  ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), "hello", "world").ok());
  delete raw;
  EXPECT_EQ(open_error(dir.path()), DatabaseErrorKind::kCorrupt);
}

TEST(StorageErrors, SchemaVersionMismatch) {
  TempDir dir;
  make_database(dir.path());
  with_raw_db(dir.path(), [](rocksdb::DB* raw, const std::vector<std::string>& names,
                             const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] != column_name(Column::kMeta)) continue;
      Bytes v = records::encode_u32(kDatabaseSchemaVersion + 1);
      ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[i],
                           std::string(meta_key::kSchemaVersion), std::string(v.begin(), v.end()))
                      .ok());
    }
  });
  EXPECT_EQ(open_error(dir.path()), DatabaseErrorKind::kSchemaMismatch);
}

TEST(StorageErrors, MalformedMetadataIsCorruption) {
  TempDir dir;
  make_database(dir.path());
  with_raw_db(dir.path(), [](rocksdb::DB* raw, const std::vector<std::string>& names,
                             const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] != column_name(Column::kMeta)) continue;
      ASSERT_TRUE(
          raw->Put(rocksdb::WriteOptions(), handles[i], std::string(meta_key::kBest), "short")
              .ok());
    }
  });
  EXPECT_EQ(open_error(dir.path()), DatabaseErrorKind::kCorrupt);
}

TEST(StorageErrors, MetadataPointingNowhereIsCorruption) {
  TempDir dir;
  make_database(dir.path());
  with_raw_db(dir.path(), [](rocksdb::DB* raw, const std::vector<std::string>& names,
                             const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] != column_name(Column::kMeta)) continue;
      BlockRef bogus;
      bogus.hash.fill(0x77);
      bogus.number = 5;
      Bytes v = records::encode_block_ref(bogus);
      ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[i], std::string(meta_key::kBest),
                           std::string(v.begin(), v.end()))
                      .ok());
    }
  });
  EXPECT_EQ(open_error(dir.path()), DatabaseErrorKind::kCorrupt);
}

TEST(StorageErrors, PruningKindCannotChange) {
  TempDir dir;
  make_database(dir.path());
  DatabaseOptions archive = options();
  archive.pruning = PruningMode::archive_mode();
  EXPECT_EQ(open_error(dir.path(), archive), DatabaseErrorKind::kPruningMismatch);
  TempDir dir2;
  make_database(dir2.path(), archive);
  EXPECT_EQ(open_error(dir2.path(), options()), DatabaseErrorKind::kPruningMismatch);
}

TEST(StorageErrors, LockedByThisProcess) {
  TempDir dir;
  auto first = Database::open(dir.path(), options());
  ASSERT_TRUE(first);
  EXPECT_EQ(open_error(dir.path()), DatabaseErrorKind::kLocked);
  first->reset();
  EXPECT_TRUE(Database::open(dir.path(), options()));  // released on close
}

TEST(StorageErrors, LockedByAnotherProcess) {
  TempDir dir;
  make_database(dir.path());
  int to_child[2];
  int to_parent[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(to_parent), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child holds the database open until told to exit.
    auto db = Database::open(dir.path(), options());
    char c = db ? 'y' : 'n';
    (void)!write(to_parent[1], &c, 1);
    (void)!read(to_child[0], &c, 1);
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(to_parent[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto db = Database::open(dir.path(), options());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, DatabaseErrorKind::kLocked) << db.error().message();
  (void)!write(to_child[1], &c, 1);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(Database::open(dir.path(), options()));
  for (int fd : {to_child[0], to_child[1], to_parent[0], to_parent[1]}) close(fd);
}

TEST(StorageErrors, DatabaseOfAnotherChain) {
  // Genesis hashes as the node computes them: from chain specs.
  auto spec_a = parse_chain_spec(R"({"name":"A","id":"a","genesis":{"raw":{"top":{"0x01":"0x02"},
      "childrenDefault":{}}}})");
  auto spec_b = parse_chain_spec(R"({"name":"B","id":"b","genesis":{"raw":{"top":{"0x01":"0x03"},
      "childrenDefault":{}}}})");
  ASSERT_TRUE(spec_a && spec_b);
  TempDir dir;
  block::Header ga = block::genesis_header(genesis_state_root(*spec_a, StateVersion::kV1));
  block::Header gb = block::genesis_header(genesis_state_root(*spec_b, StateVersion::kV1));
  {
    DatabaseOptions o = options();
    o.expected_genesis = block::hash_of(ga);
    auto db = Database::open(dir.path(), o);
    ASSERT_TRUE(db);
    // The genesis block of chain B is refused by a database meant for chain A...
    MemoryNodeStore nodes_b;
    Trie tb;
    ASSERT_TRUE(tb.insert(Bytes{0x01}, Bytes{0x03}));
    tb.root_hash(StateVersion::kV1, &nodes_b);
    auto wrong = (*db)->commit(BlockCommit{gb, {}, {}, &nodes_b, true, {}});
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind, DatabaseErrorKind::kWrongChain);
    // ...and chain A's is taken.
    MemoryNodeStore nodes_a;
    Trie ta;
    ASSERT_TRUE(ta.insert(Bytes{0x01}, Bytes{0x02}));
    ASSERT_EQ(ta.root_hash(StateVersion::kV1, &nodes_a), ga.state_root);
    ASSERT_TRUE((*db)->commit(BlockCommit{ga, {}, {}, &nodes_a, true, {}}));
  }
  DatabaseOptions as_b = options();
  as_b.expected_genesis = block::hash_of(gb);
  auto db = Database::open(dir.path(), as_b);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, DatabaseErrorKind::kWrongChain);
  EXPECT_NE(db.error().detail.find(to_hex(block::hash_of(ga))), std::string::npos);
  DatabaseOptions as_a = options();
  as_a.expected_genesis = block::hash_of(ga);
  EXPECT_TRUE(Database::open(dir.path(), as_a));
}

TEST(StorageErrors, BlocksThatDoNotFit) {
  TempDir dir;
  auto opened = Database::open(dir.path(), options());
  ASSERT_TRUE(opened);
  Database& db = **opened;
  PreparedBlock g =
      prepare_block(db, std::nullopt, StateModel{}, {Change{{}, to_bytes("a"), Bytes(50, 1)}}, 0);
  ASSERT_TRUE(db.commit(g.commit()));
  auto again = db.commit(g.commit());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, DatabaseErrorKind::kBlockExists);

  PreparedBlock second_genesis = prepare_block(db, std::nullopt, StateModel{}, {}, 99);
  auto r0 = db.commit(second_genesis.commit());
  ASSERT_FALSE(r0);
  EXPECT_EQ(r0.error().kind, DatabaseErrorKind::kInvalidBlock);

  PreparedBlock b1 =
      prepare_block(db, g.header, g.state, {Change{{}, to_bytes("b"), Bytes(60, 2)}}, 0);
  BlockCommit orphan = b1.commit();
  orphan.header.parent_hash.fill(0x13);
  auto r1 = db.commit(orphan);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().kind, DatabaseErrorKind::kUnknownParent);

  BlockCommit wrong_number = b1.commit();
  wrong_number.header.number = 5;
  auto r2 = db.commit(wrong_number);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().kind, DatabaseErrorKind::kInvalidBlock);

  BlockCommit no_nodes = b1.commit();
  no_nodes.new_nodes = nullptr;
  auto r3 = db.commit(no_nodes);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().kind, DatabaseErrorKind::kIncompleteState);

  // Bytes supplied under the wrong hash are refused, not stored.
  MemoryNodeStore lying;
  for (const auto& [h, e] : b1.nodes->entries()) {
    if (!e.data) continue;
    Bytes bad = *e.data;
    bad.back() ^= 1;
    lying.insert(h, bad);
  }
  BlockCommit lies = b1.commit();
  lies.new_nodes = &lying;
  auto r4 = db.commit(lies);
  ASSERT_FALSE(r4);
  EXPECT_EQ(r4.error().kind, DatabaseErrorKind::kIncompleteState);
  EXPECT_NE(r4.error().detail.find("does not match"), std::string::npos);

  // Failed commits wrote nothing; the right one goes through.
  EXPECT_EQ(db.best()->number, 0u);
  ASSERT_TRUE(db.commit(b1.commit()));

  Hash256 unknown;
  unknown.fill(0x44);
  EXPECT_EQ(db.finalize(unknown).error().kind, DatabaseErrorKind::kUnknownBlock);
  EXPECT_EQ(db.set_best(unknown).error().kind, DatabaseErrorKind::kUnknownBlock);
  EXPECT_TRUE(db.finalize(g.hash));  // finalized already: fine, nothing changes
  EXPECT_EQ(db.finalized()->number, 0u);

  // A commit that fails after its block's records went into the batch (its finality target is
  // unknown) leaves none of them to the next write, which reuses the batch's memory.
  PreparedBlock b2 =
      prepare_block(db, b1.header, b1.state, {Change{{}, to_bytes("c"), Bytes(70, 3)}}, 0);
  auto r5 = db.commit(b2.commit(/*make_best=*/true, unknown));
  ASSERT_FALSE(r5);
  EXPECT_EQ(r5.error().kind, DatabaseErrorKind::kUnknownBlock);
  ASSERT_TRUE(db.write_aux({AuxWrite{to_bytes("after"), Bytes{1}}}));
  auto b2_header = db.header(b2.hash);
  ASSERT_TRUE(b2_header);
  EXPECT_FALSE(*b2_header);
  EXPECT_EQ(db.best()->number, 1u);
  ASSERT_TRUE(db.commit(b2.commit()));
  EXPECT_EQ(db.best()->number, 2u);
}

TEST(StorageErrors, ParentStatePruned) {
  TempDir dir;
  DatabaseOptions o = options();
  o.pruning = PruningMode::keep_last(1);
  auto opened = Database::open(dir.path(), o);
  ASSERT_TRUE(opened);
  Database& db = **opened;
  PreparedBlock g =
      prepare_block(db, std::nullopt, StateModel{}, {Change{{}, to_bytes("a"), Bytes(50, 1)}}, 0);
  ASSERT_TRUE(db.commit(g.commit()));
  PreparedBlock b1 =
      prepare_block(db, g.header, g.state, {Change{{}, to_bytes("a"), Bytes(50, 2)}}, 0);
  // Built on genesis, but genesis' state goes when b1 is finalized.
  PreparedBlock late =
      prepare_block(db, g.header, g.state, {Change{{}, to_bytes("a"), Bytes(50, 3)}}, 7);
  ASSERT_TRUE(db.commit(b1.commit(true, b1.hash)));
  auto r = db.commit(late.commit());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, DatabaseErrorKind::kNotDescendantOfFinalized);
  auto read = db.storage(g.header.state_root, as_bytes("a"));
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, DatabaseErrorKind::kStateUnavailable);
}

}  // namespace
}  // namespace canary::state
