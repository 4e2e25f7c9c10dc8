// `canary benchmark election`: the staking election at Kusama's bounds (12,500 voters with 24
// nominations each over 2,000 candidates electing 1,000), on the runtime the node embeds, against
// the same election code compiled natively (runtime/tools/election_reference.hpp).
//
//  1. Not timed: a seeded random election of that size.
//  2. Reference, natively: sequential Phragmén alone, and the runtime's offchain miner as its
//     offchain worker runs it (the stored snapshot decoded; seq-Phragmén, reduce, sort, trim to the
//     weight and length limits, encode, score; the feasibility check on the snapshot decoded
//     again; the call's arguments encoded), best of --repeat runs each.
//  3. The development chain whose genesis holds that election as ElectionProviderMultiPhase's
//     snapshot in an unsigned phase opened at the genesis block (Snapshot, SnapshotMetadata,
//     DesiredTargets, CurrentPhase, as on_initialize writes them).
//  4. Timed: the node's offchain worker (node/service/offchain_workers.hpp) on the genesis block,
//     best of --repeat runs, each with a fresh offchain database: the runtime reads the snapshot,
//     mines, checks its solution and submits it. The submission must decode as
//     submit_unsigned with exactly the score the native miner found.
//  5. Timed: Alice's BABE author puts the submission in a block, and a fresh node imports it
//     (Core_execute_block: the on-chain feasibility check) and an empty block after it (the
//     reference); ElectionProviderMultiPhase.QueuedSolution must hold the solution afterwards.
// Figures: seq-Phragmén's and the miner's native CPU time, the offchain worker's, their ratio, the
// solution block's declared (operational) weight and execution time against the 2 s block, and
// the targets: seq-Phragmén natively within 2 s, the runtime's miner within 2x the native miner,
// the solution block within its declared weight and within one block. A failed step exits 1; the
// targets are reported (PASS/FAIL, "pass" in the JSON), not asserted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace canary::cli {

struct ElectionBenchmarkOptions {
  size_t voters = 12'500;
  size_t candidates = 2'000;
  uint32_t validators = 1'000;  // winners to elect
  size_t repeat = 3;
  bool interpreted = false;
  std::string aot_cache_dir;
  bool json = false;
};

// Runs the benchmark; prints the figures (stdout) and its progress (stderr). Returns the exit
// code.
int run_election_benchmark(const ElectionBenchmarkOptions& options);

}  // namespace canary::cli
