// The node's runtimes: each `:code` (by hash) and `:heappages` compiled once, with its version,
// and a pool of instances that calls borrow and give back (sc-executor's RuntimeCache with
// `max_runtime_instances`). With an ahead-of-time engine configured, a new runtime runs on the
// interpreter at once while it compiles in the background (aot/tiered_module.hpp); borrowers get
// instances of the compiled module as soon as it is ready, and interpreter instances are retired
// as they come back. An instance resets its memory and globals before each call, so a
// borrowed one behaves as a fresh instantiation, at the cost of a memory reset instead of a
// compilation. The least recently used runtimes are dropped beyond a limit; a runtime still
// borrowed from stays alive until its last lease ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executor/aot/tiered_module.hpp"
#include "executor/engine.hpp"
#include "executor/execution_error.hpp"
#include "executor/host_function.hpp"
#include "executor/instance.hpp"
#include "executor/runtime_code.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::executor {

// What the operator hears about the tiers (the node logs it): a new runtime starting on the first
// tier while the ahead-of-time engine compiles it, and how that compilation ended
// (aot::TieringObserver, with the runtime's code hash). `started` runs on the loading thread,
// `finished` on the compiling one; neither may call back into the cache.
struct TieringEvents {
  std::function<void(const Hash256& code_hash, size_t wasm_bytes, std::string_view first_tier)>
      started;
  std::function<void(const Hash256& code_hash, const aot::TieringOutcome& outcome)> finished;
};

struct RuntimeCacheConfig {
  // Distinct runtimes kept (a node needs the current one, and the previous one around upgrades).
  size_t max_runtimes = 4;
  // Instances of one runtime alive at once: callers beyond that wait for one to be given back.
  size_t max_instances = 8;
  PrepareConfig prepare;
  InstanceConfig instance;  // heap_pages is taken from the runtime code
  // The ahead-of-time tier; none: the cache's engine only.
  std::shared_ptr<const aot::AotEngine> aot;
  // The optimizing tier instead (aot::TieredModule::start_optimizing): the hot functions of each
  // runtime, once its profile is ready; takes precedence over `aot`.
  std::optional<optimizing::OptimizingConfig> optimizing;
  aot::HotTierPolicy hot_tier;
  TieringEvents tiering;
};

class Runtime;

// A borrowed instance; goes back to its runtime's pool when destroyed.
class InstanceLease {
 public:
  InstanceLease() = default;
  InstanceLease(InstanceLease&& other) noexcept;
  InstanceLease& operator=(InstanceLease&& other) noexcept;
  ~InstanceLease();

  Instance& operator*() const { return *instance_; }
  Instance* operator->() const { return instance_.get(); }
  // The module the instance was made from.
  const std::shared_ptr<const Module>& module() const { return module_; }

 private:
  friend class Runtime;
  InstanceLease(std::shared_ptr<Runtime> runtime, std::shared_ptr<const Module> module,
                std::unique_ptr<Instance> instance)
      : runtime_(std::move(runtime)), module_(std::move(module)), instance_(std::move(instance)) {}
  void release();

  std::shared_ptr<Runtime> runtime_;
  std::shared_ptr<const Module> module_;  // what the instance was made from
  std::unique_ptr<Instance> instance_;
};

class Runtime : public std::enable_shared_from_this<Runtime> {
 public:
  Runtime(std::shared_ptr<const Module> module, const HostFunctionTable& host,
          InstanceConfig config, size_t max_instances);
  // A runtime that moves to the compiled module once `tiered` has it.
  Runtime(std::shared_ptr<aot::TieredModule> tiered, const HostFunctionTable& host,
          InstanceConfig config, size_t max_instances);

  const Hash256& code_hash() const { return code_hash_; }
  const runtime::RuntimeVersion& version() const { return version_; }
  // The module new instances are made from (the compiled one once ready).
  std::shared_ptr<const Module> module() const;
  // Whether instances now come from the ahead-of-time engine.
  bool compiled() const { return tiered_ && tiered_->compiled(); }
  // Waits up to `timeout` for the ahead-of-time compilation to end; true if it succeeded.
  bool wait_compiled(std::chrono::milliseconds timeout) const {
    if (!tiered_) return false;
    tiered_->wait(timeout);
    return tiered_->compiled();
  }

  // An idle instance, or a new one while fewer than max_instances exist, else waits for one.
  Result<InstanceLease, ExecutionError> acquire();

  // Instances created so far (for tests and metrics).
  size_t instances_created() const;

 private:
  friend class RuntimeCache;
  friend class InstanceLease;
  void give_back(std::shared_ptr<const Module> module, std::unique_ptr<Instance> instance);

  struct Idle {
    std::shared_ptr<const Module> module;
    std::unique_ptr<Instance> instance;
  };

  std::shared_ptr<const Module> module_;
  std::shared_ptr<aot::TieredModule> tiered_;
  HostFunctionTable host_;
  InstanceConfig config_;
  size_t max_instances_;
  Hash256 code_hash_{};
  runtime::RuntimeVersion version_;

  mutable Mutex mutex_;
  std::condition_variable returned_;
  std::vector<Idle> idle_ GUARDED_BY(mutex_);
  size_t live_ GUARDED_BY(mutex_) = 0;
  size_t created_ GUARDED_BY(mutex_) = 0;
};

struct RuntimeLoadError {
  enum class Kind : uint8_t {
    kBadCode,    // :code is not a loadable runtime (compression, Wasm, validation, …)
    kNoVersion,  // it has no version: no embedded sections and Core_version fails
  };
  Kind kind = Kind::kBadCode;
  std::string message;
};

class RuntimeCache {
 public:
  // `engine` must outlive the cache.
  RuntimeCache(const Engine& engine, HostFunctionTable host, RuntimeCacheConfig config = {});

  // The runtime of `code`, compiled on first use. Concurrent first uses of the same code wait
  // for the one load in progress: around an upgrade the block author (or the node's preloader)
  // and an RPC or pool thread need the new code at once, and a second load would double the CPU
  // of the slot's critical path and start a second ahead-of-time compilation beside the first.
  Result<std::shared_ptr<Runtime>, RuntimeLoadError> get(const RuntimeCode& code);

  size_t size() const;

 private:
  struct Entry {
    Hash256 code_hash;
    uint64_t heap_pages;
    std::shared_ptr<Runtime> runtime;
  };

  using LoadResult = Result<std::shared_ptr<Runtime>, RuntimeLoadError>;
  // A load in progress, which later callers for the same code wait on.
  struct Loading {
    Hash256 code_hash;
    uint64_t heap_pages;
    std::shared_future<LoadResult> result;
  };

  LoadResult load(const RuntimeCode& code) const;

  const Engine& engine_;
  HostFunctionTable host_;
  RuntimeCacheConfig config_;
  mutable Mutex mutex_;
  std::list<Entry> entries_ GUARDED_BY(mutex_);  // most recently used first
  std::list<Loading> loading_ GUARDED_BY(mutex_);
};

}  // namespace canary::executor
