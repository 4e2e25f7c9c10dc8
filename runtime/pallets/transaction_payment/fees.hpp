// The fee formulas a runtime plugs into pallet_transaction_payment: weight-to-fee conversions
// (frame-support WeightToFeePolynomial, ConstantMultiplier, IdentityFee), the congestion
// multiplier update (pallet_transaction_payment TargetedFeeAdjustment), and Kusama's choices of
// both (kusama-runtime-constants `fee`, polkadot-runtime-common SlowAdjustingFeeUpdate and
// DealWithFees).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <span>

#include "runtime/framework/arithmetic/fixed_point.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/weight.hpp"
#include "runtime/pallets/system/types.hpp"

namespace canary::rt::pallets::transaction_payment {

using arithmetic::FixedU128;
using arithmetic::Perbill;
using arithmetic::Perquintill;
using Balance = u128;
using Multiplier = FixedU128;

// --- Weight to fee.

// One term `±(coeff_integer + coeff_frac) * ref_time^degree` (frame-support
// WeightToFeeCoefficient).
struct WeightToFeeCoefficient {
  Balance coeff_integer = 0;
  Perbill coeff_frac;
  bool negative = false;
  uint8_t degree = 0;
};

// frame-support WeightToFeePolynomial::weight_to_fee: each term's fraction and integer part are
// added (or subtracted) separately, saturating, with the Perbill product rounded to the nearest
// (ties down) as `Perbill * Balance` does. Only ref_time counts.
inline Balance polynomial_weight_to_fee(std::span<const WeightToFeeCoefficient> polynomial,
                                        const Weight& weight) {
  Balance acc = 0;
  for (const WeightToFeeCoefficient& term : polynomial) {
    Balance w = 1;
    for (uint8_t i = 0; i < term.degree; ++i) w = arithmetic::saturating_mul(w, weight.ref_time);
    const Balance frac = term.coeff_frac.mul(w);
    const Balance integer = arithmetic::saturating_mul(term.coeff_integer, w);
    if (term.negative) {
      acc = arithmetic::saturating_sub(arithmetic::saturating_sub(acc, frac), integer);
    } else {
      acc = arithmetic::saturating_add(arithmetic::saturating_add(acc, frac), integer);
    }
  }
  return acc;
}

// frame-support ConstantMultiplier<Balance, M>: ref_time * M (used for the length fee, with the
// length as ref_time).
template <Balance M>
struct ConstantMultiplier {
  static Balance weight_to_fee(const Weight& weight) {
    return arithmetic::saturating_mul(weight.ref_time, M);
  }
};

// frame-support IdentityFee: one unit of balance per unit of ref_time.
struct IdentityFee {
  static Balance weight_to_fee(const Weight& weight) { return weight.ref_time; }
};

// --- The multiplier update (pallet_transaction_payment TargetedFeeAdjustment).
//
// With s the normal-class weight of the finished block in its limiting dimension, s' the target
// (a fraction of the normal class's maximum m), v the variability:
//   diff = |s - s'| / m,  next = prev * (1 ± (v * diff + v²/2 * diff²)),
// clamped to [min, max], in FixedU128 with FRAME's rounding at every step. P provides target()
// (Perquintill), variability(), min() and max() (Multiplier). T provides System and
// block_weights().
template <class T, class P>
struct TargetedFeeAdjustment {
  static Multiplier min() { return P::min(); }
  static Multiplier max() { return P::max(); }
  static Perquintill target() { return P::target(); }
  static Multiplier variability() { return P::variability(); }

