#include "executor/interpreter/interpreter_engine.hpp"

#include <wabt/binary-reader.h>
#include <wabt/cast.h>
#include <wabt/error.h>
#include <wabt/interp/binary-reader-interp.h>
#include <wabt/interp/interp.h>

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "executor/prepare/instrument.hpp"
#include "executor/prepare/wabt_features.hpp"

namespace canary::executor {

namespace {

namespace wi = wabt::interp;

// wabt 1.0.32 gives every Thread a call stack of 64 KiB / sizeof(Frame), about 1600 frames, and
// ignores Thread::Options. The deterministic stack limit must always be what stops a runtime, and
// it allows far deeper recursion (a frame costs at least 2 of 65536 units), so the call stack has
// to grow. It is the private vector `frames_`, full when size() == capacity(); it is reached
// through the rule that access checks do not apply to the template arguments of an explicit
// instantiation ([temp.spec.general]/6). The Debian package pins wabt at 1.0.32.
struct ThreadFramesTag {
  using Type = std::vector<wi::Frame> wi::Thread::*;
  friend Type thread_frames(ThreadFramesTag);
};

template <typename Tag, typename Tag::Type Member>
struct ExposeMember {
  friend typename Tag::Type thread_frames(Tag) { return Member; }
};

template struct ExposeMember<ThreadFramesTag, &wi::Thread::frames_>;

// Frames per unit of the stack limit: every counted call costs at least 2 units and may add a
// thunk frame; the margin covers host frames. Capped so that a huge configured limit cannot
// reserve gigabytes (the interpreter's own limit could then trap first).
size_t frame_capacity(uint32_t stack_limit) {
  constexpr uint64_t kMaxFrames = uint64_t{1} << 21;
  return static_cast<size_t>(std::min<uint64_t>(uint64_t{stack_limit} + 64, kMaxFrames));
}

wi::Value to_interp(const WasmValue& value) {
  // Values are an untyped union in the interpreter: floats travel as their bits.
  switch (value.type) {
    case ValueType::kI32:
    case ValueType::kF32:
      return wi::Value::Make(static_cast<uint32_t>(value.bits));
    case ValueType::kI64:
    case ValueType::kF64:
      return wi::Value::Make(static_cast<uint64_t>(value.bits));
  }
  return wi::Value::Make(uint32_t{0});
}

WasmValue from_interp(const wi::Value& value, ValueType type) {
  switch (type) {
    case ValueType::kI32:
    case ValueType::kF32:
      return {type, value.Get<uint32_t>()};
    case ValueType::kI64:
    case ValueType::kF64:
      return {type, value.Get<uint64_t>()};
  }
  return {};
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

ExecutionErrorKind trap_kind(const std::string& message) {
  if (starts_with(message, "unreachable")) return ExecutionErrorKind::kUnreachable;
  if (starts_with(message, "out of bounds memory access")) {
    return ExecutionErrorKind::kMemoryOutOfBounds;
  }
  if (starts_with(message, "integer divide by zero")) {
    return ExecutionErrorKind::kIntegerDivideByZero;
  }
  if (starts_with(message, "integer overflow")) return ExecutionErrorKind::kIntegerOverflow;
  if (starts_with(message, "invalid conversion")) return ExecutionErrorKind::kInvalidConversion;
  if (starts_with(message, "indirect call") || starts_with(message, "undefined table index") ||
      starts_with(message, "uninitialized table element") ||
      starts_with(message, "out of bounds table access")) {
    return ExecutionErrorKind::kIndirectCallMismatch;
  }
  if (starts_with(message, "call stack exhausted")) return ExecutionErrorKind::kStackExhausted;
  return ExecutionErrorKind::kTrap;
}

class InterpreterMemory final : public LinearMemory {
 public:
  void attach(wi::Memory::Ptr memory) { memory_ = std::move(memory); }

  uint32_t pages() const override { return static_cast<uint32_t>(memory_->PageSize()); }
  std::optional<uint32_t> max_pages() const override {
    const wabt::Limits& limits = memory_->type().limits;
    if (!limits.has_max) return std::nullopt;
    return static_cast<uint32_t>(limits.max);
  }
  bool grow(uint32_t delta) override { return wabt::Succeeded(memory_->Grow(delta)); }
  MutableByteSpan bytes() const override {
    return {memory_->UnsafeData(), static_cast<size_t>(memory_->ByteSize())};
  }

 private:
  wi::Memory::Ptr memory_;
};

class InterpreterInstance final : public Instance {
 public:
  InterpreterInstance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports)
      : Instance(std::move(info), std::move(imports)),
        frame_capacity_(frame_capacity(module_info().stack_limit)) {}

  Result<void, ExecutionError> init(const wi::ModuleDesc& desc, uint32_t memory_pages,
                                    std::optional<uint64_t> start_fuel);

  LinearMemory& memory() override { return memory_; }
  std::optional<uint32_t> heap_base() override {
    if (!heap_base_) return std::nullopt;
    return heap_base_->Get().Get<uint32_t>();
  }

 protected:
  Result<std::optional<WasmValue>, ExecutionError> execute(std::string_view export_name,
                                                           std::span<const WasmValue> args,
                                                           std::optional<uint64_t> fuel) override;
  Result<void, ExecutionError> restore_globals_and_start(std::optional<uint64_t> fuel) override;

 private:
  wabt::Result on_host_call(uint32_t index, const wi::Values& params, wi::Values& results,
                            wi::Trap::Ptr* trap);
  wabt::Result host_failure(ExecutionError error, wi::Trap::Ptr* trap);
  // Runs a function on a new thread whose call stack fits the deterministic limit.
  wabt::Result run(const wi::Func::Ptr& function, const wi::Values& params, wi::Values& results,
                   std::string* trap_message);
  ExecutionError classify_trap(const std::string& message);
  void reset_instrumentation(std::optional<uint64_t> fuel);
  Result<void, ExecutionError> run_start(std::optional<uint64_t> fuel);

  // The store owns every wabt object; declared first so that it is destroyed last.
  wi::Store store_;
  InterpreterMemory memory_;
  wi::Module::Ptr module_;
  wi::Instance::Ptr instance_;
  std::vector<wi::HostFunc::Ptr> host_functions_;
  std::unordered_map<std::string, wi::Func::Ptr> exports_;
  wi::Global::Ptr heap_base_;
  wi::Global::Ptr stack_height_;
  wi::Global::Ptr fuel_;
  std::vector<wi::Global::Ptr> module_globals_;
  wi::Func::Ptr start_;
  // The error of a host function that trapped the running call.
  std::optional<ExecutionError> host_error_;
  size_t frame_capacity_;
};

Result<void, ExecutionError> InterpreterInstance::init(const wi::ModuleDesc& desc,
                                                       uint32_t memory_pages,
                                                       std::optional<uint64_t> start_fuel) {
  module_ = wi::Module::New(store_, desc);
  wi::RefVec externs;
  uint32_t function_index = 0;
  for (const wi::ImportType& import : module_->import_types()) {
    if (import.type->kind == wabt::ExternalKind::Func) {
      const auto* type = wabt::cast<wi::FuncType>(import.type.get());
      const uint32_t index = function_index++;
      auto function = wi::HostFunc::New(store_, *type,
                                        [this, index](wi::Thread&, const wi::Values& params,
                                                      wi::Values& results, wi::Trap::Ptr* trap) {
                                          return on_host_call(index, params, results, trap);
                                        });
      externs.push_back(function.ref());
      host_functions_.push_back(std::move(function));
    } else if (import.type->kind == wabt::ExternalKind::Memory) {
      // min = max: the heap cannot grow past `:heappages`, as with sc-executor's static strategy.
      auto memory =
          wi::Memory::New(store_, wi::MemoryType(wabt::Limits(memory_pages, memory_pages)));
      externs.push_back(memory.ref());
      memory_.attach(std::move(memory));
    } else {
      return unexpected(
          ExecutionError::make(ExecutionErrorKind::kInternal, "unexpected import " + import.name));
    }
  }

  wi::Trap::Ptr trap;
  instance_ = wi::Instance::Instantiate(store_, module_.ref(), externs, &trap);
  if (!instance_) {
    std::string message = trap ? trap->message() : "unknown failure";
    if (host_error_) message = host_error_->describe();
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInstantiationFailed, message));
  }

