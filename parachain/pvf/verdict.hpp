// The verdicts of the PVF host and how a job's outcome becomes one (polkadot-sdk
// `polkadot/node/core/pvf/src/error.rs` ValidationError / InvalidCandidate, and
// `node/core/candidate-validation`): pure functions over what a worker answered, or how its job
// failed, so that the classification is tested without processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "parachain/primitives/validation_result.hpp"
#include "parachain/pvf/pvf_executor.hpp"
#include "parachain/pvf/worker_process.hpp"
#include "parachain/pvf/worker_protocol.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::pvf {

enum class VerdictKind : uint8_t { kValid, kInvalid, kInternalError };

// polkadot-sdk's InvalidCandidate reasons the PVF host produces (`pvf/src/error.rs`,
// `node/core/candidate-validation`).
enum class InvalidReason : uint8_t {
  kNone,
  kWorkerReportedInvalid,  // the PVF trapped, or its output is not a ValidationResult
  kHardTimeout,            // over the execution time limit
  kAmbiguousWorkerDeath,   // the worker died while executing (OOM killer, seccomp, crash)
  kPrepareError,           // the PVF failed to prepare, deterministically
};
const char* to_string(VerdictKind kind);
const char* to_string(InvalidReason reason);

struct PvfVerdict {
  VerdictKind kind = VerdictKind::kInternalError;
  InvalidReason reason = InvalidReason::kNone;
  std::string message;
  Bytes output;                            // valid: the raw ValidationResult bytes
  std::optional<ValidationResult> result;  // valid: decoded

  static PvfVerdict valid(Bytes output, ValidationResult result);
  static PvfVerdict invalid(InvalidReason reason, std::string message);
  static PvfVerdict internal_error(std::string message);
};

// What an execute job's outcome means.
struct ExecutionOutcome {
  PvfVerdict verdict;
  bool artifact_corrupt = false;  // remove the artifact, prepare it again
  bool drop_worker = false;       // the worker is dead or not to be trusted: spawn another
  bool retry = false;             // the job never ran (the worker had ended): run it again
};
ExecutionOutcome classify_execution(Result<WorkerResponse, JobFailure> outcome);

// What a prepare job's outcome means: the error (none: the worker says it wrote the artifact,
// which the host still checks) and whether to drop the worker.
struct PreparationOutcome {
  std::optional<PrepareError> error;
  bool drop_worker = false;
};
PreparationOutcome classify_preparation(const Result<WorkerResponse, JobFailure>& outcome);

// How the host reports a preparation error in a candidate's verdict: Invalid(PrepareError) when
// deterministic, else InternalError.
PvfVerdict verdict_of_prepare_error(const PrepareError& error);

}  // namespace canary::parachain::pvf
