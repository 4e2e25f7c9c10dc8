// The Canary runtime's dev genesis, a block built on it, and the same block imported by a second
// node that executes it: both must store the same block and state.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "blockchain/block_builder.hpp"
#include "blockchain/block_executor.hpp"
#include "blockchain/block_state.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "state/trie/proof.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::blockchain {
namespace {

using testing::inherents_for_slot;
using testing::secondary_plain_pre_digest;

struct Node {
  state::testing::TempDir dir;
  std::unique_ptr<Chain> chain;
};

void start_node(Node& node, GenesisBlock& genesis) {
  node.chain = testing::open_chain_at_genesis(node.dir.path(), genesis);
  ASSERT_TRUE(node.chain);
}

class BlockProduction : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef CANARY_RUNTIME_BLOB
    GTEST_SKIP() << "built without the wasm32 runtime";
#else
    host_ = std::make_unique<RuntimeHost>(RuntimeHostConfig{.compiled = false});
    auto genesis = testing::dev_genesis(*host_, &spec_);
    ASSERT_TRUE(genesis) << genesis.error().message();
    genesis_ = std::make_unique<GenesisBlock>(std::move(*genesis));
#endif
  }

  Result<BuiltBlock, BlockchainError> build_on(Chain& chain, const block::BlockHash& parent_hash,
                                               uint64_t slot) {
    auto parent = chain.header(parent_hash);
    EXPECT_TRUE(parent && *parent);
    auto builder = BlockBuilder::start(*host_, chain.database().node_store(), **parent,
                                       {secondary_plain_pre_digest(0, slot)},
                                       inherents_for_slot(slot, **parent));
    if (!builder) return unexpected(std::move(builder).error());
    return (*builder)->finish();
  }

  static state::BlockCommit commit_of(const BuiltBlock& built, bool make_best = true) {
    state::BlockCommit c;
    c.header = built.block.header;
    c.body = scale::encode(built.block.extrinsics);
    c.changes = built.changes.get();
    c.new_nodes = built.changes.get();
    c.make_best = make_best;
    return c;
  }

  // Builds and imports `count` blocks on `parent`, one per slot from `first_slot`, appending their
  // hashes to `fork`.
  void import_fork(Chain& chain, block::BlockHash parent, uint64_t first_slot, uint64_t count,
                   bool make_best, std::vector<block::BlockHash>& fork) {
    for (uint64_t slot = first_slot; slot < first_slot + count; ++slot) {
      auto built = build_on(chain, parent, slot);
      ASSERT_TRUE(built) << built.error().message();
      ASSERT_TRUE(chain.import(commit_of(*built, make_best)));
      parent = block::hash_of(built->block.header);
      fork.push_back(parent);
    }
  }

  std::unique_ptr<RuntimeHost> host_;
  state::ChainSpec spec_;
  std::unique_ptr<GenesisBlock> genesis_;
};

TEST_F(BlockProduction, DevGenesisHasTheRuntimeAndAStableHash) {
  EXPECT_TRUE(spec_.top.contains(to_bytes(":code")));
  auto again = make_genesis_block(spec_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->hash, genesis_->hash);
  EXPECT_EQ(genesis_->state_version, state::StateVersion::kV1);
}

TEST_F(BlockProduction, BuiltBlocksAreImportedByExecutionWithTheSameState) {
  Node author;
  Node follower;
  start_node(author, *genesis_);
  start_node(follower, *genesis_);
  block::BlockHash parent = genesis_->hash;
  Hash256 parent_root = genesis_->header.state_root;
  for (uint64_t slot = 1000; slot < 1003; ++slot) {
    SCOPED_TRACE(slot);
    auto built = build_on(*author.chain, parent, slot);
    ASSERT_TRUE(built) << built.error().message();
    EXPECT_EQ(built->block.extrinsics.size(), 2u);  // the timestamp and paras inherents
    ASSERT_TRUE(author.chain->import(commit_of(*built)));

    auto executed =
        execute_block(*host_, follower.chain->database().node_store(), parent_root, built->block);
    ASSERT_TRUE(executed) << executed.error().message();
    EXPECT_EQ(executed->state_root, built->block.header.state_root);
    state::BlockCommit c;
    c.header = built->block.header;
    c.body = scale::encode(built->block.extrinsics);
    c.changes = executed->changes.get();
    c.new_nodes = executed->changes.get();
    ASSERT_TRUE(follower.chain->import(c));
    parent = block::hash_of(built->block.header);
    parent_root = built->block.header.state_root;
    EXPECT_EQ(author.chain->best().hash, parent);
    EXPECT_EQ(follower.chain->best().hash, parent);
  }
  auto body = follower.chain->body(parent);
  ASSERT_TRUE(body && *body);
  EXPECT_EQ(body->value().size(), 2u);
}