  const auto& export_types = module_->export_types();
  const wi::RefVec& export_refs = instance_->exports();
  for (size_t i = 0; i < export_types.size(); ++i) {
    const std::string& name = export_types[i].name;
    const wabt::ExternalKind kind = export_types[i].type->kind;
    if (kind == wabt::ExternalKind::Func) {
      exports_.emplace(name, wi::Func::Ptr(store_, export_refs[i]));
    } else if (kind == wabt::ExternalKind::Global) {
      wi::Global::Ptr global(store_, export_refs[i]);
      if (name == "__heap_base" && module_info().exports_heap_base) heap_base_ = global;
      if (name == prepare::kStackHeightExport) stack_height_ = global;
      if (name == prepare::kFuelExport) fuel_ = global;
    }
  }
  const wi::RefVec& globals = instance_->globals();
  for (size_t i = 0; i < module_info().globals.size() && i < globals.size(); ++i) {
    module_globals_.emplace_back(store_, globals[i]);
  }
  if (auto start = exports_.find(std::string(prepare::kStartExport)); start != exports_.end()) {
    start_ = start->second;
  }
  if (!stack_height_ || module_info().has_start_function != static_cast<bool>(start_)) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "not instrumented"));
  }
  return run_start(start_fuel);
}

wabt::Result InterpreterInstance::host_failure(ExecutionError error, wi::Trap::Ptr* trap) {
  *trap = wi::Trap::New(store_, error.describe());
  host_error_ = std::move(error);
  return wabt::Result::Error;
}

