// Pruning with reference counts, against an independent model of which states must be kept.
// Random block trees (forks, siblings with identical states, values that come back after being
// removed, V1 hashed values, child tries), random best-block moves and finalizations, windows of
// 1 to 4 blocks, and reopening the database on the way. After every step:
//  - every kept state (the last `window` finalized blocks and every unfinalized block that
//    descends from the finalized one) reads back entirely and equals its model;
//  - pruned and discarded blocks report no state, discarded blocks are gone;
//  - the stored nodes are exactly the union of the kept states' elements (no leak), and each
//    node's reference count is exactly elements(oldest kept) + the inserted journals above it.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "state/storage/database.hpp"
#include "state/storage/state_diff.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::state {
namespace {

using testing::Change;
using testing::prepare_block;
using testing::PreparedBlock;
using testing::StateModel;
using testing::TempDir;
using Multiset = std::map<Hash256, int64_t>;

struct ModelBlock {
  block::Header header;
  block::BlockHash hash{};
  StateModel state;
  bool discarded = false;
};

class PruningModel {
 public:
  PruningModel(uint64_t seed, uint32_t window, bool report_changes = false)
      : rng_(seed), window_(window), report_changes_(report_changes) {}

  void run(int steps) {
    open();
    PreparedBlock g = prepare_block(*db_, std::nullopt, StateModel{}, random_changes(12), 0);
    ASSERT_TRUE(db_->commit(g.commit()));
    add(g);
    finalized_ = g.hash;
    best_ = g.hash;
    check();
    for (int step = 0; step < steps && !::testing::Test::HasFatalFailure(); ++step) {
      SCOPED_TRACE("step " + std::to_string(step));
      uint64_t action = rng_() % 10;
      if (action < 6) {
        import_block();
      } else if (action < 8) {
        finalize_some();
      } else if (action < 9) {
        set_best_some();
      } else {
        db_.reset();  // close and reopen: everything must come back
        open();
      }
      // The stored node set is compared every fourth step and after the last one: a leaked or
      // lost node stays leaked or lost, and the comparison walks the whole column (RocksDB
      // sorts the hashed memtable for it), the most expensive part of a step.
      check(/*compare_node_set=*/step % 4 == 3 || step + 1 == steps);
    }
  }

 private:
  void open() {
    DatabaseOptions o;
    o.pruning = PruningMode::keep_last(window_);
    o.sync = SyncPolicy::kNever;
    o.node_cache_bytes = 1 << 16;  // small: evictions and re-reads happen
    o.db_cache_bytes = 1 << 20;
    auto db = Database::open(dir_.path(), o);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
  }

  void add(const PreparedBlock& b) {
    blocks_[b.hash] = ModelBlock{b.header, b.hash, b.state, false};
    order_.push_back(b.hash);
  }

