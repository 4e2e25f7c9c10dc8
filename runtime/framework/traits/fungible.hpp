// frame_support::traits::fungible as C++20 concepts over a type with static members (a pallet,
// e.g. pallets/balances): Inspect, Mutate, InspectHold/MutateHold, InspectFreeze/MutateFreeze,
// Balanced with its Credit and Debt imbalances, and OnUnbalanced. Accounts are AccountId32,
// amounts tokens::Balance (u128), fallible operations return Result<X, DispatchError>.
//
// Imbalances (fungible::Imbalance): a Credit is funds taken out of accounts (or issued) that
// must go somewhere; a Debt is funds put into accounts (or rescinded) that must be paid for. They
// are move-only values: resolve a Credit into an account (F::resolve), settle a Debt from one
// (F::settle), offset one against the other, or drop them. As FRAME's OnDrop handlers, dropping a
// non-zero Credit decreases the total issuance by it (DecreaseIssuance: `F::burn_issuance`) and
// dropping a Debt increases it (IncreaseIssuance: `F::increase_issuance`), with no event, so that
// the issuance always equals what the accounts hold.
#pragma once

#include <concepts>
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::traits::fungible {

using tokens::Balance;
using tokens::DepositCheck;
using tokens::Fortitude;
using tokens::Precision;
using tokens::Preservation;
using tokens::Provenance;
using tokens::WithdrawCheck;

enum class ImbalanceSign : uint8_t { kCredit, kDebt };

// fungible::Imbalance<Balance, OnDrop, OppositeOnDrop>: an amount that must be accounted for, of
// the fungible F. Only F creates non-zero ones (from its withdrawals, deposits, issue and
// rescind); everyone can split, merge and offset them.
template <class F, ImbalanceSign Sign>
class [[nodiscard]] Imbalance {
 public:
  using Opposite =
      Imbalance<F, Sign == ImbalanceSign::kCredit ? ImbalanceSign::kDebt : ImbalanceSign::kCredit>;

  Imbalance() = default;  // zero (Imbalance::zero)
  Imbalance(const Imbalance&) = delete;
  Imbalance& operator=(const Imbalance&) = delete;
  Imbalance(Imbalance&& other) noexcept : amount_(std::exchange(other.amount_, 0)) {}
  Imbalance& operator=(Imbalance&& other) noexcept {
    if (this != &other) {
      on_drop();
      amount_ = std::exchange(other.amount_, 0);
    }
    return *this;
  }
  ~Imbalance() { on_drop(); }

  Balance peek() const { return amount_; }
  // Takes up to `amount` off this one into a new imbalance (Imbalance::extract).
  Imbalance extract(Balance amount) {
    const Balance taken = amount < amount_ ? amount : amount_;
    amount_ -= taken;
    return Imbalance(taken);
  }
  // Adds `other` to this one (Imbalance::subsume), saturating.
  void subsume(Imbalance other) {
    const Balance add = std::exchange(other.amount_, 0);
    amount_ = amount_ > ~Balance{0} - add ? ~Balance{0} : amount_ + add;
  }
  // Cancels this against an imbalance of the other sign (Imbalance::offset): what remains, of
  // whichever sign is larger (zero: a zero Imbalance of this sign).
  std::variant<Imbalance, Opposite> offset(Opposite other) && {
    const Balance mine = std::exchange(amount_, 0);
    const Balance theirs = std::exchange(other.amount_, 0);
    if (mine >= theirs) return Imbalance(mine - theirs);
    return Opposite(theirs - mine);
  }

 private:
  template <class, ImbalanceSign>
  friend class Imbalance;
  friend F;

  explicit Imbalance(Balance amount) : amount_(amount) {}
  // Gives the amount up without its drop effect (FRAME's crate-private forget): for F, which
  // accounts for it itself.
  Balance forget() { return std::exchange(amount_, 0); }
  void on_drop() {
    if (amount_ == 0) return;
    if constexpr (Sign == ImbalanceSign::kCredit) {
      F::burn_issuance(std::exchange(amount_, 0));
    } else {
      F::increase_issuance(std::exchange(amount_, 0));
    }
  }

  Balance amount_ = 0;
};

// fungible::Credit<AccountId, F> and fungible::Debt<AccountId, F>.
template <class F>
using Credit = Imbalance<F, ImbalanceSign::kCredit>;
template <class F>
using Debt = Imbalance<F, ImbalanceSign::kDebt>;

// fungible::Inspect. Deviations in naming: minimum_balance is also existential_deposit;
// can_withdraw is withdraw_consequence (Balances' can_withdraw answers whether a fee can be paid).
template <class F>
concept Inspect = requires(const AccountId32& who, Balance amount, Preservation preservation,
                           Fortitude force, Provenance provenance) {
  { F::total_issuance() } -> std::same_as<Balance>;
  { F::active_issuance() } -> std::same_as<Balance>;
  { F::minimum_balance() } -> std::same_as<Balance>;
  { F::total_balance(who) } -> std::same_as<Balance>;
  { F::balance(who) } -> std::same_as<Balance>;
  { F::reducible_balance(who, preservation, force) } -> std::same_as<Balance>;
  { F::can_deposit(who, amount, provenance) } -> std::same_as<DepositCheck>;
  { F::withdraw_consequence(who, amount) } -> std::same_as<WithdrawCheck>;
};

// fungible::Mutate: minting, burning and transferring (the issuance follows mint and burn).
template <class F>
concept Mutate =
    Inspect<F> && requires(const AccountId32& who, Balance amount, Preservation preservation,
                           Precision precision, Fortitude force) {
      { F::mint_into(who, amount) } -> std::same_as<Result<Balance, DispatchError>>;
      {
        F::burn_from(who, amount, preservation, precision, force)
      } -> std::same_as<Result<Balance, DispatchError>>;
      {
        F::transfer(who, who, amount, preservation)
      } -> std::same_as<Result<Balance, DispatchError>>;
    };

// fungible::InspectHold: funds held for a reason (F::HoldReason, the runtime's
// RuntimeHoldReason); held funds count towards the total balance, not the free one.
template <class F>
concept InspectHold =
    Inspect<F> && requires(const typename F::HoldReason& reason, const AccountId32& who) {
      { F::balance_on_hold(reason, who) } -> std::same_as<Balance>;
      { F::total_balance_on_hold(who) } -> std::same_as<Balance>;
    };

// fungible::MutateHold: hold and release (release returns what reached the free balance).
template <class F>
concept MutateHold =
    InspectHold<F> && requires(const typename F::HoldReason& reason, const AccountId32& who,
                               Balance amount, Precision precision) {
      { F::hold(reason, who, amount) } -> std::same_as<DispatchResult>;
      {
        F::release(reason, who, amount, precision)
      } -> std::same_as<Result<Balance, DispatchError>>;
    };

// fungible::InspectFreeze: funds frozen for a reason (F::FreezeReason, FRAME's Id); freezes
// overlap (the largest counts).
template <class F>
concept InspectFreeze =
    Inspect<F> && requires(const typename F::FreezeReason& reason, const AccountId32& who) {
      { F::balance_frozen(reason, who) } -> std::same_as<Balance>;
    };

// fungible::MutateFreeze: set, extend (to at least) and thaw a freeze.
template <class F>
concept MutateFreeze = InspectFreeze<F> && requires(const typename F::FreezeReason& reason,
                                                    const AccountId32& who, Balance amount) {
  { F::set_freeze(reason, who, amount) } -> std::same_as<DispatchResult>;
  { F::extend_freeze(reason, who, amount) } -> std::same_as<DispatchResult>;
  { F::thaw(reason, who) } -> std::same_as<DispatchResult>;
};

// fungible::Balanced: moving funds in and out of accounts as imbalances. Signatures as FRAME's,
// except that resolve and settle return what is left over instead of Result<(), Credit> and
// Result<Credit, Debt> (the whole imbalance when `who` cannot take or pay it, zero otherwise):
//   issue(amount) -> Credit          the issuance grows (Issued); the credit must go somewhere
//   rescind(amount) -> Debt          the issuance shrinks (Rescinded)
//   pair(amount) -> (Debt, Credit)   both at once, the issuance unchanged
//   deposit(who, amount, Precision) -> Result<Debt>                         (a Deposit event)
//   withdraw(who, amount, Precision, Preservation, Fortitude) -> Result<Credit>   (Withdraw)
//   resolve(who, Credit) -> Credit   deposits a credit (Exact), returns it back if it cannot
//   settle(who, Debt, Preservation) -> Debt   pays a debt from `who`, returns it back if it cannot
// Dropping an imbalance adjusts the issuance (see the top of this file): F::burn_issuance and
// F::increase_issuance.
template <class F>
concept Balanced = Inspect<F> && requires(const AccountId32& who, Balance amount,
                                          Precision precision, Preservation preservation,
                                          Fortitude force, Credit<F> credit, Debt<F> debt) {
  { F::issue(amount) } -> std::same_as<Credit<F>>;
  { F::rescind(amount) } -> std::same_as<Debt<F>>;
  { F::pair(amount) } -> std::same_as<std::pair<Debt<F>, Credit<F>>>;
  { F::deposit(who, amount, precision) } -> std::same_as<Result<Debt<F>, DispatchError>>;
  {
    F::withdraw(who, amount, precision, preservation, force)
  } -> std::same_as<Result<Credit<F>, DispatchError>>;
  { F::resolve(who, std::move(credit)) } -> std::same_as<Credit<F>>;
  { F::settle(who, std::move(debt), preservation) } -> std::same_as<Debt<F>>;
  F::burn_issuance(amount);
  F::increase_issuance(amount);
};

// frame_support::traits::OnUnbalanced<Imbalance>: a handler for an imbalance nobody resolved
// (fees, slashes, rewards): it takes ownership (dropping it applies its drop effect).
template <class H, class I>
concept OnUnbalanced = requires(I imbalance) { H::on_unbalanced(std::move(imbalance)); };

// OnUnbalanced for `()`: drops the imbalance (a Credit is burned, a Debt minted).
struct DropImbalance {
  template <class I>
  static void on_unbalanced(I imbalance) {
    (void)imbalance;
  }
};

// frame_support's ResolveTo<A, F>: an OnUnbalanced for F's credits that deposits them into the
// account `Account::get()` (what that account cannot take is burned). Kusama's staking `Slash`
// is ResolveTo<TreasuryAccount, Balances>.
template <class Account, class F>
struct ResolveTo {
  static void on_unbalanced(Credit<F> credit) {
    Credit<F> left = F::resolve(Account::get(), std::move(credit));
    (void)left;
  }
};

}  // namespace canary::rt::traits::fungible
