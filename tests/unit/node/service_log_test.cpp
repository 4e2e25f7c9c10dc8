// sc-cli's log filter: a default level and target=level directives (-l info,sync=debug).
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "node/service/log.hpp"

namespace canary::node::log {
namespace {

class LogFilterTest : public ::testing::Test {
 protected:
  void TearDown() override { set_max_level(Level::kInfo); }
};

TEST_F(LogFilterTest, DefaultLevelAndTargets) {
  std::string error;
  ASSERT_TRUE(set_directives("warn,sync=debug,runtime=trace,grandpa=error", error)) << error;
  EXPECT_FALSE(enabled(Level::kInfo, "canary"));
  EXPECT_TRUE(enabled(Level::kWarn, "canary"));
  EXPECT_TRUE(enabled(Level::kDebug, "sync"));
  EXPECT_FALSE(enabled(Level::kTrace, "sync"));
  EXPECT_FALSE(enabled(Level::kDebug, "syncing"));  // not a child of "sync"
  EXPECT_TRUE(enabled(Level::kTrace, "runtime::system"));
  EXPECT_FALSE(enabled(Level::kWarn, "grandpa"));
  EXPECT_TRUE(enabled(Level::kError, "grandpa"));
  EXPECT_EQ(max_level(), Level::kTrace);
}

TEST_F(LogFilterTest, LongestTargetWinsAndLastDirectiveReplaces) {
  std::string error;
  ASSERT_TRUE(set_directives("runtime=debug,runtime::system=error,sync=trace,sync=info", error));
  EXPECT_TRUE(enabled(Level::kDebug, "runtime::balances"));
  EXPECT_FALSE(enabled(Level::kWarn, "runtime::system"));
  EXPECT_TRUE(enabled(Level::kInfo, "sync"));
  EXPECT_FALSE(enabled(Level::kDebug, "sync"));
  EXPECT_TRUE(enabled(Level::kInfo, "canary"));  // no level given: info
}

TEST_F(LogFilterTest, BadDirectivesAreRefusedAndChangeNothing) {
  std::string error;
  ASSERT_TRUE(set_directives("debug", error));
  for (const char* bad : {"verbose", "sync=", "=debug", "sync=loud", "info,x=y"}) {
    EXPECT_FALSE(set_directives(bad, error)) << bad;
    EXPECT_FALSE(error.empty());
  }
  EXPECT_TRUE(enabled(Level::kDebug, "canary"));
  EXPECT_FALSE(enabled(Level::kTrace, "canary"));
}

// system_addLogFilter / system_resetLogFilter: directives are appended to the current ones, a
// bad one changes nothing, and reset goes back to what the node started with.
TEST_F(LogFilterTest, AddedDirectivesStackAndResetRestoresStartup) {
  std::string error;
  ASSERT_TRUE(set_directives("warn,sync=debug", error)) << error;
  ASSERT_TRUE(add_directives("grandpa=trace", error)) << error;
  EXPECT_TRUE(enabled(Level::kTrace, "grandpa"));
  EXPECT_TRUE(enabled(Level::kDebug, "sync"));  // kept
  EXPECT_FALSE(enabled(Level::kInfo, "canary"));
  ASSERT_TRUE(add_directives("debug,sync=error", error)) << error;
  EXPECT_TRUE(enabled(Level::kDebug, "canary"));
  EXPECT_FALSE(enabled(Level::kWarn, "sync"));
  EXPECT_TRUE(enabled(Level::kTrace, "grandpa"));
  EXPECT_FALSE(add_directives("sync=loud", error));
  EXPECT_FALSE(error.empty());
  EXPECT_TRUE(enabled(Level::kDebug, "canary"));
  reset_directives();
  EXPECT_FALSE(enabled(Level::kInfo, "canary"));
  EXPECT_TRUE(enabled(Level::kDebug, "sync"));
  EXPECT_FALSE(enabled(Level::kDebug, "grandpa"));
  EXPECT_EQ(max_level(), Level::kDebug);
}

// The filter is read by logging threads while the RPC changes it (run under TSan in CI).
TEST_F(LogFilterTest, ChangesWhileOtherThreadsLog) {
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) (void)enabled(Level::kDebug, "sync::x");
  });
  std::string error;
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(add_directives(i % 2 ? "sync=debug" : "sync=warn", error));
    if (i % 50 == 0) reset_directives();
  }
  stop = true;
  reader.join();
  EXPECT_TRUE(enabled(Level::kDebug, "sync"));  // the last one added (i = 199)
}

}  // namespace
}  // namespace canary::node::log
