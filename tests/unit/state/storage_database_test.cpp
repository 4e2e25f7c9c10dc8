// The database as the node uses it: genesis, a chain of blocks committed with their state
// nodes, reads of headers, bodies, justifications and the canonical index, states read back
// through Trie::open and through the point-read path, best-block switches between forks,
// finality, and everything still there after closing and reopening.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "state/storage/database.hpp"
#include "state/storage/state_diff.hpp"
#include "state/trie/lookup.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::state {
namespace {

using testing::Change;
using testing::prepare_block;
using testing::PreparedBlock;
using testing::StateModel;
using testing::TempDir;

DatabaseOptions test_options(PruningMode pruning = PruningMode::keep_last(4)) {
  DatabaseOptions o;
  o.pruning = pruning;
  o.sync = SyncPolicy::kNever;
  o.node_cache_bytes = 1 << 20;
  o.db_cache_bytes = 1 << 20;
  return o;
}

std::unique_ptr<Database> open_db(const std::string& path,
                                  const DatabaseOptions& o = test_options()) {
  auto db = Database::open(path, o);
  EXPECT_TRUE(db) << db.error().message();
  return db ? std::move(*db) : nullptr;
}

std::vector<Change> numbered_changes(int block, int count) {
  std::vector<Change> out;
  for (int i = 0; i < count; ++i) {
    std::string k = "key-" + std::to_string((block * 7 + i) % 50);
    std::string v = "value of block " + std::to_string(block) + " #" + std::to_string(i) +
                    (i % 2 == 0 ? std::string(40, 'x') : "");  // some hashed under V1
    out.push_back(Change{{}, to_bytes(k), to_bytes(v)});
  }
  if (block % 3 == 0) out.push_back(Change{{}, to_bytes("key-1"), std::nullopt});
  out.push_back(Change{to_bytes("child"), to_bytes("c" + std::to_string(block % 5)),
                       to_bytes(std::to_string(block))});
  return out;
}

TEST(StorageDatabase, TrieCacheBudgetSplitsBetweenNodesAndValues) {
  DatabaseOptions o;
  EXPECT_EQ(o.trie_cache_bytes(), size_t{320} << 20);  // the node's --trie-cache-size default
  o.set_trie_cache_bytes(1000);
  EXPECT_EQ(o.node_cache_bytes, 800u);
  EXPECT_EQ(o.value_cache_bytes, 200u);
  EXPECT_EQ(o.trie_cache_bytes(), 1000u);
  o.set_trie_cache_bytes(0);  // off
  EXPECT_EQ(o.node_cache_bytes, 0u);
  EXPECT_EQ(o.value_cache_bytes, 0u);
}

// --db-cache bounds RocksDB's memtables with its block cache: 80 MB of node writes go through
// a 128 MiB budget (memtables flushed beyond 32 MiB) and the memtables stay within two budgets
// (flushes lag behind writes this fast: each written column family may hold two memtables of
// half a budget, arenas included; 49 MB were seen on a loaded machine, 56.7 MB idle without the
// column families' cap), charged to the cache; without the manager nothing would be accounted.
TEST(StorageDatabase, MemtablesStayWithinTheDatabaseCache) {
  TempDir dir;
  DatabaseOptions o = test_options();
  o.db_cache_bytes = size_t{128} << 20;
  auto db = open_db(dir.path(), o);
  ASSERT_TRUE(db);
  constexpr size_t kBudget = size_t{32} << 20;
  std::vector<PreparedBlock> chain;
  size_t most_memtable = 0;
  size_t most_cache = 0;
  for (int n = 0; n < 100; ++n) {
    std::vector<Change> changes;  // the same keys, new values: 800 KB of new nodes a block
    for (int i = 0; i < 200; ++i) {
      Bytes value(4096, static_cast<uint8_t>(i));
      value[0] = static_cast<uint8_t>(n);  // new content, so a new node
      changes.push_back(Change{{}, to_bytes("key " + std::to_string(i)), std::move(value)});
    }
    if (chain.empty()) {
      chain.push_back(prepare_block(*db, std::nullopt, StateModel{}, changes, 0));
    } else {
      chain.push_back(prepare_block(*db, chain.back().header, chain.back().state, changes, 0));
    }
    auto r = db->commit(chain.back().commit());
    ASSERT_TRUE(r) << r.error().message();
    const Database::RocksDbMemory memory = db->rocksdb_memory();
    most_memtable = std::max(most_memtable, memory.memtable_bytes);
    most_cache = std::max(most_cache, memory.cache_bytes);
  }
  EXPECT_GT(most_memtable, size_t{8} << 20);  // the accounting sees the writes
  EXPECT_LE(most_memtable, 2 * kBudget);
  EXPECT_GE(most_cache, most_memtable);  // charged to the cache
  EXPECT_LE(most_cache, o.db_cache_bytes + (size_t{2} << 20));
  testing::expect_state(*db, chain.back().header.state_root, chain.back().state);
}

TEST(StorageDatabase, NewDatabaseIsEmptyUntilGenesis) {
  TempDir dir;
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  EXPECT_FALSE(db->genesis_hash());
  EXPECT_FALSE(db->best());
  EXPECT_FALSE(db->finalized());
  auto h = db->hash_at(0);
  ASSERT_TRUE(h);
  EXPECT_FALSE(*h);
  // Only the genesis block can come first.
  block::Header orphan;
  orphan.number = 1;
  auto r = db->commit(BlockCommit{orphan, {}, {}, nullptr, true, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, DatabaseErrorKind::kNoGenesis);
}

TEST(StorageDatabase, CommitsAChainAndReadsItBack) {
  TempDir dir;
  std::vector<PreparedBlock> chain;
  {
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    chain.push_back(prepare_block(*db, std::nullopt, StateModel{}, numbered_changes(0, 20), 0));
    BlockCommit genesis = chain[0].commit();
    genesis.justification = Bytes{1, 2, 3};
    ASSERT_TRUE(db->commit(genesis));
    EXPECT_EQ(db->genesis_hash(), chain[0].hash);
    EXPECT_EQ(db->best(), (BlockRef{chain[0].hash, 0}));
    EXPECT_EQ(db->finalized(), (BlockRef{chain[0].hash, 0}));
    for (int n = 1; n <= 12; ++n) {
      const PreparedBlock& parent = chain.back();
      chain.push_back(prepare_block(*db, parent.header, parent.state, numbered_changes(n, 10), 0));
      auto r = db->commit(chain.back().commit());
      ASSERT_TRUE(r) << r.error().message();
      EXPECT_EQ(db->best(), (BlockRef{chain.back().hash, static_cast<uint32_t>(n)}));
    }
    ASSERT_TRUE(db->finalize(chain[8].hash, Bytes{8, 8}));
    EXPECT_EQ(db->finalized(), (BlockRef{chain[8].hash, 8}));
  }
  // Everything survives a reopen.
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  EXPECT_EQ(db->genesis_hash(), chain[0].hash);
  EXPECT_EQ(db->best(), (BlockRef{chain[12].hash, 12}));
  EXPECT_EQ(db->finalized(), (BlockRef{chain[8].hash, 8}));
  EXPECT_EQ(db->oldest_state(), 5u);  // window of 4: blocks 5..8 finalized and kept
  for (size_t n = 0; n < chain.size(); ++n) {
    SCOPED_TRACE(n);
    const PreparedBlock& b = chain[n];
    auto h = db->hash_at(static_cast<uint32_t>(n));
    ASSERT_TRUE(h);
    EXPECT_EQ(*h, b.hash);
    auto header = db->header(b.hash);
    ASSERT_TRUE(header && *header);
    EXPECT_EQ(**header, b.header);
    auto body = db->body(b.hash);
    ASSERT_TRUE(body && *body);
    EXPECT_EQ(**body, b.scale_body());
    auto kept = db->has_state(b.hash);
    ASSERT_TRUE(kept);
    EXPECT_EQ(*kept, n >= 5);
    if (n >= 5) testing::expect_state(*db, b.header.state_root, b.state);
  }
  auto j0 = db->justification(chain[0].hash);
  ASSERT_TRUE(j0 && *j0);
  EXPECT_EQ(**j0, (Bytes{1, 2, 3}));
  auto j8 = db->justification(chain[8].hash);
  ASSERT_TRUE(j8 && *j8);
  EXPECT_EQ(**j8, (Bytes{8, 8}));
  auto none = db->justification(chain[7].hash);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto beyond = db->hash_at(13);
  ASSERT_TRUE(beyond);
  EXPECT_FALSE(*beyond);
}

TEST(StorageDatabase, AuxRecordsGoWithTheirBlockAndSurviveAReopen) {
  TempDir dir;
  {
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    PreparedBlock genesis =
        prepare_block(*db, std::nullopt, StateModel{}, numbered_changes(0, 3), 0);
    BlockCommit commit = genesis.commit();
    commit.aux.push_back(AuxWrite{to_bytes("babe:genesis"), Bytes{1}});
    commit.aux.push_back(AuxWrite{to_bytes("gone"), Bytes{2}});
    ASSERT_TRUE(db->commit(commit));
    auto a = db->aux(to_bytes("babe:genesis"));
    ASSERT_TRUE(a && *a);
    EXPECT_EQ(**a, Bytes{1});
    ASSERT_TRUE(db->write_aux({AuxWrite{to_bytes("gone"), std::nullopt},
                               AuxWrite{to_bytes("grandpa:set"), Bytes{7, 7}}}));
  }
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  auto a = db->aux(to_bytes("babe:genesis"));
  ASSERT_TRUE(a && *a);
  EXPECT_EQ(**a, Bytes{1});
  auto gone = db->aux(to_bytes("gone"));
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  auto set = db->aux(to_bytes("grandpa:set"));
  ASSERT_TRUE(set && *set);
  EXPECT_EQ(**set, (Bytes{7, 7}));
}

TEST(StorageDatabase, AuxRecordsAreReadBackByPrefixInKeyOrder) {
  TempDir dir;
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  ASSERT_TRUE(
      db->write_aux({AuxWrite{to_bytes("av:b"), Bytes{2}}, AuxWrite{to_bytes("av:a"), Bytes{1}},
                     AuxWrite{to_bytes("av"), Bytes{9}}, AuxWrite{to_bytes("aw:a"), Bytes{8}},
                     AuxWrite{to_bytes("av:c"), Bytes{3}}}));
  ASSERT_TRUE(db->write_aux({AuxWrite{to_bytes("av:c"), std::nullopt}}));
  auto records = db->aux_with_prefix(to_bytes("av:"));
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0], std::make_pair(to_bytes("av:a"), Bytes{1}));
  EXPECT_EQ((*records)[1], std::make_pair(to_bytes("av:b"), Bytes{2}));
  auto none = db->aux_with_prefix(to_bytes("zz"));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(StorageDatabase, PointReadsAgreeWithTheModelAndWithLookup) {
  TempDir dir;
  auto db = open_db(dir.path(), test_options(PruningMode::archive_mode()));
  ASSERT_TRUE(db);
  PreparedBlock g = prepare_block(*db, std::nullopt, StateModel{}, numbered_changes(0, 40), 0);
  ASSERT_TRUE(db->commit(g.commit()));
  PreparedBlock b1 = prepare_block(*db, g.header, g.state, numbered_changes(1, 15), 0);
  ASSERT_TRUE(db->commit(b1.commit()));
  for (const PreparedBlock* b : {&g, &b1}) {
    for (int i = 0; i < 60; ++i) {
      Bytes key = to_bytes("key-" + std::to_string(i));
      auto got = db->storage(b->header.state_root, key);
      ASSERT_TRUE(got) << got.error().message();
      auto it = b->state.top.find(key);
      if (it == b->state.top.end()) {
        EXPECT_FALSE(*got);
      } else {
        ASSERT_TRUE(*got);
        EXPECT_EQ(**got, it->second);
      }
      auto reference = lookup(db->node_store(), b->header.state_root, key);
      ASSERT_TRUE(reference);
      EXPECT_EQ(*reference, *got);
    }
  }
  Hash256 unknown;
  unknown.fill(0x5a);
  auto missing = db->storage(unknown, as_bytes("key-1"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, DatabaseErrorKind::kStateUnavailable);
}

TEST(StorageDatabase, BestBlockFollowsForksAndTheCanonicalIndexWithIt) {
  TempDir dir;
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  PreparedBlock g = prepare_block(*db, std::nullopt, StateModel{}, numbered_changes(0, 5), 0);
  ASSERT_TRUE(db->commit(g.commit()));
  // a1 - a2 - a3 and b1 - b2 from genesis.
  std::vector<PreparedBlock> a, b;
  a.push_back(prepare_block(*db, g.header, g.state, numbered_changes(1, 3), 1));
  ASSERT_TRUE(db->commit(a.back().commit()));
  for (int n = 2; n <= 3; ++n) {
    a.push_back(prepare_block(*db, a.back().header, a.back().state, numbered_changes(n, 3), 1));
    ASSERT_TRUE(db->commit(a.back().commit()));
  }
  b.push_back(prepare_block(*db, g.header, g.state, numbered_changes(11, 3), 2));
  ASSERT_TRUE(db->commit(b.back().commit(false)));  // not best
  EXPECT_EQ(db->best()->hash, a[2].hash);
  b.push_back(prepare_block(*db, b.back().header, b.back().state, numbered_changes(12, 3), 2));
  ASSERT_TRUE(db->commit(b.back().commit(true)));  // a reorg to a shorter chain
  EXPECT_EQ(db->best(), (BlockRef{b[1].hash, 2}));
  EXPECT_EQ(*db->hash_at(1), b[0].hash);
  EXPECT_EQ(*db->hash_at(2), b[1].hash);
  EXPECT_FALSE(*db->hash_at(3));
  auto unfinalized = db->unfinalized_blocks();
  ASSERT_TRUE(unfinalized);
  EXPECT_EQ(unfinalized->size(), 5u);
  ASSERT_TRUE(db->set_best(a[2].hash));
  EXPECT_EQ(*db->hash_at(1), a[0].hash);
  EXPECT_EQ(*db->hash_at(3), a[2].hash);
  // Finalizing b1 moves best onto it (a3 is no longer a candidate) and discards chain a.
  ASSERT_TRUE(db->finalize(b[0].hash));
  EXPECT_EQ(db->finalized(), (BlockRef{b[0].hash, 1}));
  EXPECT_EQ(db->best(), (BlockRef{b[0].hash, 1}));
  EXPECT_EQ(*db->hash_at(1), b[0].hash);
  EXPECT_FALSE(*db->hash_at(2));
  for (const auto& blk : a) {
    auto h = db->header(blk.hash);
    ASSERT_TRUE(h);
    EXPECT_FALSE(*h) << "discarded fork block still stored";
    EXPECT_FALSE(*db->has_state(blk.hash));
  }
  EXPECT_TRUE(*db->has_state(b[1].hash));
  testing::expect_state(*db, b[1].header.state_root, b[1].state);
  unfinalized = db->unfinalized_blocks();
  ASSERT_TRUE(unfinalized);
  ASSERT_EQ(unfinalized->size(), 1u);
  EXPECT_EQ((*unfinalized)[0].hash, b[1].hash);
  // A block on the discarded fork, or below the finalized block, is refused.
  auto late = prepare_block(*db, g.header, g.state, numbered_changes(21, 2), 3);
  auto r = db->commit(late.commit());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, DatabaseErrorKind::kNotDescendantOfFinalized);
  auto r2 = db->set_best(g.hash);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().kind, DatabaseErrorKind::kNotDescendantOfFinalized);
}

