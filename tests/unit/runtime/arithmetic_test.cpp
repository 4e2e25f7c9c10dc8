// sp-arithmetic's types (runtime/framework/arithmetic/) and the bounded collections
// (runtime/framework/types/bounded.hpp).
//
// Per-things: the vectors of the staking/governance reference page (§1.5), which are
// per_things.rs' own tests, run for every per-thing where the Rust test is generic (a typed test
// over Percent, PerU16, Permill, Perbill, Perquintill), the Percent-only doc tests, and the
// compact encoding. Fixed point: the const fns on the Kusama track curves (§1.3) and the traits'
// rounding, each expected value derived by hand from the rounding rule (the integer steps are in
// the comments). Rational128: rational.rs' tests. multiply_by_rational: helpers_128bit's tests
// and a random comparison with the long division.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/arithmetic/fixed_point.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/arithmetic/rational.hpp"
#include "runtime/framework/compact_as.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/bounded.hpp"

namespace canary::rt {
namespace {

using arithmetic::FixedI128;
using arithmetic::FixedI64;
using arithmetic::FixedU128;
using arithmetic::FixedU64;
using arithmetic::Perbill;
using arithmetic::Percent;
using arithmetic::Permill;
using arithmetic::Perquintill;
using arithmetic::PerU16;
using arithmetic::Rational128;
using arithmetic::Rounding;
using arithmetic::SignedRounding;

constexpr u128 kMax = ~u128{0};

// The whole input decoded as T, or nullopt.
template <class T>
std::optional<T> decode_all(const Bytes& bytes) {
  auto decoded = scale::decode<T>(bytes);
  if (!decoded) return std::nullopt;
  return *decoded;
}

// --- multiply_by_rational (helpers_128bit.rs, rational.rs tests).

TEST(Arithmetic, MultiplyByRational) {
  // (2^128 - 1) * 2 / 4 = 2^127 - 1/2: down and nearest-prefer-down give 2^127 - 1, up and
  // nearest-prefer-up 2^127.
  const u128 half = u128{1} << 127;
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, 2, 4, Rounding::kDown), half - 1);
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, 2, 4, Rounding::kNearestPrefDown), half - 1);
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, 2, 4, Rounding::kNearestPrefUp), half);
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, 2, 4, Rounding::kUp), half);
  // (2^128 - 1)^2 / (2^128 - 1) needs the full 256-bit product.
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, kMax, kMax, Rounding::kDown), kMax);
  EXPECT_EQ(arithmetic::multiply_by_rational(7, 5, 3, Rounding::kDown), u128{11});
  EXPECT_EQ(arithmetic::multiply_by_rational(7, 5, 3, Rounding::kNearestPrefDown), u128{12});
  // Quotient too large, division by zero, rounding up past the maximum: None.
  EXPECT_FALSE(arithmetic::multiply_by_rational(kMax, 2, 1, Rounding::kDown).has_value());
  EXPECT_FALSE(arithmetic::multiply_by_rational(1, 1, 0, Rounding::kDown).has_value());
  EXPECT_FALSE(arithmetic::multiply_by_rational(kMax, 3, 2, Rounding::kDown).has_value());
  // rational.rs multiply_by_rational_with_rounding_works.
  const u128 max64 = ~uint64_t{0};
  EXPECT_EQ(arithmetic::multiply_by_rational(7, 20, 30, Rounding::kDown), u128{7 * 2 / 3});
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, 5, 7, Rounding::kDown),
            (kMax / 7 * 5) + (3 * 5 / 7));
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, 555, 1000, Rounding::kDown),
            (kMax / 1000 * 555) + (455 * 555 / 1000));
  EXPECT_EQ(arithmetic::multiply_by_rational(2 * max64 - 1, max64 - 1, max64, Rounding::kDown),
            2 * max64 - 3);
  EXPECT_EQ(arithmetic::multiply_by_rational((u128{1} << 66) - 1, (u128{1} << 65) - 1,
                                             u128{1} << 65, Rounding::kDown),
            u128{73786976294838206} * 1000 + 461);
  EXPECT_EQ(arithmetic::multiply_by_rational(1'000'000'000, kMax / 8, kMax / 2, Rounding::kUp),
            u128{250'000'000});
  EXPECT_EQ(arithmetic::multiply_by_rational(10, kMax, kMax / 2, Rounding::kNearestPrefDown),
            u128{20});
  EXPECT_EQ(arithmetic::multiply_by_rational(kMax, 10, kMax / 2, Rounding::kNearestPrefDown),
            u128{20});
}

// The one-division path for products that fit u128 agrees with the long division it skips.
TEST(Arithmetic, NarrowProductsDivideAsTheLongDivisionDoes) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int i = 0; i < 2000; ++i) {
    // Operands of varied widths whose product stays below 2^128.
    const auto random_bits = [&](uint64_t width) {
      const u128 value = (u128{next()} << 64) | next();
      return width == 0 ? u128{0} : value >> (128 - width);
    };
    const uint64_t a_width = next() % 128;
    const u128 a = random_bits(a_width);
    const u128 b = random_bits(next() % (128 - a_width));
    const u128 c = random_bits(1 + next() % 127) | 1;
    u128 remainder = 0;
    const u128 quotient = arithmetic::detail::divide_wide(0, a * b, c, remainder);
    EXPECT_EQ(arithmetic::multiply_by_rational(a, b, c, Rounding::kDown), quotient);
    EXPECT_EQ(arithmetic::multiply_by_rational(a, b, c, Rounding::kUp),
              quotient + (remainder > 0 ? 1 : 0));
    EXPECT_EQ(a * b / c, quotient);
    EXPECT_EQ(a * b % c, remainder);
  }
}

TEST(Arithmetic, GcdAndSquareRoot) {
  EXPECT_EQ(arithmetic::gcd(10, 5), u128{5});
  EXPECT_EQ(arithmetic::gcd(7, 22), u128{1});
  EXPECT_EQ(arithmetic::isqrt(0), u128{0});
  EXPECT_EQ(arithmetic::isqrt(15), u128{3});
  EXPECT_EQ(arithmetic::isqrt(16), u128{4});
  EXPECT_EQ(arithmetic::isqrt(kMax), (u128{1} << 64) - 1);
}

// --- Per-things: per_things.rs' generic tests, for every per-thing.

template <class P>
class PerThingTest : public ::testing::Test {};
using PerThings = ::testing::Types<Percent, PerU16, Permill, Perbill, Perquintill>;
TYPED_TEST_SUITE(PerThingTest, PerThings);

