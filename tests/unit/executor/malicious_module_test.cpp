// Hostile modules on every tier (issue 24): a runtime upgrade or a PVF is code from outside, so a
// huge function, deep nesting, millions of locals, a huge br_table, a hundred thousand functions
// or a memory of 4 GiB must end in a module that works or a clean error, in bounded time and
// memory, on each engine the node runs: the fast interpreter, the baseline JIT (first tier), the
// ahead-of-time engine (optimizing tier, in its worker with a wall-clock and address-space
// limit), and wabt's interpreter (the reference). The decompression bomb is refused before any
// engine sees the code, at the door every tier goes through (the runtime cache).
//
// Memory is the process's peak resident set over the case (VmHWM after resetting it through
// /proc/self/clear_refs), so an engine that blows up its intermediate forms is caught even when
// it frees them before returning; the AOT tools run in child processes bounded by RLIMIT_AS.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "executor/aot/aot_engine.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/runtime_cache.hpp"
#include "executor/runtime_code.hpp"
#include "primitives/util/sanitizers.hpp"
#include "tests/unit/executor/aot_test_support.hpp"
#include "tests/unit/executor/executor_test_support.hpp"
#include "tests/unit/executor/host_test_support.hpp"

namespace canary::executor {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using testing::append_u32;
using testing::assemble_module;

// What one case may cost on this 2-core machine: compiling and calling within the wall-clock
// budget (sanitized builds included), the in-process engines within the memory budget over the
// process's resident set before the case. The AOT worker gets its own, smaller time limit: its
// tools are killed there, which is the clean end expected of a module too big to compile.
// AddressSanitizer slows the in-process work (decoding, validation, the optimizing tier's C
// generation before its worker's limit applies) about twofold: 100,000 functions on the
// optimizing tier take 24 s here, 46 s sanitized alone and 61 s sanitized beside the other tests.
constexpr auto kWallBudget = std::chrono::seconds(kAddressSanitizer ? 120 : 60);
constexpr uint64_t kMemoryBudget = uint64_t{1} << 30;
constexpr auto kAotTimeLimit = std::chrono::seconds(10);
constexpr uint64_t kAotMemoryLimit = uint64_t{1} << 30;

// Kernel-reported resident memory of this process, in bytes (0 where /proc is unavailable).
uint64_t proc_status_kib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoull(line.substr(field.size() + 1));
  }
  return 0;
}

// Resets the peak resident set to the current one (Linux ≥ 4.0: "5" to clear_refs).
void reset_peak_rss() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

// The hostile modules, each with a name for the failure messages. Function type () -> ().
const Bytes kVoidType = {0x60, 0x00, 0x00};

// One function of `count` repetitions of `x += 1` (local.get, i32.const, i32.add, local.set):
// 7 bytes each, so a million is a 7 MB function, larger than any real runtime's dispatch.
Bytes huge_function(size_t count) {
  Bytes body{0x01, 0x01, 0x7f};  // one i32 local
  body.reserve(body.size() + 7 * count + 1);
  for (size_t i = 0; i < count; ++i)
    body.insert(body.end(), {0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00});
  body.push_back(0x0b);
  return assemble_module(kVoidType, {body});
}

// A million nested structured instructions, alternating block and loop (a loop is entered once:
// its end falls through).
Bytes deep_nesting(size_t depth) {
  Bytes body{0x00};
  body.reserve(3 * depth + 2);
  for (size_t i = 0; i < depth; ++i)
    body.insert(body.end(), {i % 2 == 0 ? uint8_t{0x02} : uint8_t{0x03}, 0x40});
  body.insert(body.end(), depth + 1, 0x0b);
  return assemble_module(kVoidType, {body});
}

// Local declarations of `counts` groups of i64: 2^32 - 1 twice overflows a u32 sum, one group of
// 4 billion would be 32 GB of frame if anything allocated it before checking.
Bytes many_locals(const std::vector<uint32_t>& counts) {
  Bytes body;
  append_u32(body, static_cast<uint32_t>(counts.size()));
  for (uint32_t count : counts) {
    append_u32(body, count);
    body.push_back(0x7e);
  }
  body.push_back(0x0b);
  return assemble_module(kVoidType, {body});
}

// A br_table with `targets` entries, all to the enclosing block.
Bytes huge_br_table(size_t targets) {
  Bytes body{0x00, 0x02, 0x40, 0x41, 0x00, 0x0e};
  append_u32(body, static_cast<uint32_t>(targets));
  body.insert(body.end(), targets + 1, 0x00);  // the targets and the default
  body.insert(body.end(), {0x0b, 0x0b});
  return assemble_module(kVoidType, {body});
}

