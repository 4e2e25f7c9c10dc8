#include "executor/runtime_cache.hpp"

#include <utility>

#include "executor/runtime_blob.hpp"
#include "executor/runtime_version_call.hpp"

namespace canary::executor {

InstanceLease::InstanceLease(InstanceLease&& other) noexcept
    : runtime_(std::move(other.runtime_)),
      module_(std::move(other.module_)),
      instance_(std::move(other.instance_)) {}

InstanceLease& InstanceLease::operator=(InstanceLease&& other) noexcept {
  if (this != &other) {
    release();
    runtime_ = std::move(other.runtime_);
    module_ = std::move(other.module_);
    instance_ = std::move(other.instance_);
  }
  return *this;
}

InstanceLease::~InstanceLease() {
  release();
}

void InstanceLease::release() {
  if (runtime_ && instance_) runtime_->give_back(std::move(module_), std::move(instance_));
  runtime_.reset();
  module_.reset();
  instance_.reset();
}

Runtime::Runtime(std::shared_ptr<const Module> module, const HostFunctionTable& host,
                 InstanceConfig config, size_t max_instances)
    : module_(std::move(module)),
      host_(host),
      config_(config),
      max_instances_(max_instances == 0 ? 1 : max_instances) {}

Runtime::Runtime(std::shared_ptr<aot::TieredModule> tiered, const HostFunctionTable& host,
                 InstanceConfig config, size_t max_instances)
    : Runtime(tiered->best(), host, config, max_instances) {
  tiered_ = std::move(tiered);
}

std::shared_ptr<const Module> Runtime::module() const {
  return tiered_ ? tiered_->best() : module_;
}

Result<InstanceLease, ExecutionError> Runtime::acquire() {
  const std::shared_ptr<const Module> current = module();
  UniqueLock lock(mutex_);
  // Instances of a module that was superseded (the interpreter's, once compiled) are retired.
  std::erase_if(idle_, [&](const Idle& idle) REQUIRES(mutex_) {
    if (idle.module == current) return false;
    --live_;
    return true;
  });
  returned_.wait(lock.native(),
                 [&]() REQUIRES(mutex_) { return !idle_.empty() || live_ < max_instances_; });
  if (!idle_.empty()) {
    Idle idle = std::move(idle_.back());
    idle_.pop_back();
    return InstanceLease(shared_from_this(), std::move(idle.module), std::move(idle.instance));
  }
  ++live_;
  lock.unlock();
  // Instantiation (data segments, a start function) runs outside the lock.
  auto instance = current->instantiate(host_, config_);
  lock.lock();
  if (!instance) {
    --live_;
    returned_.notify_one();
    return unexpected(std::move(instance).error());
  }
  ++created_;
  return InstanceLease(shared_from_this(), current, std::move(*instance));
}

void Runtime::give_back(std::shared_ptr<const Module> from, std::unique_ptr<Instance> instance) {
  const bool stale = from != module();
  {
    MutexLock lock(mutex_);
    if (stale) {
      --live_;
    } else {
      idle_.push_back({std::move(from), std::move(instance)});
    }
  }
  returned_.notify_one();
}

size_t Runtime::instances_created() const {
  MutexLock lock(mutex_);
  return created_;
}

RuntimeCache::RuntimeCache(const Engine& engine, HostFunctionTable host, RuntimeCacheConfig config)
    : engine_(engine), host_(std::move(host)), config_(std::move(config)) {}

size_t RuntimeCache::size() const {
  MutexLock lock(mutex_);
  return entries_.size();
}

RuntimeCache::LoadResult RuntimeCache::get(const RuntimeCode& code) {
  const uint64_t heap_pages = code.heap_pages_or_default();
  // A cache entry or a load in progress of this code with these heap pages.
  const auto same_runtime = [&](const auto& e) {
    return e.code_hash == code.hash && e.heap_pages == heap_pages;
  };
  std::promise<LoadResult> promise;
  std::shared_future<LoadResult> pending;
  {
    MutexLock lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (same_runtime(*it)) {
        entries_.splice(entries_.begin(), entries_, it);
        return entries_.front().runtime;
      }
    }
    for (const Loading& loading : loading_) {
      if (same_runtime(loading)) pending = loading.result;
    }
    if (!pending.valid()) {
      loading_.push_back(Loading{code.hash, heap_pages, promise.get_future().share()});
    }
  }
  if (pending.valid()) return pending.get();
  // Outside the lock: other runtimes are served and loaded meanwhile. The load itself never
  // comes back here (a runtime's own host calls read versions without the cache).
  LoadResult loaded = load(code);
  {
    MutexLock lock(mutex_);
    loading_.remove_if(same_runtime);
    if (loaded) {
      entries_.push_front(Entry{code.hash, heap_pages, *loaded});
      while (entries_.size() > std::max<size_t>(config_.max_runtimes, 1)) entries_.pop_back();
    }
  }
  // A failure is not kept: the next use tries again (and meets the same error).
  promise.set_value(loaded);
  return loaded;
}

