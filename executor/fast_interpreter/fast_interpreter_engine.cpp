#include "executor/fast_interpreter/fast_interpreter_engine.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "executor/fast_interpreter/code.hpp"
#include "executor/fast_interpreter/machine.hpp"

namespace canary::executor {

namespace {

using fast::CompiledModule;
using fast::Trap;

Unexpected<ExecutionError> fail(ExecutionErrorKind kind, std::string message) {
  return unexpected(ExecutionError::make(kind, std::move(message)));
}

// Keeps exactly the bits a value of `type` has: i32 and f32 live zero-extended in their slots.
uint64_t value_bits(ValueType type, uint64_t bits) {
  return type == ValueType::kI32 || type == ValueType::kF32 ? bits & 0xFFFFFFFFu : bits;
}

// An anonymous private mapping, untouched (and so not resident) until used.
class Mapping {
 public:
  Mapping() = default;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (data_ != nullptr) ::munmap(data_, size_);
  }

  Result<void, int> map(size_t size) {
    if (size == 0) return {};
    void* data = ::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (data == MAP_FAILED) return unexpected(errno);
    data_ = static_cast<uint8_t*>(data);
    size_ = size;
    return {};
  }
  uint8_t* data() const { return data_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// The instance's memory: exactly its pages, mapped once (it cannot grow past them).
class FastMemory final : public LinearMemory {
 public:
  Result<void, int> map(uint32_t pages) {
    CANARY_TRY(mapping_.map(size_t{pages} * kWasmPageSize));
    pages_ = pages;
    max_pages_ = pages;
    return {};
  }

  uint32_t pages() const override { return pages_; }
  std::optional<uint32_t> max_pages() const override { return max_pages_; }
  bool grow(uint32_t delta) override {
    if (uint64_t{pages_} + delta > max_pages_) return false;
    pages_ += delta;
    return true;
  }
  MutableByteSpan bytes() const override {
    return {mapping_.data(), size_t{pages_} * kWasmPageSize};
  }

 private:
  Mapping mapping_;
  uint32_t pages_ = 0;
  uint32_t max_pages_ = 0;
};

// Frames per unit of the stack limit, as the wabt engine reserves them: every counted call costs
// at least 2 units and may add a thunk frame; the cap is a safety net that traps as stack
// exhaustion (the deterministic limit normally comes first).
uint32_t frame_capacity(uint32_t stack_limit) {
  return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{stack_limit} + 64, uint64_t{1} << 21));
}

// Value-stack slots: frames also hold parameters, which the limit does not count.
size_t value_stack_slots(uint32_t stack_limit) {
  return static_cast<size_t>(
      std::min<uint64_t>(uint64_t{stack_limit} * 8 + (uint64_t{1} << 20), uint64_t{1} << 26));
}

ExecutionError trap_error(Trap trap) {
  switch (trap) {
    case Trap::kUnreachable:
      return ExecutionError::make(ExecutionErrorKind::kUnreachable, "unreachable executed");
    case Trap::kMemoryOutOfBounds:
      return ExecutionError::make(ExecutionErrorKind::kMemoryOutOfBounds,
                                  "out of bounds memory access");
    case Trap::kIntegerDivideByZero:
      return ExecutionError::make(ExecutionErrorKind::kIntegerDivideByZero,
                                  "integer divide by zero");
    case Trap::kIntegerOverflow:
      return ExecutionError::make(ExecutionErrorKind::kIntegerOverflow, "integer overflow");
    case Trap::kInvalidConversion:
      return ExecutionError::make(ExecutionErrorKind::kInvalidConversion,
                                  "invalid conversion to integer");
    case Trap::kIndirectCall:
      return ExecutionError::make(ExecutionErrorKind::kIndirectCallMismatch,
                                  "indirect call to a null, missing or mistyped table entry");
    case Trap::kStackExhausted:
      return ExecutionError::make(ExecutionErrorKind::kStackExhausted, "call stack exhausted");
    case Trap::kHost:
    case Trap::kNone:
      break;
  }
  return ExecutionError::make(ExecutionErrorKind::kInternal, "unexpected trap");
}

class FastInstance final : public Instance {
 public:
  FastInstance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports,
               std::shared_ptr<const CompiledModule> code)
      : Instance(std::move(info), std::move(imports)), code_(std::move(code)) {}

  Result<void, ExecutionError> init(uint32_t memory_pages, std::optional<uint64_t> start_fuel);

