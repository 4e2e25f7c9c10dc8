// The node's access to runtimes: the engines and the cache of compiled runtimes (one per `:code`
// and `:heappages`), and sessions that run runtime calls on top of an overlay of changes.
//
// A RuntimeSession is what one piece of work holds while it calls the runtime: the block
// builder for a whole block (initialize, inherents, each extrinsic, finalize), the importer for
// Core_execute_block, an RPC call for one call. It borrows an instance of the state's runtime
// for its lifetime, so sessions on other threads use other instances.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "blockchain/blockchain_error.hpp"
#include "executor/engine.hpp"
#include "executor/host/host_context.hpp"
#include "executor/runtime_api/runtime_api.hpp"
#include "executor/runtime_cache.hpp"
#include "executor/runtime_code.hpp"
#include "executor/runtime_version_call.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/storage_backend.hpp"
#include "state/trie/state_version.hpp"

namespace canary::blockchain {

struct RuntimeHostConfig {
  // `compiled`: new runtimes start on the interpreter and move to the ahead-of-time engine once
  // compiled in the background (executor/aot/tiered_module.hpp); `interpreted`: interpreter only.
  bool compiled = true;
  // Where compiled runtimes are cached; empty: the AOT engine's default.
  std::string aot_cache_dir;
  size_t max_runtimes = 4;
  size_t max_instances = 8;
  // Where the runtime's log lines go; null: dropped. Must outlive the host.
  executor::host::Logger* logger = nullptr;
};

class RuntimeHost {
 public:
  explicit RuntimeHost(RuntimeHostConfig config);
  RuntimeHost(const RuntimeHost&) = delete;
  RuntimeHost& operator=(const RuntimeHost&) = delete;

  // The runtime of the state `backend` serves (its :code and :heappages).
  Result<std::shared_ptr<executor::Runtime>, BlockchainError> runtime_of(
      state::StorageBackend& backend);
  // The runtime of `code`, compiled on first use.
  Result<std::shared_ptr<executor::Runtime>, BlockchainError> runtime_for(
      const executor::RuntimeCode& code);

  // The RuntimeCode of a state's `:code` and `:heappages`. Code identical to the last code seen
  // keeps its hash: every session reads the same `:code`, and hashing it (hundreds of KiB) costs
  // more than executing a block of a few transfers. Any thread.
  executor::RuntimeCode code_of(Bytes code, std::optional<ByteSpan> heap_pages_value);

  executor::host::Logger* logger() const { return config_.logger; }
  executor::host::CoreVersionCaller& core_version_caller() { return core_version_; }

 private:
  struct KnownCode {
    Bytes code;
    Hash256 hash{};
  };

  RuntimeHostConfig config_;
  std::unique_ptr<executor::Engine> interpreter_;
  executor::RuntimeCache cache_;
  executor::InterpreterCoreVersionCaller core_version_;
  std::mutex known_code_mutex_;
  std::shared_ptr<const KnownCode> known_code_;  // the last code code_of() hashed
};

// Runtime calls on top of one overlay, with one borrowed instance. Not thread-safe; the overlay
// (and its backend) must outlive the session.
class RuntimeSession {
 public:
  // Borrows an instance of the runtime of `overlay`'s state as it is now (its backend's :code
  // unless the overlay changed it).
  static Result<std::unique_ptr<RuntimeSession>, BlockchainError> open(
      RuntimeHost& host, state::OverlayedChanges& overlay);

  // The host context of the calls: callers add the services a call needs (keystore, offchain…).
  executor::host::HostContext& context() { return context_; }
  executor::RuntimeApi& api() { return api_; }
  const runtime::RuntimeVersion& version() const { return runtime_->version(); }
  state::StateVersion state_version() const {
    return runtime_->version().state_version() == 1 ? state::StateVersion::kV1
                                                    : state::StateVersion::kV0;
  }
  state::OverlayedChanges& overlay() { return overlay_; }

  // A call whose failure is a BlockchainError of kind kRuntime (with the method and message).
  Result<Bytes, BlockchainError> call(std::string_view method, ByteSpan args);

 private:
  RuntimeSession(std::shared_ptr<executor::Runtime> runtime, executor::InstanceLease lease,
                 state::OverlayedChanges& overlay, RuntimeHost& host);

  std::shared_ptr<executor::Runtime> runtime_;
  executor::InstanceLease lease_;
  state::OverlayedChanges& overlay_;
  executor::host::HostContext context_;
  executor::RuntimeApi api_;
};

// A RuntimeApiError as a BlockchainError of kind kRuntime.
BlockchainError runtime_error(const executor::RuntimeApiError& error);

}  // namespace canary::blockchain
