// A runtime that is usable at once: the first tier, the baseline JIT (baseline_jit/: the fast
// interpreter's code as x86-64, compiled in milliseconds; the fast interpreter itself where the JIT
// cannot compile), runs it while the ahead-of-time engine compiles it on a background thread (tens
// of seconds for a large runtime without a cache hit). best() hands out the compiled module as soon
// as it is ready; instances already made stay on the engine they were made with. If the
// compilation fails, the first tier keeps serving and aot_error() says why.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "executor/aot/aot_engine.hpp"
#include "executor/engine.hpp"
#include "executor/optimizing/optimizing_tier.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::executor::aot {

// How the background compilation ended, for the operator's log: a node that upgrades its
// runtime says when the new code runs compiled, or why it stays on the first tier.
struct TieringOutcome {
  std::string_view
      first_tier;  // the engine serving meanwhile: "baseline-jit" or "fast-interpreter"
  std::chrono::milliseconds elapsed{0};  // from start() to the end of the compilation
  std::optional<AotError> error;         // none: compiled (or loaded from the cache)
};
// The operator's view of a tiered start: `started` once the first tier serves (before the
// compilation starts, so it always comes first), `finished` on the compiling thread when the
// compilation ends, unless it was stopped by destroying the module (a node shutting down or
// dropping the runtime reports nothing). Either may be empty.
struct TieringObserver {
  std::function<void(std::string_view first_tier)> started;
  std::function<void(const TieringOutcome&)> finished;
};

// When the optimizing tier compiles: once the first tier's profile holds `profile_total` (fuel
// units: instructions run), or `settle` after it first showed anything, whichever comes first; the
// functions `selection` picks from it. With `reuse_stored_set`, a hot set kept in the cache by an
// earlier run of the same runtime is compiled at once instead; without it, this run's own workload
// is profiled, and its set replaces the kept one (a benchmark that must measure what it runs, not
// what a node once ran first).
struct HotTierPolicy {
  bool reuse_stored_set = true;
  uint64_t profile_total = 50'000'000;
  std::chrono::milliseconds settle{std::chrono::seconds(5)};
  std::chrono::milliseconds poll{200};
  optimizing::HotSelection selection;
};

class TieredModule {
 public:
  // Compiles the first tier now (its failure is the result) and starts the AOT compilation.
  static Result<std::unique_ptr<TieredModule>, ExecutionError> start(
      std::shared_ptr<const PreparedModule> prepared, std::shared_ptr<const AotEngine> aot,
      TieringObserver observer = {});

  // The optimizing tier instead of the wasm2c engine: the first tier is the baseline JIT with a
  // profile (the fast interpreter where the JIT cannot compile, and then nothing follows); when
  // `policy` says the profile is ready, its hot functions are compiled (optimizing_tier.hpp). A
  // runtime never called is never compiled.
  static Result<std::unique_ptr<TieredModule>, ExecutionError> start_optimizing(
      std::shared_ptr<const PreparedModule> prepared, optimizing::OptimizingConfig config,
      HotTierPolicy policy = {}, TieringObserver observer = {});

  // The engine serving until the compiled module is ready.
  std::string_view first_tier() const { return first_tier_; }

  // Stops a compilation still running (its worker is killed) and waits for the thread.
  ~TieredModule();
  TieredModule(const TieredModule&) = delete;
  TieredModule& operator=(const TieredModule&) = delete;

  // The compiled module once it is ready, the first tier's until then.
  std::shared_ptr<const Module> best() const;
  bool compiled() const;
  // Waits up to `timeout` for the compilation to end (successfully or not), then returns best().
  std::shared_ptr<const Module> wait(std::chrono::milliseconds timeout) const;
  // Why the compilation failed, once it did.
  std::optional<AotError> aot_error() const;

 private:
  TieredModule(std::shared_ptr<const Module> first, std::string_view first_tier)
      : first_(std::move(first)), first_tier_(first_tier) {}
  void finish(Result<std::shared_ptr<const Module>, AotError> outcome);
  // On the compiling thread: finish(), then the observer's report unless stopped.
  void conclude(Result<std::shared_ptr<const Module>, AotError> outcome,
                std::chrono::steady_clock::time_point started,
                const std::function<void(const TieringOutcome&)>& finished,
                const std::stop_token& stop);

  const std::shared_ptr<const Module> first_;
  const std::string_view first_tier_;  // a static engine name
  mutable Mutex mutex_;
  mutable std::condition_variable finished_cv_;
  bool finished_ GUARDED_BY(mutex_) = false;
  std::shared_ptr<const Module> compiled_ GUARDED_BY(mutex_);
  std::optional<AotError> error_ GUARDED_BY(mutex_);
  // Last: stopped and joined before the state above goes away.
  std::jthread thread_;
};

}  // namespace canary::executor::aot