TYPED_TEST(PerThingTest, ApiAndFromPercent) {
  using P = TypeParam;
  using Inner = typename P::Inner;
  constexpr Inner kMaxParts = P::kAccuracy;
  EXPECT_EQ(P::zero(), P::from_parts(0));
  EXPECT_EQ(P::one(), P::from_parts(kMaxParts));
  EXPECT_TRUE(P::one().is_one());
  EXPECT_TRUE(P::zero().is_zero());
  EXPECT_EQ(P::from_percent(0), P::from_parts(0));
  EXPECT_EQ(P::from_percent(10), P::from_parts(kMaxParts / 10));
  EXPECT_EQ(P::from_percent(50), P::from_parts(kMaxParts / 2));
  EXPECT_EQ(P::from_percent(100), P::from_parts(kMaxParts));
  EXPECT_EQ(P::from_percent(200), P::from_parts(kMaxParts));
  // from_parts_cannot_overflow.
  EXPECT_EQ(P::from_parts(static_cast<Inner>(kMaxParts + (kMaxParts == Inner(~Inner{0}) ? 0 : 1))),
            P::one());
  // Constant expressions (const_fns_work).
  static_assert(P::from_percent(50).deconstruct() == kMaxParts / 2);
  static_assert(P::one().deconstruct() == kMaxParts);
}

TYPED_TEST(PerThingTest, MultiplicationRoundsToTheNearestTiesDown) {
  using P = TypeParam;
  using Inner = typename P::Inner;
  // per_thing_mul_rounds_to_nearest_number.
  EXPECT_EQ(P::from_percent(33) * uint64_t{10}, 3u);
  EXPECT_EQ(P::from_percent(34) * uint64_t{10}, 3u);
  EXPECT_EQ(P::from_percent(35) * uint64_t{10}, 3u);
  EXPECT_EQ(P::from_percent(36) * uint64_t{10}, 4u);
  // per_thing_mul_works' accuracy test, in the inner type.
  EXPECT_EQ(P::from_rational(1, 3) * Inner{30}, Inner{10});
  // per_things_mul_operates_in_output_type.
  EXPECT_EQ(P::from_parts(P::kAccuracy / 2) * uint64_t{100}, 50u);
  EXPECT_EQ(P::from_parts(P::kAccuracy / 2) * u128{100}, u128{50});
  // With the bounds.
  EXPECT_EQ(P::one() * kMax, kMax);
  EXPECT_EQ(P::zero() * kMax, u128{0});
  // saturating_truncating_mul_works.
  EXPECT_EQ(P::from_percent(49).mul_floor(Inner{10}), Inner{4});
}

TYPED_TEST(PerThingTest, FromRationalRoundsDown) {
  using P = TypeParam;
  using Inner = typename P::Inner;
  constexpr Inner kMaxParts = P::kAccuracy;
  const u128 max_value = kMaxParts;
  // per_thing_from_rationale_approx_works: almost at the edge.
  EXPECT_EQ(P::from_rational(max_value - 1, max_value + 1), P::from_parts(kMaxParts - 2));
  EXPECT_EQ(P::from_rational(1, max_value - 1), P::from_parts(1));
  EXPECT_EQ(P::from_rational(1, max_value), P::from_parts(1));
  EXPECT_EQ(P::from_rational(2, 2 * max_value - 1), P::from_parts(1));
  EXPECT_EQ(P::from_rational(1, max_value + 1), P::zero());
  EXPECT_EQ(P::from_rational(3 * max_value / 2, 3 * max_value), P::from_parts(kMaxParts / 2));
  // Within the accuracy: q == 0 and p == q give one.
  EXPECT_EQ(P::from_rational(1, 0), P::one());
  EXPECT_EQ(P::from_rational(1, 1), P::one());
  EXPECT_EQ(P::from_rational(1, 4), P::from_rational(2, 8));
  EXPECT_EQ(P::from_rational(1, uint64_t(~uint64_t{0})), P::zero());
  // from_rational_with_rounding refuses p > q and q == 0.
  EXPECT_FALSE(P::from_rational_with_rounding(2, 1, Rounding::kDown).has_value());
  EXPECT_FALSE(P::from_rational_with_rounding(0, 0, Rounding::kDown).has_value());
  // from_rational_with_rounding_works_in_extreme_case (every rounding).
  for (Rounding r :
       {Rounding::kDown, Rounding::kNearestPrefDown, Rounding::kNearestPrefUp, Rounding::kUp}) {
    EXPECT_TRUE(P::from_rational_with_rounding(1, ~uint64_t{0}, r).has_value());
    EXPECT_TRUE(P::from_rational_with_rounding(~uint64_t{0} - 1, ~uint64_t{0}, r).has_value());
    EXPECT_TRUE(P::from_rational_with_rounding(1, kMax, r).has_value());
  }
}

TYPED_TEST(PerThingTest, ReciprocalMultiplication) {
  using P = TypeParam;
  using Inner = typename P::Inner;
  // saturating_reciprocal_mul_works.
  EXPECT_EQ(P::from_parts(P::kAccuracy).saturating_reciprocal_mul(Inner{10}), Inner{10});
  EXPECT_EQ(P::from_parts(P::kAccuracy / 2).saturating_reciprocal_mul(Inner{10}), Inner{20});
  EXPECT_EQ(P::from_parts(1).saturating_reciprocal_mul(P::kAccuracy), Inner(~Inner{0}));
  EXPECT_EQ(P::from_percent(60).saturating_reciprocal_mul(Inner{10}), Inner{17});
  EXPECT_EQ(P::from_percent(60).saturating_reciprocal_mul_floor(Inner{10}), Inner{16});
  EXPECT_EQ(P::from_percent(61).saturating_reciprocal_mul(Inner{10}), Inner{16});
  EXPECT_EQ(P::from_percent(61).saturating_reciprocal_mul_ceil(Inner{10}), Inner{17});
}

TYPED_TEST(PerThingTest, PowersAndSquares) {
  using P = TypeParam;
  using Inner = typename P::Inner;
  constexpr Inner kHalf = P::kAccuracy / 2;
  // saturating_pow_works.
  EXPECT_EQ(P::from_parts(kHalf).saturating_pow(0), P::one());
  EXPECT_EQ(P::from_parts(kHalf).saturating_pow(1), P::from_parts(kHalf));
  EXPECT_EQ(P::from_parts(kHalf).saturating_pow(2), P::from_parts(kHalf).square());
  for (uint32_t n = 1; n <= 16; ++n) {
    EXPECT_EQ(P::from_parts(kHalf).saturating_pow(n),
              P::from_parts(static_cast<Inner>(u128{P::kAccuracy} >> n)))
        << n;
  }
  EXPECT_EQ(P::from_parts(0).saturating_pow(3), P::zero());
  EXPECT_EQ(P::one().saturating_pow(3), P::one());
  EXPECT_EQ(P::from_parts(kHalf).saturating_pow(size_t{1} << 31), P::zero());
  // per_thing_square_works, with exact fractions: one, and 2% squared (4 * ACC / 100 / 100).
  EXPECT_EQ(P::one().square(), P::one());
  EXPECT_EQ(P::from_parts(static_cast<Inner>(u128{P::kAccuracy} * 2 / 100)).square(),
            P::from_parts(static_cast<Inner>(4 * u128{P::kAccuracy} / 100 / 100)));
}

