#include "executor/aot/aot_module.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "executor/aot/aot_memory.hpp"
#include "executor/native_stack.hpp"
#include "executor/prepare/instrument.hpp"

namespace canary::executor::aot {

namespace {

Unexpected<ExecutionError> fail(ExecutionErrorKind kind, std::string message) {
  return unexpected(ExecutionError::make(kind, std::move(message)));
}

// The trap codes of wasm-rt.h and canary_aot.h, with the interpreter's messages.
ExecutionError trap_error(int trap) {
  switch (trap) {
    case WASM_RT_TRAP_UNREACHABLE:
      return ExecutionError::make(ExecutionErrorKind::kUnreachable, "unreachable executed");
    case WASM_RT_TRAP_OOB:
      return ExecutionError::make(ExecutionErrorKind::kMemoryOutOfBounds,
                                  "out of bounds memory access");
    case WASM_RT_TRAP_DIV_BY_ZERO:
      return ExecutionError::make(ExecutionErrorKind::kIntegerDivideByZero,
                                  "integer divide by zero");
    case WASM_RT_TRAP_INT_OVERFLOW:
      return ExecutionError::make(ExecutionErrorKind::kIntegerOverflow, "integer overflow");
    case WASM_RT_TRAP_INVALID_CONVERSION:
      return ExecutionError::make(ExecutionErrorKind::kInvalidConversion,
                                  "invalid conversion to integer");
    case WASM_RT_TRAP_CALL_INDIRECT:
      return ExecutionError::make(ExecutionErrorKind::kIndirectCallMismatch,
                                  "indirect call to a null, missing or mistyped table entry");
    case WASM_RT_TRAP_EXHAUSTION:
      return ExecutionError::make(ExecutionErrorKind::kStackExhausted, "call stack exhausted");
    case CANARY_AOT_TRAP_RESOURCES:
      return ExecutionError::make(ExecutionErrorKind::kTrap, "out of host memory for a table");
    default:
      return ExecutionError::make(ExecutionErrorKind::kTrap, "trap " + std::to_string(trap));
  }
}

// The instance struct of the generated code; zeroed, as wasm2c's instantiate expects.
struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

class AotInstance final : public Instance {
 public:
  AotInstance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports,
              std::shared_ptr<const AotLibrary> library)
      : Instance(std::move(info), std::move(imports)),
        library_(std::move(library)),
        abi_(library_->abi()),
        memory_(env_.memory) {}
  ~AotInstance() override {
    if (instance_) abi_.free_instance(instance_.get());
  }

  Result<void, ExecutionError> init(uint32_t memory_pages, std::optional<uint64_t> start_fuel);

  LinearMemory& memory() override { return memory_; }
  std::optional<uint32_t> heap_base() override {
    if (heap_base_ == nullptr) return std::nullopt;
    return *heap_base_;
  }

 protected:
  Result<std::optional<WasmValue>, ExecutionError> execute(std::string_view export_name,
                                                           std::span<const WasmValue> args,
                                                           std::optional<uint64_t> fuel) override;
  Result<void, ExecutionError> restore_globals_and_start(std::optional<uint64_t> fuel) override;

 private:
  // The callback of canary_aot_env_t: runs on the instance's native stack under the generated
  // code, and must return (never unwind) to it.
  static int host_call(void* self, uint32_t index, const uint64_t* args, uint64_t* result);
  int on_host_call(uint32_t index, const uint64_t* args, uint64_t* result);

  // Runs an entry on the native stack; returns the trap code (0: none).
  int run(canary_aot_entry_t entry, const uint64_t* args, uint64_t* result);
  ExecutionError classify_trap(int trap);
  void reset_instrumentation(std::optional<uint64_t> fuel);
  Result<void, ExecutionError> run_start(std::optional<uint64_t> fuel);

