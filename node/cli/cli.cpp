#include "node/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "node/cli/chain_spec_command.hpp"
#include "node/cli/debug_command.hpp"
#include "node/cli/key_command.hpp"
#include "node/cli/version.hpp"

namespace canary::cli {

int run(int argc, char** argv) {
  CLI::App app{"Canary: a Kusama-style relay-chain node"};
  app.set_version_flag("-V,--version", std::string(kVersionString));
  app.require_subcommand(0, 1);

  KeyCommand key(app);
  ChainSpecCommand chain_spec(app);
  DebugCommand debug(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (key.selected()) return key.execute();
  if (chain_spec.selected()) return chain_spec.execute();
  if (debug.selected()) return debug.execute();

  std::fputs(
      "canary: the node itself (block production, RPC) is not built yet; available now: "
      "`canary key ...`, `canary chain-spec inspect ...`, `canary debug ...`. See `canary "
      "--help`.\n",
      stderr);
  return 1;
}

}  // namespace canary::cli
