#include "blockchain/runtime_host.hpp"

#include <utility>

#include "executor/aot/aot_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/runtime_code.hpp"

namespace canary::blockchain {
namespace {

executor::RuntimeCacheConfig cache_config(const RuntimeHostConfig& config) {
  executor::RuntimeCacheConfig out;
  out.max_runtimes = config.max_runtimes;
  out.max_instances = config.max_instances;
  if (config.compiled) {
    executor::aot::AotConfig aot;
    if (!config.aot_cache_dir.empty()) aot.cache_dir = config.aot_cache_dir;
    if (config.optimizing_tier) {
      executor::optimizing::OptimizingConfig optimizing;
      optimizing.cache_dir = aot.cache_dir;
      out.optimizing = std::move(optimizing);
      out.hot_tier.reuse_stored_set = config.reuse_hot_set;
    }
    out.aot = std::make_shared<const executor::aot::AotEngine>(std::move(aot));
    out.tiering = config.tiering;
  }
  return out;
}

}  // namespace

RuntimeHost::RuntimeHost(RuntimeHostConfig config)
    : config_(std::move(config)),
      interpreter_(std::make_unique<executor::FastInterpreterEngine>()),
      cache_(*interpreter_, executor::host::host_api(), cache_config(config_)) {}

Result<void, BlockchainError> RuntimeHost::set_code_substitutes(
    const std::map<uint64_t, Bytes>& by_block) {
  std::map<uint32_t, CodeSubstitute> substitutes;
  for (const auto& [block, code] : by_block) {
    const std::string which = "the code substitute of block " + std::to_string(block);
    const executor::RuntimeCode substitute = executor::make_runtime_code(code, std::nullopt);
    auto runtime = runtime_for(substitute);
    if (!runtime) {
      return unexpected(
          BlockchainError{BlockchainError::Kind::kRuntime, which + ": " + runtime.error().detail});
    }
    const uint32_t spec = (*runtime)->version().spec_version;
    if (auto other = substitutes.find(spec); other != substitutes.end()) {
      return unexpected(BlockchainError{
          BlockchainError::Kind::kRuntime,
          which + " has spec_version " + std::to_string(spec) + ", as the one of block " +
              std::to_string(other->second.from_block) + ": one substitute per runtime version"});
    }
    substitutes.emplace(spec, CodeSubstitute{block, code, substitute.hash});
  }
  substitutes_ = std::move(substitutes);
  return {};
}

Result<std::shared_ptr<executor::Runtime>, BlockchainError> RuntimeHost::runtime_of(
    state::StorageBackend& backend, std::optional<uint64_t> at) {
  auto code = executor::runtime_code_from_state(backend);
  if (!code) {
    return unexpected(BlockchainError{code.error().kind == executor::RuntimeCodeError::Kind::kNoCode
                                          ? BlockchainError::Kind::kRuntime
                                          : BlockchainError::Kind::kDatabase,
                                      code.error().describe()});
  }
  return runtime_at(*code, at);
}

Result<std::shared_ptr<executor::Runtime>, BlockchainError> RuntimeHost::runtime_at(
    const executor::RuntimeCode& code, std::optional<uint64_t> at) {
  auto onchain = runtime_for(code);
  if (!onchain || substitutes_.empty() || !at) return onchain;
  const auto substitute = substitutes_.find((*onchain)->version().spec_version);
  if (substitute == substitutes_.end() || *at < substitute->second.from_block) return onchain;
  // The substitute runs with the state's own :heappages.
  executor::RuntimeCode replaced{substitute->second.code, substitute->second.hash, code.heap_pages};
  return runtime_for(replaced);
}

Result<std::shared_ptr<executor::Runtime>, BlockchainError> RuntimeHost::runtime_for(
    const executor::RuntimeCode& code) {
  auto runtime = cache_.get(code);
  if (!runtime) {
    return unexpected(BlockchainError{BlockchainError::Kind::kRuntime,
                                      "loading :code: " + runtime.error().message});
  }
  return std::move(*runtime);
}

executor::RuntimeCode RuntimeHost::code_of(Bytes code, std::optional<ByteSpan> heap_pages_value) {
  std::shared_ptr<const KnownCode> known;
  {
    MutexLock lock(known_code_mutex_);
    known = known_code_;
  }
  // Equal bytes have the same hash; comparing them is a small fraction of hashing them.
  if (known && known->code == code) {
    return executor::make_runtime_code(std::move(code), known->hash, heap_pages_value);
  }
  executor::RuntimeCode out = executor::make_runtime_code(std::move(code), heap_pages_value);
  auto remembered = std::make_shared<const KnownCode>(KnownCode{out.code, out.hash});
  MutexLock lock(known_code_mutex_);
  known_code_ = std::move(remembered);
  return out;
}

RuntimeSession::RuntimeSession(std::shared_ptr<executor::Runtime> runtime,
                               executor::InstanceLease lease, state::OverlayedChanges& overlay,
                               RuntimeHost& host, executor::CallOptions options)
    : runtime_(std::move(runtime)),
      lease_(std::move(lease)),
      overlay_(overlay),
      api_(*lease_, context_, options, &runtime_->version()) {
  context_.storage = &overlay_;
  context_.logger = host.logger();
  context_.core_version = &host.core_version_caller();
  context_.signature_verifier = host.signature_verifier();
}

Result<std::unique_ptr<RuntimeSession>, BlockchainError> RuntimeSession::open(
    RuntimeHost& host, state::OverlayedChanges& overlay, const Options& options) {
  // The code as the overlay sees it: a block that set :code runs its successors on the new one.
  auto code = overlay.get(to_bytes(":code"));
  if (!code) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kDatabase,
                        std::string("reading :code: ") + state::to_string(code.error())});
  }
  if (!*code)
    return unexpected(BlockchainError{BlockchainError::Kind::kRuntime, "the state has no :code"});
  auto pages = overlay.get(to_bytes(":heappages"));
  if (!pages) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kDatabase,
                        std::string("reading :heappages: ") + state::to_string(pages.error())});
  }
  std::optional<ByteSpan> pages_value;
  if (*pages) pages_value = ByteSpan(**pages);
  executor::RuntimeCode runtime_code = host.code_of(std::move(**code), pages_value);
  if (options.heap_pages) runtime_code.heap_pages = options.heap_pages;
  auto runtime = host.runtime_at(runtime_code, options.at);
  if (!runtime) return unexpected(std::move(runtime).error());
  auto lease = (*runtime)->acquire();
  if (!lease) {
    return unexpected(BlockchainError{BlockchainError::Kind::kRuntime,
                                      "instantiating the runtime: " + lease.error().describe()});
  }
  executor::CallOptions call_options;
  call_options.fuel = options.fuel;
  call_options.allocation_context = options.allocation_context;
  return std::unique_ptr<RuntimeSession>(
      new RuntimeSession(std::move(*runtime), std::move(*lease), overlay, host, call_options));
}

Result<Bytes, BlockchainError> RuntimeSession::call(std::string_view method, ByteSpan args) {
  auto out = api_.call(method, args);
  if (!out) return unexpected(runtime_error(out.error()));
  return std::move(*out);
}

BlockchainError runtime_error(const executor::RuntimeApiError& error) {
  return BlockchainError{BlockchainError::Kind::kRuntime, error.describe()};
}

}  // namespace canary::blockchain