  std::shared_ptr<const AotLibrary> library_;
  const canary_aot_module_t& abi_;
  canary_aot_env_t env_{};
  AotMemory memory_;  // after env_, whose memory it maps
  std::unique_ptr<void, FreeDeleter> instance_;
  std::unique_ptr<NativeStack> stack_;
  uint32_t* heap_base_ = nullptr;
  uint32_t* stack_height_ = nullptr;
  uint64_t* fuel_ = nullptr;
  canary_aot_entry_t start_ = nullptr;
  std::optional<ExecutionError> host_error_;
};

struct StackCall {
  const canary_aot_module_t* abi;
  canary_aot_entry_t entry;
  void* instance;
  canary_aot_env_t* env;  // instantiation when entry is null
  const uint64_t* args;
  uint64_t* result;
  int trap;
};

// On the native stack. Holds nothing with a destructor; the C below catches every trap.
void call_on_stack(void* argument) {
  auto* call = static_cast<StackCall*>(argument);
  if (call->entry == nullptr) {
    call->trap = call->abi->instantiate(call->instance, call->env);
  } else {
    call->trap = call->abi->call(call->entry, call->instance, call->args, call->result);
  }
}

Result<void, ExecutionError> AotInstance::init(uint32_t memory_pages,
                                               std::optional<uint64_t> start_fuel) {
  if (auto mapped = memory_.map(memory_pages); !mapped) {
    return fail(
        ExecutionErrorKind::kInstantiationFailed,
        "cannot map " + std::to_string(memory_pages) + " pages: " + std::strerror(mapped.error()));
  }
  env_.host = this;
  env_.call_host = &AotInstance::host_call;
  auto stack = NativeStack::create();
  if (!stack) {
    return fail(ExecutionErrorKind::kInstantiationFailed,
                std::string("cannot map a native stack: ") + std::strerror(stack.error()));
  }
  stack_ = std::move(*stack);
  const size_t size = (abi_.instance_size + 63) / 64 * 64;
  instance_.reset(std::aligned_alloc(64, size));
  if (!instance_) return fail(ExecutionErrorKind::kInstantiationFailed, "out of memory");
  std::memset(instance_.get(), 0, size);

  StackCall call{&abi_, nullptr, instance_.get(), &env_, nullptr, nullptr, 0};
  stack_->run(&call_on_stack, &call);
  if (call.trap != 0) {
    return fail(ExecutionErrorKind::kInstantiationFailed, trap_error(call.trap).describe());
  }

  auto global = [&](std::string_view name) -> void* {
    auto address = library_->find_global(name);
    return address == nullptr ? nullptr : address(instance_.get());
  };
  if (module_info().exports_heap_base) heap_base_ = static_cast<uint32_t*>(global("__heap_base"));
  stack_height_ = static_cast<uint32_t*>(global(prepare::kStackHeightExport));
  fuel_ = static_cast<uint64_t*>(global(prepare::kFuelExport));
  start_ = library_->find_export(prepare::kStartExport);
  if (stack_height_ == nullptr || module_info().has_start_function != (start_ != nullptr)) {
    return fail(ExecutionErrorKind::kInternal, "not instrumented");
  }
  return run_start(start_fuel);
}

int AotInstance::host_call(void* self, uint32_t index, const uint64_t* args, uint64_t* result) {
  return static_cast<AotInstance*>(self)->on_host_call(index, args, result);
}

int AotInstance::on_host_call(uint32_t index, const uint64_t* args, uint64_t* result) {
  if (index >= imports().size()) {
    host_error_ = ExecutionError::make(ExecutionErrorKind::kInternal, "bad import index");
    return 1;
  }
  const Signature& signature = imports()[index].import.signature;
  // Host functions take a handful of arguments; the vector is only for pathological imports.
  std::array<WasmValue, 8> small;
  std::vector<WasmValue> large;
  if (signature.params.size() > small.size()) large.resize(signature.params.size());
  const std::span<WasmValue> values =
      large.empty() ? std::span<WasmValue>(small.data(), signature.params.size())
                    : std::span<WasmValue>(large);
  for (size_t i = 0; i < values.size(); ++i) values[i] = {signature.params[i], args[i]};

  HostResult outcome = call_host(index, values);
  if (!outcome) {
    host_error_ = std::move(outcome).error();
    return 1;
  }
  const std::optional<WasmValue>& value = *outcome;
  const bool matches = value ? signature.result == value->type : !signature.result;
  if (!matches) {
    host_error_ =
        ExecutionError::make(ExecutionErrorKind::kHostError,
                             imports()[index].import.name + " returned a value of the wrong type");
    return 1;
  }
  *result = value ? value->bits : 0;
  return 0;
}

int AotInstance::run(canary_aot_entry_t entry, const uint64_t* args, uint64_t* result) {
  StackCall call{&abi_, entry, instance_.get(), nullptr, args, result, 0};
  stack_->run(&call_on_stack, &call);
  return call.trap;
}

void AotInstance::reset_instrumentation(std::optional<uint64_t> fuel) {
  *stack_height_ = 0;
  if (fuel_ != nullptr) *fuel_ = std::min<uint64_t>(fuel.value_or(INT64_MAX), INT64_MAX);
}

ExecutionError AotInstance::classify_trap(int trap) {
  if (trap == CANARY_AOT_TRAP_HOST && host_error_) return *host_error_;
  // The instrumentation traps with `unreachable` and leaves its counter past the limit.
  if (fuel_ != nullptr && static_cast<int64_t>(*fuel_) < 0) {
    return ExecutionError::make(ExecutionErrorKind::kFuelExhausted, "the call ran out of fuel");
  }
  if (*stack_height_ > module_info().stack_limit) {
    return ExecutionError::make(
        ExecutionErrorKind::kStackExhausted,
        "deterministic stack limit of " + std::to_string(module_info().stack_limit) + " reached");
  }
  return trap_error(trap);
}

Result<std::optional<WasmValue>, ExecutionError> AotInstance::execute(
    std::string_view export_name, std::span<const WasmValue> args, std::optional<uint64_t> fuel) {
  const canary_aot_entry_t entry = library_->find_export(export_name);
  const FunctionExport* declared = module_info().find_export(export_name);
  if (entry == nullptr || declared == nullptr) {
    return fail(ExecutionErrorKind::kMissingExport, std::string(export_name));
  }
  reset_instrumentation(fuel);
  host_error_.reset();
  std::vector<uint64_t> bits(args.size());
  for (size_t i = 0; i < args.size(); ++i) bits[i] = args[i].bits;
  uint64_t result = 0;
  if (const int trap = run(entry, bits.data(), &result); trap != 0) {
    return unexpected(classify_trap(trap));
  }
  if (!declared->signature.result) return std::optional<WasmValue>{};
  const ValueType type = *declared->signature.result;
  // i32 and f32 results come back zero-extended; keep exactly their 32 bits.
  if (type == ValueType::kI32 || type == ValueType::kF32) result &= 0xffffffffu;
  return std::optional<WasmValue>{WasmValue{type, result}};
}

Result<void, ExecutionError> AotInstance::restore_globals_and_start(std::optional<uint64_t> fuel) {
  abi_.reset_globals(instance_.get());
  return run_start(fuel);
}

Result<void, ExecutionError> AotInstance::run_start(std::optional<uint64_t> fuel) {
  if (start_ == nullptr) return {};
  reset_instrumentation(fuel);
  host_error_.reset();
  uint64_t unused = 0;
  if (const int trap = run(start_, nullptr, &unused); trap != 0) {
    return fail(ExecutionErrorKind::kInstantiationFailed, classify_trap(trap).describe());
  }
  return {};
}

class AotModule final : public Module {
 public:
  AotModule(std::shared_ptr<const PreparedModule> prepared,
            std::shared_ptr<const AotLibrary> library)
      : Module(std::move(prepared)), library_(std::move(library)) {}

  Result<std::unique_ptr<Instance>, ExecutionError> instantiate(
      const HostFunctionTable& host, const InstanceConfig& config) const override {
    CANARY_TRY_ASSIGN(auto imports, resolve_imports(info(), host, config));
    CANARY_TRY_ASSIGN(auto pages, instance_memory_pages(info(), config));
    auto instance = std::make_unique<AotInstance>(
        std::shared_ptr<const ModuleInfo>(prepared_, &prepared_->info), std::move(imports),
        library_);
    if (auto initialized = instance->init(pages, config.start_fuel); !initialized) {
      return unexpected(initialized.error());
    }
    return std::unique_ptr<Instance>(std::move(instance));
  }

 private:
  std::shared_ptr<const AotLibrary> library_;
};

}  // namespace

std::shared_ptr<const Module> make_aot_module(std::shared_ptr<const PreparedModule> prepared,
                                              std::shared_ptr<const AotLibrary> library) {
  return std::make_shared<AotModule>(std::move(prepared), std::move(library));
}

}  // namespace canary::executor::aot
