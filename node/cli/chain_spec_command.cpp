#include "node/cli/chain_spec_command.hpp"

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "executor/runtime_version_call.hpp"
#include "node/chain/builtin_chains.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/chain_spec/genesis_state.hpp"

namespace canary::cli {

namespace {

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

// The trie version of the genesis state is the genesis runtime's (sc-chain-spec resolves it from
// the code's version: the embedded version section, else Core_version).
struct StateVersionChoice {
  state::StateVersion version = state::StateVersion::kV0;
  std::string source;
};

Result<StateVersionChoice, std::string> choose_state_version(const state::ChainSpec& spec,
                                                             std::optional<int> forced) {
  if (forced) {
    return StateVersionChoice{*forced == 1 ? state::StateVersion::kV1 : state::StateVersion::kV0,
                              "--state-version"};
  }
  auto code = spec.top.find(to_bytes(":code"));
  if (code == spec.top.end()) return StateVersionChoice{state::StateVersion::kV0, "no :code"};
  auto version = executor::runtime_version_of_code(code->second);
  if (!version) {
    return unexpected("cannot read the genesis runtime's version (" + version.error().message +
                      "); pass --state-version to choose the trie version");
  }
  return StateVersionChoice{
      version->state_version() == 1 ? state::StateVersion::kV1 : state::StateVersion::kV0,
      "runtime " + version->spec_name + " " + std::to_string(version->spec_version)};
}

}  // namespace

ChainSpecCommand::ChainSpecCommand(CLI::App& app) {
  chain_spec_ = app.add_subcommand("chain-spec", "Chain specification tools");
  chain_spec_->require_subcommand(1);
  inspect_ = chain_spec_->add_subcommand(
      "inspect", "Print a chain spec's name, genesis key count, state root and genesis hash");
  inspect_->add_option("--chain", chain_path_, "Path of a JSON chain spec (raw genesis)")
      ->required();
  inspect_->add_option("--output-type", output_type_, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  inspect_
      ->add_option("--state-version", state_version_,
                   "Trie version of the genesis state (default: the runtime's)")
      ->check(CLI::IsMember({0, 1}));
}

bool ChainSpecCommand::selected() const {
  return chain_spec_->parsed();
}

int ChainSpecCommand::execute() const {
  auto started = std::chrono::steady_clock::now();
  auto document = node::read_chain_spec_file(chain_path_);
  if (!document) return fail(document.error());
  if (!document->raw_genesis) {
    const state::ChainSpecError no_raw{state::ChainSpecError::Kind::kNoRawGenesis,
                                       "genesis.runtimeGenesis"};
    return fail(chain_path_ + ": " + no_raw.message());
  }
  const state::ChainSpec* spec = &document->spec;
  auto chosen = choose_state_version(*spec, state_version_);
  if (!chosen) return fail(chain_path_ + ": " + chosen.error());
  const StateVersionChoice& choice = *chosen;
  Hash256 state_root = state::genesis_state_root(*spec, choice.version);
  block::BlockHash genesis_hash = block::hash_of(block::genesis_header(state_root));
  auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();

  int version_number = choice.version == state::StateVersion::kV1 ? 1 : 0;
  if (output_type_ == "json") {
    nlohmann::ordered_json out;
    out["name"] = spec->name;
    out["id"] = spec->id;
    out["chainType"] = spec->chain_type;
    out["keys"] = spec->key_count();
    out["childTries"] = spec->children_default.size();
    out["stateVersion"] = version_number;
    out["genesisStateRoot"] = to_hex(state_root);
    out["genesisHash"] = to_hex(genesis_hash);
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "Chain:              " << spec->name << " (id " << spec->id << ", "
            << spec->chain_type << ")\n";
  std::cout << "Genesis keys:       " << spec->key_count() << " (" << spec->top.size() << " top, "
            << spec->children_default.size() << " child tries)\n";
  std::cout << "State version:      " << version_number << " (" << choice.source << ")\n";
  std::cout << "Genesis state root: " << to_hex(state_root) << "\n";
  std::cout << "Genesis hash:       " << to_hex(genesis_hash) << "\n";
  std::cerr << "(computed in " << elapsed_ms << " ms)\n";
  return 0;
}

}  // namespace canary::cli
