#include "node/cli/pvf_worker_command.hpp"

#include "parachain/pvf/worker.hpp"

namespace canary::cli {

PvfWorkerCommand::PvfWorkerCommand(CLI::App& app) {
  command_ = app.add_subcommand("pvf-worker", "A PVF worker process (started by the node)");
  command_->group("");  // hidden
  command_->add_option("--kind", kind_, "prepare or execute")
      ->check(CLI::IsMember({"prepare", "execute"}))
      ->required();
  command_->add_option("--dir", dir_, "The worker's directory (the artifact cache)")->required();
  command_->add_flag("--no-sandbox", no_sandbox_, "Do not enter the sandbox (tests, debugging)");
  command_->add_option("--parent-pid", parent_pid_, "Die with this process (the node)");
  command_->add_option("--memory-limit", memory_limit_, "The address space's limit in bytes");
}

bool PvfWorkerCommand::selected() const {
  return command_->parsed();
}

int PvfWorkerCommand::execute() const {
  parachain::pvf::WorkerOptions options;
  options.kind = kind_ == "prepare" ? parachain::pvf::WorkerKind::kPrepare
                                    : parachain::pvf::WorkerKind::kExecute;
  options.dir = dir_;
  options.sandbox = !no_sandbox_;
  if (parent_pid_ > 0) options.parent_pid = parent_pid_;
  if (memory_limit_ > 0) options.memory_limit = memory_limit_;
  return parachain::pvf::run_worker(options);
}

}  // namespace canary::cli
