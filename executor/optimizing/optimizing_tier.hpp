// The optimizing tier (issue 24): chosen functions of a module translated to C (c_code.hpp),
// compiled by the system C compiler in parallel parts in a worker process (aot/worker_process.hpp),
// loaded, and linked into the baseline JIT's code, which keeps every other function. Compiling
// only the functions that matter keeps the compile within seconds where compiling a whole 7 MB
// runtime's C takes minutes; the result is one JIT module, so instances need nothing new.
//
// Objects are cached like the wasm2c engine's (aot/aot_cache.hpp), keyed by the generated C, the
// compiler's identity and every flag.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "executor/aot/aot_config.hpp"
#include "executor/aot/aot_error.hpp"
#include "executor/engine.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::executor::optimizing {

struct OptimizingConfig {
  std::string cache_dir = aot::AotConfig::default_cache_dir();
  std::string compiler = "cc";  // found on PATH unless it contains a slash
  // -O1: the hot functions of the block fixtures run as fast as at -O2 (their time is memory
  // accesses and calls, not what -O2 adds), and the 6.9 MB Canary runtime's hot set compiles in
  // 10.8 s instead of 19.6 s.
  std::string optimization = "-O1";
  uint32_t jobs = 2;  // C files compiled at once
  // The C is split into files of at most this size (at least `jobs` of them): gcc -O2 needs about
  // 150 bytes of memory per byte of C, and each compiler process is limited below.
  size_t max_part_bytes = size_t{4} << 20;
  std::chrono::seconds time_limit{600};
  uint64_t memory_limit = uint64_t{1} << 30;  // RLIMIT_AS of each compiler process
};

struct OptimizingStats {
  bool cache_hit = false;
  size_t functions = 0;
  size_t c_bytes = 0;
};

// The JIT module of `prepared` (whose fast::compile_module is `compiled`) with the defined
// functions `functions` (ascending) compiled by the C compiler; `stop` kills a running compilation.
Result<std::shared_ptr<const Module>, aot::AotError> compile_optimized(
    const OptimizingConfig& config, std::shared_ptr<const PreparedModule> prepared,
    std::shared_ptr<const fast::CompiledModule> compiled, std::span<const uint32_t> functions,
    const std::stop_token& stop = {}, OptimizingStats* stats = nullptr);

// Which functions are worth compiling: by profile weight, the heaviest until they cover
// `coverage` of the total, at most `max_functions` and `max_code_words` of the fast interpreter's
// code together (what the C compiler's time grows with); a function larger than a quarter of that
// budget is left to the JIT (a runtime's giant dispatch functions are rarely where time goes).
struct HotSelection {
  double coverage = 0.99;
  size_t max_functions = 2000;
  uint64_t max_code_words = 300'000;
};

// Every defined function's size in words of the fast interpreter's code.
std::vector<uint32_t> function_sizes(const fast::CompiledModule& module);

// The functions `selection` picks from `profile` (jit::Code::profile), ascending; functions never
// run are never chosen.
std::vector<uint32_t> hot_functions(std::span<const uint64_t> profile,
                                    std::span<const uint32_t> sizes, const HotSelection& selection);

// The hot set of a module, kept beside the cached objects (`<cache_dir>/<BLAKE2b of the code>.hot`)
// so that a restarted node compiles (in practice: loads) the same functions at once instead of
// profiling again. A missing, malformed or foreign file reads as nothing.
std::optional<std::vector<uint32_t>> load_hot_set(const std::string& cache_dir, ByteSpan code,
                                                  size_t function_count);
void store_hot_set(const std::string& cache_dir, ByteSpan code, std::span<const uint32_t> hot);

// An engine that compiles every function with the C compiler (`canary debug ... --wasm-execution
// optimizing`, the engine suites), or every other one (the tests of calls between C and JIT code).
class OptimizingEngine final : public Engine {
 public:
  enum class Selection : uint8_t { kAll, kEveryOther };
  explicit OptimizingEngine(OptimizingConfig config = {}, Selection selection = Selection::kAll)
      : config_(std::move(config)), selection_(selection) {}

  using Engine::compile;
  std::string_view name() const override { return "optimizing"; }
  Result<std::shared_ptr<const Module>, ExecutionError> compile(
      std::shared_ptr<const PreparedModule> prepared) const override;

 private:
  OptimizingConfig config_;
  Selection selection_;
};

}  // namespace canary::executor::optimizing
