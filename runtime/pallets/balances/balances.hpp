// pallet_balances: the native token. Account balances live in frame_system's AccountInfo::data
// (Kusama's `AccountStore = System`); this pallet keeps the total issuance, the existential
// deposit rule (accounts below it are reaped and their dust burned), locks, named reserves, holds
// and freezes, and the transfer calls. Reference semantics: polkadot-sdk substrate/frame/balances
// (lib.rs, impl_fungible.rs, impl_currency.rs) as deployed on Kusama (pallet-balances 49, through
// polkadot-fellows/runtimes v2.3.2); frame_support's fungible traits for transfer/withdraw/deposit.
//
// As FRAME's crate, in parts: this file declares the pallet (configuration, storage, errors,
// events, calls, hooks, genesis, and the interface other pallets use); impl_fungible.hpp and
// impl_currency.hpp define that interface; types.hpp holds the types. The interface is the token
// traits of framework/traits/: fungible::Mutate, MutateHold, MutateFreeze, Balanced
// (fungible.hpp) and Currency, ReservableCurrency, NamedReservableCurrency, LockableCurrency
// (currency.hpp), which the runtime (canary/runtime.hpp) and tests/unit/runtime/traits_test.cpp
// check it satisfies.
//
// The runtime's configuration T provides, besides what frame_system needs:
//   AccountData = balances::AccountData (System stores it; checked below);
//   kExistentialDeposit (Balance); kMaxLocks, kMaxReserves, kMaxFreezes, kMaxHolds (uint32_t;
//   Kusama: 50, 50, and the variant counts of its freeze and hold reasons);
//   RuntimeHoldReason, RuntimeFreezeReason (SCALE types with metadata and ==; NoReasons<…> while
//   no pallet declares one); kDbWeight (for the weights).
//
// Every mutating entry point runs in a storage transaction: when it returns an error, nothing it
// did (storage, reference counts, events) remains. Deviations from FRAME, on purpose: set_lock,
// extend_lock and remove_lock return an error (FRAME returns nothing, and stores the lock even
// when the account's frozen balance could not follow because the consumer reference could not
// be taken); WithdrawReasons are accepted and stored, but as in FRAME since the fungible rework
// every lock freezes the balance for every purpose.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/balances/types.hpp"
#include "runtime/pallets/balances/weights.hpp"

namespace canary::rt::pallets::balances {

// The token vocabulary (framework/traits/tokens.hpp), by its short names here.
using traits::tokens::arithmetic_error;
using traits::tokens::ArithmeticError;
using traits::tokens::DepositCheck;
using traits::tokens::Existence;
using traits::tokens::Fortitude;
using traits::tokens::into_result;
using traits::tokens::Precision;
using traits::tokens::Preservation;
using traits::tokens::Provenance;
using traits::tokens::token_error;
using traits::tokens::TokenError;
using traits::tokens::WithdrawCheck;

// The events that carry (who, amount), which are most of them.
template <uint8_t Index, FixedString Name, FixedString Docs>
struct WhoAmountEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  AccountId32 who;
  Balance amount = 0;
  bool operator==(const WhoAmountEvent&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("who", &WhoAmountEvent::who, "T::AccountId"),
                      field("amount", &WhoAmountEvent::amount, "T::Balance")};
  }
  CANARY_DESCRIBED()
};
template <uint8_t Index, FixedString Name, FixedString Docs>
struct AmountEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  Balance amount = 0;
  bool operator==(const AmountEvent&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("amount", &AmountEvent::amount, "T::Balance")};
  }
  CANARY_DESCRIBED()
};

