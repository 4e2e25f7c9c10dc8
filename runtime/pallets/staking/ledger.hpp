// pallet_staking's StakingLedger abstraction (ledger.rs) and its asset side (asset.rs): the only
// way the pallet reads and writes Bonded, Ledger and Payee, and keeps the stash's staking hold
// equal to the ledger's total. A ledger is found from its stash (Bonded: stash → controller) or
// its controller (Ledger: controller → ledger); since controllers are deprecated, new bonds pair
// the stash with itself.
//
//   get(account)          the ledger, with its controller; NotStash / NotController when the
//                         account is not bonded, BadState when Bonded and Ledger disagree
//   bond(payee)           a new bond: Payee, Bonded (stash → stash), then update()
//   update()              puts the hold on the stash at `total` (NotEnoughFunds if it cannot)
//                         and writes the ledger under its controller
//   set_payee, set_controller_to_stash, kill(stash)   as FRAME's
//   rebond(value), consolidate_unlocked(era)          the ledger arithmetic (lib.rs)
//
// P is the staking pallet: its storage items, T::Currency (a fungible::MutateHold) and the
// hold reason (T::staking_hold_reason()). Virtual stakers (managed by other pallets) hold
// nothing here, as FRAME's.
#pragma once

#include <optional>
#include <utility>

#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/pallets/staking/types.hpp"

namespace canary::rt::pallets::staking {

// sp_staking::StakingAccount: a ledger named by its stash or by its controller.
struct StakingAccount {
  enum class Kind : uint8_t { kStash, kController };
  Kind kind = Kind::kStash;
  AccountId32 who;
  static StakingAccount stash(const AccountId32& who) { return {Kind::kStash, who}; }
  static StakingAccount controller(const AccountId32& who) { return {Kind::kController, who}; }
};

// The staking asset (asset.rs) for the pallet P.
template <class P>
struct Asset {
  using Currency = typename P::Currency;
  using Precision = traits::tokens::Precision;
  using Preservation = traits::tokens::Preservation;
  using Fortitude = traits::tokens::Fortitude;

  static Balance existential_deposit() { return Currency::minimum_balance(); }
  static Balance total_issuance() { return Currency::total_issuance(); }
  static Balance total_balance(const AccountId32& who) { return Currency::total_balance(who); }
  // What is on hold for staking.
  static Balance staked(const AccountId32& who) {
    return Currency::balance_on_hold(P::hold_reason(), who);
  }
  // What could be staked on top: the reducible balance keeping the account alive, frozen funds
  // included (Fortitude::Force), as FRAME's free_to_stake.
  static Balance free_to_stake(const AccountId32& who) {
    return Currency::reducible_balance(who, Preservation::kPreserve, Fortitude::kForce);
  }
  static Balance stakeable_balance(const AccountId32& who) {
    const Balance free = free_to_stake(who);
    const Balance held = staked(who);
    return arithmetic::saturating_add(free, held);
  }
  // fungible::hold::Mutate::set_on_hold: the hold becomes `amount`.
  static DispatchResult update_stake(const AccountId32& who, Balance amount) {
    const Balance held = staked(who);
    if (amount > held) return Currency::hold(P::hold_reason(), who, amount - held);
    if (amount < held) {
      auto released = Currency::release(P::hold_reason(), who, held - amount, Precision::kExact);
      if (!released) return unexpected(released.error());
    }
    return {};
  }
  // Releases the whole staking hold (release_all, best effort).
  static DispatchResult kill_stake(const AccountId32& who) {
    auto released = Currency::release(P::hold_reason(), who, staked(who), Precision::kBestEffort);
    if (!released) return unexpected(released.error());
    return {};
  }
};

// FRAME's StakingLedger<T>: the stored ledger and the controller it was found under.
template <class P>
struct Ledger {
  using Stored = typename P::StakingLedger;
  using Error = typename P::Error;

  Stored data;
  std::optional<AccountId32> controller_account;

  // A new ledger of `stake` for `stash`, its own controller (StakingLedger::new).
  static Ledger create(const AccountId32& stash, Balance stake) {
    Ledger out;
    out.data.stash = stash;
    out.data.total = stake;
    out.data.active = stake;
    out.controller_account = stash;
    return out;
  }

  // The controller: the one it was read under, else the stash's Bonded entry.
  std::optional<AccountId32> controller() const {
    if (controller_account) return controller_account;
    return P::Bonded::get(data.stash);
  }

  // The account paired with `account` (stash → controller, controller → stash).
  static std::optional<AccountId32> paired_account(const StakingAccount& account) {
    if (account.kind == StakingAccount::Kind::kStash) return P::Bonded::get(account.who);
    if (auto ledger = P::Ledger::get(account.who)) return ledger->stash;
    return std::nullopt;
  }

  static bool is_bonded(const StakingAccount& account) {
    if (account.kind == StakingAccount::Kind::kStash) return P::Bonded::contains_key(account.who);
    return P::Ledger::contains_key(account.who);
  }

