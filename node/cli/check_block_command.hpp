// `canary check-block [--chain C | --dev] [-d PATH] [--wasm-execution E] <BLOCK>`: executes a
// stored block again on its parent's state, as sc-cli's check-block re-imports it, and reports
// whether the runtime accepts it and the state root it computes matches the header's. BLOCK is a
// number (on the best chain) or a 0x-prefixed hash.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "node/cli/shared_params.hpp"

namespace canary::cli {

class CheckBlockCommand {
 public:
  explicit CheckBlockCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* command_ = nullptr;
  SharedParams shared_;
  std::string block_;
  std::string wasm_execution_ = "compiled";
};

}  // namespace canary::cli