TYPED_TEST(PerThingTest, SaturatingAndCheckedOperations) {
  using P = TypeParam;
  using Inner = typename P::Inner;
  EXPECT_EQ(P::from_parts(1).saturating_add(P::from_parts(1)), P::from_parts(2));
  EXPECT_EQ(P::one().saturating_add(P::one()), P::one());
  EXPECT_EQ(P::from_parts(0).saturating_sub(P::from_parts(1)), P::zero());
  EXPECT_EQ(P::from_parts(20).saturating_sub(P::from_parts(10)), P::from_parts(10));
  EXPECT_EQ(P::from_parts(10).checked_add(P::from_parts(10)), P::from_parts(20));
  EXPECT_EQ(P::one().checked_add(P::from_parts(1)), std::nullopt);
  EXPECT_EQ(P::from_parts(0).checked_sub(P::from_parts(1)), std::nullopt);
  // test_basic_checked_mul: per-thing × per-thing floors.
  EXPECT_EQ(P::one() * P::one(), P::one());
  EXPECT_EQ(P::from_percent(50) * P::from_percent(26), P::from_percent(13));
  EXPECT_EQ(P::from_percent(0).saturating_mul(P::from_percent(0)), P::zero());
  // Division: from_rational (Down), one for a zero divisor.
  EXPECT_EQ(P::from_percent(10) / P::from_percent(0), P::one());
  EXPECT_EQ(P::from_percent(100) / P::from_percent(50), P::one());
  EXPECT_EQ(P::from_percent(30).left_from_one(), P::one().saturating_sub(P::from_percent(30)));
  EXPECT_EQ(P::from_parts(3).int_div(P::from_parts(2)), Inner{1});
}

TYPED_TEST(PerThingTest, ScaleAndCompactEncoding) {
  using P = TypeParam;
  using Inner = typename P::Inner;
  // compact_encoding: 0, 1, 63 in one byte, 64 and 65 in two; they decode back.
  for (const auto& [n, len] :
       std::vector<std::pair<Inner, size_t>>{{0, 1}, {1, 1}, {63, 1}, {64, 2}, {65, 2}}) {
    const Bytes encoded = scale::encode(CompactValue<P>{P::from_parts(n)});
    EXPECT_EQ(encoded.size(), len) << +n;
    const auto decoded = decode_all<CompactValue<P>>(encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->value, P::from_parts(n));
  }
  // compact_decoding_saturate_when_beyond_accuracy: Compact(Inner::MAX) decodes to one.
  const Bytes big = scale::encode(scale::Compact<Inner>{Inner(~Inner{0})});
  const auto saturated = decode_all<CompactValue<P>>(big);
  ASSERT_TRUE(saturated.has_value());
  EXPECT_EQ(saturated->value, P::one());
  // fail_on_invalid_encoded_value: the plain encoding of 2 * ACCURACY is refused where it fits.
  const u128 twice = u128{P::kAccuracy} * 2;
  if (twice <= u128{Inner(~Inner{0})}) {
    EXPECT_FALSE(decode_all<P>(scale::encode(static_cast<Inner>(twice))).has_value());
  }
  EXPECT_EQ(decode_all<P>(scale::encode(P::one().deconstruct())), P::one());
  EXPECT_EQ(scale::encode(P::from_parts(7)), scale::encode(Inner{7}));
}

// A described struct with a Compact<Perbill> field, as staking's ValidatorPrefs.
struct ValidatorPrefs {
  Perbill commission;
  bool blocked = false;
  bool operator==(const ValidatorPrefs&) const = default;
  static constexpr auto fields() {
    return std::tuple{compact_field("commission", &ValidatorPrefs::commission, "Perbill"),
                      field("blocked", &ValidatorPrefs::blocked, "bool")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "ValidatorPrefs"});
    add_fields(b, fields());
  }
};