// `count` functions, each exported: the per-function costs of every engine (exports, frames,
// trampolines, the AOT glue) at a scale no runtime reaches.
Bytes many_functions(size_t count) {
  return assemble_module(kVoidType, std::vector<Bytes>(count, Bytes{0x00, 0x0b}));
}

// The module of `huge_function(1)` with a memory of `pages` initial pages instead of one.
Bytes huge_memory(uint32_t pages) {
  Bytes module = assemble_module(kVoidType, {Bytes{0x00, 0x0b}});
  // assemble_module's memory section is {05, 03, 01, 00, 01}; rewrite it in place.
  const Bytes old_section{0x05, 0x03, 0x01, 0x00, 0x01};
  auto at = std::search(module.begin(), module.end(), old_section.begin(), old_section.end());
  EXPECT_NE(at, module.end());
  Bytes section{0x01, 0x00};
  append_u32(section, pages);
  Bytes replacement{0x05};
  append_u32(replacement, static_cast<uint32_t>(section.size()));
  replacement.insert(replacement.end(), section.begin(), section.end());
  at = module.erase(at, at + static_cast<ptrdiff_t>(old_section.size()));
  module.insert(at, replacement.begin(), replacement.end());
  return module;
}

using host::testing::engines;

// The engines by their index in host::testing::engines(), the list every multi-engine suite runs.
class MaliciousModule : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override {
    if (is_aot()) {
      // A cache of its own, removed afterwards: these modules must not fill the shared one.
      std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      std::replace(test.begin(), test.end(), '/', '_');
      cache_dir_ = (fs::temp_directory_path() /
                    ("canary-malicious-" + std::to_string(::getpid()) + "-" + test))
                       .string();
      if (engine_name() == "optimizing") {
        optimizing::OptimizingConfig config = testing::optimizing_test_config();
        config.cache_dir = cache_dir_;
        config.time_limit = kAotTimeLimit;
        config.memory_limit = kAotMemoryLimit;
        engine_ = std::make_unique<optimizing::OptimizingEngine>(config);
      } else {
        aot::AotConfig config = testing::aot_test_config();
        config.cache_dir = cache_dir_;
        config.time_limit = kAotTimeLimit;
        config.memory_limit = kAotMemoryLimit;
        engine_ = std::make_unique<aot::AotEngine>(config);
      }
    } else {
      engine_ = engines()[GetParam()].make();
    }
  }
  void TearDown() override {
    if (!cache_dir_.empty()) {
      std::error_code ignored;
      fs::remove_all(cache_dir_, ignored);
    }
  }

  std::string engine_name() const { return engines()[GetParam()].name; }
  // The tiers that compile with external tools, under the worker's limits.
  bool is_aot() const { return engine_name() == "aot" || engine_name() == "optimizing"; }

  // Compiles `wasm` and, when that works, instantiates it and calls f0. Every step either
  // succeeds or fails with a typed error; the whole stays within the budgets. Returns the first
  // error, if any.
  std::optional<ExecutionError> run_bounded(const std::string& what, const Bytes& wasm,
                                            const InstanceConfig& instance_config = {}) {
    const uint64_t rss_before = proc_status_kib("VmRSS") * 1024;
    reset_peak_rss();
    const auto start = Clock::now();
    std::optional<ExecutionError> error;
    auto module = engine_->compile(wasm);
    if (!module) {
      error = module.error();
    } else {
      auto instance = (*module)->instantiate(testing::test_host_functions(), instance_config);
      if (!instance) {
        error = instance.error();
      } else {
        auto result = (*instance)->invoke("f0", {});
        if (!result) error = result.error();
      }
    }
    const auto elapsed = Clock::now() - start;
    const uint64_t peak = proc_status_kib("VmHWM") * 1024;
    EXPECT_LT(elapsed, kWallBudget) << what << " on " << engine_->name();
    if (peak != 0 && !is_aot()) {
      EXPECT_LT(peak - std::min(peak, rss_before), kMemoryBudget)
          << what << " on " << engine_->name() << ": peak " << (peak >> 20) << " MiB, "
          << (rss_before >> 20) << " MiB before";
    }
    std::cout << "[ " << engine_->name() << " ] " << what << ": "
              << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
              << " ms, peak RSS +" << ((peak - std::min(peak, rss_before)) >> 20) << " MiB, "
              << (error ? error->describe() : std::string("ran")) << "\n";
    return error;
  }

  // The clean ends a module too big for the optimizing tier may meet: its worker killed at the
  // time limit, or a tool out of memory or failing (wasm2c's own recursion on deep nesting).
  static bool is_aot_resource_error(const ExecutionError& error) {
    return error.kind == ExecutionErrorKind::kInternal;
  }

  std::unique_ptr<Engine> engine_;
  std::string cache_dir_;
};