TEST_F(BlockProduction, ATamperedBlockIsRefused) {
  Node author;
  Node follower;
  start_node(author, *genesis_);
  start_node(follower, *genesis_);
  auto built = build_on(*author.chain, genesis_->hash, 7);
  ASSERT_TRUE(built);
  block::Block bad = built->block;
  bad.header.state_root[0] ^= 1;
  auto executed = execute_block(*host_, follower.chain->database().node_store(),
                                genesis_->header.state_root, bad);
  ASSERT_FALSE(executed);
  EXPECT_EQ(executed.error().kind, BlockchainError::Kind::kBadBlock);
  bad = built->block;
  bad.extrinsics.clear();  // the mandatory timestamp is missing
  executed = execute_block(*host_, follower.chain->database().node_store(),
                           genesis_->header.state_root, bad);
  ASSERT_FALSE(executed);
}

TEST_F(BlockProduction, ForksRoutesAndFinality) {
  Node node;
  start_node(node, *genesis_);
  Chain& chain = *node.chain;
  // genesis ─ a1 ─ a2 ─ a3
  //        └─ b1 ─ b2
  std::vector<block::BlockHash> a;
  std::vector<block::BlockHash> b;
  ASSERT_NO_FATAL_FAILURE(import_fork(chain, genesis_->hash, 10, 3, /*make_best=*/true, a));
  ASSERT_NO_FATAL_FAILURE(import_fork(chain, genesis_->hash, 20, 2, /*make_best=*/false, b));
  EXPECT_EQ(chain.best().hash, a[2]);
  auto leaves = chain.leaves();
  ASSERT_EQ(leaves.size(), 2u);
  EXPECT_EQ(leaves[0].hash, a[2]);
  EXPECT_EQ(leaves[1].hash, b[1]);

  auto route = chain.tree_route(a[2], b[1]);
  ASSERT_TRUE(route);
  EXPECT_EQ(route->common.hash, genesis_->hash);
  ASSERT_EQ(route->retracted.size(), 3u);
  EXPECT_EQ(route->retracted[0].hash, a[2]);
  ASSERT_EQ(route->enacted.size(), 2u);
  EXPECT_EQ(route->enacted[0].hash, b[0]);
  EXPECT_EQ(route->enacted[1].hash, b[1]);

  auto d = chain.is_descendant(a[0], a[2]);
  ASSERT_TRUE(d);
  EXPECT_TRUE(*d);
  d = chain.is_descendant(a[0], b[1]);
  ASSERT_TRUE(d);
  EXPECT_FALSE(*d);
  d = chain.is_descendant(genesis_->hash, b[1]);
  ASSERT_TRUE(d);
  EXPECT_TRUE(*d);

  struct Recorder : ChainObserver {
    std::vector<FinalityNotice> finalized;
    void on_finalized(const FinalityNotice& n) override { finalized.push_back(n); }
  } recorder;
  chain.add_observer(&recorder);
  ASSERT_TRUE(chain.finalize(a[1], Bytes{1, 2}));
  ASSERT_EQ(recorder.finalized.size(), 1u);
  const FinalityNotice& n = recorder.finalized[0];
  EXPECT_EQ(n.finalized.hash, a[1]);
  ASSERT_EQ(n.newly_finalized.size(), 2u);
  EXPECT_EQ(n.newly_finalized[0].hash, a[0]);
  EXPECT_EQ(n.discarded.size(), 2u);
  EXPECT_EQ(chain.finalized().hash, a[1]);
  EXPECT_FALSE(chain.header(b[1]).value().has_value());
  EXPECT_EQ(chain.leaves().size(), 1u);
  auto canonical = chain.canonical_hash(1);
  ASSERT_TRUE(canonical && *canonical);
  EXPECT_EQ(**canonical, a[0]);
  chain.remove_observer(&recorder);
}

