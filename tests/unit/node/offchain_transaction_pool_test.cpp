// ext_offchain_submit_transaction's adapter over a real TransactionService on the dev chain: a
// valid signed transfer enters the pool as a Local transaction and the runtime hears true; bytes
// the runtime refuses are answered false and leave the pool empty.
#include "node/service/offchain_transaction_pool.hpp"

#include <gtest/gtest.h>

#include "tests/unit/node/rpc_test_fixture.hpp"

namespace canary::node::rpc::testing {
namespace {

using OffchainTransactionPoolTest = RpcFixture;

TEST_F(OffchainTransactionPoolTest, SubmitsAsLocal) {
  // Block 1 first: CheckGenesis needs the genesis hash in the state (see SystemRpc's dry run).
  build(genesis_->hash, 100);
  TransactionService txs(*chain_, *host_, txpool::PoolOptions{}, [] { return 1'000'000; });
  OffchainTransactionPool pool(txs);
  const Bytes garbage{1, 2, 3};
  EXPECT_FALSE(pool.submit_transaction(garbage));
  EXPECT_TRUE(txs.pending().empty());

  const Json version = result("state_getRuntimeVersion");
  const Bytes xt =
      signed_transfer(0, 1'000'000'000'000, version["specVersion"], version["transactionVersion"]);
  EXPECT_TRUE(pool.submit_transaction(xt));
  ASSERT_EQ(txs.pending().size(), 1u);
  EXPECT_EQ(txs.pending().front()->extrinsic, xt);
  EXPECT_EQ(txs.pending().front()->source, runtime::TransactionSource::kLocal);
}

}  // namespace
}  // namespace canary::node::rpc::testing
