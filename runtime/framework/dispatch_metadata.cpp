// Metadata of sp-runtime's DispatchError and its nested error enums.
#include "runtime/framework/dispatch.hpp"

namespace canary::runtime {

namespace {

using rt::meta::TypeBuilder;

struct TokenErrorType {
  static void type_info(TypeBuilder& b) {
    b.path({"sp_runtime", "TokenError"});
    const char* names[] = {"FundsUnavailable", "OnlyProvider", "BelowMinimum", "CannotCreate",
                           "UnknownAsset",     "Frozen",       "Unsupported",  "CannotCreateHold",
                           "NotExpendable",    "Blocked"};
    for (uint8_t i = 0; i < static_cast<uint8_t>(std::size(names)); ++i) b.variant(i, names[i]);
  }
};
struct ArithmeticErrorType {
  static void type_info(TypeBuilder& b) {
    b.path({"sp_arithmetic", "ArithmeticError"});
    b.variant(0, "Underflow").variant(1, "Overflow").variant(2, "DivisionByZero");
  }
};
struct TransactionalErrorType {
  static void type_info(TypeBuilder& b) {
    b.path({"sp_runtime", "TransactionalError"});
    b.variant(0, "LimitReached").variant(1, "NoLayer");
  }
};
struct TrieErrorType {
  static void type_info(TypeBuilder& b) {
    b.path({"sp_runtime", "proving_trie", "TrieError"});
    const char* names[] = {"InvalidStateRoot",      "IncompleteDatabase", "ValueAtIncompleteKey",
                           "DecoderError",          "InvalidHash",        "DuplicateKey",
                           "ExtraneousNode",        "ExtraneousValue",    "ExtraneousHashReference",
                           "InvalidChildReference", "ValueMismatch",      "IncompleteProof",
                           "RootMismatch",          "DecodeError"};
    for (uint8_t i = 0; i < static_cast<uint8_t>(std::size(names)); ++i) b.variant(i, names[i]);
  }
};

}  // namespace

void canary_type_info(TypeBuilder& b, const ModuleError*) {
  b.path({"sp_runtime", "ModuleError"});
  b.typed_field<uint8_t>("index", "u8");
  // The type name as sp-runtime spells it (Kusama's and Polkadot's metadata).
  b.typed_field<ByteArray<4>>("error", "[u8; MAX_MODULE_ERROR_ENCODED_SIZE]");
}

void canary_type_info(TypeBuilder& b, const DispatchError*) {
  using rt::meta::field_of;
  rt::meta::Registry& r = b.registry();
  b.path({"sp_runtime", "DispatchError"});
  b.variant(0, "Other");
  b.variant(1, "CannotLookup");
  b.variant(2, "BadOrigin");
  b.variant(3, "Module", {field_of<ModuleError>(r, std::nullopt, "ModuleError")});
  b.variant(4, "ConsumerRemaining");
  b.variant(5, "NoProviders");
  b.variant(6, "TooManyConsumers");
  b.variant(7, "Token", {field_of<TokenErrorType>(r, std::nullopt, "TokenError")});
  b.variant(8, "Arithmetic", {field_of<ArithmeticErrorType>(r, std::nullopt, "ArithmeticError")});
  b.variant(9, "Transactional",
            {field_of<TransactionalErrorType>(r, std::nullopt, "TransactionalError")});
  b.variant(10, "Exhausted");
  b.variant(11, "Corruption");
  b.variant(12, "Unavailable");
  b.variant(13, "RootNotAllowed");
  b.variant(14, "Trie", {field_of<TrieErrorType>(r, std::nullopt, "TrieError")});
}

}  // namespace canary::runtime
