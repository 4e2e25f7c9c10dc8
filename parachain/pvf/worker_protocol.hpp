// What the PVF host and its workers (`canary pvf-worker`) say to each other over their socket:
// SCALE messages, each framed by a u32 little-endian length (Kagome's PVF worker frames its
// SCALE input the same way; polkadot-sdk's `framed_send`/`framed_recv` use a usize length).
// Workers are untrusted once they run a PVF, so the host decodes their answers as hostile input
// (fuzz/fuzz_pvf_protocol.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/executor_params.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::pvf {

// The largest frame either side accepts: a request carries the code (at most the bomb limit) or
// the params (a PoV within polkadot-sdk's POV_BOMB_LIMIT, 40 MiB, plus the parent head).
inline constexpr uint32_t kMaxFrameSize = 64u * 1024 * 1024;

// Prepare `code` (maybe compressed) and write the artifact to `artifact_path` (inside the
// worker's directory; the host moves it into place after checking it).
struct PrepareRequest {
  static constexpr uint8_t kScaleIndex = 0;
  ValidationCode code;
  ExecutorParams executor_params;
  std::string artifact_path;
  CANARY_SCALE_FIELDS(code, executor_params, artifact_path)
};

// Run `validate_block` of the artifact at `artifact_path` on SCALE(ValidationParams).
struct ExecuteRequest {
  static constexpr uint8_t kScaleIndex = 1;
  std::string artifact_path;
  Hash256 code_hash{};
  ExecutorParams executor_params;
  Bytes params;
  CANARY_SCALE_FIELDS(artifact_path, code_hash, executor_params, params)
};

using WorkerRequest = std::variant<PrepareRequest, ExecuteRequest>;

// Sent once by a worker that has started: what its sandbox could enable.
struct WorkerReady {
  static constexpr uint8_t kScaleIndex = 0;
  std::string sandbox;
  CANARY_SCALE_FIELDS(sandbox)
};
struct Prepared {
  static constexpr uint8_t kScaleIndex = 1;
  uint64_t artifact_size = 0;
  uint64_t compile_micros = 0;
  CANARY_SCALE_FIELDS(artifact_size, compile_micros)
};
struct PrepareFailed {
  static constexpr uint8_t kScaleIndex = 2;
  uint8_t kind = 0;  // PrepareErrorKind
  std::string message;
  CANARY_SCALE_FIELDS(kind, message)
};
// validate_block returned these bytes (not yet decoded: the host decodes them).
struct Executed {
  static constexpr uint8_t kScaleIndex = 3;
  Bytes output;
  CANARY_SCALE_FIELDS(output)
};
// validate_block trapped or failed: the candidate is invalid.
struct ExecuteInvalid {
  static constexpr uint8_t kScaleIndex = 4;
  std::string message;
  CANARY_SCALE_FIELDS(message)
};
// The artifact could not be read or failed its checks: the host prepares it again.
struct ArtifactCorrupt {
  static constexpr uint8_t kScaleIndex = 5;
  std::string message;
  CANARY_SCALE_FIELDS(message)
};
// The worker could not do the job for a reason that says nothing about the candidate.
struct WorkerInternalError {
  static constexpr uint8_t kScaleIndex = 6;
  std::string message;
  CANARY_SCALE_FIELDS(message)
};

using WorkerResponse = std::variant<WorkerReady, Prepared, PrepareFailed, Executed, ExecuteInvalid,
                                    ArtifactCorrupt, WorkerInternalError>;

// length (u32 LE) ‖ payload.
Bytes frame(ByteSpan payload);

// Sans-IO reader of frames: fed bytes as they arrive, yields whole payloads. A length above
// kMaxFrameSize poisons it (the peer is broken or hostile).
class FrameReader {
 public:
  void feed(ByteSpan bytes);
  // The next whole payload, if one has arrived.
  std::optional<Bytes> next();
  bool failed() const { return failed_; }

 private:
  Bytes buffer_;
  size_t consumed_ = 0;
  bool failed_ = false;
};

Result<WorkerRequest, scale::DecodeError> decode_request(ByteSpan payload);
Result<WorkerResponse, scale::DecodeError> decode_response(ByteSpan payload);

}  // namespace canary::parachain::pvf