TEST(StorageDatabase, ImportAndFinalizeInOneCommit) {
  TempDir dir;
  auto db = open_db(dir.path(), test_options(PruningMode::keep_last(1)));
  ASSERT_TRUE(db);
  PreparedBlock g = prepare_block(*db, std::nullopt, StateModel{}, numbered_changes(0, 5), 0);
  ASSERT_TRUE(db->commit(g.commit()));
  PreparedBlock fork = prepare_block(*db, g.header, g.state, numbered_changes(50, 4), 9);
  ASSERT_TRUE(db->commit(fork.commit(false)));
  PreparedBlock b1 = prepare_block(*db, g.header, g.state, numbered_changes(1, 4), 0);
  BlockCommit c = b1.commit(true, b1.hash);  // finalize the block being imported
  ASSERT_TRUE(db->commit(c));
  EXPECT_EQ(db->finalized(), (BlockRef{b1.hash, 1}));
  EXPECT_EQ(db->oldest_state(), 1u);
  EXPECT_FALSE(*db->has_state(g.hash));
  EXPECT_FALSE(*db->header(fork.hash));
  testing::expect_state(*db, b1.header.state_root, b1.state);
  // Exactly the nodes of b1's state are left.
  auto elements = state_elements(loader_of(db->node_store()), b1.header.state_root);
  ASSERT_TRUE(elements);
  std::sort(elements->begin(), elements->end());
  elements->erase(std::unique(elements->begin(), elements->end()), elements->end());
  auto stored = db->node_hashes();
  ASSERT_TRUE(stored);
  std::sort(stored->begin(), stored->end());
  EXPECT_EQ(*stored, *elements);
}

