// `canary debug …`: tools for looking at runtimes and blocks outside a running node.
//   runtime-version --wasm FILE   the decoded version of a runtime blob (raw or zstd `:code`);
//                   --chain FILE  of a raw chain spec's genesis runtime
//   execute-block --fixture FILE  executes a block fixture's block on its parent state with
//                                 Core_execute_block and compares the state root with the header's
//   call --wasm FILE --method M   calls a runtime API of a blob over an empty state and prints the
//                                 encoded result
//   erasure-chunks --validators N --data HEX
//                                 the availability erasure chunks of the data (one 0x-hex line
//                                 each, in validator order), then the erasure root
//   validate-pvf --pvf FILE --params FILE
//                                 runs a PVF's validate_block on the PVF host (worker processes)
//                                 and prints the ValidationResult as hex
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace canary::cli {

class DebugCommand {
 public:
  explicit DebugCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  int runtime_version() const;
  int execute_block() const;
  int call() const;
  int erasure_chunks() const;
  int validate_pvf() const;

  CLI::App* debug_ = nullptr;
  CLI::App* runtime_version_ = nullptr;
  CLI::App* execute_block_ = nullptr;
  CLI::App* call_ = nullptr;
  CLI::App* erasure_chunks_ = nullptr;
  CLI::App* validate_pvf_ = nullptr;

  std::string wasm_path_;
  std::string chain_path_;
  std::string fixture_path_;
  std::string output_type_ = "text";
  std::string wasm_execution_ = "interpreted";
  std::string aot_cache_dir_;
  std::string runtime_log_level_ = "warn";
  unsigned repeat_ = 1;
  std::string method_;
  std::string genesis_preset_;
  std::string input_hex_ = "0x";
  size_t validators_ = 0;
  std::string data_hex_;
  std::string pvf_path_;
  std::string params_path_;
  std::string pvf_cache_dir_;
  std::string exec_kind_ = "backing";
  bool no_sandbox_ = false;
};

}  // namespace canary::cli
