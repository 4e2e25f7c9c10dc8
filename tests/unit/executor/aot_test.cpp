// The ahead-of-time engine's own machinery: wasm2c's names, the adapted C, the on-disk cache (hits
// start no worker; truncated or corrupt files are rebuilt; concurrent compilations by threads and
// processes share it), the worker's limits and typed errors, the tiered module, and a real
// runtime against the interpreter. What both engines share is in engines_test.cpp and
// host_runtime_test.cpp.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aot_test_support.hpp"
#include "executor/aot/tiered_module.hpp"
#include "executor/aot/wasm2c_names.hpp"
#include "executor/aot/wasm2c_output.hpp"
#include "executor/aot/worker_process.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "executor/host/host_api.hpp"
#include "executor/runtime_blob.hpp"
#include "executor_test_support.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::executor {
namespace {

namespace fs = std::filesystem;
using aot::AotConfig;
using aot::AotEngine;
using aot::AotErrorKind;

std::shared_ptr<const PreparedModule> prepared(const std::string& name,
                                               const PrepareConfig& config = {}) {
  auto module = prepare_module(testing::test_module(name), config);
  EXPECT_TRUE(module.has_value()) << (module ? "" : module.error().describe());
  if (!module) return nullptr;
  return std::make_shared<const PreparedModule>(std::move(*module));
}

// A cache directory of the test's own, empty at the start and removed at the end.
class FreshCache : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::string(CANARY_AOT_TEST_CACHE_DIR) + "-" + test->test_suite_name() + "-" +
           test->name() + "-" + std::to_string(::getpid());
    fs::remove_all(dir_);
    config_ = testing::aot_test_config();
    config_.cache_dir = dir_;
  }
  void TearDown() override {
    fs::remove_all(dir_);
    fs::remove(dir_ + "-fake-cc");
  }

  std::vector<fs::path> cache_files() const {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    }
    return files;
  }

  // A stand-in for the C compiler: answers --version, otherwise runs `body`.
  std::string fake_compiler(const std::string& body) const {
    const std::string path = dir_ + "-fake-cc";
    std::ofstream(path)
        << "#!/bin/sh\nif [ \"$1\" = --version ]; then echo fake-cc 1.0; exit 0; fi\n"
        << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return path;
  }

  std::string dir_;
  AotConfig config_;
};

// traps.wat's count_to(10): proof that a module runs.
void expect_runs(const std::shared_ptr<const Module>& module) {
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate({}, {.heap_pages = 0});
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  auto out = (*instance)->invoke("count_to", std::vector{WasmValue::i64(10)});
  ASSERT_TRUE(out.has_value()) << out.error().describe();
  EXPECT_EQ(*out, std::optional{WasmValue::i64(10)});
}

// --- names and the C ------------------------------------------------------------------------

TEST(Wasm2cNames, MangleLikeWasm2c) {
  EXPECT_EQ(aot::wasm2c_mangle("ext_storage_get_version_1"), "ext_storage_get_version_1");
  EXPECT_EQ(aot::wasm2c_mangle("Zap.x-y"), "Z5AapZ2ExZ2Dy");
  EXPECT_EQ(aot::wasm2c_mangle("e nv"), "eZ20nv");
  EXPECT_EQ(aot::wasm2c_mangle("\xc3\xa9"), "ZC3ZA9");
  EXPECT_EQ(aot::wasm2c_symbol("env", "memory"), "Z_envZ_memory");
}

