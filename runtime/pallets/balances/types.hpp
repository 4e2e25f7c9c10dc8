// pallet_balances' data types (substrate/frame/balances/src/types.rs) and the frame_support token
// types its storage and events use, with the metadata paths FRAME gives them so that clients
// (polkadot.js, polkadot-api, subxt) recognise and decode them: the account data stored in
// frame_system's AccountInfo, balance locks, named reserves, holds and freezes (IdAmount), the
// bounded vectors those lists are stored as, and AdjustmentDirection. BalanceStatus and
// WithdrawReasons are frame_support's (framework/traits/tokens.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/bounded.hpp"

namespace canary::rt::pallets::balances {

// Kusama's balance type; every amount here is a u128 (sp-runtime `Balance` of the relay chains).
using Balance = u128;

// An 8-byte lock or reserve identifier (frame_support LockIdentifier, Kusama's ReserveIdentifier).
using traits::LockIdentifier;
using traits::ReserveIdentifier;

// frame_support's token types (framework/traits/tokens.hpp) that the storage, events and
// interface use.
using traits::tokens::BalanceStatus;
using traits::tokens::WithdrawReasons;

constexpr Balance saturating_sub(Balance a, Balance b) {
  return a > b ? a - b : 0;
}
constexpr Balance saturating_add(Balance a, Balance b) {
  return a > ~Balance{0} - b ? ~Balance{0} : a + b;
}

// The most significant bit of ExtraFlags: the account uses the consumer/provider reference logic
// of 2023's fungible rework (every account created since is "new logic").
inline constexpr u128 kIsNewLogic = u128{1} << 127;

// pallet_balances::types::ExtraFlags(u128): a newtype, so its metadata is a composite with one
// unnamed u128 field, encoded as the bare u128.
struct ExtraFlags {
  u128 bits = kIsNewLogic;

  bool is_new_logic() const { return (bits & kIsNewLogic) == kIsNewLogic; }
  void set_new_logic() { bits |= kIsNewLogic; }
  bool operator==(const ExtraFlags&) const = default;
  CANARY_SCALE_FIELDS(bits)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_balances", "types", "ExtraFlags"});
    b.typed_field<u128>(std::nullopt, "u128");
  }
};

// The balances of one account, stored in frame_system's AccountInfo::data.
//   free:     what the owner controls (transfers, fees, reserves come out of it);
//   reserved: the sum of holds and (legacy) reserves, never spendable;
//   frozen:   what free + reserved may not drop below (the largest lock or freeze);
//   flags:    ExtraFlags (the new-logic bit).
template <class B>
struct AccountDataOf {
  B free = 0;
  B reserved = 0;
  B frozen = 0;
  ExtraFlags flags;

  // What may leave the account, ignoring the existential deposit.
  B usable() const { return saturating_sub(free, frozen); }
  B total() const { return saturating_add(free, reserved); }

  bool operator==(const AccountDataOf&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("free", &AccountDataOf::free, "Balance"),
                      field("reserved", &AccountDataOf::reserved, "Balance"),
                      field("frozen", &AccountDataOf::frozen, "Balance"),
                      field("flags", &AccountDataOf::flags, "ExtraFlags")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_balances", "types", "AccountData"});
    b.param<B>("Balance");
    add_fields(b, fields());
  }
};
using AccountData = AccountDataOf<Balance>;

// Which withdrawals a lock applies to (pallet_balances::types::Reasons). Kept for the storage
// format; since the fungible rework every lock freezes the balance for all purposes.
enum class Reasons : uint8_t { kFee = 0, kMisc = 1, kAll = 2 };
inline bool scale_is_valid(Reasons r) {
  return static_cast<uint8_t>(r) <= 2;
}
inline void canary_type_info(meta::TypeBuilder& b, const Reasons*) {
  b.path({"pallet_balances", "types", "Reasons"});
  b.variant(0, "Fee").variant(1, "Misc").variant(2, "All");
}
// Reasons | Reasons: the same, or All (types.rs BitOr).
inline Reasons merge_reasons(Reasons a, Reasons b) {
  return a == b ? a : Reasons::kAll;
}