TEST(StorageDatabase, UnchangedStateNeedsNoNodes) {
  TempDir dir;
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  PreparedBlock g = prepare_block(*db, std::nullopt, StateModel{}, numbered_changes(0, 5), 0);
  ASSERT_TRUE(db->commit(g.commit()));
  block::Header empty_block;
  empty_block.parent_hash = g.hash;
  empty_block.number = 1;
  empty_block.state_root = g.header.state_root;
  ASSERT_TRUE(db->commit(BlockCommit{empty_block, {}, {}, nullptr, true, {}}));
  EXPECT_EQ(db->best()->number, 1u);
}

TEST(StorageDatabase, ArchiveKeepsEveryState) {
  TempDir dir;
  auto db = open_db(dir.path(), test_options(PruningMode::archive_mode()));
  ASSERT_TRUE(db);
  std::vector<PreparedBlock> chain;
  chain.push_back(prepare_block(*db, std::nullopt, StateModel{}, numbered_changes(0, 10), 0));
  ASSERT_TRUE(db->commit(chain[0].commit()));
  for (int n = 1; n <= 10; ++n) {
    chain.push_back(
        prepare_block(*db, chain.back().header, chain.back().state, numbered_changes(n, 5), 0));
    ASSERT_TRUE(db->commit(chain.back().commit(true, chain.back().hash)));
  }
  EXPECT_EQ(db->oldest_state(), 0u);
  for (const auto& b : chain) {
    EXPECT_TRUE(*db->has_state(b.hash));
    testing::expect_state(*db, b.header.state_root, b.state);
  }
}

