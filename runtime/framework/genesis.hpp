// Genesis configuration (frame-support `#[pallet::genesis_config]`, sp-genesis-builder): a pallet
// with a genesis declares
//   struct GenesisConfig { … };   // default-constructible: the default genesis
//   static Result<GenesisConfig, std::string> genesis_from_json(const json::Value&);
//   static json::Value genesis_to_json(const GenesisConfig&);
//   static void build_genesis(const GenesisConfig&);
// and the runtime builds its genesis state from one JSON object whose fields are the pallets'
// names in lowerCamelCase ("system", "balances", "transactionPayment", …), as Substrate's
// RuntimeGenesisConfig serializes. Unknown fields are refused; missing ones take the default.
#pragma once

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "primitives/ss58/ss58.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt {

template <class P>
concept HasGenesis = requires(const typename P::GenesisConfig& config, const json::Value& value) {
  P::build_genesis(config);
  P::genesis_from_json(value);
  P::genesis_to_json(config);
};

// "TransactionPayment" → "transactionPayment".
inline std::string genesis_field_name(std::string_view pallet_name) {
  std::string out(pallet_name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// --- Helpers for pallets' JSON mappings.

// An account as genesis JSON writes it: SS58 (any network prefix) or 0x-prefixed hex.
inline Result<AccountId32, std::string> account_from_json(const json::Value& value) {
  const std::string* text = value.string();
  if (text == nullptr) return unexpected(std::string("an account must be a string"));
  if (text->size() == 66 && text->starts_with("0x")) {
    auto bytes = from_hex_fixed<32>(*text);
    if (!bytes) return unexpected("not a 32-byte hex account: " + *text);
    return AccountId32{*bytes};
  }
  auto decoded = ss58::decode(*text);
  if (!decoded || decoded->payload.size() != 32) {
    return unexpected("not an SS58 account: " + *text);
  }
  AccountId32 account;
  std::copy(decoded->payload.begin(), decoded->payload.end(), account.bytes.begin());
  return account;
}

// SS58 with the generic prefix 42, as sp-core's serde writes accounts.
inline json::Value account_to_json(const AccountId32& account) {
  return json::Value::of(ss58::encode(account.bytes, 42));
}

// An amount: a JSON integer (exact up to u128) or a string of decimal digits.
inline Result<u128, std::string> amount_from_json(const json::Value& value) {
  if (auto n = value.unsigned_integer()) return *n;
  if (const std::string* text = value.string()) {
    auto n = json::Value{json::Number{*text}}.unsigned_integer();
    if (n) return *n;
  }
  return unexpected(std::string("an amount must be a non-negative integer"));
}

}  // namespace canary::rt
