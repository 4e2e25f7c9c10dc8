// state_* and childstate_*: storage reads at a block of the dev chain, paging, read proofs that
// verify against the state root, the runtime version and metadata, runtime calls, storage
// history, the subscriptions, and Substrate's errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "primitives/runtime/runtime_version.hpp"
#include "state/trie/proof.hpp"
#include "tests/unit/node/rpc_test_fixture.hpp"

namespace canary::node::rpc::testing {
namespace {

using StateRpc = RpcFixture;

Bytes bytes_of(const Json& hex) {
  auto b = from_hex(hex.get<std::string>());
  EXPECT_TRUE(b);
  return b ? *b : Bytes{};
}

TEST_F(StateRpc, StorageOfAliceAtABlock) {
  const block::BlockHash b1 = build(genesis_->hash, 100);
  const Bytes key = system_account_key(hash_of_hex(kAlice));
  const Json value = result("state_getStorage", Json::array({to_hex(key), to_hex(b1)}));
  ASSERT_TRUE(value.is_string());
  // AccountInfo: nonce u32, consumers, providers, sufficients, then AccountData (free u128 …).
  const Bytes info = bytes_of(value);
  ASSERT_GE(info.size(), 16u + 16u);
  EXPECT_EQ(
      info,
      chain_->database().storage(chain_->header(b1).value()->state_root, key).value().value());
  EXPECT_EQ(result("state_getStorageAt", Json::array({to_hex(key), to_hex(b1)})), value);
  EXPECT_EQ(result("state_getStorage", Json::array({to_hex(key)})), value);  // best
  EXPECT_EQ(result("state_getStorageHash", Json::array({to_hex(key)})),
            to_hex(hash::blake2b_256(info)));
  EXPECT_EQ(result("state_getStorageSize", Json::array({to_hex(key)})), info.size());
  // An absent key is null; a prefix's size sums the values under it.
  const Bytes absent = system_account_key(Hash256{});
  EXPECT_TRUE(result("state_getStorage", Json::array({to_hex(absent)})).is_null());
  EXPECT_TRUE(result("state_getStorageHash", Json::array({to_hex(absent)})).is_null());
  EXPECT_TRUE(result("state_getStorageSize", Json::array({to_hex(absent)})).is_null());
  const Bytes prefix = hash::storage_prefix("System", "Account");
  const Json pairs_size = result("state_getStorageSize", Json::array({to_hex(prefix)}));
  ASSERT_TRUE(pairs_size.is_number());
  EXPECT_GT(pairs_size.get<uint64_t>(), info.size());
  // Named params.
  EXPECT_EQ(result("state_getStorage", Json{{"key", to_hex(key)}, {"hash", to_hex(b1)}}), value);
}

TEST_F(StateRpc, KeysPagedPagesThroughAPrefix) {
  const Bytes prefix = hash::storage_prefix("System", "Account");
  const Json all = result("state_getKeysPaged", Json::array({to_hex(prefix), 1000}));
  ASSERT_GE(all.size(), 6u);  // the dev accounts and their stashes
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  for (const Json& k : all) EXPECT_TRUE(k.get<std::string>().starts_with(to_hex(prefix)));
  EXPECT_NE(
      std::find(all.begin(), all.end(), Json(to_hex(system_account_key(hash_of_hex(kAlice))))),
      all.end());
  // Pages of 2, each starting after the last key of the one before.
  Json paged = Json::array();
  Json start = nullptr;
  for (int guard = 0; guard < 100; ++guard) {
    const Json page = result("state_getKeysPaged", Json::array({to_hex(prefix), 2, start}));
    if (page.empty()) break;
    EXPECT_LE(page.size(), 2u);
    for (const Json& k : page) paged.push_back(k);
    start = page.back();
  }
  EXPECT_EQ(paged, all);
  // The deprecated state_getKeys returns the same; state_getPairs is unsafe.
  EXPECT_EQ(result("state_getKeys", Json::array({to_hex(prefix)})), all);
  EXPECT_EQ(error("state_getPairs", Json::array({to_hex(prefix)}))["code"], -32601);
  // No prefix: the whole state, from the start; a start key below the prefix starts at it.
  const Json first = result("state_getKeysPaged", Json::array({nullptr, 3}));
  EXPECT_EQ(first.size(), 3u);
  EXPECT_EQ(result("state_getKeysPaged", Json::array({to_hex(prefix), 1, "0x00"})),
            Json::array({all[0]}));
  // count above 1000: 4002.
  const Json too_many = error("state_getKeysPaged", Json::array({to_hex(prefix), 1001}));
  EXPECT_EQ(too_many["code"], 4002);
  EXPECT_EQ(too_many["message"], "count exceeds maximum value. value: 1001, max: 1000");
  EXPECT_EQ(error("state_getKeysPaged", Json::array({to_hex(prefix)}))["code"], -32602);
}

TEST_F(StateRpc, ReadProofVerifiesAgainstTheStateRoot) {
  const block::BlockHash b1 = build(genesis_->hash, 100);
  const Hash256 root = chain_->header(b1).value()->state_root;
  const Bytes alice = system_account_key(hash_of_hex(kAlice));
  const Bytes absent = system_account_key(Hash256{});
  const Json proof =
      result("state_getReadProof",
             Json::array({Json::array({to_hex(alice), to_hex(absent)}), to_hex(b1)}));
  EXPECT_EQ(proof["at"], to_hex(b1));
  std::vector<Bytes> nodes;
  for (const Json& n : proof["proof"]) nodes.push_back(bytes_of(n));
  ASSERT_FALSE(nodes.empty());
  auto read = state::read_proof(root, nodes, std::vector<Bytes>{alice, absent});
  ASSERT_TRUE(read);
  EXPECT_EQ((*read)[0], chain_->database().storage(root, alice).value());
  EXPECT_FALSE((*read)[1]);
  // A proof against another root does not verify.
  auto wrong = state::read_proof(genesis_->header.state_root, nodes, std::vector<Bytes>{alice});
  EXPECT_FALSE(wrong && (*wrong)[0] == chain_->database().storage(root, alice).value());
}

TEST_F(StateRpc, RuntimeVersionMetadataAndCall) {
  const Json version = result("state_getRuntimeVersion");
  EXPECT_EQ(version["specName"], "canary");
  EXPECT_EQ(version["implName"], "canary-node");
  EXPECT_TRUE(version["specVersion"].is_number());
  EXPECT_EQ(version["systemVersion"], version["stateVersion"]);
  ASSERT_TRUE(version["apis"].is_array());
  // [["0x<8-byte id>", version]], Core among them.
  bool has_core = false;
  for (const Json& api : version["apis"]) {
    ASSERT_EQ(api.size(), 2u);
    EXPECT_EQ(api[0].get<std::string>().size(), 18u);
    if (api[0] == to_hex(runtime::kCoreApiId)) has_core = true;
  }
  EXPECT_TRUE(has_core);
  EXPECT_EQ(result("chain_getRuntimeVersion", Json::array({to_hex(genesis_->hash)})), version);

  // Metadata: the bytes of OpaqueMetadata, starting with the "meta" magic.
  const Json metadata = result("state_getMetadata");
  ASSERT_TRUE(metadata.is_string());
  EXPECT_TRUE(metadata.get<std::string>().starts_with("0x6d657461"));

  // state_call Core_version answers the SCALE RuntimeVersion.
  const Json encoded = result("state_call", Json::array({"Core_version", "0x"}));
  auto decoded = runtime::decode_runtime_version(bytes_of(encoded));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->spec_version, version["specVersion"].get<uint32_t>());
  EXPECT_EQ(result("state_callAt", Json::array({"Core_version", "0x", to_hex(genesis_->hash)})),
            encoded);
  // A runtime failure is a 4003 client error.
  const Json missing = error("state_call", Json::array({"Nope_nothing", "0x"}));
  EXPECT_EQ(missing["code"], 4003);
  EXPECT_TRUE(missing["message"].get<std::string>().starts_with("Client error: Execution failed"))
      << missing.dump();
}

// Runtime calls made for RPC clients run on a budget (RpcContext::call_fuel): past it they fail
// with a client error instead of holding the thread; the node's own calls are not bounded.
TEST_F(StateRpc, RuntimeCallsForClientsStopAtTheirBudget) {
  EXPECT_EQ(context_->call_fuel, blockchain::kOutsiderCallFuel);
  const Json metadata = result("state_getMetadata");
  const Json version = result("state_call", Json::array({"Core_version", "0x"}));
  // Metadata_metadata needs far more than 100,000 instructions.
  context_->call_fuel = 100'000;
  for (const Json& e : {error("state_call", Json::array({"Metadata_metadata", "0x"})),
                        error("state_getMetadata")}) {
    EXPECT_EQ(e["code"], 4003) << e.dump();
    EXPECT_NE(e["message"].get<std::string>().find("fuel exhausted"), std::string::npos)
        << e.dump();
  }
  // The same budget is plenty for Core_version; and without a budget, everything runs.
  EXPECT_EQ(result("state_call", Json::array({"Core_version", "0x"})), version);
  context_->call_fuel = std::nullopt;
  EXPECT_EQ(result("state_getMetadata"), metadata);
}

TEST_F(StateRpc, UnknownBlocksGiveSubstratesClientErrors) {
  const std::string unknown = "0x" + std::string(64, 'f');
  const Bytes key = system_account_key(hash_of_hex(kAlice));
  const Json e = error("state_getStorage", Json::array({to_hex(key), unknown}));
  EXPECT_EQ(e["code"], 4003);
  EXPECT_EQ(e["message"],
            "Client error: UnknownBlock: Header was not found in the database: " + unknown);
  EXPECT_EQ(error("state_getKeysPaged", Json::array({"0x", 10, nullptr, unknown}))["message"],
            e["message"]);
  // Runtime-API based: sp-api's UnknownBlock text.
  EXPECT_EQ(error("state_getRuntimeVersion", Json::array({unknown}))["message"],
            "Client error: Api called for an unknown Block: Header was not found in the "
            "database: " +
                unknown);
  EXPECT_EQ(error("state_getMetadata", Json::array({unknown}))["code"], 4003);
  EXPECT_EQ(error("state_call", Json::array({"Core_version", "0x", unknown}))["message"],
            "Client error: UnknownBlock: Expect block number from id: Hash(" + unknown + ")");
  // Malformed params are jsonrpsee's -32602.
  EXPECT_EQ(error("state_getStorage", Json::array({"1234"}))["code"], -32602);
  EXPECT_EQ(error("state_getStorage", Json::array({"0x123"}))["code"], -32602);
  EXPECT_EQ(error("state_getStorage", Json::array())["code"], -32602);
  EXPECT_EQ(error("state_getStorage", Json::array({"0x00", "0x00"}))["code"], -32602);
}

TEST_F(StateRpc, QueryStorageReportsChangesAlongTheChain) {
  // System.Number changes with every block; :code never does.
  const Bytes number_key = hash::storage_prefix("System", "Number");
  const Bytes code_key = to_bytes(":code");
  const block::BlockHash b1 = build(genesis_->hash, 100);
  const block::BlockHash b2 = build(b1, 101);
  const Json at =
      result("state_queryStorageAt", Json::array({Json::array({to_hex(number_key)}), to_hex(b1)}));
  ASSERT_EQ(at.size(), 1u);
  EXPECT_EQ(at[0]["block"], to_hex(b1));
  ASSERT_EQ(at[0]["changes"].size(), 1u);
  EXPECT_EQ(at[0]["changes"][0][0], to_hex(number_key));
  EXPECT_EQ(at[0]["changes"][0][1], to_hex(scale::encode(uint32_t{1})));

  // state_queryStorage is unsafe; with unsafe calls allowed it walks genesis → b2.
  const Json keys = Json::array({to_hex(number_key), to_hex(code_key)});
  EXPECT_EQ(error("state_queryStorage", Json::array({keys, to_hex(genesis_->hash)}))["code"],
            -32601);
  auto unsafe = make_session(false, 2);
  const Json history =
      call_on(*unsafe, "state_queryStorage", Json::array({keys, to_hex(genesis_->hash)}));
  ASSERT_TRUE(history.contains("result")) << history.dump();
  const Json& sets = history["result"];
  ASSERT_EQ(sets.size(), 3u);
  EXPECT_EQ(sets[0]["block"], to_hex(genesis_->hash));
  EXPECT_EQ(sets[0]["changes"].size(), 2u);  // every key at the first block
  EXPECT_EQ(sets[1]["block"], to_hex(b1));
  ASSERT_EQ(sets[1]["changes"].size(), 1u);  // :code did not change
  EXPECT_EQ(sets[1]["changes"][0][0], to_hex(number_key));
  EXPECT_EQ(sets[2]["block"], to_hex(b2));
  // Backwards: Substrate's 4001 range error.
  const Json backwards =
      call_on(*unsafe, "state_queryStorage", Json::array({keys, to_hex(b2), to_hex(b1)}));
  EXPECT_EQ(backwards["error"]["code"], 4001);
  EXPECT_TRUE(
      backwards["error"]["message"].get<std::string>().ends_with("from number > to number"));
}

TEST_F(StateRpc, StorageSubscriptionReportsChangesAtEachBestBlock) {
  const Bytes number_key = hash::storage_prefix("System", "Number");
  const Bytes code_key = to_bytes(":code");
  const std::string sub = result(
      "state_subscribeStorage", Json::array({Json::array({to_hex(number_key), to_hex(code_key)})}));
  drain();
  auto initial = take(sub);
  ASSERT_EQ(initial.size(), 1u);
  EXPECT_EQ(initial[0]["block"], to_hex(genesis_->hash));
  ASSERT_EQ(initial[0]["changes"].size(), 2u);  // every key, absent ones as null
  EXPECT_EQ(initial[0]["changes"][0][0], to_hex(number_key));

  const block::BlockHash b1 = build(genesis_->hash, 100);
  drain();
  auto changed = take(sub);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0]["block"], to_hex(b1));
  EXPECT_EQ(changed[0]["changes"],
            Json::array({Json::array({to_hex(number_key), to_hex(scale::encode(uint32_t{1}))})}));
  // A block that is not best changes nothing the subscriber sees.
  build(genesis_->hash, 200, /*make_best=*/false);
  drain();
  EXPECT_TRUE(take(sub).empty());
  // Every key needs unsafe rights (keys absent or null); an empty list is a set of no keys, safe
  // as in Substrate: an empty initial set, then nothing.
  EXPECT_EQ(error("state_subscribeStorage")["code"], -32601);
  EXPECT_EQ(error("state_subscribeStorage", Json::array({nullptr}))["code"], -32601);
  const std::string none = result("state_subscribeStorage", Json::array({Json::array()}));
  drain();
  auto empty = take(none);
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0]["changes"], Json::array());
  build(b1, 300);
  drain();
  EXPECT_TRUE(take(none).empty());
  EXPECT_EQ(result("state_unsubscribeStorage", Json::array({sub})), true);
}

