// What TaggedTransactionQueue_validate_transaction answers (sp-runtime transaction_validity.rs):
// a ValidTransaction with its priority and tags, or why the transaction is invalid. The variant
// indices are consensus-visible wire format (the pool and RPC clients decode them).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::runtime {

// Where a transaction comes from; the runtime may treat them differently.
enum class TransactionSource : uint8_t { kInBlock = 0, kLocal = 1, kExternal = 2 };
inline bool scale_is_valid(TransactionSource s) {
  return static_cast<uint8_t>(s) <= 2;
}

// InvalidTransaction: the transaction can never be valid (at this block or later).
struct InvalidTransaction {
  static constexpr uint8_t kScaleIndex = 0;
  enum class Kind : uint8_t {
    kCall = 0,
    kPayment = 1,
    kFuture = 2,
    kStale = 3,
    kBadProof = 4,
    kAncientBirthBlock = 5,
    kExhaustsResources = 6,
    kCustom = 7,  // carries a runtime-defined byte
    kBadMandatory = 8,
    kMandatoryValidation = 9,
    kBadSigner = 10,
    kIndeterminateImplicit = 11,
    kUnknownOrigin = 12,
  };
  Kind kind = Kind::kCall;
  uint8_t custom = 0;

  bool operator==(const InvalidTransaction&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(kind));
    if (kind == Kind::kCustom) out.put_byte(custom);
  }
  void scale_decode(scale::Decoder& in);
};

// UnknownTransaction: validity cannot be decided (yet).
struct UnknownTransaction {
  static constexpr uint8_t kScaleIndex = 1;
  enum class Kind : uint8_t { kCannotLookup = 0, kNoUnsignedValidator = 1, kCustom = 2 };
  Kind kind = Kind::kCannotLookup;
  uint8_t custom = 0;

  bool operator==(const UnknownTransaction&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(kind));
    if (kind == Kind::kCustom) out.put_byte(custom);
  }
  void scale_decode(scale::Decoder& in);
};

using TransactionValidityError = std::variant<InvalidTransaction, UnknownTransaction>;

struct ValidTransaction {
  uint64_t priority = 0;
  std::vector<Bytes> requires_tags;
  std::vector<Bytes> provides_tags;
  uint64_t longevity = UINT64_MAX;
  bool propagate = true;

  bool operator==(const ValidTransaction&) const = default;
  CANARY_SCALE_FIELDS(priority, requires_tags, provides_tags, longevity, propagate)
};

using TransactionValidity = Result<ValidTransaction, TransactionValidityError>;

// E.g. "Invalid(Payment)", "Unknown(Custom(3))": for logs and RPC error data.
std::string to_string(const TransactionValidityError& error);

}  // namespace canary::runtime