// Imports from a module other than env, names wasm2c must escape, a re-exported import and an
// import called through the table (wasm2c 1.0.32 passes such calls another pointer; c_glue.cpp).
Bytes oddly_named_module() {
  using testing::append_section;
  using testing::append_u32;
  auto name = [](Bytes& out, std::string_view text) {
    append_u32(out, static_cast<uint32_t>(text.size()));
    out.insert(out.end(), text.begin(), text.end());
  };
  Bytes module = testing::kWasmHeader;
  append_section(module, 1, Bytes{1, 0x60, 1, 0x7f, 1, 0x7f});  // (i32) -> i32
  Bytes imports{2};
  name(imports, "e nv");
  name(imports, "Z\xc3\xa9.x-y");
  imports.insert(imports.end(), {0x00, 0x00});
  name(imports, "env");
  name(imports, "memory");
  imports.insert(imports.end(), {0x02, 0x00, 0x01});
  append_section(module, 2, imports);
  append_section(module, 3, Bytes{2, 0, 0});
  append_section(module, 4, Bytes{1, 0x70, 0x00, 0x01});  // a table of one slot
  Bytes exports{3};
  name(exports, "Zz \xc3\xa9?\"\\");
  exports.insert(exports.end(), {0x00, 0x01});
  name(exports, "re.export");
  exports.insert(exports.end(), {0x00, 0x00});
  name(exports, "indirect");
  exports.insert(exports.end(), {0x00, 0x02});
  append_section(module, 7, exports);
  append_section(module, 9, Bytes{1, 0x00, 0x41, 0x00, 0x0b, 1, 0x00});  // slot 0: the import
  Bytes code{2};
  // local.get 0; call 0; i32.const 1; i32.add
  const Bytes direct = {0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b};
  // local.get 0; i32.const 0; call_indirect (type 0)
  const Bytes indirect = {0x00, 0x20, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00, 0x0b};
  for (const Bytes& body : {direct, indirect}) {
    append_u32(code, static_cast<uint32_t>(body.size()));
    code.insert(code.end(), body.begin(), body.end());
  }
  append_section(module, 10, code);
  return module;
}

TEST(AotEngine, OddNamesImportModulesAndImportsInTables) {
  HostFunctionTable host;
  host.add({"e nv",
            "Z\xc3\xa9.x-y",
            {{ValueType::kI32}, ValueType::kI32},
            [](HostCallContext&, std::span<const WasmValue> args) -> HostResult {
              return host_value(WasmValue::i32(args[0].as_u32() * 2));
            }});
  AotEngine engine(testing::aot_test_config());
  auto module = engine.compile(oddly_named_module());
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  auto instance = (*module)->instantiate(host, {.heap_pages = 0});
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  auto call = [&](std::string_view name) {
    auto out = (*instance)->invoke(name, std::vector{WasmValue::i32(20)});
    EXPECT_TRUE(out.has_value()) << name << ": " << (out ? "" : out.error().describe());
    return out && *out ? (*out)->as_u32() : 0;
  };
  EXPECT_EQ(call("Zz \xc3\xa9?\"\\"), 41u);
  EXPECT_EQ(call("re.export"), 40u);
  EXPECT_EQ(call("indirect"), 40u);
}

