#include "executor/aot/tiered_module.hpp"

#include <utility>

#include "executor/fast_interpreter/fast_interpreter_engine.hpp"

namespace canary::executor::aot {

Result<std::unique_ptr<TieredModule>, ExecutionError> TieredModule::start(
    std::shared_ptr<const PreparedModule> prepared, std::shared_ptr<const AotEngine> aot) {
  CANARY_TRY_ASSIGN(auto interpreted, compile_for_fast_interpreter(prepared));
  std::unique_ptr<TieredModule> tiered(new TieredModule(std::move(interpreted)));
  if (!aot) {
    tiered->finish(unexpected(AotError::make(AotErrorKind::kInternal, "no engine")));
    return tiered;
  }
  TieredModule* self = tiered.get();
  tiered->thread_ = std::jthread(
      [self, prepared = std::move(prepared), aot = std::move(aot)](const std::stop_token& stop) {
        self->finish(aot->compile_aot(prepared, stop));
      });
  return tiered;
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
  return compiled_ ? compiled_ : interpreted_;
}

bool TieredModule::compiled() const {
  MutexLock lock(mutex_);
  return compiled_ != nullptr;
}

std::shared_ptr<const Module> TieredModule::wait(std::chrono::milliseconds timeout) const {
  UniqueLock lock(mutex_);
  finished_cv_.wait_for(lock.native(), timeout, [this]() REQUIRES(mutex_) { return finished_; });
  return compiled_ ? compiled_ : interpreted_;
}

std::optional<AotError> TieredModule::aot_error() const {
  MutexLock lock(mutex_);
  return error_;
}

}  // namespace canary::executor::aot