// GRANDPA may finalize a fork that is not the best one. The database moves the best block to the
// finalized one (as Substrate's client does), and observers hear of it as a reorganization before
// the finality notice: the pool's watchers would otherwise keep reporting a retracted block.
TEST_F(BlockProduction, FinalizingAnotherForkMovesTheBestBlockAsAReorg) {
  Node node;
  start_node(node, *genesis_);
  Chain& chain = *node.chain;
  // genesis ─ a1 ─ a2 (best)
  //        └─ b1 ─ b2
  std::vector<block::BlockHash> a;
  std::vector<block::BlockHash> b;
  ASSERT_NO_FATAL_FAILURE(import_fork(chain, genesis_->hash, 10, 2, /*make_best=*/true, a));
  ASSERT_NO_FATAL_FAILURE(import_fork(chain, genesis_->hash, 20, 2, /*make_best=*/false, b));
  ASSERT_EQ(chain.best().hash, a[1]);

  struct Recorder : ChainObserver {
    std::vector<std::string> events;
    std::optional<TreeRoute> reorg;
    BlockRef best;
    void on_best_block_changed(const BlockRef& block,
                               const std::optional<TreeRoute>& route) override {
      events.emplace_back("best");
      best = block;
      reorg = route;
    }
    void on_finalized(const FinalityNotice& /*notice*/) override { events.emplace_back("final"); }
  } recorder;
  chain.add_observer(&recorder);
  ASSERT_TRUE(chain.finalize(b[0], std::nullopt));
  chain.remove_observer(&recorder);

  EXPECT_EQ(recorder.events, (std::vector<std::string>{"best", "final"}));
  EXPECT_EQ(chain.best().hash, b[0]);
  EXPECT_EQ(recorder.best.hash, b[0]);
  ASSERT_TRUE(recorder.reorg.has_value());
  EXPECT_EQ(recorder.reorg->common.hash, genesis_->hash);
  ASSERT_EQ(recorder.reorg->retracted.size(), 2u);
  EXPECT_EQ(recorder.reorg->retracted[0].hash, a[1]);
  EXPECT_EQ(recorder.reorg->retracted[1].hash, a[0]);
  ASSERT_EQ(recorder.reorg->enacted.size(), 1u);
  EXPECT_EQ(recorder.reorg->enacted[0].hash, b[0]);

  // A finalized block above the best one carries the best block along, without a reorg.
  Recorder ahead;
  chain.add_observer(&ahead);
  ASSERT_TRUE(chain.finalize(b[1], std::nullopt));
  chain.remove_observer(&ahead);
  EXPECT_EQ(ahead.events, (std::vector<std::string>{"best", "final"}));
  EXPECT_EQ(ahead.best.hash, b[1]);
  EXPECT_FALSE(ahead.reorg.has_value());

  // Finality passing a best block that lagged behind by several blocks enacts them all.
  std::vector<block::BlockHash> c;
  ASSERT_NO_FATAL_FAILURE(import_fork(chain, b[1], 30, 2, /*make_best=*/false, c));
  Recorder lagging;
  chain.add_observer(&lagging);
  ASSERT_TRUE(chain.finalize(c[1], std::nullopt));
  chain.remove_observer(&lagging);
  EXPECT_EQ(lagging.events, (std::vector<std::string>{"best", "final"}));
  EXPECT_EQ(chain.best().hash, c[1]);
  ASSERT_TRUE(lagging.reorg.has_value());
  EXPECT_TRUE(lagging.reorg->retracted.empty());
  ASSERT_EQ(lagging.reorg->enacted.size(), 2u);
  EXPECT_EQ(lagging.reorg->enacted[0].hash, c[0]);

  // Finalizing at or below the best block moves nothing: no best-block notice.
  Recorder quiet;
  chain.add_observer(&quiet);
  ASSERT_TRUE(chain.finalize(c[1], std::nullopt));
  chain.remove_observer(&quiet);
  EXPECT_TRUE(quiet.events.empty());
}

TEST_F(BlockProduction, BlockStateReadsPagesProvesAndCalls) {
  Node node;
  start_node(node, *genesis_);
  auto built = build_on(*node.chain, genesis_->hash, 5);
  ASSERT_TRUE(built);
  ASSERT_TRUE(node.chain->import(commit_of(*built)));
  auto st = BlockState::at(*node.chain, block::hash_of(built->block.header));
  ASSERT_TRUE(st) << st.error().message();
  auto code = st->get(to_bytes(":code"));
  ASSERT_TRUE(code && *code);
  EXPECT_EQ(**code, spec_.top.at(to_bytes(":code")));

  // Every key in order, then the same in pages of 3.
  auto all = st->keys({}, 1000);
  ASSERT_TRUE(all);
  ASSERT_GT(all->size(), 10u);
  EXPECT_TRUE(std::is_sorted(all->begin(), all->end()));
  std::vector<Bytes> paged;
  std::optional<Bytes> last;
  for (;;) {
    auto page = last ? st->keys({}, 3, ByteSpan(*last)) : st->keys({}, 3);
    ASSERT_TRUE(page);
    if (page->empty()) break;
    paged.insert(paged.end(), page->begin(), page->end());
    last = page->back();
  }
  EXPECT_EQ(paged, *all);
  // A prefix narrows it; entries carry the values.
  const Bytes prefix = {(*all)[all->size() / 2][0]};
  auto entries = st->entries(prefix, 1000);
  ASSERT_TRUE(entries);
  for (const auto& [k, v] : *entries) {
    EXPECT_EQ(k[0], prefix[0]);
    EXPECT_EQ(st->get(k).value(), std::optional<Bytes>(v));
  }

  // A read proof answers for present and absent keys alike.
  std::vector<Bytes> keys = {to_bytes(":code"), to_bytes(":nothing-here")};
  auto proof = st->read_proof(keys);
  ASSERT_TRUE(proof);
  auto proven = state::read_proof(st->state_root(), *proof, keys);
  ASSERT_TRUE(proven);
  EXPECT_EQ((*proven)[0], *code);
  EXPECT_FALSE((*proven)[1]);

  auto version = st->runtime_version(*host_);
  ASSERT_TRUE(version);
  EXPECT_EQ(version->spec_name, "canary");
  auto encoded = st->call(*host_, "Core_version", {});
  ASSERT_TRUE(encoded) << encoded.error().message();
  auto decoded = runtime::decode_runtime_version(*encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->spec_version, version->spec_version);
  auto missing = BlockState::at(*node.chain, Hash256{});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, BlockchainError::Kind::kUnknownBlock);
}

}  // namespace
}  // namespace canary::blockchain
