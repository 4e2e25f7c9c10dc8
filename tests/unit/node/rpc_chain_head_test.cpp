// chainHead_v1_*: the follow event sequence against real imports and finality (initialized,
// newBlock, bestBlockChanged, finalized with pruned forks), pinning and unpin, and the operations
// (header, body, call, storage with pagination and continue) with the spec's limits and errors.
#include <gtest/gtest.h>

#include <future>
#include <set>

#include "node/rpc/substrate_json.hpp"
#include "tests/unit/node/rpc_test_fixture.hpp"

namespace canary::node::rpc::testing {
namespace {

class ChainHeadRpc : public RpcFixture {
 protected:
  std::string follow(bool with_runtime) {
    const Json r = call("chainHead_v1_follow", Json::array({with_runtime}));
    EXPECT_TRUE(r.contains("result")) << r.dump();
    return r.value("result", std::string());
  }
};

TEST_F(ChainHeadRpc, FollowReportsTheTreeThenImportsBestAndFinality) {
  // genesis ─ a1 ─ a2      (a2 best)
  //        └─ b1
  const block::BlockHash a1 = build(genesis_->hash, 100);
  const block::BlockHash a2 = build(a1, 101);
  const block::BlockHash b1 = build(genesis_->hash, 200, /*make_best=*/false);

  const std::string sub = follow(true);
  drain();
  auto events = take(sub);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0]["event"], "initialized");
  EXPECT_EQ(events[0]["finalizedBlockHashes"], Json::array({to_hex(genesis_->hash)}));
  const Json runtime = events[0]["finalizedBlockRuntime"];
  EXPECT_EQ(runtime["type"], "valid");
  EXPECT_EQ(runtime["spec"]["specName"], "canary");
  ASSERT_TRUE(runtime["spec"]["apis"].is_object());
  EXPECT_TRUE(runtime["spec"]["apis"].contains(to_hex(runtime::kCoreApiId)));
  // Parents first; every block above the finalized one, forks included.
  std::vector<std::string> announced;
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(events[i]["event"], "newBlock");
    EXPECT_TRUE(events[i]["newRuntime"].is_null());
    announced.push_back(events[i]["blockHash"]);
  }
  EXPECT_EQ(std::set<std::string>(announced.begin(), announced.end()),
            (std::set<std::string>{to_hex(a1), to_hex(a2), to_hex(b1)}));
  EXPECT_LT(std::find(announced.begin(), announced.end(), to_hex(a1)),
            std::find(announced.begin(), announced.end(), to_hex(a2)));
  EXPECT_EQ(events[4], Json({{"event", "bestBlockChanged"}, {"bestBlockHash", to_hex(a2)}}));

  // An import that becomes best: newBlock then bestBlockChanged.
  const block::BlockHash a3 = build(a2, 102);
  drain();
  events = take(sub);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["event"], "newBlock");
  EXPECT_EQ(events[0]["blockHash"], to_hex(a3));
  EXPECT_EQ(events[0]["parentBlockHash"], to_hex(a2));
  EXPECT_TRUE(events[0].contains("newRuntime"));
  EXPECT_EQ(events[1]["bestBlockHash"], to_hex(a3));
  // A fork block that is not best: newBlock only.
  const block::BlockHash b2 = build(b1, 201, /*make_best=*/false);
  drain();
  events = take(sub);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["blockHash"], to_hex(b2));

  // Finality of a2: a1 and a2 finalized, the b fork pruned.
  const block::Header hb1 = chain_->header(b1).value().value();
  ASSERT_TRUE(chain_->finalize(a2));
  drain();
  events = take(sub);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "finalized");
  EXPECT_EQ(events[0]["finalizedBlockHashes"], Json::array({to_hex(a1), to_hex(a2)}));
  const Json pruned = events[0]["prunedBlockHashes"];
  EXPECT_EQ(std::set<Json>(pruned.begin(), pruned.end()), (std::set<Json>{to_hex(b1), to_hex(b2)}));

  // Pinned blocks answer header even after being pruned; unpinned ones are -32801.
  EXPECT_EQ(result("chainHead_v1_header", Json::array({sub, to_hex(b1)})),
            to_hex(scale::encode(hb1)));
  EXPECT_EQ(result("chainHead_v1_header", Json::array({sub, to_hex(a3)})),
            to_hex(scale::encode(chain_->header(a3).value().value())));
  EXPECT_TRUE(
      result("chainHead_v1_unpin", Json::array({sub, Json::array({to_hex(b1), to_hex(b2)})}))
          .is_null());
  const Json gone = error("chainHead_v1_header", Json::array({sub, to_hex(b1)}));
  EXPECT_EQ(gone["code"], -32801);
  EXPECT_EQ(gone["message"], "Invalid block hash");
  // Unpin is all or nothing; duplicates are -32804.
  EXPECT_EQ(error("chainHead_v1_unpin",
                  Json::array({sub, Json::array({to_hex(a1), to_hex(b1)})}))["code"],
            -32801);
  EXPECT_FALSE(result("chainHead_v1_header", Json::array({sub, to_hex(a1)})).is_null());
  EXPECT_EQ(error("chainHead_v1_unpin",
                  Json::array({sub, Json::array({to_hex(a1), to_hex(a1)})}))["code"],
            -32804);
  EXPECT_TRUE(result("chainHead_v1_unpin", Json::array({sub, to_hex(a1)})).is_null());

  // Unfollow ends the subscription: its id answers null / limitReached afterwards.
  EXPECT_EQ(result("chainHead_v1_unfollow", Json::array({sub})), true);
  EXPECT_TRUE(result("chainHead_v1_header", Json::array({sub, to_hex(a3)})).is_null());
  EXPECT_EQ(result("chainHead_v1_body", Json::array({sub, to_hex(a3)})),
            Json({{"result", "limitReached"}}));
}

