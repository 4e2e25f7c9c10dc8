// The Canary runtime behind one interface, natively or as the build's Wasm blob on an engine of
// the executor, so that one scenario runs on all of them (canary_scenarios_test.cpp).
//
// A driver is a runtime plus the state it works on. The state is the host's in both cases (an
// OverlayedChanges on a TrieBackend, as the node's block builder has), so reading it, iterating
// it and computing its root is the same code for every driver; only `call` differs:
//  - native: the runtime's entry points compiled for the host (runtime/canary/api.hpp), the very
//    functions the blob exports, on runtime/io's native context over that overlay;
//  - Wasm: the blob on the interpreter or the ahead-of-time engine, through executor::RuntimeApi
//    with the host API over the same kind of overlay.
#pragma once

#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "executor/aot/aot_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/host/runtime_version_reader.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/offchain/memory_offchain_storage.hpp"
#include "executor/offchain/transaction_pool.hpp"
#include "executor/runtime_api/runtime_api.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/runtime_version_call.hpp"
#include "primitives/util/result.hpp"
#include "runtime/canary/api.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/io/native_context.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::rt::canary_runtime::drivers {

class RuntimeDriver {
 public:
  using EventRecord = system::EventRecord<Runtime::Pallets::Event>;

  RuntimeDriver()
      : backend_(state::empty_trie_root(state::TrieHasher::kBlake2b256), store_),
        overlay_(backend_) {
    inspect_context_.storage = &overlay_;
    inspect_context_.max_log_level = 0;
  }
  virtual ~RuntimeDriver() = default;
  RuntimeDriver(const RuntimeDriver&) = delete;
  RuntimeDriver& operator=(const RuntimeDriver&) = delete;

  virtual std::string_view name() const = 0;

  // Runtime API `method` with its SCALE-encoded arguments: the SCALE-encoded result, the state
  // changes kept. An error is a failed call (a trap or a panic of the blob); natively a panic
  // aborts the process, so scenarios only make calls that must succeed.
  virtual Result<Bytes, std::string> call(std::string_view method, ByteSpan input) = 0;

  // What offchain workers may use from now on: an offchain database of the driver's own, and a
  // transaction pool that takes every extrinsic into `submitted` (the caller's, kept alive).
  virtual void enable_offchain(std::vector<Bytes>* submitted) = 0;

  // A Wasm driver's host context, for tests that give its calls more services (a signature
  // verifier, a logger); null natively.
  virtual executor::host::HostContext* host_context() { return nullptr; }

  // --- The state: the same code for every driver.
  std::optional<Bytes> storage(ByteSpan key) { return overlay_.get(key).value_or(std::nullopt); }
  std::optional<Bytes> next_key(ByteSpan key) {
    return overlay_.next_key(key).value_or(std::nullopt);
  }
  // All keys under `prefix`, in order.
  std::vector<Bytes> keys_with_prefix(ByteSpan prefix) {
    std::vector<Bytes> out;
    Bytes key(prefix.begin(), prefix.end());
    if (storage(key)) out.push_back(key);
    while (auto next = next_key(key)) {
      if (next->size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), next->begin()))
        break;
      out.push_back(*next);
      key = std::move(*next);
    }
    return out;
  }
  void set_storage(ByteSpan key, ByteSpan value) { (void)overlay_.set(key, value); }
  Hash256 state_root() { return overlay_.root(state::StateVersion::kV1).value_or(Hash256{}); }
  // Around calls whose changes may be dropped (a block builder's extrinsic, a runtime API call
  // made at a block rather than in one).
  void start_transaction() { overlay_.start_transaction(); }
  void commit_transaction() { (void)overlay_.commit_transaction(); }
  void rollback_transaction() { (void)overlay_.rollback_transaction(); }

  // Reads the state with the runtime's own typed storage items (e.g.
  // `Runtime::Balances::free_balance(who)`), natively; whatever `read` writes is dropped.
  template <class F>
  auto inspect(F&& read) {
    overlay_.start_transaction();
    io::NativeContextScope scope(inspect_context_);
    auto value = read();
    (void)overlay_.rollback_transaction();
    return value;
  }
  // The events of the current block (System::Events).
  std::vector<EventRecord> events() {
    return inspect([] { return Runtime::System::EventsOf<>::get(); });
  }

 protected:
  state::MemoryNodeStore store_;
  state::TrieBackend backend_;
  state::OverlayedChanges overlay_;

 private:
  io::NativeContext inspect_context_;
};

// The runtime compiled for the host: runtime_api(name) on a native io context over the state.
class NativeDriver final : public RuntimeDriver {
 public:
  NativeDriver() {
    context_.storage = &overlay_;
    context_.max_log_level = 0;  // as the Wasm drivers' host without a logger
    // ext_misc_runtime_version as the host answers it (System::set_code reads the new code's).
    context_.runtime_version = [this](ByteSpan code) {
      return executor::host::read_runtime_version(code, &core_version_);
    };
  }
  std::string_view name() const override { return "native"; }
  Result<Bytes, std::string> call(std::string_view method, ByteSpan input) override {
    const RuntimeApiFunction function = runtime_api(method);
    if (function == nullptr) return unexpected("no runtime API " + std::string(method));
    io::NativeContextScope scope(context_);
    return function(input);
  }
  void enable_offchain(std::vector<Bytes>* submitted) override {
    context_.offchain_storage = &offchain_storage_;
    context_.submit_transaction = [submitted](ByteSpan xt) {
      submitted->emplace_back(xt.begin(), xt.end());
      return true;
    };
  }

