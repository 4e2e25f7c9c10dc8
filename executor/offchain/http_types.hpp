// The HTTP types of the offchain worker API and their SCALE shapes (sp-core offchain/mod.rs):
// `HttpError` carries explicit discriminants, which are its SCALE indices (DeadlineReached = 1,
// IoError = 2, Invalid = 3); `HttpRequestStatus` does not, so its variants encode by position
// (DeadlineReached = 0, IoError = 1, Invalid = 2, Finished(u16) = 3).
#pragma once

#include <cstdint>

namespace canary::executor::offchain {

using HttpRequestId = uint16_t;
// Unix time in milliseconds (sp-core offchain `Timestamp`).
using Timestamp = uint64_t;

enum class HttpError : uint8_t { kDeadlineReached = 1, kIoError = 2, kInvalid = 3 };

struct HttpRequestStatus {
  enum class Kind : uint8_t { kDeadlineReached = 0, kIoError = 1, kInvalid = 2, kFinished = 3 };
  Kind kind = Kind::kInvalid;
  uint16_t code = 0;  // the HTTP status, for kFinished

  static HttpRequestStatus invalid() { return {Kind::kInvalid, 0}; }
};

}  // namespace canary::executor::offchain
