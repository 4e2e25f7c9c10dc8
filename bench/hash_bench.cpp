// Hash throughput. The targets are relative, so every target benchmark times the reference
// (raw libsodium / libxxhash) in the same loop, alternating with ours, and reports the ratio:
//   BLAKE2b-256 of 1 MiB: ratio_vs_libsodium >= 0.9
//   twox-128 of 32-byte keys: canary_Mhash_per_s >= 20 (ratio_vs_raw_xxh64 shows the overhead)
#include <benchmark/benchmark.h>
#include <sodium.h>
#include <xxhash.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "primitives/hash/blake2b_portable.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/hash/sha2_portable.hpp"
#include "primitives/hash/xxhash64_portable.hpp"

namespace {

using canary::Bytes;
using Clock = std::chrono::steady_clock;

constexpr size_t kMiB = 1 << 20;
constexpr size_t kKiB = 1 << 10;

Bytes random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// libsodium selects its SIMD BLAKE2b in sodium_init(); without it the reference would be its
// portable C code and the ratio meaningless.
bool sodium_ready() {
  static const bool kReady = sodium_init() >= 0;
  return kReady;
}

// Ours and the reference alternate inside one loop so that frequency scaling and noisy
// neighbours hit both alike. The manual iteration time is ours alone; the ratio is
// reference time / our time, i.e. our throughput relative to the reference's.
template <class Ours, class Reference>
void compare(benchmark::State& state, size_t bytes_per_op, size_t ops_per_iteration, Ours ours,
             Reference reference, const char* reference_name) {
  double ours_seconds = 0;
  double reference_seconds = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    for (size_t i = 0; i < ops_per_iteration; ++i) ours(i);
    const double ours_elapsed = seconds_since(start);
    start = Clock::now();
    for (size_t i = 0; i < ops_per_iteration; ++i) reference(i);
    reference_seconds += seconds_since(start);
    ours_seconds += ours_elapsed;
    state.SetIterationTime(ours_elapsed);
  }
  const double ops = static_cast<double>(state.iterations()) * ops_per_iteration;
  const double bytes = ops * static_cast<double>(bytes_per_op);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(ops));
  if (bytes_per_op >= kKiB) {
    state.counters["canary_MiBps"] = bytes / ours_seconds / kMiB;
    state.counters[std::string(reference_name) + "_MiBps"] = bytes / reference_seconds / kMiB;
  } else {
    state.counters["canary_Mhash_per_s"] = ops / ours_seconds / 1e6;
    state.counters[std::string(reference_name) + "_Mhash_per_s"] = ops / reference_seconds / 1e6;
  }
  state.counters[std::string("ratio_vs_") + reference_name] = reference_seconds / ours_seconds;
}

void BM_Blake2b256_1MiB(benchmark::State& state) {
  if (!sodium_ready()) state.SkipWithError("sodium_init failed");
  const Bytes data = random_bytes(kMiB, 1);
  compare(
      state, kMiB, 1, [&](size_t) { benchmark::DoNotOptimize(canary::hash::blake2b_256(data)); },
      [&](size_t) {
        uint8_t out[32];
        crypto_generichash(out, sizeof out, data.data(), data.size(), nullptr, 0);
        benchmark::DoNotOptimize(out);
      },
      "libsodium");
}
BENCHMARK(BM_Blake2b256_1MiB)->UseManualTime()->Unit(benchmark::kMicrosecond);

// The wasm32 implementation against libsodium's SIMD one, for information (no target).
void BM_PortableBlake2b256_1MiB(benchmark::State& state) {
  if (!sodium_ready()) state.SkipWithError("sodium_init failed");
  const Bytes data = random_bytes(kMiB, 2);
  compare(
      state, kMiB, 1,
      [&](size_t) {
        canary::hash::portable::Blake2b hasher(32);
        hasher.update(data);
        uint8_t out[32];
        hasher.finish(out);
        benchmark::DoNotOptimize(out);
      },
      [&](size_t) {
        uint8_t out[32];
        crypto_generichash(out, sizeof out, data.data(), data.size(), nullptr, 0);
        benchmark::DoNotOptimize(out);
      },
      "libsodium");
}
BENCHMARK(BM_PortableBlake2b256_1MiB)->UseManualTime()->Unit(benchmark::kMicrosecond);

// A storage-key-sized input; the batch keeps clock reads (~20 ns) out of the per-hash figure.
constexpr size_t kTwoxBatch = 4096;

void BM_Twox128_32B(benchmark::State& state) {
  Bytes keys = random_bytes(32 * kTwoxBatch, 3);
  compare(
      state, 32, kTwoxBatch,
      [&](size_t i) {
        benchmark::DoNotOptimize(canary::hash::twox_128({keys.data() + 32 * i, 32}));
      },
      [&](size_t i) {
        const uint8_t* key = keys.data() + 32 * i;
        uint64_t out[2] = {XXH64(key, 32, 0), XXH64(key, 32, 1)};
        benchmark::DoNotOptimize(out);
      },
      "raw_xxh64");
}
BENCHMARK(BM_Twox128_32B)->UseManualTime()->Unit(benchmark::kMicrosecond);

void BM_PortableXxhash64_32B(benchmark::State& state) {
  Bytes keys = random_bytes(32 * kTwoxBatch, 4);
  compare(
      state, 32, kTwoxBatch,
      [&](size_t i) {
        benchmark::DoNotOptimize(canary::hash::portable::xxhash64({keys.data() + 32 * i, 32}, 0));
      },
      [&](size_t i) { benchmark::DoNotOptimize(XXH64(keys.data() + 32 * i, 32, 0)); }, "raw_xxh64");
}
BENCHMARK(BM_PortableXxhash64_32B)->UseManualTime()->Unit(benchmark::kMicrosecond);

// Plain throughput, no reference.
template <class Hash>
void throughput(benchmark::State& state, size_t size, uint64_t seed, Hash hash) {
  const Bytes data = random_bytes(size, seed);
  // The loop variable is the library's idiom; the analyzer takes it for a dead store.
  for (auto _ : state) hash(data);  // NOLINT(clang-analyzer-deadcode.DeadStores)
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
}

void BM_PortableBlake2b256_1KiB(benchmark::State& state) {
  throughput(state, kKiB, 5, [](const Bytes& data) {
    canary::hash::portable::Blake2b hasher(32);
    hasher.update(data);
    uint8_t out[32];
    hasher.finish(out);
    benchmark::DoNotOptimize(out);
  });
}
BENCHMARK(BM_PortableBlake2b256_1KiB);

void BM_Keccak256_1KiB(benchmark::State& state) {
  throughput(state, kKiB, 6,
             [](const Bytes& data) { benchmark::DoNotOptimize(canary::hash::keccak_256(data)); });
}
BENCHMARK(BM_Keccak256_1KiB);

void BM_Sha2_256_1KiB(benchmark::State& state) {
  throughput(state, kKiB, 7,
             [](const Bytes& data) { benchmark::DoNotOptimize(canary::hash::sha2_256(data)); });
}
BENCHMARK(BM_Sha2_256_1KiB);

void BM_PortableSha2_256_1KiB(benchmark::State& state) {
  throughput(state, kKiB, 8, [](const Bytes& data) {
    benchmark::DoNotOptimize(canary::hash::portable::sha2_256(data));
  });
}
BENCHMARK(BM_PortableSha2_256_1KiB);

}  // namespace
