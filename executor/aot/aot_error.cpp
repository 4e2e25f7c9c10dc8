#include "executor/aot/aot_error.hpp"

namespace canary::executor::aot {

std::string_view to_string(AotErrorKind kind) {
  switch (kind) {
    case AotErrorKind::kToolMissing:
      return "tool missing";
    case AotErrorKind::kTimeout:
      return "timeout";
    case AotErrorKind::kOutOfMemory:
      return "out of memory";
    case AotErrorKind::kToolFailed:
      return "tool failed";
    case AotErrorKind::kWorkerFailed:
      return "worker failed";
    case AotErrorKind::kCancelled:
      return "cancelled";
    case AotErrorKind::kCache:
      return "cache";
    case AotErrorKind::kLoadFailed:
      return "load failed";
    case AotErrorKind::kUnexpectedWasm2cOutput:
      return "unexpected wasm2c output";
    case AotErrorKind::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string AotError::describe() const {
  return "aot " + std::string(to_string(kind)) + ": " + message;
}

ExecutionError AotError::to_execution_error() const {
  return ExecutionError::make(ExecutionErrorKind::kInternal, describe());
}

}  // namespace canary::executor::aot
