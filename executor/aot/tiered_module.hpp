// A runtime that is usable at once: the first tier, the baseline JIT (baseline_jit/: the fast
// interpreter's code as x86-64, compiled in milliseconds; the fast interpreter itself where the JIT
// cannot compile), runs it while the ahead-of-time engine compiles it on a background thread (tens
// of seconds for a large runtime without a cache hit). best() hands out the compiled module as soon
// as it is ready; instances already made stay on the engine they were made with. If the
// compilation fails, the first tier keeps serving and aot_error() says why.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "executor/aot/aot_engine.hpp"
#include "executor/engine.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::executor::aot {

class TieredModule {
 public:
  // Compiles the first tier now (its failure is the result) and starts the AOT compilation.
  static Result<std::unique_ptr<TieredModule>, ExecutionError> start(
      std::shared_ptr<const PreparedModule> prepared, std::shared_ptr<const AotEngine> aot);

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
  explicit TieredModule(std::shared_ptr<const Module> first) : first_(std::move(first)) {}
  void finish(Result<std::shared_ptr<const Module>, AotError> outcome);

  const std::shared_ptr<const Module> first_;
  mutable Mutex mutex_;
  mutable std::condition_variable finished_cv_;
  bool finished_ GUARDED_BY(mutex_) = false;
  std::shared_ptr<const Module> compiled_ GUARDED_BY(mutex_);
  std::optional<AotError> error_ GUARDED_BY(mutex_);
  // Last: stopped and joined before the state above goes away.
  std::jthread thread_;
};

}  // namespace canary::executor::aot
