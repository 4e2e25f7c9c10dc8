// The ready queue and the author's iterator, against the cases of polkadot-sdk
// substrate/client/transaction-pool/src/graph/ready.rs (its unit tests' graphs and expected
// orders), plus the cycle guard and the accounting Canary adds.
#include "txpool/ready_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "txpool_test_util.hpp"

namespace canary::txpool {
namespace {

using testing::drain_ids;
using testing::id_of;
using testing::make_tx;
using testing::tag;
using testing::TxSpec;

Tag t(uint8_t b) {
  return Bytes{b};
}

// ready.rs tests' tx(id): priority 1, valid_till 2, requires [1],[2], provides [3],[4].
TxSpec base(uint32_t id) {
  return TxSpec{id, 1, {t(1), t(2)}, {t(3), t(4)}, 2, 1};
}

// ready.rs populate_pool:
//   tx1 -> tx2 \
//       ->  ->  tx3
//       -> tx4 -> tx5 -> tx6
//       -> tx7
void populate(ReadyQueue& ready) {
  TxSpec tx1 = base(1);
  tx1.requires_tags.clear();
  TxSpec tx2 = base(2);
  tx2.requires_tags = tx1.provides_tags;
  tx2.provides_tags = {t(106)};
  TxSpec tx3 = base(3);
  tx3.requires_tags = {t(3), t(106)};
  tx3.provides_tags = {};
  TxSpec tx4 = base(4);
  tx4.requires_tags = {t(3)};
  tx4.provides_tags = {t(107)};
  TxSpec tx5 = base(5);
  tx5.requires_tags = {t(107)};
  tx5.provides_tags = {t(108)};
  TxSpec tx6 = base(6);
  tx6.requires_tags = {t(108)};
  tx6.provides_tags = {};
  TxSpec tx7{7, 1, {t(3)}, {}, UINT64_MAX, 1};
  for (const TxSpec& spec : {tx1, tx2, tx3, tx7, tx4, tx5, tx6})
    ASSERT_TRUE(ready.import(make_tx(spec)).has_value());
  ASSERT_EQ(ready.best_count(), 1u);
}

TEST(ReadyQueue, ReturnsBestTransactionsInDependencyOrder) {
  ReadyQueue ready;
  populate(ready);
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7}));
  // The iterator is a snapshot: draining it leaves the queue as it was.
  EXPECT_EQ(ready.size(), 7u);
  EXPECT_EQ(drain_ids(ready.iterate()).size(), 7u);
}

TEST(ReadyQueue, ReportInvalidSkipsTheDependentSubgraph) {
  ReadyQueue ready;
  populate(ready);
  ReadyIterator it = ready.iterate();
  std::vector<uint32_t> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(id_of(it.next()->hash));
  ASSERT_EQ(ids, (std::vector<uint32_t>{1, 2, 3, 4}));
  it.report_invalid(testing::hash_of(4));  // 5 and 6 depend on 4
  TransactionPtr next = it.next();
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(id_of(next->hash), 7u);
  EXPECT_EQ(it.next(), nullptr);
  // Reporting something unknown or after the end does nothing.
  it.report_invalid(testing::hash_of(99));
  EXPECT_EQ(it.next(), nullptr);
}

TEST(ReadyQueue, OrdersByPriorityThenValidTillThenAge) {
  BetterFirst better;
  EXPECT_TRUE(better({3, 3, 1}, {2, 3, 0}));  // higher priority first
  EXPECT_TRUE(better({3, 2, 2}, {3, 3, 1}));  // then sooner expiry
  EXPECT_TRUE(better({3, 3, 1}, {3, 3, 2}));  // then earlier import
  EXPECT_FALSE(better({3, 3, 1}, {3, 3, 1}));

  ReadyQueue ready;
  ASSERT_TRUE(ready.import(make_tx({1, 2, {}, {tag("a")}, 10})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 3, {}, {tag("b")}, 10})).has_value());
  ASSERT_TRUE(ready.import(make_tx({3, 3, {}, {tag("c")}, 5})).has_value());
  ASSERT_TRUE(ready.import(make_tx({4, 3, {}, {tag("d")}, 5})).has_value());
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{3, 4, 2, 1}));
}

