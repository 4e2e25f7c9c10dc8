// RFC-47's chunk index mapping (parachain/availability/chunk_index.hpp): the cases of
// polkadot-sdk's `availability_chunks.rs` tests (identity when the feature is off, whatever the
// other bits; a permutation per core that changes from core to core; the hard-coded table for 7
// validators), a few hand-computed values of the formula, and the refusals.
#include "parachain/availability/chunk_index.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace canary::parachain {
namespace {

using erasure_coding::ErasureError;

// A refusal with `expected`, reported (not aborted on) when the call succeeded.
template <class T>
::testing::AssertionResult fails_with(const Result<T, ErasureError>& result,
                                      ErasureError expected) {
  if (result.has_value()) {
    return ::testing::AssertionFailure() << "succeeded; expected " << to_string(expected);
  }
  if (result.error() != expected) {
    return ::testing::AssertionFailure()
           << to_string(result.error()) << "; expected " << to_string(expected);
  }
  return ::testing::AssertionSuccess();
}

// polkadot-sdk's node_features_with_mapping_enabled: bits 0..=2, only bit 2 set.
scale::BitVec features_with_mapping() {
  scale::BitVec bits(kAvailabilityChunkMappingFeature + 1);
  bits.set(kAvailabilityChunkMappingFeature, true);
  return bits;
}

// node_features_with_other_bits_enabled: bits 0..=FirstUnassigned (4) set, except bit 2.
scale::BitVec features_with_other_bits() {
  scale::BitVec bits(5);
  for (size_t i = 0; i < 5; ++i) bits.set(i, true);
  bits.set(kAvailabilityChunkMappingFeature, false);
  return bits;
}

std::vector<ChunkIndex> indices(const scale::BitVec& features, size_t n, CoreIndex core) {
  auto out = availability_chunk_indices(features, n, core);
  EXPECT_TRUE(out.has_value());
  return out ? *out : std::vector<ChunkIndex>{};
}

TEST(ChunkIndex, FeatureBit) {
  EXPECT_FALSE(availability_chunk_mapping_enabled(scale::BitVec()));
  EXPECT_FALSE(availability_chunk_mapping_enabled(scale::BitVec(2)));
  EXPECT_FALSE(availability_chunk_mapping_enabled(features_with_other_bits()));
  EXPECT_TRUE(availability_chunk_mapping_enabled(features_with_mapping()));
  scale::BitVec wide(64);
  wide.set(2, true);
  EXPECT_TRUE(availability_chunk_mapping_enabled(wide));
}

TEST(ChunkIndex, IdentityWhenTheFeatureIsOff) {
  const size_t n = 20;
  for (const scale::BitVec& features : {scale::BitVec(), features_with_other_bits()}) {
    for (CoreIndex core = 0; core < 15; ++core) {
      std::vector<ChunkIndex> all = indices(features, n, core);
      ASSERT_EQ(all.size(), n);
      for (ValidatorIndex v = 0; v < n; ++v) {
        EXPECT_EQ(all[v], v);
        auto one = availability_chunk_index(features, n, core, v);
        ASSERT_TRUE(one.has_value());
        EXPECT_EQ(*one, all[v]);
      }
    }
  }
}

TEST(ChunkIndex, APermutationPerCoreWhenTheFeatureIsOn) {
  const size_t n = 20;
  const scale::BitVec features = features_with_mapping();
  std::optional<std::vector<ChunkIndex>> previous;
  for (CoreIndex core = 0; core < 15; ++core) {
    std::vector<ChunkIndex> all = indices(features, n, core);
    ASSERT_EQ(all.size(), n);
    for (ValidatorIndex v = 0; v < n; ++v) {
      auto one = availability_chunk_index(features, n, core, v);
      ASSERT_TRUE(one.has_value());
      EXPECT_EQ(*one, all[v]);
    }
    if (previous) EXPECT_NE(*previous, all) << "core " << core;
    previous = all;
    std::set<ChunkIndex> distinct(all.begin(), all.end());
    EXPECT_EQ(distinct.size(), n);
    EXPECT_EQ(*distinct.rbegin(), n - 1);
  }
}

// polkadot-sdk's prevent_changes_to_mapping: 7 validators, systematic threshold 2.
TEST(ChunkIndex, PolkadotSdkTableForSevenValidators) {
  const scale::BitVec features = features_with_mapping();
  const std::vector<std::vector<ChunkIndex>> expected = {
      {0, 1, 2, 3, 4, 5, 6}, {2, 3, 4, 5, 6, 0, 1}, {4, 5, 6, 0, 1, 2, 3},
      {6, 0, 1, 2, 3, 4, 5}, {1, 2, 3, 4, 5, 6, 0},
  };
  for (CoreIndex core = 0; core < expected.size(); ++core) {
    EXPECT_EQ(indices(features, 7, core), expected[core]) << "core " << core;
  }
}

// The formula by hand: threshold(n) = ⌊(n − 1) / 3⌋ + 1 rounded down to a power of two.
TEST(ChunkIndex, HandComputedValues) {
  struct Case {
    size_t n;
    CoreIndex core;
    ValidatorIndex validator;
    ChunkIndex expected;
  };
  const Case cases[] = {
      {10, 3, 5, 7},                                 // threshold 4: (12 + 5) mod 10
      {10, 0, 9, 9},                                 // core 0: the identity
      {1000, 2, 999, 511},                           // threshold 334 → 256: (512 + 999) mod 1000
      {2, 5, 1, 0},                                  // threshold 1: (5 + 1) mod 2
      {300, 1, 250, 14},                             // threshold 100 → 64: (64 + 250) mod 300
      {65536, 3, 65535, 65535 + 3 * 16384 - 65536},  // threshold 21846 → 16384
  };
  for (const Case& c : cases) {
    auto got = availability_chunk_index(true, c.n, c.core, c.validator);
    ASSERT_TRUE(got.has_value()) << c.n;
    EXPECT_EQ(*got, c.expected) << "n " << c.n << " core " << c.core << " v " << c.validator;
    auto off = availability_chunk_index(false, c.n, c.core, c.validator);
    ASSERT_TRUE(off.has_value());
    EXPECT_EQ(*off, c.validator);
  }
}

TEST(ChunkIndex, Refusals) {
  EXPECT_TRUE(
      fails_with(availability_chunk_index(true, 1, 0, 0), ErasureError::kNotEnoughValidators));
  EXPECT_TRUE(
      fails_with(availability_chunk_index(true, 0, 0, 0), ErasureError::kNotEnoughValidators));
  EXPECT_TRUE(
      fails_with(availability_chunk_index(true, 65537, 0, 0), ErasureError::kTooManyValidators));
  EXPECT_TRUE(
      fails_with(availability_chunk_indices(true, 1, 0), ErasureError::kNotEnoughValidators));
  // With the feature off polkadot-sdk checks nothing: the validator index comes back.
  auto off = availability_chunk_index(false, 1, 7, 0);
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ(*off, 0u);
  auto off_all = availability_chunk_indices(false, 1, 7);
  ASSERT_TRUE(off_all.has_value());
  EXPECT_EQ(*off_all, std::vector<ChunkIndex>{0});
}

}  // namespace
}  // namespace canary::parachain
