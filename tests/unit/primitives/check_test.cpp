// CANARY_ASSERT aborts in every build; CANARY_ASSUME aborts in debug and fuzzing builds and
// hands the condition back in release builds; both evaluate their condition once.
#include "primitives/util/check.hpp"

#include <gtest/gtest.h>

namespace canary {
namespace {

TEST(Check, AHoldingConditionPassesAndIsEvaluatedOnce) {
  int evaluations = 0;
  CANARY_ASSERT(++evaluations == 1);
  EXPECT_EQ(evaluations, 1);
  EXPECT_TRUE(CANARY_ASSUME(++evaluations == 2));
  EXPECT_EQ(evaluations, 2);
}

TEST(CheckDeathTest, AFailedAssertAbortsNamingTheCondition) {
  const int zero = 0;
  EXPECT_DEATH(CANARY_ASSERT(zero == 1), "CANARY_ASSERT\\(zero == 1\\) failed");
}

TEST(CheckDeathTest, AFailedAssumeIsFatalExactlyInDebugAndFuzzingBuilds) {
  const int zero = 0;
  if constexpr (detail::kAssumeIsFatal) {
    EXPECT_DEATH((void)CANARY_ASSUME(zero == 1), "CANARY_ASSUME\\(zero == 1\\) failed");
  } else {
    EXPECT_FALSE(CANARY_ASSUME(zero == 1));
  }
#ifdef NDEBUG
  EXPECT_FALSE(detail::kAssumeIsFatal);
#else
  EXPECT_TRUE(detail::kAssumeIsFatal);
#endif
}

}  // namespace
}  // namespace canary