TEST_P(MaliciousModule, HugeFunctionCompilesAndRunsOrEndsCleanly) {
  const auto error = run_bounded("a 7 MB function", huge_function(1'000'000));
  if (error) {
    EXPECT_TRUE(is_aot() && is_aot_resource_error(*error)) << error->describe();
  }
}

TEST_P(MaliciousModule, MillionNestedBlocksCompileAndRunOrEndCleanly) {
  const auto error = run_bounded("a million nested blocks and loops", deep_nesting(1'000'000));
  if (error) {
    EXPECT_TRUE(is_aot() && is_aot_resource_error(*error)) << error->describe();
  }
}

TEST_P(MaliciousModule, BillionsOfLocalsAreRefusedBeforeAnyAllocation) {
  for (const auto& counts :
       {std::vector<uint32_t>{0xffffffff}, std::vector<uint32_t>{0xffffffff, 0xffffffff},
        std::vector<uint32_t>{2'000'000}, std::vector<uint32_t>(101, 500)}) {
    const auto error = run_bounded(
        std::to_string(counts.size()) + " groups of " + std::to_string(counts[0]) + " locals",
        many_locals(counts));
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->kind, ExecutionErrorKind::kInvalidModule) << error->describe();
  }
}

TEST_P(MaliciousModule, HugeBrTableCompilesAndRunsOrEndsCleanly) {
  const auto error = run_bounded("a br_table of a million targets", huge_br_table(1'000'000));
  if (error) {
    EXPECT_TRUE(is_aot() && is_aot_resource_error(*error)) << error->describe();
  }
}

TEST_P(MaliciousModule, HundredThousandFunctionsCompileAndRunOrEndCleanly) {
  const auto error = run_bounded("100,000 exported functions", many_functions(100'000));
  if (error) {
    EXPECT_TRUE(is_aot() && is_aot_resource_error(*error)) << error->describe();
  }
}

TEST_P(MaliciousModule, FourGibMemoryIsRefusedAboveTheConfiguredMaximum) {
  // 65536 initial pages is valid Wasm; the node's limit (InstanceConfig::max_memory_pages, as
  // sc-executor's heap strategy) refuses it at instantiation, before mapping anything.
  InstanceConfig config;
  config.max_memory_pages = 16384;  // 1 GiB
  const auto error = run_bounded("65536 initial pages", huge_memory(65536), config);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ExecutionErrorKind::kMemoryTooLarge) << error->describe();
}

INSTANTIATE_TEST_SUITE_P(EveryTier, MaliciousModule, ::testing::Range(size_t{0}, engines().size()),
                         [](const auto& info) { return engines()[info.param].name; });

// A zstd bomb as `:code`: the runtime cache (every tier's door in the node) refuses it without
// decompressing past the limit, as a typed error, and keeps serving.
TEST(MaliciousCode, DecompressionBombIsRefusedByTheRuntimeCache) {
  // Streamed, so the frame does not say its size: the bomb is found only by decompressing.
  Bytes code = testing::zstd_streamed_code(Bytes(size_t{256} << 20, 0), 19);
  ASSERT_LT(code.size(), size_t{64} << 10);

  RuntimeCache cache(testing::test_engine(), testing::test_host_functions());
  const uint64_t rss_before = proc_status_kib("VmRSS") * 1024;
  reset_peak_rss();
  auto runtime = cache.get(make_runtime_code(std::move(code), std::nullopt));
  const uint64_t peak = proc_status_kib("VmHWM") * 1024;
  ASSERT_FALSE(runtime.has_value());
  EXPECT_EQ(runtime.error().kind, RuntimeLoadError::Kind::kBadCode) << runtime.error().message;
  if (peak != 0) {
    // The limit is 50 MiB of output; 256 MiB were never materialised, nor a doubling buffer's
    // 1.5x of the limit (the sanitizers' own overhead on top stays well below this).
    EXPECT_LT(peak - std::min(peak, rss_before), uint64_t{96} << 20);
  }
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace canary::executor
