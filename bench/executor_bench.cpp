// The executor's fixed costs and the interpreter's speed:
//  - the freeing-bump allocator (malloc/free pairs);
//  - loading Kusama's genesis runtime: prepare (validation + instrumentation), interpreter
//    compilation, instantiation with the default 2048 heap pages, and a Core_version call
//    (which includes resetting the instance to its fresh state);
//  - a tight interpreted loop with and without fuel metering, reporting fuel_overhead = metered /
//    unmetered time measured back to back in the same run;
//  - the fast interpreter: compiling Kusama's genesis runtime, its Core_version, and the same
//    loop (metered) against the wabt interpreter in the same run (speedup = wabt / fast time);
//  - the baseline JIT against the fast interpreter, in the same run: compiling Kusama's genesis
//    runtime (compile_ratio = JIT / interpreter time, the JIT's including the interpreter's
//    compile it starts from), its Core_version and the metered loop (speedup = fast / JIT time).
//  - an instance memory's first two calls on a fresh MemoryMapping (huge pages advised) against a
//    plain 4 KiB-page mapping of the same size, in the same run (speedup = plain / ours).
// The genesis runtime is read from $CANARY_FIXTURES_DIR, else ../shared/fixtures beside the
// repository; those benchmarks are skipped when it is absent.
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "executor/allocator/freeing_bump.hpp"
#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/memory_mapping.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/vector_memory.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace {

namespace ex = canary::executor;
using canary::Bytes;
using Clock = std::chrono::steady_clock;

std::filesystem::path fixtures_dir() {
  if (const char* dir = std::getenv("CANARY_FIXTURES_DIR")) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared" /
         "fixtures";
}

// Kusama's genesis `:code`, decompressed; empty if the fixture is missing.
const Bytes& kusama_genesis_code() {
  static const Bytes kCode = [] {
    std::ifstream in(fixtures_dir() / "chain-specs" / "kusama.json", std::ios::binary);
    if (!in) return Bytes{};
    const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto spec = canary::state::parse_chain_spec(json);
    if (!spec) return Bytes{};
    auto it = spec->top.find(canary::to_bytes(":code"));
    if (it == spec->top.end()) return Bytes{};
    auto wasm = ex::uncompress_code(it->second);
    return wasm ? *wasm : Bytes{};
  }();
  return kCode;
}

ex::HostFunctionTable allocator_only_host() {
  ex::HostFunctionTable table;
  table.add({"env",
             "ext_allocator_malloc_version_1",
             {{ex::ValueType::kI32}, ex::ValueType::kI32},
             [](ex::HostCallContext& ctx, std::span<const ex::WasmValue> args) -> ex::HostResult {
               auto ptr = ctx.allocator.allocate(ctx.memory, args[0].as_u32());
               if (!ptr) return ex::host_error(ex::to_string(ptr.error()));
               return ex::host_value(ex::WasmValue::i32(*ptr));
             }});
  table.add({"env",
             "ext_allocator_free_version_1",
             {{ex::ValueType::kI32}, std::nullopt},
             [](ex::HostCallContext& ctx, std::span<const ex::WasmValue> args) -> ex::HostResult {
               auto freed = ctx.allocator.deallocate(ctx.memory, args[0].as_u32());
               if (!freed) return ex::host_error(ex::to_string(freed.error()));
               return ex::host_void();
             }});
  return table;
}

void BM_AllocatorMallocFree(benchmark::State& state) {
  ex::VectorMemory memory(2048);
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    ex::FreeingBumpAllocator heap(1024);
    std::vector<uint32_t> live;
    live.reserve(256);
    for (uint32_t i = 0; i < 256; ++i) live.push_back(*heap.allocate(memory, 8 + (i * 37) % 500));
    while (!live.empty()) {
      benchmark::DoNotOptimize(heap.deallocate(memory, live.back()));
      live.pop_back();
    }
  }
  state.SetItemsProcessed(state.iterations() * 256);
}
BENCHMARK(BM_AllocatorMallocFree);

void BM_PrepareKusamaGenesis(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto prepared = ex::prepare_module(wasm);
    if (!prepared) return state.SkipWithError(prepared.error().describe().c_str());
    benchmark::DoNotOptimize(prepared->code.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(wasm.size()));
}
BENCHMARK(BM_PrepareKusamaGenesis)->Unit(benchmark::kMillisecond);

