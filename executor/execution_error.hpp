// What can go wrong between a Wasm blob and the bytes a runtime call returns. Consensus only
// depends on success versus failure; the kinds exist for callers (RPC errors, metrics, tests) and
// must nonetheless be the same on every engine for the same blob and call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace canary::executor {

enum class ExecutionErrorKind : uint8_t {
  // Loading and instantiation.
  kInvalidModule,            // not Wasm, malformed, fails validation, or breaks an executor limit
  kUnsupportedFeature,       // valid Wasm that uses a proposal the executor does not accept
  kMissingImport,            // the host provides no such function (or no tables/globals at all)
  kImportSignatureMismatch,  // the host function has a different signature
  kMemoryTooLarge,           // initial pages + heap pages exceed the configured maximum
  kInstantiationFailed,      // a data segment does not fit, or the start function trapped

  // Calling.
  kMissingExport,            // no exported function of that name
  kExportSignatureMismatch,  // an entry point that is not (i32, i32) -> i64, or wrong arguments
  kMissingHeapBase,          // no exported i32 global __heap_base
  kReentrantCall,            // a host function called back into the same instance

  // Traps.
  kUnreachable,
  kMemoryOutOfBounds,
  kIntegerDivideByZero,
  kIntegerOverflow,
  kInvalidConversion,     // float to integer out of range or NaN
  kIndirectCallMismatch,  // call_indirect to a null slot, out of the table, or wrong type
  kStackExhausted,        // the deterministic stack limit was reached
  kFuelExhausted,         // the instruction budget of the call ran out
  kTrap,                  // any other trap reported by an engine

  // The calling convention and the host.
  kAllocator,          // the freeing-bump allocator failed (the message says how)
  kHostError,          // a host function failed
  kOutputOutOfBounds,  // the returned pointer/length lies outside the memory
  kOutputTooLarge,     // the returned length exceeds the caller's limit

  kInternal,  // a bug in the executor
};

std::string_view to_string(ExecutionErrorKind kind);

struct ExecutionError {
  ExecutionErrorKind kind = ExecutionErrorKind::kInternal;
  std::string message;

  static ExecutionError make(ExecutionErrorKind kind, std::string message) {
    return {kind, std::move(message)};
  }
  // "kind: message", for logs.
  std::string describe() const;
};

}  // namespace canary::executor