TEST(StorageDatabase, TrieOpenedOverTheDatabaseReadsLazily) {
  TempDir dir;
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  StateModel big;
  std::vector<Change> changes;
  changes.reserve(2000);
  for (int i = 0; i < 2000; ++i) {
    changes.push_back(Change{{}, to_bytes("k" + std::to_string(i)), to_bytes(std::to_string(i))});
  }
  PreparedBlock g = prepare_block(*db, std::nullopt, big, changes, 0);
  ASSERT_TRUE(db->commit(g.commit()));
  ASSERT_TRUE(db->flush());
  auto reopened_db = Database::open(dir.path() + "-missing", [] {
    DatabaseOptions o;
    o.create_if_missing = false;
    return o;
  }());
  EXPECT_FALSE(reopened_db);
  db.reset();
  db = open_db(dir.path());
  ASSERT_TRUE(db);
  Trie trie = Trie::open(g.header.state_root, db->node_store());
  auto v = trie.get(as_bytes("k1234"));
  ASSERT_TRUE(v && *v);
  EXPECT_EQ(**v, to_bytes("1234"));
  EXPECT_LT(trie.node_count(), 200u);  // one path loaded, not 2000 leaves
  EXPECT_GT(db->node_cache().entries(), 0u);
}

TEST(StorageDatabase, ReadersRunWhileBlocksAreCommitted) {
  // Two threads read a state that stays kept (the finalized one a few blocks back, with a wide
  // window) through both read paths while the main thread commits, finalizes and prunes.
  TempDir dir;
  auto db = open_db(dir.path(), test_options(PruningMode::keep_last(64)));
  ASSERT_TRUE(db);
  std::vector<Change> genesis_changes;
  genesis_changes.reserve(300);
  for (int i = 0; i < 300; ++i) {
    genesis_changes.push_back(
        Change{{}, to_bytes("key-" + std::to_string(i)), Bytes(40, static_cast<uint8_t>(i))});
  }
  PreparedBlock g = prepare_block(*db, std::nullopt, StateModel{}, genesis_changes, 0);
  ASSERT_TRUE(db->commit(g.commit()));
  const Hash256 root = g.header.state_root;
  const testing::Model model = g.state.top;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  auto reader = [&](int seed) {
    std::mt19937_64 rng(static_cast<uint64_t>(seed));
    while (!stop.load()) {
      Bytes key = to_bytes("key-" + std::to_string(rng() % 300));
      auto v = db->storage(root, key);
      if (!v || !*v || **v != model.at(key)) failures.fetch_add(1);
      Trie t = Trie::open(root, db->node_store());
      auto w = t.get(key);
      if (!w || !*w || **w != model.at(key)) failures.fetch_add(1);
    }
  };
  std::thread r1(reader, 1);
  std::thread r2(reader, 2);
  block::Header genesis_header = g.header;
  StateModel genesis_state = g.state;
  PreparedBlock head = std::move(g);
  for (int n = 1; n <= 40; ++n) {
    PreparedBlock b = prepare_block(*db, head.header, head.state, numbered_changes(n, 20), 0);
    auto r = db->commit(b.commit(true, b.hash));
    ASSERT_TRUE(r) << r.error().message();
    head = std::move(b);
  }
  stop = true;
  r1.join();
  r2.join();
  EXPECT_EQ(failures.load(), 0);
  testing::expect_state(*db, genesis_header.state_root, genesis_state);
}

}  // namespace
}  // namespace canary::state

