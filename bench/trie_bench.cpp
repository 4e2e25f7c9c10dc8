// State trie root computation. The target is absolute:
//   root of 1,000,000 random 32-byte keys with 32-byte values, built from empty: <= 1.5 s on one
//   core (counter `seconds`);
// plus the incremental root after changing 10,000 of those keys. Each benchmark also times, in the
// same run, the bare BLAKE2b-256 work a root computation cannot avoid (one hash per leaf-sized
// encoding and per branch-sized encoding it produces), and reports ratio_vs_hash_floor = floor /
// ours: the share of the time that is hashing.
#include <benchmark/benchmark.h>
#include <time.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "primitives/hash/hash.hpp"
#include "state/trie/trie.hpp"

namespace {

using canary::Bytes;
using canary::state::StateVersion;
using canary::state::Trie;
using Clock = std::chrono::steady_clock;

constexpr size_t kEntries = 1'000'000;
constexpr size_t kChanged = 10'000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of this thread: what "one core" means when the machine is shared.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Keys and values back to back, 32 bytes each.
Bytes random_entries(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(n * 64);
  for (size_t i = 0; i < out.size(); i += 8) {
    uint64_t r = rng();
    for (size_t j = 0; j < 8; ++j) out[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  return out;
}

canary::ByteSpan key_of(const Bytes& entries, size_t i) {
  return {entries.data() + 64 * i, 32};
}
canary::ByteSpan value_of(const Bytes& entries, size_t i) {
  return {entries.data() + 64 * i + 32, 32};
}

// What hashing alone costs for `leaves` leaf encodings (~64 bytes: header, ~29-byte partial key,
// Compact(32), value) and `branches` branch encodings of `children` hashed children each.
double hash_floor_seconds(size_t leaves, size_t branches, double children) {
  Bytes leaf(64, 0x5a);
  Bytes branch(4 + static_cast<size_t>(children * 33), 0xa5);
  auto start = Clock::now();
  for (size_t i = 0; i < leaves; ++i) {
    leaf[0] = static_cast<uint8_t>(i);
    benchmark::DoNotOptimize(canary::hash::blake2b_256(leaf));
  }
  for (size_t i = 0; i < branches; ++i) {
    branch[0] = static_cast<uint8_t>(i);
    benchmark::DoNotOptimize(canary::hash::blake2b_256(branch));
  }
  return seconds_since(start);
}

void BM_TrieRoot_1M_FromEmpty(benchmark::State& state) {
  const Bytes entries = random_entries(kEntries, 1);
  double ours = 0;
  double floor = 0;
  size_t nodes = 0;
  double cpu = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    double cpu_start = thread_cpu_seconds();
    double elapsed = 0;
    {
      Trie trie;
      for (size_t i = 0; i < kEntries; ++i) {
        if (!trie.insert(key_of(entries, i), value_of(entries, i))) state.SkipWithError("insert");
      }
      benchmark::DoNotOptimize(trie.root_hash(StateVersion::kV1));
      elapsed = seconds_since(start);
      cpu += thread_cpu_seconds() - cpu_start;
      nodes = trie.node_count();
    }  // destruction is not part of the target
    ours += elapsed;
    state.SetIterationTime(elapsed);
    // Every node but the root is some branch's child.
    size_t branches = nodes - kEntries;
    floor += hash_floor_seconds(kEntries, branches, static_cast<double>(nodes - 1) / branches);
  }
  double n = static_cast<double>(state.iterations());
  state.counters["seconds"] = ours / n;
  state.counters["cpu_seconds"] = cpu / n;
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["hash_floor_seconds"] = floor / n;
  state.counters["ratio_vs_hash_floor"] = floor / ours;
}
BENCHMARK(BM_TrieRoot_1M_FromEmpty)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_TrieRoot_1M_Change10k(benchmark::State& state) {
  const Bytes entries = random_entries(kEntries, 2);
  const Bytes changes = random_entries(kChanged * 8, 3);
  Trie trie;
  for (size_t i = 0; i < kEntries; ++i) {
    if (!trie.insert(key_of(entries, i), value_of(entries, i))) state.SkipWithError("insert");
  }
  trie.root_hash(StateVersion::kV1);
  std::mt19937_64 rng(4);
  double ours = 0;
  double floor = 0;
  size_t round = 0;
  for (auto _ : state) {
    // 10,000 existing keys get new values.
    std::vector<size_t> which(kChanged);
    for (auto& w : which) w = rng() % kEntries;
    auto start = Clock::now();
    for (size_t i = 0; i < kChanged; ++i) {
      size_t c = (round * kChanged + i) % (kChanged * 8);
      if (!trie.insert(key_of(entries, which[i]), value_of(changes, c))) {
        state.SkipWithError("insert");
      }
    }
    benchmark::DoNotOptimize(trie.root_hash(StateVersion::kV1));
    double elapsed = seconds_since(start);
    ours += elapsed;
    state.SetIterationTime(elapsed);
    // Each change re-hashes its leaf and the branches above it (~4 children each); the upper
    // levels are shared between changes: about 16 + 256 + 3.5k + 9.3k + 10k branches in all.
    floor += hash_floor_seconds(kChanged, kChanged * 5 / 2, 4.0);
    ++round;
  }
  double n = static_cast<double>(state.iterations());
  state.counters["seconds"] = ours / n;
  state.counters["hash_floor_seconds"] = floor / n;
  state.counters["ratio_vs_hash_floor"] = floor / ours;
}
BENCHMARK(BM_TrieRoot_1M_Change10k)->UseManualTime()->Iterations(10)->Unit(benchmark::kMillisecond);

}  // namespace
