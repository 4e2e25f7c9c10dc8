// Decoding and names of the runtime's error types (transaction_validity.hpp, dispatch_error.hpp).
#include <iterator>

#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/runtime/transaction_validity.hpp"

namespace canary::runtime {

namespace {

constexpr const char* kInvalidNames[] = {"Call",
                                         "Payment",
                                         "Future",
                                         "Stale",
                                         "BadProof",
                                         "AncientBirthBlock",
                                         "ExhaustsResources",
                                         "Custom",
                                         "BadMandatory",
                                         "MandatoryValidation",
                                         "BadSigner",
                                         "IndeterminateImplicit",
                                         "UnknownOrigin"};
constexpr const char* kUnknownNames[] = {"CannotLookup", "NoUnsignedValidator", "Custom"};
constexpr const char* kDispatchNames[] = {
    "Other",       "CannotLookup",     "BadOrigin",   "Module",         "ConsumerRemaining",
    "NoProviders", "TooManyConsumers", "Token",       "Arithmetic",     "Transactional",
    "Exhausted",   "Corruption",       "Unavailable", "RootNotAllowed", "Trie"};
constexpr const char* kTokenNames[] = {
    "FundsUnavailable", "OnlyProvider", "BelowMinimum",     "CannotCreate",  "UnknownAsset",
    "Frozen",           "Unsupported",  "CannotCreateHold", "NotExpendable", "Blocked"};
constexpr const char* kArithmeticNames[] = {"Underflow", "Overflow", "DivisionByZero"};
constexpr const char* kTransactionalNames[] = {"LimitReached", "NoLayer"};
constexpr const char* kTrieNames[] = {
    "InvalidStateRoot",      "IncompleteDatabase", "ValueAtIncompleteKey",
    "DecoderError",          "InvalidHash",        "DuplicateKey",
    "ExtraneousNode",        "ExtraneousValue",    "ExtraneousHashReference",
    "InvalidChildReference", "ValueMismatch",      "IncompleteProof",
    "RootMismatch",          "DecodeError"};

template <size_t N>
uint8_t read_index(scale::Decoder& in, const char* const (&)[N]) {
  const uint8_t index = in.read_byte();
  if (in.ok() && index >= N) in.fail(scale::DecodeError::kInvalidVariantIndex);
  return index;
}

std::string hex_byte(uint8_t b) {
  constexpr char kDigits[] = "0123456789abcdef";
  return {kDigits[b >> 4], kDigits[b & 15]};
}

}  // namespace

void InvalidTransaction::scale_decode(scale::Decoder& in) {
  kind = static_cast<Kind>(read_index(in, kInvalidNames));
  custom = kind == Kind::kCustom ? in.read_byte() : 0;
}

void UnknownTransaction::scale_decode(scale::Decoder& in) {
  kind = static_cast<Kind>(read_index(in, kUnknownNames));
  custom = kind == Kind::kCustom ? in.read_byte() : 0;
}

std::string to_string(const TransactionValidityError& error) {
  if (const auto* invalid = std::get_if<InvalidTransaction>(&error)) {
    std::string name = kInvalidNames[static_cast<uint8_t>(invalid->kind)];
    if (invalid->kind == InvalidTransaction::Kind::kCustom) {
      name += "(" + std::to_string(invalid->custom) + ")";
    }
    return "Invalid(" + name + ")";
  }
  const auto& unknown = std::get<UnknownTransaction>(error);
  std::string name = kUnknownNames[static_cast<uint8_t>(unknown.kind)];
  if (unknown.kind == UnknownTransaction::Kind::kCustom) {
    name += "(" + std::to_string(unknown.custom) + ")";
  }
  return "Unknown(" + name + ")";
}

void DispatchError::scale_decode(scale::Decoder& in) {
  kind = static_cast<Kind>(read_index(in, kDispatchNames));
  detail = 0;
  module = {};
  if (!in.ok()) return;
  switch (kind) {
    case Kind::kModule:
      module.index = in.read_byte();
      in.read_into(MutableByteSpan(module.error.data(), module.error.size()));
      break;
    case Kind::kToken:
      detail = read_index(in, kTokenNames);
      break;
    case Kind::kArithmetic:
      detail = read_index(in, kArithmeticNames);
      break;
    case Kind::kTransactional:
      detail = read_index(in, kTransactionalNames);
      break;
    case Kind::kTrie:
      detail = read_index(in, kTrieNames);
      break;
    default:
      break;
  }
}

std::string to_string(const DispatchError& error) {
  std::string name = kDispatchNames[static_cast<uint8_t>(error.kind)];
  switch (error.kind) {
    case DispatchError::Kind::kModule: {
      std::string bytes;
      for (uint8_t b : error.module.error) bytes += hex_byte(b);
      return "Module { index: " + std::to_string(error.module.index) + ", error: 0x" + bytes + " }";
    }
    case DispatchError::Kind::kToken:
      return name + "(" + kTokenNames[error.detail % std::size(kTokenNames)] + ")";
    case DispatchError::Kind::kArithmetic:
      return name + "(" + kArithmeticNames[error.detail % std::size(kArithmeticNames)] + ")";
    case DispatchError::Kind::kTransactional:
      return name + "(" + kTransactionalNames[error.detail % std::size(kTransactionalNames)] + ")";
    case DispatchError::Kind::kTrie:
      return name + "(" + kTrieNames[error.detail % std::size(kTrieNames)] + ")";
    default:
      return name;
  }
}

}  // namespace canary::runtime
