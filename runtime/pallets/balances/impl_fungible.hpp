// pallet_balances' fungible traits (framework/traits/fungible.hpp; FRAME's impl_fungible.rs):
// Inspect, Unbalanced (write_balance, increase_balance, decrease_balance), Mutate, InspectHold
// and MutateHold (UnbalancedHold's set_balance_on_hold), InspectFreeze and MutateFreeze, and
// Balanced with its Credit and Debt imbalances. Included at the end of balances.hpp, which
// declares these members.
#pragma once

#include <algorithm>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/pallets/balances/balances.hpp"

namespace canary::rt::pallets::balances {

// --- Inspect.

template <class T, class At>
Balance Pallet<T, At>::reducible_balance(const AccountId32& who, Preservation preservation,
                                         Fortitude force) {
  const AccountData a = account(who);
  Balance untouchable = 0;
  if (force == Fortitude::kPolite) untouchable = saturating_sub(a.frozen, a.reserved);
  const bool keep_ed =
      preservation == Preservation::kPreserve ||
      (preservation == Preservation::kProtect && a.free != 0 && System::providers(who) == 1) ||
      (preservation == Preservation::kExpendable && a.free != 0 && !System::can_dec_provider(who));
  if (keep_ed) untouchable = std::max(untouchable, existential_deposit());
  return saturating_sub(a.free, untouchable);
}

template <class T, class At>
WithdrawCheck Pallet<T, At>::withdraw_consequence(const AccountId32& who, Balance amount) {
  using K = WithdrawCheck::Kind;
  if (amount == 0) return {K::kSuccess};
  if (TotalIssuance::get() < amount) return {K::kUnderflow};
  const AccountData a = account(who);
  if (a.free < amount) return {K::kBalanceLow};
  const Balance new_free = a.free - amount;
  if (amount > reducible_balance(who, Preservation::kExpendable)) return {K::kFrozen};
  WithdrawCheck result{K::kSuccess};
  if (new_free < existential_deposit()) {
    // The balance gives the account its provider reference; it can only go if nothing else
    // depends on it.
    if (!System::can_dec_provider(who)) return {K::kWouldDie};
    result = {K::kReducedToZero, new_free};
  }
  if (saturating_add(new_free, a.reserved) < a.frozen) return {K::kFrozen};
  return result;
}

template <class T, class At>
DepositCheck Pallet<T, At>::can_deposit(const AccountId32& who, Balance amount,
                                        Provenance provenance) {
  if (amount == 0) return DepositCheck::kSuccess;
  if (provenance == Provenance::kMinted && TotalIssuance::get() > ~Balance{0} - amount) {
    return DepositCheck::kOverflow;
  }
  const AccountData a = account(who);
  if (a.free > ~Balance{0} - amount) return DepositCheck::kOverflow;
  const Balance new_free = a.free + amount;
  if (new_free < existential_deposit()) return DepositCheck::kBelowMinimum;
  if (a.reserved > ~Balance{0} - new_free) return DepositCheck::kOverflow;
  return DepositCheck::kSuccess;
}

// --- Mutate::transfer.

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::transfer(const AccountId32& from,
                                                       const AccountId32& to, Balance amount,
                                                       Preservation preservation) {
  if (auto ok =
          withdraw_consequence(from, amount).into_result(preservation != Preservation::kExpendable);
      !ok) {
    return unexpected(ok.error());
  }
  if (auto ok = into_result(can_deposit(to, amount, Provenance::kExtant)); !ok)
    return unexpected(ok.error());
  if (from == to) return amount;
  auto taken =
      decrease_balance(from, amount, Precision::kBestEffort, preservation, Fortitude::kPolite);
  if (!taken) return unexpected(taken.error());
  (void)increase_balance(to, amount, Precision::kBestEffort);
  deposit_event(Transfer{from, to, amount});
  return amount;
}

// --- Balanced.

template <class T, class At>
auto Pallet<T, At>::deposit(const AccountId32& who, Balance amount, Precision precision)
    -> Result<Debt, DispatchError> {
  // No storage layer of its own, as FRAME's Balanced::deposit: increase_balance fails before
  // writing anything.
  auto added = increase_balance(who, amount, precision);
  if (!added) return unexpected(added.error());
  deposit_event(Deposit{who, *added});
  return Debt(*added);
}

template <class T, class At>
auto Pallet<T, At>::withdraw(const AccountId32& who, Balance amount, Precision precision,
                             Preservation preservation, Fortitude force)
    -> Result<Credit, DispatchError> {
  // No storage layer of its own, as FRAME's Balanced::withdraw.
  auto taken = decrease_balance(who, amount, precision, preservation, force);
  if (!taken) return unexpected(taken.error());
  deposit_event(Withdraw{who, *taken});
  return Credit(*taken);
}

template <class T, class At>
auto Pallet<T, At>::resolve(const AccountId32& who, Credit credit) -> Credit {
  auto debt = deposit(who, credit.peek(), Precision::kExact);
  if (!debt) return credit;
  // The same amount both ways: nothing is left, and the issuance is unchanged.
  (void)std::move(credit).offset(std::move(*debt));
  return Credit{};
}

template <class T, class At>
auto Pallet<T, At>::settle(const AccountId32& who, Debt debt, Preservation preservation) -> Debt {
  auto credit = withdraw(who, debt.peek(), Precision::kExact, preservation, Fortitude::kPolite);
  if (!credit) return debt;
  // Exactly the debt was withdrawn: nothing is left either way.
  auto rest = std::move(*credit).offset(std::move(debt));
  if (auto* left = std::get_if<Debt>(&rest)) return std::move(*left);
  return Debt{};
}

template <class T, class At>
auto Pallet<T, At>::issue(Balance amount) -> Credit {
  const Balance old_total = TotalIssuance::get();
  const Balance new_total = saturating_add(old_total, amount);
  TotalIssuance::put(new_total);
  deposit_event(Issued{new_total - old_total});
  return Credit(new_total - old_total);
}

template <class T, class At>
auto Pallet<T, At>::rescind(Balance amount) -> Debt {
  const Balance old_total = TotalIssuance::get();
  const Balance new_total = saturating_sub(old_total, amount);
  TotalIssuance::put(new_total);
  deposit_event(Rescinded{old_total - new_total});
  return Debt(old_total - new_total);
}

template <class T, class At>
auto Pallet<T, At>::pair(Balance amount) -> std::pair<Debt, Credit> {
  Credit issued = issue(amount);
  Debt rescinded = rescind(amount);
  return {std::move(rescinded), std::move(issued)};
}

// --- DecreaseIssuance and IncreaseIssuance: what dropping a Credit or a Debt does.

template <class T, class At>
void Pallet<T, At>::burn_issuance(Balance amount) {
  TotalIssuance::mutate([&](Balance& total) { total = saturating_sub(total, amount); });
}

template <class T, class At>
void Pallet<T, At>::increase_issuance(Balance amount) {
  TotalIssuance::mutate([&](Balance& total) { total = saturating_add(total, amount); });
}

// --- Mutate: minting and burning.

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::mint_into(const AccountId32& who, Balance amount) {
  return transactional([&]() -> Result<Balance, DispatchError> {
    if (TotalIssuance::get() > ~Balance{0} - amount) {
      return unexpected(arithmetic_error(ArithmeticError::kOverflow));
    }
    auto added = increase_balance(who, amount, Precision::kExact);
    if (!added) return unexpected(added.error());
    TotalIssuance::mutate([&](Balance& t) { t = saturating_add(t, *added); });
    deposit_event(Minted{who, amount});
    return *added;
  });
}

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::burn_from(const AccountId32& who, Balance amount,
                                                        Preservation preservation,
                                                        Precision precision, Fortitude force) {
  return transactional([&]() -> Result<Balance, DispatchError> {
    Balance actual = std::min(reducible_balance(who, preservation, force), amount);
    if (actual != amount && precision == Precision::kExact) {
      return unexpected(token_error(TokenError::kFundsUnavailable));
    }
    if (TotalIssuance::get() < actual) {
      return unexpected(arithmetic_error(ArithmeticError::kOverflow));  // as FRAME reports it
    }
    auto taken = decrease_balance(who, actual, Precision::kBestEffort, preservation, force);
    if (!taken) return unexpected(taken.error());
    burn_issuance(*taken);
    deposit_event(Burned{who, *taken});
    return *taken;
  });
}

// --- InspectFreeze, MutateFreeze.

template <class T, class At>
Balance Pallet<T, At>::balance_frozen(const FreezeReason& id, const AccountId32& who) {
  for (const Freeze& f : Freezes::get(who).items) {
    if (f.id == id) return f.amount;
  }
  return 0;
}

template <class T, class At>
DispatchResult Pallet<T, At>::set_freeze(const FreezeReason& id, const AccountId32& who,
                                         Balance amount) {
  if (amount == 0) return thaw(id, who);
  std::vector<Freeze> next = Freezes::get(who).items;
  auto it = std::find_if(next.begin(), next.end(), [&](const Freeze& f) { return f.id == id; });
  if (it != next.end()) {
    it->amount = amount;
  } else {
    if (next.size() >= T::kMaxFreezes) return unexpected(error(Error::kTooManyFreezes));
    next.push_back(Freeze{id, amount});
  }
  return update_freezes(who, std::move(next));
}

template <class T, class At>
DispatchResult Pallet<T, At>::extend_freeze(const FreezeReason& id, const AccountId32& who,
                                            Balance amount) {
  if (amount == 0) return {};
  std::vector<Freeze> next = Freezes::get(who).items;
  auto it = std::find_if(next.begin(), next.end(), [&](const Freeze& f) { return f.id == id; });
  if (it != next.end()) {
    it->amount = std::max(it->amount, amount);
  } else {
    if (next.size() >= T::kMaxFreezes) return unexpected(error(Error::kTooManyFreezes));
    next.push_back(Freeze{id, amount});
  }
  return update_freezes(who, std::move(next));
}

template <class T, class At>
DispatchResult Pallet<T, At>::thaw(const FreezeReason& id, const AccountId32& who) {
  std::vector<Freeze> next = Freezes::get(who).items;
  std::erase_if(next, [&](const Freeze& f) { return f.id == id; });
  return update_freezes(who, std::move(next));
}

// --- InspectHold, MutateHold.

template <class T, class At>
Balance Pallet<T, At>::balance_on_hold(const HoldReason& reason, const AccountId32& who) {
  for (const Hold& h : Holds::get(who).items) {
    if (h.id == reason) return h.amount;
  }
  return 0;
}

template <class T, class At>
DispatchResult Pallet<T, At>::hold(const HoldReason& reason, const AccountId32& who,
                                   Balance amount) {
  if (amount == 0) return {};
  return transactional([&]() -> DispatchResult {
    if (!hold_available(reason, who)) {
      return unexpected(token_error(TokenError::kCannotCreateHold));
    }
    if (amount > reducible_balance(who, Preservation::kProtect, Fortitude::kForce)) {
      return unexpected(token_error(TokenError::kFundsUnavailable));
    }
    auto taken = decrease_balance(who, amount, Precision::kExact, Preservation::kProtect,
                                  Fortitude::kPolite);
    if (!taken) return unexpected(taken.error());
    const Balance held = balance_on_hold(reason, who);
    if (held > ~Balance{0} - amount) {
      return unexpected(arithmetic_error(ArithmeticError::kOverflow));
    }
    return set_balance_on_hold(reason, who, held + amount);
  });
}

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::release(const HoldReason& reason,
                                                      const AccountId32& who, Balance amount,
                                                      Precision precision) {
  return transactional([&]() -> Result<Balance, DispatchError> {
    const Balance held = balance_on_hold(reason, who);
    if (precision == Precision::kBestEffort) amount = std::min(amount, held);
    if (held < amount) return unexpected(token_error(TokenError::kFundsUnavailable));
    if (auto ok = set_balance_on_hold(reason, who, held - amount); !ok) {
      return unexpected(ok.error());
    }
    return increase_balance(who, amount, Precision::kBestEffort);
  });
}

template <class T, class At>
auto Pallet<T, At>::slash(const HoldReason& reason, const AccountId32& who, Balance amount)
    -> std::pair<Credit, Balance> {
  // decrease_balance_on_hold(BestEffort): nothing is taken if the hold cannot be written.
  const Balance held = balance_on_hold(reason, who);
  Balance decrease = std::min(amount, held);
  if (!set_balance_on_hold(reason, who, held - decrease)) decrease = 0;
  deposit_event(Slashed{who, decrease});
  return {Credit(decrease), amount - decrease};
}

// --- Unbalanced.

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::write_balance(const AccountId32& who,
                                                            Balance amount) {
  const Balance max_reduction =
      reducible_balance(who, Preservation::kExpendable, Fortitude::kForce);
  return try_mutate_account(who, [&](AccountData& a, bool) -> DispatchResult {
    if (saturating_sub(a.free, amount) > max_reduction) {
      return unexpected(error(Error::kInsufficientBalance));
    }
    a.free = amount;
    return {};
  });
}

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::decrease_balance(const AccountId32& who,
                                                               Balance amount, Precision precision,
                                                               Preservation preservation,
                                                               Fortitude force) {
  const Balance old_free = free_balance(who);
  const Balance available = reducible_balance(who, preservation, force);
  if (precision == Precision::kBestEffort) {
    amount = std::min(amount, available);
  } else if (available < amount) {
    return unexpected(token_error(TokenError::kFundsUnavailable));
  }
  if (old_free < amount) return unexpected(token_error(TokenError::kFundsUnavailable));
  const Balance new_free = old_free - amount;
  auto dust = write_balance(who, new_free);
  if (!dust) return unexpected(dust.error());
  handle_dust(*dust);
  return old_free - new_free;
}

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::increase_balance(const AccountId32& who,
                                                               Balance amount,
                                                               Precision precision) {
  const Balance old_free = free_balance(who);
  Balance new_free = 0;
  if (old_free > ~Balance{0} - amount) {
    if (precision == Precision::kExact) {
      return unexpected(arithmetic_error(ArithmeticError::kOverflow));
    }
    new_free = ~Balance{0};
  } else {
    new_free = old_free + amount;
  }
  if (new_free < existential_deposit()) {
    if (precision == Precision::kBestEffort) return Balance{0};
    return unexpected(token_error(TokenError::kBelowMinimum));
  }
  if (new_free == old_free) return Balance{0};
  auto dust = write_balance(who, new_free);
  if (!dust) return unexpected(dust.error());
  handle_dust(*dust);
  return new_free - old_free;
}

// --- UnbalancedHold.

template <class T, class At>
bool Pallet<T, At>::hold_available(const HoldReason& reason, const AccountId32& who) {
  if (System::providers(who) == 0) return false;
  const std::vector<Hold> holds = Holds::get(who).items;
  const bool has =
      std::any_of(holds.begin(), holds.end(), [&](const Hold& h) { return h.id == reason; });
  return has || holds.size() < T::kMaxHolds;
}

template <class T, class At>
DispatchResult Pallet<T, At>::set_balance_on_hold(const HoldReason& reason, const AccountId32& who,
                                                  Balance amount) {
  AccountData next = account(who);
  BoundedVec<Hold, ConstU32<T::kMaxHolds>> holds = Holds::get(who);
  auto it = std::find_if(holds.items.begin(), holds.items.end(),
                         [&](const Hold& h) { return h.id == reason; });
  bool increase = true;
  Balance delta = amount;
  if (it != holds.items.end()) {
    increase = amount > it->amount;
    delta = increase ? amount - it->amount : it->amount - amount;
    it->amount = amount;
    std::erase_if(holds.items, [](const Hold& h) { return h.amount == 0; });
  } else if (amount != 0) {
    if (holds.items.size() >= T::kMaxHolds) return unexpected(error(Error::kTooManyHolds));
    holds.items.push_back(Hold{reason, amount});
  }
  if (increase) {
    if (next.reserved > ~Balance{0} - delta) {
      return unexpected(arithmetic_error(ArithmeticError::kOverflow));
    }
    next.reserved += delta;
  } else {
    if (next.reserved < delta) return unexpected(arithmetic_error(ArithmeticError::kUnderflow));
    next.reserved -= delta;
  }
  auto dust = try_mutate_account(who, [&](AccountData& a, bool) -> DispatchResult {
    a = next;
    return {};
  });
  if (!dust) return unexpected(dust.error());
  // FRAME writes the list even when it became empty.
  Holds::insert(who, holds);
  return {};
}

}  // namespace canary::rt::pallets::balances
