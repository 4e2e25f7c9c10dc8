// The future queue (polkadot-sdk substrate/client/transaction-pool/src/graph/future.rs).
#include "txpool/future_queue.hpp"

#include <gtest/gtest.h>

#include "txpool_test_util.hpp"

namespace canary::txpool {
namespace {

using testing::hash_of;
using testing::make_tx;
using testing::tag;

TagSet tags(std::initializer_list<const char*> names) {
  TagSet set;
  for (const char* n : names) set.insert(tag(n));
  return set;
}

TEST(FutureQueue, SatisfyingTagsReleasesOnlyFullySatisfiedTransactionsInImportOrder) {
  FutureQueue future;
  future.import(make_tx({1, 1, {tag("a"), tag("b")}, {tag("x")}, UINT64_MAX, 3}), tags({"a", "b"}));
  future.import(make_tx({2, 1, {tag("a")}, {tag("y")}, UINT64_MAX, 4}), tags({"a"}));
  future.import(make_tx({3, 1, {tag("a")}, {tag("z")}, UINT64_MAX, 5}), tags({"a"}));
  EXPECT_EQ(future.size(), 3u);
  EXPECT_EQ(future.bytes(), 12u);

  std::vector<Tag> a{tag("a")};
  auto ready = future.satisfy_tags(a);
  ASSERT_EQ(ready.size(), 2u);
  EXPECT_EQ(ready[0].tx->hash, hash_of(2));
  EXPECT_EQ(ready[1].tx->hash, hash_of(3));
  EXPECT_TRUE(future.contains(hash_of(1)));
  EXPECT_EQ(future.bytes(), 3u);
  EXPECT_TRUE(future.satisfy_tags(a).empty());  // nobody waits for a any more

  std::vector<Tag> b{tag("b")};
  ready = future.satisfy_tags(b);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].tx->hash, hash_of(1));
  EXPECT_EQ(future.size(), 0u);
  EXPECT_EQ(future.bytes(), 0u);
  EXPECT_FALSE(future.oldest().has_value());
}

TEST(FutureQueue, RemoveForgetsTheWantedTags) {
  FutureQueue future;
  future.import(make_tx({1, 1, {tag("a")}, {tag("x")}}), tags({"a"}));
  future.import(make_tx({2, 1, {tag("a")}, {tag("y")}}), tags({"a"}));
  auto removed = future.remove(std::vector<TransactionHash>{hash_of(1), hash_of(9)});
  ASSERT_EQ(removed.size(), 1u);
  std::vector<Tag> a{tag("a")};
  auto ready = future.satisfy_tags(a);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].tx->hash, hash_of(2));
}

TEST(FutureQueue, PruneTagsRemovesTransactionsProvidingThem) {
  // future.rs / base_pool.rs prune_for_future_works: a waiting transaction providing a tag that
  // a block just provided conflicts with that block.
  FutureQueue future;
  future.import(make_tx({1, 1, {tag("p")}, {tag("q")}}), tags({"p"}));
  future.import(make_tx({2, 1, {tag("p")}, {tag("r")}}), tags({"p"}));
  std::vector<Tag> q{tag("q")};
  auto pruned = future.prune_tags(q);
  ASSERT_EQ(pruned.size(), 1u);
  EXPECT_EQ(pruned[0]->hash, hash_of(1));
  EXPECT_EQ(future.size(), 1u);
}

TEST(FutureQueue, OldestIsTheFirstImported) {
  FutureQueue future;
  future.import(make_tx({5, 9, {tag("a")}, {tag("x")}}), tags({"a"}));
  future.import(make_tx({6, 1, {tag("b")}, {tag("y")}}), tags({"b"}));
  EXPECT_EQ(*future.oldest(), hash_of(5));
  future.remove(std::vector<TransactionHash>{hash_of(5)});
  EXPECT_EQ(*future.oldest(), hash_of(6));
  std::vector<TransactionHash> order;
  future.for_each([&](const WaitingTransaction& w) { order.push_back(w.tx->hash); });
  EXPECT_EQ(order, std::vector<TransactionHash>{hash_of(6)});
}

}  // namespace
}  // namespace canary::txpool
