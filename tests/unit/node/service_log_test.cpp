// sc-cli's log filter: a default level and target=level directives (-l info,sync=debug).
#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace canary::node::log