wabt::Result InterpreterInstance::on_host_call(uint32_t index, const wi::Values& params,
                                               wi::Values& results, wi::Trap::Ptr* trap) {
  const Signature& signature = imports()[index].import.signature;
  // Host functions take a handful of arguments; the vector is only for pathological imports.
  std::array<WasmValue, 8> small;
  std::vector<WasmValue> large;
  if (params.size() > small.size()) large.resize(params.size());
  const std::span<WasmValue> args = large.empty()
                                        ? std::span<WasmValue>(small.data(), params.size())
                                        : std::span<WasmValue>(large);
  for (size_t i = 0; i < params.size(); ++i) args[i] = from_interp(params[i], signature.params[i]);

  HostResult result = call_host(index, args);
  if (!result) return host_failure(std::move(result).error(), trap);
  const std::optional<WasmValue>& value = *result;
  const bool matches = value ? signature.result == value->type : !signature.result;
  if (!matches || results.size() != (signature.result ? 1u : 0u)) {
    return host_failure(
        ExecutionError::make(ExecutionErrorKind::kHostError,
                             imports()[index].import.name + " returned a value of the wrong type"),
        trap);
  }
  if (value) results[0] = to_interp(*value);
  return wabt::Result::Ok;
}

wabt::Result InterpreterInstance::run(const wi::Func::Ptr& function, const wi::Values& params,
                                      wi::Values& results, std::string* trap_message) {
  wi::Thread thread(store_);
  (thread.*thread_frames(ThreadFramesTag{})).reserve(frame_capacity_);
  wi::Trap::Ptr trap;
  const wabt::Result result = function->Call(thread, params, results, &trap);
  if (wabt::Failed(result)) *trap_message = trap ? trap->message() : std::string("unknown trap");
  return result;
}

void InterpreterInstance::reset_instrumentation(std::optional<uint64_t> fuel) {
  stack_height_->UnsafeSet(wi::Value::Make(uint32_t{0}));
  if (fuel_) {
    const uint64_t budget = std::min<uint64_t>(fuel.value_or(INT64_MAX), INT64_MAX);
    fuel_->UnsafeSet(wi::Value::Make(budget));
  }
}

ExecutionError InterpreterInstance::classify_trap(const std::string& message) {
  if (host_error_) return *host_error_;
  // The instrumentation traps with `unreachable` and leaves its counter past the limit.
  if (fuel_ && static_cast<int64_t>(fuel_->Get().Get<uint64_t>()) < 0) {
    return ExecutionError::make(ExecutionErrorKind::kFuelExhausted, "the call ran out of fuel");
  }
  if (stack_height_->Get().Get<uint32_t>() > module_info().stack_limit) {
    return ExecutionError::make(
        ExecutionErrorKind::kStackExhausted,
        "deterministic stack limit of " + std::to_string(module_info().stack_limit) + " reached");
  }
  return ExecutionError::make(trap_kind(message), message);
}

