// chain_*: headers and blocks in Substrate's JSON, block hashes by number in every accepted
// form, the finalized head, and the head subscriptions fed by real imports and finality.
#include <gtest/gtest.h>

#include "node/rpc/substrate_json.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/node/rpc_test_fixture.hpp"

namespace canary::node::rpc::testing {
namespace {

using ChainRpc = RpcFixture;

TEST_F(ChainRpc, HeaderAndBlockJsonMatchTheStoredBlock) {
  const block::BlockHash b1 = build(genesis_->hash, 100);
  const block::Header h1 = chain_->header(b1).value().value();

  const Json header = result("chain_getHeader", Json::array({to_hex(b1)}));
  EXPECT_EQ(header["parentHash"], to_hex(genesis_->hash));
  EXPECT_EQ(header["number"], "0x1");
  EXPECT_EQ(header["stateRoot"], to_hex(h1.state_root));
  EXPECT_EQ(header["extrinsicsRoot"], to_hex(h1.extrinsics_root));
  ASSERT_EQ(header["digest"]["logs"].size(), h1.digest.size());
  // Each log is the SCALE encoding of the item: the BABE pre-runtime item starts with 0x06 'BABE'.
  EXPECT_TRUE(header["digest"]["logs"][0].get<std::string>().starts_with("0x0642414245"));
  // No hash: the best block.
  EXPECT_EQ(result("chain_getHeader"), header);
  // The genesis header's number is "0x0" (no leading zeros otherwise either).
  EXPECT_EQ(result("chain_getHeader", Json::array({to_hex(genesis_->hash)}))["number"], "0x0");

  const Json block = result("chain_getBlock", Json::array({to_hex(b1)}));
  EXPECT_EQ(block["block"]["header"], header);
  EXPECT_TRUE(block["justifications"].is_null());
  const std::vector<Bytes> body = chain_->body(b1).value().value();
  ASSERT_EQ(block["block"]["extrinsics"].size(), body.size());
  // Extrinsics carry their compact length prefix, as OpaqueExtrinsic serializes.
  EXPECT_EQ(block["block"]["extrinsics"][0], to_hex(scale::encode(body[0])));

  // A justification is Vec<(engine id, bytes)> in serde's array form.
  // The database keeps SCALE Justifications, as GrandpaService stores them.
  const block::Justifications stored{{block::kGrandpaEngineId, Bytes{1, 2, 3}}};
  ASSERT_TRUE(chain_->finalize(b1, scale::encode(stored)));
  const Json justified = result("chain_getBlock", Json::array({to_hex(b1)}));
  EXPECT_EQ(justified["justifications"], Json::parse("[[[70,82,78,75],[1,2,3]]]"));
}

TEST_F(ChainRpc, UnknownBlocksAreNullAndBadHashesInvalidParams) {
  const std::string unknown = to_hex(Hash256{});
  EXPECT_TRUE(result("chain_getHeader", Json::array({unknown})).is_null());
  EXPECT_TRUE(result("chain_getBlock", Json::array({unknown})).is_null());
  EXPECT_EQ(error("chain_getHeader", Json::array({"0x1234"}))["code"], -32602);
  EXPECT_EQ(error("chain_getBlock", Json::array({"d435"}))["code"], -32602);
  EXPECT_EQ(error("chain_getHeader", Json::array({5}))["code"], -32602);
}

TEST_F(ChainRpc, BlockHashByNumberHexListAndBest) {
  const block::BlockHash b1 = build(genesis_->hash, 100);
  const block::BlockHash b2 = build(b1, 101);
  EXPECT_EQ(result("chain_getBlockHash"), to_hex(b2));
  EXPECT_EQ(result("chain_getBlockHash", Json::array({nullptr})), to_hex(b2));
  EXPECT_EQ(result("chain_getBlockHash", Json::array({0})), to_hex(genesis_->hash));
  EXPECT_EQ(result("chain_getBlockHash", Json::array({1})), to_hex(b1));
  EXPECT_EQ(result("chain_getBlockHash", Json::array({"0x2"})), to_hex(b2));
  EXPECT_EQ(result("chain_getHead", Json::array({"0x02"})), to_hex(b2));
  EXPECT_TRUE(result("chain_getBlockHash", Json::array({3})).is_null());
  EXPECT_EQ(result("chain_getBlockHash", Json::array({Json::array({0, "0x1", 7})})),
            Json::array({to_hex(genesis_->hash), to_hex(b1), nullptr}));
  // Named param, as jsonrpsee allows.
  EXPECT_EQ(result("chain_getBlockHash", Json{{"hash", 1}}), to_hex(b1));
  // Above u32: Substrate's 3001 with the Debug of the NumberOrHex.
  const Json big = error("chain_getBlockHash", Json::array({4294967296ULL}));
  EXPECT_EQ(big["code"], 3001);
  EXPECT_EQ(big["message"], "`Number(4294967296)` > u32::MAX, the max block number is u32.");
  const Json big_hex = error("chain_getBlockHash", Json::array({"0x100000000"}));
  EXPECT_EQ(big_hex["message"], "`Hex(4294967296)` > u32::MAX, the max block number is u32.");
  EXPECT_EQ(error("chain_getBlockHash", Json::array({-1}))["code"], -32602);
  EXPECT_EQ(error("chain_getBlockHash", Json::array({true}))["code"], -32602);
}

TEST_F(ChainRpc, FinalizedHeadAndAliases) {
  const block::BlockHash b1 = build(genesis_->hash, 100);
  EXPECT_EQ(result("chain_getFinalizedHead"), to_hex(genesis_->hash));
  ASSERT_TRUE(chain_->finalize(b1));
  EXPECT_EQ(result("chain_getFinalizedHead"), to_hex(b1));
  EXPECT_EQ(result("chain_getFinalisedHead"), to_hex(b1));
  // Every alias Substrate registers is listed by rpc_methods.
  const Json methods = result("rpc_methods")["methods"];
  for (const char* name : {"chain_getHead",
                           "chain_getFinalisedHead",
                           "chain_subscribeNewHead",
                           "subscribe_newHead",
                           "unsubscribe_newHead",
                           "chain_subscribeFinalisedHeads",
                           "chain_unsubscribeFinalisedHeads",
                           "chain_getRuntimeVersion",
                           "chain_subscribeRuntimeVersion",
                           "state_getStorageAt",
                           "state_callAt",
                           "state_getKeysPagedAt",
                           "childstate_getKeysPagedAt",
                           "account_nextIndex",
                           "system_dryRunAt",
                           "chainHead_v1_follow",
                           "chainHead_v1_unfollow",
                           "archive_v1_storage",
                           "archive_v1_stopStorage",
                           "chainSpec_v1_chainName",
                           "payment_queryInfo"}) {
    EXPECT_NE(std::find(methods.begin(), methods.end(), Json(name)), methods.end()) << name;
  }
}

TEST_F(ChainRpc, HeadSubscriptionsFollowImportsBestAndFinality) {
  const std::string all = result("chain_subscribeAllHeads");
  const std::string best = result("chain_subscribeNewHeads");
  const std::string fin = result("chain_subscribeFinalizedHeads");
  const std::string alias = result("subscribe_newHead");
  drain();
  // Each starts with the current head: genesis everywhere.
  for (const std::string& sub : {all, best, fin, alias}) {
    auto got = take(sub);
    ASSERT_EQ(got.size(), 1u) << sub;
    EXPECT_EQ(got[0]["number"], "0x0");
  }
  const block::BlockHash a1 = build(genesis_->hash, 100);
  const block::BlockHash b1 = build(genesis_->hash, 200, /*make_best=*/false);
  drain();
  auto all_got = take(all);
  ASSERT_EQ(all_got.size(), 2u);
  EXPECT_EQ(all_got[0], header_json(chain_->header(a1).value().value()));
  EXPECT_EQ(all_got[1], header_json(chain_->header(b1).value().value()));
  auto best_got = take(best);
  ASSERT_EQ(best_got.size(), 1u);  // the fork block did not become best
  EXPECT_EQ(best_got[0], all_got[0]);
  EXPECT_EQ(take(alias).size(), 1u);
  EXPECT_TRUE(take(fin).empty());

  // The importer's fork choice moves to b1: a new head.
  ASSERT_TRUE(chain_->set_best(b1));
  drain();
  best_got = take(best);
  ASSERT_EQ(best_got.size(), 1u);
  EXPECT_EQ(best_got[0], all_got[1]);

  ASSERT_TRUE(chain_->finalize(b1));
  drain();
  auto fin_got = take(fin);
  ASSERT_EQ(fin_got.size(), 1u);
  EXPECT_EQ(fin_got[0], all_got[1]);

  // Unsubscribing stops the notifications; the wrong family's unsubscribe does not.
  EXPECT_EQ(result("chain_unsubscribeAllHeads", Json::array({best})), false);
  EXPECT_EQ(result("chain_unsubscribeNewHeads", Json::array({best})), true);
  EXPECT_EQ(result("chain_unsubscribeNewHeads", Json::array({best})), false);
  build(b1, 201);
  drain();
  EXPECT_TRUE(take(best).empty());
  EXPECT_EQ(take(all).size(), 1u);
}

}  // namespace
}  // namespace canary::node::rpc::testing
