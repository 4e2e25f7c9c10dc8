// The cost of one host call round trip from Wasm: ext_storage_get_version_1 of a key the overlay
// holds (a 32-byte value, returned as a 34-byte SCALE Option<Vec<u8>> in runtime memory) plus the
// free of the result, measured as (loop with the calls - the same loop without them) / calls, on
// each engine, in the same run. Target: under 1 µs per round trip.
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "executor/aot/aot_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace {

namespace ex = canary::executor;
using canary::Bytes;
using Clock = std::chrono::steady_clock;

Bytes host_call_loop_module() {
  std::ifstream in(std::string(CANARY_EXECUTOR_TEST_MODULES) + "/host_call_loop.wasm",
                   std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

double seconds_of(ex::Instance& instance, const char* loop, uint32_t calls,
                  ex::host::HostContext& context) {
  ex::CallOptions options;
  options.host_context = &context;
  const ex::WasmValue arg = ex::WasmValue::i32(calls);
  const auto start = Clock::now();
  auto out = instance.invoke(loop, std::span(&arg, 1), options);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  context.exit_runtime();
  if (!out || !out->has_value() || (*out)->as_u32() != 34u * calls) return -1;
  return seconds;
}

void host_call_round_trip(benchmark::State& state, const ex::Engine& engine) {
  const Bytes wasm = host_call_loop_module();
  if (wasm.empty()) return state.SkipWithError("host_call_loop.wasm is missing");
  auto module = engine.compile(wasm);
  if (!module) return state.SkipWithError(module.error().describe().c_str());
  const ex::HostFunctionTable host = ex::host::host_api();
  auto instance = (*module)->instantiate(host, {.heap_pages = 16});
  if (!instance) return state.SkipWithError(instance.error().describe().c_str());

  canary::state::MemoryNodeStore store;
  canary::state::TrieBackend backend(
      canary::state::empty_trie_root(canary::state::TrieHasher::kBlake2b256), store);
  canary::state::OverlayedChanges overlay(backend);
  overlay.set(canary::to_bytes("bench-key"), Bytes(32, 0x42));
  ex::host::HostContext context;
  context.storage = &overlay;

  constexpr uint32_t kCalls = 100'000;
  double with_calls = 0;
  double without = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    const double a = seconds_of(**instance, "storage_get_loop", kCalls, context);
    const double b = seconds_of(**instance, "empty_loop", kCalls, context);
    if (a < 0 || b < 0) return state.SkipWithError("the loop returned a wrong sum");
    with_calls += a;
    without += b;
  }
  const double calls = static_cast<double>(kCalls) * static_cast<double>(state.iterations());
  state.counters["ns_per_host_call"] = (with_calls - without) / calls * 1e9;
  state.counters["loop_share"] = without / with_calls;
}

void BM_HostCallRoundTripInterpreter(benchmark::State& state) {
  host_call_round_trip(state, ex::InterpreterEngine());
}
BENCHMARK(BM_HostCallRoundTripInterpreter)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_HostCallRoundTripFastInterpreter(benchmark::State& state) {
  host_call_round_trip(state, ex::FastInterpreterEngine());
}
BENCHMARK(BM_HostCallRoundTripFastInterpreter)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_HostCallRoundTripAot(benchmark::State& state) {
  host_call_round_trip(state, ex::aot::AotEngine());
}
BENCHMARK(BM_HostCallRoundTripAot)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