RuntimeCache::LoadResult RuntimeCache::load(const RuntimeCode& code) const {
  auto bad_code = [](std::string message) {
    return unexpected(RuntimeLoadError{RuntimeLoadError::Kind::kBadCode, std::move(message)});
  };
  auto wasm = uncompress_code(code.code);
  if (!wasm) return bad_code(to_string(wasm.error()));
  auto embedded = read_embedded_version(*wasm);
  if (!embedded) return bad_code(to_string(embedded.error()));
  InstanceConfig instance_config = config_.instance;
  instance_config.heap_pages = code.heap_pages_or_default();
  std::shared_ptr<Runtime> runtime;
  if (config_.aot || config_.optimizing) {
    auto prepared = prepare_module(*wasm, config_.prepare);
    if (!prepared) return bad_code(prepared.error().describe());
    // The events name the runtime by its code hash, and `started` says how big it is.
    aot::TieringObserver observer;
    if (config_.tiering.started) {
      observer.started = [started = config_.tiering.started, hash = code.hash,
                          bytes = wasm->size()](std::string_view first_tier) {
        started(hash, bytes, first_tier);
      };
    }
    if (config_.tiering.finished) {
      observer.finished = [finished = config_.tiering.finished, hash = code.hash](
                              const aot::TieringOutcome& outcome) { finished(hash, outcome); };
    }
    auto shared = std::make_shared<const PreparedModule>(std::move(*prepared));
    auto tiered =
        config_.optimizing
            ? aot::TieredModule::start_optimizing(std::move(shared), *config_.optimizing,
                                                  config_.hot_tier, std::move(observer))
            : aot::TieredModule::start(std::move(shared), config_.aot, std::move(observer));
    if (!tiered) return bad_code(tiered.error().describe());
    runtime = std::make_shared<Runtime>(std::shared_ptr<aot::TieredModule>(std::move(*tiered)),
                                        host_, instance_config, config_.max_instances);
  } else {
    auto module = engine_.compile(*wasm, config_.prepare);
    if (!module) return bad_code(module.error().describe());
    runtime = std::make_shared<Runtime>(std::move(*module), host_, instance_config,
                                        config_.max_instances);
  }
  runtime->code_hash_ = code.hash;
  if (embedded->has_value()) {
    runtime->version_ = std::move(**embedded);
    return runtime;
  }
  // Old runtimes only answer Core_version; ask one of the runtime's own instances.
  auto lease = runtime->acquire();
  if (!lease) return bad_code(lease.error().describe());
  auto encoded = call_core_version(**lease);
  if (!encoded) {
    return unexpected(RuntimeLoadError{RuntimeLoadError::Kind::kNoVersion,
                                       "Core_version failed: " + encoded.error().message});
  }
  auto version = runtime::decode_runtime_version(*encoded);
  if (!version) {
    return unexpected(
        RuntimeLoadError{RuntimeLoadError::Kind::kNoVersion,
                         std::string("Core_version returned an undecodable version: ") +
                             scale::to_string(version.error())});
  }
  runtime->version_ = std::move(*version);
  return runtime;
}

}  // namespace canary::executor
