#include "node/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "node/cli/benchmark_command.hpp"
#include "node/cli/build_spec_command.hpp"
#include "node/cli/chain_spec_command.hpp"
#include "node/cli/check_block_command.hpp"
#include "node/cli/debug_command.hpp"
#include "node/cli/export_blocks_command.hpp"
#include "node/cli/import_blocks_command.hpp"
#include "node/cli/key_command.hpp"
#include "node/cli/key_insert_command.hpp"
#include "node/cli/purge_chain_command.hpp"
#include "node/cli/pvf_worker_command.hpp"
#include "node/cli/run_command.hpp"
#include "node/cli/version.hpp"

namespace canary::cli {

int run(int argc, char** argv) {
  CLI::App app{"Canary: a Kusama-style relay-chain node"};
  app.set_version_flag("-V,--version", std::string(kVersionString));
  app.require_subcommand(0, 1);

  KeyCommand key(app);
  ChainSpecCommand chain_spec(app);
  DebugCommand debug(app);
  KeyInsertCommand key_insert(app);
  BuildSpecCommand build_spec(app);
  PurgeChainCommand purge_chain(app);
  ExportBlocksCommand export_blocks(app);
  ImportBlocksCommand import_blocks(app);
  CheckBlockCommand check_block(app);
  BenchmarkCommand benchmark(app);
  RunCommand run_node(app);
  PvfWorkerCommand pvf_worker(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (pvf_worker.selected()) return pvf_worker.execute();
  // `key insert` before `key`: KeyCommand does not know its `insert` subcommand.
  if (key_insert.selected()) return key_insert.execute();
  if (key.selected()) return key.execute();
  if (build_spec.selected()) return build_spec.execute();
  if (purge_chain.selected()) return purge_chain.execute();
  if (export_blocks.selected()) return export_blocks.execute();
  if (import_blocks.selected()) return import_blocks.execute();
  if (check_block.selected()) return check_block.execute();
  if (chain_spec.selected()) return chain_spec.execute();
  if (debug.selected()) return debug.execute();
  if (benchmark.selected()) return benchmark.execute();

  return run_node.execute();
}

}  // namespace canary::cli
