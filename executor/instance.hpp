// A runtime instance and the runtime calling convention. The engine-independent part lives here:
// import resolution, the memory size from `:heappages`, resetting to a fresh state between
// calls, the allocator and host context of each call, copying the input in and the output out.
// Engines implement the few primitives at the bottom.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "executor/allocator/freeing_bump.hpp"
#include "executor/execution_error.hpp"
#include "executor/host_function.hpp"
#include "executor/linear_memory.hpp"
#include "executor/prepared_module.hpp"
#include "executor/wasm_value.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

// sc-executor's DEFAULT_HEAP_ALLOC_PAGES: used when the state has no `:heappages`.
inline constexpr uint64_t kDefaultHeapPages = 2048;

struct InstanceConfig {
  // Extra pages on top of the module's initial memory (`:heappages`). The memory has exactly
  // initial + heap_pages pages and cannot grow (sc-executor's HeapAllocStrategy::Static).
  uint64_t heap_pages = kDefaultHeapPages;
  // A resource limit below Wasm's 65536 pages (4 GiB); larger memories fail to instantiate.
  uint32_t max_memory_pages = kMaxWasmPages;
  // By default an import the host lacks fails instantiation (listing all of them). With this,
  // such imports are linked to stubs that fail the call when the runtime calls them, as
  // sc-executor's allow_missing_func_imports does.
  bool stub_missing_imports = false;
  // Budget of the start function run by instantiation (unlimited when absent). After a reset,
  // the start function runs on the budget of the call that caused the reset.
  std::optional<uint64_t> start_fuel;
  // sc-executor's HeapAllocStrategy::Dynamic, the PVF executor's (polkadot-sdk
  // `pvf/common/src/executor_interface.rs` DEFAULT_CONFIG): the memory starts at the module's
  // initial pages and grows, by memory.grow or the host allocator, up to this many pages in all;
  // `heap_pages` is then ignored. Each call starts again from the initial pages. Only the engines
  // on the fast interpreter's code (fast interpreter, baseline JIT) implement it; the others
  // refuse to instantiate (kUnsupportedFeature).
  std::optional<uint32_t> dynamic_max_pages;
};

struct CallOptions {
  // Handed to host functions as HostCallContext::user.
  void* host_context = nullptr;
  // Instruction budget (roughly one unit per instruction; see prepare/instrument.hpp); the call
  // fails with kFuelExhausted when it runs out. Unlimited when absent. Needs a fuel-metered
  // module. Block execution in the reference has no such limit: only set it where a bound on
  // run time matters more than matching the reference (RPC, offchain, tests).
  std::optional<uint64_t> fuel;
  AllocationContext allocation_context = AllocationContext::kOnchain;
  // Outputs longer than this fail with kOutputTooLarge (they are bounded by the memory anyway).
  std::optional<uint32_t> max_output_size;
};

// How an import of the module is served (a copy: instances do not depend on the table).
struct ResolvedImport {
  FunctionImport import;
  std::optional<HostFunction> host;  // none: a stub that fails the call
};

class Instance {
 public:
  virtual ~Instance() = default;
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  // The runtime calling convention: `input` is copied into memory through a fresh freeing-bump
  // allocator, `export_name(ptr: i32, len: i32) -> i64` runs on an instance in its freshly
  // instantiated state, and the i64 is unpacked (low 32 bits pointer, high 32 bits length) into
  // the returned bytes, after checking they lie inside the memory.
  Result<Bytes, ExecutionError> call(std::string_view export_name, ByteSpan input,
                                     const CallOptions& options = {});

  // Calls any exported function with explicit arguments, on the same fresh state and with the
  // same allocator and host context set-up (the allocator starts at __heap_base, or 0 without).
  Result<std::optional<WasmValue>, ExecutionError> invoke(std::string_view export_name,
                                                          std::span<const WasmValue> args,
                                                          const CallOptions& options = {});

  const ModuleInfo& module_info() const { return *info_; }
  // The allocator of the last call, e.g. for its statistics.
  const FreeingBumpAllocator& allocator() const { return allocator_; }

  virtual LinearMemory& memory() = 0;
  // The value of the exported i32 global __heap_base, if there is one.
  virtual std::optional<uint32_t> heap_base() = 0;

 protected:
  Instance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports);

  // Engine primitives. `execute` runs an export whose existence and signature were checked; the
  // engine resets the instrumentation's stack counter, sets the fuel (unlimited when absent) and
  // maps traps to errors. `restore_globals_and_start` runs after the memory was reset to zeros
  // plus data segments: globals back to their initial values, then the start function (exported
  // as prepare::kStartExport), on `fuel`; its failure is kInstantiationFailed.
  virtual Result<std::optional<WasmValue>, ExecutionError> execute(
      std::string_view export_name, std::span<const WasmValue> args,
      std::optional<uint64_t> fuel) = 0;
  virtual Result<void, ExecutionError> restore_globals_and_start(std::optional<uint64_t> fuel) = 0;

  // For the engines' import trampolines: serves import `index` (function import order).
  HostResult call_host(uint32_t index, std::span<const WasmValue> args);

  const std::vector<ResolvedImport>& imports() const { return imports_; }

 private:
  // Checks the export, resets the instance if needed and installs the call's context.
  Result<const FunctionExport*, ExecutionError> begin(std::string_view export_name,
                                                      const CallOptions& options);
  Result<void, ExecutionError> reset_state(std::optional<uint64_t> fuel);

  std::shared_ptr<const ModuleInfo> info_;
  std::vector<ResolvedImport> imports_;
  FreeingBumpAllocator allocator_{0};
  void* user_ = nullptr;
  bool in_call_ = false;
  // Set once code ran: the next call must start from a fresh state first.
  bool dirty_ = false;
};

// Matches the module's function imports against the host table: every import the host lacks and
// every signature mismatch is listed in one error, unless `stub_missing_imports` turns missing
// ones into stubs.
Result<std::vector<ResolvedImport>, ExecutionError> resolve_imports(const ModuleInfo& info,
                                                                    const HostFunctionTable& host,
                                                                    const InstanceConfig& config);

// Pages of the instance's memory: initial + heap pages, or kMemoryTooLarge; kUnsupportedFeature
// for a dynamic heap (engines that implement one use instance_memory_range).
Result<uint32_t, ExecutionError> instance_memory_pages(const ModuleInfo& info,
                                                       const InstanceConfig& config);

// The memory's pages at instantiation and its maximum: both initial + heap pages (static), or
// the module's initial pages and `dynamic_max_pages`.
struct MemoryRange {
  uint32_t initial = 0;
  uint32_t maximum = 0;
};
Result<MemoryRange, ExecutionError> instance_memory_range(const ModuleInfo& info,
                                                          const InstanceConfig& config);

}  // namespace canary::executor
