// A runtime blob made ready for execution, independently of the engine: validated against the
// accepted feature set, instrumented (deterministic stack limit, optional fuel, host-owned
// memory; see prepare/instrument.hpp) and described by what engines and the calling convention
// need to know. Engines compile `code`; the ahead-of-time engine compiles exactly these bytes, so
// both engines trap at the same stack depth and fuel.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executor/execution_error.hpp"
#include "executor/wasm_value.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

// Polkadot's PVF executor uses this logical limit (sc-executor DeterministicStackLimit).
inline constexpr uint32_t kDefaultStackLimit = 65536;

struct PrepareConfig {
  // In wasm-instrument's units: declared locals + maximal operand stack height of each frame.
  uint32_t stack_limit = kDefaultStackLimit;
  // Instruments an instruction budget (CallOptions::fuel). Without it a call cannot be bounded.
  bool meter_fuel = true;
};

struct FunctionImport {
  std::string module;
  std::string name;
  Signature signature;
};

struct FunctionExport {
  std::string name;
  Signature signature;
};

struct DataSegmentInit {
  uint32_t offset = 0;
  Bytes bytes;
};

struct GlobalInit {
  ValueType type = ValueType::kI32;
  uint64_t bits = 0;
};

struct ModuleInfo {
  std::vector<FunctionImport> function_imports;  // in function index order
  std::vector<FunctionExport> function_exports;  // as the original module exports them
  bool exports_heap_base = false;                // an i32 global named __heap_base
  uint32_t memory_initial_pages = 0;
  // What a fresh instance holds before its start function runs; engines restore it between
  // calls (memory: zeros plus these segments).
  std::vector<DataSegmentInit> data_segments;
  std::vector<GlobalInit> globals;  // the module's own globals, not the instrumentation's
  bool has_start_function = false;
  uint32_t stack_limit = kDefaultStackLimit;
  bool fuel_metered = false;

  const FunctionExport* find_export(std::string_view name) const;
};

struct PreparedModule {
  Bytes code;  // the instrumented module
  ModuleInfo info;
};

// Validates, checks the executor's limits (those wasmtime applies too: at most 1000 parameters,
// 50000 parameters + locals per function), and instruments. `wasm` is uncompressed code.
Result<PreparedModule, ExecutionError> prepare_module(ByteSpan wasm,
                                                      const PrepareConfig& config = {});

}  // namespace canary::executor