// Traps unwind through a thread-local target: instances on several threads trap and call the
// host (which fails half the time) independently of each other.
TEST(AotEngine, InstancesTrapIndependentlyOnSeveralThreads) {
  AotEngine engine(testing::aot_test_config());
  auto traps = engine.compile(testing::test_module("traps"));
  auto calls = engine.compile(testing::test_module("host_calls"));
  ASSERT_TRUE(traps.has_value() && calls.has_value());
  const HostFunctionTable host = testing::test_host_functions();
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto trapping = (*traps)->instantiate({}, {.heap_pages = 0});
      auto calling = (*calls)->instantiate(host, {.heap_pages = 0});
      ASSERT_TRUE(trapping.has_value() && calling.has_value());
      for (uint64_t i = 0; i < 200; ++i) {
        auto trapped = (*trapping)->invoke("divide_by_zero", std::vector{WasmValue::i32(1)});
        ASSERT_FALSE(trapped.has_value());
        EXPECT_EQ(trapped.error().kind, ExecutionErrorKind::kIntegerDivideByZero);
        auto counted = (*trapping)->invoke("count_to", std::vector{WasmValue::i64(i)});
        ASSERT_TRUE(counted.has_value());
        EXPECT_EQ(*counted, std::optional{WasmValue::i64(i)});
        auto failed = (*calling)->call(i % 2 == 0 ? "fail" : "hello", {});
        EXPECT_EQ(failed.has_value(), i % 2 == 1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

// wasm2c's output for traps.wat, split into three parts: every function is defined exactly once,
// the bounds check counts pages, the memory access helpers are always inlined, and the parts
// compile into a module that still runs.
TEST_F(FreshCache, SplitOutputKeepsEveryFunctionOnce) {
  auto tools = aot::find_toolchain(config_);
  ASSERT_TRUE(tools.has_value()) << tools.error().describe();
  auto module = prepared("traps");
  ASSERT_NE(module, nullptr);
  const std::string wasm = dir_ + "/traps.wasm";
  std::ofstream(wasm, std::ios::binary)
      .write(reinterpret_cast<const char*>(module->code.data()),
             static_cast<std::streamsize>(module->code.size()));
  const std::string c = dir_ + "/traps.c";
  ASSERT_TRUE(aot::run_worker({{{tools->wasm2c, wasm, "-n", "canary", "-o", c}}}, {}, dir_ + "/log")
                  .has_value());
  std::ifstream in(c);
  const std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  auto whole = aot::adapt_wasm2c_output(source, 3);
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->size(), 1u);  // too small to be worth a split
  auto parts = aot::adapt_wasm2c_output(source, 3, /*min_part_bytes=*/1);
  ASSERT_TRUE(parts.has_value()) << parts.error().describe();
  ASSERT_EQ(parts->size(), 3u);
  auto count = [](const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
      ++n;
    }
    return n;
  };
  const size_t definitions = count(source, ") {\n  FUNC_PROLOGUE;");
  EXPECT_GT(definitions, 10u);
  size_t split_definitions = 0;
  for (const std::string& part : *parts) {
    EXPECT_EQ(count(part, "(uint64_t)len > ((uint64_t)mem->pages << 16))"), 1u);
    // The load and store helpers are always inlined (once per byte order).
    EXPECT_EQ(count(part, "static inline __attribute__((always_inline)) t3 name("), 2u);
    EXPECT_EQ(count(part, "static inline __attribute__((always_inline)) void name("), 2u);
    split_definitions += count(part, ") {\n  FUNC_PROLOGUE;");
  }
  EXPECT_EQ(split_definitions, definitions);
  // Functions are shared between the parts: none stays static.
  for (const std::string& part : *parts) {
    for (const char* type : {"u32", "u64", "f32", "f64", "void"}) {
      EXPECT_EQ(count(part, std::string("\nstatic ") + type + " w2c_"), 0u) << type;
    }
  }

  EXPECT_EQ(aot::adapt_wasm2c_output("int x;\n", 2).error().kind,
            AotErrorKind::kUnexpectedWasm2cOutput);
}

// --- the cache ------------------------------------------------------------------------------

TEST_F(FreshCache, HitStartsNoWorker) {
  auto module = prepared("traps");
  ASSERT_NE(module, nullptr);
  AotEngine first(config_);
  auto compiled = first.compile_aot(module);
  ASSERT_TRUE(compiled.has_value()) << compiled.error().describe();
  EXPECT_EQ(first.stats().workers_started, 1u);
  EXPECT_EQ(first.stats().cache_hits, 0u);
  EXPECT_EQ(cache_files().size(), 1u);
  expect_runs(*compiled);

  AotEngine second(config_);
  auto again = second.compile_aot(module);
  ASSERT_TRUE(again.has_value()) << again.error().describe();
  EXPECT_EQ(second.stats().workers_started, 0u);
  EXPECT_EQ(second.stats().cache_hits, 1u);
  expect_runs(*again);

  // Anything that changes the generated code is a different key: here the fuel metering.
  auto unmetered = prepared("traps", {.meter_fuel = false});
  ASSERT_TRUE(second.compile_aot(unmetered).has_value());
  EXPECT_EQ(second.stats().workers_started, 1u);
  EXPECT_EQ(cache_files().size(), 2u);
}

TEST_F(FreshCache, TruncatedOrCorruptFilesAreRejectedAndRebuilt) {
  auto module = prepared("traps");
  ASSERT_NE(module, nullptr);
  ASSERT_TRUE(AotEngine(config_).compile_aot(module).has_value());
  ASSERT_EQ(cache_files().size(), 1u);
  const fs::path file = cache_files()[0];
  const auto size = fs::file_size(file);

  fs::resize_file(file, size / 2);
  AotEngine after_truncation(config_);
  auto rebuilt = after_truncation.compile_aot(module);
  ASSERT_TRUE(rebuilt.has_value()) << rebuilt.error().describe();
  EXPECT_EQ(after_truncation.stats().cache_files_rejected, 1u);
  EXPECT_EQ(after_truncation.stats().workers_started, 1u);
  EXPECT_EQ(fs::file_size(file), size);
  expect_runs(*rebuilt);

  {
    std::fstream patch(file, std::ios::in | std::ios::out | std::ios::binary);
    patch.seekp(static_cast<std::streamoff>(size / 3));
    patch.put('\x5a');
  }
  AotEngine after_corruption(config_);
  auto again = after_corruption.compile_aot(module);
  ASSERT_TRUE(again.has_value()) << again.error().describe();
  EXPECT_EQ(after_corruption.stats().cache_files_rejected, 1u);
  EXPECT_EQ(after_corruption.stats().workers_started, 1u);
  expect_runs(*again);
}

TEST_F(FreshCache, ConcurrentCompilationsByThreadsAndProcessesShareTheCache) {
  auto module = prepared("traps");
  ASSERT_NE(module, nullptr);
  // A process that compiles the same module at the same time (forked before any thread starts).
  const pid_t child = ::fork();
  if (child == 0) {
    auto compiled = AotEngine(config_).compile_aot(module);
    ::_exit(compiled.has_value() ? 0 : 1);
  }
  ASSERT_GT(child, 0);
  std::vector<std::shared_ptr<const Module>> modules(2);
  std::vector<std::thread> threads;
  threads.reserve(modules.size());
  for (size_t i = 0; i < modules.size(); ++i) {
    threads.emplace_back([&, i] {
      auto compiled = AotEngine(config_).compile_aot(module);
      EXPECT_TRUE(compiled.has_value()) << compiled.error().describe();
      if (compiled) modules[i] = *compiled;
    });
  }
  for (std::thread& thread : threads) thread.join();
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  for (const auto& compiled : modules) expect_runs(compiled);
  EXPECT_EQ(cache_files().size(), 1u);
  // No temporaries or build directories are left behind.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1u);
}

// --- the worker -----------------------------------------------------------------------------

TEST_F(FreshCache, WorkerTimeoutIsTyped) {
  config_.compiler = fake_compiler("sleep 30");
  config_.time_limit = std::chrono::seconds(1);
  const auto start = std::chrono::steady_clock::now();
  auto compiled = AotEngine(config_).compile_aot(prepared("traps"));
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().kind, AotErrorKind::kTimeout) << compiled.error().describe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_TRUE(cache_files().empty());
  // Through the Engine interface it is an ExecutionError that says so.
  auto through_engine = AotEngine(config_).compile(prepared("traps"));
  ASSERT_FALSE(through_engine.has_value());
  EXPECT_NE(through_engine.error().message.find("timeout"), std::string::npos);
}