namespace canary::state {
namespace {

// A genesis state of many keys written in parts (Database::write_genesis_state, each part a Trie
// opened at the previous part's root), then the genesis block committed with no more nodes: the
// database must end exactly as after one genesis commit of the same state, nodes and reference
// counts included (identical hashed values are shared by many leaves, later parts overwrite and
// remove keys of earlier ones), refuse more parts after the genesis, and copy itself through a
// checkpoint that opens as the same chain.
TEST(StorageDatabase, GenesisStateWrittenInPartsEqualsOneCommit) {
  std::mt19937_64 rng(23);
  std::map<Bytes, std::optional<Bytes>> last;  // what the state ends with
  std::vector<std::vector<std::pair<Bytes, std::optional<Bytes>>>> parts(5);
  const Bytes shared(80, 0x5a);  // as an endowed account's AccountInfo: hashed under V1
  for (size_t p = 0; p < parts.size(); ++p) {
    for (int i = 0; i < 300; ++i) {
      Bytes key = testing::random_bytes(rng, 1 + rng() % 40);
      Bytes value = i % 3 == 0 ? testing::random_bytes(rng, rng() % 60) : shared;
      parts[p].emplace_back(key, value);
    }
    if (p > 0) {
      // Overwrite and remove some keys of the previous part.
      for (int i = 0; i < 20; ++i) parts[p].emplace_back(parts[p - 1][i].first, std::nullopt);
      for (int i = 20; i < 40; ++i) parts[p].emplace_back(parts[p - 1][i].first, to_bytes("new"));
    }
    for (const auto& [k, v] : parts[p]) last[k] = v;
  }

  TempDir in_parts;
  TempDir at_once;
  TempDir copy;
  block::Header header;
  {
    auto db = open_db(in_parts.path());
    ASSERT_TRUE(db);
    Hash256 root = empty_trie_root(TrieHasher::kBlake2b256);
    for (const auto& part : parts) {
      Trie trie = Trie::open(root, db->node_store());
      for (const auto& [k, v] : part) {
        if (v) {
          ASSERT_TRUE(trie.insert(k, *v));
        } else {
          ASSERT_TRUE(trie.remove(k));
        }
      }
      NodeChanges changes;
      root = trie.root_hash(StateVersion::kV1, &changes);
      auto written = db->write_genesis_state(changes);
      ASSERT_TRUE(written) << written.error().message();
    }
    header.state_root = root;
    const NodeChanges nothing;
    BlockCommit genesis{header, {}, {}, nullptr, true, {}};
    genesis.changes = &nothing;
    ASSERT_TRUE(db->commit(genesis));
    auto again = db->write_genesis_state(NodeChanges{});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, DatabaseErrorKind::kInvalidBlock);
    ASSERT_TRUE(db->checkpoint(copy.path() + "/db"));
  }
  {
    auto db = open_db(at_once.path());
    ASSERT_TRUE(db);
    Trie trie;
    for (const auto& [k, v] : last) {
      if (v) ASSERT_TRUE(trie.insert(k, *v));
    }
    MemoryNodeStore nodes;
    ASSERT_EQ(trie.root_hash(StateVersion::kV1, &nodes), header.state_root);
    ASSERT_TRUE(db->commit(BlockCommit{header, {}, {}, &nodes, true, {}}));
  }
  auto a = open_db(in_parts.path());
  auto b = open_db(at_once.path());
  ASSERT_TRUE(a && b);
  auto hashes_a = a->node_hashes();
  auto hashes_b = b->node_hashes();
  ASSERT_TRUE(hashes_a && hashes_b);
  std::sort(hashes_a->begin(), hashes_a->end());
  std::sort(hashes_b->begin(), hashes_b->end());
  ASSERT_EQ(*hashes_a, *hashes_b);
  bool shared_seen = false;
  for (const Hash256& h : *hashes_a) {
    auto ra = a->node_refcount(h);
    auto rb = b->node_refcount(h);
    ASSERT_TRUE(ra && rb);
    EXPECT_EQ(*ra, *rb);
    shared_seen = shared_seen || *ra > 100;
  }
  EXPECT_TRUE(shared_seen) << "the shared value should be referenced by many leaves";

  DatabaseOptions o = test_options();
  o.expected_genesis = block::hash_of(header);
  auto c = open_db(copy.path() + "/db", o);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->best());
  EXPECT_EQ(c->best()->hash, block::hash_of(header));
  for (const auto& [k, v] : last) {
    auto got = c->storage(header.state_root, k);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, v);
  }
}

}  // namespace
}  // namespace canary::state