TEST(PerThing, CompactFieldOfADescribedStruct) {
  // 10% = 10^8 parts: compact four-byte mode, (10^8 << 2) | 0b10 = 0x17d78402, then `blocked`.
  const ValidatorPrefs prefs{Perbill::from_percent(10), true};
  EXPECT_EQ(to_hex(scale::encode(prefs)), "0x0284d71701");
  EXPECT_EQ(decode_all<ValidatorPrefs>(scale::encode(prefs)), prefs);
  // A compact value above the accuracy saturates (2 * 10^9 parts: one).
  Bytes over = scale::encode(scale::Compact<uint32_t>{2'000'000'000});
  over.push_back(0);
  EXPECT_EQ(decode_all<ValidatorPrefs>(over), (ValidatorPrefs{Perbill::one(), false}));
  meta::Registry r;
  const meta::TypeId id = r.id<ValidatorPrefs>();
  const auto& fields = std::get<meta::CompositeDef>(r.types()[id].def).fields;
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(std::get<meta::CompactDef>(r.types()[fields[0].type].def).type, r.id<Perbill>());
}

// --- Per-things: Percent's doc tests and the rounding of from_rational_with_rounding.

TEST(PerThing, PercentDocExamples) {
  const auto pc = [](uint8_t x) { return Percent::from_percent(x); };
  EXPECT_EQ(Percent::from_rational(989, 1000), Percent::from_parts(98));  // down, not 99
  EXPECT_EQ(Percent::from_rational_with_rounding(989, 1000, Rounding::kDown), pc(98));
  EXPECT_EQ(Percent::from_rational_with_rounding(984, 1000, Rounding::kNearestPrefUp), pc(98));
  EXPECT_EQ(Percent::from_rational_with_rounding(985, 1000, Rounding::kNearestPrefDown), pc(98));
  EXPECT_EQ(Percent::from_rational_with_rounding(985, 1000, Rounding::kNearestPrefUp), pc(99));
  EXPECT_EQ(Percent::from_rational_with_rounding(986, 1000, Rounding::kNearestPrefDown), pc(99));
  EXPECT_EQ(Percent::from_rational_with_rounding(981, 1000, Rounding::kUp), pc(99));
  EXPECT_EQ(Percent::from_rational_with_rounding(1001, 1000, Rounding::kUp), std::nullopt);
  EXPECT_EQ(pc(2).saturating_div(pc(3), Rounding::kDown), pc(66));
  EXPECT_EQ(pc(1).saturating_div(pc(3), Rounding::kNearestPrefUp), pc(33));
  EXPECT_EQ(pc(2).saturating_div(pc(3), Rounding::kNearestPrefDown), pc(67));
  EXPECT_EQ(pc(1).saturating_div(pc(3), Rounding::kUp), pc(34));
  EXPECT_EQ(pc(50).saturating_reciprocal_mul(uint64_t{10}), 20u);
  EXPECT_EQ(pc(34) * uint64_t{10}, 3u);
  EXPECT_EQ(pc(36) * uint64_t{10}, 4u);
  EXPECT_EQ(pc(34).mul_floor(uint64_t{10}), 3u);
  EXPECT_EQ(pc(36).mul_floor(uint64_t{10}), 3u);
  EXPECT_EQ(pc(34).mul_ceil(uint64_t{10}), 4u);
  EXPECT_EQ(pc(36).mul_ceil(uint64_t{10}), 4u);
}

TEST(PerThing, FromRationalWithRoundingKeepsItsPromise) {
  // from_rational_with_rounding_breakage (1 and 2): the rounded fraction times d stays on the
  // promised side of n.
  const u128 n = u128{372633774963620730ull} * 1'000'000'000'000'000'000ull + 670986667244911905ull;
  const u128 d = u128{512593663333074177ull} * 1'000'000'000'000'000'000ull + 468745541591173060ull;
  const auto down = Perquintill::from_rational_with_rounding(n, d, Rounding::kDown);
  ASSERT_TRUE(down.has_value());
  EXPECT_LE(*down * d, n);
  const u128 n2 = u128{368934881474191032ull} * 100 + 30;  // 36893488147419103230
  const u128 d2 = u128{368934881474191036ull} * 100 + 30;  // 36893488147419103630
  const auto up = Perquintill::from_rational_with_rounding(n2, d2, Rounding::kUp);
  ASSERT_TRUE(up.has_value());
  EXPECT_GE(*up * d2, n2);
}

TEST(PerThing, KnownValuesAndMetadata) {
  // Values the fee code relies on (worked out by hand).
  EXPECT_EQ(Perbill::from_percent(50).mul(uint64_t{3}), 1u);  // 1.5 rounds down
  EXPECT_EQ(Permill::from_parts(500'001).mul(uint64_t{1}), 1u);
  EXPECT_EQ(Perbill::from_rational(2, 3).deconstruct(), 666'666'666u);
  EXPECT_EQ(Permill::from_rational(989, 1000).deconstruct(), 989'000u);
  EXPECT_EQ(Perbill::from_rational(5, 3), Perbill::one());
  EXPECT_EQ(Perbill::from_rational(0, 0), Perbill::one());
  EXPECT_EQ(Perbill::from_parts(2'000'000'000), Perbill::one());
  EXPECT_EQ(Perbill::from_percent(25).mul(u128{1} << 100), (u128{1} << 100) / 4);
  EXPECT_EQ(Perquintill::from_percent(25).mul(uint64_t{1'500'000'000'000}), 375'000'000'000u);
  EXPECT_EQ(Perbill::from_percent(30).left_from_one(), Perbill::from_percent(70));
  EXPECT_EQ(to_hex(scale::encode(Perbill::from_percent(1))), "0x80969800");  // 10^7 LE
  EXPECT_EQ(PerU16::from_perthousand(500), PerU16::from_parts(32'767));      // 65535 / 2, floor
  EXPECT_EQ(Perbill::from_perthousand(2000), Perbill::one());

  meta::Registry r;
  const auto& types = r.types();
  const auto check = [&](meta::TypeId id, const char* name, meta::Primitive inner) {
    EXPECT_EQ(types[id].path, (std::vector<std::string>{"sp_arithmetic", "per_things", name}));
    const auto& fields = std::get<meta::CompositeDef>(types[id].def).fields;
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_FALSE(fields[0].name.has_value());
    EXPECT_EQ(std::get<meta::PrimitiveDef>(types[fields[0].type].def).primitive, inner);
  };
  check(r.id<Percent>(), "Percent", meta::Primitive::kU8);
  check(r.id<PerU16>(), "PerU16", meta::Primitive::kU16);
  check(r.id<Permill>(), "Permill", meta::Primitive::kU32);
  check(r.id<Perbill>(), "Perbill", meta::Primitive::kU32);
  check(r.id<Perquintill>(), "Perquintill", meta::Primitive::kU64);
  const meta::TypeId compact = r.id<CompactValue<Perbill>>();
  EXPECT_EQ(std::get<meta::CompactDef>(types[compact].def).type, r.id<Perbill>());
}

// --- Fixed point.

// The Kusama track curves' Reciprocal{factor, x_offset, y_offset} (raw FixedI64 inners, §1.3),
// evaluated at x = 0, 1/2, 1 (as Perbill):
//  - with the const fns: factor.div(from_perbill(x) + x_offset) + y_offset, div rounding to the
//    nearest with ties toward -infinity (NearestPrefLow); all operands here are positive, so the
//    quotient rounds up iff 2 * remainder > divisor;
//  - as referenda's Curve::threshold: checked_rounding_div(.., Low) (floor) + y_offset, clamped
//    to [0, 1] by into_perbill. These are the reference page's curve_vectors.txt values.
// Each row: the quotient q and remainder r of factor * 10^9 / (x + x_offset), whether 2r > divisor,
// and the two results.
struct CurvePoint {
  uint32_t x;           // Perbill parts
  int64_t const_value;  // q (+1 if 2r > divisor) + y_offset, raw
  uint32_t threshold;   // clamp(q + y_offset), Perbill parts
};
struct ReciprocalCurve {
  const char* name;
  int64_t factor, x_offset, y_offset;
  CurvePoint points[3];
};
// clang-format off
constexpr ReciprocalCurve kCurves[] = {
    // 222222224e9 / 333333335 = 666666668 r 222222220 (2r > d); / 833333335 = 266666668 r
    // 222222220 (2r < d); / 1333333335 = 166666667 r 1055555555 (2r > d).
    {"APP_ROOT", 222222224, 333333335, 333333332,
     {{0, 1000000001, 1000000000}, {500000000, 600000000, 600000000},
      {1000000000, 500000000, 499999999}}},
    // / 389830523 = 694915261 r 363688497 (>); / 889830523 = 304439073 r 450774821 (>);
    // / 1389830523 = 194915261 r 863688497 (>).
    {"APP_WHITELISTED", 270899180, 389830523, 305084738,
     {{0, 1000000000, 999999999}, {500000000, 609523812, 609523811},
      {1000000000, 500000000, 499999999}}},
    // / 18867926 = 458490562 r 4485588 (<); / 518867926 = 16672385 r 173576490 (<);
    // / 1018867926 = 8490566 r 629013884 (>).
    {"SUP_WHITELISTED", 8650766, 18867926, 41509433,
     {{0, 499999995, 499999995}, {500000000, 58181818, 58181818},
      {1000000000, 50000000, 49999999}}},
    // / 15544040 = 507772046 r 6094160 (<); / 515544040 = 15309708 r 286459680 (>);
    // / 1015544040 = 7772020 r 410239200 (<).
    {"SUP_RECIP_12_28_1pct", 7892829, 15544040, -7772020,
     {{0, 500000026, 500000026}, {500000000, 7537689, 7537688}, {1000000000, 0, 0}}},
    // / 90909091 = 545454546 r 41322314 (<); / 590909091 = 83916084 r 83280356 (<);
    // / 1090909091 = 45454545 r 632231405 (>): floor + y = -1, clamped to 0.
    {"SUP_RECIP_7_28_10pct", 49586777, 90909091, -45454546,
     {{0, 500000000, 500000000}, {500000000, 38461538, 38461538}, {1000000000, 0, 0}}},
    // / 3231018 = 501615589 r 2860398 (>); / 503231018 = 3220646 r 34802372 (<);
    // / 1003231018 = 1615509 r 261341838 (<).
    {"SUP_SMALL_TIPPER", 1620729, 3231018, -1615509,
     {{0, 500000081, 500000080}, {500000000, 1605137, 1605137}, {1000000000, 0, 0}}},
    // / 8230453 = 504115265 r 4834955 (>); / 508230453 = 8163810 r 145494070 (<);
    // / 1008230453 = 4115226 r 825822622 (>): floor + y = -1, clamped to 0.
    {"SUP_BIG_TIPPER", 4149097, 8230453, -4115227,
     {{0, 500000039, 500000038}, {500000000, 4048583, 4048583}, {1000000000, 0, 0}}},
    // / 27972031 = 513986024 r 3105256 (<); / 527972031 = 27231050 r 225237450 (<);
    // / 1027972031 = 13986015 r 754853535 (>): floor + y = -1, clamped to 0.
    {"SUP_MEDIUM_SPENDER", 14377233, 27972031, -13986016,
     {{0, 500000008, 500000008}, {500000000, 13245034, 13245034}, {1000000000, 0, 0}}},
    // / 53763445 = 526881731 r 33876705 (>); / 553763445 = 51153569 r 406514795 (>);
    // / 1053763445 = 26881722 r 1017747710 (>): floor + y = -1, clamped to 0.
    {"SUP_BIG_SPENDER", 28326977, 53763445, -26881723,
     {{0, 500000009, 500000008}, {500000000, 24271847, 24271846}, {1000000000, 0, 0}}},
};
// clang-format on

TEST(FixedPoint, KusamaReciprocalCurves) {
  for (const ReciprocalCurve& curve : kCurves) {
    const FixedI64 factor = FixedI64::from_inner(curve.factor);
    const FixedI64 x_offset = FixedI64::from_inner(curve.x_offset);
    const FixedI64 y_offset = FixedI64::from_inner(curve.y_offset);
    for (const CurvePoint& point : curve.points) {
      const FixedI64 x = FixedI64::from_perbill(Perbill::from_parts(point.x));
      EXPECT_EQ(x.into_inner(), int64_t{point.x});  // exact for DIV = 10^9
      const FixedI64 y = factor.div(x + x_offset) + y_offset;
      EXPECT_EQ(y.into_inner(), point.const_value) << curve.name << " at " << point.x;
      const auto low = factor.checked_rounding_div(
          FixedI64::from_per_thing(Perbill::from_parts(point.x)) + x_offset, SignedRounding::kLow);
      ASSERT_TRUE(low.has_value());
      EXPECT_EQ((*low + y_offset).into_perbill().deconstruct(), point.threshold)
          << curve.name << " at " << point.x;
    }
  }
  // In a constant expression too (the track definitions are constants).
  constexpr FixedI64 kRootAtZero = FixedI64::from_inner(222222224)
                                       .div(FixedI64::from_inner(333333335))
                                       .add(FixedI64::from_inner(333333332));
  static_assert(kRootAtZero.into_inner() == 1000000001);
}

TEST(FixedPoint, ConstFnsRoundToTheNearestTiesTowardMinusInfinity) {
  // from_rational: a * 10^9 / b, ties down (percent(x) = from_rational(x, 100)).
  EXPECT_EQ(FixedI64::from_rational(2, 3).into_inner(), 666'666'667);    // .67 up
  EXPECT_EQ(FixedI64::from_rational(1, 3).into_inner(), 333'333'333);    // .33 down
  EXPECT_EQ(FixedI64::from_rational(1, 2'000'000'000).into_inner(), 0);  // 0.5: tie down
  EXPECT_EQ(FixedI64::from_rational(3, 2'000'000'000).into_inner(), 1);  // 1.5: tie down
  EXPECT_EQ(FixedI64::from_rational(50, 100).into_inner(), 500'000'000);
  EXPECT_EQ(FixedI64::from_u32(3).into_inner(), 3'000'000'000);
  // mul / div: -1 * 0.5 = -0.5 raw: the tie goes toward -infinity (-1); +0.5 goes to 0.
  const FixedI64 half = FixedI64::from_rational(1, 2);
  EXPECT_EQ(FixedI64::from_inner(-1).mul(half).into_inner(), -1);
  EXPECT_EQ(FixedI64::from_inner(1).mul(half).into_inner(), 0);
  EXPECT_EQ(FixedI64::from_inner(-1).div(FixedI64::from_u32(2)).into_inner(), -1);
  EXPECT_EQ(FixedI64::from_inner(1).div(FixedI64::from_u32(2)).into_inner(), 0);
  // -2 / 3 raw = -0.67: nearest is -1; 2 / 3 = 0.67: nearest is 1.
  EXPECT_EQ(FixedI64::from_inner(-2).div(FixedI64::from_u32(3)).into_inner(), -1);
  EXPECT_EQ(FixedI64::from_inner(2).div(FixedI64::from_u32(3)).into_inner(), 1);
  // The traits round toward zero instead: -0.5 → 0, -0.67 → 0.
  EXPECT_EQ(FixedI64::from_inner(-1).checked_mul(half)->into_inner(), 0);
  EXPECT_EQ(FixedI64::from_inner(-2).checked_div(FixedI64::from_u32(3))->into_inner(), 0);
  // checked_rounding_div: 1/3 raw High → 1, Low → 0; -1/3 High → 0, Low → -1.
  const FixedI64 three = FixedI64::from_u32(3);
  EXPECT_EQ(FixedI64::from_inner(1).checked_rounding_div(three, SignedRounding::kHigh)->inner, 1);
  EXPECT_EQ(FixedI64::from_inner(1).checked_rounding_div(three, SignedRounding::kLow)->inner, 0);
  EXPECT_EQ(FixedI64::from_inner(-1).checked_rounding_div(three, SignedRounding::kHigh)->inner, 0);
  EXPECT_EQ(FixedI64::from_inner(-1).checked_rounding_div(three, SignedRounding::kLow)->inner, -1);
  EXPECT_FALSE(three.checked_rounding_div(FixedI64::zero(), SignedRounding::kLow).has_value());
  EXPECT_FALSE(FixedI64::max_value().const_checked_mul(three).has_value());
  // sqrt: isqrt(inner * DIV).
  EXPECT_EQ(FixedI64::from_u32(4).sqrt(), FixedI64::from_u32(2));
  EXPECT_EQ(FixedI64::from_rational(1, 4).sqrt(), half);
  EXPECT_EQ(FixedI64::from_u32(2).sqrt().into_inner(), 1'414'213'562);
  EXPECT_EQ(FixedU128::from_u32(2).sqrt().into_inner(), u128{1'414'213'562'373'095'048});
  EXPECT_FALSE(FixedI64::from_inner(-1).try_sqrt().has_value());
  // neg, and the constants.
  EXPECT_EQ(half.neg().into_inner(), -500'000'000);
  EXPECT_EQ(FixedI64::max_value().into_inner(), INT64_MAX);
  EXPECT_EQ(FixedI64::min_value().into_inner(), INT64_MIN);
}

TEST(FixedPoint, TraitsRoundTowardZeroAndSaturate) {
  // checked_from_rational: toward zero, None on d == 0 or overflow.
  EXPECT_EQ(FixedI64::checked_from_rational(-5, 2)->into_inner(), -2'500'000'000);
  EXPECT_EQ(FixedI64::checked_from_rational(1, -3)->into_inner(), -333'333'333);
  EXPECT_EQ(FixedI64::checked_from_rational(2, 3)->into_inner(), 666'666'666);
  EXPECT_FALSE(FixedI64::checked_from_rational(1, 0).has_value());
  EXPECT_FALSE(FixedI64::checked_from_rational(INT64_MAX, 1).has_value());
  EXPECT_FALSE(FixedU64::checked_from_rational(-1, 1).has_value());
  // saturating_from_rational: the bound of the result's sign.
  EXPECT_EQ(FixedI64::saturating_from_rational(INT64_MAX, 1), FixedI64::max_value());
  EXPECT_EQ(FixedI64::saturating_from_rational(INT64_MIN, 1), FixedI64::min_value());
  EXPECT_EQ(FixedI64::saturating_from_rational(INT64_MAX, -1), FixedI64::min_value());
  EXPECT_EQ(FixedI64::saturating_from_integer(-3).into_inner(), -3'000'000'000);
  EXPECT_EQ(FixedI64::saturating_from_integer(INT64_MIN), FixedI64::min_value());
  EXPECT_EQ(FixedU128::saturating_from_integer(kMax), FixedU128::max_value());
  EXPECT_EQ(FixedI128::checked_from_integer(5)->into_inner(), i128{5} * 1'000'000'000'000'000'000);
  EXPECT_FALSE(FixedI64::checked_from_integer(INT64_MAX).has_value());
  // checked_mul_int / saturating_mul_int: -1.5 * 3 = -4.5 → -4 (toward zero).
  const FixedI64 minus_one_and_half = FixedI64::from_inner(-1'500'000'000);
  EXPECT_EQ(minus_one_and_half.checked_mul_int(int64_t{3}), -4);
  EXPECT_EQ(minus_one_and_half.saturating_mul_int(uint64_t{3}), 0u);  // negative: the minimum
  EXPECT_EQ(FixedI64::from_u32(2).checked_mul_int(INT64_MAX), std::nullopt);
  EXPECT_EQ(FixedI64::from_u32(2).saturating_mul_int(INT64_MAX), INT64_MAX);
  EXPECT_EQ(FixedI64::from_u32(2).saturating_mul_int(INT64_MIN), INT64_MIN);
  EXPECT_EQ(FixedI64::from_u32(7).checked_div_int(int64_t{2}), 3);
  EXPECT_EQ(FixedI64::from_u32(7).checked_div_int(int64_t{0}), std::nullopt);
  // saturating_mul_acc_int: self * n + n; -0.5 * 10 + 10 = 5.
  EXPECT_EQ(FixedI64::from_inner(-500'000'000).saturating_mul_acc_int(uint64_t{10}), 5u);
  EXPECT_EQ(FixedU128::from_rational(1, 2).saturating_mul_acc_int(u128{10}), u128{15});
  // saturating_mul / add / sub / pow / abs, reciprocal.
  EXPECT_EQ(FixedI64::max_value().saturating_mul(FixedI64::from_u32(2)), FixedI64::max_value());
  EXPECT_EQ(FixedI64::max_value().saturating_mul(FixedI64::from_inner(-2'000'000'000)),
            FixedI64::min_value());
  EXPECT_EQ(FixedI64::min_value().saturating_sub(FixedI64::from_inner(1)), FixedI64::min_value());
  EXPECT_EQ(FixedI64::max_value().saturating_add(FixedI64::from_inner(1)), FixedI64::max_value());
  EXPECT_EQ(FixedI64::from_u32(3).saturating_pow(3), FixedI64::from_u32(27));
  EXPECT_EQ(FixedI64::from_u32(3).saturating_pow(0), FixedI64::one());
  EXPECT_EQ(FixedI64::from_u32(3).saturating_pow(100), FixedI64::max_value());
  EXPECT_EQ(FixedI64::from_u32(3).neg().saturating_pow(3), FixedI64::from_u32(27).neg());
  EXPECT_EQ(FixedI64::min_value().saturating_abs(), FixedI64::max_value());
  EXPECT_EQ(FixedI64::from_u32(4).reciprocal(), FixedI64::from_rational(1, 4));
  EXPECT_FALSE(FixedI64::zero().reciprocal().has_value());
  EXPECT_FALSE(FixedI64::max_value().checked_add(FixedI64::from_inner(1)).has_value());
  EXPECT_FALSE(FixedU64::zero().checked_sub(FixedU64::from_inner(1)).has_value());
}

TEST(FixedPoint, PerThingConversions) {
  // perthing_into_works: 10% of every per-thing is accuracy / 10 of every fixed point.
  EXPECT_EQ(FixedI64::from_per_thing(Percent::from_percent(10)).into_inner(), 100'000'000);
  EXPECT_EQ(FixedU64::from_per_thing(Permill::from_percent(10)).into_inner(), 100'000'000u);
  EXPECT_EQ(FixedI128::from_per_thing(Perbill::from_percent(10)).into_inner(),
            i128{100'000'000'000'000'000});
  EXPECT_EQ(FixedU128::from_per_thing(Perquintill::from_percent(10)).into_inner(),
            u128{100'000'000'000'000'000});
  // into_perbill: clamped, then nearest with ties down (1.5 parts → 1, 1.500000001 → 2).
  EXPECT_EQ(FixedI64::from_inner(-5).into_perbill(), Perbill::zero());
  EXPECT_EQ(FixedI64::from_inner(2'000'000'000).into_perbill(), Perbill::one());
  EXPECT_EQ(FixedI64::from_inner(123).into_perbill(), Perbill::from_parts(123));
  EXPECT_EQ(FixedU128::from_inner(1'500'000'000).into_perbill(), Perbill::from_parts(1));
  EXPECT_EQ(FixedU128::from_inner(1'500'000'001).into_perbill(), Perbill::from_parts(2));
  // try_into_perthing / into_clamped_perthing: Down; out of [0, 1] nullopt / clamped.
  EXPECT_EQ(FixedI64::from_inner(559'000'000).into_clamped_perthing<Percent>(),
            Percent::from_parts(55));
  EXPECT_EQ(FixedI64::from_inner(-1).into_clamped_perthing<Percent>(), Percent::zero());
  EXPECT_EQ(FixedI64::from_u32(2).into_clamped_perthing<Perbill>(), Perbill::one());
  EXPECT_EQ(FixedI64::from_inner(-1).try_into_perthing<Perbill>(), std::nullopt);
  EXPECT_EQ(FixedI64::one().try_into_perthing<Perbill>(), Perbill::one());
}

TEST(FixedPoint, FixedU128AsTransactionPaymentUsesIt) {
  const FixedU128 third = FixedU128::saturating_from_rational(1, 3);
  EXPECT_EQ(third.into_inner(), u128{333'333'333'333'333'333});
  // 333333333333333333^2 = 111111111111111110_888888888888888889, / 10^18 rounded down.
  EXPECT_EQ(third.saturating_mul(third).into_inner(), u128{111'111'111'111'111'110});
  EXPECT_EQ(FixedU128::saturating_from_rational(75, 1'000'000).into_inner(),
            u128{75'000'000'000'000});
  // 1.5 * 3 = 4.5 → 4.
  EXPECT_EQ(FixedU128::saturating_from_rational(3, 2).saturating_mul_int(u128{3}), u128{4});
  EXPECT_EQ(FixedU128::one().checked_div(FixedU128::from_u32(3))->into_inner(), third.into_inner());
  EXPECT_FALSE(FixedU128::one().checked_div(FixedU128::zero()).has_value());
  EXPECT_EQ(FixedU128::max_value().saturating_mul(FixedU128::from_u32(2)), FixedU128::max_value());
  // (2^128 - 1) * 2 / 10^18 = 680_564_733_841_876_926_926.7… fits; times 2^128 - 1 does not.
  EXPECT_EQ(FixedU128::max_value().saturating_mul_int(u128{2}),
            u128{680'564'733'841'876'926} * 1000 + 926);
  EXPECT_EQ(FixedU128::max_value().saturating_mul_int(kMax), kMax);
  EXPECT_EQ(FixedU128::one().saturating_sub(FixedU128::from_u32(2)), FixedU128::zero());
  // The const from_rational rounds to the nearest: 2/3 → ...667.
  EXPECT_EQ(FixedU128::from_rational(2, 3).into_inner(), u128{666'666'666'666'666'667});
  EXPECT_EQ(to_hex(scale::encode(FixedU128::one())), "0x000064a7b3b6e00d0000000000000000");
  EXPECT_EQ(to_hex(scale::encode(FixedI64::from_inner(-1))), "0xffffffffffffffff");

  meta::Registry r;
  const auto& types = r.types();
  const meta::TypeId id = r.id<FixedI64>();
  EXPECT_EQ(types[id].path, (std::vector<std::string>{"sp_arithmetic", "fixed_point", "FixedI64"}));
  const auto& fields = std::get<meta::CompositeDef>(types[id].def).fields;
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].type_name, "i64");
  EXPECT_EQ(std::get<meta::PrimitiveDef>(types[fields[0].type].def).primitive,
            meta::Primitive::kI64);
}

// --- Rational128 (rational.rs tests).

Rational128 rat(u128 n, u128 d) {
  return Rational128::from_unchecked(n, d);
}

TEST(Rational128, ToDenAndLcm) {
  const u128 max64 = ~uint64_t{0};
  EXPECT_EQ(rat(1, 5).to_den(10), rat(2, 10));
  EXPECT_EQ(rat(4, 10).to_den(5), rat(2, 5));
  EXPECT_EQ(rat(kMax - 10, kMax).to_den(10), rat(10, 10));
  EXPECT_EQ(rat(kMax / 2, kMax).to_den(10), rat(5, 10));
  EXPECT_EQ(rat(kMax / 2, kMax).to_den(1'000'000'000), rat(500'000'000, 1'000'000'000));
  EXPECT_EQ(rat(kMax / 2, kMax).to_den(kMax / 2), rat(kMax / 4, kMax / 2));
  EXPECT_EQ(rat(3, 10).lcm(rat(4, 15)), u128{30});
  EXPECT_EQ(rat(5, 30).lcm(rat(1, 7)), u128{210});
  EXPECT_EQ(rat(5, 30).lcm(rat(1, 10)), u128{30});
  EXPECT_EQ(rat(1'000'000'000, kMax).lcm(rat(7'000'000'000, kMax - 1)), std::nullopt);
  EXPECT_EQ(rat(1'000'000'000, max64).lcm(rat(7'000'000'000, max64 - 1)), max64 * (max64 - 1));
  EXPECT_EQ(Rational128::from(3, 0).d(), u128{1});
}

TEST(Rational128, AddSubAndOrdering) {
  EXPECT_EQ(rat(3, 10).checked_add(rat(1, 10)), rat(2, 5));
  EXPECT_EQ(rat(3, 10).checked_add(rat(3, 7)), rat(51, 70));
  EXPECT_EQ(rat(1, kMax).checked_add(rat(1, kMax - 1)), std::nullopt);
  EXPECT_EQ(rat(7, kMax).checked_add(rat(kMax, kMax)), std::nullopt);
  EXPECT_EQ(rat(kMax, kMax).checked_add(rat(kMax, kMax)), std::nullopt);
  EXPECT_EQ(rat(3, 10).checked_sub(rat(1, 10)), rat(1, 5));
  EXPECT_EQ(rat(6, 10).checked_sub(rat(3, 7)), rat(12, 70));
  EXPECT_EQ(rat(2, kMax).checked_sub(rat(1, kMax - 1)), std::nullopt);
  EXPECT_EQ(rat(7, kMax).checked_sub(rat(kMax, kMax)), std::nullopt);
  EXPECT_EQ(rat(1, 10).checked_sub(rat(2, 10)), std::nullopt);
  EXPECT_GT(rat(1, 2), rat(1, 3));
  EXPECT_GT(rat(1, 2), rat(2, 6));
  EXPECT_LT(rat(1, 2), rat(6, 6));
  EXPECT_GT(rat(2, 1), rat(2, 6));
  EXPECT_EQ(rat(5, 10), rat(1, 2));
  EXPECT_GT(rat(1, 1490000000000200000), rat(1, 1490000000000200001));
  // Cross products beyond 128 bits, and a zero denominator above everything.
  EXPECT_LT(rat(kMax, kMax - 1), rat(kMax - 1, kMax - 2));  // 1 + 1/(m-1) < 1 + 1/(m-2)
  EXPECT_LT(rat(kMax - 1, kMax), rat(kMax, kMax - 1));
  EXPECT_GT(rat(1, 0), rat(kMax, 1));
  EXPECT_EQ(rat(4, 10).lazy_saturating_add(rat(kMax, 10)), rat(kMax, 10));
  EXPECT_EQ(rat(4, 10).lazy_saturating_sub(rat(5, 10)), rat(0, 10));
}

// --- Bounded collections.

using Three = ConstU32<3>;

struct Item {
  uint32_t value = 0;
  bool operator==(const Item&) const = default;
  auto operator<=>(const Item&) const = default;
  CANARY_SCALE_FIELDS(value)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"test", "Item"});
    b.typed_field<uint32_t>(std::nullopt, "u32");
  }
};

TEST(Bounded, BoundedVecKeepsItsBound) {
  using Vec = BoundedVec<uint32_t, Three>;
  EXPECT_EQ(Vec::bound(), 3u);
  EXPECT_TRUE(Vec::try_from({1, 2, 3}).has_value());
  EXPECT_FALSE(Vec::try_from({1, 2, 3, 4}).has_value());
  EXPECT_EQ(Vec::truncate_from({1, 2, 3, 4, 5}).items, (std::vector<uint32_t>{1, 2, 3}));
  Vec v;
  EXPECT_TRUE(v.try_push(1));
  EXPECT_TRUE(v.try_insert(0, 0));
  EXPECT_FALSE(v.try_insert(5, 9));  // past the end
  EXPECT_TRUE(v.try_push(2));
  EXPECT_TRUE(v.is_full());
  EXPECT_FALSE(v.try_push(3));
  EXPECT_FALSE(v.try_insert(0, 3));
  EXPECT_EQ(v.items, (std::vector<uint32_t>{0, 1, 2}));
  // On the wire a Vec<T>; decoding refuses more than the bound.
  EXPECT_EQ(scale::encode(v), scale::encode(std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(decode_all<Vec>(scale::encode(v)), v);
  EXPECT_FALSE(decode_all<Vec>(scale::encode(std::vector<uint32_t>{1, 2, 3, 4})).has_value());
  EXPECT_TRUE(decode_all<Vec>(scale::encode(std::vector<uint32_t>{})).has_value());
}

TEST(Bounded, WeakBoundedVecDecodesBeyondItsBound) {
  using Vec = WeakBoundedVec<uint32_t, Three>;
  const auto decoded = decode_all<Vec>(scale::encode(std::vector<uint32_t>{1, 2, 3, 4}));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), 4u);
  EXPECT_FALSE(Vec::try_from({1, 2, 3, 4}).has_value());
  Vec v = Vec::truncate_from({1, 2, 3, 4});
  EXPECT_FALSE(v.try_push(5));
  EXPECT_EQ(v.items, (std::vector<uint32_t>{1, 2, 3}));
}

TEST(Bounded, BoundedBTreeMapKeepsItsBound) {
  using Map = BoundedBTreeMap<uint32_t, Item, ConstU32<2>>;
  Map m;
  EXPECT_TRUE(m.try_insert(1, Item{10}));
  EXPECT_TRUE(m.try_insert(2, Item{20}));
  EXPECT_FALSE(m.try_insert(3, Item{30}));  // full: a new key is refused
  EXPECT_TRUE(m.try_insert(1, Item{11}));   // an existing key is replaced
  EXPECT_EQ(m.items.at(1), Item{11});
  EXPECT_EQ(m.size(), 2u);
  EXPECT_FALSE(Map::try_from({{1, {}}, {2, {}}, {3, {}}}).has_value());
  const std::map<uint32_t, Item> plain{{1, Item{11}}, {2, Item{20}}};
  EXPECT_EQ(scale::encode(m), scale::encode(plain));
  EXPECT_EQ(decode_all<Map>(scale::encode(m)), m);
  EXPECT_FALSE(decode_all<Map>(scale::encode(std::map<uint32_t, Item>{{1, {}}, {2, {}}, {3, {}}}))
                   .has_value());
}

TEST(Bounded, MetadataIsBoundedCollections) {
  meta::Registry r;
  const auto& types = r.types();
  const auto check_vec = [&](meta::TypeId id, const std::vector<std::string>& path) {
    EXPECT_EQ(types[id].path, path);
    ASSERT_EQ(types[id].params.size(), 2u);
    EXPECT_EQ(types[id].params[0].name, "T");
    EXPECT_EQ(types[id].params[0].type->value, r.id<Item>());
    EXPECT_EQ(types[id].params[1].name, "S");
    EXPECT_FALSE(types[id].params[1].type.has_value());
    const auto& fields = std::get<meta::CompositeDef>(types[id].def).fields;
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_FALSE(fields[0].name.has_value());
    EXPECT_EQ(fields[0].type_name, "Vec<T>");
    EXPECT_EQ(fields[0].type, r.id<std::vector<Item>>());
  };
  check_vec(r.id<BoundedVec<Item, Three>>(), {"bounded_collections", "bounded_vec", "BoundedVec"});
  check_vec(r.id<WeakBoundedVec<Item, Three>>(),
            {"bounded_collections", "weak_bounded_vec", "WeakBoundedVec"});
  // One entry per bound type, as scale-info's TypeId gives one per Rust type.
  EXPECT_EQ((r.id<BoundedVec<Item, Three>>()), (r.id<BoundedVec<Item, ConstU32<3>>>()));
  EXPECT_NE((r.id<BoundedVec<Item, Three>>()), (r.id<BoundedVec<Item, ConstU32<4>>>()));

  const meta::TypeId map = r.id<BoundedBTreeMap<uint32_t, Item, Three>>();
  EXPECT_EQ(types[map].path, (std::vector<std::string>{"bounded_collections", "bounded_btree_map",
                                                       "BoundedBTreeMap"}));
  ASSERT_EQ(types[map].params.size(), 3u);
  EXPECT_EQ(types[map].params[0].name, "K");
  EXPECT_EQ(types[map].params[1].name, "V");
  EXPECT_EQ(types[map].params[2].name, "S");
  EXPECT_FALSE(types[map].params[2].type.has_value());
  const auto& fields = std::get<meta::CompositeDef>(types[map].def).fields;
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].type_name, "BTreeMap<K, V>");
  EXPECT_EQ(fields[0].type, (r.id<std::map<uint32_t, Item>>()));
}

}  // namespace
}  // namespace canary::rt