TEST_F(FreshCache, CompilerFailureCarriesItsOutput) {
  config_.compiler = fake_compiler("echo 'fake-cc: error: the answer is 42' >&2; exit 1");
  auto compiled = AotEngine(config_).compile_aot(prepared("traps"));
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().kind, AotErrorKind::kToolFailed);
  EXPECT_NE(compiled.error().message.find("the answer is 42"), std::string::npos)
      << compiled.error().message;
}

TEST_F(FreshCache, MemoryLimitIsTyped) {
  // Doubles a string up to 2 GiB; mawk reports "out of memory" when the limit stops it.
  config_.compiler =
      fake_compiler("exec awk 'BEGIN { s = \"x\"; while (length(s) < 2^31) s = s s }'");
  config_.memory_limit = uint64_t{64} << 20;
  auto compiled = AotEngine(config_).compile_aot(prepared("traps"));
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().kind, AotErrorKind::kOutOfMemory) << compiled.error().describe();
}

TEST_F(FreshCache, MissingToolsAreTyped) {
  config_.compiler = "/nonexistent/cc";
  auto compiled = AotEngine(config_).compile_aot(prepared("traps"));
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().kind, AotErrorKind::kToolMissing);
}

// The worker is spawned, not forked: while it runs, the node's pages are not shared copy-on-write
// with it, so writing them costs no page faults (with fork(), one fault and a page copy each).
TEST(AotWorker, TheNodeIsNotForkedSoItsWritesDoNotFault) {
  constexpr size_t kHeap = size_t{64} << 20;
  std::vector<uint8_t> heap(kHeap, 1);  // resident before the worker starts
  const std::string log = ::testing::TempDir() + "canary-aot-worker-not-forked.log";
  Result<void, aot::AotError> result;
  std::thread worker([&] { result = aot::run_worker({{{"/bin/sleep", "2"}}}, {}, log); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the worker surely runs
  rusage before{};
  rusage after{};
  ::getrusage(RUSAGE_THREAD, &before);
  for (size_t offset = 0; offset < kHeap; offset += 4096) heap[offset] = 2;
  ::getrusage(RUSAGE_THREAD, &after);
  worker.join();
  // The writes are read back, so that they cannot be optimised away.
  size_t twos = 0;
  for (size_t offset = 0; offset < kHeap; offset += 4096) twos += heap[offset] == 2 ? 1 : 0;
  EXPECT_EQ(twos, kHeap / 4096);
  ASSERT_TRUE(result.has_value()) << result.error().describe();
  // 16,384 pages: a fork would fault on every one of them.
  EXPECT_LT(after.ru_minflt - before.ru_minflt, 1000);
}

// The worker's own failures keep their meaning through the shell that drives the stages.
TEST(AotWorker, ReportsWhichCommandFailedAndHow) {
  const std::string log = ::testing::TempDir() + "canary-aot-worker-failures.log";
  auto failed =
      aot::run_worker({{{"/bin/sh", "-c", "printf '%s\\n' \"it's broken\" >&2; exit 3"}}}, {}, log);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind, AotErrorKind::kToolFailed);
  EXPECT_NE(failed.error().message.find("it's broken"), std::string::npos)
      << failed.error().message;
  EXPECT_NE(failed.error().message.find("`/bin/sh` exited with status 3"), std::string::npos)
      << failed.error().message;
  auto missing = aot::run_worker({{{"/nonexistent/tool"}}}, {}, log);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, AotErrorKind::kToolMissing) << missing.error().describe();
  // A later stage does not run after a failed one.
  const std::string marker = ::testing::TempDir() + "canary-aot-worker-second-stage";
  std::filesystem::remove(marker);
  auto stopped = aot::run_worker({{{"/bin/false"}}, {{"/usr/bin/touch", marker}}}, {}, log);
  ASSERT_FALSE(stopped.has_value());
  EXPECT_FALSE(std::filesystem::exists(marker));
  auto both =
      aot::run_worker({{{"/bin/true"}, {"/bin/true"}}, {{"/usr/bin/touch", marker}}}, {}, log);
  ASSERT_TRUE(both.has_value()) << both.error().describe();
  EXPECT_TRUE(std::filesystem::exists(marker));
}

