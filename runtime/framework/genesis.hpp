// Genesis configuration (frame-support `#[pallet::genesis_config]`, sp-genesis-builder): a pallet
// with a genesis declares its configuration once,
//
//   struct GenesisConfig {                 // default-constructible: the default genesis
//     std::vector<std::pair<AccountId32, Balance>> balances;
//     static constexpr auto json_fields() {
//       return std::tuple{json_field("balances", &GenesisConfig::balances)};
//     }
//   };
//   static Result<void, std::string> build_genesis(const GenesisConfig&);
//
// and its JSON follows from the declared fields (json/json_codec.hpp). The runtime builds its
// genesis state from one JSON object whose fields are the pallets' names in lowerCamelCase
// ("system", "balances", "transactionPayment", …), as Substrate's RuntimeGenesisConfig
// serializes (Composition::build_genesis_json). Unknown fields are refused; missing ones take the
// default. build_genesis refuses a configuration it cannot build (below the existential deposit,
// duplicates…) with an error whose path is relative to the pallet's section
// ("balances[2]: below the existential deposit").
#pragma once

#include <concepts>
#include <string>
#include <string_view>

#include "primitives/util/result.hpp"
#include "runtime/framework/json/json_codec.hpp"

namespace canary::rt {

template <class P>
concept HasGenesis = requires(const typename P::GenesisConfig& config) {
  { P::build_genesis(config) } -> std::same_as<Result<void, std::string>>;
  P::GenesisConfig::json_fields();
};

// The order in which a runtime builds its pallets' genesis (Composition::build_genesis_json).
template <class... Pallets>
struct GenesisOrder {};

// "TransactionPayment" → "transactionPayment".
inline std::string genesis_field_name(std::string_view pallet_name) {
  std::string out(pallet_name);
  // ASCII by hand: the wasm32 runtime links no C locale functions (std::tolower is one).
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z')
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

}  // namespace canary::rt
