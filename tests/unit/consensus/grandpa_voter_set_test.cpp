// Voter sets: the supermajority threshold, ordering by key (which fixes vote-graph positions and
// round primaries), merging and refusing bad weight lists (finality-grandpa voter_set.rs).
#include <gtest/gtest.h>

#include "consensus/grandpa/voter_set.hpp"

namespace canary::consensus::grandpa {
namespace {

AuthorityId id(uint8_t byte) {
  AuthorityId out;
  out.fill(byte);
  return out;
}

TEST(GrandpaVoterSet, ThresholdTable) {
  // total − floor((total − 1) / 3): strictly more than two thirds.
  const std::pair<AuthorityWeight, AuthorityWeight> table[] = {
      {1, 1},
      {2, 2},
      {3, 3},
      {4, 3},
      {5, 4},
      {6, 5},
      {7, 5},
      {10, 7},
      {100, 67},
      {1000, 667},
      {UINT64_MAX, 12297829382473034411ULL}};
  for (auto [total, threshold] : table) {
    EXPECT_EQ(threshold_for(total), threshold) << total;
    if (total < 10000) {
      // Property: two sets of threshold weight overlap in more than the faulty third.
      EXPECT_GT(3 * threshold, 2 * total) << total;
      EXPECT_LE(3 * (threshold - 1), 2 * total) << total;
    }
  }
}

TEST(GrandpaVoterSet, SortsMergesAndIndexes) {
  auto set = VoterSet::from_authorities({{id(3), 5}, {id(1), 2}, {id(2), 0}, {id(3), 1}});
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->size(), 2U);  // zero weight dropped, repeated key merged
  EXPECT_EQ(set->id(0), id(1));
  EXPECT_EQ(set->id(1), id(3));
  EXPECT_EQ(set->weight(1), 6U);
  EXPECT_EQ(set->total_weight(), 8U);
  EXPECT_EQ(set->threshold(), 6U);
  EXPECT_EQ(set->index_of(id(3)), 1U);
  EXPECT_FALSE(set->index_of(id(2)).has_value());
  EXPECT_FALSE(set->contains(id(9)));
  // The primary of round r is the voter at r mod n in key order.
  EXPECT_EQ(set->primary_index(0), 0U);
  EXPECT_EQ(set->primary_index(1), 1U);
  EXPECT_EQ(set->primary_index(7), 1U);
}

TEST(GrandpaVoterSet, RefusesEmptyAndOverflowingSets) {
  EXPECT_EQ(VoterSet::from_authorities({}).error(), GrandpaError::kEmptyAuthoritySet);
  EXPECT_EQ(VoterSet::from_authorities({{id(1), 0}}).error(), GrandpaError::kEmptyAuthoritySet);
  EXPECT_EQ(VoterSet::from_authorities({{id(1), UINT64_MAX}, {id(2), 1}}).error(),
            GrandpaError::kAuthorityWeightOverflow);
  EXPECT_TRUE(VoterSet::from_authorities({{id(1), UINT64_MAX}}).has_value());
}

}  // namespace
}  // namespace canary::consensus::grandpa
