#include "executor/instance.hpp"

#include <algorithm>
#include <cstring>

namespace canary::executor {

namespace {

// The resident part of a reset is counted in these pages (the host's pages, not Wasm's).
constexpr uint64_t kResetPageSize = 4096;
// At most this much is zeroed in place; a call that used more gives the rest back to the kernel,
// so an instance's resident memory stays bounded.
constexpr uint64_t kMaxResidentResetBytes = uint64_t{8} << 20;

Unexpected<ExecutionError> fail(ExecutionErrorKind kind, std::string message) {
  return unexpected(ExecutionError::make(kind, std::move(message)));
}

// Clears a flag when a call ends, however it ends.
class CallScope {
 public:
  explicit CallScope(bool& flag) : flag_(flag) { flag_ = true; }
  ~CallScope() { flag_ = false; }
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

 private:
  bool& flag_;
};

}  // namespace

Instance::Instance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports)
    : info_(std::move(info)), imports_(std::move(imports)) {}

Result<void, ExecutionError> Instance::reset_state(std::optional<uint64_t> fuel) {
  // A fresh instance: zeroed memory with the data segments, globals at their initial values,
  // start function run. A static heap cannot have grown (its maximum is its initial size); a
  // dynamic one shrinks back in restore_globals_and_start, after all its pages were zeroed here.
  LinearMemory& mem = memory();
  const MutableByteSpan all = mem.bytes();
  // What the last call surely touched (data, stack and the heap up to the allocator's bump
  // pointer) is zeroed in place and stays resident: handing it back to the kernel would cost a
  // page fault per page at the next call, about a microsecond or two each, while writing a
  // transfer's hundred-odd KiB costs a few. The rest, which a runtime may still have written
  // without allocating, goes back to the kernel, so the whole memory is reset either way.
  const uint64_t touched =
      std::max<uint64_t>(heap_base().value_or(0), uint64_t{allocator_.bumper()});
  const uint64_t resident = std::min<uint64_t>(
      {all.size(), (touched + kResetPageSize - 1) / kResetPageSize * kResetPageSize,
       kMaxResidentResetBytes});
  if (resident != 0) std::memset(all.data(), 0, resident);
  zero_fill(all.subspan(resident));
  for (const DataSegmentInit& segment : info_->data_segments) {
    if (!mem.write(segment.offset, segment.bytes)) {
      return fail(ExecutionErrorKind::kInstantiationFailed, "data segment out of bounds");
    }
  }
  return restore_globals_and_start(fuel);
}

Result<const FunctionExport*, ExecutionError> Instance::begin(std::string_view export_name,
                                                              const CallOptions& options) {
  const FunctionExport* function = info_->find_export(export_name);
  if (function == nullptr) {
    return fail(ExecutionErrorKind::kMissingExport, std::string(export_name));
  }
  if (options.fuel && !info_->fuel_metered) {
    return fail(ExecutionErrorKind::kInternal, "a fuel budget needs a fuel-metered module");
  }
  if (dirty_) {
    if (auto reset = reset_state(options.fuel); !reset) return unexpected(reset.error());
  }
  dirty_ = true;
  user_ = options.host_context;
  return function;
}

Result<Bytes, ExecutionError> Instance::call(std::string_view export_name, ByteSpan input,
                                             const CallOptions& options) {
  if (in_call_) return fail(ExecutionErrorKind::kReentrantCall, std::string(export_name));
  CallScope scope(in_call_);
  CANARY_TRY_ASSIGN(auto begun, begin(export_name, options));
  const FunctionExport& function = *begun;
  if (function.signature != entry_point_signature()) {
    return fail(ExecutionErrorKind::kExportSignatureMismatch,
                std::string(export_name) + " is " + to_string(function.signature));
  }
  const std::optional<uint32_t> base = heap_base();
  if (!base) return fail(ExecutionErrorKind::kMissingHeapBase, "no exported i32 __heap_base");
  allocator_ = FreeingBumpAllocator(*base, options.allocation_context);

  if (input.size() > UINT32_MAX) {
    return fail(ExecutionErrorKind::kAllocator, to_string(AllocatorError::kRequestedTooLarge));
  }
  const auto input_size = static_cast<uint32_t>(input.size());
  auto input_ptr = allocator_.allocate(memory(), input_size);
  if (!input_ptr) return fail(ExecutionErrorKind::kAllocator, to_string(input_ptr.error()));
  if (!memory().write(*input_ptr, input)) {
    return fail(ExecutionErrorKind::kInternal, "allocated input lies outside the memory");
  }

  const WasmValue args[] = {WasmValue::i32(*input_ptr), WasmValue::i32(input_size)};
  CANARY_TRY_ASSIGN(auto result, execute(export_name, args, options.fuel));
  const std::optional<WasmValue>& value = result;
  if (!value.has_value() || value->type != ValueType::kI64) {
    return fail(ExecutionErrorKind::kInternal, "entry point returned no i64");
  }
  const uint64_t packed = value->bits;
  const auto output_ptr = static_cast<uint32_t>(packed);
  const auto output_len = static_cast<uint32_t>(packed >> 32);
  if (options.max_output_size && output_len > *options.max_output_size) {
    return fail(ExecutionErrorKind::kOutputTooLarge, std::to_string(output_len) + " bytes");
  }
  // Checked before copying, so a hostile length cannot make the host allocate much.
  auto output = memory().read(output_ptr, output_len);
  if (!output) {
    return fail(ExecutionErrorKind::kOutputOutOfBounds,
                std::to_string(output_len) + " bytes at " + std::to_string(output_ptr) +
                    " in a memory of " + std::to_string(memory().size()) + " bytes");
  }
  return std::move(*output);
}

