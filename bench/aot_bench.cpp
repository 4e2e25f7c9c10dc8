// The ahead-of-time engine against native code and the interpreter, in the same run: the BLAKE2b
// kernel of blake2b_kernel.hpp (1 MiB, `rounds` times per call) natively and as a wasm32 runtime
// call (bench/wasm/blake2b_kernel.cpp) on each engine. Counters:
//  - aot_vs_native: AOT time / native time per call (target: at most 1.5), the Wasm call's fixed
//    costs (the reset of a dirty instance, copying the input) included;
//  - interpreter_vs_native: the same for the interpreter, for reference.
// Compiled modules are cached in the engine's default cache ($XDG_CACHE_HOME/canary/aot).
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <vector>

#include "bench/blake2b_kernel.hpp"
#include "executor/aot/aot_engine.hpp"
#include "executor/interpreter/interpreter_engine.hpp"

namespace {

namespace ex = canary::executor;
using canary::Bytes;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kSize = 1 << 20;

Bytes kernel_wasm() {
  std::ifstream in(std::string(CANARY_WASM32_DIR) + "/tests/wasm/blake2b_kernel.wasm",
                   std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Bytes kernel_input(uint32_t rounds) {
  Bytes input(8);
  for (int i = 0; i < 4; ++i) {
    input[i] = static_cast<uint8_t>(kSize >> (8 * i));
    input[4 + i] = static_cast<uint8_t>(rounds >> (8 * i));
  }
  return input;
}

double native_seconds(uint32_t rounds, std::vector<uint8_t>& buffer) {
  const auto start = Clock::now();
  auto digest = canary::bench::blake2b_kernel(buffer.data(), buffer.size(), rounds);
  benchmark::DoNotOptimize(digest);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Wasm and native time per call, alternating so that both see the same machine state.
void compare(benchmark::State& state, const ex::Engine& engine, const char* counter) {
  const auto rounds = static_cast<uint32_t>(state.range(0));
  const Bytes wasm = kernel_wasm();
  if (wasm.empty()) return state.SkipWithError("blake2b_kernel.wasm not built (CANARY_WASM32)");
  auto module = engine.compile(wasm);
  if (!module) return state.SkipWithError(module.error().describe().c_str());
  auto instance = (*module)->instantiate({}, {});
  if (!instance) return state.SkipWithError(instance.error().describe().c_str());
  const Bytes input = kernel_input(rounds);
  std::vector<uint8_t> buffer(kSize);
  // Both must compute the same digest.
  auto out = (*instance)->call("blake2b_kernel", input);
  const auto expected = canary::bench::blake2b_kernel(buffer.data(), buffer.size(), rounds);
  if (!out || *out != Bytes(expected.begin(), expected.end())) {
    return state.SkipWithError("the Wasm kernel disagrees with the native one");
  }
  double wasm_seconds = 0;
  double native_total = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    const auto start = Clock::now();
    auto digest = (*instance)->call("blake2b_kernel", input);
    benchmark::DoNotOptimize(digest);
    wasm_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    native_total += native_seconds(rounds, buffer);
  }
  state.counters[counter] = wasm_seconds / native_total;
  state.counters["native_MiB_per_s"] =
      static_cast<double>(rounds) * static_cast<double>(state.iterations()) / native_total;
  state.counters["wasm_MiB_per_s"] =
      static_cast<double>(rounds) * static_cast<double>(state.iterations()) / wasm_seconds;
}

void BM_Blake2bAotVsNative(benchmark::State& state) {
  compare(state, ex::aot::AotEngine(), "aot_vs_native");
}
BENCHMARK(BM_Blake2bAotVsNative)->Arg(1)->Arg(16)->Unit(benchmark::kMillisecond);

void BM_Blake2bInterpreterVsNative(benchmark::State& state) {
  compare(state, ex::InterpreterEngine(), "interpreter_vs_native");
}
BENCHMARK(BM_Blake2bInterpreterVsNative)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
