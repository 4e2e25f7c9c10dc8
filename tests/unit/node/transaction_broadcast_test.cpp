// transaction_v1_broadcast's re-broadcast policy (node/service/transaction_broadcast.hpp): a
// transaction the pool loses or refuses for a passing reason is submitted again at the next best
// block, until transaction_v1_stop.
#include "node/service/transaction_broadcast.hpp"

#include <gtest/gtest.h>

namespace canary::node {
namespace {

using Next = BroadcastOperations::Next;

SubmitError pool_error(txpool::PoolErrorKind kind) {
  txpool::PoolError e;
  e.kind = kind;
  return SubmitError{e};
}

txpool::TransactionHash tx_hash(uint8_t b) {
  txpool::TransactionHash h{};
  h[0] = b;
  return h;
}

TEST(BroadcastOperations, WhatIsRetried) {
  EXPECT_EQ(BroadcastOperations::after_submit_error(
                pool_error(txpool::PoolErrorKind::kTemporarilyBanned)),
            Next::kRetryAtNextBlock);
  EXPECT_EQ(BroadcastOperations::after_submit_error(
                pool_error(txpool::PoolErrorKind::kImmediatelyDropped)),
            Next::kRetryAtNextBlock);
  EXPECT_EQ(BroadcastOperations::after_submit_error(
                pool_error(txpool::PoolErrorKind::kInvalidTransaction)),
            Next::kDone);
  EXPECT_EQ(
      BroadcastOperations::after_submit_error(pool_error(txpool::PoolErrorKind::kAlreadyImported)),
      Next::kDone);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Ready{}), Next::kWatch);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Future{}), Next::kWatch);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Broadcast{{"peer"}}), Next::kWatch);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::InBlock{}), Next::kWatch);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Retracted{}), Next::kWatch);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Dropped{}), Next::kRetryAtNextBlock);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Invalid{}), Next::kRetryAtNextBlock);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::FinalityTimeout{}),
            Next::kRetryAtNextBlock);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Finalized{}), Next::kDone);
  EXPECT_EQ(BroadcastOperations::after_status(txpool::status::Usurped{}), Next::kDone);
}

// Dropped from the pool, the transaction is submitted again at the next best block (not before),
// then watched again; the old submission's late events change nothing; stop ends it all.
TEST(BroadcastOperations, ADroppedTransactionIsSubmittedAgainAtTheNextBlock) {
  BroadcastOperations ops;
  const std::string id = ops.start(Bytes{1, 2, 3});
  auto due = ops.take_due();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, id);
  EXPECT_EQ(due[0].extrinsic, (Bytes{1, 2, 3}));
  const uint64_t first = due[0].attempt;
  EXPECT_TRUE(ops.on_status(id, first, txpool::status::Ready{}));  // during the submission
  ops.on_submitted(id, first, tx_hash(1));
  EXPECT_TRUE(ops.take_due().empty());
  EXPECT_TRUE(ops.on_status(id, first, txpool::status::Broadcast{{"peer"}}));
  EXPECT_FALSE(ops.on_new_best_block());  // in the pool: nothing to do

  EXPECT_FALSE(ops.on_status(id, first, txpool::status::Dropped{}));  // this watch ends
  EXPECT_TRUE(ops.take_due().empty());                                // not before a block
  EXPECT_TRUE(ops.on_new_best_block());
  due = ops.take_due();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].extrinsic, (Bytes{1, 2, 3}));
  const uint64_t second = due[0].attempt;
  EXPECT_NE(second, first);
  ops.on_submitted(id, second, tx_hash(1));
  // A late event of the first submission is ignored.
  EXPECT_FALSE(ops.on_status(id, first, txpool::status::Invalid{}));
  EXPECT_FALSE(ops.on_new_best_block());

  const auto stopped = ops.stop(id);
  ASSERT_TRUE(stopped);
  EXPECT_EQ(*stopped, tx_hash(1));  // the caller removes it from the pool
  EXPECT_FALSE(ops.stop(id));       // unknown now
  EXPECT_FALSE(ops.on_status(id, second, txpool::status::Ready{}));
  EXPECT_EQ(ops.size(), 0u);
}

// Refused for a passing reason: tried at every new best block until accepted; refused for good:
// the operation stays (stoppable) but is not tried again.
TEST(BroadcastOperations, RefusalsAreRetriedOnlyWhenTheyMayPass) {
  BroadcastOperations ops;
  const std::string banned = ops.start(Bytes{1});
  const std::string invalid = ops.start(Bytes{2});
  EXPECT_NE(banned, invalid);
  auto due = ops.take_due();
  ASSERT_EQ(due.size(), 2u);
  ops.on_submitted(banned, due[0].attempt,
                   unexpected(pool_error(txpool::PoolErrorKind::kTemporarilyBanned)));
  ops.on_submitted(invalid, due[1].attempt,
                   unexpected(pool_error(txpool::PoolErrorKind::kInvalidTransaction)));
  for (int block = 0; block < 3; ++block) {
    EXPECT_TRUE(ops.on_new_best_block());
    due = ops.take_due();
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].id, banned);
    ops.on_submitted(banned, due[0].attempt,
                     unexpected(pool_error(txpool::PoolErrorKind::kTemporarilyBanned)));
  }
  EXPECT_TRUE(ops.on_new_best_block());
  due = ops.take_due();
  ASSERT_EQ(due.size(), 1u);
  ops.on_submitted(banned, due[0].attempt, tx_hash(7));
  EXPECT_FALSE(ops.on_new_best_block());
  // Finalized: done, nothing more.
  EXPECT_FALSE(ops.on_status(banned, due[0].attempt, txpool::status::Finalized{}));
  EXPECT_FALSE(ops.on_new_best_block());
  EXPECT_EQ(ops.size(), 2u);
  EXPECT_TRUE(ops.stop(invalid));
  EXPECT_TRUE(ops.stop(banned));
}

}  // namespace
}  // namespace canary::node
