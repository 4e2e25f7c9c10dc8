// The availability bitfield (parachain/availability/bitfield_signing.hpp): polkadot-sdk's
// construct_availability_bitfield test (a free core and two occupied ones, the store holding our
// chunk of the first candidate only), the chunk RFC-47 assigns us asked for per core, the SCALE
// bytes of the result, a bitfield from a real AvailabilityStore, and the refusals.
#include "parachain/availability/bitfield_signing.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

#include "parachain/availability/availability_store.hpp"
#include "parachain/availability/chunk_index.hpp"
#include "parachain/erasure_coding/chunk_proof.hpp"
#include "primitives/scale/scale.hpp"

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

Hash256 repeat(uint8_t b) {
  Hash256 h{};
  h.fill(b);
  return h;
}

TEST(BitfieldSigning, PolkadotSdkCase) {
  const Hash256 a = repeat(1);
  const Hash256 b = repeat(2);
  const std::vector<std::optional<Hash256>> cores = {std::nullopt, a, b};
  std::vector<std::pair<Hash256, ChunkIndex>> asked;
  auto bits = construct_availability_bitfield(
      cores, BitfieldContext{.validator_index = 1, .n_validators = 10},
      [&](const Hash256& candidate, ChunkIndex chunk) {
        asked.emplace_back(candidate, chunk);
        return candidate == a;
      });
  ASSERT_TRUE(bits.has_value());
  ASSERT_EQ(bits->size(), 3u);
  EXPECT_FALSE(bits->get(0));
  EXPECT_TRUE(bits->get(1));
  EXPECT_FALSE(bits->get(2));
  // Only occupied cores are asked about, and without the mapping for our own index.
  EXPECT_EQ(asked, (std::vector<std::pair<Hash256, ChunkIndex>>{{a, 1}, {b, 1}}));
  // BitVec<u8, Lsb0>: Compact(3) = 0x0c, then bit 1 of the first byte.
  EXPECT_EQ(scale::encode(*bits), (Bytes{0x0c, 0x02}));
}

TEST(BitfieldSigning, AsksForTheChunkTheMappingAssignsPerCore) {
  const Hash256 a = repeat(1);
  const Hash256 b = repeat(2);
  // Validator 3 of 7 (systematic threshold 2): chunk 3 on core 0, chunk (2·2 + 3) mod 7 = 0 on
  // core 2. The store holds exactly those.
  const std::vector<std::optional<Hash256>> cores = {a, std::nullopt, b};
  auto holds = [&](const Hash256& candidate, ChunkIndex chunk) {
    return (candidate == a && chunk == 3) || (candidate == b && chunk == 0);
  };
  BitfieldContext context{.validator_index = 3, .n_validators = 7, .chunk_mapping_enabled = true};
  auto on = construct_availability_bitfield(cores, context, holds);
  ASSERT_TRUE(on.has_value());
  EXPECT_TRUE(on->get(0));
  EXPECT_FALSE(on->get(1));
  EXPECT_TRUE(on->get(2));

  // Without the mapping we would ask for chunk 3 of b, which we do not hold.
  context.chunk_mapping_enabled = false;
  auto off = construct_availability_bitfield(cores, context, holds);
  ASSERT_TRUE(off.has_value());
  EXPECT_TRUE(off->get(0));
  EXPECT_FALSE(off->get(1));
  EXPECT_FALSE(off->get(2));
}

TEST(BitfieldSigning, NoCoresNoBits) {
  int calls = 0;
  auto bits =
      construct_availability_bitfield({}, BitfieldContext{.validator_index = 0, .n_validators = 4},
                                      [&](const Hash256&, ChunkIndex) {
                                        ++calls;
                                        return true;
                                      });
  ASSERT_TRUE(bits.has_value());
  EXPECT_EQ(bits->size(), 0u);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(scale::encode(*bits), Bytes{0x00});

  const std::vector<std::optional<Hash256>> free(9);
  auto nine = construct_availability_bitfield(
      free, BitfieldContext{.validator_index = 0, .n_validators = 4},
      [&](const Hash256&, ChunkIndex) { return true; });
  ASSERT_TRUE(nine.has_value());
  EXPECT_EQ(nine->size(), 9u);
  EXPECT_EQ(nine->count_ones(), 0u);
}

TEST(BitfieldSigning, FromAnAvailabilityStore) {
  // Candidate on core 1 of 10 validators, mapping on: validator 6 holds chunk (1·4 + 6) mod 10 = 0.
  const size_t n = 10;
  const ValidatorIndex us = 6;
  AvailableData data;
  data.pov.block_data.data = Bytes(300, 0x5a);
  data.validation_data.parent_head.data = {1, 2, 3};
  auto chunks = erasure_coding::obtain_chunks(n, scale::encode(data));
  ASSERT_TRUE(chunks.has_value());
  auto branches = erasure_coding::branches(*chunks);
  ASSERT_TRUE(branches.has_value());

  const Hash256 candidate = repeat(7);
  const Hash256 other = repeat(8);
  AvailabilityStore store;
  const AvailabilityTime now{std::chrono::seconds{1'700'000'000}};
  ASSERT_TRUE(store.note_backed(candidate, n, now).has_value());
  ASSERT_TRUE(store.note_backed(other, n, now).has_value());
  auto chunk_index = availability_chunk_index(true, n, 1, us);
  ASSERT_TRUE(chunk_index.has_value());
  ASSERT_EQ(*chunk_index, 0u);
  ASSERT_TRUE(store
                  .store_chunk(candidate, branches->root,
                               ErasureChunk{(*chunks)[0], 0, branches->proofs[0]})
                  .has_value());

  const std::vector<std::optional<Hash256>> cores = {std::nullopt, candidate, other};
  HasChunk has = [&](const Hash256& c, ChunkIndex i) { return store.has_chunk(c, i); };
  auto bits = construct_availability_bitfield(
      cores,
      BitfieldContext{.validator_index = us, .n_validators = n, .chunk_mapping_enabled = true},
      has);
  ASSERT_TRUE(bits.has_value());
  EXPECT_EQ(scale::encode(*bits), (Bytes{0x0c, 0x02}));

  // Without the mapping validator 6 holds chunk 6, which the store does not have.
  auto unmapped = construct_availability_bitfield(
      cores, BitfieldContext{.validator_index = us, .n_validators = n}, has);
  ASSERT_TRUE(unmapped.has_value());
  EXPECT_EQ(unmapped->count_ones(), 0u);
}

TEST(BitfieldSigning, Refusals) {
  const std::vector<std::optional<Hash256>> cores = {repeat(1)};
  auto yes = [](const Hash256&, ChunkIndex) { return true; };
  EXPECT_TRUE(
      fails_with(construct_availability_bitfield(
                     cores, BitfieldContext{.validator_index = 10, .n_validators = 10}, yes),
                 ErasureError::kChunkIndexOutOfBounds));
  EXPECT_TRUE(fails_with(
      construct_availability_bitfield(
          cores,
          BitfieldContext{.validator_index = 0, .n_validators = 1, .chunk_mapping_enabled = true},
          yes),
      ErasureError::kNotEnoughValidators));
}

}  // namespace
}  // namespace canary::parachain
