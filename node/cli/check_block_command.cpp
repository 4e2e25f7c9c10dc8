#include "node/cli/check_block_command.hpp"

#include <chrono>
#include <iostream>

#include "blockchain/block_executor.hpp"
#include "consensus/babe/babe_error.hpp"
#include "consensus/babe/digests.hpp"
#include "node/cli/offline_chain.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

CheckBlockCommand::CheckBlockCommand(CLI::App& app) {
  command_ = app.add_subcommand("check-block", "Validate blocks");
  command_->add_option("BLOCK", block_, "Block hash or number")->required();
  command_->add_option("--wasm-execution", wasm_execution_,
                       "Method for executing Wasm runtime code: compiled or "
                       "interpreted-i-know-what-i-do");
  shared_.add_to(command_);
}

bool CheckBlockCommand::selected() const {
  return command_->parsed();
}

int CheckBlockCommand::execute() const {
  if (wasm_execution_ != "compiled" && wasm_execution_ != "interpreted-i-know-what-i-do") {
    return fail_with("--wasm-execution must be compiled or interpreted-i-know-what-i-do");
  }
  auto opened = open_offline_chain(shared_, wasm_execution_ == "compiled");
  if (!opened) return fail_with(opened.error());
  const blockchain::Chain& chain = *opened->chain;
  auto hash = resolve_block_id(chain, block_);
  if (!hash) return fail_with(hash.error());
  auto header = chain.header(*hash);
  auto body = chain.body(*hash);
  if (!header || !body || !*header || !*body) {
    return fail_with("block " + to_hex(*hash) + " is incomplete in the database");
  }
  const std::string name = "#" + std::to_string((*header)->number) + " (" + to_hex(*hash) + ")";
  if ((*header)->number == 0) {
    std::cout << "Block " << name << " is the genesis block: nothing to execute\n";
    return 0;
  }
  auto parent = chain.header((*header)->parent_hash);
  if (!parent || !*parent) return fail_with("the parent of " + name + " is not in the database");
  // The runtime executes the header its author built: without the BABE seal.
  auto unsealed = consensus::babe::split_seal(**header);
  if (!unsealed) return fail_with(name + ": " + consensus::babe::to_string(unsealed.error()));
  const auto started = std::chrono::steady_clock::now();
  auto executed =
      blockchain::execute_block(*opened->host, chain.database().node_store(), (*parent)->state_root,
                                block::Block{unsealed->header, **body});
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!executed) return fail_with("block " + name + " is invalid: " + executed.error().message());
  std::cout << "Block " << name << " is valid: " << (*body)->size()
            << " extrinsics executed, state root " << to_hex(executed->state_root)
            << " matches the header (" << ms << " ms)\n";
  return 0;
}

}  // namespace canary::cli