void BM_CompileKusamaGenesis(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  auto prepared = ex::prepare_module(wasm);
  if (!prepared) return state.SkipWithError(prepared.error().describe().c_str());
  auto shared = std::make_shared<const ex::PreparedModule>(std::move(*prepared));
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto module = ex::InterpreterEngine().compile(shared);
    if (!module) return state.SkipWithError(module.error().describe().c_str());
    benchmark::DoNotOptimize(module->get());
  }
}
BENCHMARK(BM_CompileKusamaGenesis)->Unit(benchmark::kMillisecond);

void BM_InstantiateKusamaGenesis(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  auto module = ex::InterpreterEngine().compile(wasm);
  if (!module) return state.SkipWithError(module.error().describe().c_str());
  const ex::HostFunctionTable host = allocator_only_host();
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto instance = (*module)->instantiate(host, {.stub_missing_imports = true});
    if (!instance) return state.SkipWithError(instance.error().describe().c_str());
    benchmark::DoNotOptimize(instance->get());
  }
}
BENCHMARK(BM_InstantiateKusamaGenesis)->Unit(benchmark::kMillisecond);

void BM_CoreVersionKusamaGenesis(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  auto module = ex::InterpreterEngine().compile(wasm);
  if (!module) return state.SkipWithError(module.error().describe().c_str());
  const ex::HostFunctionTable host = allocator_only_host();
  auto instance = (*module)->instantiate(host, {.stub_missing_imports = true});
  if (!instance) return state.SkipWithError(instance.error().describe().c_str());
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto version = (*instance)->call("Core_version", {});
    if (!version) return state.SkipWithError(version.error().describe().c_str());
    benchmark::DoNotOptimize(version->data());
  }
}
BENCHMARK(BM_CoreVersionKusamaGenesis)->Unit(benchmark::kMicrosecond);

// (func (export "loop") (param i64) (result i64)): counts a local up to the argument.
Bytes counting_module() {
  const Bytes body = {0x01, 0x01, 0x7e,                          // one i64 local
                      0x02, 0x40, 0x03, 0x40,                    // block, loop
                      0x20, 0x01, 0x20, 0x00, 0x5a, 0x0d, 0x01,  // br_if (i >= n) out
                      0x20, 0x01, 0x42, 0x01, 0x7c, 0x21, 0x01,  // i += 1
                      0x0c, 0x00, 0x0b, 0x0b,                    // br loop; end; end
                      0x20, 0x01, 0x0b};                         // i
  Bytes wasm = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01,
                0x60, 0x01, 0x7e, 0x01, 0x7e,  // type (i64) -> i64
                0x03, 0x02, 0x01, 0x00,        // one function
                0x05, 0x03, 0x01, 0x00, 0x01,  // memory 1
                0x07, 0x08, 0x01, 0x04, 'l',  'o',  'o',  'p',  0x00, 0x00, 0x0a};
  Bytes code = {0x01, static_cast<uint8_t>(body.size())};
  code.insert(code.end(), body.begin(), body.end());
  wasm.push_back(static_cast<uint8_t>(code.size()));
  wasm.insert(wasm.end(), code.begin(), code.end());
  return wasm;
}

double run_loop_seconds(ex::Instance& instance, uint64_t iterations) {
  const auto start = Clock::now();
  const ex::WasmValue arg = ex::WasmValue::i64(iterations);
  auto out = instance.invoke("loop", std::span(&arg, 1));
  benchmark::DoNotOptimize(out);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void BM_InterpretedLoopFuelOverhead(benchmark::State& state) {
  const Bytes wasm = counting_module();
  auto metered = ex::InterpreterEngine().compile(wasm, {.meter_fuel = true});
  auto plain = ex::InterpreterEngine().compile(wasm, {.meter_fuel = false});
  if (!metered || !plain) return state.SkipWithError("the loop module does not compile");
  auto metered_instance = (*metered)->instantiate({}, {.heap_pages = 0});
  auto plain_instance = (*plain)->instantiate({}, {.heap_pages = 0});
  if (!metered_instance || !plain_instance) return state.SkipWithError("no instance");
  constexpr uint64_t kIterations = 1'000'000;
  double metered_seconds = 0;
  double plain_seconds = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    plain_seconds += run_loop_seconds(**plain_instance, kIterations);
    metered_seconds += run_loop_seconds(**metered_instance, kIterations);
  }
  state.counters["fuel_overhead"] = metered_seconds / plain_seconds;
  state.counters["loop_iterations_per_s"] =
      benchmark::Counter(static_cast<double>(kIterations * state.iterations()) / plain_seconds);
}
BENCHMARK(BM_InterpretedLoopFuelOverhead)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_CompileKusamaGenesisFastInterpreter(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  auto prepared = ex::prepare_module(wasm);
  if (!prepared) return state.SkipWithError(prepared.error().describe().c_str());
  auto shared = std::make_shared<const ex::PreparedModule>(std::move(*prepared));
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto module = ex::FastInterpreterEngine().compile(shared);
    if (!module) return state.SkipWithError(module.error().describe().c_str());
    benchmark::DoNotOptimize(module->get());
  }
}
BENCHMARK(BM_CompileKusamaGenesisFastInterpreter)->Unit(benchmark::kMillisecond);