Result<std::optional<WasmValue>, ExecutionError> Instance::invoke(std::string_view export_name,
                                                                  std::span<const WasmValue> args,
                                                                  const CallOptions& options) {
  if (in_call_) return fail(ExecutionErrorKind::kReentrantCall, std::string(export_name));
  CallScope scope(in_call_);
  CANARY_TRY_ASSIGN(auto begun, begin(export_name, options));
  const FunctionExport& function = *begun;
  bool types_match = args.size() == function.signature.params.size();
  for (size_t i = 0; types_match && i < args.size(); ++i) {
    types_match = args[i].type == function.signature.params[i];
  }
  if (!types_match) {
    return fail(ExecutionErrorKind::kExportSignatureMismatch,
                std::string(export_name) + " is " + to_string(function.signature));
  }
  allocator_ = FreeingBumpAllocator(heap_base().value_or(0), options.allocation_context);
  return execute(export_name, args, options.fuel);
}

HostResult Instance::call_host(uint32_t index, std::span<const WasmValue> args) {
  if (index >= imports_.size()) return fail(ExecutionErrorKind::kInternal, "bad import index");
  const ResolvedImport& resolved = imports_[index];
  if (!resolved.host) {
    return fail(ExecutionErrorKind::kMissingImport, "called " + resolved.import.module + "." +
                                                        resolved.import.name +
                                                        ", which the host does not provide");
  }
  HostCallContext context{memory(), allocator_, user_};
  return resolved.host->callback(context, args);
}

Result<std::vector<ResolvedImport>, ExecutionError> resolve_imports(const ModuleInfo& info,
                                                                    const HostFunctionTable& host,
                                                                    const InstanceConfig& config) {
  std::vector<ResolvedImport> resolved;
  std::string missing;
  std::string mismatched;
  for (const FunctionImport& import : info.function_imports) {
    const HostFunction* function = host.find(import.module, import.name);
    if (function != nullptr && function->signature != import.signature) {
      if (!mismatched.empty()) mismatched += ", ";
      mismatched += import.module + "." + import.name + " wants " + to_string(import.signature) +
                    ", host has " + to_string(function->signature);
    } else if (function == nullptr && !config.stub_missing_imports) {
      if (!missing.empty()) missing += ", ";
      missing += import.module + "." + import.name;
    }
    ResolvedImport entry{import, std::nullopt};
    if (function != nullptr) entry.host = *function;
    resolved.push_back(std::move(entry));
  }
  if (!mismatched.empty()) return fail(ExecutionErrorKind::kImportSignatureMismatch, mismatched);
  if (!missing.empty()) return fail(ExecutionErrorKind::kMissingImport, missing);
  return resolved;
}

Result<uint32_t, ExecutionError> instance_memory_pages(const ModuleInfo& info,
                                                       const InstanceConfig& config) {
  if (config.dynamic_max_pages) {
    return fail(ExecutionErrorKind::kUnsupportedFeature, "a dynamic heap on this engine");
  }
  const uint64_t limit = std::min<uint64_t>(config.max_memory_pages, kMaxWasmPages);
  const uint64_t initial = info.memory_initial_pages;
  if (config.heap_pages > limit || initial + config.heap_pages > limit) {
    return fail(ExecutionErrorKind::kMemoryTooLarge,
                std::to_string(initial) + " initial + " + std::to_string(config.heap_pages) +
                    " heap pages exceed " + std::to_string(limit));
  }
  return static_cast<uint32_t>(initial + config.heap_pages);
}

Result<MemoryRange, ExecutionError> instance_memory_range(const ModuleInfo& info,
                                                          const InstanceConfig& config) {
  if (!config.dynamic_max_pages) {
    CANARY_TRY_ASSIGN(auto pages, instance_memory_pages(info, config));
    return MemoryRange{pages, pages};
  }
  const uint64_t limit =
      std::min<uint64_t>({config.max_memory_pages, kMaxWasmPages, *config.dynamic_max_pages});
  if (info.memory_initial_pages > limit) {
    return fail(ExecutionErrorKind::kMemoryTooLarge, std::to_string(info.memory_initial_pages) +
                                                         " initial pages exceed " +
                                                         std::to_string(limit));
  }
  return MemoryRange{info.memory_initial_pages, static_cast<uint32_t>(limit)};
}

}  // namespace canary::executor
