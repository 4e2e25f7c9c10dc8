// The sans-IO session: dispatch, batches, safety classes, rpc_methods, subscriptions and the
// bounded outbox, without sockets.
#include <gtest/gtest.h>

#include <stdexcept>

#include "rpc/jsonrpc/session.hpp"

namespace canary::rpc {
namespace {

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto reg = std::make_shared<MethodRegistry>();
    ASSERT_TRUE(reg->add_method("echo", MethodSafety::kSafe,
                                [](const Params& p, const CallContext&) -> MethodResult {
                                  const Json* v = p.get(0, "value");
                                  if (v == nullptr) return unexpected(invalid_params("value"));
                                  return *v;
                                }));
    ASSERT_TRUE(reg->add_method(
        "fail", MethodSafety::kSafe, [](const Params&, const CallContext&) -> MethodResult {
          return unexpected(Error{1010, "Invalid Transaction", Json("Inability to pay")});
        }));
    ASSERT_TRUE(reg->add_method("throws", MethodSafety::kSafe,
                                [](const Params&, const CallContext&) -> MethodResult {
                                  throw std::runtime_error("boom");
                                }));
    ASSERT_TRUE(reg->add_method(
        "author_rotateKeys", MethodSafety::kUnsafe,
        [](const Params&, const CallContext&) -> MethodResult { return Json("0x01"); }));
    ASSERT_TRUE(reg->add_method("big", MethodSafety::kSafe,
                                [](const Params&, const CallContext&) -> MethodResult {
                                  return Json(std::string(2000, 'a'));
                                }));
    ASSERT_TRUE(reg->add_subscription(
        "chain_subscribeNewHeads", "chain_newHead", "chain_unsubscribeNewHeads",
        MethodSafety::kSafe,
        [this](const Params& p, const CallContext&, SubscriptionSink sink) -> Result<void, Error> {
          if (p.get(0, "refuse") != nullptr) return unexpected(invalid_params("refused"));
          // Sent before the subscribe response is queued: must arrive after it.
          EXPECT_TRUE(sink.send(Json("first")));
          sinks.push_back(sink);
          return {};
        }));
    ASSERT_EQ(reg->add_method("echo", MethodSafety::kSafe, nullptr).error(),
              RegistryError::kDuplicateName);
    registry = reg;
  }

  std::unique_ptr<Session> make_session(SessionConfig config = {}) {
    config.max_response_size = 1000;
    outbox = std::make_shared<Outbox>(capacity);
    return std::make_unique<Session>(registry, config, outbox,
                                     [this] { return "sub" + std::to_string(next_id++); });
  }

  Json call(Session& session, const std::string& text) {
    session.handle_message(text);
    auto out = outbox->pop();
    if (!out) return Json("<none>");
    return Json::parse(*out);
  }

  std::shared_ptr<const MethodRegistry> registry;
  std::shared_ptr<Outbox> outbox;
  std::size_t capacity = 4;
  int next_id = 1;
  std::vector<SubscriptionSink> sinks;
};

TEST_F(SessionTest, CallsMethodsByPositionAndName) {
  auto s = make_session();
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"echo","params":[5],"id":1})"),
            Json::parse(R"({"jsonrpc":"2.0","result":5,"id":1})"));
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"echo","params":{"value":"x"},"id":"i"})"),
            Json::parse(R"({"jsonrpc":"2.0","result":"x","id":"i"})"));
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"echo","id":2})")["error"]["code"],
            kInvalidParamsCode);
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"nope","id":3})"),
            Json::parse(R"({"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},
                            "id":3})"));
  EXPECT_EQ(call(*s, "{"), Json::parse(R"({"jsonrpc":"2.0","error":{"code":-32700,
                                          "message":"Parse error"},"id":null})"));
  // Notifications get no answer, even failing ones.
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"echo","params":[5]})"), Json("<none>"));
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"nope"})"), Json("<none>"));
}