// --- the tiered module ----------------------------------------------------------------------

TEST_F(FreshCache, TieredModuleServesTheFirstTierUntilCompiled) {
  auto module = prepared("traps");
  ASSERT_NE(module, nullptr);
  // A compiler that takes its time and then fails: the first tier serves throughout.
  config_.compiler = fake_compiler("sleep 2; exit 1");
  // The observer hears the first tier before anything else, then the failure.
  std::mutex heard_mutex;
  std::vector<std::string> heard;
  std::condition_variable heard_cv;
  aot::TieringObserver observer{
      .started =
          [&](std::string_view first_tier) {
            std::lock_guard lock(heard_mutex);
            heard.push_back("started on " + std::string(first_tier));
          },
      .finished =
          [&](const aot::TieringOutcome& outcome) {
            std::lock_guard lock(heard_mutex);
            heard.push_back("finished on " + std::string(outcome.first_tier) + ": " +
                            (outcome.error ? std::string(to_string(outcome.error->kind)) : "ok") +
                            (outcome.elapsed >= std::chrono::seconds(2) ? " after 2 s" : " early"));
            heard_cv.notify_all();
          }};
  auto slow = aot::TieredModule::start(module, std::make_shared<AotEngine>(config_), observer);
  ASSERT_TRUE(slow.has_value()) << slow.error().describe();
  EXPECT_FALSE((*slow)->compiled());
  expect_runs((*slow)->best());
  const auto interpreted = (*slow)->best();
  EXPECT_EQ((*slow)->wait(std::chrono::seconds(60)), interpreted);
  ASSERT_TRUE((*slow)->aot_error().has_value());
  EXPECT_EQ((*slow)->aot_error()->kind, AotErrorKind::kToolFailed);
  {
    std::unique_lock lock(heard_mutex);
    heard_cv.wait_for(lock, std::chrono::seconds(10), [&] { return heard.size() == 2; });
    const std::string first(to_string(AotErrorKind::kToolFailed));
    EXPECT_EQ(heard,
              (std::vector<std::string>{"started on baseline-jit",
                                        "finished on baseline-jit: " + first + " after 2 s"}));
  }

  // With the real compiler the compiled module takes over.
  auto tiered =
      aot::TieredModule::start(module, std::make_shared<AotEngine>(testing::aot_test_config()));
  ASSERT_TRUE(tiered.has_value());
  expect_runs((*tiered)->best());
  const auto best = (*tiered)->wait(std::chrono::seconds(120));
  EXPECT_TRUE((*tiered)->compiled())
      << ((*tiered)->aot_error() ? (*tiered)->aot_error()->describe() : "still compiling");
  EXPECT_NE(best, interpreted);
  expect_runs(best);

  // Destroying it while the compiler runs stops the worker at once.
  config_.compiler = fake_compiler("sleep 30");
  config_.time_limit = std::chrono::seconds(60);
  const auto start = std::chrono::steady_clock::now();
  {
    auto abandoned =
        aot::TieredModule::start(module, std::make_shared<AotEngine>(config_), observer);
    ASSERT_TRUE(abandoned.has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  // A compilation stopped by its owner is not reported as an outcome.
  std::lock_guard lock(heard_mutex);
  EXPECT_EQ(heard.size(), 3u);
  EXPECT_EQ(heard.back(), "started on baseline-jit");
}

// The optimizing tier's way: nothing is compiled until the first tier has run; then the functions
// that ran are, and the compiled module takes over with the same results.
TEST_F(FreshCache, OptimizingTieredModuleCompilesWhatTheFirstTierRan) {
  auto module = prepared("traps");
  ASSERT_NE(module, nullptr);
  auto config = testing::optimizing_test_config();
  config.cache_dir = dir_;
  aot::HotTierPolicy policy;
  policy.settle = std::chrono::milliseconds(0);
  policy.poll = std::chrono::milliseconds(10);
  std::atomic<int> finished{0};
  aot::TieringObserver observer{.finished = [&](const aot::TieringOutcome& outcome) {
    EXPECT_FALSE(outcome.error.has_value()) << outcome.error->describe();
    ++finished;
  }};
  auto tiered = aot::TieredModule::start_optimizing(module, config, policy, observer);
  ASSERT_TRUE(tiered.has_value()) << tiered.error().describe();
  EXPECT_EQ((*tiered)->first_tier(), "baseline-jit");
  const auto first = (*tiered)->best();
  // Not called yet: no profile, nothing compiled.
  EXPECT_EQ((*tiered)->wait(std::chrono::milliseconds(300)), first);
  EXPECT_FALSE((*tiered)->compiled());
  EXPECT_TRUE(!fs::exists(dir_) || cache_files().empty());

  expect_runs(first);
  const auto best = (*tiered)->wait(std::chrono::seconds(120));
  ASSERT_TRUE((*tiered)->compiled())
      << ((*tiered)->aot_error() ? (*tiered)->aot_error()->describe() : "still compiling");
  EXPECT_NE(best, first);
  EXPECT_EQ(cache_files().size(), 1u);
  expect_runs(best);
  // The report comes on the compiling thread just after the compiled module is published
  // (conclude: finish, then report), so it may trail wait() on a loaded machine.
  const auto reported_by = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (finished.load() == 0 && std::chrono::steady_clock::now() < reported_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(finished.load(), 1);

  // The hot set was kept: the same module started again compiles it without waiting for a profile
  // (and finds the object in the cache).
  const auto kept =
      optimizing::load_hot_set(dir_, module->code, fast::compile_module(*module)->functions.size());
  ASSERT_TRUE(kept.has_value());
  EXPECT_FALSE(kept->empty());
  policy.settle = std::chrono::hours(1);
  {
    auto again = aot::TieredModule::start_optimizing(module, config, policy, observer);
    ASSERT_TRUE(again.has_value());
    (*again)->wait(std::chrono::seconds(60));
    EXPECT_TRUE((*again)->compiled());
    expect_runs((*again)->best());
    EXPECT_EQ(cache_files().size(), 1u);
  }
  // Told not to reuse it, it waits for a profile of its own instead.
  {
    aot::HotTierPolicy own = policy;
    own.reuse_stored_set = false;
    auto fresh = aot::TieredModule::start_optimizing(module, config, own, observer);
    ASSERT_TRUE(fresh.has_value());
    (*fresh)->wait(std::chrono::milliseconds(500));
    EXPECT_FALSE((*fresh)->compiled());
  }
  const int reports = finished.load();
  // A damaged hot set reads as none.
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().extension() == ".hot")
      std::ofstream(entry.path()) << "canary-hot-set-v1\n9x\n";
  }
  EXPECT_FALSE(optimizing::load_hot_set(dir_, module->code, 1000).has_value());

  // Destroyed while it waits for a profile: it stops at once, and says nothing.
  const auto start = std::chrono::steady_clock::now();
  {
    policy.settle = std::chrono::hours(1);
    policy.poll = std::chrono::hours(1);
    auto idle = aot::TieredModule::start_optimizing(module, config, policy, observer);
    ASSERT_TRUE(idle.has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(finished.load(), reports);
}

// --- a real runtime -------------------------------------------------------------------------

// Kusama's genesis runtime (1.1 MB of Wasm) compiled once per build tree (the shared test cache):
// Core_version gives the interpreter's bytes, twice (the second call runs on a reset instance).
TEST(AotRealRuntime, KusamaGenesisCoreVersionMatchesTheInterpreter) {
  std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/kusama.json");
  // The shared fixtures are part of the test setup (tests/CMakeLists.txt): their absence is a
  // failure, not a reason to pass silently.
  ASSERT_TRUE(in) << "missing fixture " << CANARY_FIXTURES_DIR
                  << "/chain-specs/kusama.json (put ../shared/fixtures beside the repository)";
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto spec = state::parse_chain_spec(json);
  ASSERT_TRUE(spec.has_value());
  auto code = spec->top.find(to_bytes(":code"));
  ASSERT_NE(code, spec->top.end());
  auto wasm = uncompress_code(code->second);
  ASSERT_TRUE(wasm.has_value());
  auto module = prepare_module(*wasm);
  ASSERT_TRUE(module.has_value());
  auto shared = std::make_shared<const PreparedModule>(std::move(*module));

  const HostFunctionTable host = host::host_api();
  auto run = [&](const Engine& engine) -> Bytes {
    auto compiled = engine.compile(shared);
    EXPECT_TRUE(compiled.has_value()) << (compiled ? "" : compiled.error().describe());
    if (!compiled) return {};
    auto instance = (*compiled)->instantiate(host, {.stub_missing_imports = true});
    EXPECT_TRUE(instance.has_value()) << (instance ? "" : instance.error().describe());
    if (!instance) return {};
    auto first = (*instance)->call("Core_version", {});
    auto second = (*instance)->call("Core_version", {});
    EXPECT_TRUE(first.has_value() && second.has_value());
    if (!first || !second) return {};
    EXPECT_EQ(*first, *second);
    return *first;
  };
  const Bytes interpreted = run(InterpreterEngine());
  const Bytes compiled = run(AotEngine(testing::aot_test_config()));
  EXPECT_EQ(compiled, interpreted);
  EXPECT_EQ(run(FastInterpreterEngine()), interpreted);
  auto version = runtime::decode_runtime_version(compiled);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->spec_name, "kusama");
}

}  // namespace
}  // namespace canary::executor
