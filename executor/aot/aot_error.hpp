// Why the ahead-of-time engine could not produce a module. Callers keep running the runtime on the
// interpreter in every case; the kinds exist for logs, metrics and tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "executor/execution_error.hpp"

namespace canary::executor::aot {

enum class AotErrorKind : uint8_t {
  kToolMissing,             // wasm2c or the C compiler is not installed
  kTimeout,                 // the worker passed its wall-clock or CPU time limit and was killed
  kOutOfMemory,             // a tool ran out of memory under the worker's limit
  kToolFailed,              // wasm2c or the compiler failed (the message ends with its stderr)
  kWorkerFailed,            // the worker process could not be started or crashed
  kCancelled,               // the caller stopped the compilation
  kCache,                   // the cache directory is unusable
  kLoadFailed,              // dlopen or the module table was refused
  kUnexpectedWasm2cOutput,  // wasm2c's C is not shaped as 1.0.32 writes it
  kInternal,
};

std::string_view to_string(AotErrorKind kind);

struct AotError {
  AotErrorKind kind = AotErrorKind::kInternal;
  std::string message;

  static AotError make(AotErrorKind kind, std::string message) {
    return {kind, std::move(message)};
  }
  std::string describe() const;
  // For the Engine interface: kInternal, with the description.
  ExecutionError to_execution_error() const;
};

}  // namespace canary::executor::aot
