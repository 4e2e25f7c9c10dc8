// The slot lottery: primary thresholds against values computed by others (smoldot's regression
// vectors generated with Substrate's implementation, lib/src/verify/babe.rs; Limechain's
// AuthorshipTest), exact edge cases, the score comparison, and the big-endian secondary author.
#include <gtest/gtest.h>

#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "consensus/babe/slot_lottery.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"

namespace canary::consensus::babe {
namespace {

namespace sr25519 = crypto::sr25519;

std::string decimal(u128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v != 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return out;
}

std::vector<Authority> with_weights(const std::vector<uint64_t>& weights) {
  std::vector<Authority> out;
  for (uint64_t w : weights) out.push_back(Authority{{}, w});
  return out;
}

TEST(BabePrimaryThreshold, SmoldotRegressionVectors) {
  // (2, 9), eight authorities of weight 1.
  EXPECT_EQ(
      decimal(calculate_primary_threshold({2, 9}, with_weights(std::vector<uint64_t>(8, 1)), 3)),
      "10523572781773471998586657386560225280");
  // (103, 971), weights 2, 3, …, 901; the authority of weight 11 (index 9).
  std::vector<uint64_t> weights(900);
  std::iota(weights.begin(), weights.end(), uint64_t{2});
  EXPECT_EQ(decimal(calculate_primary_threshold({103, 971}, with_weights(weights), 9)),
            "1032931305829506557190946382938112");
  // (89, 91), total weight of 2, 3, 5, 9, …, 2^49 + 1 (50 terms), authority weight 63.
  uint64_t total = 0;
  for (uint64_t w = 2, i = 0; i < 50; ++i, w = w * 2 - 1) total += w;
  EXPECT_EQ(decimal(primary_threshold({89, 91}, 63, total)), "72686664904329579129208832");
}

TEST(BabePrimaryThreshold, LimechainVector) {
  // c = 1/4, three authorities of weight 1.
  EXPECT_EQ(decimal(calculate_primary_threshold({1, 4}, with_weights({1, 1, 1}), 0)),
            "31115318766088776340791719032032067584");
}

TEST(BabePrimaryThreshold, ExactForRepresentableProbabilities) {
  // One authority: p = 1 − (3/4)^1 = 1/4 exactly, so the threshold is exactly 2^126.
  EXPECT_EQ(calculate_primary_threshold({1, 4}, with_weights({1}), 0), u128{1} << 126);
  EXPECT_EQ(decimal(u128{1} << 126), "85070591730234615865843651857942052864");
  // p = 1/2 and p = 3/8 (1 − 5/8): binary fractions, exact.
  EXPECT_EQ(primary_threshold({1, 2}, 7, 7), u128{1} << 127);
  EXPECT_EQ(primary_threshold({3, 8}, 1, 1), (u128{3} << 125));
  // Two equal authorities with c = 3/4: p = 1 − sqrt(1/4) = 1/2 (pow is exact here).
  EXPECT_EQ(calculate_primary_threshold({3, 4}, with_weights({5, 5}), 1), u128{1} << 127);
}

TEST(BabePrimaryThreshold, EdgeCasesAreDefined) {
  const auto one = with_weights({1});
  EXPECT_EQ(calculate_primary_threshold({0, 4}, one, 0), 0u);  // c = 0: no primary slots
  EXPECT_EQ(calculate_primary_threshold({1, 0}, one, 0), 0u);  // zero denominator
  // c = 1: p = 1, one past u128 (Substrate panics); saturates.
  EXPECT_EQ(calculate_primary_threshold({1, 1}, one, 0), std::numeric_limits<u128>::max());
  EXPECT_EQ(calculate_primary_threshold({7, 7}, with_weights({1, 2, 3}), 2),
            std::numeric_limits<u128>::max());
  // c > 1 makes (1 − c)^θ NaN or negative: no panic either way.
  EXPECT_EQ(calculate_primary_threshold({5, 4}, with_weights({1, 2}), 0), 0u);  // NaN
  EXPECT_EQ(calculate_primary_threshold({5, 4}, one, 0), std::numeric_limits<u128>::max());
  // Index out of range, no authorities, zero weights.
  EXPECT_EQ(calculate_primary_threshold({1, 4}, one, 1), 0u);
  EXPECT_EQ(calculate_primary_threshold({1, 4}, {}, 0), 0u);
  EXPECT_EQ(calculate_primary_threshold({1, 4}, with_weights({0, 3}), 0), 0u);
  EXPECT_EQ(calculate_primary_threshold({1, 4}, with_weights({0, 0}), 0), 0u);
  // A tiny probability: p ≈ 2.9e-5 of a huge set still gives a positive threshold.
  EXPECT_GT(primary_threshold({1, 4}, 1, 10'000), 0u);
}

TEST(BabePrimaryThreshold, WeightsShiftTheOdds) {
  const auto authorities = with_weights({1, 3, 6});
  const u128 light = calculate_primary_threshold({1, 4}, authorities, 0);
  const u128 middle = calculate_primary_threshold({1, 4}, authorities, 1);
  const u128 heavy = calculate_primary_threshold({1, 4}, authorities, 2);
  EXPECT_LT(light, middle);
  EXPECT_LT(middle, heavy);
  // Each chance is below c, and the chance that anyone wins is exactly c, so the individual
  // chances add up to more than c (several may win the same slot).
  const u128 quarter = u128{1} << 126;
  EXPECT_LT(heavy, quarter);
  EXPECT_GT(light + middle + heavy, quarter);
  // Only the relative weight matters.
  EXPECT_EQ(heavy, calculate_primary_threshold({1, 4}, with_weights({10, 30, 60}), 2));
}

TEST(BabePrimaryThreshold, ScoreComparisonIsStrictLittleEndian) {
  const sr25519::Keypair pair = sr25519::keypair_from_mini_secret(ByteArray<32>{1});
  const auto inout = sr25519::vrf_compute_inout(pair, make_vrf_transcript({}, 42, 0));
  ByteArray<16> bytes{};
  sr25519::vrf_make_bytes(inout, as_bytes("substrate-babe-vrf"), bytes);
  u128 score = 0;
  for (size_t i = 0; i < 16; ++i) score |= static_cast<u128>(bytes[i]) << (8 * i);
  ASSERT_NE(score, std::numeric_limits<u128>::max());
  EXPECT_FALSE(check_primary_threshold(inout, score));
  EXPECT_TRUE(check_primary_threshold(inout, score + 1));
  EXPECT_FALSE(check_primary_threshold(inout, 0));
  // Another context would give other bytes: the comparison really reads this context's score.
  ByteArray<16> other{};
  sr25519::vrf_make_bytes(inout, as_bytes("BabeVRFInOutContext"), other);
  EXPECT_NE(other, bytes);
}

// The VRF input depends on every transcript field.
TEST(BabeVrfTranscript, EveryFieldMatters) {
  const sr25519::Keypair pair = sr25519::keypair_from_mini_secret(ByteArray<32>{2});
  Randomness r{};
  const auto base = sr25519::vrf_compute_inout(pair, make_vrf_transcript(r, 10, 1)).output;
  EXPECT_EQ(sr25519::vrf_compute_inout(pair, make_vrf_transcript(r, 10, 1)).output, base);
  EXPECT_NE(sr25519::vrf_compute_inout(pair, make_vrf_transcript(r, 11, 1)).output, base);
  EXPECT_NE(sr25519::vrf_compute_inout(pair, make_vrf_transcript(r, 10, 2)).output, base);
  r[31] = 1;
  EXPECT_NE(sr25519::vrf_compute_inout(pair, make_vrf_transcript(r, 10, 1)).output, base);
}

// Expected values computed independently with Python's hashlib.blake2b(digest_size=32) over
// randomness ‖ slot (u64 LE), the digest read with int.from_bytes(…, "big") % n.
TEST(BabeSecondaryAuthor, BigEndianVectors) {
  Randomness fortytwo{};
  fortytwo.fill(0x2a);
  ByteArray<8> slot_le{};
  const uint64_t slot = 270170680;
  for (size_t i = 0; i < 8; ++i) slot_le[i] = static_cast<uint8_t>(slot >> (8 * i));
  EXPECT_EQ(to_hex(hash::blake2b_256(concat(fortytwo, slot_le))),
            "0x2f3e5c9363c1032ab9f0425f1f35f47c181dd7f37bc370489bbb5c8699ea3688");
  EXPECT_EQ(secondary_slot_author(slot, 1000, fortytwo), 976u);  // little-endian would be 591

  Randomness counting{};
  for (size_t i = 0; i < 32; ++i) counting[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(secondary_slot_author(7, 10, counting), 6u);  // little-endian would be 1
  EXPECT_EQ(secondary_slot_author(7, (size_t{1} << 40) + 7, counting), 1009104661996u);
  EXPECT_EQ(secondary_slot_author(7, std::numeric_limits<size_t>::max(), counting),
            12041804821950441611u);
  // Kusama #1: zero randomness, slot 262493679, six authorities → authority 1 (its author).
  EXPECT_EQ(secondary_slot_author(262493679, 6, Randomness{}), 1u);
}

TEST(BabeSecondaryAuthor, DegenerateSets) {
  EXPECT_EQ(secondary_slot_author(5, 0, Randomness{}), std::nullopt);
  for (Slot s = 0; s < 20; ++s) EXPECT_EQ(secondary_slot_author(s, 1, Randomness{}), 0u);
}

TEST(BabeSecondaryAuthor, SpreadsOverTheAuthorities) {
  std::vector<int> hits(7, 0);
  for (Slot s = 0; s < 700; ++s) {
    auto author = secondary_slot_author(s, hits.size(), Randomness{});
    ASSERT_TRUE(author.has_value());
    ASSERT_LT(*author, hits.size());
    ++hits[*author];
  }
  for (int h : hits) EXPECT_GT(h, 50);  // ~100 each
}

}  // namespace
}  // namespace canary::consensus::babe