// The stored form of WithdrawReasons (types.rs `From<WithdrawReasons> for Reasons`).
constexpr Reasons to_reasons(WithdrawReasons reasons) {
  if (reasons.bits == WithdrawReasons::kTransactionPayment) return Reasons::kFee;
  if ((reasons.bits & WithdrawReasons::kTransactionPayment) != 0) return Reasons::kAll;
  return Reasons::kMisc;
}

// A lock on an account's balance (pallet_balances::types::BalanceLock); locks overlap.
template <class B>
struct BalanceLockOf {
  LockIdentifier id{};
  B amount = 0;
  Reasons reasons = Reasons::kAll;

  bool operator==(const BalanceLockOf&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &BalanceLockOf::id, "LockIdentifier"),
                      field("amount", &BalanceLockOf::amount, "Balance"),
                      field("reasons", &BalanceLockOf::reasons, "Reasons")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_balances", "types", "BalanceLock"});
    b.param<B>("Balance");
    add_fields(b, fields());
  }
};
using BalanceLock = BalanceLockOf<Balance>;

// A named reserve (pallet_balances::types::ReserveData).
template <class Id, class B>
struct ReserveDataOf {
  Id id{};
  B amount = 0;

  bool operator==(const ReserveDataOf&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &ReserveDataOf::id, "ReserveIdentifier"),
                      field("amount", &ReserveDataOf::amount, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_balances", "types", "ReserveData"});
    b.param<Id>("ReserveIdentifier");
    b.param<B>("Balance");
    add_fields(b, fields());
  }
};
using ReserveData = ReserveDataOf<ReserveIdentifier, Balance>;

// An amount held or frozen for a reason (frame_support::traits::tokens::misc::IdAmount).
template <class Id, class B>
struct IdAmount {
  Id id{};
  B amount = 0;

  bool operator==(const IdAmount&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &IdAmount::id, "Id"),
                      field("amount", &IdAmount::amount, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "traits", "tokens", "misc", "IdAmount"});
    b.param<Id>("Id");
    b.param<B>("Balance");
    add_fields(b, fields());
  }
};

// force_adjust_total_issuance's direction (pallet_balances::types::AdjustmentDirection).
enum class AdjustmentDirection : uint8_t { kIncrease = 0, kDecrease = 1 };
inline bool scale_is_valid(AdjustmentDirection d) {
  return static_cast<uint8_t>(d) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const AdjustmentDirection*) {
  b.path({"pallet_balances", "types", "AdjustmentDirection"});
  b.variant(0, "Increase").variant(1, "Decrease");
}

// What the Unexpected event reports (pallet_balances::pallet::UnexpectedKind): a defensive path
// was taken, the balance changed where it must not, or mutating the account failed.
enum class UnexpectedKind : uint8_t { kBalanceUpdated = 0, kFailedToMutateAccount = 1 };
inline bool scale_is_valid(UnexpectedKind k) {
  return static_cast<uint8_t>(k) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const UnexpectedKind*) {
  b.path({"pallet_balances", "pallet", "UnexpectedKind"});
  b.variant(0, "BalanceUpdated").variant(1, "FailedToMutateAccount");
}

// A stand-in for an outer reason enum (RuntimeHoldReason, RuntimeFreezeReason) while no pallet
// of the runtime declares a reason: an enum without variants under the runtime's path, so the
// metadata is what construct_runtime! generates for such a runtime. Nothing decodes into it.
template <FixedString Crate, FixedString Name>
struct NoReasons {
  static constexpr uint32_t kVariantCount = 0;
  bool operator==(const NoReasons&) const = default;
  template <class Sink>
  void scale_encode(Sink&) const {}
  void scale_decode(scale::Decoder& in) { in.fail(scale::DecodeError::kInvalidVariantIndex); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({std::string(Crate.view()), std::string(Name.view())});
    b.definition(meta::VariantDef{});
  }
};

}  // namespace canary::rt::pallets::balances
