#include "executor/execution_error.hpp"

namespace canary::executor {

std::string_view to_string(ExecutionErrorKind kind) {
  switch (kind) {
    case ExecutionErrorKind::kInvalidModule:
      return "invalid module";
    case ExecutionErrorKind::kUnsupportedFeature:
      return "unsupported feature";
    case ExecutionErrorKind::kMissingImport:
      return "import not provided";
    case ExecutionErrorKind::kImportSignatureMismatch:
      return "import signature mismatch";
    case ExecutionErrorKind::kMemoryTooLarge:
      return "memory too large";
    case ExecutionErrorKind::kInstantiationFailed:
      return "instantiation failed";
    case ExecutionErrorKind::kMissingExport:
      return "missing export";
    case ExecutionErrorKind::kExportSignatureMismatch:
      return "export signature mismatch";
    case ExecutionErrorKind::kMissingHeapBase:
      return "missing __heap_base";
    case ExecutionErrorKind::kReentrantCall:
      return "re-entrant call";
    case ExecutionErrorKind::kUnreachable:
      return "unreachable executed";
    case ExecutionErrorKind::kMemoryOutOfBounds:
      return "out of bounds memory access";
    case ExecutionErrorKind::kIntegerDivideByZero:
      return "integer divide by zero";
    case ExecutionErrorKind::kIntegerOverflow:
      return "integer overflow";
    case ExecutionErrorKind::kInvalidConversion:
      return "invalid conversion to integer";
    case ExecutionErrorKind::kIndirectCallMismatch:
      return "bad indirect call";
    case ExecutionErrorKind::kStackExhausted:
      return "stack exhausted";
    case ExecutionErrorKind::kFuelExhausted:
      return "fuel exhausted";
    case ExecutionErrorKind::kTrap:
      return "trap";
    case ExecutionErrorKind::kAllocator:
      return "allocator error";
    case ExecutionErrorKind::kHostError:
      return "host function error";
    case ExecutionErrorKind::kOutputOutOfBounds:
      return "output out of bounds";
    case ExecutionErrorKind::kOutputTooLarge:
      return "output too large";
    case ExecutionErrorKind::kInternal:
      return "internal error";
  }
  return "unknown error";
}

std::string ExecutionError::describe() const {
  std::string out(to_string(kind));
  if (!message.empty() && message != out) {
    out += ": ";
    out += message;
  }
  return out;
}

}  // namespace canary::executor
