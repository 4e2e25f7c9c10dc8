// pallet-staking-reward-fn's compute_inflation (substrate/frame/staking/reward-fn/src/lib.rs),
// with the SDK's exact integer arithmetic: the NPoS inflation curve
//
//   I(x) = x / x_ideal                 for x < x_ideal
//   I(x) = 2^((x_ideal - x) / d)       for x >= x_ideal          (d: the falloff)
//
// as a per-thing. The first branch is `stake / ideal` (from_rational, rounding down). The second
// is a Taylor series of e^(-(x - x_ideal) ln2 / d) in integers scaled by the accuracy A:
//
//   ln2       = P::from_rational(693_147_180_559_945_309, 10^18)         (rounded down)
//   ln2_div_d = floor(ln2 * A / d)
//   t_0 = A,  t_k = floor(floor(floor(t_{k-1} * (x - x_ideal) * ln2_div_d / k) / A) / A)
//   sum = t_0 - t_1 + t_2 - ...        for k = 1..299, stopping at the first zero term
//
// The sum keeps a sign: a negative sum gives zero, and so does a sum above A. A falloff below 1 %
// gives zero too. The SDK computes in BigUint, whose divisions are floors (its
// `div_by_stripped` scales the dividend by 10^10 and divides the quotient by 10^5 twice when both
// have the same number of limbs: still the floor of the quotient).
//
// Here the series runs in a fixed 384-bit WideUint. Bound (A <= 10^18 < 2^60 for every
// per-thing): ln2 <= 0.6932 A, and d >= from_percent(1) = floor(A / 100), which is at least
// A / 101 for the five accuracies (100, 65535, 10^6, 10^9, 10^18), so ln2_div_d <= 70 A < 2^67.
// With x - x_ideal <= A, each step multiplies by at most r / k where r = (x - x_ideal) ln2_div_d /
// A^2 < 69.4 (69.0 for Percent, 69.35 for PerU16, 69.32 for the others), and the floors only make
// terms smaller, so t_k <= A r^k / k! and both every term and every partial sum are at most
// A e^r < 2^60 * 2^101 = 2^161. The largest intermediate, t_{k-1} * (x - x_ideal) * ln2_div_d, is
// below 2^161 * 2^60 * 2^67 = 2^288 < 2^384. An overflow therefore cannot happen; were it to, the
// result would be zero, as for the SDK's "unexpected result".
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/arithmetic/wide_uint.hpp"

namespace canary::rt::npos {

namespace detail {

using InflationWide = arithmetic::WideUint<6>;

// The last Taylor index the SDK's loop reaches (`for k in 1..300`).
inline constexpr uint32_t kLastTaylorTerm = 299;

// ln(2) in parts of 10^18 (the SDK's LN2).
inline constexpr uint64_t kLn2Perquintill = 693'147'180'559'945'309;

// 2^((x_ideal - x) / d) in parts of `accuracy`, x > x_ideal (compute_taylor_serie_part): nullopt
// when the sum is negative or an intermediate overflows.
constexpr std::optional<InflationWide> taylor_series(uint64_t accuracy, uint64_t x_minus_ideal,
                                                     u128 ln2_div_d) {
  const InflationWide one = InflationWide::from(accuracy);
  InflationWide last = one;
  InflationWide sum = one;
  bool sum_positive = true;
  for (uint32_t k = 1; k <= kLastTaylorTerm; ++k) {
    // t_k = t_{k-1} * (x - x_ideal) * ln(2) / d / k, the two factors of A divided out one at a
    // time, each division a floor (compute_taylor_term).
    const auto scaled = last.checked_mul(x_minus_ideal);
    if (!scaled) return std::nullopt;
    const auto product = scaled->checked_mul(ln2_div_d);
    if (!product) return std::nullopt;
    last = product->div_floor(k).div_floor(accuracy).div_floor(accuracy);
    if (last.is_zero()) break;

    const bool term_positive = k % 2 == 0;
    if (sum_positive == term_positive) {
      const auto added = sum.checked_add(last);
      if (!added) return std::nullopt;
      sum = *added;
    } else if (sum >= last) {
      sum = *sum.checked_sub(last);
    } else {
      sum_positive = !sum_positive;
      sum = *last.checked_sub(sum);
    }
  }
  if (!sum_positive) return std::nullopt;
  return sum;
}

}  // namespace detail

// pallet_staking_reward_fn::compute_inflation: the fraction of the maximum inflation that goes to
// stakers at `stake` (the staked fraction of the stakable issuance), given the ideal fraction and
// the falloff (above the ideal, a falloff below 1 % gives zero). Exactly the SDK's result, for
// every per-thing.
template <arithmetic::PerThingType P>
constexpr P compute_inflation(P stake, P ideal_stake, P falloff) {
  static_assert(static_cast<u128>(P::kAccuracy) <= 1'000'000'000'000'000'000,
                "the Taylor series' bound assumes an accuracy of at most 10^18");
  // ideal_stake is above zero: it is above stake.
  if (stake < ideal_stake) return stake / ideal_stake;
  if (falloff < P::from_percent(1)) return P::zero();

  const auto accuracy = static_cast<uint64_t>(P::kAccuracy);
  const P ln2 = P::from_rational(detail::kLn2Perquintill, 1'000'000'000'000'000'000);
  // ln2 * A < 2^120, and falloff is at least one part (from_percent(1) of every accuracy).
  const u128 ln2_div_d = static_cast<u128>(ln2.deconstruct()) * accuracy / falloff.deconstruct();
  const auto x_minus_ideal = static_cast<uint64_t>(stake.deconstruct() - ideal_stake.deconstruct());

  const auto sum = detail::taylor_series(accuracy, x_minus_ideal, ln2_div_d);
  if (!sum) return P::zero();
  const auto value = sum->to_u128();
  if (!value || *value > static_cast<u128>(P::kAccuracy)) return P::zero();
  return P::from_parts(static_cast<typename P::Inner>(*value));
}

}  // namespace canary::rt::npos
