// The PVF host (parachain/pvf), the target: validating one adder candidate end to end on
// a warm PVF worker < 5 ms (BM_PvfValidateAdder_WarmWorker). End to end = the host's call:
// artifact lookup, the job framed over the socket, the worker's validate_block on its warm
// instance (reset, params copied in, run, output copied out), the answer back and decoded as a
// ValidationResult. The reference, timed in the same run, is the same validate_block in process
// (PvfRuntime, no worker): counters `ms_per_candidate`, `in_process_ms` and `ratio_vs_in_process`
// (the worker's overhead). BM_PvfPrepareAdder: preparation (decompression, validation,
// instrumentation, the baseline JIT) in a prepare worker into an empty cache, per PVF;
// BM_PvfPrepareRuntimeSized the same for a PVF of real-world size (the 4 MB PVF).
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parachain/pvf/pvf_executor.hpp"
#include "parachain/pvf/pvf_host.hpp"
#include "primitives/util/hex.hpp"

namespace {

namespace pvf = canary::parachain::pvf;
using canary::Bytes;
using Clock = std::chrono::steady_clock;

constexpr const char* kAdderParams =
    "0x21010000000000000000000000000000000000000000000000000000000000000000000000000000000001"
    "1b4d03dd8c01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce400000000000000000000200000000"
    "0000010000000000000000000000000000000000000000000000000000000000000000000000";

// A file's bytes (none when it cannot be read).
Bytes read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  const std::string text = content.str();
  return Bytes(text.begin(), text.end());
}

Bytes adder_code() {
  return read_file(std::string(CANARY_PVF_FIXTURES_DIR) + "/parachains/adder/validation_code.wasm");
}

// Empties the artifact cache, so that the next preparation is a first one.
void clear_cache(const std::string& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::error_code ignored;
    std::filesystem::remove(entry.path(), ignored);
  }
}

std::string temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pvf-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

pvf::PvfHostConfig host_config(const std::string& dir) {
  pvf::PvfHostConfig config;
  config.worker_program = CANARY_BINARY;
  config.cache_dir = dir;
  return config;
}

void BM_PvfValidateAdder_WarmWorker(benchmark::State& state) {
  const Bytes code = adder_code();
  const Bytes params = canary::from_hex(kAdderParams).value();
  // The reference: validate_block in process on a warm instance.
  auto prepared = pvf::prepare_pvf(code, {});
  if (!prepared) {
    state.SkipWithError(prepared.error().message.c_str());
    return;
  }
  auto runtime = pvf::PvfRuntime::load(prepared->wasm, {});
  if (!runtime) {
    state.SkipWithError(runtime.error().message.c_str());
    return;
  }
  constexpr int kReferenceCalls = 200;
  (void)(*runtime)->validate_block(params);
  const auto reference_start = Clock::now();
  for (int i = 0; i < kReferenceCalls; ++i) {
    benchmark::DoNotOptimize((*runtime)->validate_block(params));
  }
  const double in_process_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - reference_start).count() /
      kReferenceCalls;

  const std::string dir = temp_dir();
  pvf::PvfHost host(host_config(dir));
  const canary::parachain::ValidationCode validation_code{code};
  // Warm: the artifact prepared and the execute worker's instance compiled.
  auto first = host.validate(validation_code, params, {}, canary::parachain::PvfExecKind::kBacking);
  if (first.kind != pvf::VerdictKind::kValid) {
    state.SkipWithError(first.message.c_str());
    return;
  }
  int64_t candidates = 0;
  const auto start = Clock::now();
  for (auto _ : state) {
    auto verdict =
        host.validate(validation_code, params, {}, canary::parachain::PvfExecKind::kBacking);
    if (verdict.kind != pvf::VerdictKind::kValid) {
      state.SkipWithError(verdict.message.c_str());
      break;
    }
    ++candidates;
  }
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count() /
                    static_cast<double>(std::max<int64_t>(candidates, 1));
  state.counters["ms_per_candidate"] = ms;
  state.counters["in_process_ms"] = in_process_ms;
  state.counters["ratio_vs_in_process"] = ms / in_process_ms;
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}
BENCHMARK(BM_PvfValidateAdder_WarmWorker)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PvfPrepareAdder(benchmark::State& state) {
  const canary::parachain::ValidationCode code{adder_code()};
  const std::string dir = temp_dir();
  pvf::PvfHost host(host_config(dir));
  for (auto _ : state) {
    state.PauseTiming();
    clear_cache(dir);
    state.ResumeTiming();
    auto id = host.prepare(code, {}, canary::parachain::PvfPrepKind::kPrecheck);
    if (!id) {
      state.SkipWithError(id.error().message.c_str());
      break;
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}
BENCHMARK(BM_PvfPrepareAdder)->Unit(benchmark::kMillisecond)->UseRealTime();

// A PVF of real-world size: the Canary runtime's blob (zstd-compressed, 6.8 MB of Wasm once
// decompressed; real PVFs such as Asset Hub's are 4–5 MB) prepared by a prepare worker into an
// empty cache, as pre-checking and a first backing do. Its imports the PVF host does not offer are
// stubs (allow_missing_func_imports). The reference, timed in the same run: prepare_pvf in process
// (no worker, no artifact written). Counters: `wasm_mb` (decompressed), `ms_per_mb`,
// `in_process_ms` and `ratio_vs_in_process`.
void BM_PvfPrepareRuntimeSized(benchmark::State& state) {
  const canary::parachain::ValidationCode code{read_file(CANARY_RUNTIME_BLOB)};
  if (code.data.empty()) {
    state.SkipWithError("no runtime blob in this build");
    return;
  }
  const auto reference_start = Clock::now();
  auto prepared = pvf::prepare_pvf(code.data, {});
  const double in_process_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - reference_start).count();
  if (!prepared) {
    state.SkipWithError(prepared.error().message.c_str());
    return;
  }
  const double wasm_mb = static_cast<double>(prepared->wasm.size()) / 1e6;
  const std::string dir = temp_dir();
  pvf::PvfHost host(host_config(dir));
  int64_t preparations = 0;
  double total_ms = 0;
  for (auto _ : state) {
    state.PauseTiming();
    clear_cache(dir);
    state.ResumeTiming();
    const auto start = Clock::now();
    auto id = host.prepare(code, {}, canary::parachain::PvfPrepKind::kPrecheck);
    total_ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!id) {
      state.SkipWithError(id.error().message.c_str());
      break;
    }
    ++preparations;
  }
  const double ms = total_ms / static_cast<double>(std::max<int64_t>(preparations, 1));
  state.counters["wasm_mb"] = wasm_mb;
  state.counters["ms_per_mb"] = ms / wasm_mb;
  state.counters["in_process_ms"] = in_process_ms;
  state.counters["ratio_vs_in_process"] = ms / in_process_ms;
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}
BENCHMARK(BM_PvfPrepareRuntimeSized)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
