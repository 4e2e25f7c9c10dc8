// The node's access to runtimes: the engines and the cache of compiled runtimes (one per `:code`
// and `:heappages`), and sessions that run runtime calls on top of an overlay of changes.
//
// A RuntimeSession is what one piece of work holds while it calls the runtime: the block
// builder for a whole block (initialize, inherents, each extrinsic, finalize), the importer for
// Core_execute_block, an RPC call for one call. It borrows an instance of the state's runtime
// for its lifetime, so sessions on other threads use other instances.
#pragma once

#include <map>
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
#include "primitives/util/thread_annotations.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/storage_backend.hpp"
#include "state/trie/state_version.hpp"

namespace canary::blockchain {

// The instruction budget (executor::CallOptions::fuel) of a runtime call made for someone outside
// the node: state_call, chainHead_v1_call, system_dryRun and the other RPC calls, a light
// client's remote call. Past it the call fails with "fuel exhausted", so one expensive call cannot
// hold a thread. About 4·10⁹ instructions of Wasm: a few seconds compiled, a minute or so on the
// interpreter; a whole block of the Canary runtime takes a few percent of it. The node's own
// calls (import, authoring, the pool) run unbounded, as the reference executes blocks.
inline constexpr uint64_t kOutsiderCallFuel = 4'000'000'000;

struct RuntimeHostConfig {
  // `compiled`: new runtimes start on the fast interpreter and move to the ahead-of-time engine
  // once compiled in the background (executor/aot/tiered_module.hpp); `interpreted`: the fast
  // interpreter only (executor/fast_interpreter/; wabt's reference interpreter stays for
  // `canary debug --wasm-execution interpreted` and the differential tests).
  bool compiled = true;
  // With `compiled`: the second tier is the optimizing tier (the functions the first tier found
  // hot, through the C compiler: seconds; executor/optimizing/); false: wasm2c's whole-module
  // compilation (minutes for a large runtime), which the benchmarks wait for before measuring.
  bool optimizing_tier = true;
  // With the optimizing tier: compile the hot set an earlier run kept for the same runtime at once
  // (the node); false: profile this host's own workload first (aot::HotTierPolicy).
  bool reuse_hot_set = true;
  // Where compiled runtimes are cached; empty: the AOT engine's default.
  std::string aot_cache_dir;
  size_t max_runtimes = 4;
  size_t max_instances = 8;
  // Where the runtime's log lines go; null: dropped. Must outlive the host.
  executor::host::Logger* logger = nullptr;
  // Told when a new runtime starts on the first tier and when its compilation ends (`compiled`
  // only): the node logs both, so an operator sees when an upgraded runtime runs compiled.
  executor::TieringEvents tiering;
  // Verifies the signatures a runtime checks as a batch (the Canary runtime's Core_execute_block)
  // on its threads while the call runs on; null: each check at once. Must outlive the host.
  executor::host::SignatureVerifier* signature_verifier = nullptr;
};

class RuntimeHost {
 public:
  explicit RuntimeHost(RuntimeHostConfig config);
  RuntimeHost(const RuntimeHost&) = delete;
  RuntimeHost& operator=(const RuntimeHost&) = delete;

  // The chain spec's `codeSubstitutes` (sc-service's WasmSubstitutes): block number → code that
  // replaces the on-chain runtime from that block on, as long as the chain still runs the runtime
  // the substitute stands in for (the one with the substitute's spec_version; the chain's next
  // upgrade ends it). Each code is loaded here to learn its version: code that is not a runtime,
  // or two substitutes of one spec_version, are refused. Call before any runtime call.
  Result<void, BlockchainError> set_code_substitutes(const std::map<uint64_t, Bytes>& by_block);

  // The runtime of the state `backend` serves (its :code and :heappages); `at`, the number of the
  // block whose state it is, selects a code substitute.
  Result<std::shared_ptr<executor::Runtime>, BlockchainError> runtime_of(
      state::StorageBackend& backend, std::optional<uint64_t> at = std::nullopt);
  // The runtime of `code`, compiled on first use.
  Result<std::shared_ptr<executor::Runtime>, BlockchainError> runtime_for(
      const executor::RuntimeCode& code);
  // The runtime that runs calls on the state of block `at` whose on-chain code is `code`: a code
  // substitute's when one applies (Substrate's CodeProvider), else `code`'s.
  Result<std::shared_ptr<executor::Runtime>, BlockchainError> runtime_at(
      const executor::RuntimeCode& code, std::optional<uint64_t> at);

  // The RuntimeCode of a state's `:code` and `:heappages`. Code identical to the last code seen
  // keeps its hash: every session reads the same `:code`, and hashing it (hundreds of KiB) costs
  // more than executing a block of a few transfers. Any thread.
  executor::RuntimeCode code_of(Bytes code, std::optional<ByteSpan> heap_pages_value);

  executor::host::Logger* logger() const { return config_.logger; }
  executor::host::SignatureVerifier* signature_verifier() const {
    return config_.signature_verifier;
  }
  executor::host::CoreVersionCaller& core_version_caller() { return core_version_; }

 private:
  struct KnownCode {
    Bytes code;
    Hash256 hash{};
  };

  struct CodeSubstitute {
    uint64_t from_block = 0;
    Bytes code;
    Hash256 hash{};
  };

  RuntimeHostConfig config_;
  // By the spec_version of the runtime each replaces (its own); set before any call.
  std::map<uint32_t, CodeSubstitute> substitutes_;
  std::unique_ptr<executor::Engine> interpreter_;
  executor::RuntimeCache cache_;
  executor::InterpreterCoreVersionCaller core_version_;
  Mutex known_code_mutex_;
  std::shared_ptr<const KnownCode> known_code_ GUARDED_BY(known_code_mutex_);  // last hashed
};

// How a RuntimeSession runs its calls.
struct SessionOptions {
  // The number of the block whose state the overlay's backend is: selects a code substitute.
  std::optional<uint64_t> at;
  // Bounds every call of the session (see kOutsiderCallFuel); none: unbounded.
  std::optional<uint64_t> fuel;
  // Replaces the state's `:heappages` (genesis building, which no consensus depends on).
  std::optional<uint64_t> heap_pages;
  // The allocator's limits: offchain calls may allocate more in one piece.
  executor::AllocationContext allocation_context = executor::AllocationContext::kOnchain;
};

// Runtime calls on top of one overlay, with one borrowed instance. Not thread-safe; the overlay
// (and its backend) must outlive the session.
class RuntimeSession {
 public:
  using Options = SessionOptions;

  // Borrows an instance of the runtime of `overlay`'s state as it is now (its backend's :code
  // unless the overlay changed it, or a code substitute).
  static Result<std::unique_ptr<RuntimeSession>, BlockchainError> open(
      RuntimeHost& host, state::OverlayedChanges& overlay, const Options& options = {});

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
                 state::OverlayedChanges& overlay, RuntimeHost& host,
                 executor::CallOptions options);

  std::shared_ptr<executor::Runtime> runtime_;
  executor::InstanceLease lease_;
  state::OverlayedChanges& overlay_;
  executor::host::HostContext context_;
  executor::RuntimeApi api_;
};

// A RuntimeApiError as a BlockchainError of kind kRuntime.
BlockchainError runtime_error(const executor::RuntimeApiError& error);

}  // namespace canary::blockchain
