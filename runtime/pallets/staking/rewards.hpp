// pallet_staking, part 2: paying an era's rewards (pallet-staking 42 pallet/impls.rs
// do_payout_stakers, do_payout_stakers_by_page, make_payout). A validator's share of the era's
// ErasValidatorReward is its share of the era's points; the commission (the era's snapshot of
// its preferences) is taken off the top, and the rest is split by stake over the exposure. Each
// page of the exposure is paid once (ClaimedRewards): page 0 pays the validator's own stake, and
// every page pays the validator the page's share of the commission. Rounding (reference page
// §1.5): Perbill::from_rational rounds down, Perbill × Balance to the nearest (ties down).
#pragma once

#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/pallets/staking/era.hpp"
#include "runtime/pallets/staking/ledger.hpp"
#include "runtime/pallets/staking/types.hpp"

namespace canary::rt::pallets::staking {

template <class T, class P>
struct Payouts {
  using Currency = typename T::Currency;
  using DebtT = traits::fungible::Debt<Currency>;
  using EraInfo = Eras<T, P>;
  using Weights = typename P::Weights;
  using Error = typename P::Error;

  static Weight payout_weight(uint32_t nominators) {
    return Weights::payout_stakers_alive_staked(nominators);
  }
  // An error that charges only the weight of a payout of nobody (FRAME's with_weight).
  static DispatchResultWithPostInfo fail_light(Error e) {
    return unexpected(
        DispatchErrorWithPostInfo{PostDispatchInfo{payout_weight(0), Pays::kYes}, P::error(e)});
  }
  static DispatchResultWithPostInfo fail(DispatchError e) {
    return unexpected(DispatchErrorWithPostInfo{{}, e});
  }

  // payout_stakers: the validator's next page not yet claimed.
  static DispatchResultWithPostInfo do_payout_stakers(const AccountId32& validator_stash,
                                                      EraIndex era) {
    const std::optional<AccountId32> controller = P::Bonded::get(validator_stash);
    if (!controller) return fail_light(Error::kNotStash);
    auto l = P::ledger(StakingAccount::controller(*controller));
    if (!l) return fail(l.error());
    const auto page = EraInfo::get_next_claimable_page(era, validator_stash,
                                                       l->data.legacy_claimed_rewards.items);
    if (!page) return fail_light(Error::kAlreadyClaimed);
    return do_payout_stakers_by_page(validator_stash, era, *page);
  }

