// system_*, payment_*, chainSpec_v1_* and archive_v1_*: the node's identity, the runtime-backed
// account nonce, dry run and fee queries on a real signed transfer, and the archive reads.
#include <gtest/gtest.h>

#include <algorithm>

#include "primitives/ss58/ss58.hpp"
#include "tests/unit/node/rpc_test_fixture.hpp"

namespace canary::node::rpc::testing {
namespace {

using SystemRpc = RpcFixture;

// system_addLogFilter / system_resetLogFilter: unsafe, null on success, the filter's error as
// sc-rpc's Error::Internal (-32603), and -32603 when the node gives no log hook.
TEST_F(SystemRpc, LogFilterMethods) {
  const Json methods = result("rpc_methods")["methods"];
  for (const char* method : {"system_addLogFilter", "system_resetLogFilter"}) {
    EXPECT_NE(std::find(methods.begin(), methods.end(), method), methods.end()) << method;
  }
  for (const char* method : {"system_addLogFilter", "system_resetLogFilter"}) {
    EXPECT_EQ(error(method)["code"], -32601) << method;
  }
  auto unsafe = make_session(false, 2);
  EXPECT_EQ(call_on(*unsafe, "system_resetLogFilter")["error"]["code"], -32603);
  std::vector<std::string> added;
  int resets = 0;
  context_->hooks.add_log_filter = [&](const std::string& d) -> Result<void, std::string> {
    if (d == "bad") return unexpected(std::string("unknown log level `bad`"));
    added.push_back(d);
    return {};
  };
  context_->hooks.reset_log_filter = [&] { ++resets; };
  const Json ok = call_on(*unsafe, "system_addLogFilter", Json::array({"sync=debug"}));
  EXPECT_TRUE(ok.contains("result") && ok["result"].is_null()) << ok.dump();
  EXPECT_EQ(added, std::vector<std::string>{"sync=debug"});
  const Json bad = call_on(*unsafe, "system_addLogFilter", Json::array({"bad"}));
  EXPECT_EQ(bad["error"]["code"], -32603);
  EXPECT_EQ(bad["error"]["message"], "unknown log level `bad`");
  EXPECT_EQ(call_on(*unsafe, "system_addLogFilter")["error"]["code"], -32602);
  EXPECT_TRUE(call_on(*unsafe, "system_resetLogFilter")["result"].is_null());
  EXPECT_EQ(resets, 1);
}

TEST_F(SystemRpc, IdentityHealthAndNetworkDefaults) {
  EXPECT_EQ(result("system_name"), "Canary");
  EXPECT_EQ(result("system_version"), "0.1.0");
  EXPECT_EQ(result("system_chain"), "Development");
  EXPECT_EQ(result("system_chainType"), "Development");
  EXPECT_EQ(result("system_properties")["ss58Format"], 2);
  EXPECT_EQ(result("system_nodeRoles"), Json::array({"Authority"}));
  // A dev chain without networking: no peers and none expected.
  EXPECT_EQ(result("system_health"),
            Json({{"peers", 0}, {"isSyncing", false}, {"shouldHavePeers", false}}));
  EXPECT_EQ(result("system_localListenAddresses"), Json::array());
  EXPECT_EQ(result("system_reservedPeers"), Json::array());
  build(genesis_->hash, 100);
  EXPECT_EQ(result("system_syncState"),
            Json({{"startingBlock", 0}, {"currentBlock", 1}, {"highestBlock", 1}}));
  // The unsafe ones are refused with Substrate's message on a safe connection.
  for (const char* method : {"system_peers", "system_unstable_networkState"}) {
    const Json e = error(method);
    EXPECT_EQ(e["code"], -32601);
    EXPECT_EQ(e["message"], "RPC call is unsafe to be called externally");
  }
  auto unsafe = make_session(false, 2);
  EXPECT_EQ(call_on(*unsafe, "system_peers")["result"], Json::array());
  EXPECT_EQ(
      call_on(*unsafe, "system_addReservedPeer", Json::array({"/ip4/1.2.3.4"}))["error"]["code"],
      2002);
  // Hooks replace the defaults.
  context_->hooks.health = [] { return Health{3, true, true}; };
  EXPECT_EQ(result("system_health"),
            Json({{"peers", 3}, {"isSyncing", true}, {"shouldHavePeers", true}}));
}

TEST_F(SystemRpc, AccountNextIndexFromTheRuntimeAndThePool) {
  const Hash256 alice = hash_of_hex(kAlice);
  const std::string address = ss58::encode(alice, 42);
  EXPECT_EQ(result("system_accountNextIndex", Json::array({address})), 0);
  EXPECT_EQ(result("account_nextIndex", Json::array({kAlice})), 0);
  // After a transfer is included the runtime's nonce moves.
  const Json version = result("state_getRuntimeVersion");
  const Bytes xt =
      signed_transfer(0, 1'000'000'000'000, version["specVersion"], version["transactionVersion"]);
  build(genesis_->hash, 100, true, {xt});
  EXPECT_EQ(result("system_accountNextIndex", Json::array({address})), 1);
  // The pool's ready transactions count on top (frame rpc system adjust_nonce).
  context_->hooks.pool_next_nonce = [&](const Hash256& who, uint32_t state_nonce) {
    EXPECT_EQ(who, alice);
    return std::optional<uint32_t>(state_nonce + 2);
  };
  EXPECT_EQ(result("system_accountNextIndex", Json::array({address})), 3);
  EXPECT_EQ(error("system_accountNextIndex", Json::array({"5NotAnAddress"}))["code"], -32602);
}

TEST_F(SystemRpc, DryRunAndFeesOfASignedTransfer) {
  // On block 1's state: the genesis state still has frame_system's placeholder for the hash of
  // block 0 (hash69), against which CheckGenesis would check the signature, as in Substrate.
  build(genesis_->hash, 100);
  const Json version = result("state_getRuntimeVersion");
  const Bytes xt =
      signed_transfer(0, 1'000'000'000'000, version["specVersion"], version["transactionVersion"]);
  // system_dryRun is unsafe.
  EXPECT_EQ(error("system_dryRun", Json::array({to_hex(xt)}))["code"], -32601);
  auto unsafe = make_session(false, 2);
  // Ok(Ok(())): the transfer applies.
  EXPECT_EQ(call_on(*unsafe, "system_dryRun", Json::array({to_hex(xt)}))["result"], "0x0000");
  // A nonce ahead of the account's is refused by the runtime:
  // Err(TransactionValidityError::Invalid(InvalidTransaction::Future)) = 01 00 02.
  const Bytes stale_xt =
      signed_transfer(5, 1, version["specVersion"], version["transactionVersion"]);
  EXPECT_EQ(call_on(*unsafe, "system_dryRun", Json::array({to_hex(stale_xt)}))["result"],
            "0x010002");
  const Json undecodable = call_on(*unsafe, "system_dryRunAt", Json::array({"0xff"}))["error"];
  EXPECT_EQ(undecodable["code"], 2);
  EXPECT_EQ(undecodable["message"], "Unable to dry run extrinsic");

  // payment_queryInfo: Substrate's JSON, the fee a decimal string.
  const Json info = result("payment_queryInfo", Json::array({to_hex(xt)}));
  ASSERT_TRUE(info["weight"]["refTime"].is_number()) << info.dump();
  EXPECT_GT(info["weight"]["refTime"].get<uint64_t>(), 0u);
  EXPECT_TRUE(info["weight"]["proofSize"].is_number());
  EXPECT_EQ(info["class"], "normal");
  ASSERT_TRUE(info["partialFee"].is_string());
  const std::string fee = info["partialFee"];
  EXPECT_FALSE(fee.empty());
  EXPECT_EQ(fee.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_NE(fee, "0");
  // payment_queryFeeDetails: the parts as hex NumberOrHex.
  const Json details = result("payment_queryFeeDetails", Json::array({to_hex(xt)}));
  ASSERT_TRUE(details["inclusionFee"].is_object()) << details.dump();
  for (const char* part : {"baseFee", "lenFee", "adjustedWeightFee"}) {
    ASSERT_TRUE(details["inclusionFee"][part].is_string());
    EXPECT_TRUE(details["inclusionFee"][part].get<std::string>().starts_with("0x"));
  }
  EXPECT_FALSE(details.contains("tip"));
  EXPECT_EQ(error("payment_queryInfo", Json::array({"0x"}))["code"], 2);
  EXPECT_EQ(
      error("payment_queryInfo", Json::array({to_hex(xt), "0x" + std::string(64, '0')}))["code"],
      1);
}

TEST_F(SystemRpc, ChainSpecMethods) {
  EXPECT_EQ(result("chainSpec_v1_chainName"), "Development");
  EXPECT_EQ(result("chainSpec_v1_genesisHash"), to_hex(genesis_->hash));
  EXPECT_EQ(result("chainSpec_v1_properties")["tokenSymbol"], "KSM");
}

TEST_F(SystemRpc, ArchiveReadsBlocksByHeightHashAndState) {
  const block::BlockHash a1 = build(genesis_->hash, 100);
  const block::BlockHash b1 = build(genesis_->hash, 200, /*make_best=*/false);
  const block::BlockHash a2 = build(a1, 101);
  ASSERT_TRUE(chain_->finalize(a1));
  EXPECT_EQ(result("archive_v1_finalizedHeight"), 1);
  EXPECT_EQ(result("archive_v1_genesisHash"), to_hex(genesis_->hash));
  EXPECT_EQ(result("archive_v1_hashByHeight", Json::array({1})), Json::array({to_hex(a1)}));
  EXPECT_EQ(result("archive_v1_hashByHeight", Json::array({2})), Json::array({to_hex(a2)}));
  EXPECT_EQ(result("archive_v1_hashByHeight", Json::array({9})), Json::array());
  EXPECT_EQ(result("archive_v1_header", Json::array({to_hex(a2)})),
            to_hex(scale::encode(chain_->header(a2).value().value())));
  EXPECT_TRUE(result("archive_v1_header", Json::array({to_hex(b1)})).is_null());  // pruned fork
  EXPECT_EQ(result("archive_v1_body", Json::array({to_hex(a2)})),
            result("chain_getBlock", Json::array({to_hex(a2)}))["block"]["extrinsics"]);
  const Json call = result("archive_v1_call", Json::array({to_hex(a2), "Core_version", "0x"}));
  EXPECT_EQ(call, Json({{"success", true},
                        {"value", result("state_call", Json::array({"Core_version", "0x"}))}}));
  const Json failed = result("archive_v1_call", Json::array({to_hex(a2), "Nope_nothing", ""}));
  EXPECT_EQ(failed["success"], false);
  EXPECT_TRUE(failed["error"].is_string());
  EXPECT_TRUE(
      result("archive_v1_call", Json::array({to_hex(Hash256{}), "Core_version", ""})).is_null());

  // archive_v1_storage: one event per item, then storageDone.
  const Bytes alice = system_account_key(hash_of_hex(kAlice));
  const std::string sub = result(
      "archive_v1_storage",
      Json::array(
          {to_hex(a2), Json::array({Json{{"key", to_hex(alice)}, {"type", "value"}},
                                    Json{{"key", to_hex(hash::storage_prefix("System", "Account"))},
                                         {"type", "descendantsHashes"}}})}));
  drain();
  auto events = take(sub);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0]["event"], "storage");
  EXPECT_EQ(events[0]["key"], to_hex(alice));
  EXPECT_EQ(events[0]["value"],
            result("state_getStorage", Json::array({to_hex(alice), to_hex(a2)})));
  const Json keys = result(
      "state_getKeysPaged",
      Json::array({to_hex(hash::storage_prefix("System", "Account")), 1000, nullptr, to_hex(a2)}));
  ASSERT_EQ(events.size(), keys.size() + 2);
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(events[i + 1]["key"], keys[i]);
    EXPECT_TRUE(events[i + 1].contains("hash"));
  }
  EXPECT_EQ(events.back(), Json({{"event", "storageDone"}}));
  // An unknown block: storageError.
  const std::string missing = result(
      "archive_v1_storage",
      Json::array({to_hex(Hash256{}), Json::array({Json{{"key", "0x00"}, {"type", "value"}}})}));
  drain();
  events = take(missing);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "storageError");
}

}  // namespace
}  // namespace canary::node::rpc::testing
