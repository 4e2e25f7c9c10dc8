// Substrate's JSON chain-spec format, both ways (sc-chain-spec chain_spec.rs: `ClientSpec`,
// `ChainSpecJsonContainer`, `Genesis`, `RawGenesis`, `RuntimeGenesisInner`, all camelCase):
//
//   {"name", "id", "chainType", "bootNodes", "telemetryEndpoints", "protocolId", ["forkId"],
//    "properties", [extensions…], "codeSubstitutes", "genesis"}
//
// with "genesis" one of
//   {"raw": {"top": {"0x…": "0x…"}, "childrenDefault": {"0x…": {…}}}}       (build-spec --raw)
//   {"runtimeGenesis": {"code": "0x…", "patch": {…}}}    or  {…, "config": {…}}  (build-spec)
//
// A raw spec's identity and storage are read by state::parse_chain_spec; this adds the
// `runtimeGenesis` form (whose storage the runtime's GenesisBuilder builds, see
// chain/genesis_builder.hpp) and the fields a rewrite keeps but state::ChainSpec does not model.
// Output is pretty-printed with two spaces like serde_json::to_string_pretty; object members of
// the genesis config and the raw storage are in key order, as serde_json's default map sorts them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::node {

// genesis.runtimeGenesis: the runtime code and its genesis config, a patch over the runtime's
// default config or a full config (sc-chain-spec `RuntimeGenesisConfigJson`).
struct RuntimeGenesis {
  enum class Kind : uint8_t { kPatch, kConfig };
  Bytes code;
  Kind kind = Kind::kPatch;
  nlohmann::json value = nlohmann::json::object();
};

// A chain spec as a document: what state::ChainSpec holds, how its genesis is given, and the
// fields kept verbatim on a rewrite.
struct ChainSpecDocument {
  // Identity, and the raw genesis storage when raw_genesis is true.
  state::ChainSpec spec;
  bool raw_genesis = false;
  // Set when the genesis is (or was built from) a runtime genesis config.
  std::optional<RuntimeGenesis> runtime_genesis;
  // "telemetryEndpoints" (null when absent), "forkId", and any other top-level member (the
  // node's chain-spec extensions, e.g. Polkadot's "forkBlocks", "badBlocks", "lightSyncState").
  nlohmann::json telemetry_endpoints = nullptr;
  std::optional<std::string> fork_id;
  nlohmann::json extensions = nlohmann::json::object();
};

// Reads a JSON chain spec with a raw or a runtimeGenesis genesis. The legacy forms sc-chain-spec
// still reads ("runtime": a native config without code, "stateRootHash") are errors, and so is a
// document nesting deeper than serde_json's recursion limit (128), which Substrate refuses too.
Result<ChainSpecDocument, std::string> parse_chain_spec_document(std::string_view json_text);

// Writes the spec (sc-chain-spec `ChainSpec::as_json(raw)`): with `raw`, genesis.raw from
// spec.top / spec.children_default (an error unless raw_genesis); without, the runtime genesis
// when there is one, else the raw genesis as it is.
Result<std::string, std::string> write_chain_spec_json(const ChainSpecDocument& document, bool raw);

}  // namespace canary::node
