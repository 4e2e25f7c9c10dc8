// The Canary runtime's genesis (sp-genesis-builder): the state from a JSON configuration (a
// field per pallet, as Substrate's RuntimeGenesisConfig serializes; each pallet declares its
// GenesisConfig and the JSON follows from its fields, framework/genesis.hpp), and the presets
// `development` (Alice the only authority and, in the blob with Sudo, the sudo key; the dev
// accounts endowed) and `local_testnet` (Alice, Bob, Charlie and Dave authorities).
//
// Besides the pallets' configurations, `"timestamp": {"minimumPeriod": <ms>}` sets the block time
// (BABE's slot is twice it, 500 ms to one hour; block_time.hpp). The presets leave it out: Kusama's
// 6 s slots, and no key written. The node's `--dev-block-time` patches it into `development`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/util/result.hpp"
#include "runtime/framework/json/json.hpp"

namespace canary::rt::canary_runtime {

// Writes the genesis state of `config` (through runtime/io). Fields left out take their defaults;
// unknown fields and malformed values are errors.
Result<void, std::string> build_genesis_state(const json::Value& config);

inline constexpr std::string_view kDevelopmentPreset = "development";
inline constexpr std::string_view kLocalTestnetPreset = "local_testnet";

// Every section with its default value, as the pallets declare them (what `{}` builds).
json::Value default_genesis_config();

std::vector<std::string> preset_names();
// The JSON of a preset (a patch: the sections it sets); none for an unknown name. With no name,
// the default configuration as GenesisBuilder_get_preset(None) has always returned it: `{}`, every
// section left to its default (default_genesis_config() spells them out).
std::optional<json::Value> preset(std::optional<std::string_view> name);

}  // namespace canary::rt::canary_runtime