TEST(ReadyQueue, ReplacesTransactionsProvidingTheSameTagOnlyWithHigherPriority) {
  ReadyQueue ready;
  TxSpec tx2 = base(2);
  tx2.requires_tags.clear();
  tx2.provides_tags = {t(3)};
  TxSpec tx3 = base(3);
  tx3.requires_tags.clear();
  tx3.provides_tags = {t(4)};
  ASSERT_TRUE(ready.import(make_tx(tx2)).has_value());
  ASSERT_TRUE(ready.import(make_tx(tx3)).has_value());

  TxSpec tx1 = base(1);
  tx1.requires_tags.clear();
  auto low = ready.import(make_tx(tx1));
  ASSERT_FALSE(low.has_value());
  EXPECT_EQ(low.error().kind, PoolErrorKind::kTooLowPriority);
  EXPECT_EQ(low.error().old_priority, 2u);  // the sum of both replaced priorities
  EXPECT_EQ(low.error().new_priority, 1u);
  EXPECT_EQ(ready.size(), 2u);

  tx1.priority = 2;  // equal to the sum: still refused
  EXPECT_FALSE(ready.import(make_tx(tx1)).has_value());
  tx1.priority = 10;
  auto replaced = ready.import(make_tx(tx1));
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->size(), 2u);
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{1}));
  EXPECT_EQ(*ready.provider_of(t(3)), testing::hash_of(1));
  EXPECT_EQ(*ready.provider_of(t(4)), testing::hash_of(1));
}