  LinearMemory& memory() override { return memory_; }
  std::optional<uint32_t> heap_base() override {
    if (!code_->heap_base_global) return std::nullopt;
    return static_cast<uint32_t>(globals_[*code_->heap_base_global]);
  }

 protected:
  Result<std::optional<WasmValue>, ExecutionError> execute(std::string_view export_name,
                                                           std::span<const WasmValue> args,
                                                           std::optional<uint64_t> fuel) override;
  Result<void, ExecutionError> restore_globals_and_start(std::optional<uint64_t> fuel) override;

 private:
  static bool host_call(void* self, uint32_t index, uint64_t* slots);
  bool on_host_call(uint32_t index, uint64_t* slots);
  Result<std::optional<WasmValue>, ExecutionError> run(uint32_t function,
                                                       std::span<const WasmValue> args,
                                                       std::optional<ValueType> result);
  ExecutionError classify_trap(Trap trap);
  void reset_instrumentation(std::optional<uint64_t> fuel);
  Result<void, ExecutionError> run_start(std::optional<uint64_t> fuel);

  std::shared_ptr<const CompiledModule> code_;
  FastMemory memory_;
  std::vector<uint64_t> globals_;
  Mapping value_stack_;
  std::unique_ptr<fast::Frame[]> frames_;
  fast::Machine machine_;
  std::optional<ExecutionError> host_error_;
};

Result<void, ExecutionError> FastInstance::init(uint32_t memory_pages,
                                                std::optional<uint64_t> start_fuel) {
  if (auto mapped = memory_.map(memory_pages); !mapped) {
    return fail(
        ExecutionErrorKind::kInstantiationFailed,
        "cannot map " + std::to_string(memory_pages) + " pages: " + std::strerror(mapped.error()));
  }
  const uint32_t limit = module_info().stack_limit;
  const size_t slots = value_stack_slots(limit);
  if (auto mapped = value_stack_.map(slots * sizeof(uint64_t)); !mapped) {
    return fail(ExecutionErrorKind::kInstantiationFailed,
                std::string("cannot map a value stack: ") + std::strerror(mapped.error()));
  }
  const uint32_t frames = frame_capacity(limit);
  frames_.reset(new fast::Frame[frames]);
  globals_ = code_->global_inits;

  machine_.module = code_.get();
  machine_.globals = globals_.data();
  machine_.memory = &memory_;
  machine_.stack_begin = reinterpret_cast<uint64_t*>(value_stack_.data());
  machine_.stack_end = machine_.stack_begin + slots;
  machine_.frames = frames_.get();
  machine_.frame_capacity = frames;
  machine_.host = &FastInstance::host_call;
  machine_.host_instance = this;

  if (!code_->table_fits) {
    return fail(ExecutionErrorKind::kInstantiationFailed, "out of bounds table access");
  }
  for (const DataSegmentInit& segment : module_info().data_segments) {
    if (!memory_.write(segment.offset, segment.bytes)) {
      return fail(ExecutionErrorKind::kInstantiationFailed, "out of bounds memory access");
    }
  }
  if (module_info().has_start_function != code_->start.has_value()) {
    return fail(ExecutionErrorKind::kInternal, "not instrumented");
  }
  return run_start(start_fuel);
}

bool FastInstance::host_call(void* self, uint32_t index, uint64_t* slots) {
  return static_cast<FastInstance*>(self)->on_host_call(index, slots);
}

bool FastInstance::on_host_call(uint32_t index, uint64_t* slots) {
  const Signature& signature = imports()[index].import.signature;
  // Host functions take a handful of arguments; the vector is only for pathological imports.
  std::array<WasmValue, 8> small;
  std::vector<WasmValue> large;
  if (signature.params.size() > small.size()) large.resize(signature.params.size());
  const std::span<WasmValue> values =
      large.empty() ? std::span<WasmValue>(small.data(), signature.params.size())
                    : std::span<WasmValue>(large);
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = {signature.params[i], value_bits(signature.params[i], slots[i])};
  }
  HostResult outcome = call_host(index, values);
  if (!outcome) {
    host_error_ = std::move(outcome).error();
    return false;
  }
  const std::optional<WasmValue>& value = *outcome;
  const bool matches = value ? signature.result == value->type : !signature.result;
  if (!matches) {
    host_error_ =
        ExecutionError::make(ExecutionErrorKind::kHostError,
                             imports()[index].import.name + " returned a value of the wrong type");
    return false;
  }
  if (value) slots[0] = value_bits(value->type, value->bits);
  return true;
}