TEST_F(ChainHeadRpc, FinalityMovesTheBestBlockOffAPrunedFork) {
  const block::BlockHash a1 = build(genesis_->hash, 100);
  const block::BlockHash b1 = build(genesis_->hash, 200);  // best
  const std::string sub = follow(false);
  drain();
  auto events = take(sub);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_FALSE(events[0].contains("finalizedBlockRuntime"));
  EXPECT_FALSE(events[1].contains("newRuntime"));
  EXPECT_EQ(events[3]["bestBlockHash"], to_hex(b1));
  ASSERT_TRUE(chain_->finalize(a1));
  drain();
  events = take(sub);
  // The best block is reported anew before it is pruned.
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], Json({{"event", "bestBlockChanged"}, {"bestBlockHash", to_hex(a1)}}));
  EXPECT_EQ(events[1]["finalizedBlockHashes"], Json::array({to_hex(a1)}));
  EXPECT_EQ(events[1]["prunedBlockHashes"], Json::array({to_hex(b1)}));
}

TEST_F(ChainHeadRpc, BodyCallAndStorageOperations) {
  const block::BlockHash a1 = build(genesis_->hash, 100);
  const std::string sub = follow(true);
  drain();
  take(sub);

  // Body: started, then operationBodyDone with the length-prefixed extrinsics.
  Json started = result("chainHead_v1_body", Json::array({sub, to_hex(a1)}));
  EXPECT_EQ(started["result"], "started");
  ASSERT_TRUE(started["operationId"].is_string());
  auto events = take(sub);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "operationBodyDone");
  EXPECT_EQ(events[0]["operationId"], started["operationId"]);
  const Json block = result("chain_getBlock", Json::array({to_hex(a1)}));
  EXPECT_EQ(events[0]["value"], block["block"]["extrinsics"]);

  // Call: Core_version's output, or operationError for a missing entry point.
  started = result("chainHead_v1_call", Json::array({sub, to_hex(a1), "Core_version", ""}));
  events = take(sub);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "operationCallDone");
  EXPECT_EQ(events[0]["output"], result("state_call", Json::array({"Core_version", "0x"})));
  started = result("chainHead_v1_call", Json::array({sub, to_hex(a1), "Nope_nothing", "0x"}));
  events = take(sub);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "operationError");
  EXPECT_TRUE(events[0]["error"].is_string());
  const Json bad_hex =
      error("chainHead_v1_call", Json::array({sub, to_hex(a1), "Core_version", "zz"}));
  EXPECT_EQ(bad_hex["code"], -32602);
  EXPECT_EQ(bad_hex["message"], "Invalid parameter: zz");

  // Storage: value, hash, closest Merkle value in one items event, then done.
  const Bytes alice = system_account_key(hash_of_hex(kAlice));
  const Bytes value =
      chain_->database().storage(chain_->header(a1).value()->state_root, alice).value().value();
  started = result(
      "chainHead_v1_storage",
      Json::array({sub, to_hex(a1),
                   Json::array({Json{{"key", to_hex(alice)}, {"type", "value"}},
                                Json{{"key", to_hex(alice)}, {"type", "hash"}},
                                Json{{"key", "0x"}, {"type", "closestDescendantMerkleValue"}},
                                Json{{"key", "0x0102"}, {"type", "value"}}}),
                   nullptr}));
  EXPECT_EQ(started["result"], "started");
  EXPECT_EQ(started["discardedItems"], 0);
  events = take(sub);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["event"], "operationStorageItems");
  const Json items = events[0]["items"];
  ASSERT_EQ(items.size(), 3u);  // the absent key yields nothing
  EXPECT_EQ(items[0], Json({{"key", to_hex(alice)}, {"value", to_hex(value)}}));
  EXPECT_EQ(items[1], Json({{"key", to_hex(alice)}, {"hash", to_hex(hash::blake2b_256(value))}}));
  // The closest descendant of the empty key is the root node: its Merkle value is the root.
  EXPECT_EQ(
      items[2],
      Json({{"key", "0x"},
            {"closestDescendantMerkleValue", to_hex(chain_->header(a1).value()->state_root)}}));
  EXPECT_EQ(events[1],
            Json({{"event", "operationStorageDone"}, {"operationId", started["operationId"]}}));
}