void BM_CoreVersionKusamaGenesisFastInterpreter(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  auto module = ex::FastInterpreterEngine().compile(wasm);
  if (!module) return state.SkipWithError(module.error().describe().c_str());
  const ex::HostFunctionTable host = allocator_only_host();
  auto instance = (*module)->instantiate(host, {.stub_missing_imports = true});
  if (!instance) return state.SkipWithError(instance.error().describe().c_str());
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto version = (*instance)->call("Core_version", {});
    if (!version) return state.SkipWithError(version.error().describe().c_str());
    benchmark::DoNotOptimize(version->data());
  }
}
BENCHMARK(BM_CoreVersionKusamaGenesisFastInterpreter)->Unit(benchmark::kMicrosecond);

// The metered loop on both interpreters, back to back.
void BM_InterpretedLoopFastVsWabt(benchmark::State& state) {
  const Bytes wasm = counting_module();
  auto wabt = ex::InterpreterEngine().compile(wasm);
  auto fast = ex::FastInterpreterEngine().compile(wasm);
  if (!wabt || !fast) return state.SkipWithError("the loop module does not compile");
  auto wabt_instance = (*wabt)->instantiate({}, {.heap_pages = 0});
  auto fast_instance = (*fast)->instantiate({}, {.heap_pages = 0});
  if (!wabt_instance || !fast_instance) return state.SkipWithError("no instance");
  constexpr uint64_t kIterations = 1'000'000;
  double wabt_seconds = 0;
  double fast_seconds = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    wabt_seconds += run_loop_seconds(**wabt_instance, kIterations);
    fast_seconds += run_loop_seconds(**fast_instance, kIterations);
  }
  state.counters["speedup"] = wabt_seconds / fast_seconds;
  state.counters["fast_iterations_per_s"] =
      benchmark::Counter(static_cast<double>(kIterations * state.iterations()) / fast_seconds);
}
BENCHMARK(BM_InterpretedLoopFastVsWabt)->Unit(benchmark::kMillisecond)->Iterations(5);

// Compiling Kusama's genesis runtime for the fast interpreter and for the JIT, back to back.
void BM_CompileKusamaGenesisBaselineJit(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  auto prepared = ex::prepare_module(wasm);
  if (!prepared) return state.SkipWithError(prepared.error().describe().c_str());
  auto shared = std::make_shared<const ex::PreparedModule>(std::move(*prepared));
  double fast_seconds = 0;
  double jit_seconds = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto start = Clock::now();
    auto fast = ex::FastInterpreterEngine().compile(shared);
    fast_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    start = Clock::now();
    auto jit = ex::BaselineJitEngine().compile(shared);
    jit_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    if (!fast || !jit) return state.SkipWithError("Kusama's genesis runtime does not compile");
    benchmark::DoNotOptimize(jit->get());
  }
  state.counters["compile_ratio"] = jit_seconds / fast_seconds;
  state.counters["jit_ms"] = 1000 * jit_seconds / static_cast<double>(state.iterations());
  state.counters["fast_ms"] = 1000 * fast_seconds / static_cast<double>(state.iterations());
}
BENCHMARK(BM_CompileKusamaGenesisBaselineJit)->Unit(benchmark::kMillisecond);

