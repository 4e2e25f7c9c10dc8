#include "node/cli/purge_chain_command.hpp"

#include <filesystem>
#include <iostream>
#include <string>

#include "node/chain/base_path.hpp"
#include "node/chain/builtin_chains.hpp"

namespace canary::cli {

namespace {

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

}  // namespace

PurgeChainCommand::PurgeChainCommand(CLI::App& app) {
  command_ = app.add_subcommand("purge-chain", "Remove the whole chain (its database)");
  command_->add_flag("-y", yes_, "Skip the prompt by answering yes");
  shared_.add_to(command_);
}

bool PurgeChainCommand::selected() const {
  return command_->parsed();
}

int PurgeChainCommand::execute() const {
  auto chain_id = node::chain_spec_id(shared_.chain_arg());
  if (!chain_id) return fail(chain_id.error());
  auto base = node::resolve_base_path(shared_.base_path, shared_.dev);
  if (!base) return fail(base.error());
  const std::filesystem::path db = base->database_root(*chain_id);
  const std::string quoted = "\"" + db.string() + "\"";

  if (!yes_) {
    std::cout << "Are you sure to remove " << quoted << "? [y/N]: " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    const size_t first = answer.find_first_not_of(" \t\r");
    if (first == std::string::npos || (answer[first] != 'y' && answer[first] != 'Y')) {
      std::cout << "Aborted\n";
      return 0;
    }
  }

  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) {
    std::cerr << quoted << " did not exist.\n";
    return 0;
  }
  std::filesystem::remove_all(db, ec);
  if (ec) return fail("cannot remove " + quoted + ": " + ec.message());
  std::cout << quoted << " removed.\n";
  return 0;
}

}  // namespace canary::cli