// Without keys (absent or null) where unsafe methods are allowed: no initial set,
// then at each new best block exactly the keys whose values changed (compared with
// state_getPairs of both blocks). Refused under --rpc-methods safe (above).
TEST_F(StateRpc, StorageSubscriptionWithoutKeysReportsEveryChange) {
  auto unsafe = make_session(false, 2);
  std::vector<std::string> subs;
  for (const Json& params : {Json::array(), Json::array({nullptr})}) {
    const Json answer = call_on(*unsafe, "state_subscribeStorage", params);
    ASSERT_TRUE(answer.contains("result")) << params.dump() << " -> " << answer.dump();
    subs.push_back(answer["result"].get<std::string>());
  }
  drain(*unsafe);
  for (const std::string& sub : subs) EXPECT_TRUE(take(sub).empty());

  const block::BlockHash b1 = build(genesis_->hash, 100);
  drain(*unsafe);
  const auto pairs_at = [&](const block::BlockHash& at) {
    const Json r = call_on(*unsafe, "state_getPairs", Json::array({"0x", to_hex(at)}));
    std::map<std::string, std::string> out;
    for (const Json& kv : r["result"]) out[kv[0].get<std::string>()] = kv[1].get<std::string>();
    return out;
  };
  const auto before = pairs_at(genesis_->hash);
  const auto after = pairs_at(b1);
  ASSERT_FALSE(after.empty());
  Json expected = Json::array();
  std::set<std::string> keys;
  for (const auto& [k, v] : before) keys.insert(k);
  for (const auto& [k, v] : after) keys.insert(k);
  for (const std::string& k : keys) {
    auto b = before.find(k);
    auto a = after.find(k);
    if (a == after.end()) {
      expected.push_back(Json::array({k, nullptr}));
    } else if (b == before.end() || b->second != a->second) {
      expected.push_back(Json::array({k, a->second}));
    }
  }
  ASSERT_FALSE(expected.empty());
  const std::string number_key = to_hex(hash::storage_prefix("System", "Number"));
  EXPECT_TRUE(std::any_of(expected.begin(), expected.end(),
                          [&](const Json& c) { return c[0] == number_key; }));
  for (const std::string& sub : subs) {
    auto got = take(sub);
    ASSERT_EQ(got.size(), 1u) << sub;
    EXPECT_EQ(got[0]["block"], to_hex(b1));
    EXPECT_EQ(got[0]["changes"], expected);
  }
  // A block that does not become best is not reported.
  build(b1, 200, /*make_best=*/false);
  drain(*unsafe);
  for (const std::string& sub : subs) EXPECT_TRUE(take(sub).empty());
}

