// The options every chain-bound command shares, as sc-cli's `SharedParams`:
//   --chain <dev|local|PATH>   the chain spec (built-in chain or JSON file)
//   --dev                      the dev chain (`--chain dev` unless --chain is given) and, without
//                              --base-path, a temporary base path
//   -d, --base-path <PATH>     where the node's data lives (node/chain/base_path.hpp)
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "node/chain/base_path.hpp"

namespace canary::cli {

struct SharedParams {
  std::optional<std::string> chain;
  bool dev = false;
  std::optional<std::string> base_path;

  void add_to(CLI::App* command) {
    command->add_option("--chain", chain,
                        "Chain spec: dev, local, or the path of a JSON chain spec file");
    command->add_flag("--dev", dev,
                      "Development chain (--chain dev unless --chain is given); without "
                      "--base-path, a temporary base path");
    command->add_option("-d,--base-path", base_path,
                        "Base path of the node's data (default: $XDG_DATA_HOME/canary or "
                        "~/.local/share/canary)");
  }

  // The --chain value in effect (sc-cli `SharedParams::chain_id`).
  std::string chain_arg() const { return node::chain_arg(chain, dev); }
};

}  // namespace canary::cli