TEST(ReadyQueue, ReplacementRemovesDependentsOfTagsItDoesNotProvideAgain) {
  // ready.rs should_replace_multiple_transactions_correctly.
  ReadyQueue ready;
  ASSERT_TRUE(ready.import(make_tx({0, 1, {}, {t(0)}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({1, 1, {}, {t(1)}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 1, {t(0), t(1)}, {t(2), t(3)}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({3, 1, {t(2)}, {t(4)}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({4, 1, {t(3)}, {t(5)}})).has_value());
  ASSERT_EQ(drain_ids(ready.iterate()).size(), 5u);

  auto replaced = ready.import(make_tx({5, 10, {t(0), t(1)}, {t(2)}}));
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->size(), 3u);  // 2, and 3 and 4 which depended on 2's tags
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{0, 1, 5}));
  EXPECT_EQ(ready.provider_of(t(3)), nullptr);
}

TEST(ReadyQueue, ReplacementKeepsDependentsOfTagsItProvidesAgain) {
  ReadyQueue ready;
  ASSERT_TRUE(ready.import(make_tx({1, 1, {}, {tag("a0")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 1, {tag("a0")}, {tag("a1")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({3, 1, {tag("a1")}, {tag("a2")}})).has_value());
  // A tip bump of nonce 0: same tag, higher priority.
  auto replaced = ready.import(make_tx({4, 5, {}, {tag("a0")}}));
  ASSERT_TRUE(replaced.has_value());
  ASSERT_EQ(replaced->size(), 1u);
  EXPECT_EQ(id_of((*replaced)[0]->hash), 1u);
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{4, 2, 3}));
  EXPECT_EQ(ready.best_count(), 1u);
}

TEST(ReadyQueue, RefusesAReplacementThatDependsOnWhatItReplaces) {
  ReadyQueue ready;
  ASSERT_TRUE(ready.import(make_tx({1, 1, {}, {tag("x"), tag("y")}})).has_value());
  auto direct = ready.import(make_tx({2, 10, {tag("x")}, {tag("y")}}));
  ASSERT_FALSE(direct.has_value());
  EXPECT_EQ(direct.error().kind, PoolErrorKind::kCycleDetected);

  // Through a dependent: 3 needs a, provided by 1 which 4 replaces; 4 requires 3's tag.
  ASSERT_TRUE(ready.import(make_tx({3, 1, {tag("x")}, {tag("d")}})).has_value());
  auto indirect = ready.import(make_tx({4, 10, {tag("d")}, {tag("x"), tag("y")}}));
  ASSERT_FALSE(indirect.has_value());
  EXPECT_EQ(indirect.error().kind, PoolErrorKind::kCycleDetected);

  // Nothing changed.
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(*ready.provider_of(tag("x")), testing::hash_of(1));
}

TEST(ReadyQueue, RemoveSubtreeRemovesDependentsAndUnlinksFromProviders) {
  ReadyQueue ready;
  populate(ready);
  auto removed = ready.remove_subtree(std::vector<TransactionHash>{testing::hash_of(2)});
  // 2 and 3 (which needs 106 from 2).
  EXPECT_EQ(removed.size(), 2u);
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{1, 4, 5, 6, 7}));
  removed = ready.remove_subtree(std::vector<TransactionHash>{testing::hash_of(1)});
  EXPECT_EQ(removed.size(), 5u);
  EXPECT_EQ(ready.size(), 0u);
  EXPECT_EQ(ready.bytes(), 0u);
  EXPECT_EQ(ready.best_count(), 0u);
  EXPECT_TRUE(ready.remove_subtree(std::vector<TransactionHash>{testing::hash_of(1)}).empty());
}

TEST(ReadyQueue, PruneTagRemovesProviderAndLonePredecessorsAndFreesDependents) {
  ReadyQueue ready;
  ASSERT_TRUE(ready.import(make_tx({1, 1, {}, {tag("a")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 1, {tag("a")}, {tag("b")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({3, 1, {tag("b")}, {tag("c")}})).has_value());
  ASSERT_EQ(ready.best_count(), 1u);

  std::vector<Tag> b{tag("b")};
  auto result = ready.prune_tags(b);
  EXPECT_TRUE(result.displaced.empty());
  const auto& pruned = result.pruned;
  ASSERT_EQ(pruned.size(), 2u);  // 2 provided b, and 1 unlocked nothing else
  EXPECT_EQ(id_of(pruned[0]->hash), 2u);
  EXPECT_EQ(id_of(pruned[1]->hash), 1u);
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{3}));
  EXPECT_EQ(ready.best_count(), 1u);  // 3 counts b as on chain now
  EXPECT_EQ(ready.provider_of(tag("a")), nullptr);
  EXPECT_TRUE(ready.prune_tags(b).pruned.empty());
}

TEST(ReadyQueue, PruneTagKeepsAPredecessorThatUnlocksSomethingElse) {
  ReadyQueue ready;
  ASSERT_TRUE(ready.import(make_tx({1, 1, {}, {tag("a")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 1, {tag("a")}, {tag("b")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({3, 1, {tag("a")}, {tag("b2")}})).has_value());
  std::vector<Tag> b{tag("b")};
  ASSERT_EQ(ready.prune_tags(b).pruned.size(), 1u);
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{1, 3}));
}

TEST(ReadyQueue, PruningATransactionForOneTagDisplacesDependentsOfItsOtherTags) {
  // 1 provides x and y; the block provided only x (through a transaction the pool never saw),
  // so y is not on chain: 2, which needs y, and 3 behind it must be placed again. 4 needs x only.
  ReadyQueue ready;
  ASSERT_TRUE(ready.import(make_tx({1, 1, {}, {tag("x"), tag("y")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 1, {tag("y")}, {tag("z")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({3, 1, {tag("z")}, {tag("w")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({4, 1, {tag("x")}, {tag("v")}})).has_value());
  std::vector<Tag> x{tag("x")};
  auto result = ready.prune_tags(x);
  ASSERT_EQ(result.pruned.size(), 1u);
  std::vector<uint32_t> displaced;
  for (const auto& tx : result.displaced) displaced.push_back(id_of(tx->hash));
  std::sort(displaced.begin(), displaced.end());
  EXPECT_EQ(displaced, (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{4}));

  // When the block provided both tags, nobody is displaced.
  ReadyQueue both;
  ASSERT_TRUE(both.import(make_tx({1, 1, {}, {tag("x"), tag("y")}})).has_value());
  ASSERT_TRUE(both.import(make_tx({2, 1, {tag("y")}, {tag("z")}})).has_value());
  std::vector<Tag> xy{tag("x"), tag("y")};
  auto kept = both.prune_tags(xy);
  EXPECT_TRUE(kept.displaced.empty());
  EXPECT_EQ(drain_ids(both.iterate()), (std::vector<uint32_t>{2}));
}

TEST(ReadyQueue, TracksBytesAndTheWorstTransaction) {
  ReadyQueue ready;
  EXPECT_FALSE(ready.worst().has_value());
  ASSERT_TRUE(ready.import(make_tx({1, 5, {}, {tag("a")}, UINT64_MAX, 10})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 1, {}, {tag("b")}, UINT64_MAX, 20})).has_value());
  ASSERT_TRUE(ready.import(make_tx({3, 1, {}, {tag("c")}, UINT64_MAX, 30})).has_value());
  EXPECT_EQ(ready.bytes(), 60u);
  // Lowest priority; among equals the older one goes first.
  EXPECT_EQ(*ready.worst(), testing::hash_of(2));
  ready.remove_subtree(std::vector<TransactionHash>{testing::hash_of(2)});
  EXPECT_EQ(*ready.worst(), testing::hash_of(3));
  EXPECT_EQ(ready.bytes(), 40u);
  auto again = ready.import(make_tx({3, 1, {}, {tag("c")}}));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, PoolErrorKind::kAlreadyImported);
}

TEST(ReadyQueue, RequirementsNotProvidedInTheQueueCountAsOnChain) {
  ReadyQueue ready;
  // Requires a tag nobody in the queue provides (the caller found it on chain).
  ASSERT_TRUE(ready.import(make_tx({1, 1, {tag("chain")}, {tag("a")}})).has_value());
  ASSERT_TRUE(ready.import(make_tx({2, 9, {tag("a"), tag("chain")}, {tag("b")}})).has_value());
  EXPECT_EQ(ready.best_count(), 1u);
  EXPECT_EQ(drain_ids(ready.iterate()), (std::vector<uint32_t>{1, 2}));
}

}  // namespace
}  // namespace canary::txpool
