// `canary export-blocks [--chain C | --dev] [-d PATH] [--from N] [--to N] [--binary] [OUTPUT]`:
// writes the best chain's blocks #from..#to (default #1 to the best block) with their
// justifications to OUTPUT (stdout when absent), in Substrate's JSON or binary block file
// (sc-cli export_blocks_cmd.rs; node/chain/block_file.hpp). Unlike sc-cli, the newest GRANDPA
// justification (kept beside the blocks) goes with its block too, so that an import of the whole
// file finalizes as far as this node had.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "node/cli/shared_params.hpp"

namespace canary::cli {

class ExportBlocksCommand {
 public:
  explicit ExportBlocksCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* command_ = nullptr;
  SharedParams shared_;
  std::optional<std::string> output_;
  uint32_t from_ = 1;
  std::optional<uint32_t> to_;
  bool binary_ = false;
};

}  // namespace canary::cli
