// `canary benchmark staking`: the staking issue's load on a block, measured on the runtime the node
// embeds: blocks full of `bond` + `nominate`, and `payout_stakers` of a page of nominators
// (Kusama's MaxExposurePageSize: 512).
//
//  1. Not timed: the development chain with short eras (10-slot epochs, one session an era), B
//     pre-funded bonders and P nominators of Alice's stash staked in the genesis (so era 0's
//     exposure of Alice's stash is one page of P); blocks built and sealed by Alice's BABE author:
//     B signed Staking.bond (nonce 0) and Staking.nominate of 24 targets (Alice's stash and 23
//     others; nonce 1), as many a block as the runtime takes; then blocks without extrinsics until
//     era 1 is active (era 0's reward is known); then Alice's Staking.payout_stakers(Alice's
//     stash, era 0); then one empty block.
//  2. Timed: a fresh node imports them with BlockImporter::import_block; per block its declared
//     weight (System.BlockWeight) and Core_execute_block's time.
// Figures: the fullest bond + nominate block (its extrinsics, its share of the normal class, its
// time against its declared weight), the payout block (the same), and the empty block as the
// reference. Every bonder must be a nominator and every one of the P nominators rewarded (their
// balance, free and held, grown) afterwards, or it is an error (exit 1); the targets (within the
// block limits, executed within the declared weight) are reported, not asserted.
#pragma once

#include <cstddef>
#include <string>

namespace canary::cli {

struct StakingBenchmarkOptions {
  size_t bonders = 3'000;
  size_t nominators = 512;  // era 0's exposure page of Alice's stash
  bool interpreted = false;
  std::string aot_cache_dir;
  bool json = false;
};

// Runs the benchmark; prints the figures (stdout) and its progress (stderr). Returns the exit
// code.
int run_staking_benchmark(const StakingBenchmarkOptions& options);

}  // namespace canary::cli