TEST_F(SessionTest, ApplicationErrorsPassThroughAndExceptionsBecomeInternalErrors) {
  auto s = make_session();
  EXPECT_EQ(
      call(*s, R"({"jsonrpc":"2.0","method":"fail","id":1})")["error"],
      Json::parse(R"({"code":1010,"message":"Invalid Transaction","data":"Inability to pay"})"));
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"throws","id":1})")["error"]["code"],
            kInternalErrorCode);
}

TEST_F(SessionTest, OversizedResponseBecomesAnError) {
  auto s = make_session();
  const Json r = call(*s, R"({"jsonrpc":"2.0","method":"big","id":9})");
  EXPECT_EQ(r["error"]["code"], kOversizedResponseCode);
  EXPECT_EQ(r["id"], 9);
}

TEST_F(SessionTest, UnsafeMethodsAreDeniedWithSubstratesError) {
  SessionConfig config;
  config.deny_unsafe = true;
  auto s = make_session(config);
  EXPECT_EQ(
      call(*s, R"({"jsonrpc":"2.0","method":"author_rotateKeys","id":1})")["error"],
      Json::parse(R"({"code":-32601,"message":"RPC call is unsafe to be called externally"})"));
  config.deny_unsafe = false;
  auto t = make_session(config);
  EXPECT_EQ(call(*t, R"({"jsonrpc":"2.0","method":"author_rotateKeys","id":1})")["result"], "0x01");
}

TEST_F(SessionTest, PolicyResolution) {
  EXPECT_TRUE(deny_unsafe(RpcMethodsPolicy::kSafe, true));
  EXPECT_FALSE(deny_unsafe(RpcMethodsPolicy::kUnsafe, false));
  EXPECT_FALSE(deny_unsafe(RpcMethodsPolicy::kAuto, true));
  EXPECT_TRUE(deny_unsafe(RpcMethodsPolicy::kAuto, false));
  EXPECT_EQ(parse_rpc_methods_policy("auto"), RpcMethodsPolicy::kAuto);
  EXPECT_FALSE(parse_rpc_methods_policy("Auto"));
}

TEST_F(SessionTest, RpcMethodsListsEveryNameSorted) {
  auto s = make_session();
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"rpc_methods","id":1})")["result"],
            Json::parse(R"({"methods":["author_rotateKeys","big","chain_subscribeNewHeads",
              "chain_unsubscribeNewHeads","echo","fail","rpc_methods","throws"]})"));
}

TEST_F(SessionTest, BatchAnswersInOrderAndSkipsNotifications) {
  auto s = make_session();
  const Json r = call(*s, R"([{"jsonrpc":"2.0","method":"echo","params":[1],"id":1},
      {"jsonrpc":"2.0","method":"echo","params":[2]},
      {"foo":"boo"},
      {"jsonrpc":"2.0","method":"nope","id":"5"},
      {"jsonrpc":"2.0","method":"echo","params":[3],"id":3}])");
  EXPECT_EQ(r, Json::parse(R"([{"jsonrpc":"2.0","result":1,"id":1},
      {"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request"},"id":null},
      {"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"5"},
      {"jsonrpc":"2.0","result":3,"id":3}])"));
  EXPECT_EQ(call(*s, R"([{"jsonrpc":"2.0","method":"echo","params":[1]}])"), Json("<none>"));
  EXPECT_EQ(call(*s, "[]")["error"]["code"], kInvalidRequestCode);
}

