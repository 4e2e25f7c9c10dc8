#include "parachain/candidate_validation/candidate_validation.hpp"

#include <utility>

#include "executor/runtime_blob.hpp"
#include "parachain/primitives/validation_params.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain {

namespace {

InvalidVerdict invalid(InvalidCandidate reason, std::string detail = {}) {
  return InvalidVerdict{reason, std::move(detail)};
}

bool backing(ValidationPurpose purpose) {
  return purpose == ValidationPurpose::kBacking;
}

// polkadot-sdk's perform_basic_checks, on the PoV as the collator sent it.
std::optional<InvalidVerdict> basic_checks(const CandidateValidationRequest& request) {
  const CandidateDescriptor& descriptor = request.receipt.descriptor;
  const size_t pov_size = scale::encoded_size(request.pov);
  if (pov_size > request.validation_data.max_pov_size) {
    return invalid(InvalidCandidate::kParamsTooLarge,
                   std::to_string(pov_size) + " bytes, at most " +
                       std::to_string(request.validation_data.max_pov_size));
  }
  if (pov_hash(request.pov) != descriptor.pov_hash)
    return invalid(InvalidCandidate::kPoVHashMismatch);
  if (validation_code_hash(request.validation_code) != descriptor.validation_code_hash) {
    return invalid(InvalidCandidate::kCodeHashMismatch);
  }
  if (descriptor.version() == DescriptorVersion::kV1 &&
      !crypto::sr25519::verify(descriptor.v1_signature(), descriptor.v1_collator_payload(),
                               descriptor.v1_collator())) {
    return invalid(InvalidCandidate::kBadSignature);
  }
  return std::nullopt;
}

// How the PVF host's "invalid" maps to InvalidCandidate (validate_candidate_exhaustive's match).
InvalidVerdict invalid_of(const pvf::PvfVerdict& verdict) {
  switch (verdict.reason) {
    case pvf::InvalidReason::kHardTimeout:
      return invalid(InvalidCandidate::kTimeout, verdict.message);
    case pvf::InvalidReason::kAmbiguousWorkerDeath:
      return invalid(InvalidCandidate::kExecutionError,
                     "ambiguous worker death: " + verdict.message);
    case pvf::InvalidReason::kPrepareError:
      return invalid(InvalidCandidate::kPrepareError, verdict.message);
    case pvf::InvalidReason::kWorkerReportedInvalid:
    case pvf::InvalidReason::kNone:
      break;
  }
  return invalid(InvalidCandidate::kExecutionError, verdict.message);
}

}  // namespace

const char* to_string(InvalidCandidate reason) {
  switch (reason) {
    case InvalidCandidate::kExecutionError:
      return "ExecutionError";
    case InvalidCandidate::kTimeout:
      return "Timeout";
    case InvalidCandidate::kParamsTooLarge:
      return "ParamsTooLarge";
    case InvalidCandidate::kPoVDecompressionFailure:
      return "PoVDecompressionFailure";
    case InvalidCandidate::kPoVHashMismatch:
      return "PoVHashMismatch";
    case InvalidCandidate::kBadSignature:
      return "BadSignature";
    case InvalidCandidate::kParaHeadHashMismatch:
      return "ParaHeadHashMismatch";
    case InvalidCandidate::kCodeHashMismatch:
      return "CodeHashMismatch";
    case InvalidCandidate::kCommitmentsHashMismatch:
      return "CommitmentsHashMismatch";
    case InvalidCandidate::kInvalidSessionIndex:
      return "InvalidSessionIndex";
    case InvalidCandidate::kInvalidUmpSignals:
      return "InvalidUMPSignals";
    case InvalidCandidate::kPrepareError:
      return "PrepareError";
  }
  return "unknown";
}

Result<Bytes, InvalidVerdict> prepare_validation(const CandidateValidationRequest& request) {
  // Only backing checks the session (approvals and disputes may come from another session).
  const auto session = request.receipt.descriptor.session_index();
  if (backing(request.purpose) && session && *session != request.expected_session) {
    return unexpected(invalid(InvalidCandidate::kInvalidSessionIndex,
                              "session " + std::to_string(*session) + ", expected " +
                                  std::to_string(request.expected_session)));
  }
  if (auto failed = basic_checks(request)) return unexpected(std::move(*failed));
  auto block_data = executor::uncompress_code(request.pov.block_data.data, kPovBombLimit);
  if (!block_data) {
    return unexpected(invalid(InvalidCandidate::kPoVDecompressionFailure,
                              executor::to_string(block_data.error())));
  }
  const ValidationParams params{
      .parent_head = request.validation_data.parent_head,
      .block_data = BlockData{std::move(*block_data)},
      .relay_parent_number = request.validation_data.relay_parent_number,
      .relay_parent_storage_root = request.validation_data.relay_parent_storage_root,
  };
  return scale::encode(params);
}

Result<CandidateVerdict, std::string> judge_execution(const CandidateValidationRequest& request,
                                                      const pvf::PvfVerdict& pvf_verdict) {
  switch (pvf_verdict.kind) {
    case pvf::VerdictKind::kInternalError:
      return unexpected("the PVF host failed: " + pvf_verdict.message);
    case pvf::VerdictKind::kInvalid:
      return CandidateVerdict{invalid_of(pvf_verdict)};
    case pvf::VerdictKind::kValid:
      break;
  }
  if (!pvf_verdict.result)
    return unexpected(std::string("the PVF host's valid verdict has no result"));
  const ValidationResult& result = *pvf_verdict.result;
  const CandidateReceipt& receipt = request.receipt;
  if (head_data_hash(result.head_data) != receipt.descriptor.para_head) {
    return CandidateVerdict{invalid(InvalidCandidate::kParaHeadHashMismatch)};
  }
  const CommittedCandidateReceipt committed{receipt.descriptor, commitments_of(result)};
  if (commitments_hash(committed.commitments) != receipt.commitments_hash) {
    return CandidateVerdict{invalid(InvalidCandidate::kCommitmentsHashMismatch)};
  }
  if (backing(request.purpose)) {
    // A V1 candidate needs no claim queue (it must only carry no signal); a V2 one does.
    TransposedClaimQueue cores;
    if (receipt.descriptor.version() != DescriptorVersion::kV1) {
      if (!request.claim_queue) {
        return unexpected(
            std::string("cannot judge a V2 candidate's core without the claim queue"));
      }
      cores = transpose_claim_queue(*request.claim_queue);
    }
    if (auto signals = parse_ump_signals(committed, cores); !signals) {
      return CandidateVerdict{
          invalid(InvalidCandidate::kInvalidUmpSignals, to_string(signals.error()))};
    }
  }
  return CandidateVerdict{ValidCandidate{committed.commitments, request.validation_data}};
}

Result<CandidateVerdict, std::string> validate_candidate(const CandidateValidationRequest& request,
                                                         const PvfRunner& runner) {
  auto params = prepare_validation(request);
  if (!params) return CandidateVerdict{params.error()};
  const PvfExecKind kind =
      backing(request.purpose) ? PvfExecKind::kBacking : PvfExecKind::kApproval;
  return judge_execution(request,
                         runner(request.validation_code, *params, request.executor_params, kind));
}

}  // namespace canary::parachain
