// `canary build-spec [--chain dev|local|PATH] [--dev] [--dev-block-time MS] [--block-time MS]
// [--epoch-duration SLOTS] [--sessions-per-era N] [--kusama-governance] [--raw]
// [--disable-default-bootnode] [--node-key HEX] [-d PATH]`: prints a chain spec as JSON to standard
// output, as Substrate's `build-spec` (sc-cli build_spec_cmd.rs). Without --raw the genesis is the
// runtime's (`runtimeGenesis`: code and the preset's patch, with the timings'
// timestamp.minimumPeriod, babe.epochDuration and staking.sessionsPerEra merged in, and without the
// preset's governance timings for --kusama-governance); with it, the raw storage the runtime
// builds. A spec without boot nodes gets `/ip4/127.0.0.1/tcp/30333/p2p/<peer id>` unless
// --disable-default-bootnode. Progress goes to standard error only.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "node/cli/shared_params.hpp"

namespace canary::cli {

class BuildSpecCommand {
 public:
  explicit BuildSpecCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* command_ = nullptr;
  SharedParams shared_;
  DevBlockTimeParam dev_block_time_;
  TestnetTimingParams timings_;
  bool raw_ = false;
  bool disable_default_bootnode_ = false;
  std::optional<std::string> node_key_;
  std::vector<std::string> parachains_;
};

}  // namespace canary::cli
