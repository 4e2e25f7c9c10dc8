#include "parachain/pvf/verdict.hpp"

#include <utility>
#include <variant>

namespace canary::parachain::pvf {

namespace {

PrepareErrorKind prepare_error_kind(uint8_t raw) {
  if (raw > static_cast<uint8_t>(PrepareErrorKind::kWorkerDied)) {
    return PrepareErrorKind::kWorkerDied;
  }
  return static_cast<PrepareErrorKind>(raw);
}

}  // namespace

const char* to_string(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kValid:
      return "valid";
    case VerdictKind::kInvalid:
      return "invalid";
    case VerdictKind::kInternalError:
      return "internal error";
  }
  return "unknown";
}

const char* to_string(InvalidReason reason) {
  switch (reason) {
    case InvalidReason::kNone:
      return "none";
    case InvalidReason::kWorkerReportedInvalid:
      return "WorkerReportedInvalid";
    case InvalidReason::kHardTimeout:
      return "HardTimeout";
    case InvalidReason::kAmbiguousWorkerDeath:
      return "AmbiguousWorkerDeath";
    case InvalidReason::kPrepareError:
      return "PrepareError";
  }
  return "unknown";
}

PvfVerdict PvfVerdict::valid(Bytes output, ValidationResult result) {
  PvfVerdict verdict;
  verdict.kind = VerdictKind::kValid;
  verdict.output = std::move(output);
  verdict.result = std::move(result);
  return verdict;
}

PvfVerdict PvfVerdict::invalid(InvalidReason reason, std::string message) {
  PvfVerdict verdict;
  verdict.kind = VerdictKind::kInvalid;
  verdict.reason = reason;
  verdict.message = std::move(message);
  return verdict;
}

PvfVerdict PvfVerdict::internal_error(std::string message) {
  PvfVerdict verdict;
  verdict.kind = VerdictKind::kInternalError;
  verdict.message = std::move(message);
  return verdict;
}

ExecutionOutcome classify_execution(Result<WorkerResponse, JobFailure> outcome) {
  ExecutionOutcome out;
  if (!outcome) {
    out.drop_worker = true;
    switch (outcome.error().kind) {
      case JobFailureKind::kHardTimeout:
        out.verdict = PvfVerdict::invalid(InvalidReason::kHardTimeout, outcome.error().detail);
        break;
      case JobFailureKind::kDied:
        out.verdict =
            PvfVerdict::invalid(InvalidReason::kAmbiguousWorkerDeath, outcome.error().detail);
        break;
      case JobFailureKind::kProtocol:
        out.verdict = PvfVerdict::internal_error(outcome.error().detail);
        break;
      case JobFailureKind::kGone:
        out.retry = true;
        out.verdict = PvfVerdict::internal_error("the worker had ended: " + outcome.error().detail);
        break;
    }
    return out;
  }
  WorkerResponse& response = *outcome;
  if (auto* executed = std::get_if<Executed>(&response)) {
    // polkadot-sdk decodes in the worker and reports a bad output as WorkerReportedInvalid.
    auto result = scale::decode<ValidationResult>(executed->output, kMaxFrameSize);
    if (!result) {
      out.verdict = PvfVerdict::invalid(InvalidReason::kWorkerReportedInvalid,
                                        "validation result decoding failed");
    } else {
      out.verdict = PvfVerdict::valid(std::move(executed->output), std::move(*result));
    }
  } else if (auto* invalid = std::get_if<ExecuteInvalid>(&response)) {
    out.verdict =
        PvfVerdict::invalid(InvalidReason::kWorkerReportedInvalid, std::move(invalid->message));
  } else if (auto* corrupt = std::get_if<ArtifactCorrupt>(&response)) {
    out.artifact_corrupt = true;
    out.verdict = PvfVerdict::internal_error(std::move(corrupt->message));
  } else if (auto* internal = std::get_if<WorkerInternalError>(&response)) {
    out.verdict = PvfVerdict::internal_error(std::move(internal->message));
  } else {
    out.drop_worker = true;
    out.verdict = PvfVerdict::internal_error("unexpected answer to an execute job");
  }
  return out;
}

PreparationOutcome classify_preparation(const Result<WorkerResponse, JobFailure>& outcome) {
  PreparationOutcome out;
  if (!outcome) {
    out.drop_worker = true;
    out.error = PrepareError{outcome.error().kind == JobFailureKind::kHardTimeout
                                 ? PrepareErrorKind::kTimedOut
                                 : PrepareErrorKind::kWorkerDied,
                             outcome.error().detail};
  } else if (const auto* failed = std::get_if<PrepareFailed>(&*outcome)) {
    out.error = PrepareError{prepare_error_kind(failed->kind), failed->message};
  } else if (!std::holds_alternative<Prepared>(*outcome)) {
    out.drop_worker = true;
    out.error = PrepareError{PrepareErrorKind::kWorkerDied, "unexpected answer to a prepare job"};
  }
  return out;
}

PvfVerdict verdict_of_prepare_error(const PrepareError& error) {
  std::string message = std::string(to_string(error.kind)) + ": " + error.message;
  if (is_deterministic(error.kind)) {
    return PvfVerdict::invalid(InvalidReason::kPrepareError, std::move(message));
  }
  return PvfVerdict::internal_error(std::move(message));
}

}  // namespace canary::parachain::pvf
