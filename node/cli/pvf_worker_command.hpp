// `canary pvf-worker --kind prepare|execute --dir DIR [--no-sandbox] [--parent-pid PID]
// [--memory-limit BYTES]`: a PVF worker process
// (parachain/pvf/worker.hpp), started by the node's PVF host with its socket as fd 3. Hidden from
// the help: it is not meant to be run by hand.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace canary::cli {

class PvfWorkerCommand {
 public:
  explicit PvfWorkerCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* command_ = nullptr;
  std::string kind_ = "execute";
  std::string dir_;
  bool no_sandbox_ = false;
  int parent_pid_ = 0;
  uint64_t memory_limit_ = 0;
};

}  // namespace canary::cli
