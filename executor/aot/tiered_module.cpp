#include "executor/aot/tiered_module.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"

namespace canary::executor::aot {

namespace {

// The first tier: the baseline JIT (milliseconds for a runtime), or the fast interpreter where
// the JIT cannot compile (not x86-64, or a module it refuses: both engines take the same prepared
// module, so the interpreter's error is then the result).
struct FirstTier {
  std::shared_ptr<const Module> module;
  std::string_view engine;
};

Result<FirstTier, ExecutionError> compile_first_tier(
    const std::shared_ptr<const PreparedModule>& prepared) {
  auto jit = compile_for_baseline_jit(prepared);
  if (jit) return FirstTier{std::move(*jit), "baseline-jit"};
  CANARY_TRY_ASSIGN(auto interpreted, compile_for_fast_interpreter(prepared));
  return FirstTier{std::move(interpreted), "fast-interpreter"};
}

// The optimizing tier's compilation of a runtime the profiled first tier serves: the hot set kept
// from an earlier run at once (in practice, loaded from the cache), else the hot set of its profile
// once `policy` says it is ready. Nothing when stopped first.
std::optional<Result<std::shared_ptr<const Module>, AotError>> compile_hot(
    const std::shared_ptr<const PreparedModule>& prepared, const ProfiledJit& profiled,
    const optimizing::OptimizingConfig& config, const HotTierPolicy& policy,
    const std::stop_token& stop) {
  auto hot = policy.reuse_stored_set ? optimizing::load_hot_set(config.cache_dir, prepared->code,
                                                                profiled.compiled->functions.size())
                                     : std::nullopt;
  // Wait for the profile, waking for a stop at once.
  std::mutex sleep_mutex;
  std::condition_variable_any sleep_cv;
  std::optional<std::chrono::steady_clock::time_point> first_seen;
  while (!hot && !stop.stop_requested()) {
    const std::vector<uint64_t> profile = profiled.code->profile();
    uint64_t total = 0;
    for (uint64_t count : profile) total += count;
    const auto now = std::chrono::steady_clock::now();
    if (total > 0 && !first_seen) first_seen = now;
    if (total >= policy.profile_total || (first_seen && now - *first_seen >= policy.settle)) {
      hot = optimizing::hot_functions(profile, optimizing::function_sizes(*profiled.compiled),
                                      policy.selection);
      break;
    }
    std::unique_lock lock(sleep_mutex);
    sleep_cv.wait_for(lock, stop, policy.poll, [] { return false; });
  }
  if (stop.stop_requested() || !hot) return std::nullopt;
  auto outcome = optimizing::compile_optimized(config, prepared, profiled.compiled, *hot, stop);
  // Kept before the module is handed out, so that whoever sees it compiled finds the set too.
  if (outcome) optimizing::store_hot_set(config.cache_dir, prepared->code, *hot);
  return outcome;
}

}  // namespace

Result<std::unique_ptr<TieredModule>, ExecutionError> TieredModule::start(
    std::shared_ptr<const PreparedModule> prepared, std::shared_ptr<const AotEngine> aot,
    TieringObserver observer) {
  const auto started = std::chrono::steady_clock::now();
  CANARY_TRY_ASSIGN(auto first, compile_first_tier(prepared));
  std::unique_ptr<TieredModule> tiered(new TieredModule(std::move(first.module), first.engine));
  if (!aot) {
    tiered->finish(unexpected(AotError::make(AotErrorKind::kInternal, "no engine")));
    return tiered;
  }
  if (observer.started) observer.started(first.engine);
  TieredModule* self = tiered.get();
  tiered->thread_ =
      std::jthread([self, started, prepared = std::move(prepared), aot = std::move(aot),
                    finished = std::move(observer.finished)](const std::stop_token& stop) {
        self->conclude(aot->compile_aot(prepared, stop), started, finished, stop);
      });
  return tiered;
}

Result<std::unique_ptr<TieredModule>, ExecutionError> TieredModule::start_optimizing(
    std::shared_ptr<const PreparedModule> prepared, optimizing::OptimizingConfig config,
    HotTierPolicy policy, TieringObserver observer) {
  const auto started = std::chrono::steady_clock::now();
  auto profiled = compile_profiled_jit(prepared);
  if (!profiled) {
    CANARY_TRY_ASSIGN(auto interpreted, compile_for_fast_interpreter(prepared));
    std::unique_ptr<TieredModule> tiered(
        new TieredModule(std::move(interpreted), "fast-interpreter"));
    tiered->finish(unexpected(AotError::make(
        AotErrorKind::kInternal, "no profiling first tier: " + profiled.error().describe())));
    return tiered;
  }
  std::unique_ptr<TieredModule> tiered(new TieredModule(profiled->module, "baseline-jit"));
  if (observer.started) observer.started("baseline-jit");
  TieredModule* self = tiered.get();
  tiered->thread_ =
      std::jthread([self, started, prepared = std::move(prepared), profiled = std::move(*profiled),
                    config = std::move(config), policy,
                    finished = std::move(observer.finished)](const std::stop_token& stop) {
        auto compiled = compile_hot(prepared, profiled, config, policy, stop);
        if (!compiled) return;  // stopped
        self->conclude(std::move(*compiled), started, finished, stop);
      });
  return tiered;
}

void TieredModule::conclude(Result<std::shared_ptr<const Module>, AotError> outcome,
                            std::chrono::steady_clock::time_point started,
                            const std::function<void(const TieringOutcome&)>& finished,
                            const std::stop_token& stop) {
  const TieringOutcome report{
      .first_tier = first_tier(),
      .elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started),
      .error = outcome ? std::nullopt : std::optional<AotError>(outcome.error())};
  finish(std::move(outcome));
  if (finished && !stop.stop_requested()) finished(report);
}

// thread_, the last member, is destroyed first: jthread requests a stop and joins.
TieredModule::~TieredModule() = default;

void TieredModule::finish(Result<std::shared_ptr<const Module>, AotError> outcome) {
  {
    MutexLock lock(mutex_);
    if (outcome) {
      compiled_ = std::move(*outcome);
    } else {
      error_ = outcome.error();
    }
    finished_ = true;
  }
  finished_cv_.notify_all();
}

std::shared_ptr<const Module> TieredModule::best() const {
  MutexLock lock(mutex_);
  return compiled_ ? compiled_ : first_;
}

bool TieredModule::compiled() const {
  MutexLock lock(mutex_);
  return compiled_ != nullptr;
}

std::shared_ptr<const Module> TieredModule::wait(std::chrono::milliseconds timeout) const {
  UniqueLock lock(mutex_);
  finished_cv_.wait_for(lock.native(), timeout, [this]() REQUIRES(mutex_) { return finished_; });
  return compiled_ ? compiled_ : first_;
}

std::optional<AotError> TieredModule::aot_error() const {
  MutexLock lock(mutex_);
  return error_;
}

}  // namespace canary::executor::aot
