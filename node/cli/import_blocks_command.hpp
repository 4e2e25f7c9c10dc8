// `canary import-blocks [--chain C | --dev] [-d PATH] [--binary] [--wasm-execution E] [INPUT]`:
// imports the blocks of a Substrate block file (node/chain/block_file.hpp; stdin when INPUT is
// absent) into the chain's database, each through the node's full import pipeline (BABE checks,
// execution, state root) and with its GRANDPA justification verified and applied (sc-cli
// import_blocks_cmd.rs). Blocks the database has already are skipped; the first block that fails
// stops the import with its number, hash and reason.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "node/cli/shared_params.hpp"

namespace canary::cli {

class ImportBlocksCommand {
 public:
  explicit ImportBlocksCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* command_ = nullptr;
  SharedParams shared_;
  std::optional<std::string> input_;
  bool binary_ = false;
  std::string wasm_execution_ = "compiled";
};

}  // namespace canary::cli