Result<std::optional<WasmValue>, ExecutionError> InterpreterInstance::execute(
    std::string_view export_name, std::span<const WasmValue> args, std::optional<uint64_t> fuel) {
  auto it = exports_.find(std::string(export_name));
  const FunctionExport* declared = module_info().find_export(export_name);
  if (it == exports_.end() || declared == nullptr) {
    return unexpected(
        ExecutionError::make(ExecutionErrorKind::kMissingExport, std::string(export_name)));
  }
  reset_instrumentation(fuel);
  host_error_.reset();
  wi::Values params;
  params.reserve(args.size());
  for (const WasmValue& arg : args) params.push_back(to_interp(arg));
  wi::Values results;
  std::string trap_message;
  if (wabt::Failed(run(it->second, params, results, &trap_message))) {
    ExecutionError error = classify_trap(trap_message);
    // Traps and the trace they carry stay in the store until collected.
    store_.Collect();
    return unexpected(std::move(error));
  }
  if (!declared->signature.result) return std::optional<WasmValue>{};
  if (results.size() != 1) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "missing result"));
  }
  return std::optional<WasmValue>{from_interp(results[0], *declared->signature.result)};
}

Result<void, ExecutionError> InterpreterInstance::restore_globals_and_start(
    std::optional<uint64_t> fuel) {
  const std::vector<GlobalInit>& initial = module_info().globals;
  for (size_t i = 0; i < module_globals_.size(); ++i) {
    module_globals_[i]->UnsafeSet(to_interp(WasmValue{initial[i].type, initial[i].bits}));
  }
  return run_start(fuel);
}

Result<void, ExecutionError> InterpreterInstance::run_start(std::optional<uint64_t> fuel) {
  if (!start_) return {};
  reset_instrumentation(fuel);
  host_error_.reset();
  wi::Values results;
  std::string trap_message;
  if (wabt::Failed(run(start_, {}, results, &trap_message))) {
    const ExecutionError error = classify_trap(trap_message);
    store_.Collect();
    return unexpected(
        ExecutionError::make(ExecutionErrorKind::kInstantiationFailed, error.describe()));
  }
  return {};
}

class InterpreterModule final : public Module {
 public:
  InterpreterModule(std::shared_ptr<const PreparedModule> prepared, wi::ModuleDesc desc)
      : Module(std::move(prepared)), desc_(std::move(desc)) {}

  Result<std::unique_ptr<Instance>, ExecutionError> instantiate(
      const HostFunctionTable& host, const InstanceConfig& config) const override {
    CANARY_TRY_ASSIGN(auto imports, resolve_imports(info(), host, config));
    CANARY_TRY_ASSIGN(auto pages, instance_memory_pages(info(), config));
    auto instance = std::make_unique<InterpreterInstance>(
        std::shared_ptr<const ModuleInfo>(prepared_, &prepared_->info), std::move(imports));
    if (auto initialized = instance->init(desc_, pages, config.start_fuel); !initialized) {
      return unexpected(initialized.error());
    }
    return std::unique_ptr<Instance>(std::move(instance));
  }

 private:
  wi::ModuleDesc desc_;
};

}  // namespace

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_interpreter(
    std::shared_ptr<const PreparedModule> prepared) {
  if (!prepared) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "no module"));
  }
  wi::ModuleDesc desc;
  wabt::Errors errors;
  const wabt::ReadBinaryOptions options(prepare::accepted_wabt_features(), nullptr,
                                        /*read_debug_names=*/false, /*stop_on_first_error=*/true,
                                        /*fail_on_custom_section_error=*/false);
  const ByteSpan code = prepared->code;
  if (wabt::Failed(
          wi::ReadBinaryInterp("runtime", code.data(), code.size(), options, &errors, &desc))) {
    // prepare_module validated the original: failing here is a bug in the instrumentation.
    return unexpected(
        ExecutionError::make(ExecutionErrorKind::kInternal,
                             "instrumented module does not validate: " +
                                 (errors.empty() ? std::string("?") : errors.front().message)));
  }
  return std::shared_ptr<const Module>(
      std::make_shared<InterpreterModule>(std::move(prepared), std::move(desc)));
}

}  // namespace canary::executor
