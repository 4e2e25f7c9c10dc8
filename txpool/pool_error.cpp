#include "txpool/pool_error.hpp"

namespace canary::txpool {

const char* to_string(PoolErrorKind kind) {
  switch (kind) {
    case PoolErrorKind::kInvalidTransaction:
      return "InvalidTransaction";
    case PoolErrorKind::kUnknownTransaction:
      return "UnknownTransaction";
    case PoolErrorKind::kTemporarilyBanned:
      return "TemporarilyBanned";
    case PoolErrorKind::kAlreadyImported:
      return "AlreadyImported";
    case PoolErrorKind::kTooLowPriority:
      return "TooLowPriority";
    case PoolErrorKind::kCycleDetected:
      return "CycleDetected";
    case PoolErrorKind::kImmediatelyDropped:
      return "ImmediatelyDropped";
    case PoolErrorKind::kNoTagsProvided:
      return "NoTagsProvided";
    case PoolErrorKind::kUnactionable:
      return "Unactionable";
  }
  return "Unknown pool error";
}

std::string to_string(const PoolError& error) {
  std::string out = to_string(error.kind);
  switch (error.kind) {
    case PoolErrorKind::kInvalidTransaction:
    case PoolErrorKind::kUnknownTransaction:
      out += "(" + runtime::to_string(error.validity) + ")";
      break;
    case PoolErrorKind::kTooLowPriority:
      out += "(old " + std::to_string(error.old_priority) + ", new " +
             std::to_string(error.new_priority) + ")";
      break;
    default:
      break;
  }
  return out;
}

}  // namespace canary::txpool
