// `canary chain-spec inspect --chain FILE`: loads a chain spec, builds its genesis state and
// prints the chain's identity, the number of genesis keys, the genesis state root and hash.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace canary::cli {

class ChainSpecCommand {
 public:
  explicit ChainSpecCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* chain_spec_ = nullptr;
  CLI::App* inspect_ = nullptr;
  std::string chain_path_;
  std::string output_type_ = "text";
  std::optional<int> state_version_;
};

}  // namespace canary::cli