// Kusama's genesis Core_version on the fast interpreter and on the JIT, back to back.
void BM_CoreVersionKusamaGenesisBaselineJitVsFast(benchmark::State& state) {
  const Bytes& wasm = kusama_genesis_code();
  if (wasm.empty()) return state.SkipWithError("no Kusama chain spec in the fixtures");
  auto fast = ex::FastInterpreterEngine().compile(wasm);
  auto jit = ex::BaselineJitEngine().compile(wasm);
  if (!fast || !jit) return state.SkipWithError("Kusama's genesis runtime does not compile");
  const ex::HostFunctionTable host = allocator_only_host();
  auto fast_instance = (*fast)->instantiate(host, {.stub_missing_imports = true});
  auto jit_instance = (*jit)->instantiate(host, {.stub_missing_imports = true});
  if (!fast_instance || !jit_instance) return state.SkipWithError("no instance");
  double fast_seconds = 0;
  double jit_seconds = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    auto start = Clock::now();
    auto a = (*fast_instance)->call("Core_version", {});
    fast_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    start = Clock::now();
    auto b = (*jit_instance)->call("Core_version", {});
    jit_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    if (!a || !b || *a != *b) return state.SkipWithError("Core_version differs or fails");
    benchmark::DoNotOptimize(b->data());
  }
  state.counters["speedup"] = fast_seconds / jit_seconds;
}
BENCHMARK(BM_CoreVersionKusamaGenesisBaselineJitVsFast)->Unit(benchmark::kMicrosecond);

// The metered loop on the fast interpreter and on the JIT, back to back.
void BM_LoopBaselineJitVsFast(benchmark::State& state) {
  const Bytes wasm = counting_module();
  auto fast = ex::FastInterpreterEngine().compile(wasm);
  auto jit = ex::BaselineJitEngine().compile(wasm);
  if (!fast || !jit) return state.SkipWithError("the loop module does not compile");
  auto fast_instance = (*fast)->instantiate({}, {.heap_pages = 0});
  auto jit_instance = (*jit)->instantiate({}, {.heap_pages = 0});
  if (!fast_instance || !jit_instance) return state.SkipWithError("no instance");
  constexpr uint64_t kIterations = 10'000'000;
  double fast_seconds = 0;
  double jit_seconds = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    fast_seconds += run_loop_seconds(**fast_instance, kIterations);
    jit_seconds += run_loop_seconds(**jit_instance, kIterations);
  }
  state.counters["speedup"] = fast_seconds / jit_seconds;
  state.counters["jit_iterations_per_s"] =
      benchmark::Counter(static_cast<double>(kIterations * state.iterations()) / jit_seconds);
}
BENCHMARK(BM_LoopBaselineJitVsFast)->Unit(benchmark::kMillisecond)->Iterations(5);

// What a runtime's first two calls do to a fresh instance's memory of 2048 heap pages (129 MiB
// reserved): the first writes its data, stack and heap (here one word in every 4 KiB of the first
// 8 MiB, the pattern of a block's allocations that are handed out but partly written), the reset
// before the second zeroes that stretch in place (Instance::reset_state), and the second writes it
// again. On a MemoryMapping and on a plain anonymous mapping, back to back.
double first_two_calls_seconds(uint8_t* memory) {
  constexpr size_t kTouched = size_t{8} << 20;
  constexpr size_t kStride = 4096;
  const auto start = Clock::now();
  for (size_t offset = 0; offset < kTouched; offset += kStride) memory[offset] = 1;
  std::memset(memory, 0, kTouched);
  for (size_t offset = 0; offset < kTouched; offset += kStride) memory[offset] = 2;
  benchmark::DoNotOptimize(memory);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void BM_FreshInstanceMemoryHugeVsPlainPages(benchmark::State& state) {
  constexpr size_t kReserved = size_t{2048 + 17} * 65536;
  double ours_seconds = 0;
  double plain_seconds = 0;
  bool advised = false;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    {
      ex::MemoryMapping mapping;
      if (!mapping.map(kReserved)) return state.SkipWithError("cannot map");
      advised = mapping.huge_pages_advised();
      ours_seconds += first_two_calls_seconds(mapping.data());
    }
    void* plain = ::mmap(nullptr, kReserved, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (plain == MAP_FAILED) return state.SkipWithError("cannot map");
    plain_seconds += first_two_calls_seconds(static_cast<uint8_t*>(plain));
    ::munmap(plain, kReserved);
  }
  state.counters["speedup"] = plain_seconds / ours_seconds;
  state.counters["ours_ms"] = 1000 * ours_seconds / static_cast<double>(state.iterations());
  state.counters["plain_ms"] = 1000 * plain_seconds / static_cast<double>(state.iterations());
  state.counters["huge_pages_advised"] = advised ? 1 : 0;
}
BENCHMARK(BM_FreshInstanceMemoryHugeVsPlainPages)->Unit(benchmark::kMillisecond);

}  // namespace
