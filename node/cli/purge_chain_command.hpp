// `canary purge-chain [--chain C | --dev] [-d PATH] [-y]`: removes the chain's database,
// <base>/chains/<chain id>/db, after asking (unless -y), as Substrate's `purge-chain`
// (sc-cli purge_chain_cmd.rs). The keystore and the network key stay. Like Substrate, `--dev`
// without --base-path means a fresh temporary base path, where there is nothing to remove.
#pragma once

#include <CLI/CLI.hpp>

#include "node/cli/shared_params.hpp"

namespace canary::cli {

class PurgeChainCommand {
 public:
  explicit PurgeChainCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* command_ = nullptr;
  SharedParams shared_;
  bool yes_ = false;
};

}  // namespace canary::cli
