// transaction_v1_broadcast / transaction_v1_stop over a real TransactionService: the transaction
// stays in the pool until stopped, and one the pool loses (here: removed, which also bans it for
// a while) is submitted again at the first new best block once the pool takes it back. And the
// pool's maintenance across a re-organization that finality forces.
#include <gtest/gtest.h>

#include "node/keystore/file_keystore.hpp"
#include "node/service/author_methods.hpp"
#include "node/service/transaction_service.hpp"
#include "tests/unit/node/rpc_test_fixture.hpp"

namespace canary::node::rpc::testing {
namespace {

using TransactionRpc = RpcFixture;

TEST_F(TransactionRpc, BroadcastResubmitsWhatThePoolLosesUntilStopped) {
  // Block 1 first: CheckGenesis needs the genesis hash in the state (see SystemRpc's dry run).
  const block::BlockHash b1 = build(genesis_->hash, 100);
  uint64_t now_ms = 1'000'000;
  txpool::PoolOptions options;
  TransactionService txs(*chain_, *host_, options, [&now_ms] { return now_ms; });
  auto keystore = FileKeystore::in_memory();
  AuthorContext author{*context_, txs, *keystore, nullptr};
  auto registry = std::make_shared<::canary::rpc::MethodRegistry>();
  register_author_methods(*registry, author);
  registry_ = registry;
  auto session = make_session(false, 3);

  const Json version = result("state_getRuntimeVersion");
  const Bytes xt =
      signed_transfer(0, 1'000'000'000'000, version["specVersion"], version["transactionVersion"]);
  const std::string id =
      call_on(*session, "transaction_v1_broadcast", Json::array({to_hex(xt)}))["result"];
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(txs.pending().size(), 1u);
  const txpool::TransactionHash hash = txs.pending().front()->hash;

  // The pool loses it (author_removeExtrinsic does this; it bans the hash too).
  ASSERT_EQ(txs.remove(std::span<const txpool::TransactionHash>(&hash, 1)).size(), 1u);
  ASSERT_TRUE(txs.pending().empty());
  // A new best block while banned: tried, refused, tried again at the next block.
  const block::BlockHash b2 = build(b1, 101);
  run_deferred();
  EXPECT_TRUE(txs.pending().empty());
  now_ms += options.ban_time_ms + 1;
  build(b2, 102);
  run_deferred();
  ASSERT_EQ(txs.pending().size(), 1u);
  EXPECT_EQ(txs.pending().front()->hash, hash);

  // Stopped: out of the pool, and the id is unknown from then on.
  EXPECT_TRUE(call_on(*session, "transaction_v1_stop", Json::array({id}))["result"].is_null());
  EXPECT_TRUE(txs.pending().empty());
  const Json again = call_on(*session, "transaction_v1_stop", Json::array({id}));
  EXPECT_EQ(again["error"]["code"], -32602);
  EXPECT_EQ(again["error"]["message"], "Invalid operation id");
}

// Finality that rules out the best block moves the best block and deletes the losing fork in one
// database write, before the pool's maintenance hears of the re-organization: the transaction
// that fork included still goes back into the pool, and its watcher hears `retracted` and then
// `ready` (it used to hear nothing after `retracted`, and a wallet waited forever).
TEST_F(TransactionRpc, ATransactionOfAForkThatFinalityRulesOutGoesBackIntoThePool) {
  const block::BlockHash b1 = build(genesis_->hash, 100);
  TransactionService txs(*chain_, *host_, txpool::PoolOptions{}, [] { return 1'000'000; });
  const Json version = result("state_getRuntimeVersion");
  const Bytes xt =
      signed_transfer(0, 1'000'000'000'000, version["specVersion"], version["transactionVersion"]);
  std::vector<txpool::TransactionStatus> seen;
  auto submitted = txs.submit(xt, runtime::TransactionSource::kExternal,
                              [&seen](const txpool::TransactionStatus& s) {
                                seen.push_back(s);
                                return true;
                              });
  ASSERT_TRUE(submitted);
  ASSERT_EQ(seen, (std::vector<txpool::TransactionStatus>{txpool::status::Ready{}}));

  const block::BlockHash included = build(b1, 101, true, {xt});
  txs.maintain();
  EXPECT_TRUE(txs.pending().empty());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1], txpool::TransactionStatus(txpool::status::InBlock{included, 2}));

  // A fork without it, finalized: the best block moves off `included`, which is deleted.
  const block::BlockHash c2 = build(b1, 102, false);
  const block::BlockHash c3 = build(c2, 103, false);
  ASSERT_TRUE(chain_->finalize(c3, std::nullopt));
  ASSERT_EQ(chain_->best().hash, c3);
  auto body = chain_->body(included);
  ASSERT_TRUE(body);
  ASSERT_FALSE(*body);
  txs.maintain();
  ASSERT_EQ(txs.pending().size(), 1u);
  EXPECT_EQ(txs.pending().front()->hash, *submitted);
  EXPECT_EQ(seen, (std::vector<txpool::TransactionStatus>{
                      txpool::status::Ready{}, txpool::status::InBlock{included, 2},
                      txpool::status::Retracted{included}, txpool::status::Ready{}}));
}

}  // namespace
}  // namespace canary::node::rpc::testing
