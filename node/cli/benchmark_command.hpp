// `canary benchmark …`: the node's own benchmarks, as Substrate's `benchmark` subcommands. Each
// prints its figures with a ratio against a reference measured in the same run (the machine may be
// busy: an absolute time alone says little).
//
//   block-import [--transfers N] [--block-transfers M] [--accounts K] [--threads T]
//                [--interpreted] [--aot-cache-dir DIR] [--json]
//     The development chain with K extra pre-funded accounts (default 2·N: every transfer has its
//     own sender and receiver); N signed Balances.transfer_keep_alive, packed into blocks until
//     the runtime's weight or length limit (or M per block), built and sealed by Alice's BABE
//     author on consecutive slots (not timed); then a fresh node (new database, new runtime host,
//     compiled tier ready) imports them with BlockImporter::import_block, one thread, timed:
//     transfers/s, blocks/s, and the split between BABE verification, the runtime, the state root
//     and the database commit. Reference: the same N sr25519 signatures verified natively (the
//     floor of any import). Target: 5,000 transfers/s. The balances are checked after the import;
//     a wrong one is an error (exit 1). The K accounts are written straight into the database in
//     chunks (large_genesis.hpp), so K can be millions; only the senders that sign get keypairs.
//     Also reported: the database's size on disk, the node and value cache hit rates of the
//     import, the resident memory, and the import threads (T, default all cores: the importing
//     one and T - 1 verifying the blocks' signatures meanwhile). The import finalizes each block
//     two blocks behind the head, as GRANDPA does on a healthy network, so that the database prunes
//     as a node's does. A long import (--window W, default 100 blocks) is also reported per window
//     of W blocks: each window's rate and the slowest against the fastest (issue 23: within 20 %).
//     Hidden `--genesis-chunk C`: accounts per chunk (0: one GenesisBuilder call, as before; tests
//     force several chunks with few accounts).
//
//   full-sync [--blocks N] [--transfers-per-block M] [--interpreted] [--aot-cache-dir DIR] [--json]
//     A development chain of N blocks with M signed transfers each, built on a source node (not
//     timed); then a fresh node syncs it from the source over loopback TCP (two NetworkServices:
//     block-announces, /sync/2, ChainSync, the import pipeline), timed until its best block is #N:
//     blocks/s. Reference: the same blocks imported into another fresh chain by the same
//     importer, without the network. Target: 500 blocks/s (full_sync_benchmark.hpp).
//
//   governance [--votes V] [--referenda R] [--interpreted] [--aot-cache-dir DIR] [--json]
//     R referenda deciding on the development chain and one block with V conviction votes, then
//     the blocks whose on_initialize serves Referenda's alarms, imported by a fresh node: each
//     block's declared weight against its execution time, the vote block's share of the normal
//     class; references: an empty block and the V signatures verified natively
//     (governance_benchmark.hpp).
//
//   election [--voters V] [--candidates C] [--validators N] [--repeat R] [--interpreted]
//            [--aot-cache-dir DIR] [--json]
//     The staking election at Kusama's bounds (12,500 voters, 2,000 candidates, 1,000 elected):
//     seq-Phragmén and the runtime's offchain miner natively (the reference), the runtime's
//     offchain worker mining the same election on the embedded runtime, and the block with its
//     solution (the on-chain feasibility check) imported by a fresh node: the miner's ratio to
//     native and the block's weight against its execution (election_benchmark.hpp).
//
//   staking [--bonders B] [--nominators P] [--interpreted] [--aot-cache-dir DIR] [--json]
//     Blocks full of Staking.bond + nominate(24) from B accounts and payout_stakers of a page of
//     P nominators (era 0 on a chain with short eras), imported by a fresh node: each block's
//     declared weight against its execution time and its share of the normal class; reference:
//     an empty block (staking_benchmark.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

#include "node/cli/election_benchmark.hpp"
#include "node/cli/full_sync_benchmark.hpp"
#include "node/cli/governance_benchmark.hpp"
#include "node/cli/shared_params.hpp"
#include "node/cli/staking_benchmark.hpp"

namespace canary::cli {

class BenchmarkCommand {
 public:
  explicit BenchmarkCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  int block_import() const;

  CLI::App* benchmark_ = nullptr;
  CLI::App* block_import_ = nullptr;
  CLI::App* full_sync_ = nullptr;
  FullSyncOptions full_sync_options_;
  CLI::App* governance_ = nullptr;
  GovernanceBenchmarkOptions governance_options_;
  CLI::App* election_ = nullptr;
  ElectionBenchmarkOptions election_options_;
  CLI::App* staking_ = nullptr;
  StakingBenchmarkOptions staking_options_;

  size_t transfers_ = 10'000;
  size_t block_transfers_ = 0;      // 0: until the block is full
  size_t accounts_ = 0;             // 0: two per transfer
  size_t threads_ = 0;              // 0: all cores
  size_t genesis_chunk_ = 200'000;  // 0: one GenesisBuilder call
  size_t window_ = 100;             // blocks per window of the sustained rate
  DatabaseCacheParams caches_;      // the importing node's, as the node's
  bool interpreted_ = false;
  bool json_ = false;
  std::string aot_cache_dir_;
  std::string wasm_compiler_ = "wasm2c";
};

}  // namespace canary::cli
