// Work a handler starts with run_after_response runs once the handler's response is queued, in
// order, also for batches and failed calls; outside a session it runs at once.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rpc/jsonrpc/after_response.hpp"
#include "rpc/jsonrpc/session.hpp"

namespace canary::rpc {
namespace {

class AfterResponseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto registry = std::make_shared<MethodRegistry>();
    // Like a chainHead operation: answers "started" and schedules the work that reports on it.
    ASSERT_TRUE(registry->add_method(
        "start", MethodSafety::kSafe, [this](const Params&, const CallContext&) -> MethodResult {
          run_after_response([this] { seen.push_back("task saw " + describe_outbox()); });
          return Json("started");
        }));
    ASSERT_TRUE(registry->add_method("start_and_fail", MethodSafety::kSafe,
                                     [this](const Params&, const CallContext&) -> MethodResult {
                                       run_after_response(
                                           [this] { seen.push_back("failed call's task ran"); });
                                       return unexpected(invalid_params("nope"));
                                     }));
    outbox = std::make_shared<Outbox>(64);
    session = std::make_unique<Session>(registry, SessionConfig{}, outbox,
                                        [] { return std::string("sub"); });
  }

  std::string describe_outbox() { return std::to_string(outbox->size()) + " queued"; }

  std::shared_ptr<Outbox> outbox;
  std::unique_ptr<Session> session;
  std::vector<std::string> seen;
};

TEST_F(AfterResponseTest, TheTaskRunsAfterTheResponseIsQueued) {
  session->handle_message(R"({"jsonrpc":"2.0","id":1,"method":"start"})");
  EXPECT_EQ(seen, (std::vector<std::string>{"task saw 1 queued"}));
}

TEST_F(AfterResponseTest, ABatchRunsEveryTaskAfterItsOneResponseInOrder) {
  session->handle_message(
      R"([{"jsonrpc":"2.0","id":1,"method":"start"},{"jsonrpc":"2.0","id":2,"method":"start_and_fail"},)"
      R"({"jsonrpc":"2.0","id":3,"method":"start"}])");
  EXPECT_EQ(seen, (std::vector<std::string>{"task saw 1 queued", "failed call's task ran",
                                            "task saw 1 queued"}));
}

TEST_F(AfterResponseTest, OutsideASessionTheTaskRunsAtOnce) {
  bool ran = false;
  run_after_response([&ran] { ran = true; });
  EXPECT_TRUE(ran);
}

TEST_F(AfterResponseTest, ATaskScheduledByATaskRunsAtOnce) {
  std::vector<int> order;
  {
    AfterResponseScope scope;
    run_after_response([&order] {
      order.push_back(1);
      run_after_response([&order] { order.push_back(2); });
      order.push_back(3);
    });
    EXPECT_TRUE(order.empty());
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace canary::rpc