  std::vector<Change> random_changes(int count) {
    std::vector<Change> out;
    for (int i = 0; i < count; ++i) {
      Change c;
      if (rng_() % 4 == 0) c.child = Bytes{static_cast<uint8_t>('a' + rng_() % 2)};
      c.key = to_bytes("k" + std::to_string(rng_() % 30));
      if (rng_() % 5 != 0) {
        // Few distinct values: states repeat and nodes come back after being removed.
        static const size_t sizes[] = {3, 32, 33, 70};
        c.value = Bytes(sizes[rng_() % 4], static_cast<uint8_t>(rng_() % 3));
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  uint32_t number_of(const block::BlockHash& h) const { return blocks_.at(h).header.number; }

  bool descends(block::BlockHash h, const block::BlockHash& ancestor) const {
    uint32_t target = number_of(ancestor);
    while (true) {
      const ModelBlock& b = blocks_.at(h);
      if (b.header.number == target) return h == ancestor;
      if (b.header.number < target) return false;
      h = b.header.parent_hash;
    }
  }

  // Blocks whose state must be readable.
  std::vector<block::BlockHash> live() const {
    std::vector<block::BlockHash> out;
    for (const auto& h : order_) {
      const ModelBlock& b = blocks_.at(h);
      if (b.discarded) continue;
      if (b.header.number > number_of(finalized_) && descends(h, finalized_)) out.push_back(h);
    }
    return out;
  }

  std::vector<block::BlockHash> kept() const {
    std::vector<block::BlockHash> out = live();
    block::BlockHash h = finalized_;
    while (true) {
      const ModelBlock& b = blocks_.at(h);
      if (b.header.number < oldest_) break;
      out.push_back(h);
      if (b.header.number == 0) break;
      h = b.header.parent_hash;
    }
    return out;
  }

  void import_block() {
    std::vector<block::BlockHash> parents = live();
    parents.push_back(finalized_);
    block::BlockHash parent = rng_() % 2 == 0 ? best_ : parents[rng_() % parents.size()];
    const ModelBlock& p = blocks_.at(parent);
    std::vector<Change> changes = random_changes(1 + static_cast<int>(rng_() % 8));
    // Sometimes a sibling with exactly the state of an existing child: shared nodes.
    for (const auto& h : order_) {
      const ModelBlock& b = blocks_.at(h);
      if (!b.discarded && b.header.parent_hash == parent && rng_() % 3 == 0) {
        changes.clear();
        for (const auto& [k, v] : b.state.top) changes.push_back(Change{{}, k, v});
        for (const auto& [k, _] : p.state.top) {
          if (!b.state.top.contains(k)) changes.push_back(Change{{}, k, std::nullopt});
        }
        for (const auto& [ck, child] : p.state.children) {
          for (const auto& [k, _] : child) changes.push_back(Change{ck, k, std::nullopt});
        }
        for (const auto& [ck, child] : b.state.children) {
          for (const auto& [k, v] : child) changes.push_back(Change{ck, k, v});
        }
        break;
      }
    }
    PreparedBlock b = prepare_block(*db_, p.header, p.state, changes, ++salt_);
    b.report_changes = report_changes_;
    ASSERT_EQ(b.header.state_root, testing::expected_root(b.state));
    bool make_best = rng_() % 3 != 0;
    std::optional<block::BlockHash> fin;
    if (rng_() % 6 == 0) fin = b.hash;
    auto r = db_->commit(b.commit(make_best, fin));
    ASSERT_TRUE(r) << r.error().message();
    add(b);
    if (make_best) best_ = b.hash;
    if (fin) apply_finality(*fin);
  }

  void finalize_some() {
    std::vector<block::BlockHash> candidates = live();
    if (candidates.empty()) return;
    block::BlockHash target = candidates[rng_() % candidates.size()];
    auto r = db_->finalize(target);
    ASSERT_TRUE(r) << r.error().message();
    apply_finality(target);
  }

  void set_best_some() {
    std::vector<block::BlockHash> candidates = live();
    candidates.push_back(finalized_);
    block::BlockHash target = candidates[rng_() % candidates.size()];
    auto r = db_->set_best(target);
    ASSERT_TRUE(r) << r.error().message();
    best_ = target;
  }

  void apply_finality(const block::BlockHash& target) {
    if (!descends(best_, target)) best_ = target;
    finalized_ = target;
    for (const auto& h : order_) {
      ModelBlock& b = blocks_.at(h);
      if (b.header.number == 0 || b.discarded) continue;
      bool canonical = descends(target, h);
      bool above = b.header.number > number_of(target) && descends(h, target);
      if (!canonical && !above) b.discarded = true;
    }
    uint32_t f = number_of(target);
    if (f + 1 > window_) oldest_ = std::max(oldest_, f + 1 - window_);
  }

  Multiset elements(const block::BlockHash& h) {
    auto e = state_elements(loader_of(db_->node_store()), blocks_.at(h).header.state_root);
    EXPECT_TRUE(e) << "state of block " << number_of(h) << " is incomplete";
    Multiset m;
    if (e) {
      for (const auto& x : *e) ++m[x];
    }
    return m;
  }

  void check(bool compare_node_set = true) {
    if (::testing::Test::HasFatalFailure()) return;
    ASSERT_EQ(db_->finalized()->hash, finalized_);
    ASSERT_EQ(db_->best()->hash, best_);
    ASSERT_EQ(db_->oldest_state(), oldest_);
    // The canonical index is the best chain.
    block::BlockHash h = best_;
    while (true) {
      auto at = db_->hash_at(number_of(h));
      ASSERT_TRUE(at && *at);
      ASSERT_EQ(**at, h);
      if (number_of(h) == 0) break;
      h = blocks_.at(h).header.parent_hash;
    }
    auto above = db_->hash_at(number_of(best_) + 1);
    ASSERT_TRUE(above);
    EXPECT_FALSE(*above);

    std::vector<block::BlockHash> keep = kept();
    std::set<block::BlockHash> keep_set(keep.begin(), keep.end());
    std::map<block::BlockHash, Multiset> kept_elements;
    for (const auto& k : keep) {
      auto has = db_->has_state(k);
      ASSERT_TRUE(has);
      EXPECT_TRUE(*has) << "kept block " << number_of(k) << " has no state";
      testing::expect_state(*db_, blocks_.at(k).header.state_root, blocks_.at(k).state);
      kept_elements[k] = elements(k);
    }
    for (const auto& [hash, b] : blocks_) {
      if (keep_set.contains(hash)) continue;
      auto has = db_->has_state(hash);
      ASSERT_TRUE(has);
      EXPECT_FALSE(*has) << "pruned block " << b.header.number << " still has a state";
      auto header = db_->header(hash);
      ASSERT_TRUE(header);
      EXPECT_EQ(header->has_value(), !b.discarded);
    }
    // Expected counts: the oldest kept canonical state, plus what each other kept block
    // inserted over its parent (which is always kept too).
    Multiset expected;
    block::BlockHash oldest_hash = finalized_;
    while (number_of(oldest_hash) > oldest_)
      oldest_hash = blocks_.at(oldest_hash).header.parent_hash;
    expected = kept_elements.at(oldest_hash);
    for (const auto& k : keep) {
      if (k == oldest_hash) continue;
      const Multiset& mine = kept_elements.at(k);
      const Multiset& parent = kept_elements.at(blocks_.at(k).header.parent_hash);
      for (const auto& [e, n] : mine) {
        auto it = parent.find(e);
        int64_t extra = n - (it == parent.end() ? 0 : it->second);
        if (extra > 0) expected[e] += extra;
      }
    }
    if (compare_node_set) {
      auto stored = db_->node_hashes();
      ASSERT_TRUE(stored);
      std::set<Hash256> stored_set(stored->begin(), stored->end());
      std::set<Hash256> expected_set;
      for (const auto& [e, n] : expected) expected_set.insert(e);
      EXPECT_EQ(stored_set.size(), expected_set.size()) << "leaked or lost nodes";
      EXPECT_EQ(stored_set, expected_set);
    }
    // Point reads of kept states agree with the models (and fill the value cache)...
    for (const auto& k : keep) {
      const ModelBlock& b = blocks_.at(k);
      for (int i = 0; i < 30; i += 3) {
        Bytes key = to_bytes("k" + std::to_string(i));
        auto got = db_->storage(b.header.state_root, key);
        ASSERT_TRUE(got) << got.error().message();
        auto it = b.state.top.find(key);
        EXPECT_EQ(*got, it == b.state.top.end() ? std::nullopt : std::optional<Bytes>(it->second));
      }
    }
    // ...and a pruned state is gone, also from the caches: its root cannot be read (unless a
    // kept state shares it), and no remembered point read answers for it.
    for (const auto& [hash, b] : blocks_) {
      if (keep_set.contains(hash) || expected.contains(b.header.state_root)) continue;
      auto root = db_->load_node(b.header.state_root);
      ASSERT_TRUE(root);
      EXPECT_EQ(*root, nullptr) << "pruned state of block " << b.header.number << " readable";
      if (b.header.state_root == block::kEmptyTrieRoot) continue;
      auto read = db_->storage(b.header.state_root, to_bytes("k0"));
      EXPECT_FALSE(read) << "pruned state of block " << b.header.number << " answers reads";
    }
    for (const auto& [e, n] : expected) {
      auto rc = db_->node_refcount(e);
      ASSERT_TRUE(rc);
      EXPECT_EQ(static_cast<int64_t>(*rc), n);
    }
  }

  TempDir dir_;
  std::mt19937_64 rng_;
  uint32_t window_;
  bool report_changes_ = false;
  std::unique_ptr<Database> db_;
  std::map<block::BlockHash, ModelBlock> blocks_;
  std::vector<block::BlockHash> order_;
  block::BlockHash finalized_{};
  block::BlockHash best_{};
  uint32_t oldest_ = 0;
  uint64_t salt_ = 0;
};

TEST(StoragePruning, RandomBlockTreesKeepExactlyTheWindow) {
  // Eight seeds: each window of 1 to 4 blocks twice, once with the journals diffed and once
  // (seeds 5 to 8) with the journals taken from the tries' reports.
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    PruningModel model(seed, 1 + static_cast<uint32_t>(seed % 4), seed > 4);
    model.run(70);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(StoragePruning, AWindowShrunkBetweenRunsPrunesAtTheNextFinalization) {
  TempDir dir;
  DatabaseOptions o;
  o.sync = SyncPolicy::kNever;
  o.pruning = PruningMode::keep_last(100);
  std::vector<PreparedBlock> chain;
  {
    auto db = Database::open(dir.path(), o);
    ASSERT_TRUE(db);
    chain.push_back(prepare_block(**db, std::nullopt, StateModel{},
                                  {Change{{}, to_bytes("a"), to_bytes("0")}}, 0));
    ASSERT_TRUE((*db)->commit(chain[0].commit()));
    for (int n = 1; n <= 20; ++n) {
      std::vector<Change> changes{Change{{}, to_bytes("a"), to_bytes(std::to_string(n))},
                                  Change{{}, to_bytes("b" + std::to_string(n)), Bytes(40, 1)}};
      chain.push_back(prepare_block(**db, chain.back().header, chain.back().state, changes, 0));
      ASSERT_TRUE((*db)->commit(chain.back().commit(true, chain.back().hash)));
    }
    EXPECT_EQ((*db)->oldest_state(), 0u);
  }
  o.pruning = PruningMode::keep_last(3);
  auto db = Database::open(dir.path(), o);
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->pruning(), PruningMode::keep_last(3));
  EXPECT_TRUE(*(*db)->has_state(chain[5].hash));  // not pruned until finality moves
  std::vector<Change> changes{Change{{}, to_bytes("a"), to_bytes("21")}};
  chain.push_back(prepare_block(**db, chain.back().header, chain.back().state, changes, 0));
  ASSERT_TRUE((*db)->commit(chain.back().commit(true, chain.back().hash)));
  EXPECT_EQ((*db)->oldest_state(), 19u);
  for (size_t n = 0; n < chain.size(); ++n) {
    EXPECT_EQ(*(*db)->has_state(chain[n].hash), n >= 19) << n;
  }
  for (size_t n = 19; n < chain.size(); ++n) {
    testing::expect_state(**db, chain[n].header.state_root, chain[n].state);
  }
}

TEST(StoragePruning, AFarFinalityJumpIsPrunedOverSeveralWrites) {
  TempDir dir;
  DatabaseOptions o;
  o.sync = SyncPolicy::kNever;
  o.pruning = PruningMode::keep_last(2);
  auto opened = Database::open(dir.path(), o);
  ASSERT_TRUE(opened);
  Database& db = **opened;
  std::vector<PreparedBlock> chain;
  auto extend = [&](int n) {
    std::vector<Change> changes{
        Change{{}, to_bytes("k" + std::to_string(n % 7)), Bytes(40, uint8_t(n))}};
    if (chain.empty()) {
      chain.push_back(prepare_block(db, std::nullopt, StateModel{}, changes, 0));
    } else {
      chain.push_back(prepare_block(db, chain.back().header, chain.back().state, changes, 0));
    }
    ASSERT_TRUE(db.commit(chain.back().commit()));
  };
  for (int n = 0; n <= 200; ++n) extend(n);
  ASSERT_TRUE(db.finalize(chain[200].hash));
  EXPECT_EQ(db.oldest_state(), 64u);  // one batch prunes at most 64 blocks
  EXPECT_TRUE(*db.has_state(chain[64].hash));
  EXPECT_FALSE(*db.has_state(chain[63].hash));
  for (int n = 201; n <= 203; ++n) extend(n);  // later writes continue
  EXPECT_EQ(db.oldest_state(), 199u);
  std::set<Hash256> referenced;
  for (size_t n = 199; n < chain.size(); ++n) {
    testing::expect_state(db, chain[n].header.state_root, chain[n].state);
    auto e = state_elements(loader_of(db.node_store()), chain[n].header.state_root);
    ASSERT_TRUE(e);
    referenced.insert(e->begin(), e->end());
  }
  auto stored = db.node_hashes();
  ASSERT_TRUE(stored);
  EXPECT_EQ(std::set<Hash256>(stored->begin(), stored->end()), referenced);
}

}  // namespace
}  // namespace canary::state