void FastInstance::reset_instrumentation(std::optional<uint64_t> fuel) {
  globals_[code_->stack_global] = 0;
  if (code_->fuel_global) {
    globals_[*code_->fuel_global] = std::min<uint64_t>(fuel.value_or(INT64_MAX), INT64_MAX);
  }
}

ExecutionError FastInstance::classify_trap(Trap trap) {
  if (trap == Trap::kHost && host_error_) return *host_error_;
  // The instrumentation traps with `unreachable` and leaves its counter past the limit.
  if (code_->fuel_global && static_cast<int64_t>(globals_[*code_->fuel_global]) < 0) {
    return ExecutionError::make(ExecutionErrorKind::kFuelExhausted, "the call ran out of fuel");
  }
  if (static_cast<uint32_t>(globals_[code_->stack_global]) > module_info().stack_limit) {
    return ExecutionError::make(
        ExecutionErrorKind::kStackExhausted,
        "deterministic stack limit of " + std::to_string(module_info().stack_limit) + " reached");
  }
  return trap_error(trap);
}

Result<std::optional<WasmValue>, ExecutionError> FastInstance::run(
    uint32_t function, std::span<const WasmValue> args, std::optional<ValueType> result) {
  host_error_.reset();
  uint64_t* slots = machine_.stack_begin;
  for (size_t i = 0; i < args.size(); ++i) slots[i] = value_bits(args[i].type, args[i].bits);
  if (const Trap trap = fast::run(machine_, function); trap != Trap::kNone) {
    return unexpected(classify_trap(trap));
  }
  if (!result) return std::optional<WasmValue>{};
  return std::optional<WasmValue>{WasmValue{*result, value_bits(*result, slots[0])}};
}

Result<std::optional<WasmValue>, ExecutionError> FastInstance::execute(
    std::string_view export_name, std::span<const WasmValue> args, std::optional<uint64_t> fuel) {
  const auto it = code_->exports.find(std::string(export_name));
  const FunctionExport* declared = module_info().find_export(export_name);
  if (it == code_->exports.end() || declared == nullptr) {
    return fail(ExecutionErrorKind::kMissingExport, std::string(export_name));
  }
  reset_instrumentation(fuel);
  return run(it->second, args, declared->signature.result);
}

Result<void, ExecutionError> FastInstance::restore_globals_and_start(std::optional<uint64_t> fuel) {
  std::copy(code_->global_inits.begin(), code_->global_inits.end(), globals_.begin());
  return run_start(fuel);
}

Result<void, ExecutionError> FastInstance::run_start(std::optional<uint64_t> fuel) {
  if (!code_->start) return {};
  reset_instrumentation(fuel);
  if (auto ran = run(*code_->start, {}, std::nullopt); !ran) {
    return fail(ExecutionErrorKind::kInstantiationFailed, ran.error().describe());
  }
  return {};
}

class FastModule final : public Module {
 public:
  FastModule(std::shared_ptr<const PreparedModule> prepared,
             std::shared_ptr<const CompiledModule> code)
      : Module(std::move(prepared)), code_(std::move(code)) {}

  Result<std::unique_ptr<Instance>, ExecutionError> instantiate(
      const HostFunctionTable& host, const InstanceConfig& config) const override {
    CANARY_TRY_ASSIGN(auto imports, resolve_imports(info(), host, config));
    CANARY_TRY_ASSIGN(auto pages, instance_memory_pages(info(), config));
    auto instance = std::make_unique<FastInstance>(
        std::shared_ptr<const ModuleInfo>(prepared_, &prepared_->info), std::move(imports), code_);
    if (auto initialized = instance->init(pages, config.start_fuel); !initialized) {
      return unexpected(initialized.error());
    }
    return std::unique_ptr<Instance>(std::move(instance));
  }

 private:
  std::shared_ptr<const CompiledModule> code_;
};

}  // namespace

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_fast_interpreter(
    std::shared_ptr<const PreparedModule> prepared) {
  if (!prepared) return fail(ExecutionErrorKind::kInternal, "no module");
  CANARY_TRY_ASSIGN(auto code, fast::compile_module(*prepared));
  return std::shared_ptr<const Module>(std::make_shared<FastModule>(
      std::move(prepared), std::make_shared<const CompiledModule>(std::move(code))));
}

}  // namespace canary::executor
