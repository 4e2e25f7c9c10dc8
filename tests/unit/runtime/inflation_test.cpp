// Kusama's inflation (runtime/framework/npos/reward_fn.hpp, era_payout.hpp): the vectors of the
// staking/governance reference page §1.2 — the SDK's exact ones (polkadot/runtime/common impls.rs
// tests), the derived Kusama table (staking-governance-data/payout_vectors.txt) and the auction
// cases — and pallet-staking-reward-fn's tolerance grid (frame/staking/reward-fn/tests/test.rs)
// against a floating-point 2^((x_ideal - x) / d) computed here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/arithmetic/wide_uint.hpp"
#include "runtime/framework/npos/era_payout.hpp"
#include "runtime/framework/npos/reward_fn.hpp"

namespace canary::rt {

namespace npos {
// Failures show the split in decimal.
std::ostream& operator<<(std::ostream& out, const EraPayoutSplit& split) {
  const auto decimal = [](u128 v) {
    std::string digits;
    do {
      digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
      v /= 10;
    } while (v != 0);
    return digits;
  };
  return out << "{staking_payout " << decimal(split.staking_payout) << ", rest "
             << decimal(split.rest) << "}";
}
}  // namespace npos

namespace {

using arithmetic::Perbill;
using arithmetic::Percent;
using arithmetic::Permill;
using arithmetic::Perquintill;
using arithmetic::PerU16;
using npos::Balance;
using npos::compute_inflation;
using npos::EraPayoutParams;
using npos::EraPayoutSplit;
using npos::kusama_era_payout;
using npos::relay_era_payout;

constexpr uint64_t kPq = 1'000'000'000'000'000'000;

constexpr Perquintill pq(uint64_t parts) {
  return Perquintill::from_parts(parts);
}
constexpr Perquintill pct(uint64_t x) {
  return Perquintill::from_percent(x);
}

// Compile time: the series is constexpr, as the rest of the arithmetic.
static_assert(compute_inflation(pct(95), pct(75), pct(5)) == pq(62'500'000'000'000'001));
static_assert(compute_inflation(pct(75), pct(75), pct(5)) == Perquintill::one());

// --- The SDK's exact vectors (impls.rs compute_inflation_should_give_sensible_results).

TEST(InflationComputeInflation, SdkVectors) {
  EXPECT_EQ(compute_inflation(pct(75), pct(75), pct(5)), Perquintill::one());
  EXPECT_EQ(compute_inflation(pct(50), pct(75), pct(5)), Perquintill::from_rational(2, 3));
  EXPECT_EQ(compute_inflation(pct(50), pct(75), pct(5)).deconstruct(), 666'666'666'666'666'666U);
  EXPECT_EQ(compute_inflation(pct(80), pct(75), pct(5)), Perquintill::from_rational(1, 2));
}

// --- Derived (payout_vectors.txt), including the +1 of the floors at 95 %.

TEST(InflationComputeInflation, DerivedVectors) {
  EXPECT_EQ(compute_inflation(pct(76), pct(75), pct(5)), pq(870'550'563'296'124'140));
  EXPECT_EQ(compute_inflation(pct(85), pct(75), pct(5)), pq(250'000'000'000'000'000));
  EXPECT_EQ(compute_inflation(pct(95), pct(75), pct(5)), pq(62'500'000'000'000'001));
  EXPECT_EQ(compute_inflation(pct(100), pct(75), pct(5)), pq(31'250'000'000'000'000));
  EXPECT_EQ(compute_inflation(pct(60), pct(60), pct(1)), Perquintill::one());
  EXPECT_EQ(compute_inflation(pct(61), pct(60), pct(1)), pq(500'000'000'000'000'000));
  EXPECT_EQ(compute_inflation(pct(70), pct(60), pct(1)), pq(976'562'499'999'999));
}

// The other accuracies at (80 %, 75 %, 5 %) and at the bottom of the minimum-falloff sweep, as the
// reference page's Python port computes them (a cross-check, not third-party values).
TEST(InflationComputeInflation, OtherAccuracies) {
  EXPECT_EQ(compute_inflation(Percent::from_percent(80), Percent::from_percent(75),
                              Percent::from_percent(5)),
            Percent::from_parts(49));
  EXPECT_EQ(compute_inflation(PerU16::from_percent(80), PerU16::from_percent(75),
                              PerU16::from_percent(5)),
            PerU16::from_parts(32'762));
  EXPECT_EQ(compute_inflation(Permill::from_percent(80), Permill::from_percent(75),
                              Permill::from_percent(5)),
            Permill::from_parts(499'999));
  EXPECT_EQ(compute_inflation(Perbill::from_percent(80), Perbill::from_percent(75),
                              Perbill::from_percent(5)),
            Perbill::from_parts(500'000'001));
  EXPECT_EQ(compute_inflation(PerU16::from_rational(999, 1000), PerU16::zero(),
                              PerU16::from_rational(1, 100)),
            PerU16::from_parts(2));
}

TEST(InflationComputeInflation, EdgeCases) {
  // Below the ideal: stake / ideal, rounded down.
  EXPECT_EQ(compute_inflation(pq(1), pq(3), pct(5)), pq(333'333'333'333'333'333));
  EXPECT_EQ(compute_inflation(Perquintill::zero(), pct(75), pct(5)), Perquintill::zero());
  // At the ideal (zero included): the series' first term is zero, so one.
  EXPECT_EQ(compute_inflation(Perquintill::zero(), Perquintill::zero(), pct(5)),
            Perquintill::one());
  EXPECT_EQ(compute_inflation(Perquintill::one(), Perquintill::one(), pct(1)), Perquintill::one());
  // A falloff below 1 % gives zero above the ideal (not below it).
  EXPECT_EQ(compute_inflation(pct(80), pct(75), pct(1).less_epsilon()), Perquintill::zero());
  EXPECT_EQ(compute_inflation(pct(80), pct(75), Perquintill::zero()), Perquintill::zero());
  EXPECT_EQ(compute_inflation(pct(50), pct(75), Perquintill::zero()),
            Perquintill::from_rational(2, 3));
  EXPECT_EQ(
      compute_inflation(Percent::from_percent(80), Percent::from_percent(75), Percent::zero()),
      Percent::zero());
  // The steepest curve over the whole range (falloff 1 %, 100 % above the ideal): 2^-100 is zero
  // in every accuracy, and the series ends positive or is cut to zero.
  EXPECT_EQ(compute_inflation(Perquintill::one(), Perquintill::zero(), pct(1)),
            Perquintill::zero());
  EXPECT_EQ(compute_inflation(Percent::one(), Percent::zero(), Percent::from_percent(1)),
            Percent::zero());
  // A falloff of 100 %: 2^-1.
  EXPECT_NEAR(static_cast<double>(
                  compute_inflation(Perquintill::one(), Perquintill::zero(), Perquintill::one())
                      .deconstruct()) /
                  static_cast<double>(kPq),
              0.5, 1e-15);
}

// --- pallet-staking-reward-fn's tolerance tests (tests/test.rs).

template <class P>
double to_f64(P p) {
  return static_cast<double>(p.deconstruct()) / static_cast<double>(P::kAccuracy);
}

// |res - float| <= max(8 / accuracy, 8 * DBL_EPSILON), the float curve taken at the per-things'
// own values.
template <class P>
void expect_precision(P stake, P ideal, P falloff) {
  const double accuracy = static_cast<double>(P::kAccuracy);
  const double res = to_f64(compute_inflation(stake, ideal, falloff));
  const double x = to_f64(stake);
  const double x_ideal = to_f64(ideal);
  const double d = to_f64(falloff);
  const double expect = x < x_ideal ? x / x_ideal : std::pow(2.0, (x_ideal - x) / d);
  const double error = std::abs(res - expect);
  EXPECT_FALSE(error > 8.0 / accuracy && error > 8.0 * DBL_EPSILON)
      << "stake " << +stake.deconstruct() << " ideal " << +ideal.deconstruct() << " falloff "
      << +falloff.deconstruct() << " res " << res << " expect " << expect;
}

template <class P>
void compute_inflation_grid() {
  for (uint64_t stake = 0; stake < 100; ++stake) {
    for (uint64_t ideal = 0; ideal < 10; ++ideal) {
      for (uint64_t falloff = 1; falloff < 10; ++falloff) {
        expect_precision(P::from_rational(stake, 100), P::from_rational(ideal, 10),
                         P::from_rational(falloff, 100));
      }
    }
  }
}

template <class P>
void minimum_falloff_sweep() {
  for (uint64_t stake = 0; stake < 1000; ++stake) {
    expect_precision(P::from_rational(stake, 1000), P::zero(), P::from_rational(1, 100));
  }
}

TEST(InflationPrecision, GridPerquintill) {
  compute_inflation_grid<Perquintill>();
}
TEST(InflationPrecision, GridPerU16) {
  compute_inflation_grid<PerU16>();
}
TEST(InflationPrecision, GridPerbill) {
  compute_inflation_grid<Perbill>();
}
TEST(InflationPrecision, GridPercent) {
  compute_inflation_grid<Percent>();
}
TEST(InflationPrecision, MinimumFalloff) {
  minimum_falloff_sweep<Perquintill>();
  minimum_falloff_sweep<PerU16>();
  minimum_falloff_sweep<Perbill>();
  minimum_falloff_sweep<Percent>();
}
// Not in the SDK's test; the same tolerance holds for Permill.
TEST(InflationPrecision, GridPermill) {
  compute_inflation_grid<Permill>();
  minimum_falloff_sweep<Permill>();
}

// Against e^(-(x - x_ideal) ln2 / d) too, on a finer grid above the ideal for Perquintill.
TEST(InflationPrecision, FineGridAboveIdeal) {
  for (uint64_t ideal = 0; ideal <= 100; ideal += 5) {
    for (uint64_t stake = ideal; stake <= 100; ++stake) {
      for (const uint64_t falloff : {1U, 2U, 5U, 10U, 25U, 50U, 100U}) {
        const Perquintill x = pct(stake);
        const Perquintill x_ideal = pct(ideal);
        const Perquintill d = pct(falloff);
        const double res = to_f64(compute_inflation(x, x_ideal, d));
        const double expect = std::exp(-(to_f64(x) - to_f64(x_ideal)) * std::log(2.0) / to_f64(d));
        EXPECT_NEAR(res, expect, 8.0 / static_cast<double>(kPq) + 8.0 * DBL_EPSILON)
            << stake << " " << ideal << " " << falloff;
      }
    }
  }
}

// --- relay_era_payout.

EraPayoutParams sdk_params(Balance staked, Balance stakable) {
  return {
      .total_staked = staked,
      .total_stakable = stakable,
      .ideal_stake = pct(75),
      .max_inflation = pct(10),
      .min_inflation = Perquintill::from_rational(25, 1000),
      .falloff = pct(5),
      .period_fraction = Perquintill::one(),
      .legacy_auction_proportion = std::nullopt,
  };
}

// impls.rs relay_era_payout_should_give_sensible_results (and era_payout_should_give_sensible_
// results, its legacy twin).
TEST(InflationRelayEraPayout, SdkVectors) {
  EXPECT_EQ(relay_era_payout(sdk_params(75, 100)), (EraPayoutSplit{10, 0}));
  EXPECT_EQ(relay_era_payout(sdk_params(80, 100)), (EraPayoutSplit{6, 4}));
}

// impls.rs deprecated_era_payout: the legacy formula, the auction adjustment inline.
EraPayoutSplit deprecated_era_payout(Balance staked, Balance stakable, Perquintill max,
                                     Perquintill period_fraction, uint64_t auctioned_slots) {
  const Perquintill min = Perquintill::from_rational(25, 1000);
  const Perquintill delta = max.saturating_sub(min);
  const Perquintill auction =
      Perquintill::from_rational(std::min<uint64_t>(auctioned_slots, 60), 200);
  const Perquintill ideal = pct(75).saturating_sub(auction);
  const Perquintill adjustment =
      compute_inflation(Perquintill::from_rational(staked, stakable), ideal, pct(5));
  const Perquintill staking_inflation = min.saturating_add(delta * adjustment);
  const Balance max_payout = (period_fraction * max) * stakable;
  const Balance staking_payout = (period_fraction * staking_inflation) * stakable;
  return {staking_payout, max_payout > staking_payout ? max_payout - staking_payout : 0};
}

// impls.rs relay_era_payout_should_give_same_results_as_era_payout, with the values pinned (the
// reference page's port).
TEST(InflationRelayEraPayout, SameAsLegacyEraPayout) {
  struct Case {
    Balance staked;
    uint64_t slots;
    EraPayoutSplit expected;
  };
  for (const Case& c :
       {Case{1'000'000, 30, {43'750, 6'250}}, Case{1'900'000, 60, {12'537, 37'463}}}) {
    EraPayoutParams params = sdk_params(c.staked, 2'000'000);
    params.period_fraction = pct(25);
    params.legacy_auction_proportion =
        Perquintill::from_rational(std::min<uint64_t>(c.slots, 60), 200);
    EXPECT_EQ(relay_era_payout(params), c.expected) << static_cast<uint64_t>(c.staked);
    EXPECT_EQ(relay_era_payout(params),
              deprecated_era_payout(c.staked, 2'000'000, pct(10), pct(25), c.slots));
  }
}

TEST(InflationRelayEraPayout, EdgeCases) {
  // Nothing stakable: from_rational(x, 0) is one, the payouts are zero.
  EXPECT_EQ(relay_era_payout(sdk_params(5, 0)), (EraPayoutSplit{0, 0}));
  // More staked than stakable saturates at one: 100 % staked.
  EXPECT_EQ(relay_era_payout(sdk_params(200, 100)), relay_era_payout(sdk_params(100, 100)));
  // min above max: no delta, the rest saturates at zero.
  EraPayoutParams inverted = sdk_params(75, 100);
  inverted.min_inflation = pct(20);
  EXPECT_EQ(relay_era_payout(inverted), (EraPayoutSplit{20, 0}));
  // A legacy proportion above the ideal stake: the ideal is zero.
  EraPayoutParams all_auction = sdk_params(0, 100);
  all_auction.legacy_auction_proportion = Perquintill::one();
  EXPECT_EQ(relay_era_payout(all_auction), (EraPayoutSplit{10, 0}));
  // The largest balances: the per-thing products do not overflow.
  const Balance max = ~Balance{0};
  const EraPayoutSplit big = relay_era_payout(sdk_params(max, max));
  // 2.5 % + 7.5 % * 2^-5 (the adjustment at 100 % staked).
  EXPECT_EQ(big.staking_payout, pq(27'343'750'000'000'000) * max);
  EXPECT_EQ(big.staking_payout + big.rest, pct(10) * max);
}

// --- Kusama's EraPayout (payout_vectors.txt): 15,000,000 KSM stakable, 6-hour eras.

constexpr Balance kStakable = 15'000'000'000'000'000'000U;
constexpr uint64_t kSixHours = 21'600'000;

TEST(InflationKusamaEraPayout, PeriodFraction) {
  EXPECT_EQ(npos::KusamaInflation::kMillisecondsPerYear, 31'557'600'000U);
  EXPECT_EQ(Perquintill::from_rational(kSixHours, npos::KusamaInflation::kMillisecondsPerYear),
            pq(684'462'696'783'025));
  EXPECT_EQ(npos::KusamaInflation::kMinInflation, Perquintill::from_rational(25, 1000));
}

TEST(InflationKusamaEraPayout, DerivedTable) {
  struct Row {
    uint64_t percent;
    uint64_t adjustment;
    Balance staking_payout;
    Balance rest;
  };
  const Row rows[] = {
      {0, 0, 256'673'511'293'625U, 770'020'533'880'905U},
      {25, 333'333'333'333'333'333, 513'347'022'587'265U, 513'347'022'587'265U},
      {50, 666'666'666'666'666'666, 770'020'533'880'890U, 256'673'511'293'640U},
      {60, 800'000'000'000'000'000, 872'689'938'398'355U, 154'004'106'776'175U},
      {70, 933'333'333'333'333'333, 975'359'342'915'805U, 51'334'702'258'725U},
      {75, 1'000'000'000'000'000'000, 1'026'694'045'174'530U, 0U},
      {80, 500'000'000'000'000'000, 641'683'778'234'085U, 385'010'266'940'445U},
      {90, 125'000'000'000'000'000, 352'926'078'028'740U, 673'767'967'145'790U},
      {100, 31'250'000'000'000'000, 280'736'652'977'400U, 745'957'392'197'130U},
  };
  for (const Row& row : rows) {
    const Balance staked = kStakable / 100 * row.percent;
    EXPECT_EQ(compute_inflation(Perquintill::from_rational(staked, kStakable), pct(75), pct(5)),
              pq(row.adjustment))
        << row.percent;
    EXPECT_EQ(kusama_era_payout(staked, kStakable, kSixHours, std::nullopt),
              (EraPayoutSplit{row.staking_payout, row.rest}))
        << row.percent;
  }
}

TEST(InflationKusamaEraPayout, AuctionSlots) {
  const Balance half = kStakable / 2;
  // No auctioned parachain: the same as without the adjustment.
  EXPECT_EQ(kusama_era_payout(half, kStakable, kSixHours, 0),
            (EraPayoutSplit{770'020'533'880'890U, 256'673'511'293'640U}));
  // 10 paras: ideal 75 % - 5 %.
  EXPECT_EQ(kusama_era_payout(half, kStakable, kSixHours, 10),
            (EraPayoutSplit{806'688'178'351'410U, 220'005'866'823'120U}));
  // 60 or more: ideal 75 % - 30 % = 45 %.
  for (const uint32_t paras : {60U, 80U, ~0U}) {
    EXPECT_EQ(kusama_era_payout(half, kStakable, kSixHours, paras),
              (EraPayoutSplit{641'683'778'234'085U, 385'010'266'940'445U}))
        << paras;
  }
  // The adjustment as relay_era_payout takes it.
  EraPayoutParams params{
      .total_staked = half,
      .total_stakable = kStakable,
      .ideal_stake = pct(75),
      .max_inflation = pct(10),
      .min_inflation = Perquintill::from_perthousand(25),
      .falloff = pct(5),
      .period_fraction = pq(684'462'696'783'025),
      .legacy_auction_proportion = pq(50'000'000'000'000'000),
  };
  EXPECT_EQ(relay_era_payout(params), kusama_era_payout(half, kStakable, kSixHours, 10));
}

// --- The wide integer under the series.

TEST(InflationWideUint, Arithmetic) {
  using W = arithmetic::WideUint<3>;
  const u128 max = ~u128{0};
  const W a = W::from(max);
  // (2^128 - 1) * (2^64 + 1) = 2^192 + 2^128 - 2^64 - 1 does not fit 192 bits; times 2^63 fits.
  EXPECT_FALSE(a.checked_mul((u128{1} << 64) + 1).has_value());
  const auto b = a.checked_mul(u128{1} << 63);
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(b->to_u128().has_value());
  EXPECT_EQ(b->div_floor(uint64_t{1} << 63), a);
  EXPECT_EQ(b->div_floor(uint64_t{1} << 63).to_u128(), max);
  // Floors: (2^128 - 1) / 10.
  EXPECT_EQ(a.div_floor(10).to_u128(), max / 10);
  EXPECT_EQ(W::from(99).div_floor(100), W::from(0));
  EXPECT_TRUE(W::from(0).is_zero());
  // Carries and borrows across limbs.
  const auto c = a.checked_add(W::from(1));
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->to_u128().has_value());
  EXPECT_EQ(c->checked_sub(W::from(1)), a);
  EXPECT_EQ(c->checked_sub(a), W::from(1));
  EXPECT_FALSE(W::from(1).checked_sub(W::from(2)).has_value());
  EXPECT_LT(a, *c);
  EXPECT_GT(*c, W::from(5));
  W top;
  top.limbs = {~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}};
  EXPECT_FALSE(top.checked_add(W::from(1)).has_value());
  EXPECT_FALSE(top.checked_mul(2).has_value());
  EXPECT_EQ(top.checked_mul(1), top);
  // A product of two u128 halves: (2^64 + 3) * (2^65 + 7) = 2^129 + 13 * 2^64 + 21.
  const auto d = W::from((u128{1} << 64) + 3).checked_mul((u128{1} << 65) + 7);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->limbs[0], 21U);
  EXPECT_EQ(d->limbs[1], 13U);
  EXPECT_EQ(d->limbs[2], 2U);
}

}  // namespace
}  // namespace canary::rt
