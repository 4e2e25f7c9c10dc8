// The transaction graph, against the cases of polkadot-sdk
// substrate/client/transaction-pool/src/graph/base_pool.rs (graphs, expected orders and import
// outcomes), plus Canary's departures: futures survive a refused import, and requirements are
// checked again on promotion.
#include "txpool/base_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "txpool_test_util.hpp"

namespace canary::txpool {
namespace {

using testing::drain_ids;
using testing::hash_of;
using testing::id_of;
using testing::make_tx;
using testing::nonce_tag;
using testing::tag;
using testing::TxSpec;

Tag t(uint8_t b) {
  return Bytes{b};
}

// base_pool.rs default_tx: priority 5, valid_till 64, one byte.
TransactionPtr tx(uint32_t id, std::vector<Tag> requires_tags, std::vector<Tag> provides_tags,
                  uint64_t priority = 5) {
  return make_tx({id, priority, std::move(requires_tags), std::move(provides_tags), 64, 1});
}

std::vector<uint32_t> ids(const std::vector<TransactionHash>& hashes) {
  std::vector<uint32_t> out;
  for (const auto& h : hashes) out.push_back(id_of(h));
  return out;
}

TEST(BasePool, ImportsToReadyOrFutureAndRefusesDuplicates) {
  BasePool pool;
  ImportOutcome ready = pool.import(tx(1, {}, {t(1)}));
  EXPECT_FALSE(ready.error);
  EXPECT_TRUE(ready.ready);
  ImportOutcome future = pool.import(tx(2, {t(7)}, {t(2)}));
  EXPECT_FALSE(future.error);
  EXPECT_FALSE(future.ready);
  EXPECT_EQ(pool.status(), (PoolStatus{1, 1, 1, 1}));
  ImportOutcome again = pool.import(tx(1, {}, {t(1)}));
  ASSERT_TRUE(again.error);
  EXPECT_EQ(again.error->kind, PoolErrorKind::kAlreadyImported);
  EXPECT_EQ(pool.status(), (PoolStatus{1, 1, 1, 1}));
}

TEST(BasePool, PromotesAFutureTransactionWhenItsTagArrives) {
  BasePool pool;
  EXPECT_FALSE(pool.import(tx(1, {t(0)}, {t(1)})).ready);
  EXPECT_EQ(pool.status().ready, 0u);
  ImportOutcome outcome = pool.import(tx(2, {}, {t(0)}));
  EXPECT_TRUE(outcome.ready);
  EXPECT_EQ(ids(outcome.promoted), (std::vector<uint32_t>{1}));
  EXPECT_EQ(drain_ids(pool.ready().iterate()), (std::vector<uint32_t>{2, 1}));
  EXPECT_EQ(pool.status().future, 0u);
}

TEST(BasePool, PromotesASubgraph) {
  // base_pool.rs should_promote_a_subgraph.
  BasePool pool;
  pool.import(tx(1, {t(0)}, {t(1)}));
  pool.import(tx(3, {t(2)}, {}));
  pool.import(tx(2, {t(1)}, {t(3), t(2)}));
  pool.import(tx(4, {t(3), t(4)}, {}, 1000));
  EXPECT_EQ(pool.status().ready, 0u);

  ImportOutcome outcome = pool.import(tx(5, {}, {t(0), t(4)}));
  EXPECT_FALSE(outcome.error);
  EXPECT_TRUE(outcome.ready);
  EXPECT_EQ(drain_ids(pool.ready().iterate()), (std::vector<uint32_t>{5, 1, 2, 4, 3}));
  EXPECT_EQ(ids(outcome.promoted), (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_TRUE(outcome.failed.empty());
  EXPECT_TRUE(outcome.usurped.empty());
}

TEST(BasePool, RemovesAConflictingFutureTransaction) {
  // base_pool.rs should_remove_conflicting_future.
  BasePool pool;
  pool.import(tx(3, {t(1)}, {t(3)}, 50));
  pool.import(tx(2, {t(1)}, {t(3)}));
  EXPECT_EQ(pool.status().future, 2u);

  ImportOutcome outcome = pool.import(tx(1, {}, {t(1)}));
  EXPECT_TRUE(outcome.ready);
  EXPECT_EQ(ids(outcome.promoted), (std::vector<uint32_t>{3}));
  ASSERT_EQ(outcome.usurped.size(), 1u);
  EXPECT_EQ(id_of(outcome.usurped[0].tx->hash), 2u);
  EXPECT_EQ(outcome.usurped[0].by, hash_of(3));  // the transaction that now provides tag 3
  EXPECT_EQ(drain_ids(pool.ready().iterate()), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(pool.status().future, 0u);
}

TEST(BasePool, ResolvesACycleWhenTheClosingTransactionWins) {
  // base_pool.rs should_handle_a_cycle.
  BasePool pool;
  pool.import(tx(1, {t(0)}, {t(1)}));
  pool.import(tx(3, {t(1)}, {t(2)}));
  pool.import(tx(2, {t(2)}, {t(0)}));
  EXPECT_TRUE(drain_ids(pool.ready().iterate()).empty());
  EXPECT_EQ(pool.status().future, 3u);

  ImportOutcome outcome = pool.import(tx(4, {}, {t(0)}, 50));
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(drain_ids(pool.ready().iterate()), (std::vector<uint32_t>{4, 1, 3}));
  EXPECT_EQ(ids(outcome.promoted), (std::vector<uint32_t>{1, 3}));
  ASSERT_EQ(outcome.usurped.size(), 1u);
  EXPECT_EQ(id_of(outcome.usurped[0].tx->hash), 2u);
  EXPECT_EQ(pool.status().future, 0u);
}

TEST(BasePool, BreaksACycleByRefusingTheTransactionThatWouldCloseIt) {
  // base_pool.rs should_handle_a_cycle_with_low_priority: Substrate lets 2 replace 4, notices
  // that 4 is gone, and drops all four (CycleDetected). Here 2 is refused when it would replace
  // the transaction it depends on, and the other three stay.
  BasePool pool;
  pool.import(tx(1, {t(0)}, {t(1)}));
  pool.import(tx(3, {t(1)}, {t(2)}));
  pool.import(tx(2, {t(2)}, {t(0)}));
  ImportOutcome outcome = pool.import(tx(4, {}, {t(0)}, 1));
  EXPECT_FALSE(outcome.error);
  EXPECT_TRUE(outcome.ready);
  EXPECT_EQ(ids(outcome.promoted), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(ids(outcome.failed), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(outcome.usurped.empty());
  EXPECT_EQ(drain_ids(pool.ready().iterate()), (std::vector<uint32_t>{4, 1, 3}));
  EXPECT_EQ(pool.status().future, 0u);
}

TEST(BasePool, RemoveSubtreeTakesReadyDependentsAndNamedFutures) {
  // base_pool.rs should_remove_invalid_transactions.
  BasePool pool;
  pool.import(tx(5, {}, {t(0), t(4)}));
  pool.import(tx(1, {t(0)}, {t(1)}));
  pool.import(tx(3, {t(2)}, {}));
  pool.import(tx(2, {t(1)}, {t(3), t(2)}));
  pool.import(tx(4, {t(3), t(4)}, {}, 1000));
  pool.import(tx(6, {t(11)}, {}, 1000));
  EXPECT_EQ(drain_ids(pool.ready().iterate()).size(), 5u);
  EXPECT_EQ(pool.status().future, 1u);

  auto removed = pool.remove_subtree(std::vector<TransactionHash>{hash_of(6), hash_of(1)});
  EXPECT_EQ(removed.size(), 5u);
  EXPECT_EQ(std::count_if(removed.begin(), removed.end(),
                          [](const RemovedTransaction& r) { return r.was_ready; }),
            4);
  EXPECT_EQ(drain_ids(pool.ready().iterate()), (std::vector<uint32_t>{5}));
  EXPECT_EQ(pool.status().future, 0u);
}

TEST(BasePool, PruneTagsRemovesProvidersAndPromotesWaiters) {
  // base_pool.rs should_prune_ready_transactions.
  BasePool pool;
  pool.import(tx(5, {t(0)}, {t(100)}));
  pool.import(tx(1, {}, {t(1)}));
  pool.import(tx(2, {t(2)}, {t(3)}));
  pool.import(tx(3, {t(1)}, {t(2)}));
  pool.import(tx(4, {t(3), t(2)}, {t(4)}, 1000));
  EXPECT_EQ(drain_ids(pool.ready().iterate()).size(), 4u);
  EXPECT_EQ(pool.status().future, 1u);

  std::vector<Tag> tags{t(0), t(2)};
  PruneResult result = pool.prune_tags(tags);
  EXPECT_EQ(result.pruned.size(), 2u);  // 3 (provides 2) and 1 (its lone predecessor)
  EXPECT_TRUE(result.conflicting.empty());
  ASSERT_EQ(result.promotions.size(), 1u);
  EXPECT_EQ(id_of(result.promotions[0].first), 5u);
  EXPECT_TRUE(result.promotions[0].second.ready);
  EXPECT_EQ(pool.status().future, 0u);
  EXPECT_EQ(pool.status().ready, 3u);
  EXPECT_EQ(drain_ids(pool.ready().iterate()).size(), 3u);
}

TEST(BasePool, PruneTagsRemovesConflictingFutureTransactions) {
  // base_pool.rs prune_for_future_works.
  BasePool pool;
  pool.import(tx(0xaa, {t(1)}, {t(2)}));
  std::vector<Tag> tags{t(2)};
  PruneResult result = pool.prune_tags(tags);
  ASSERT_EQ(result.conflicting.size(), 1u);
  EXPECT_EQ(id_of(result.conflicting[0]->hash), 0xaau);
  EXPECT_EQ(pool.status(), (PoolStatus{}));
}

TEST(BasePool, RecentlyPrunedTagsCountAsProvidedForTwoBlocks) {
  BasePool pool;
  std::vector<Tag> block1{nonce_tag('a', 0)};
  pool.prune_tags(block1);
  // Nonce 1 arrives after nonce 0 was included: straight to ready.
  EXPECT_TRUE(pool.import(tx(1, {nonce_tag('a', 0)}, {nonce_tag('a', 1)})).ready);
  std::vector<Tag> none;
  pool.prune_tags(none);
  EXPECT_TRUE(pool.import(tx(2, {nonce_tag('a', 0)}, {tag("other")})).ready);
  pool.prune_tags(none);  // block1's tags are now two prunes old
  EXPECT_FALSE(pool.import(tx(3, {nonce_tag('a', 0)}, {tag("third")})).ready);
}

TEST(BasePool, OrdersNonceChainsOfSeveralSendersByPriority) {
  BasePool pool;
  // alice's transactions pay 10, bob's 20, charlie's 5; submitted out of order.
  for (uint32_t n : {2u, 0u, 1u})
    pool.import(make_tx({100 + n,
                         10,
                         n ? std::vector<Tag>{nonce_tag('a', n - 1)} : std::vector<Tag>{},
                         {nonce_tag('a', n)}}));
  for (uint32_t n : {1u, 0u})
    pool.import(make_tx({200 + n,
                         20,
                         n ? std::vector<Tag>{nonce_tag('b', n - 1)} : std::vector<Tag>{},
                         {nonce_tag('b', n)}}));
  pool.import(make_tx({300, 5, {}, {nonce_tag('c', 0)}}));
  pool.import(make_tx({302, 50, {nonce_tag('c', 1)}, {nonce_tag('c', 2)}}));  // gap: waits
  EXPECT_EQ(pool.status().ready, 6u);
  EXPECT_EQ(pool.status().future, 1u);
  EXPECT_EQ(drain_ids(pool.ready().iterate()),
            (std::vector<uint32_t>{200, 201, 100, 101, 102, 300}));
}

TEST(BasePool, ARefusedImportLeavesTheWaitersWaiting) {
  // Substrate takes the waiters out of the future queue before finding that the import is
  // refused, and loses them.
  BasePool pool;
  pool.import(tx(1, {}, {t(9)}, 100));
  pool.import(tx(2, {t(5)}, {t(6)}));
  ImportOutcome refused = pool.import(tx(3, {}, {t(9), t(5)}, 1));
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->kind, PoolErrorKind::kTooLowPriority);
  EXPECT_EQ(pool.status().future, 1u);
  EXPECT_TRUE(pool.future().contains(hash_of(2)));
}

TEST(BasePool, APromotedTransactionWhoseProviderLeftWaitsAgain) {
  BasePool pool;
  pool.import(tx(1, {}, {t(1)}));
  // 2 needs 1 (ready now) and 7 (missing): it waits for 7 only.
  EXPECT_FALSE(pool.import(tx(2, {t(1), t(7)}, {t(2)})).ready);
  pool.remove_subtree(std::vector<TransactionHash>{hash_of(1)});
  // 7 arrives, but 1 is gone: 2 must not be counted as ready.
  ImportOutcome outcome = pool.import(tx(3, {}, {t(7)}));
  EXPECT_TRUE(outcome.ready);
  EXPECT_TRUE(outcome.promoted.empty());
  EXPECT_TRUE(pool.future().contains(hash_of(2)));
  // And 1 coming back releases it.
  EXPECT_EQ(ids(pool.import(tx(1, {}, {t(1)})).promoted), (std::vector<uint32_t>{2}));
}

TEST(BasePool, EnforcesCountAndByteLimits) {
  BasePool pool;
  pool.import(make_tx({1, 5, {}, {t(1)}, 64, 10}));
  pool.import(make_tx({2, 1, {}, {t(2)}, 64, 10}));
  pool.import(make_tx({3, 9, {t(2)}, {t(3)}, 64, 10}));  // depends on 2
  pool.import(make_tx({4, 3, {}, {t(4)}, 64, 10}));
  pool.import(make_tx({10, 1, {t(50)}, {t(10)}, 64, 100}));
  pool.import(make_tx({11, 1, {t(51)}, {t(11)}, 64, 100}));

  auto removed = pool.enforce_limits({3, 1000}, {10, 150});
  std::vector<uint32_t> got;
  for (const auto& r : removed) got.push_back(id_of(r->hash));
  std::sort(got.begin(), got.end());
  // Ready: 2 is the worst and takes 3 with it. Future: over 150 bytes, the oldest (10) goes.
  EXPECT_EQ(got, (std::vector<uint32_t>{2, 3, 10}));
  EXPECT_EQ(pool.status(), (PoolStatus{2, 20, 1, 100}));

  removed = pool.enforce_limits({10, 15}, {10, 1000});
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(id_of(removed[0]->hash), 4u);  // priority 3 < 5
}

}  // namespace
}  // namespace canary::txpool
