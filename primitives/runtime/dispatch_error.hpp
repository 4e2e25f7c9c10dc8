// Why a dispatched call failed (sp-runtime DispatchError), as the runtime reports it in
// ApplyExtrinsicResult and in System.ExtrinsicFailed events. Only the variant index and the
// nested error bytes travel: `Other`'s message and a module error's message are #[codec(skip)].
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/util/result.hpp"

namespace canary::runtime {

// A pallet's error: the pallet's index in the runtime and the 4-byte encoded error (its variant
// index first).
struct ModuleError {
  uint8_t index = 0;
  std::array<uint8_t, 4> error{};
  bool operator==(const ModuleError&) const = default;
  CANARY_SCALE_FIELDS(index, error)
};

struct DispatchError {
  enum class Kind : uint8_t {
    kOther = 0,
    kCannotLookup = 1,
    kBadOrigin = 2,
    kModule = 3,
    kConsumerRemaining = 4,
    kNoProviders = 5,
    kTooManyConsumers = 6,
    kToken = 7,          // detail: TokenError (FundsUnavailable=0 … Blocked=9)
    kArithmetic = 8,     // detail: ArithmeticError (Underflow, Overflow, DivisionByZero)
    kTransactional = 9,  // detail: TransactionalError (LimitReached, NoLayer)
    kExhausted = 10,
    kCorruption = 11,
    kUnavailable = 12,
    kRootNotAllowed = 13,
    kTrie = 14,  // detail: TrieError (InvalidStateRoot=0 … DecodeError=13)
  };
  Kind kind = Kind::kOther;
  uint8_t detail = 0;
  ModuleError module;

  bool operator==(const DispatchError&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(kind));
    if (kind == Kind::kModule) {
      out.put_byte(module.index);
      out.put_bytes(module.error);
    } else if (has_detail(kind)) {
      out.put_byte(detail);
    }
  }
  void scale_decode(scale::Decoder& in);

  static bool has_detail(Kind kind) {
    return kind == Kind::kToken || kind == Kind::kArithmetic || kind == Kind::kTransactional ||
           kind == Kind::kTrie;
  }
};

// E.g. "Module { index: 4, error: 0x02000000 }", "Token(FundsUnavailable)".
std::string to_string(const DispatchError& error);

// BlockBuilder_apply_extrinsic's answer: the outer error says the extrinsic could not be included
// (it is invalid and the block producer drops it); the inner one that it was included but its
// call failed (it paid its fee).
using DispatchOutcome = Result<void, DispatchError>;
using ApplyExtrinsicResult = Result<DispatchOutcome, TransactionValidityError>;

}  // namespace canary::runtime
