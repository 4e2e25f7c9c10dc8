// The relay chains' era payout: polkadot-fellows/runtimes `relay_era_payout` (relay/common/src/
// lib.rs at v1.7.1, the SDK's polkadot/runtime/common impls.rs has the same function) and
// Kusama's EraPayout (relay/kusama/src/lib.rs at v1.7.1), which pallet-staking calls at the end of
// each era with ErasTotalStake, the total issuance and the era's length:
//
//   ideal              = ideal_stake - legacy_auction_proportion              (saturating)
//   stake              = Perquintill::from_rational(total_staked, total_stakable)     (Down)
//   adjustment         = compute_inflation(stake, ideal, falloff)
//   staking_inflation  = min + (max - min) * adjustment       (per-thing product: floor)
//   max_payout         = (period_fraction * max) * total_stakable
//   staking_payout     = (period_fraction * staking_inflation) * total_stakable
//   rest               = max_payout - staking_payout                          (saturating)
//
// A per-thing times a balance rounds to the nearest, ties down. `rest` is what the runtime gives
// the treasury (RewardRemainder).
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/npos/reward_fn.hpp"

namespace canary::rt::npos {

// polkadot_primitives::Balance.
using Balance = u128;

// EraPayoutParams (the SDK's min_annual_inflation and max_annual_inflation are min_inflation and
// max_inflation here).
struct EraPayoutParams {
  // The stake behind the elected validators (ErasTotalStake).
  Balance total_staked = 0;
  // The issuance that could be staked: the total issuance, less what another system locks.
  Balance total_stakable = 0;
  // The ideal staked fraction, before the legacy auction proportion is taken from it.
  arithmetic::Perquintill ideal_stake;
  // Yearly inflation at the ideal stake (the most), and the least.
  arithmetic::Perquintill max_inflation;
  arithmetic::Perquintill min_inflation;
  arithmetic::Perquintill falloff;
  // The era's share of a year.
  arithmetic::Perquintill period_fraction;
  // Taken from ideal_stake when set.
  std::optional<arithmetic::Perquintill> legacy_auction_proportion;
};

// An era's new issuance: the stakers' reward and the rest (up to the maximum inflation).
struct EraPayoutSplit {
  Balance staking_payout = 0;
  Balance rest = 0;

  constexpr bool operator==(const EraPayoutSplit&) const = default;
};

// relay_era_payout. The SDK also computes a cap on the rest (other issuance over the staked
// amount, times the payout) and does not use it: it is left out.
constexpr EraPayoutSplit relay_era_payout(const EraPayoutParams& params) {
  using arithmetic::Perquintill;
  const Perquintill delta = params.max_inflation.saturating_sub(params.min_inflation);
  const Perquintill ideal =
      params.ideal_stake.saturating_sub(params.legacy_auction_proportion.value_or(Perquintill{}));
  const Perquintill stake = Perquintill::from_rational(params.total_staked, params.total_stakable);
  const Perquintill adjustment = compute_inflation(stake, ideal, params.falloff);
  const Perquintill staking_inflation = params.min_inflation.saturating_add(delta * adjustment);

  const Balance max_payout =
      (params.period_fraction * params.max_inflation) * params.total_stakable;
  const Balance staking_payout =
      (params.period_fraction * staking_inflation) * params.total_stakable;
  return {staking_payout, arithmetic::saturating_sub(max_payout, staking_payout)};
}

// Kusama's yearly inflation parameters (FR-1.7.1's dynamic parameters, at their values).
struct KusamaInflation {
  // A Julian year (365.25 days), in milliseconds.
  static constexpr uint64_t kMillisecondsPerYear = 1000ULL * 3600 * 24 * 36525 / 100;
  static constexpr arithmetic::Perquintill kIdealStake = arithmetic::Perquintill::from_percent(75);
  static constexpr arithmetic::Perquintill kMaxInflation =
      arithmetic::Perquintill::from_percent(10);
  static constexpr arithmetic::Perquintill kMinInflation =
      arithmetic::Perquintill::from_perthousand(25);
  static constexpr arithmetic::Perquintill kFalloff = arithmetic::Perquintill::from_percent(5);
  // At most this many auctioned parachains reduce the ideal stake, each by 1/200 (0.5 %).
  static constexpr uint32_t kMaxAuctionedParas = 60;
  static constexpr uint32_t kAuctionProportionDenominator = 200;
};
static_assert(KusamaInflation::kMillisecondsPerYear == 31'557'600'000);

// Kusama's EraPayout::era_payout: relay_era_payout with Kusama's parameters over an era of
// `era_duration_millis`. `total_stakable` is the total issuance: Kusama takes the issuance without
// the NIS pallet's share (Nis::issuance().other), and this runtime has no NIS. `auction_paras` is
// the number of parachains with an id of 2000 or more when UseAuctionSlots is set (the ideal stake
// then drops by min(paras, 60) / 200), nullopt when it is not.
constexpr EraPayoutSplit kusama_era_payout(Balance total_staked, Balance total_issuance,
                                           uint64_t era_duration_millis,
                                           std::optional<uint32_t> auction_paras) {
  using arithmetic::Perquintill;
  std::optional<Perquintill> legacy_auction_proportion;
  if (auction_paras) {
    const uint32_t paras = *auction_paras < KusamaInflation::kMaxAuctionedParas
                               ? *auction_paras
                               : KusamaInflation::kMaxAuctionedParas;
    legacy_auction_proportion =
        Perquintill::from_rational(paras, KusamaInflation::kAuctionProportionDenominator);
  }
  return relay_era_payout({
      .total_staked = total_staked,
      .total_stakable = total_issuance,
      .ideal_stake = KusamaInflation::kIdealStake,
      .max_inflation = KusamaInflation::kMaxInflation,
      .min_inflation = KusamaInflation::kMinInflation,
      .falloff = KusamaInflation::kFalloff,
      .period_fraction =
          Perquintill::from_rational(era_duration_millis, KusamaInflation::kMillisecondsPerYear),
      .legacy_auction_proportion = legacy_auction_proportion,
  });
}

}  // namespace canary::rt::npos