// A server answers big batches in steps and serves other connections between the steps: a
// single call from another session is answered while a 100,000-call batch is half done, and the
// batch's answer still comes whole, in order, once its last step ends. Subscriptions the batch
// accepted start only after that answer.
TEST_F(SessionTest, SteppedBatchLetsAnotherSessionsCallThrough) {
  SessionConfig config;
  config.max_response_size = 64 * 1024 * 1024;
  auto big_outbox = std::make_shared<Outbox>(16);
  Session big(registry, config, big_outbox, [this] { return "sub" + std::to_string(next_id++); });
  auto small_outbox = std::make_shared<Outbox>(16);
  Session small(registry, config, small_outbox, [] { return std::string("x"); });

  constexpr int kCalls = 100000;
  std::string batch = R"([{"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":"s"})";
  for (int i = 0; i < kCalls; ++i) {
    batch += R"(,{"jsonrpc":"2.0","method":"echo","params":[)" + std::to_string(i) + R"(],"id":)" +
             std::to_string(i) + "}";
  }
  batch += "]";
  std::unique_ptr<Session::Pending> pending = big.begin_message(batch);
  ASSERT_FALSE(big.step(*pending, 256));
  EXPECT_EQ(big_outbox->pop(), std::nullopt);  // nothing of the batch yet, not even "first"

  small.handle_message(R"({"jsonrpc":"2.0","method":"echo","params":["now"],"id":1})");
  auto answer = small_outbox->pop();
  ASSERT_TRUE(answer);
  EXPECT_EQ(Json::parse(*answer)["result"], "now");
  EXPECT_EQ(big_outbox->pop(), std::nullopt);  // the batch is still not done

  int steps = 1;
  while (!big.step(*pending, 256)) ++steps;
  EXPECT_EQ(steps + 1, (kCalls + 1 + 255) / 256);  // the first step, the false ones, the last
  const Json all = Json::parse(*big_outbox->pop());
  ASSERT_EQ(all.size(), static_cast<size_t>(kCalls + 1));
  EXPECT_EQ(all[0]["result"], "sub1");
  for (int i = 0; i < kCalls; ++i) ASSERT_EQ(all[i + 1]["result"], i);
  EXPECT_EQ(Json::parse(*big_outbox->pop())["params"]["result"], "first");
  EXPECT_TRUE(big.step(*pending, 256));  // done stays done
}

TEST_F(SessionTest, SubscriptionIdComesBeforeItsNotifications) {
  auto s = make_session();
  s->handle_message(R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})");
  EXPECT_EQ(Json::parse(*outbox->pop()),
            Json::parse(R"({"jsonrpc":"2.0","result":"sub1","id":1})"));
  EXPECT_EQ(Json::parse(*outbox->pop()), Json::parse(R"({"jsonrpc":"2.0","method":"chain_newHead",
                            "params":{"subscription":"sub1","result":"first"}})"));
  ASSERT_EQ(sinks.size(), 1u);
  EXPECT_TRUE(sinks[0].send(Json(2)));
  EXPECT_EQ(Json::parse(*outbox->pop())["params"]["result"], 2);
  EXPECT_EQ(s->subscription_count(), 1u);

  // Only the subscription's own unsubscribe method, with its id, ends it.
  EXPECT_EQ(
      call(*s, R"({"jsonrpc":"2.0","method":"chain_unsubscribeNewHeads","params":["zzz"],"id":2})")
          ["result"],
      false);
  EXPECT_EQ(
      call(*s,
           R"({"jsonrpc":"2.0","method":"chain_unsubscribeNewHeads","params":[1],"id":2})")["error"]
                                                                                           ["code"],
      kInvalidParamsCode);
  EXPECT_EQ(
      call(*s, R"({"jsonrpc":"2.0","method":"chain_unsubscribeNewHeads","params":["sub1"],"id":3})")
          ["result"],
      true);
  EXPECT_TRUE(sinks[0].closed());
  EXPECT_FALSE(sinks[0].send(Json(3)));
  EXPECT_FALSE(outbox->pop());
  EXPECT_EQ(
      call(
          *s,
          R"({"jsonrpc":"2.0","method":"chain_unsubscribeNewHeads","params":{"subscription":"sub1"},"id":4})")
          ["result"],
      false);
}

