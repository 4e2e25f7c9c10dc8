// Which commit-made justifications GRANDPA keeps with their blocks (sc-consensus-grandpa
// environment.rs `should_process_justification`).
#include <gtest/gtest.h>

#include "consensus/grandpa/justification_retention.hpp"

namespace canary::consensus::grandpa {
namespace {

TEST(JustificationRetention, KeepsSetChangesAlways) {
  EXPECT_TRUE(keeps_commit_justification(1000, 1001, /*enacts_change=*/true));
  EXPECT_TRUE(keeps_commit_justification(1000, 1400, /*enacts_change=*/true));
}

TEST(JustificationRetention, KeepsTheFirstAfterGenesis) {
  EXPECT_TRUE(keeps_commit_justification(0, 1, false));
  EXPECT_TRUE(keeps_commit_justification(0, 30, false));
}

TEST(JustificationRetention, KeepsTheFirstOfEachPeriod) {
  EXPECT_FALSE(keeps_commit_justification(1, 2, false));
  EXPECT_FALSE(keeps_commit_justification(100, 511, false));
  EXPECT_TRUE(keeps_commit_justification(511, 512, false));
  EXPECT_TRUE(keeps_commit_justification(500, 530, false));
  EXPECT_FALSE(keeps_commit_justification(512, 513, false));
  EXPECT_FALSE(keeps_commit_justification(513, 1023, false));
  EXPECT_TRUE(keeps_commit_justification(1023, 1024, false));
  // A jump over whole periods keeps one.
  EXPECT_TRUE(keeps_commit_justification(10, 2000, false));
  EXPECT_EQ(kJustificationPeriod, 512u);
}

TEST(JustificationRetention, APeriodOfOneKeepsEveryBlock) {
  for (BlockNumber n = 1; n < 10; ++n) EXPECT_TRUE(keeps_commit_justification(n, n + 1, false, 1));
}

}  // namespace
}  // namespace canary::consensus::grandpa