  static Multiplier convert(Multiplier previous) {
    const Multiplier min_multiplier = P::min();
    const Multiplier max_multiplier = P::max();
    // Defensive in FRAME: a stored multiplier below the minimum could never recover.
    previous = previous < min_multiplier ? min_multiplier : previous;

    const system::BlockWeights weights = T::block_weights();
    const Weight normal_max = weights.per_class.normal.max_total.value_or(weights.max_block);
    const Weight normal_block = T::System::block_weight().normal.min(normal_max);

    // The limiting dimension is the one fuller relative to its maximum (compared as Perbill).
    const Perbill ref_time_ratio =
        Perbill::from_rational(normal_block.ref_time, std::max<uint64_t>(normal_max.ref_time, 1));
    const Perbill proof_size_ratio = Perbill::from_rational(
        normal_block.proof_size, std::max<uint64_t>(normal_max.proof_size, 1));
    const bool proof_limits = ref_time_ratio < proof_size_ratio;
    const uint64_t normal_limiting = proof_limits ? normal_block.proof_size : normal_block.ref_time;
    const uint64_t max_limiting = proof_limits ? normal_max.proof_size : normal_max.ref_time;

    const u128 target_weight = P::target().mul(max_limiting);
    const u128 block_weight = normal_limiting;
    const bool positive = block_weight >= target_weight;
    const u128 diff_abs = positive ? block_weight - target_weight : target_weight - block_weight;

    const Multiplier diff =
        Multiplier::saturating_from_rational(diff_abs, std::max<uint64_t>(max_limiting, 1));
    const Multiplier diff_squared = diff.saturating_mul(diff);
    const Multiplier v = P::variability();
    // `Div` panics on zero in FRAME; 2 is not zero.
    const Multiplier v_squared_2 =
        *v.saturating_mul(v).checked_div(Multiplier::saturating_from_integer(2));
    const Multiplier first_term = v.saturating_mul(diff);
    const Multiplier second_term = v_squared_2.saturating_mul(diff_squared);

    if (positive) {
      const Multiplier excess = first_term.saturating_add(second_term).saturating_mul(previous);
      return previous.saturating_add(excess).clamp(min_multiplier, max_multiplier);
    }
    const Multiplier negative = first_term.saturating_sub(second_term).saturating_mul(previous);
    return previous.saturating_sub(negative).clamp(min_multiplier, max_multiplier);
  }
};

// A multiplier that never changes (pallet_transaction_payment ConstFeeMultiplier).
template <uint32_t kValue>
struct ConstFeeMultiplier {
  static Multiplier convert(Multiplier) { return Multiplier::from_u32(kValue); }
};

// --- Kusama.
namespace kusama {

// kusama-runtime-constants `currency` (planck, 12 decimals).
inline constexpr Balance kUnits = 1'000'000'000'000;
inline constexpr Balance kQuid = kUnits / 30;
inline constexpr Balance kCents = kQuid / 100;
inline constexpr Balance kMillicents = kCents / 1'000;
// kusama-runtime-constants `weights::ExtrinsicBaseWeight` (124,706 ns).
inline constexpr uint64_t kExtrinsicBaseWeightRefTime = 124'706 * kWeightRefTimePerNanos;
// kusama-runtime-constants `fee::TRANSACTION_BYTE_FEE`.
inline constexpr Balance kTransactionByteFee = 10 * kMillicents;
// kusama runtime `OperationalFeeMultiplier`.
inline constexpr uint8_t kOperationalFeeMultiplier = 5;

// kusama-runtime-constants `fee::WeightToFee`: degree 1, mapping ExtrinsicBaseWeight to CENTS/10,
// i.e. the coefficient CENTS / (10 * ExtrinsicBaseWeight.ref_time) split into an integer part
// and a Perbill fraction.
struct WeightToFee {
  static WeightToFeeCoefficient coefficient() {
    const Balance p = kCents;
    const Balance q = 10 * Balance{kExtrinsicBaseWeightRefTime};
    return {p / q, Perbill::from_rational(p % q, q), false, 1};
  }
  static Balance weight_to_fee(const Weight& weight) {
    const WeightToFeeCoefficient polynomial[] = {coefficient()};
    return polynomial_weight_to_fee(polynomial, weight);
  }
};

using LengthToFee = ConstantMultiplier<kTransactionByteFee>;

// polkadot-runtime-common's SlowAdjustingFeeUpdate parameters: TargetBlockFullness 25%,
// AdjustmentVariable 75/1_000_000, MinimumMultiplier 1/10, MaximumMultiplier the maximum.
struct SlowAdjustingParams {
  static Perquintill target() { return Perquintill::from_percent(25); }
  static Multiplier variability() { return Multiplier::saturating_from_rational(75, 1'000'000); }
  static Multiplier min() { return Multiplier::saturating_from_rational(1, 10); }
  static Multiplier max() { return Multiplier::max_value(); }
};
template <class T>
using SlowAdjustingFeeUpdate = TargetedFeeAdjustment<T, SlowAdjustingParams>;

// The split of polkadot-runtime-common DealWithFees: of the fee, 80% to the treasury
// (Imbalance::ration(80, 20): fee * 80 / 100 rounded down, saturating) and the rest to the block
// author, who also gets the whole tip.
struct FeeSplit {
  Balance treasury = 0;
  Balance author = 0;
};
inline FeeSplit deal_with_fees(Balance fee, Balance tip) {
  const Balance to_treasury = arithmetic::saturating_mul(fee, 80) / 100;
  return {to_treasury, arithmetic::saturating_add(fee - to_treasury, tip)};
}

// Where fees go: a currency that resolves a withdrawn amount into an account and burns one that
// goes nowhere (traits::Currency's resolve_into and burn_issuance, framework/traits/currency.hpp).
template <class C>
concept FeeDestination = requires(const AccountId32& who, Balance amount) {
  C::resolve_into(who, amount);
  C::burn_issuance(amount);
};

// Pays the split out through Currency::resolve_into; without a known author its part is burned
// with Currency::burn_issuance (polkadot-runtime-common ToAuthor drops the Credit, and a dropped
// Credit decreases the total issuance). Zero amounts are not resolved
// (OnUnbalanced::on_nonzero_unbalanced).
template <FeeDestination Currency>
void pay_fees(Balance fee, Balance tip, const AccountId32& treasury,
              const std::optional<AccountId32>& author) {
  const FeeSplit split = deal_with_fees(fee, tip);
  if (split.treasury > 0) Currency::resolve_into(treasury, split.treasury);
  if (split.author > 0) {
    if (author) {
      Currency::resolve_into(*author, split.author);
    } else {
      Currency::burn_issuance(split.author);
    }
  }
}

}  // namespace kusama

}  // namespace canary::rt::pallets::transaction_payment
