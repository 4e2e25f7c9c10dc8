// The ahead-of-time engine against native code and the interpreter, in the same run: the BLAKE2b
// kernel of blake2b_kernel.hpp (1 MiB, `rounds` times per call) natively and as a wasm32 runtime
// call (bench/wasm/blake2b_kernel.cpp) on each engine. Counters:
//  - aot_vs_native: AOT time / native time per call (target: at most 1.5), the Wasm call's fixed
//    costs (the reset of a dirty instance, copying the input) included;
//  - interpreter_vs_native: the same for the interpreter, for reference.
// Compiled modules are cached in the engine's default cache ($XDG_CACHE_HOME/canary/aot).
// And the node's heap while a compilation runs: writing 256 MiB of it while a worker started by
// aot::run_worker runs, against the same writes while a fork() of the process lives (what the
// worker was until 2026-11-29), in the same run (speedup = forked / ours).
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "bench/blake2b_kernel.hpp"
#include "executor/aot/aot_engine.hpp"
#include "executor/aot/worker_process.hpp"
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

// One write in every 4 KiB page of `heap`, timed.
double write_pages_seconds(std::vector<uint8_t>& heap, uint8_t value) {
  const auto start = std::chrono::steady_clock::now();
  for (size_t offset = 0; offset < heap.size(); offset += 4096) heap[offset] = value;
  benchmark::DoNotOptimize(heap.data());
  benchmark::ClobberMemory();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_HeapWritesBesideTheWorkerVsFork(benchmark::State& state) {
  std::vector<uint8_t> heap(size_t{256} << 20, 1);
  const std::string log = "/tmp/canary-bench-aot-worker.log";
  double ours = 0;
  double forked = 0;
  uint8_t value = 2;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    bool worked = false;
    std::thread worker([&] {
      worked = canary::executor::aot::run_worker({{{"/bin/sleep", "1"}}}, {}, log).has_value();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ours += write_pages_seconds(heap, value++);
    worker.join();
    if (!worked) return state.SkipWithError("the worker failed");
    const pid_t child = ::fork();
    if (child < 0) return state.SkipWithError("cannot fork");
    if (child == 0) {
      ::sleep(1);
      ::_exit(0);
    }
    forked += write_pages_seconds(heap, value++);
    ::waitpid(child, nullptr, 0);
  }
  state.counters["speedup"] = forked / ours;
  state.counters["ours_ms"] = 1000 * ours / static_cast<double>(state.iterations());
  state.counters["forked_ms"] = 1000 * forked / static_cast<double>(state.iterations());
}
BENCHMARK(BM_HeapWritesBesideTheWorkerVsFork)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