TEST_F(StateRpc, RuntimeVersionSubscriptionStartsWithTheCurrentVersion) {
  const std::string sub = result("state_subscribeRuntimeVersion");
  const std::string alias = result("chain_subscribeRuntimeVersion");
  drain();
  auto got = take(sub);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], result("state_getRuntimeVersion"));
  EXPECT_EQ(take(alias).size(), 1u);
  // Blocks that do not change the runtime send nothing.
  build(genesis_->hash, 100);
  drain();
  EXPECT_TRUE(take(sub).empty());
}

TEST_F(StateRpc, ChildStateNeedsADefaultChildKey) {
  // The dev genesis has no child tries: reads answer null / empty, a bad key 4003.
  const std::string child = to_hex(to_bytes(":child_storage:default:nothing"));
  EXPECT_TRUE(result("childstate_getStorage", Json::array({child, "0x01"})).is_null());
  EXPECT_TRUE(result("childstate_getStorageHash", Json::array({child, "0x01"})).is_null());
  EXPECT_TRUE(result("childstate_getStorageSize", Json::array({child, "0x01"})).is_null());
  EXPECT_EQ(result("childstate_getKeys", Json::array({child, "0x"})), Json::array());
  EXPECT_EQ(result("childstate_getKeysPaged", Json::array({child, nullptr, 10})), Json::array());
  EXPECT_EQ(
      result("childstate_getStorageEntries", Json::array({child, Json::array({"0x01", "0x02"})})),
      Json::array({nullptr, nullptr}));
  const Json bad = error("childstate_getStorage", Json::array({to_hex(to_bytes(":code")), "0x01"}));
  EXPECT_EQ(bad["code"], 4003);
  EXPECT_EQ(bad["message"], "Client error: Invalid child storage key");
  // A child read proof of an absent trie proves the absence of its root in the main trie.
  const Json proof = result("state_getChildReadProof", Json::array({child, Json::array({"0x01"})}));
  std::vector<Bytes> nodes;
  for (const Json& n : proof["proof"]) nodes.push_back(bytes_of(n));
  auto read = state::read_proof(genesis_->header.state_root, nodes,
                                std::vector<Bytes>{to_bytes(":child_storage:default:nothing")});
  ASSERT_TRUE(read);
  EXPECT_FALSE((*read)[0]);
}

}  // namespace
}  // namespace canary::node::rpc::testing