// Genesis: the endowed accounts (each at least the existential deposit, no duplicates).
struct GenesisConfig {
  std::vector<std::pair<AccountId32, Balance>> balances;
  static constexpr auto fields() {
    return std::tuple{
        field("balances", &GenesisConfig::balances, "Vec<(T::AccountId, T::Balance)>")};
  }
  CANARY_DESCRIBED()
  // `{"balances": [[account, amount], …]}`.
  static constexpr auto json_fields() {
    return std::tuple{json_field("balances", &GenesisConfig::balances)};
  }
};

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t {
  kVestingBalance = 0,
  kLiquidityRestrictions = 1,
  kInsufficientBalance = 2,
  kExistentialDeposit = 3,
  kExpendability = 4,
  kExistingVestingSchedule = 5,
  kDeadAccount = 6,
  kTooManyReserves = 7,
  kTooManyHolds = 8,
  kTooManyFreezes = 9,
  kIssuanceDeactivated = 10,
  kDeltaZero = 11,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_balances";
  // pallet_balances' STORAGE_VERSION (storage_version.hpp): written at genesis.
  static constexpr uint16_t kStorageVersion = 1;
  static constexpr const char* kDocs =
      "The native token: balances, existential deposit, locks, reserves, holds and freezes.";

  using System = typename T::System;
  using HoldReason = typename T::RuntimeHoldReason;
  using FreezeReason = typename T::RuntimeFreezeReason;
  using Weights = WeightInfoOf<T>;
  using Info = typename System::Info;
  using Hold = IdAmount<HoldReason, Balance>;
  using Freeze = IdAmount<FreezeReason, Balance>;

  static_assert(std::is_same_v<typename T::AccountData, AccountData>,
                "frame_system must store pallet_balances' AccountData (AccountStore = System)");

  // --- Storage (the account data itself is in System.Account).
  using TotalIssuance = StorageValue<Pallet, "TotalIssuance", Balance, ValueQuery,
                                     DocLines<" The total units issued in the system.">>;
  using InactiveIssuance =
      StorageValue<Pallet, "InactiveIssuance", Balance, ValueQuery,
                   DocLines<" The total units of outstanding deactivated balance in the system.">>;
  // Declared as FRAME declares it (it is in Kusama's metadata) but unused: AccountStore = System.
  using Account = StorageMap<
      Pallet, "Account", Blake2_128Concat, AccountId32, AccountData, ValueQuery,
      DocLines<" The balances of an account when this pallet stores them itself. Unused here: the",
               " runtime keeps them in `System::Account`.">>;
  using Locks = StorageMap<Pallet, "Locks", Blake2_128Concat, AccountId32,
                           WeakBoundedVec<BalanceLock, ConstU32<T::kMaxLocks>>, ValueQuery,
                           DocLines<" Any liquidity locks on some account balances.">>;
  using Reserves = StorageMap<Pallet, "Reserves", Blake2_128Concat, AccountId32,
                              BoundedVec<ReserveData, ConstU32<T::kMaxReserves>>, ValueQuery,
                              DocLines<" Named reserves on some account balances.">>;
  using Holds = StorageMap<Pallet, "Holds", Blake2_128Concat, AccountId32,
                           BoundedVec<Hold, ConstU32<T::kMaxHolds>>, ValueQuery,
                           DocLines<" Holds on account balances.">>;
  using Freezes = StorageMap<Pallet, "Freezes", Blake2_128Concat, AccountId32,
                             BoundedVec<Freeze, ConstU32<T::kMaxFreezes>>, ValueQuery,
                             DocLines<" Freeze locks on account balances.">>;

  // --- Errors (FRAME's order).
  using Error = balances::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"VestingBalance", "Vesting balance too high to send value."},
      {"LiquidityRestrictions", "Account liquidity restrictions prevent withdrawal."},
      {"InsufficientBalance", "Balance too low to send value."},
      {"ExistentialDeposit", "Value too low to create account due to existential deposit."},
      {"Expendability", "Transfer/payment would kill account."},
      {"ExistingVestingSchedule", "A vesting schedule already exists for this account."},
      {"DeadAccount", "Beneficiary account must pre-exist."},
      {"TooManyReserves", "Number of named reserves exceed `MaxReserves`."},
      {"TooManyHolds", "Number of holds exceed `VariantCountOf<T::RuntimeHoldReason>`."},
      {"TooManyFreezes", "Number of freezes exceed `MaxFreezes`."},
      {"IssuanceDeactivated", "The issuance cannot be modified since it is already deactivated."},
      {"DeltaZero", "The delta cannot be zero."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events (FRAME's indices).
  struct Endowed {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Endowed";
    static constexpr const char* kDocs = "An account was created with some free balance.";
    AccountId32 account;
    Balance free_balance = 0;
    bool operator==(const Endowed&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("account", &Endowed::account, "T::AccountId"),
                        field("free_balance", &Endowed::free_balance, "T::Balance")};
    }
    CANARY_DESCRIBED()
  };
  struct DustLost {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "DustLost";
    static constexpr const char* kDocs =
        "An account was removed whose balance was non-zero but below ExistentialDeposit,\n"
        "resulting in an outright loss.";
    AccountId32 account;
    Balance amount = 0;
    bool operator==(const DustLost&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("account", &DustLost::account, "T::AccountId"),
                        field("amount", &DustLost::amount, "T::Balance")};
    }
    CANARY_DESCRIBED()
  };
  struct Transfer {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "Transfer";
    static constexpr const char* kDocs = "Transfer succeeded.";
    AccountId32 from;
    AccountId32 to;
    Balance amount = 0;
    bool operator==(const Transfer&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("from", &Transfer::from, "T::AccountId"),
                        field("to", &Transfer::to, "T::AccountId"),
                        field("amount", &Transfer::amount, "T::Balance")};
    }
    CANARY_DESCRIBED()
  };
  struct BalanceSet {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "BalanceSet";
    static constexpr const char* kDocs = "A balance was set by root.";
    AccountId32 who;
    Balance free = 0;
    bool operator==(const BalanceSet&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &BalanceSet::who, "T::AccountId"),
                        field("free", &BalanceSet::free, "T::Balance")};
    }
    CANARY_DESCRIBED()
  };
  using Reserved =
      WhoAmountEvent<4, "Reserved", "Some balance was reserved (moved from free to reserved).">;
  using Unreserved =
      WhoAmountEvent<5, "Unreserved", "Some balance was unreserved (moved from reserved to free).">;
  struct ReserveRepatriated {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "ReserveRepatriated";
    static constexpr const char* kDocs =
        "Some balance was moved from the reserve of the first account to the second account.\n"
        "Final argument indicates the destination balance type.";
    AccountId32 from;
    AccountId32 to;
    Balance amount = 0;
    BalanceStatus destination_status = BalanceStatus::kFree;
    bool operator==(const ReserveRepatriated&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("from", &ReserveRepatriated::from, "T::AccountId"),
          field("to", &ReserveRepatriated::to, "T::AccountId"),
          field("amount", &ReserveRepatriated::amount, "T::Balance"),
          field("destination_status", &ReserveRepatriated::destination_status, "Status")};
    }
    CANARY_DESCRIBED()
  };
  using Deposit =
      WhoAmountEvent<7, "Deposit", "Some amount was deposited (e.g. for transaction fees).">;
  using Withdraw =
      WhoAmountEvent<8, "Withdraw",
                     "Some amount was withdrawn from the account (e.g. for transaction fees).">;
  using Slashed =
      WhoAmountEvent<9, "Slashed",
                     "Some amount was removed from the account (e.g. for misbehavior).">;
  using Minted = WhoAmountEvent<10, "Minted", "Some amount was minted into an account.">;
  using Burned = WhoAmountEvent<11, "Burned", "Some amount was burned from an account.">;
  using Suspended =
      WhoAmountEvent<12, "Suspended",
                     "Some amount was suspended from an account (it can be restored later).">;
  using Restored = WhoAmountEvent<13, "Restored", "Some amount was restored into an account.">;
  struct Upgraded {
    static constexpr uint8_t kScaleIndex = 14;
    static constexpr std::string_view kName = "Upgraded";
    static constexpr const char* kDocs = "An account was upgraded.";
    AccountId32 who;
    bool operator==(const Upgraded&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &Upgraded::who, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  using Issued =
      AmountEvent<15, "Issued",
                  "Total issuance was increased by `amount`, creating a credit to be balanced.">;
  using Rescinded =
      AmountEvent<16, "Rescinded",
                  "Total issuance was decreased by `amount`, creating a debt to be balanced.">;
  using Locked = WhoAmountEvent<17, "Locked", "Some balance was locked.">;
  using Unlocked = WhoAmountEvent<18, "Unlocked", "Some balance was unlocked.">;
  using Frozen = WhoAmountEvent<19, "Frozen", "Some balance was frozen.">;
  using Thawed = WhoAmountEvent<20, "Thawed", "Some balance was thawed.">;
  struct TotalIssuanceForced {
    static constexpr uint8_t kScaleIndex = 21;
    static constexpr std::string_view kName = "TotalIssuanceForced";
    static constexpr const char* kDocs = "The `TotalIssuance` was forcefully changed.";
    Balance old_value = 0;
    Balance new_value = 0;
    bool operator==(const TotalIssuanceForced&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("old", &TotalIssuanceForced::old_value, "T::Balance"),
                        field("new", &TotalIssuanceForced::new_value, "T::Balance")};
    }
    CANARY_DESCRIBED()
  };
  // A tuple variant (Rust `Unexpected(UnexpectedKind)`), emitted on defensive paths only (lib.rs
  // update_locks, update_freezes).
  struct Unexpected {
    static constexpr uint8_t kScaleIndex = 22;
    static constexpr std::string_view kName = "Unexpected";
    static constexpr const char* kDocs = "An unexpected/defensive event was triggered.";
    UnexpectedKind kind = UnexpectedKind::kBalanceUpdated;
    bool operator==(const Unexpected&) const = default;
    static constexpr auto fields() {
      return std::tuple{unnamed_field(&Unexpected::kind, "UnexpectedKind")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<Endowed, DustLost, Transfer, BalanceSet, Reserved, Unreserved,
                             ReserveRepatriated, Deposit, Withdraw, Slashed, Minted, Burned,
                             Suspended, Restored, Upgraded, Issued, Rescinded, Locked, Unlocked,
                             Frozen, Thawed, TotalIssuanceForced, Unexpected>;

  static void deposit_event(Event event) {
    System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct transfer_allow_death {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "transfer_allow_death";
    static constexpr const char* kDocs =
        "Transfer some liquid free balance to another account; the sender is reaped if it ends\n"
        "up below the existential deposit.";
    MultiAddress dest;
    Balance value = 0;
    static constexpr auto fields() {
      return std::tuple{field("dest", &transfer_allow_death::dest, "AccountIdLookupOf<T>"),
                        compact_field("value", &transfer_allow_death::value, "T::Balance")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::transfer_allow_death()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto source = ensure_signed(origin);
      if (!source) return with_post_info(unexpected(source.error()));
      auto to = lookup_account(dest);
      if (!to) return with_post_info(unexpected(to.error()));
      return with_post_info(ignore_value(transfer(*source, *to, value, Preservation::kExpendable)));
    }
  };
  struct force_transfer {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "force_transfer";
    static constexpr const char* kDocs =
        "As `transfer_allow_death`, from any account; the origin must be root.";
    MultiAddress source;
    MultiAddress dest;
    Balance value = 0;
    static constexpr auto fields() {
      return std::tuple{field("source", &force_transfer::source, "AccountIdLookupOf<T>"),
                        field("dest", &force_transfer::dest, "AccountIdLookupOf<T>"),
                        compact_field("value", &force_transfer::value, "T::Balance")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_transfer()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      auto from = lookup_account(source);
      if (!from) return with_post_info(unexpected(from.error()));
      auto to = lookup_account(dest);
      if (!to) return with_post_info(unexpected(to.error()));
      return with_post_info(ignore_value(transfer(*from, *to, value, Preservation::kExpendable)));
    }
  };
  struct transfer_keep_alive {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "transfer_keep_alive";
    static constexpr const char* kDocs =
        "As `transfer_allow_death`, but refuses to take the sender below the existential deposit.";
    MultiAddress dest;
    Balance value = 0;
    static constexpr auto fields() {
      return std::tuple{field("dest", &transfer_keep_alive::dest, "AccountIdLookupOf<T>"),
                        compact_field("value", &transfer_keep_alive::value, "T::Balance")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::transfer_keep_alive()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto source = ensure_signed(origin);
      if (!source) return with_post_info(unexpected(source.error()));
      auto to = lookup_account(dest);
      if (!to) return with_post_info(unexpected(to.error()));
      return with_post_info(ignore_value(transfer(*source, *to, value, Preservation::kPreserve)));
    }
  };
  struct transfer_all {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "transfer_all";
    static constexpr const char* kDocs =
        "Transfer everything transferable (not locked or reserved; with `keep_alive`, not the\n"
        "existential deposit either) to another account.";
    MultiAddress dest;
    bool keep_alive = false;
    static constexpr auto fields() {
      return std::tuple{field("dest", &transfer_all::dest, "AccountIdLookupOf<T>"),
                        field("keep_alive", &transfer_all::keep_alive, "bool")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::transfer_all()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto source = ensure_signed(origin);
      if (!source) return with_post_info(unexpected(source.error()));
      const Preservation p = keep_alive ? Preservation::kPreserve : Preservation::kExpendable;
      const Balance amount = reducible_balance(*source, p, Fortitude::kPolite);
      auto to = lookup_account(dest);
      if (!to) return with_post_info(unexpected(to.error()));
      return with_post_info(ignore_value(transfer(*source, *to, amount, p)));
    }
  };
  struct force_unreserve {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "force_unreserve";
    static constexpr const char* kDocs = "Unreserve some balance of an account; root only.";
    MultiAddress who;
    Balance amount = 0;  // not compact in FRAME either
    static constexpr auto fields() {
      return std::tuple{field("who", &force_unreserve::who, "AccountIdLookupOf<T>"),
                        field("amount", &force_unreserve::amount, "T::Balance")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_unreserve()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      auto account = lookup_account(who);
      if (!account) return with_post_info(unexpected(account.error()));
      (void)unreserve(*account, amount);
      return PostDispatchInfo{};
    }
  };
  struct upgrade_accounts {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "upgrade_accounts";
    static constexpr const char* kDocs =
        "Move accounts to the current reference counting; free if at least 90% needed it.";
    std::vector<AccountId32> who;
    static constexpr auto fields() {
      return std::tuple{field("who", &upgrade_accounts::who, "Vec<T::AccountId>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::upgrade_accounts(
          static_cast<uint32_t>(std::min<size_t>(who.size(), UINT32_MAX)))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto signer = ensure_signed(origin);
      if (!signer) return with_post_info(unexpected(signer.error()));
      if (who.empty()) return PostDispatchInfo{std::nullopt, Pays::kYes};
      uint64_t upgraded = 0;
      for (const AccountId32& account : who) upgraded += ensure_upgraded(account) ? 1 : 0;
      // Perbill::from_rational(upgraded, len) >= 90%.
      const bool mostly = upgraded * 10 >= uint64_t{who.size()} * 9;
      return PostDispatchInfo{std::nullopt, mostly ? Pays::kNo : Pays::kYes};
    }
  };
  struct force_set_balance {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "force_set_balance";
    static constexpr const char* kDocs = "Set the free balance of an account; root only.";
    MultiAddress who;
    Balance new_free = 0;
    static constexpr auto fields() {
      return std::tuple{field("who", &force_set_balance::who, "AccountIdLookupOf<T>"),
                        compact_field("new_free", &force_set_balance::new_free, "T::Balance")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {
          max_weight(Weights::force_set_balance_creating(), Weights::force_set_balance_killing())};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      auto account = lookup_account(who);
      if (!account) return with_post_info(unexpected(account.error()));
      return with_post_info(set_free_balance(*account, new_free));
    }
  };
  struct force_adjust_total_issuance {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "force_adjust_total_issuance";
    static constexpr const char* kDocs =
        "Adjust the total issuance (saturating) by a non-zero delta; root only.";
    AdjustmentDirection direction = AdjustmentDirection::kIncrease;
    Balance delta = 0;
    static constexpr auto fields() {
      return std::tuple{
          field("direction", &force_adjust_total_issuance::direction, "AdjustmentDirection"),
          compact_field("delta", &force_adjust_total_issuance::delta, "T::Balance")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_adjust_total_issuance()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      if (delta == 0) return with_post_info(unexpected(error(Error::kDeltaZero)));
      const Balance old_value = TotalIssuance::get();
      const Balance new_value = direction == AdjustmentDirection::kIncrease
                                    ? saturating_add(old_value, delta)
                                    : saturating_sub(old_value, delta);
      if (InactiveIssuance::get() > new_value) {
        return with_post_info(unexpected(error(Error::kIssuanceDeactivated)));
      }
      TotalIssuance::put(new_value);
      deposit_event(TotalIssuanceForced{old_value, new_value});
      return PostDispatchInfo{};
    }
  };
  struct burn {
    static constexpr uint8_t kScaleIndex = 10;
    static constexpr std::string_view kName = "burn";
    static constexpr const char* kDocs =
        "Burn free balance of the caller, reducing the total issuance; with `keep_alive` the\n"
        "account is kept.";
    Balance value = 0;
    bool keep_alive = false;
    static constexpr auto fields() {
      return std::tuple{compact_field("value", &burn::value, "T::Balance"),
                        field("keep_alive", &burn::keep_alive, "bool")};
    }
    CANARY_DESCRIBED()
    // FRAME picks burn_allow_death's weight when keep_alive is set and the other one otherwise;
    // kept as is so that fees match Kusama.
    DispatchInfo info() const {
      return {keep_alive ? Weights::burn_allow_death() : Weights::burn_keep_alive()};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto source = ensure_signed(origin);
      if (!source) return with_post_info(unexpected(source.error()));
      const Preservation p = keep_alive ? Preservation::kPreserve : Preservation::kExpendable;
      return with_post_info(
          ignore_value(burn_from(*source, value, p, Precision::kExact, Fortitude::kPolite)));
    }
  };
  using Call = std::variant<transfer_allow_death, force_transfer, transfer_keep_alive, transfer_all,
                            force_unreserve, upgrade_accounts, force_set_balance,
                            force_adjust_total_issuance, burn>;

  // --- Try-state (framework/try_state.hpp). Funds move only between accounts or in and out of
  // the issuance together (mint, burn, dust, fees dropped), so the total issuance is what the
  // accounts hold; the inactive part is a part of it.
  static Result<void, std::string> try_state(BlockNumber) {
    Balance held = 0;
    for (const auto& [who, info] : System::Account::entries()) {
      held = saturating_add(held, info.data.total());
    }
    const Balance issuance = TotalIssuance::get();
    if (held != issuance) {
      return unexpected("the total issuance is " + decimal(issuance) + " but the accounts hold " +
                        decimal(held));
    }
    if (InactiveIssuance::get() > issuance) {
      return unexpected(std::string("the inactive issuance exceeds the total issuance"));
    }
    return {};
  }

  // --- The interface other pallets use: framework/traits/ fungible.hpp and currency.hpp,
  // defined in impl_fungible.hpp and impl_currency.hpp. All static; `who`, `from`, `to` are
  // AccountId32, amounts Balance.

  // fungible::Balanced's imbalances: dropping a Credit burns it, dropping a Debt mints it
  // (burn_issuance, increase_issuance; no event).
  using Credit = traits::fungible::Credit<Pallet>;
  using Debt = traits::fungible::Debt<Pallet>;

  // --- Inspecting (fungible::Inspect, Currency).
  static Balance existential_deposit() { return T::kExistentialDeposit; }
  static Balance minimum_balance() { return existential_deposit(); }
  static Balance total_issuance() { return TotalIssuance::get(); }
  static Balance inactive_issuance() { return InactiveIssuance::get(); }
  static Balance active_issuance() {
    return saturating_sub(TotalIssuance::get(), InactiveIssuance::get());
  }
  // fungible::Unbalanced::deactivate / reactivate (Currency's delegate to them): funds that stay
  // issued but count as inactive (Treasury's pot), outside active_issuance. The inactive issuance
  // never exceeds the total (pallet-balances 43 impl_fungible.rs).
  static void deactivate(Balance amount) {
    const Balance total = TotalIssuance::get();
    const Balance inactive = saturating_add(InactiveIssuance::get(), amount);
    InactiveIssuance::put(inactive < total ? inactive : total);
  }
  static void reactivate(Balance amount) {
    InactiveIssuance::put(saturating_sub(InactiveIssuance::get(), amount));
  }
  static AccountData account(const AccountId32& who) { return System::Account::get(who).data; }
  static Balance free_balance(const AccountId32& who) { return account(who).free; }
  static Balance balance(const AccountId32& who) { return free_balance(who); }
  static Balance reserved_balance(const AccountId32& who) { return account(who).reserved; }
  static Balance total_balance(const AccountId32& who) { return account(who).total(); }
  static std::vector<BalanceLock> locks(const AccountId32& who) { return Locks::get(who).items; }
  static std::vector<ReserveData> reserves(const AccountId32& who) {
    return Reserves::get(who).items;
  }

  // What can leave the account (fungible::Inspect::reducible_balance): freezes apply to free +
  // reserved, so what is reserved counts towards them; the existential deposit stays when the
  // account must live, or when its provider reference cannot go.
  static Balance reducible_balance(const AccountId32& who, Preservation preservation,
                                   Fortitude force = Fortitude::kPolite);
  static Balance reducible_balance(const AccountId32& who, bool keep_alive) {
    return reducible_balance(who, keep_alive ? Preservation::kPreserve : Preservation::kExpendable);
  }
  static Balance usable_balance(const AccountId32& who) {
    return reducible_balance(who, Preservation::kExpendable);
  }
  static Balance usable_balance_for_fees(const AccountId32& who) {
    return reducible_balance(who, Preservation::kProtect);
  }

  // fungible::Inspect::can_withdraw: what taking `amount` out would do.
  static WithdrawCheck withdraw_consequence(const AccountId32& who, Balance amount);

  // Whether a fee of `amount` can be paid, leaving the account alive (FungibleAdapter's
  // can_withdraw_fee: only an unconditional success counts).
  static bool can_withdraw(const AccountId32& who, Balance amount) {
    return withdraw_consequence(who, amount).kind == WithdrawCheck::Kind::kSuccess;
  }

  // fungible::Inspect::can_deposit (kMinted: the amount is new issuance).
  static DepositCheck can_deposit(const AccountId32& who, Balance amount, Provenance provenance);

  // --- Moving funds.

  // fungible::Mutate::transfer: checks both sides first, then moves `amount` (the sender is
  // reaped with its dust burned when allowed). A transfer to oneself only checks. Like FRAME's,
  // it opens no storage layer of its own: its callers run inside a dispatch's, and it writes
  // nothing before the checks pass. The credit cannot fail after can_deposit; FRAME ignores
  // its result all the same, and so does this.
  static Result<Balance, DispatchError> transfer(const AccountId32& from, const AccountId32& to,
                                                 Balance amount, Preservation preservation);
  // Currency::transfer: nothing to do for zero or to oneself.
  static DispatchResult transfer(const AccountId32& from, const AccountId32& to, Balance amount,
                                 bool keep_alive);

  // --- Taking funds out and putting them back as plain amounts (Currency's imbalances,
  // traits/currency.hpp): the issuance is unchanged until they are resolved or burned.

  // Balanced::withdraw(Exact, Polite): takes exactly `amount` (a Withdraw event), e.g. a fee. With
  // kAllowDeath the account may be reaped (its dust is burned). Nothing happens for zero.
  // `reasons` are accepted for Currency-style callers; freezes apply whatever they are.
  static Result<Balance, DispatchError> withdraw(const AccountId32& who, Balance amount,
                                                 WithdrawReasons reasons, Existence existence);

  // A fee (FungibleAdapter::withdraw_fee): exactly `amount`, the account kept alive.
  static Result<Balance, DispatchError> withdraw(const AccountId32& who, Balance amount);

  // Balanced::resolve for an amount withdrawn as a plain Balance: puts it into `who`; when it
  // cannot be credited (a new account and less than the existential deposit), the amount is
  // burned as a dropped Credit is. Returns what was burned.
  static Balance resolve_into(const AccountId32& who, Balance amount);

  // A withdrawn amount that goes nowhere: the total issuance shrinks by it (fungible's
  // DecreaseIssuance, a dropped Credit's handler, which emits no event).
  static void burn_issuance(Balance amount);
  // The other way round (IncreaseIssuance, a dropped Debt's handler; no event).
  static void increase_issuance(Balance amount);

  // --- fungible::Balanced: funds in and out of accounts as imbalances (traits/fungible.hpp).

  // Adds to the free balance (a Deposit event); the issuance follows when the Debt is dropped.
  static Result<Debt, DispatchError> deposit(const AccountId32& who, Balance amount,
                                             Precision precision);
  // Takes out of the free balance (a Withdraw event; dust is burned); the issuance follows when
  // the Credit is dropped.
  static Result<Credit, DispatchError> withdraw(const AccountId32& who, Balance amount,
                                                Precision precision, Preservation preservation,
                                                Fortitude force);
  // Deposits the whole credit into `who`; gives it back when `who` cannot take it.
  static Credit resolve(const AccountId32& who, Credit credit);
  // Pays the whole debt from `who`; gives it back when `who` cannot pay it.
  static Debt settle(const AccountId32& who, Debt debt, Preservation preservation);
  // The issuance grows by `amount` (Issued) as a Credit, or shrinks (Rescinded) as a Debt; pair
  // does both (FRAME's order: issue, then rescind).
  static Credit issue(Balance amount);
  static Debt rescind(Balance amount);
  static std::pair<Debt, Credit> pair(Balance amount);

  // Currency::slash: takes up to `amount` from the free balance (never the existential deposit
  // of an account that cannot die); returns what was taken, which the caller resolves or burns.
  static Balance slash(const AccountId32& who, Balance amount);

  // Currency::slash_reserved: takes up to `amount` from the reserved balance.
  static Balance slash_reserved(const AccountId32& who, Balance amount);

  // --- Minting and burning.

  // Currency::deposit_creating: adds `amount` as new issuance (Deposit, then Issued when the
  // imbalance settles). Nothing happens for zero, or below the existential deposit for an
  // account that does not exist yet. Returns what was minted.
  static Balance deposit_creating(const AccountId32& who, Balance amount);

  // fungible::Mutate::mint_into: exactly `amount` of new issuance into `who` (Minted).
  static Result<Balance, DispatchError> mint_into(const AccountId32& who, Balance amount);

  // fungible::Mutate::burn_from: removes up to `amount` from `who` and from the issuance
  // (Burned); with kExact, all of it or nothing.
  static Result<Balance, DispatchError> burn_from(const AccountId32& who, Balance amount,
                                                  Preservation preservation, Precision precision,
                                                  Fortitude force);

  // --- Reserves.

  // ReservableCurrency::reserve: moves `amount` from free to reserved; the account may drop
  // below the existential deposit in free balance as long as something stays reserved.
  static DispatchResult reserve(const AccountId32& who, Balance amount);
  static bool can_reserve(const AccountId32& who, Balance amount);

  // ReservableCurrency::unreserve: moves up to `amount` back to free; returns what could not be.
  static Balance unreserve(const AccountId32& who, Balance amount);

  // ReservableCurrency::repatriate_reserved: moves up to `amount` of `from`'s reserved balance to
  // `to` (which must exist), into its free or reserved balance; returns what was not moved.
  static Result<Balance, DispatchError> repatriate_reserved(const AccountId32& from,
                                                            const AccountId32& to, Balance amount,
                                                            BalanceStatus status);

  // NamedReservableCurrency: reserves kept apart by an 8-byte id (sorted by id, at most
  // kMaxReserves of them).
  static Balance reserved_balance_named(const ReserveIdentifier& id, const AccountId32& who);
  static DispatchResult reserve_named(const ReserveIdentifier& id, const AccountId32& who,
                                      Balance amount);
  // Returns what could not be unreserved.
  static Balance unreserve_named(const ReserveIdentifier& id, const AccountId32& who,
                                 Balance amount);

  // --- Locks (LockableCurrency; frozen is the largest lock or freeze).
  static DispatchResult set_lock(const LockIdentifier& id, const AccountId32& who, Balance amount,
                                 WithdrawReasons reasons);
  static DispatchResult extend_lock(const LockIdentifier& id, const AccountId32& who,
                                    Balance amount, WithdrawReasons reasons);
  static DispatchResult remove_lock(const LockIdentifier& id, const AccountId32& who);
  static Balance balance_locked(const LockIdentifier& id, const AccountId32& who);

  // --- Freezes (fungible::MutateFreeze; at most kMaxFreezes per account).
  static Balance balance_frozen(const FreezeReason& id, const AccountId32& who);
  static DispatchResult set_freeze(const FreezeReason& id, const AccountId32& who, Balance amount);
  static DispatchResult extend_freeze(const FreezeReason& id, const AccountId32& who,
                                      Balance amount);
  static DispatchResult thaw(const FreezeReason& id, const AccountId32& who);

  // --- Holds (fungible::MutateHold; held funds are part of `reserved`).
  static Balance balance_on_hold(const HoldReason& reason, const AccountId32& who);
  static Balance total_balance_on_hold(const AccountId32& who) { return account(who).reserved; }
  // Moves `amount` of free balance on hold; the account keeps its provider reference.
  static DispatchResult hold(const HoldReason& reason, const AccountId32& who, Balance amount);
  // Moves up to (kBestEffort) or exactly (kExact) `amount` off hold into the free balance;
  // returns what arrived there.
  static Result<Balance, DispatchError> release(const HoldReason& reason, const AccountId32& who,
                                                Balance amount, Precision precision);
  // fungible::hold::Balanced::slash: takes up to `amount` off the hold for `reason` (the hold
  // and `reserved` shrink; a Slashed event) as a Credit, and what could not be taken.
  static std::pair<Credit, Balance> slash(const HoldReason& reason, const AccountId32& who,
                                          Balance amount);

  // --- Genesis: endows each account (a provider reference each) and sets the issuance to their
  // sum. What FRAME asserts (at least the existential deposit, no duplicates, no overflow) is
  // checked before anything is written, and refused with the entry's path.
  using GenesisConfig = balances::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    Balance total = 0;
    std::vector<std::pair<AccountId32, size_t>> seen;
    for (size_t i = 0; i < config.balances.size(); ++i) {
      const auto& [who, balance] = config.balances[i];
      const std::string entry = "balances[" + std::to_string(i) + "]";
      if (balance < existential_deposit()) {
        return unexpected(entry + ": below the existential deposit");
      }
      if (total > ~Balance{0} - balance) {
        return unexpected(entry + ": the total issuance overflows");
      }
      total += balance;
      seen.emplace_back(who, i);
    }
    std::sort(seen.begin(), seen.end());
    for (size_t i = 1; i < seen.size(); ++i) {
      if (seen[i].first == seen[i - 1].first) {
        return unexpected("balances[" + std::to_string(seen[i].second) +
                          "]: a duplicate of balances[" + std::to_string(seen[i - 1].second) + "]");
      }
    }
    TotalIssuance::put(total);
    for (const auto& [who, balance] : config.balances) {
      System::inc_providers(who);
      AccountData data;
      data.free = balance;
      System::Account::mutate(who, [&](Info& info) { info.data = data; });
    }
    return {};
  }

  // Moves an old-logic account to the current reference counting (its reserve takes a consumer
  // reference). Every Canary account is created new-logic; this is for upgrade_accounts.
  static bool ensure_upgraded(const AccountId32& who) {
    AccountData a = account(who);
    if (a.flags.is_new_logic()) return false;
    a.flags.set_new_logic();
    if (a.reserved != 0 && a.frozen == 0) {
      if (System::providers(who) == 0) {
        io::log(io::LogLevel::kWarn, "runtime::balances",
                "account with a non-zero reserve balance has no provider refs");
        a.free = std::max(a.free, existential_deposit());
        System::inc_providers(who);
      }
      // frame_system's inc_consumers_without_limit: the reserve predates the consumer limit.
      System::Account::mutate(who, [](Info& info) { info.consumers += 1; });
    }
    store_account_data(who, a);
    deposit_event(Upgraded{who});
    return true;
  }

  // --- Metadata.
  using Storage =
      std::tuple<TotalIssuance, InactiveIssuance, Account, Locks, Reserves, Holds, Freezes>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "ExistentialDeposit", Balance{T::kExistentialDeposit},
                         {" The minimum amount required to keep an account open."}));
    c.push_back(constant(r, "MaxLocks", uint32_t{T::kMaxLocks},
                         {" The maximum number of locks that should exist on an account."}));
    c.push_back(constant(r, "MaxReserves", uint32_t{T::kMaxReserves},
                         {" The maximum number of named reserves that can exist on an account."}));
    c.push_back(
        constant(r, "MaxFreezes", uint32_t{T::kMaxFreezes},
                 {" The maximum number of individual freeze locks that can exist on an account."}));
  }

 private:
  static std::string decimal(Balance value) {
    std::string out;
    do {
      out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
      value /= 10;
    } while (value != 0);
    return out;
  }

  template <class F>
  static auto transactional(F&& f) -> decltype(f()) {
    io::storage::start_transaction();
    auto result = f();
    if (result.has_value()) {
      io::storage::commit_transaction();
    } else {
      io::storage::rollback_transaction();
    }
    return result;
  }

  template <class V>
  static DispatchResult ignore_value(const Result<V, DispatchError>& r) {
    if (!r) return unexpected(r.error());
    return {};
  }

  // frame_system's StoredMap::try_mutate_exists write: the data stays while the account has a
  // provider or sufficient reference, otherwise the whole AccountInfo goes.
  static void store_account_data(const AccountId32& who, const AccountData& data) {
    if (System::providers(who) > 0 || System::sufficients(who) > 0) {
      System::Account::mutate(who, [&](Info& info) { info.data = data; });
    } else {
      System::Account::remove(who);
    }
  }

  // Runs `f(data, is_new)` on the account and keeps reference counts and existence in line
  // (lib.rs try_mutate_account): a balance of at least the existential deposit is a provider
  // reference, anything reserved or frozen a consumer reference; an account whose free balance
  // falls below the deposit with nothing reserved is reaped and the rest is dust (Endowed /
  // DustLost events). Returns the dust, which the caller burns (handle_dust). Callers run it
  // inside `transactional`, so an error leaves nothing behind. `force_consumer_bump` takes the
  // consumer reference beyond MaxConsumers (update_locks, which must not fail).
  template <class F>
  static Result<Balance, DispatchError> try_mutate_account(const AccountId32& who, F&& f,
                                                           bool force_consumer_bump = false) {
    ensure_upgraded(who);
    const Balance ed = existential_deposit();
    AccountData a = account(who);
    const bool is_new = a == AccountData{};
    const bool did_provide = a.free >= ed;
    const bool did_consume = !is_new && (a.reserved != 0 || a.frozen != 0);
    if (auto ok = f(a, is_new); !ok) return unexpected(ok.error());
    const bool does_provide = a.free >= ed;
    const bool does_consume = a.reserved != 0 || a.frozen != 0;
    if (!did_provide && does_provide) System::inc_providers(who);
    if (did_consume && !does_consume) System::dec_consumers(who);
    if (!did_consume && does_consume) {
      auto ok = force_consumer_bump ? System::inc_consumers_without_limit(who)
                                    : System::inc_consumers(who);
      if (!ok) return unexpected(ok.error());
    }
    if (does_consume && System::consumers(who) == 0) {
      // A failsafe in FRAME for accounts that missed their consumer reference.
      io::log(io::LogLevel::kError, "runtime::balances", "Defensively bumping a consumer ref.");
      if (auto ok = System::inc_consumers(who); !ok) return unexpected(ok.error());
    }
    if (did_provide && !does_provide) {
      // May reap the account, so it comes last.
      if (auto ok = System::dec_providers(who); !ok) return unexpected(ok.error());
    }
    Balance dust = 0;
    if (a.free < ed && a.reserved == 0) {
      dust = a.free;
      store_account_data(who, AccountData{});
    } else {
      store_account_data(who, a);
    }
    if (is_new) deposit_event(Endowed{who, a.free});
    if (dust != 0) deposit_event(DustLost{who, dust});
    return dust;
  }

  // Dust goes nowhere (Kusama's DustRemoval is ()): the issuance shrinks by it.
  static void handle_dust(Balance dust) {
    if (dust != 0) burn_issuance(dust);
  }

  // slash and slash_reserved: `take(account)` removes what is slashed from the account's data and
  // returns it; the rest (dust, the Slashed event, nothing on failure) is the same for both.
  template <class Take>
  static Balance slash_account(const AccountId32& who, Balance amount, Take take);

  // fungible::Unbalanced::write_balance: sets the free balance; a reduction may not exceed what
  // is reducible with force (locks aside). Returns the dust.
  static Result<Balance, DispatchError> write_balance(const AccountId32& who, Balance amount);

  // fungible::Unbalanced::decrease_balance: returns the reduction; dust is burned.
  static Result<Balance, DispatchError> decrease_balance(const AccountId32& who, Balance amount,
                                                         Precision precision,
                                                         Preservation preservation,
                                                         Fortitude force);

  // fungible::Unbalanced::increase_balance: returns the increase; an account cannot be brought
  // into existence below the existential deposit (nothing happens with kBestEffort).
  static Result<Balance, DispatchError> increase_balance(const AccountId32& who, Balance amount,
                                                         Precision precision);

  // Currency's PositiveImbalance dropped: the issuance grows (Issued).
  static void drop_positive_imbalance(Balance amount);
  // Currency's NegativeImbalance dropped: the issuance shrinks (Rescinded).
  static void drop_negative_imbalance(Balance amount);

  // force_set_balance: below the existential deposit the account is wiped; the issuance follows
  // the change (Issued / Rescinded), then BalanceSet.
  static DispatchResult set_free_balance(const AccountId32& who, Balance new_free) {
    if (new_free < existential_deposit()) new_free = 0;
    return transactional([&]() -> DispatchResult {
      Balance old_free = 0;
      auto dust = try_mutate_account(who, [&](AccountData& a, bool) -> DispatchResult {
        old_free = a.free;
        a.free = new_free;
        return {};
      });
      if (!dust) return unexpected(dust.error());
      handle_dust(*dust);
      if (new_free > old_free) drop_positive_imbalance(new_free - old_free);
      if (new_free < old_free) drop_negative_imbalance(old_free - new_free);
      deposit_event(BalanceSet{who, new_free});
      return {};
    });
  }

  // Whether a hold for `reason` can be placed: the account exists and has room for it.
  static bool hold_available(const HoldReason& reason, const AccountId32& who);

  // fungible::UnbalancedHold::set_balance_on_hold: the hold for `reason` becomes `amount` and
  // `reserved` follows.
  static DispatchResult set_balance_on_hold(const HoldReason& reason, const AccountId32& who,
                                            Balance amount);

  // Sets the account's `frozen` to the largest of its locks and freezes (FRAME's fungible
  // rework: every lock freezes everything): `frozen` before and after (known even when mutating
  // the account then fails), and the dust or the error (lib.rs mutate_account, which leaves the
  // issuance alone: a changed `frozen` cannot make dust, so any is reported, not burned).
  struct Refrozen {
    Balance before = 0;
    Balance after = 0;
    Result<Balance, DispatchError> dust;
  };
  static Refrozen refreeze(const AccountId32& who, const std::vector<BalanceLock>& account_locks,
                           const std::vector<Freeze>& account_freezes, bool force_consumer_bump) {
    Refrozen out;
    out.dust = try_mutate_account(
        who,
        [&](AccountData& a, bool) -> DispatchResult {
          out.before = a.frozen;
          a.frozen = 0;
          for (const BalanceLock& l : account_locks) a.frozen = std::max(a.frozen, l.amount);
          for (const Freeze& f : account_freezes) a.frozen = std::max(a.frozen, f.amount);
          out.after = a.frozen;
          return {};
        },
        force_consumer_bump);
    return out;
  }

  // Recomputes `frozen` from the locks and freezes and stores the locks (lib.rs update_locks).
  // As in FRAME it does not fail: the consumer reference is forced, and an account that cannot
  // be mutated (no provider) or that would lose dust is reported with Unexpected, the locks and
  // their events written all the same.
  static DispatchResult update_locks(const AccountId32& who, std::vector<BalanceLock> next) {
    if (next.size() > T::kMaxLocks) {
      // Locks are a WeakBoundedVec: more than MaxLocks is allowed, only reported.
      io::log(io::LogLevel::kWarn, "runtime::balances",
              "Warning: A user has more currency locks than expected. A runtime configuration "
              "adjustment may be needed.");
    }
    const std::vector<Freeze> freezes = Freezes::get(who).items;
    return transactional([&]() -> DispatchResult {
      const Refrozen change = refreeze(who, next, freezes, true);
      if (!change.dust) {
        deposit_event(Unexpected{UnexpectedKind::kFailedToMutateAccount});
      } else if (*change.dust != 0) {
        deposit_event(Unexpected{UnexpectedKind::kBalanceUpdated});
      }
      const Balance before = change.before;
      const Balance after = change.after;
      if (next.empty()) {
        Locks::remove(who);
      } else {
        Locks::insert(who, WeakBoundedVec<BalanceLock, ConstU32<T::kMaxLocks>>{std::move(next)});
      }
      if (before > after) deposit_event(Unlocked{who, before - after});
      if (after > before) deposit_event(Locked{who, after - before});
      return {};
    });
  }

  // The same for freezes (lib.rs update_freezes).
  static DispatchResult update_freezes(const AccountId32& who, std::vector<Freeze> next) {
    const std::vector<BalanceLock> current_locks = locks(who);
    return transactional([&]() -> DispatchResult {
      const Refrozen change = refreeze(who, current_locks, next, false);
      if (!change.dust) return unexpected(change.dust.error());
      if (*change.dust != 0) deposit_event(Unexpected{UnexpectedKind::kBalanceUpdated});
      const Balance before = change.before;
      const Balance after = change.after;
      if (next.empty()) {
        Freezes::remove(who);
      } else {
        Freezes::insert(who, BoundedVec<Freeze, ConstU32<T::kMaxFreezes>>{std::move(next)});
      }
      if (before > after) deposit_event(Thawed{who, before - after});
      if (after > before) deposit_event(Frozen{who, after - before});
      return {};
    });
  }

  // lib.rs do_transfer_reserved: moves reserved funds of `from` to `to` (which must exist), into
  // its free or reserved balance; returns the amount moved.
  static Result<Balance, DispatchError> transfer_reserved(const AccountId32& from,
                                                          const AccountId32& to, Balance amount,
                                                          Precision precision, Fortitude force,
                                                          BalanceStatus status) {
    if (amount == 0) return Balance{0};
    const AccountData source = account(from);
    // What may leave the reserve: freezes apply to free + reserved, so the free balance counts
    // towards them first.
    const Balance max =
        force == Fortitude::kForce
            ? source.reserved
            : saturating_sub(source.reserved, saturating_sub(source.frozen, source.free));
    const Balance actual = precision == Precision::kBestEffort ? std::min(amount, max) : amount;
    if (actual > max) return unexpected(token_error(TokenError::kFundsUnavailable));
    if (from == to) {
      if (status == BalanceStatus::kFree) return actual - unreserve(from, actual);
      return actual;
    }
    return transactional([&]() -> Result<Balance, DispatchError> {
      auto to_dust = try_mutate_account(to, [&](AccountData& dest, bool is_new) -> DispatchResult {
        if (is_new) return unexpected(error(Error::kDeadAccount));
        Balance& target = status == BalanceStatus::kFree ? dest.free : dest.reserved;
        if (target > ~Balance{0} - actual) {
          return unexpected(arithmetic_error(ArithmeticError::kOverflow));
        }
        target += actual;
        return {};
      });
      if (!to_dust) return unexpected(to_dust.error());
      auto from_dust = try_mutate_account(from, [&](AccountData& src, bool) -> DispatchResult {
        src.reserved = saturating_sub(src.reserved, actual);
        return {};
      });
      if (!from_dust) return unexpected(from_dust.error());
      handle_dust(*to_dust);
      handle_dust(*from_dust);
      deposit_event(ReserveRepatriated{from, to, actual, status});
      return actual;
    });
  }
};

}  // namespace canary::rt::pallets::balances

// The definitions of the interface (FRAME's impl_fungible.rs and impl_currency.rs).
#include "runtime/pallets/balances/impl_currency.hpp"  // IWYU pragma: export
#include "runtime/pallets/balances/impl_fungible.hpp"  // IWYU pragma: export