  static Result<Ledger, DispatchError> get(const StakingAccount& account) {
    AccountId32 stash;
    AccountId32 controller;
    if (account.kind == StakingAccount::Kind::kStash) {
      auto bonded = P::Bonded::get(account.who);
      if (!bonded) return unexpected(pallet_error<P>(Error::kNotStash));
      stash = account.who;
      controller = *bonded;
    } else {
      auto stored = P::Ledger::get(account.who);
      if (!stored) return unexpected(pallet_error<P>(Error::kNotController));
      stash = stored->stash;
      controller = account.who;
    }
    auto stored = P::Ledger::get(controller);
    if (!stored) return unexpected(pallet_error<P>(Error::kNotController));
    // A bond whose controller holds another stash's ledger is in a bad state: nothing may
    // build on it.
    if (P::Bonded::get(stash) != controller || stored->stash != stash) {
      return unexpected(pallet_error<P>(Error::kBadState));
    }
    return Ledger{std::move(*stored), controller};
  }

  static std::optional<RewardDestination> reward_destination(const StakingAccount& account) {
    const std::optional<AccountId32> stash = account.kind == StakingAccount::Kind::kStash
                                                 ? std::optional(account.who)
                                                 : paired_account(account);
    if (!stash) return std::nullopt;
    return P::Payee::get(*stash);
  }

  // Writes the ledger and puts the stash's hold at `total`.
  DispatchResult update() const {
    if (!P::Bonded::contains_key(data.stash)) return unexpected(pallet_error<P>(Error::kNotStash));
    if (!P::is_virtual_staker(data.stash)) {
      if (!Asset<P>::update_stake(data.stash, data.total)) {
        return unexpected(pallet_error<P>(Error::kNotEnoughFunds));
      }
    }
    const std::optional<AccountId32> c = controller();
    if (!c) return unexpected(pallet_error<P>(Error::kNotController));
    P::Ledger::insert(*c, data);
    return {};
  }

  // A new bond: the stash must not be bonded yet.
  DispatchResult bond(const RewardDestination& payee) const {
    if (P::Bonded::contains_key(data.stash)) {
      return unexpected(pallet_error<P>(Error::kAlreadyBonded));
    }
    P::Payee::insert(data.stash, payee);
    P::Bonded::insert(data.stash, data.stash);
    return update();
  }

  DispatchResult set_payee(const RewardDestination& payee) const {
    if (!P::Bonded::contains_key(data.stash)) return unexpected(pallet_error<P>(Error::kNotStash));
    P::Payee::insert(data.stash, payee);
    return {};
  }

  // Makes the stash its own controller.
  DispatchResult set_controller_to_stash() const {
    if (!controller_account) return unexpected(pallet_error<P>(Error::kNotController));
    const AccountId32& c = *controller_account;
    if (data.stash == c) return unexpected(pallet_error<P>(Error::kAlreadyPaired));
    // The stash must not control another stash's ledger.
    if (auto bonded_ledger = P::Ledger::get(data.stash)) {
      if (bonded_ledger->stash != data.stash) return unexpected(pallet_error<P>(Error::kBadState));
    }
    P::Ledger::remove(c);
    P::Ledger::insert(data.stash, data);
    P::Bonded::insert(data.stash, data.stash);
    return {};
  }

  // Removes the bond (Bonded, Ledger, Payee) and releases the hold, or forgets a virtual staker.
  static DispatchResult kill(const AccountId32& stash) {
    auto controller = P::Bonded::get(stash);
    if (!controller) return unexpected(pallet_error<P>(Error::kNotStash));
    auto stored = P::Ledger::get(*controller);
    if (!stored) return unexpected(pallet_error<P>(Error::kNotController));
    P::Ledger::remove(*controller);
    P::Bonded::remove(stash);
    P::Payee::remove(stash);
    if (P::VirtualStakers::contains_key(stored->stash)) {
      P::VirtualStakers::remove(stored->stash);
      return {};
    }
    return Asset<P>::kill_stake(stored->stash);
  }

  // Moves up to `value` from the newest unlocking chunks back to active; returns the ledger and
  // what was rebonded.
  std::pair<Ledger, Balance> rebond(Balance value) && {
    Balance rebonded = 0;
    auto& chunks = data.unlocking.items;
    while (!chunks.empty()) {
      UnlockChunk& last = chunks.back();
      if (rebonded + last.value <= value) {
        rebonded += last.value;
        data.active += last.value;
        chunks.pop_back();
      } else {
        const Balance diff = value - rebonded;
        rebonded += diff;
        data.active += diff;
        last.value -= diff;
      }
      if (rebonded >= value) break;
    }
    return {std::move(*this), rebonded};
  }

  // Drops the chunks that are unlocked at `current_era` (era <= current_era) from the total.
  Ledger consolidate_unlocked(EraIndex current_era) && {
    Balance total = data.total;
    std::erase_if(data.unlocking.items, [&](const UnlockChunk& chunk) {
      if (chunk.era > current_era) return false;
      total = arithmetic::saturating_sub(total, chunk.value);
      return true;
    });
    data.total = total;
    return std::move(*this);
  }
};

}  // namespace canary::rt::pallets::staking