  static DispatchResultWithPostInfo do_payout_stakers_by_page(const AccountId32& validator_stash,
                                                              EraIndex era, Page page) {
    const std::optional<EraIndex> current_era = P::CurrentEra::get();
    if (!current_era) return fail_light(Error::kInvalidEraToReward);
    const EraIndex oldest = era_before(*current_era, T::kHistoryDepth);
    if (era > *current_era || era < oldest) return fail_light(Error::kInvalidEraToReward);
    if (page >= EraInfo::get_page_count(era, validator_stash)) {
      return fail_light(Error::kInvalidPage);
    }
    // Only an ended era has a reward (an era not ended yet must not be marked claimed).
    const std::optional<Balance> era_payout = P::ErasValidatorReward::get(era);
    if (!era_payout) return fail_light(Error::kInvalidEraToReward);

    auto l = P::ledger(StakingAccount::stash(validator_stash));
    if (!l) {
      if (P::LedgerT::is_bonded(StakingAccount::stash(validator_stash))) {
        return fail(P::error(Error::kNotController));
      }
      return fail_light(Error::kNotStash);
    }
    // The legacy claims older than the history are dropped.
    auto& legacy = l->data.legacy_claimed_rewards.items;
    std::erase_if(legacy, [&](EraIndex e) { return e < oldest; });
    if (auto ok = l->update(); !ok) return fail(ok.error());
    const AccountId32 stash = l->data.stash;

    if (EraInfo::is_rewards_claimed(era, legacy, stash, page)) {
      return fail_light(Error::kAlreadyClaimed);
    }
    EraInfo::set_rewards_as_claimed(era, stash, page);
    const auto exposure = EraInfo::get_paged_exposure(era, stash, page);
    if (!exposure) return fail_light(Error::kInvalidEraToReward);

    // No error after this point.
    const EraRewardPoints points = P::ErasRewardPoints::get(era);
    const auto it = points.individual.find(stash);
    const RewardPoint validator_points = it == points.individual.end() ? 0 : it->second;
    if (validator_points == 0) return PostDispatchInfo{payout_weight(0), Pays::kYes};

    const Perbill reward_part = Perbill::from_rational(validator_points, points.total);
    const Balance validator_total_payout = reward_part * *era_payout;
    const Perbill commission = P::ErasValidatorPrefs::get(era, stash).commission;
    const Balance total_commission = commission * validator_total_payout;
    const Balance leftover = arithmetic::saturating_sub(validator_total_payout, total_commission);
    const Perbill own_part = Perbill::from_rational(exposure->own(), exposure->total());
    const Balance validator_staking_payout = own_part * leftover;
    const Perbill page_part = Perbill::from_rational(exposure->page_total(), exposure->total());
    const Balance validator_commission_payout = page_part * total_commission;

    P::deposit_event(typename P::PayoutStarted{
        era, stash, page,
        EraInfo::get_next_claimable_page(era, stash, l->data.legacy_claimed_rewards.items)});

    if (auto paid = make_payout(stash, arithmetic::saturating_add(validator_staking_payout,
                                                                  validator_commission_payout))) {
      P::deposit_event(typename P::Rewarded{stash, paid->second, paid->first.peek()});
    }
    uint32_t nominators_paid = 0;
    for (const IndividualExposure& nominator : exposure->page.others) {
      const Perbill part = Perbill::from_rational(nominator.value, exposure->total());
      const Balance reward = part * leftover;
      if (auto paid = make_payout(nominator.who, reward)) {
        // RewardDestination::None is not counted.
        ++nominators_paid;
        P::deposit_event(typename P::Rewarded{nominator.who, paid->second, paid->first.peek()});
      }
    }
    // The minted rewards stay minted: Kusama's Reward handler is `()` (each Debt dropped here
    // raises the issuance by what was deposited).
    return PostDispatchInfo{payout_weight(nominators_paid), Pays::kYes};
  }

  // make_payout: pays `amount` to the stash's reward destination; none for nothing, for None,
  // and when the deposit fails. Staked adds it to the stash's bond (active and total, and the
  // hold).
  static std::optional<std::pair<DebtT, RewardDestination>> make_payout(const AccountId32& stash,
                                                                        Balance amount) {
    if (amount == 0) return std::nullopt;
    const std::optional<RewardDestination> dest =
        P::LedgerT::reward_destination(StakingAccount::stash(stash));
    if (!dest) return std::nullopt;
    using traits::tokens::Precision;
    std::optional<DebtT> paid;
    if (std::holds_alternative<RewardDestination::Stash>(dest->value)) {
      if (auto d = Currency::deposit(stash, amount, Precision::kExact)) paid.emplace(std::move(*d));
    } else if (std::holds_alternative<RewardDestination::Staked>(dest->value)) {
      auto l = P::ledger(StakingAccount::stash(stash));
      if (!l) return std::nullopt;
      l->data.active = arithmetic::saturating_add(l->data.active, amount);
      l->data.total = arithmetic::saturating_add(l->data.total, amount);
      if (auto d = Currency::deposit(stash, amount, Precision::kExact)) paid.emplace(std::move(*d));
      (void)l->update();
    } else if (const auto* account = std::get_if<RewardDestination::Account>(&dest->value)) {
      auto d = Currency::deposit(account->who, amount, Precision::kBestEffort);
      paid.emplace(d ? std::move(*d) : DebtT{});
    } else if (std::holds_alternative<RewardDestination::Controller>(dest->value)) {
      // Deprecated: pays the controller, as FRAME still does for payees not migrated.
      const std::optional<AccountId32> controller = P::Bonded::get(stash);
      if (!controller) return std::nullopt;
      auto d = Currency::deposit(*controller, amount, Precision::kBestEffort);
      paid.emplace(d ? std::move(*d) : DebtT{});
    }
    if (!paid) return std::nullopt;
    return std::pair<DebtT, RewardDestination>{std::move(*paid), *dest};
  }
};

}  // namespace canary::rt::pallets::staking
