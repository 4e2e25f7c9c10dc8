// The chains `--chain` names: the built-in `dev` and `local` chains, made from the embedded
// runtime and its genesis presets (as Polkadot's node builds `polkadot-dev` / `polkadot-local`
// with `ChainSpec::builder(WASM_BINARY).with_genesis_config_preset_name(...)`), or a JSON chain
// spec file (sc-cli `SubstrateCli::load_spec`: every other value is a path).
//
//   --chain dev    name "Development",   id "dev",           chainType "Development",
//                  preset `development` (Alice the only authority and the sudo key)
//   --chain local  name "Local Testnet", id "local_testnet", chainType "Local",
//                  preset `local_testnet` (Alice, Bob, Charlie and Dave authorities)
//
// Both have protocolId "canary" and the properties {"ss58Format":2,"tokenDecimals":12,
// "tokenSymbol":"KSM"}. Substrate's empty `--chain` means the node's default (live) chain; Canary
// has no live chain, so it is an error that asks for --chain or --dev.
//
// `--dev-block-time MS` (run and build-spec, as polkadot-omni-node's flag) gives the dev chain
// another block time: the preset's JSON gets `"timestamp": {"minimumPeriod": MS / 2}` merged in
// (BABE's slot is twice Timestamp's minimum period; the runtime checks the range,
// runtime/canary/block_time.hpp), so the genesis, and with it the genesis hash, is the dev
// chain's with that one value. The non-raw spec carries the patched JSON, so a file written by
// `build-spec --dev --dev-block-time MS` builds the same genesis. Only the built-in dev chain takes
// it: the validators of `local` must all start from one genesis, which a per-node flag would
// split, and a chain spec file says its genesis itself. For a test network, build-spec's
// `--block-time MS` and `--epoch-duration SLOTS` patch any built-in chain the same way
// (`"babe": {"epochDuration": SLOTS}` for the second), and its nodes are given the written spec
// (scripts/testnet does so).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blockchain/runtime_host.hpp"
#include "node/chain/chain_spec_json.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::node {

struct BuiltinChain {
  std::string_view arg;  // the --chain value
  std::string_view name;
  std::string_view id;
  std::string_view chain_type;
  std::string_view preset;  // the runtime's genesis preset
};

// The built-in chain `--chain arg` names, or null.
const BuiltinChain* find_builtin_chain(std::string_view arg);

inline constexpr std::string_view kCanaryProtocolId = "canary";
// Kusama's token: SS58 prefix 2, 12 decimals, KSM (what polkadot.js reads from
// system_properties).
inline constexpr std::string_view kCanaryProperties =
    R"({"ss58Format":2,"tokenDecimals":12,"tokenSymbol":"KSM"})";

// The built-in chain with that --chain value ("dev" or "local"), its genesis storage built by
// the embedded runtime (blockchain::build_genesis_storage of the chain's preset).
Result<state::ChainSpec, std::string> builtin_chain_spec(std::string_view id,
                                                         blockchain::RuntimeHost& host);

// A parachain registered in the genesis (build-spec --parachain ID=PVF_FILE:GENESIS_HEAD_FILE):
// written as Paras' genesis `"paras": {"paras": [[id, {"genesis_head", "validation_code",
// "parachain": true}]]}`, which gives it a core of its own.
struct GenesisParachain {
  uint32_t id = 0;
  Bytes validation_code;  // as the file has it: Wasm, or zstd-compressed with Substrate's prefix
  Bytes genesis_head;
};

// What the command line changes in a built-in chain's genesis.
struct BuiltinGenesisOptions {
  // --dev-block-time (run and build-spec): BABE's slot duration (ms) of the dev chain; even (it is
  // twice the minimum period), range checked by the runtime's GenesisBuilder.
  std::optional<uint64_t> dev_block_time_ms;
  // build-spec's timings for test networks, on any built-in chain (the nodes of a network then
  // all start from the spec it writes): --block-time (ms, as --dev-block-time) and
  // --epoch-duration (BABE's epoch, and so the session, in slots: `"babe": {"epochDuration": N}`)
  // and --sessions-per-era (Staking's era in sessions: `"staking": {"sessionsPerEra": N}`).
  std::optional<uint64_t> block_time_ms;
  std::optional<uint64_t> epoch_duration;
  std::optional<uint64_t> sessions_per_era;
  // --kusama-governance: the presets carry dev governance timings (`"referenda": {...}`,
  // `"convictionVoting": {...}`, `"treasury": {"spendPeriod": N}`,
  // runtime/canary/governance.hpp); this drops these sections, so the chain keeps Kusama's
  // periods.
  bool kusama_governance = false;
  // build-spec --parachain (repeatable): parachains of the genesis, each with a core.
  std::vector<GenesisParachain> parachains;

  bool any() const {
    return dev_block_time_ms || block_time_ms || epoch_duration || sessions_per_era ||
           kusama_governance || !parachains.empty();
  }
};

// The chain spec `--chain chain_arg` names, as a document: a built-in chain (its runtime genesis
// being the embedded code and the preset's JSON as a patch) or a JSON file (raw or runtime
// genesis). With `build_raw`, the raw genesis storage is built when the spec does not carry it
// (the runtime's GenesisBuilder, see chain/genesis_builder.hpp); without, only what `build-spec`
// without --raw needs is done (but a --dev-block-time genesis is always built once, so that a
// value the runtime refuses is an error now rather than when the spec is used). `options` for
// any other chain than dev are an error.
Result<ChainSpecDocument, std::string> resolve_chain_spec(
    std::string_view chain_arg, blockchain::RuntimeHost& host, bool build_raw = true,
    const BuiltinGenesisOptions& options = {});

// Builds the raw genesis of a document that has a runtime genesis (no-op when it is raw already).
Result<void, std::string> build_raw_genesis(ChainSpecDocument& document,
                                            blockchain::RuntimeHost& host);

// The chain spec `--chain chain_arg` names, with its raw genesis: what the node starts from.
Result<state::ChainSpec, std::string> load_chain_spec(std::string_view chain_arg,
                                                      blockchain::RuntimeHost& host);

// The "id" of the chain spec `--chain chain_arg` names, read like every spec but without building
// any genesis: what the base path's chains/<id>/ directory is named after (key insert,
// purge-chain).
Result<std::string, std::string> chain_spec_id(std::string_view chain_arg);

// The chain-spec file at `path`, read as a document (parse_chain_spec_document: the nesting
// guard, the raw or runtime genesis), errors prefixed with the path. Every command that takes a
// chain-spec file reads it through this function (or resolve_chain_spec, which calls it).
Result<ChainSpecDocument, std::string> read_chain_spec_file(const std::string& path);

// A file's contents, or an error naming it.
Result<std::string, std::string> read_text_file(const std::string& path);

}  // namespace canary::node