 private:
  io::NativeContext context_;
  std::map<std::pair<uint32_t, Bytes>, Bytes> offchain_storage_;
  executor::InterpreterCoreVersionCaller core_version_;
};

// The blob on an instance of `module` (one engine's compilation of it), as the node calls it.
class WasmDriver final : public RuntimeDriver {
 public:
  WasmDriver(std::string name, std::unique_ptr<executor::Instance> instance)
      : name_(std::move(name)), instance_(std::move(instance)), api_(*instance_, context_) {
    context_.storage = &overlay_;
    context_.core_version = &core_version_;
  }
  std::string_view name() const override { return name_; }
  Result<Bytes, std::string> call(std::string_view method, ByteSpan input) override {
    auto output = api_.call(method, input);
    if (!output) return unexpected(output.error().describe());
    return std::move(*output);
  }
  void enable_offchain(std::vector<Bytes>* submitted) override {
    pool_.submitted = submitted;
    context_.offchain_storage = &offchain_storage_;
    context_.transaction_pool = &pool_;
  }
  executor::host::HostContext* host_context() override { return &context_; }

 private:
  struct CapturingPool final : executor::offchain::TransactionPool {
    std::vector<Bytes>* submitted = nullptr;
    bool submit_transaction(ByteSpan xt) override {
      submitted->emplace_back(xt.begin(), xt.end());
      return true;
    }
  };
  executor::offchain::MemoryOffchainStorage offchain_storage_{
      executor::offchain::MemoryOffchainStorage::Local::kUnavailable};
  CapturingPool pool_;
  std::string name_;
  std::unique_ptr<executor::Instance> instance_;
  executor::host::HostContext context_;
  executor::InterpreterCoreVersionCaller core_version_;
  executor::RuntimeApi api_;
};

// --- The build's blob on the executor's engines.

enum class DriverKind : uint8_t { kNative, kInterpreter, kAot };

inline std::string_view to_string(DriverKind kind) {
  switch (kind) {
    case DriverKind::kNative:
      return "native";
    case DriverKind::kInterpreter:
      return "interpreter";
    case DriverKind::kAot:
      return "aot";
  }
  return "?";
}

// `:code` of the build (CANARY_RUNTIME_BLOB, zstd-compressed as on chain).
inline const Bytes& runtime_blob() {
  static const Bytes kBlob = [] {
    std::ifstream in(CANARY_RUNTIME_BLOB, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }();
  return kBlob;
}

// The blob compiled by `kind`'s engine, once per process. The ahead-of-time engine compiles with
// the node's settings into the test cache that `canary benchmark` uses in ctest
// (CANARY_AOT_TEST_CACHE_DIR, same cache key), so that a build tree compiles the runtime once.
inline Result<std::shared_ptr<const executor::Module>, std::string> compiled_runtime(
    DriverKind kind) {
  static std::optional<Result<std::shared_ptr<const executor::Module>, std::string>> cached[3];
  auto& slot = cached[static_cast<size_t>(kind)];
  if (slot) return *slot;
  auto compile = [&]() -> Result<std::shared_ptr<const executor::Module>, std::string> {
    auto wasm = executor::uncompress_code(runtime_blob());
    if (!wasm) return unexpected(std::string("the runtime blob does not decompress"));
    if (kind == DriverKind::kAot) {
      executor::aot::AotConfig config;
      config.cache_dir = CANARY_AOT_TEST_CACHE_DIR;
      static const executor::aot::AotEngine kAotEngine(config);
      auto module = kAotEngine.compile(*wasm);
      if (!module) return unexpected(module.error().describe());
      return std::move(*module);
    }
    static const executor::InterpreterEngine kInterpreterEngine;
    auto module = kInterpreterEngine.compile(*wasm);
    if (!module) return unexpected(module.error().describe());
    return std::move(*module);
  };
  slot = compile();
  return *slot;
}

inline Result<std::unique_ptr<RuntimeDriver>, std::string> make_driver(DriverKind kind) {
  if (kind == DriverKind::kNative) return std::unique_ptr<RuntimeDriver>(new NativeDriver());
  auto module = compiled_runtime(kind);
  if (!module) return unexpected(module.error());
  auto instance = (*module)->instantiate(executor::host::host_api());
  if (!instance) return unexpected(instance.error().describe());
  return std::unique_ptr<RuntimeDriver>(
      new WasmDriver(std::string(to_string(kind)), std::move(*instance)));
}

}  // namespace canary::rt::canary_runtime::drivers