TEST_F(ChainHeadRpc, DescendantsArePagedAndWaitForContinue) {
  const std::string sub = follow(false);
  drain();
  take(sub);
  const Bytes prefix = hash::storage_prefix("System", "Account");
  const Json all = result("state_getKeysPaged", Json::array({to_hex(prefix), 1000}));
  ASSERT_GT(all.size(), 5u);  // more than one page of 5
  const Json started = result(
      "chainHead_v1_storage",
      Json::array({sub, to_hex(genesis_->hash),
                   Json::array({Json{{"key", to_hex(prefix)}, {"type", "descendantsHashes"}}})}));
  const std::string op = started["operationId"];
  Json keys = Json::array();
  for (int page = 0; page < 10; ++page) {
    auto events = take(sub);
    ASSERT_FALSE(events.empty());
    bool done = false;
    bool waiting = false;
    for (const Json& e : events) {
      EXPECT_EQ(e["operationId"], op);
      if (e["event"] == "operationStorageItems") {
        EXPECT_LE(e["items"].size(), 5u);
        for (const Json& item : e["items"]) {
          EXPECT_TRUE(item.contains("hash"));
          keys.push_back(item["key"]);
        }
      }
      done = done || e["event"] == "operationStorageDone";
      waiting = waiting || e["event"] == "operationWaitingForContinue";
    }
    if (done) break;
    ASSERT_TRUE(waiting);
    // Nothing more comes until continue.
    drain();
    EXPECT_TRUE(take(sub).empty());
    EXPECT_TRUE(result("chainHead_v1_continue", Json::array({sub, op})).is_null());
  }
  EXPECT_EQ(keys, all);
  // Continue on an operation that does not wait: -32803 (a finished one is unknown: null).
  EXPECT_TRUE(result("chainHead_v1_continue", Json::array({sub, op})).is_null());
}

