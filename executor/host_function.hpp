// Host functions: what a runtime imports from "env". One table serves both engines, so a host
// function is plain data plus a C-style callback that only sees engine-independent things: the
// instance's memory, the allocator of the current call and the caller's context pointer.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "executor/allocator/freeing_bump.hpp"
#include "executor/execution_error.hpp"
#include "executor/linear_memory.hpp"
#include "executor/wasm_value.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

struct HostCallContext {
  LinearMemory& memory;
  // Fresh for every runtime call, shared with the calling convention (the input lives in it).
  FreeingBumpAllocator& allocator;
  // CallOptions::host_context of the running call: storage overlay, keystore, ...
  void* user;
};

// The result value (none for functions without a result), or an error, which traps the runtime
// and becomes the error of the call.
using HostResult = Result<std::optional<WasmValue>, ExecutionError>;

// `args` match the signature the function was registered with; engines check that.
using HostCallback = HostResult (*)(HostCallContext& context, std::span<const WasmValue> args);

struct HostFunction {
  std::string module = "env";
  std::string name;
  Signature signature;
  HostCallback callback = nullptr;
};

class HostFunctionTable {
 public:
  // False (and nothing added) if the table already has a function with this module and name.
  bool add(HostFunction function);
  const HostFunction* find(std::string_view module, std::string_view name) const;
  const std::vector<HostFunction>& functions() const { return functions_; }

 private:
  static std::string key(std::string_view module, std::string_view name);

  std::vector<HostFunction> functions_;
  std::unordered_map<std::string, size_t> index_;
};

// Shorthands for host-function results.
inline HostResult host_void() {
  return std::optional<WasmValue>{};
}
inline HostResult host_value(WasmValue value) {
  return std::optional<WasmValue>{value};
}
inline HostResult host_error(std::string message) {
  return unexpected(ExecutionError::make(ExecutionErrorKind::kHostError, std::move(message)));
}

}  // namespace canary::executor
