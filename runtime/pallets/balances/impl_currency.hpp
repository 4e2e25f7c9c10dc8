// pallet_balances' Currency, ReservableCurrency, NamedReservableCurrency and LockableCurrency
// (framework/traits/currency.hpp; FRAME's impl_currency.rs), with the drop handlers of its
// imbalances. Included at the end of balances.hpp, which declares these members.
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "runtime/pallets/balances/balances.hpp"

namespace canary::rt::pallets::balances {

// --- Currency.

template <class T, class At>
DispatchResult Pallet<T, At>::transfer(const AccountId32& from, const AccountId32& to,
                                       Balance amount, bool keep_alive) {
  if (amount == 0 || from == to) return {};
  return ignore_value(
      transfer(from, to, amount, keep_alive ? Preservation::kPreserve : Preservation::kExpendable));
}

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::withdraw(const AccountId32& who, Balance amount,
                                                       WithdrawReasons reasons,
                                                       Existence existence) {
  (void)reasons;
  if (amount == 0) return Balance{0};
  const Preservation p =
      existence == Existence::kKeepAlive ? Preservation::kPreserve : Preservation::kExpendable;
  // No storage layer of its own, as FRAME's Balanced::withdraw: the fee is withdrawn by an
  // extension whose failure makes the whole extrinsic invalid.
  auto taken = decrease_balance(who, amount, Precision::kExact, p, Fortitude::kPolite);
  if (!taken) return unexpected(taken.error());
  deposit_event(Withdraw{who, *taken});
  return *taken;
}

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::withdraw(const AccountId32& who, Balance amount) {
  return withdraw(who, amount, WithdrawReasons::transaction_payment(), Existence::kKeepAlive);
}

template <class T, class At>
Balance Pallet<T, At>::resolve_into(const AccountId32& who, Balance amount) {
  if (amount == 0) return 0;
  // What resolve gives back could not be credited: dropping it burns it.
  const Credit left = resolve(who, Credit(amount));
  return left.peek();
}

template <class T, class At>
template <class Take>
Balance Pallet<T, At>::slash_account(const AccountId32& who, Balance amount, Take take) {
  if (amount == 0 || total_balance(who) == 0) return 0;
  Balance actual = 0;
  auto done = transactional([&]() -> DispatchResult {
    auto dust = try_mutate_account(who, [&](AccountData& a, bool) -> DispatchResult {
      actual = take(a);
      return {};
    });
    if (!dust) return unexpected(dust.error());
    handle_dust(*dust);
    deposit_event(Slashed{who, actual});
    return {};
  });
  return done ? actual : 0;
}

template <class T, class At>
Balance Pallet<T, At>::slash(const AccountId32& who, Balance amount) {
  return slash_account(who, amount, [&](AccountData& a) {
    const Balance taken = System::can_dec_provider(who)
                              ? std::min(amount, a.free)
                              : std::min(amount, saturating_sub(a.free, existential_deposit()));
    a.free -= taken;
    return taken;
  });
}

template <class T, class At>
Balance Pallet<T, At>::slash_reserved(const AccountId32& who, Balance amount) {
  return slash_account(who, amount, [&](AccountData& a) {
    const Balance taken = std::min(amount, a.reserved);
    a.reserved -= taken;
    return taken;
  });
}

template <class T, class At>
Balance Pallet<T, At>::deposit_creating(const AccountId32& who, Balance amount) {
  if (amount == 0) return 0;
  auto minted = transactional([&]() -> DispatchResult {
    bool overflow = false;
    auto dust = try_mutate_account(who, [&](AccountData& a, bool is_new) -> DispatchResult {
      if (is_new && amount < existential_deposit()) {
        return unexpected(error(Error::kExistentialDeposit));
      }
      if (a.free > ~Balance{0} - amount) {
        overflow = true;  // defensive, as in FRAME: then nothing happens
        return {};
      }
      a.free += amount;
      // Inside the mutation, as FRAME's closure does: Deposit comes before NewAccount/Endowed.
      deposit_event(Deposit{who, amount});
      return {};
    });
    if (!dust) return unexpected(dust.error());
    if (overflow) return unexpected(arithmetic_error(ArithmeticError::kOverflow));
    handle_dust(*dust);
    drop_positive_imbalance(amount);
    return {};
  });
  return minted ? amount : 0;
}

// --- ReservableCurrency.

template <class T, class At>
DispatchResult Pallet<T, At>::reserve(const AccountId32& who, Balance amount) {
  if (amount == 0) return {};
  return transactional([&]() -> DispatchResult {
    auto dust = try_mutate_account(who, [&](AccountData& a, bool) -> DispatchResult {
      if (a.free < amount) return unexpected(error(Error::kInsufficientBalance));
      if (a.reserved > ~Balance{0} - amount) {
        return unexpected(arithmetic_error(ArithmeticError::kOverflow));
      }
      a.free -= amount;
      a.reserved += amount;
      if (a.free < a.frozen) return unexpected(error(Error::kLiquidityRestrictions));
      return {};
    });
    if (!dust) return unexpected(dust.error());
    handle_dust(*dust);
    deposit_event(Reserved{who, amount});
    return {};
  });
}

template <class T, class At>
bool Pallet<T, At>::can_reserve(const AccountId32& who, Balance amount) {
  if (amount == 0) return true;
  const AccountData a = account(who);
  return a.free >= amount && a.free - amount >= existential_deposit() &&
         a.free - amount >= a.frozen;
}

template <class T, class At>
Balance Pallet<T, At>::unreserve(const AccountId32& who, Balance amount) {
  if (amount == 0) return 0;
  if (total_balance(who) == 0) return amount;
  Balance actual = 0;
  auto done = transactional([&]() -> DispatchResult {
    auto dust = try_mutate_account(who, [&](AccountData& a, bool) -> DispatchResult {
      actual = std::min(a.reserved, amount);
      a.reserved -= actual;
      a.free = saturating_add(a.free, actual);
      return {};
    });
    if (!dust) return unexpected(dust.error());
    handle_dust(*dust);
    deposit_event(Unreserved{who, actual});
    return {};
  });
  return done ? amount - actual : amount;
}

template <class T, class At>
Result<Balance, DispatchError> Pallet<T, At>::repatriate_reserved(const AccountId32& from,
                                                                  const AccountId32& to,
                                                                  Balance amount,
                                                                  BalanceStatus status) {
  auto moved =
      transfer_reserved(from, to, amount, Precision::kBestEffort, Fortitude::kPolite, status);
  if (!moved) return unexpected(moved.error());
  return amount - *moved;
}

// --- NamedReservableCurrency.

template <class T, class At>
Balance Pallet<T, At>::reserved_balance_named(const ReserveIdentifier& id, const AccountId32& who) {
  for (const ReserveData& r : Reserves::get(who).items) {
    if (r.id == id) return r.amount;
  }
  return 0;
}

template <class T, class At>
DispatchResult Pallet<T, At>::reserve_named(const ReserveIdentifier& id, const AccountId32& who,
                                            Balance amount) {
  if (amount == 0) return {};
  return transactional([&]() -> DispatchResult {
    BoundedVec<ReserveData, ConstU32<T::kMaxReserves>> reserves = Reserves::get(who);
    auto& items = reserves.items;
    auto it = std::lower_bound(
        items.begin(), items.end(), id,
        [](const ReserveData& r, const ReserveIdentifier& key) { return r.id < key; });
    if (it != items.end() && it->id == id) {
      if (it->amount > ~Balance{0} - amount) {
        return unexpected(arithmetic_error(ArithmeticError::kOverflow));
      }
      it->amount += amount;
    } else {
      if (items.size() >= T::kMaxReserves) return unexpected(error(Error::kTooManyReserves));
      items.insert(it, ReserveData{id, amount});
    }
    if (auto ok = reserve(who, amount); !ok) return ok;
    Reserves::insert(who, reserves);
    return {};
  });
}

template <class T, class At>
Balance Pallet<T, At>::unreserve_named(const ReserveIdentifier& id, const AccountId32& who,
                                       Balance amount) {
  if (amount == 0) return 0;
  BoundedVec<ReserveData, ConstU32<T::kMaxReserves>> reserves = Reserves::get(who);
  auto& items = reserves.items;
  auto it =
      std::find_if(items.begin(), items.end(), [&](const ReserveData& r) { return r.id == id; });
  if (it == items.end()) return amount;
  const Balance to_change = std::min(it->amount, amount);
  const Balance actual = to_change - std::min(to_change, unreserve(who, to_change));
  it->amount -= actual;
  if (it->amount == 0) items.erase(it);
  if (items.empty()) {
    Reserves::remove(who);
  } else {
    Reserves::insert(who, reserves);
  }
  return amount - actual;
}

// --- LockableCurrency.

template <class T, class At>
DispatchResult Pallet<T, At>::set_lock(const LockIdentifier& id, const AccountId32& who,
                                       Balance amount, WithdrawReasons reasons) {
  if (reasons.empty() || amount == 0) return remove_lock(id, who);
  std::vector<BalanceLock> next = locks(who);
  auto it =
      std::find_if(next.begin(), next.end(), [&](const BalanceLock& l) { return l.id == id; });
  const BalanceLock lock{id, amount, to_reasons(reasons)};
  if (it != next.end()) {
    *it = lock;
  } else {
    next.push_back(lock);
  }
  return update_locks(who, std::move(next));
}

template <class T, class At>
DispatchResult Pallet<T, At>::extend_lock(const LockIdentifier& id, const AccountId32& who,
                                          Balance amount, WithdrawReasons reasons) {
  if (reasons.empty() || amount == 0) return {};
  std::vector<BalanceLock> next = locks(who);
  auto it =
      std::find_if(next.begin(), next.end(), [&](const BalanceLock& l) { return l.id == id; });
  if (it != next.end()) {
    it->amount = std::max(it->amount, amount);
    it->reasons = merge_reasons(it->reasons, to_reasons(reasons));
  } else {
    next.push_back(BalanceLock{id, amount, to_reasons(reasons)});
  }
  return update_locks(who, std::move(next));
}

template <class T, class At>
DispatchResult Pallet<T, At>::remove_lock(const LockIdentifier& id, const AccountId32& who) {
  std::vector<BalanceLock> next = locks(who);
  std::erase_if(next, [&](const BalanceLock& l) { return l.id == id; });
  return update_locks(who, std::move(next));
}

template <class T, class At>
Balance Pallet<T, At>::balance_locked(const LockIdentifier& id, const AccountId32& who) {
  Balance sum = 0;
  for (const BalanceLock& l : locks(who)) {
    if (l.id == id) sum = saturating_add(sum, l.amount);
  }
  return sum;
}

// --- The drop handlers of Currency's imbalances (imbalances.rs).

template <class T, class At>
void Pallet<T, At>::drop_positive_imbalance(Balance amount) {
  const Balance old_total = TotalIssuance::get();
  const Balance new_total = saturating_add(old_total, amount);
  TotalIssuance::put(new_total);
  if (new_total != old_total) deposit_event(Issued{new_total - old_total});
}

template <class T, class At>
void Pallet<T, At>::drop_negative_imbalance(Balance amount) {
  const Balance old_total = TotalIssuance::get();
  const Balance new_total = saturating_sub(old_total, amount);
  TotalIssuance::put(new_total);
  if (new_total != old_total) deposit_event(Rescinded{old_total - new_total});
}

}  // namespace canary::rt::pallets::balances