TEST_F(SessionTest, RefusedSubscriptionReturnsTheHandlersError) {
  auto s = make_session();
  EXPECT_EQ(
      call(*s,
           R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","params":[1],"id":1})")["error"]
                                                                                         ["code"],
      kInvalidParamsCode);
  EXPECT_TRUE(sinks.empty());
  EXPECT_EQ(s->subscription_count(), 0u);
}

TEST_F(SessionTest, SubscriptionsInABatchStartAfterTheBatchResponse) {
  auto s = make_session();
  s->handle_message(R"([{"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1},
                        {"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":2}])");
  EXPECT_TRUE(Json::parse(*outbox->pop()).is_array());
  EXPECT_EQ(Json::parse(*outbox->pop())["params"]["subscription"], "sub1");
  EXPECT_EQ(Json::parse(*outbox->pop())["params"]["subscription"], "sub2");
}

TEST_F(SessionTest, SubscriptionLimitPerConnection) {
  SessionConfig config;
  config.max_subscriptions = 2;
  auto s = make_session(config);
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(call(*s, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})")["result"]
                    .is_string());
    outbox->pop();  // the first notification
  }
  EXPECT_EQ(call(*s, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})")["error"],
            Json::parse(R"({"code":-32006,"message":"Too many subscriptions on the connection"})"));
  // A closed subscription frees its place.
  EXPECT_EQ(
      call(*s, R"({"jsonrpc":"2.0","method":"chain_unsubscribeNewHeads","params":["sub1"],"id":2})")
          ["result"],
      true);
  EXPECT_TRUE(call(*s, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":3})")["result"]
                  .is_string());
}

TEST_F(SessionTest, SlowClientLosesTheSubscriptionNotTheNodesMemory) {
  auto s = make_session();  // outbox capacity 4
  s->handle_message(R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})");
  ASSERT_EQ(outbox->size(), 2u);  // response + first notification
  EXPECT_TRUE(sinks[0].send(Json(1)));
  EXPECT_TRUE(sinks[0].send(Json(2)));
  EXPECT_TRUE(outbox->full());
  EXPECT_FALSE(sinks[0].send(Json(3)));  // dropped, as Substrate drops a lagging subscription
  EXPECT_TRUE(sinks[0].closed());
  EXPECT_EQ(outbox->size(), 4u);
  EXPECT_EQ(s->subscription_count(), 0u);
  // Responses are still delivered (the adapter stops reading while the outbox is full).
  s->handle_message(R"({"jsonrpc":"2.0","method":"echo","params":[1],"id":2})");
  EXPECT_EQ(outbox->size(), 5u);
}

TEST_F(SessionTest, SubscriptionsAreClosedWithTheSessionAndRefusedOverHttp) {
  {
    auto s = make_session();
    call(*s, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})");
  }
  ASSERT_EQ(sinks.size(), 1u);
  EXPECT_TRUE(sinks[0].closed());
  EXPECT_FALSE(sinks[0].send(Json(1)));

  SessionConfig http;
  http.allow_subscriptions = false;
  auto s = make_session(http);
  EXPECT_EQ(
      call(*s, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})")["error"]["code"],
      kMethodNotFoundCode);
}

TEST(Outbox, NotificationsAreBoundedResponsesAreNot) {
  Outbox outbox(2);
  int wakes = 0;
  outbox.set_waker([&] { ++wakes; });
  EXPECT_TRUE(outbox.try_push_notification("a"));
  outbox.push_response("b");
  EXPECT_FALSE(outbox.try_push_notification("c"));
  outbox.push_response("d");
  EXPECT_EQ(outbox.size(), 3u);
  EXPECT_EQ(wakes, 3);
  EXPECT_EQ(outbox.pop(), "a");
  outbox.close();
  EXPECT_FALSE(outbox.pop());
  outbox.push_response("e");
  EXPECT_FALSE(outbox.pop());
  EXPECT_EQ(wakes, 3);
}

}  // namespace
}  // namespace canary::rpc