TEST_F(ChainHeadRpc, LimitsAndSubscriptionChecks) {
  const std::string sub = follow(false);
  drain();
  take(sub);
  // Calls need a subscription with the runtime.
  const Json no_runtime =
      error("chainHead_v1_call", Json::array({sub, to_hex(genesis_->hash), "Core_version", ""}));
  EXPECT_EQ(no_runtime["code"], -32802);
  // A block the subscription never reported: -32801; an unknown subscription: limitReached.
  EXPECT_EQ(error("chainHead_v1_body", Json::array({sub, to_hex(Hash256{})}))["code"], -32801);
  EXPECT_EQ(result("chainHead_v1_body", Json::array({"nope", to_hex(genesis_->hash)})),
            Json({{"result", "limitReached"}}));
  EXPECT_TRUE(
      result("chainHead_v1_header", Json::array({"nope", to_hex(genesis_->hash)})).is_null());
  // The operations of another connection's subscription are not reachable from this one.
  auto other = make_session(true, 7);
  const Json foreign =
      call_on(*other, "chainHead_v1_body", Json::array({sub, to_hex(genesis_->hash)}));
  EXPECT_EQ(foreign["result"], Json({{"result", "limitReached"}}));

  // 16 operation slots: a storage request of 20 items keeps 16 and discards 4; while it waits
  // for continue, nothing else starts.
  const Bytes prefix = hash::storage_prefix("System", "Account");
  Json items = Json::array();
  for (int i = 0; i < 20; ++i)
    items.push_back(Json{{"key", to_hex(prefix)}, {"type", "descendantsValues"}});
  const Json started =
      result("chainHead_v1_storage", Json::array({sub, to_hex(genesis_->hash), items}));
  EXPECT_EQ(started["discardedItems"], 4);
  EXPECT_EQ(result("chainHead_v1_body", Json::array({sub, to_hex(genesis_->hash)})),
            Json({{"result", "limitReached"}}));
  // Stopping the operation frees its slots.
  EXPECT_TRUE(
      result("chainHead_v1_stopOperation", Json::array({sub, started["operationId"]})).is_null());
  take(sub);
  EXPECT_EQ(result("chainHead_v1_body", Json::array({sub, to_hex(genesis_->hash)}))["result"],
            "started");
  // A continue for an operation that is running but not waiting is -32803.
  const Json again = result(
      "chainHead_v1_storage",
      Json::array({sub, to_hex(genesis_->hash),
                   Json::array({Json{{"key", to_hex(prefix)}, {"type", "descendantsValues"}}})}));
  EXPECT_EQ(take(sub).back()["event"], "operationWaitingForContinue");
  hold_deferred_ = true;
  EXPECT_TRUE(result("chainHead_v1_continue", Json::array({sub, again["operationId"]})).is_null());
  const Json twice = error("chainHead_v1_continue", Json::array({sub, again["operationId"]}));
  EXPECT_EQ(twice["code"], -32803);
  EXPECT_EQ(twice["message"], "Wait for continue event was not generated for the subscription");
  hold_deferred_ = false;
  drain();
  EXPECT_FALSE(take(sub).empty());
  // Bad storage items are -32602.
  EXPECT_EQ(
      error("chainHead_v1_storage",
            Json::array({sub, to_hex(genesis_->hash),
                         Json::array({Json{{"key", "0x00"}, {"type", "everything"}}})}))["code"],
      -32602);

  // Four follow subscriptions per connection (Substrate's default), then -32800.
  follow(false);
  follow(true);
  follow(false);
  const Json fifth = error("chainHead_v1_follow", Json::array({false}));
  EXPECT_EQ(fifth["code"], -32800);
  EXPECT_EQ(error("chainHead_v1_follow", Json::array({"yes"}))["code"], -32602);
}

TEST_F(ChainHeadRpc, OperationsRunOnTheContextsWorkerWithoutADeferHook) {
  context_->defer = nullptr;
  const std::string sub = follow(false);
  const Json started = result("chainHead_v1_body", Json::array({sub, to_hex(genesis_->hash)}));
  EXPECT_EQ(started["result"], "started");
  // The worker runs tasks in order: once a later task ran, the operation has finished.
  std::promise<void> barrier;
  context_->run_deferred([&barrier] { barrier.set_value(); });
  barrier.get_future().wait();
  drain();
  auto events = take(sub);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), Json({{"event", "operationBodyDone"},
                                 {"operationId", started["operationId"]},
                                 {"value", Json::array()}}));
}

}  // namespace
}  // namespace canary::node::rpc::testing
