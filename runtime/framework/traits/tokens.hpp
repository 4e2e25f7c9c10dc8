// frame_support::traits::tokens: the vocabulary of the token traits (fungible.hpp, currency.hpp):
// how far a withdrawal may go (Preservation, Fortitude, Precision, Existence), what a withdrawal
// or deposit would do (WithdrawCheck, DepositCheck), the errors they report (sp_runtime's
// TokenError and ArithmeticError inside DispatchError), where repatriated funds land
// (BalanceStatus) and the legacy WithdrawReasons of Currency. Metadata paths are FRAME's.
#pragma once

#include <cstdint>

#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::traits::tokens {

// The relay chains' balance type (sp-runtime `Balance`).
using Balance = u128;

// frame_support::traits::tokens::Preservation: may the account die (Expendable), must it keep its
// provider reference if it is the last (Protect), or must it keep the existential deposit
// (Preserve).
enum class Preservation : uint8_t { kExpendable, kProtect, kPreserve };
// frame_support::traits::tokens::Fortitude: whether freezes apply (Polite) or are ignored (Force,
// e.g. slashing).
enum class Fortitude : uint8_t { kPolite, kForce };
// frame_support::traits::tokens::Precision: all or nothing (Exact), or as much as possible
// (BestEffort).
enum class Precision : uint8_t { kExact, kBestEffort };
// frame_support::traits::tokens::Provenance: whether a deposit is new issuance (Minted) or comes
// from elsewhere (Extant).
enum class Provenance : uint8_t { kMinted, kExtant };
// frame_support::traits::ExistenceRequirement.
enum class Existence : uint8_t { kKeepAlive, kAllowDeath };

// sp_runtime::TokenError, the detail of DispatchError::Token.
enum class TokenError : uint8_t {
  kFundsUnavailable = 0,
  kOnlyProvider = 1,
  kBelowMinimum = 2,
  kCannotCreate = 3,
  kUnknownAsset = 4,
  kFrozen = 5,
  kUnsupported = 6,
  kCannotCreateHold = 7,
  kNotExpendable = 8,
  kBlocked = 9,
};
inline DispatchError token_error(TokenError e) {
  return dispatch_error(DispatchError::Kind::kToken, static_cast<uint8_t>(e));
}
// sp_arithmetic::ArithmeticError, the detail of DispatchError::Arithmetic.
enum class ArithmeticError : uint8_t { kUnderflow = 0, kOverflow = 1, kDivisionByZero = 2 };
inline DispatchError arithmetic_error(ArithmeticError e) {
  return dispatch_error(DispatchError::Kind::kArithmetic, static_cast<uint8_t>(e));
}

// frame_support::traits::tokens::WithdrawConsequence: what taking `amount` out of an account
// would do.
struct WithdrawCheck {
  enum class Kind : uint8_t {
    kBalanceLow,
    kWouldDie,
    kUnknownAsset,
    kUnderflow,
    kOverflow,
    kFrozen,
    kReducedToZero,  // allowed, the account dies and `dust` is lost
    kSuccess,
  };
  Kind kind = Kind::kSuccess;
  Balance dust = 0;

  // The error it means (WithdrawConsequence::into_result): the account dying is an error when it
  // must be kept (keep_nonzero).
  DispatchResult into_result(bool keep_nonzero) const {
    switch (kind) {
      case Kind::kBalanceLow:
        return unexpected(token_error(TokenError::kFundsUnavailable));
      case Kind::kWouldDie:
        return unexpected(token_error(TokenError::kOnlyProvider));
      case Kind::kUnknownAsset:
        return unexpected(token_error(TokenError::kUnknownAsset));
      case Kind::kUnderflow:
        return unexpected(arithmetic_error(ArithmeticError::kUnderflow));
      case Kind::kOverflow:
        return unexpected(arithmetic_error(ArithmeticError::kOverflow));
      case Kind::kFrozen:
        return unexpected(token_error(TokenError::kFrozen));
      case Kind::kReducedToZero:
        if (keep_nonzero) return unexpected(token_error(TokenError::kNotExpendable));
        return {};
      case Kind::kSuccess:
        return {};
    }
    return {};
  }
};

// frame_support::traits::tokens::DepositConsequence.
enum class DepositCheck : uint8_t { kBelowMinimum, kCannotCreate, kOverflow, kSuccess };
inline DispatchResult into_result(DepositCheck c) {
  switch (c) {
    case DepositCheck::kBelowMinimum:
      return unexpected(token_error(TokenError::kBelowMinimum));
    case DepositCheck::kCannotCreate:
      return unexpected(token_error(TokenError::kCannotCreate));
    case DepositCheck::kOverflow:
      return unexpected(arithmetic_error(ArithmeticError::kOverflow));
    case DepositCheck::kSuccess:
      return {};
  }
  return {};
}

// Where repatriated reserved funds land (frame_support::traits::tokens::misc::BalanceStatus).
enum class BalanceStatus : uint8_t { kFree = 0, kReserved = 1 };
inline bool scale_is_valid(BalanceStatus s) {
  return static_cast<uint8_t>(s) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const BalanceStatus*) {
  b.path({"frame_support", "traits", "tokens", "misc", "BalanceStatus"});
  b.variant(0, "Free").variant(1, "Reserved");
}

// frame_support::traits::WithdrawReasons: the bit flags callers pass to set_lock / withdraw.
struct WithdrawReasons {
  uint8_t bits = 0;
  static constexpr uint8_t kTransactionPayment = 0b00001;
  static constexpr uint8_t kTransfer = 0b00010;
  static constexpr uint8_t kReserve = 0b00100;
  static constexpr uint8_t kFee = 0b01000;
  static constexpr uint8_t kTip = 0b10000;

  static constexpr WithdrawReasons all() { return {0b11111}; }
  static constexpr WithdrawReasons transaction_payment() { return {kTransactionPayment}; }
  static constexpr WithdrawReasons transfer() { return {kTransfer}; }
  constexpr bool empty() const { return bits == 0; }
  constexpr bool operator==(const WithdrawReasons&) const = default;
};

}  // namespace canary::rt::traits::tokens
