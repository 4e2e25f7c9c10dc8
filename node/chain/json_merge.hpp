// JSON helpers for runtime genesis configs.
//
// json_merge: sc-chain-spec's `json_patch::merge` (substrate/client/chain-spec/src/json_patch.rs),
// which a non-raw chain spec's `runtimeGenesis.patch` goes through before
// `GenesisBuilder_build_state`:
//  - object into object: each member of the patch is merged into the target's member of that name
//    (created when absent), and a member whose patch value is null is removed;
//  - anything else replaces the target wholesale.
// This is RFC 7396 except for one corner: RFC 7396 merges an object patch into a non-object
// target as into {} (dropping the patch's nulls), sc-chain-spec copies the patch as it is, nulls
// included. Canary follows sc-chain-spec, so that the same spec gives the same genesis.
//
// parse_genesis_json: JSON text to a value, refusing integers that do not fit 64 bits.
// sc-chain-spec reads genesis JSON with serde_json's `arbitrary_precision`, so u128 balances stay
// exact; nlohmann-json would turn them into doubles and silently change the genesis. Such numbers
// are an error here, with the way out: the runtime also reads amounts written as strings.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "primitives/util/result.hpp"

namespace canary::node {

void json_merge(nlohmann::json& target, const nlohmann::json& patch);

Result<nlohmann::json, std::string> parse_genesis_json(std::string_view text);

// Compact JSON text of a value (invalid UTF-8, which the parser never lets in, is replaced).
std::string json_text(const nlohmann::json& value, int indent = -1);

}  // namespace canary::node
