#include "parachain/pvf/pvf_executor.hpp"

#include <chrono>
#include <optional>

#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/host/logger.hpp"
#include "executor/runtime_blob.hpp"

namespace canary::parachain::pvf {

namespace {

// The PVF's `validate_block`: the legacy V1 ABI (`polkadot/parachain/src/wasm_api.rs`).
constexpr std::string_view kValidateBlock = "validate_block";

executor::InstanceConfig instance_config(const PvfExecutorConfig& config) {
  executor::InstanceConfig out;
  out.dynamic_max_pages = config.max_memory_pages;
  out.stub_missing_imports = true;
  return out;
}

// Keeps the PVF's last error line: a Rust PVF logs its panic message at error level before it
// hits `unreachable`, which is the only reason a verdict can give.
class LastErrorLogger final : public executor::host::Logger {
 public:
  void log(executor::host::LogLevel level, std::string_view target,
           std::string_view message) override {
    if (level != executor::host::LogLevel::kError) return;
    last_.assign(target);
    last_ += ": ";
    last_.append(message.substr(0, 1024));
  }
  executor::host::LogFilter max_level() const override { return executor::host::LogFilter::kError; }
  const std::string& last() const { return last_; }

 private:
  std::string last_;
};

}  // namespace

PvfExecutorConfig executor_config(const ExecutorParams& params) {
  PvfExecutorConfig config;
  if (auto pages = params.max_memory_pages()) {
    // params_to_wasmtime_semantics: maximum_pages = MaxMemoryPages + DEFAULT_HEAP_PAGES_ESTIMATE.
    const uint64_t total = uint64_t{*pages} + kDefaultHeapPagesEstimate;
    config.max_memory_pages = static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX));
  }
  if (auto logical = params.stack_logical_max()) config.stack_logical_max = *logical;
  config.bulk_memory = params.bulk_memory();
  return config;
}

std::unique_ptr<executor::Engine> make_pvf_engine() {
#if defined(__x86_64__)
  return std::make_unique<executor::BaselineJitEngine>();
#else
  return std::make_unique<executor::FastInterpreterEngine>();
#endif
}

std::string_view pvf_engine_name() {
#if defined(__x86_64__)
  return "baseline-jit";
#else
  return "fast-interpreter";
#endif
}

const char* to_string(PrepareErrorKind kind) {
  switch (kind) {
    case PrepareErrorKind::kPrevalidation:
      return "prevalidation";
    case PrepareErrorKind::kPreparation:
      return "preparation";
    case PrepareErrorKind::kUnsupportedConfig:
      return "unsupported executor parameters";
    case PrepareErrorKind::kTimedOut:
      return "timed out";
    case PrepareErrorKind::kOutOfMemory:
      return "out of memory";
    case PrepareErrorKind::kIoError:
      return "artifact i/o";
    case PrepareErrorKind::kWorkerDied:
      return "prepare worker died";
  }
  return "unknown";
}

bool is_deterministic(PrepareErrorKind kind) {
  // polkadot-sdk `pvf/common/src/error.rs`: Prevalidation, Preparation, JobError (not here),
  // OutOfMemory and TimedOut are deterministic; IO errors, worker deaths and our own
  // unsupported configuration are not the PVF's fault.
  switch (kind) {
    case PrepareErrorKind::kPrevalidation:
    case PrepareErrorKind::kPreparation:
    case PrepareErrorKind::kTimedOut:
    case PrepareErrorKind::kOutOfMemory:
      return true;
    case PrepareErrorKind::kUnsupportedConfig:
    case PrepareErrorKind::kIoError:
    case PrepareErrorKind::kWorkerDied:
      return false;
  }
  return false;
}

Result<PreparedPvf, PrepareError> prepare_pvf(ByteSpan code, const ExecutorParams& params) {
  const PvfExecutorConfig config = executor_config(params);
  if (config.bulk_memory) {
    return unexpected(PrepareError{PrepareErrorKind::kUnsupportedConfig,
                                   "WasmExtBulkMemory is not supported by this executor"});
  }
  auto wasm = executor::uncompress_code(code, kValidationCodeBombLimit);
  if (!wasm) {
    return unexpected(PrepareError{PrepareErrorKind::kPrevalidation,
                                   std::string("code: ") + executor::to_string(wasm.error())});
  }
  const auto start = std::chrono::steady_clock::now();
  executor::PrepareConfig prepare_config;
  prepare_config.stack_limit = config.stack_logical_max;
  // No fuel: execution is bounded by CPU time, as in the reference, not by an instruction count.
  prepare_config.meter_fuel = false;
  auto prepared = executor::prepare_module(*wasm, prepare_config);
  if (!prepared) {
    return unexpected(PrepareError{PrepareErrorKind::kPrevalidation, prepared.error().message});
  }
  auto engine = make_pvf_engine();
  auto compiled =
      engine->compile(std::make_shared<const executor::PreparedModule>(std::move(*prepared)));
  if (!compiled) {
    return unexpected(PrepareError{PrepareErrorKind::kPreparation, compiled.error().message});
  }
  PreparedPvf out;
  out.wasm = std::move(*wasm);
  out.compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return out;
}

const executor::HostFunctionTable& pvf_host_functions() {
  static const executor::HostFunctionTable kTable = [] {
    executor::HostFunctionTable table;
    executor::host::register_misc(table);
    executor::host::register_crypto(table);
    executor::host::register_hashing(table);
    executor::host::register_trie(table);
    // Linked so that a PVF importing them instantiates, as in the reference; without a storage
    // service in the HostContext every call fails ("all storage externalities panic").
    executor::host::register_storage(table);
    executor::host::register_child_storage(table);
    return table;
  }();
  return kTable;
}

Result<std::unique_ptr<PvfRuntime>, executor::ExecutionError> PvfRuntime::load(
    ByteSpan wasm, const ExecutorParams& params) {
  const PvfExecutorConfig config = executor_config(params);
  executor::PrepareConfig prepare_config;
  prepare_config.stack_limit = config.stack_logical_max;
  prepare_config.meter_fuel = false;
  auto engine = make_pvf_engine();
  CANARY_TRY_ASSIGN(auto module, engine->compile(wasm, prepare_config));
  CANARY_TRY_ASSIGN(auto instance,
                    module->instantiate(pvf_host_functions(), instance_config(config)));
  std::unique_ptr<PvfRuntime> runtime(new PvfRuntime());
  runtime->module_ = std::move(module);
  runtime->instance_ = std::move(instance);
  return runtime;
}

Result<Bytes, std::string> PvfRuntime::validate_block(ByteSpan params) {
  LastErrorLogger logger;
  executor::host::HostContext context;
  context.logger = &logger;
  executor::CallOptions options;
  options.host_context = &context;
  auto output = instance_->call(kValidateBlock, params, options);
  context.exit_runtime();
  if (output) return std::move(*output);
  std::string message = output.error().message;
  if (context.panic_message) {
    message += " (panicked: " + *context.panic_message + ")";
  } else if (!logger.last().empty()) {
    message += " (last error: " + logger.last() + ")";
  }
  return unexpected(std::move(message));
}

}  // namespace canary::parachain::pvf
