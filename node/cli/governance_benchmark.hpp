// `canary benchmark governance`: OpenGov's load on a block, measured on the runtime the node
// embeds (the governance issue's performance points: a block holding 1,000 votes within the block
// limits, and the Scheduler's on_initialize serving Referenda's alarms with 100 ongoing
// referenda).
//
//  1. Not timed: the development chain (its fast governance timings: prepare 2, decision 20
//     blocks) with max(V, R) pre-funded accounts; blocks built and sealed by Alice's BABE author:
//     R referenda submitted on the referendum_canceller track (Kusama's: 1,000 may decide at
//     once), 50 a block (the Scheduler's MaxScheduledPerBlock: each submission sets an alarm),
//     their decision deposits, 50 a block, so that all of them decide; then one block with V
//     signed ConvictionVoting.vote (voter j votes aye with 1x conviction on referendum j mod R),
//     which sets each voted referendum's alarm to the next block; then 25 blocks without
//     extrinsics, past the 20-block decision periods, whose on_initialize serves the alarms.
//  2. Timed: a fresh node (new database, new runtime host, the compiled tier ready) imports the
//     blocks with BlockImporter::import_block; per block: the extrinsics, the Scheduler agenda it
//     serves, the weight the runtime declared (System.BlockWeight, per dispatch class) and
//     Core_execute_block's time.
// Figures: for the vote block, the votes it holds, its weight against the normal class's limit and
// the time against the declared weight; for the block whose on_initialize serves the most alarms,
// the same; references measured in the same run: an empty block's Core_execute_block and the V
// vote signatures verified natively. The votes must all be in one block and every voter must hold
// its conviction lock afterwards; anything else is an error (exit 1).
#pragma once

#include <cstddef>
#include <string>

namespace canary::cli {

struct GovernanceBenchmarkOptions {
  size_t votes = 1'000;
  size_t referenda = 100;
  bool interpreted = false;
  std::string aot_cache_dir;
  bool json = false;
};

// Runs the benchmark; prints the figures (stdout) and its progress (stderr). Returns the exit
// code.
int run_governance_benchmark(const GovernanceBenchmarkOptions& options);

}  // namespace canary::cli
