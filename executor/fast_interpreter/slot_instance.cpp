#include "executor/fast_interpreter/slot_instance.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

namespace canary::executor::fast {

namespace {

Unexpected<ExecutionError> fail(ExecutionErrorKind kind, std::string message) {
  return unexpected(ExecutionError::make(kind, std::move(message)));
}

// Keeps exactly the bits a value of `type` has: i32 and f32 live zero-extended in their slots.
uint64_t value_bits(ValueType type, uint64_t bits) {
  return type == ValueType::kI32 || type == ValueType::kF32 ? bits & 0xFFFFFFFFu : bits;
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

}  // namespace

Result<void, int> SlotMemory::map(MemoryRange range) {
  CANARY_TRY(mapping_.map(size_t{range.maximum} * kWasmPageSize));
  pages_ = range.initial;
  initial_pages_ = range.initial;
  max_pages_ = range.maximum;
  return {};
}

bool SlotMemory::grow(uint32_t delta) {
  if (uint64_t{pages_} + delta > max_pages_) return false;
  pages_ += delta;
  return true;
}

uint32_t frame_capacity(uint32_t stack_limit) {
  return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{stack_limit} + 64, uint64_t{1} << 21));
}

SlotInstance::SlotInstance(std::shared_ptr<const ModuleInfo> info,
                           std::vector<ResolvedImport> imports,
                           std::shared_ptr<const CompiledModule> code, bool interpreter_frames)
    : Instance(std::move(info), std::move(imports)),
      code_(std::move(code)),
      interpreter_frames_(interpreter_frames) {}

std::optional<uint32_t> SlotInstance::heap_base() {
  if (!code_->heap_base_global) return std::nullopt;
  return static_cast<uint32_t>(globals_[*code_->heap_base_global]);
}

Result<void, ExecutionError> SlotInstance::init(MemoryRange memory,
                                                std::optional<uint64_t> start_fuel) {
  if (auto mapped = memory_.map(memory); !mapped) {
    return fail(ExecutionErrorKind::kInstantiationFailed,
                "cannot map " + std::to_string(memory.maximum) +
                    " pages: " + std::strerror(mapped.error()));
  }
  const uint32_t limit = module_info().stack_limit;
  const size_t slots = value_stack_slots(limit);
  if (auto mapped = value_stack_.map(slots * sizeof(uint64_t)); !mapped) {
    return fail(ExecutionErrorKind::kInstantiationFailed,
                std::string("cannot map a value stack: ") + std::strerror(mapped.error()));
  }
  const uint32_t frames = frame_capacity(limit);
  if (interpreter_frames_) frames_.reset(new Frame[frames]);
  globals_ = code_->global_inits;

  machine_.module = code_.get();
  machine_.globals = globals_.data();
  machine_.memory = &memory_;
  machine_.stack_begin = reinterpret_cast<uint64_t*>(value_stack_.data());
  machine_.stack_end = machine_.stack_begin + slots;
  machine_.frames = frames_.get();
  machine_.frame_capacity = frames;
  machine_.host = &SlotInstance::host_call;
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

bool SlotInstance::host_call(void* self, uint32_t index, uint64_t* slots) {
  return static_cast<SlotInstance*>(self)->on_host_call(index, slots);
}

bool SlotInstance::on_host_call(uint32_t index, uint64_t* slots) {
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

void SlotInstance::reset_instrumentation(std::optional<uint64_t> fuel) {
  globals_[code_->stack_global] = 0;
  if (code_->fuel_global) {
    globals_[*code_->fuel_global] = std::min<uint64_t>(fuel.value_or(INT64_MAX), INT64_MAX);
  }
}

ExecutionError SlotInstance::classify_trap(Trap trap) {
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

Result<std::optional<WasmValue>, ExecutionError> SlotInstance::run(
    uint32_t function, std::span<const WasmValue> args, std::optional<ValueType> result) {
  host_error_.reset();
  uint64_t* slots = machine_.stack_begin;
  for (size_t i = 0; i < args.size(); ++i) slots[i] = value_bits(args[i].type, args[i].bits);
  if (const Trap trap = run_code(function); trap != Trap::kNone) {
    return unexpected(classify_trap(trap));
  }
  if (!result) return std::optional<WasmValue>{};
  return std::optional<WasmValue>{WasmValue{*result, value_bits(*result, slots[0])}};
}

Result<std::optional<WasmValue>, ExecutionError> SlotInstance::execute(
    std::string_view export_name, std::span<const WasmValue> args, std::optional<uint64_t> fuel) {
  const auto it = code_->exports.find(std::string(export_name));
  const FunctionExport* declared = module_info().find_export(export_name);
  if (it == code_->exports.end() || declared == nullptr) {
    return fail(ExecutionErrorKind::kMissingExport, std::string(export_name));
  }
  reset_instrumentation(fuel);
  return run(it->second, args, declared->signature.result);
}

Result<void, ExecutionError> SlotInstance::restore_globals_and_start(std::optional<uint64_t> fuel) {
  // Instance::reset_state zeroed every page in use; a grown dynamic heap starts small again.
  memory_.shrink_to_initial();
  std::copy(code_->global_inits.begin(), code_->global_inits.end(), globals_.begin());
  return run_start(fuel);
}

Result<void, ExecutionError> SlotInstance::run_start(std::optional<uint64_t> fuel) {
  if (!code_->start) return {};
  reset_instrumentation(fuel);
  if (auto ran = run(*code_->start, {}, std::nullopt); !ran) {
    return fail(ExecutionErrorKind::kInstantiationFailed, ran.error().describe());
  }
  return {};
}

}  // namespace canary::executor::fast
