// sp-npos-elections' seq-Phragmén (runtime/framework/npos/) natively at Kusama's bounds: 12,500
// voters with 24 nominations each over 2,000 candidates, electing 1,000, as the on-chain fallback
// and the offchain miner run it (no balancing, PerU16 ratios as Kusama's solution accuracy).
// Accounts are AccountId32, the input random but seeded (the same election every run): stakes
// log-uniform from 0.1 to 10,000 KSM, targets uniform and distinct per voter.
//
// Counters, per election:
//  - phragmen_ms: the whole seq_phragmen (setup, 1,000 rounds, weights, normalised
//    assignments); target at most 2,000 ms;
//  - sort_edges_ms: the reference, timed alongside in the same run: sorting the 300,000 edges
//    (target, stake) with std::sort. It touches the same amount of data as the election and is
//    compare-and-move bound like the election's bookkeeping, so the ratio cancels most of the
//    machine's speed and load; a plain sum of the stakes would be a few hundred microseconds,
//    memory bound and too short to time reliably against a two-core machine's noise;
//  - phragmen_per_sort: phragmen_ms / sort_edges_ms, the figure to compare across machines;
//  - winners, assignments: the outcome's size (1,000 and the voters backing a winner).
// BM_NposReduceKusama then reduces that outcome as the miner does (reduce_ms; edges_before and
// edges_removed: what is left is a spanning forest, voters + winners - components edges).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <utility>
#include <vector>

#include "bench/npos_input.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/npos/helpers.hpp"
#include "runtime/framework/npos/phragmen.hpp"
#include "runtime/framework/npos/reduce.hpp"
#include "runtime/framework/types/account.hpp"

namespace {

namespace npos = canary::rt::npos;
using canary::rt::AccountId32;
using Clock = std::chrono::steady_clock;

using canary::bench::kCandidates;
using canary::bench::kNominations;
using canary::bench::kToElect;
using canary::bench::kVoters;
using canary::bench::make_input;
using canary::bench::NposInput;

void BM_NposSeqPhragmenKusama(benchmark::State& state) {
  const NposInput input = make_input();
  // The reference's data: (target index, stake) per edge.
  std::vector<std::pair<uint32_t, uint64_t>> edges;
  edges.reserve(kVoters * kNominations);
  {
    std::mt19937_64 rng(7);
    for (const auto& v : input.voters) {
      for (size_t i = 0; i < v.targets.size(); ++i) {
        edges.emplace_back(static_cast<uint32_t>(rng() % kCandidates), v.stake);
      }
    }
  }

  double best_phragmen = std::numeric_limits<double>::infinity();
  double best_sort = std::numeric_limits<double>::infinity();
  size_t winners = 0;
  size_t assignments = 0;
  for (auto _ : state) {
    const auto start = Clock::now();
    auto result = npos::seq_phragmen<canary::rt::arithmetic::PerU16, AccountId32>(
        kToElect, input.candidates, input.voters, std::nullopt);
    const auto end = Clock::now();
    if (!result) {
      state.SkipWithError("seq_phragmen failed");
      return;
    }
    winners = result->winners.size();
    assignments = result->assignments.size();
    benchmark::DoNotOptimize(result);
    best_phragmen = std::min(best_phragmen, std::chrono::duration<double>(end - start).count());

    state.PauseTiming();
    auto copy = edges;
    const auto sort_start = Clock::now();
    std::sort(copy.begin(), copy.end());
    const auto sort_end = Clock::now();
    benchmark::DoNotOptimize(copy.data());
    best_sort = std::min(best_sort, std::chrono::duration<double>(sort_end - sort_start).count());
    state.ResumeTiming();
  }
  state.counters["phragmen_ms"] = best_phragmen * 1e3;
  state.counters["sort_edges_ms"] = best_sort * 1e3;
  state.counters["phragmen_per_sort"] = best_phragmen / best_sort;
  state.counters["winners"] = static_cast<double>(winners);
  state.counters["assignments"] = static_cast<double>(assignments);
}
BENCHMARK(BM_NposSeqPhragmenKusama)->Unit(benchmark::kMillisecond)->Iterations(3);

// The miner's next step on that outcome: the ratios as stakes (normalised), then reduce.
// Counters: reduce_ms, edges_before, edges_removed.
void BM_NposReduceKusama(benchmark::State& state) {
  using canary::rt::arithmetic::PerU16;
  const NposInput input = make_input();
  auto result = npos::seq_phragmen<PerU16, AccountId32>(kToElect, input.candidates, input.voters,
                                                        std::nullopt);
  if (!result) {
    state.SkipWithError("seq_phragmen failed");
    return;
  }
  std::vector<std::pair<AccountId32, npos::VoteWeight>> stakes;
  stakes.reserve(input.voters.size());
  for (const auto& v : input.voters) stakes.emplace_back(v.who, v.stake);
  std::sort(stakes.begin(), stakes.end());
  const auto stake_of = [&stakes](const AccountId32& who) {
    const auto it = std::lower_bound(stakes.begin(), stakes.end(),
                                     std::pair<AccountId32, npos::VoteWeight>{who, 0});
    return it == stakes.end() ? npos::VoteWeight{0} : it->second;
  };
  auto staked = npos::assignment_ratio_to_staked_normalized(
      std::span<const npos::Assignment<AccountId32, PerU16>>(result->assignments), stake_of);
  if (!staked) {
    state.SkipWithError("normalisation failed");
    return;
  }
  size_t edges = 0;
  for (const auto& a : *staked) edges += a.distribution.size();
  double best = std::numeric_limits<double>::infinity();
  uint32_t removed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = *staked;
    state.ResumeTiming();
    const auto start = Clock::now();
    const auto count = npos::reduce(copy);
    const auto end = Clock::now();
    removed = count.value_or(0);
    benchmark::DoNotOptimize(copy.data());
    best = std::min(best, std::chrono::duration<double>(end - start).count());
  }
  state.counters["reduce_ms"] = best * 1e3;
  state.counters["edges_before"] = static_cast<double>(edges);
  state.counters["edges_removed"] = static_cast<double>(removed);
}
BENCHMARK(BM_NposReduceKusama)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
