// `canary benchmark full-sync`: how fast a fresh node catches up with a peer (the networking
// issue's target: 10,000 blocks with a few transfers each at 500 blocks/s or more, from a peer on
// loopback; issue 23's: full blocks at 5,000 transfers/s or more, sustained).
//
//  1. Not timed: the development chain with 2·min(N·M, 1,000) pre-funded accounts, and N blocks
//     of M signed Balances.transfer_keep_alive each, built and sealed by Alice's BABE author on
//     consecutive slots that ended before now (so that no block is from the future), stored in a
//     temporary database: the source node's chain. The first block of each session (every 600th
//     on the development chain) holds no transfer: the session rotation takes its whole weight.
//  2. The reference: the same N blocks imported by BlockImporter::import_block into a fresh chain
//     (new database, new runtime host with the compiled tier ready), on one thread, no network.
//  3. Timed: two node::NetworkServices on 127.0.0.1, the source serving its chain and a fresh
//     node (its own database, runtime host, BABE state, importer, GRANDPA and transaction
//     services, as `canary` wires them, without RPC or authoring) with the source as boot node,
//     syncing with ChainSync and the real import pipeline; from its start until its best block is
//     the source's #N.
//     With --full-blocks each block holds as many transfers as the runtime accepts (issue 23's
//     full-sync with full blocks).
// Figures: blocks/s and transfers/s over the network (wall time), the reference's, their ratio,
// both processes' CPU time (both nodes share this process: the source's serving is included), and
// the sync's rate per window of blocks (when the syncing node's best block passed each; the first
// window includes the connection).
// The synced chain must end at the source's block #N; anything else is an error (exit 1).
#pragma once

#include <cstddef>
#include <string>

namespace canary::cli {

struct FullSyncOptions {
  size_t blocks = 10'000;
  size_t transfers_per_block = 4;
  // Each block as full as the runtime accepts (weight or length), instead of transfers_per_block.
  bool full_blocks = false;
  size_t window = 100;  // blocks per window of the sustained rate
  bool interpreted = false;
  std::string aot_cache_dir;
  bool json = false;
};

// Runs the benchmark; prints the figures (stdout) and its progress (stderr). Returns the exit
// code.
int run_full_sync_benchmark(const FullSyncOptions& options);

}  // namespace canary::cli
