// frame_support::traits::tokens::currency as C++20 concepts, in the shape pallets/balances
// provides them: Currency, ReservableCurrency, NamedReservableCurrency, LockableCurrency. The
// legacy interface of the pallets that predate fungible (Indices, TransactionPayment's fees,
// later Staking, Treasury…).
//
// Deviation from FRAME: Currency's imbalances (PositiveImbalance, NegativeImbalance) are plain
// amounts here. An amount taken out of accounts (withdraw, slash, slash_reserved) leaves the
// total issuance unchanged until it is put back with resolve_into (which burns what the receiver
// cannot take) or burned with burn_issuance, as dropping FRAME's NegativeImbalance does; new
// issuance goes through deposit_creating. fungible.hpp's Credit and Debt are the typed form.
#pragma once

#include <concepts>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::traits {

using tokens::Balance;
using tokens::BalanceStatus;
using tokens::Existence;
using tokens::WithdrawReasons;

// frame_support::traits::LockIdentifier and Kusama's ReserveIdentifier: 8 bytes.
using LockIdentifier = ByteArray<8>;
using ReserveIdentifier = ByteArray<8>;

// frame_support::traits::Currency. `transfer` takes keep_alive (ExistenceRequirement::KeepAlive)
// as a bool; nothing happens for zero or to oneself.
template <class C>
concept Currency = requires(const AccountId32& who, Balance amount, WithdrawReasons reasons,
                            Existence existence, bool keep_alive) {
  { C::total_issuance() } -> std::same_as<Balance>;
  { C::active_issuance() } -> std::same_as<Balance>;
  { C::minimum_balance() } -> std::same_as<Balance>;
  { C::total_balance(who) } -> std::same_as<Balance>;
  { C::free_balance(who) } -> std::same_as<Balance>;
  { C::transfer(who, who, amount, keep_alive) } -> std::same_as<DispatchResult>;
  // Exactly `amount` out of the free balance (the issuance unchanged: see the top).
  { C::withdraw(who, amount, reasons, existence) } -> std::same_as<Result<Balance, DispatchError>>;
  // Up to `amount` out of the free balance; what was taken.
  { C::slash(who, amount) } -> std::same_as<Balance>;
  // New issuance into `who`; what was minted (0 when nothing could be).
  { C::deposit_creating(who, amount) } -> std::same_as<Balance>;
  // A withdrawn amount into `who`; what was burned because `who` could not take it.
  { C::resolve_into(who, amount) } -> std::same_as<Balance>;
  // A withdrawn amount that goes nowhere.
  C::burn_issuance(amount);
};

// frame_support::traits::ReservableCurrency: a reserved balance beside the free one.
template <class C>
concept ReservableCurrency =
    Currency<C> && requires(const AccountId32& who, Balance amount, BalanceStatus status) {
      { C::reserved_balance(who) } -> std::same_as<Balance>;
      { C::can_reserve(who, amount) } -> std::same_as<bool>;
      { C::reserve(who, amount) } -> std::same_as<DispatchResult>;
      // What could not be unreserved.
      { C::unreserve(who, amount) } -> std::same_as<Balance>;
      // What was slashed (FRAME: the imbalance and what could not be slashed).
      { C::slash_reserved(who, amount) } -> std::same_as<Balance>;
      // What was not moved.
      {
        C::repatriate_reserved(who, who, amount, status)
      } -> std::same_as<Result<Balance, DispatchError>>;
    };

// frame_support::traits::NamedReservableCurrency: reserves kept apart by an identifier.
template <class C, class Id = ReserveIdentifier>
concept NamedReservableCurrency =
    ReservableCurrency<C> && requires(const Id& id, const AccountId32& who, Balance amount) {
      { C::reserved_balance_named(id, who) } -> std::same_as<Balance>;
      { C::reserve_named(id, who, amount) } -> std::same_as<DispatchResult>;
      // What could not be unreserved.
      { C::unreserve_named(id, who, amount) } -> std::same_as<Balance>;
    };

// frame_support::traits::LockableCurrency. Deviation: set_lock, extend_lock and remove_lock
// return an error (FRAME returns nothing).
template <class C, class Id = LockIdentifier>
concept LockableCurrency = Currency<C> && requires(const Id& id, const AccountId32& who,
                                                   Balance amount, WithdrawReasons reasons) {
  { C::set_lock(id, who, amount, reasons) } -> std::same_as<DispatchResult>;
  { C::extend_lock(id, who, amount, reasons) } -> std::same_as<DispatchResult>;
  { C::remove_lock(id, who) } -> std::same_as<DispatchResult>;
  { C::balance_locked(id, who) } -> std::same_as<Balance>;
};

}  // namespace canary::rt::traits
