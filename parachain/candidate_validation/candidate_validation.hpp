// Candidate validation (polkadot-sdk `polkadot/node/core/candidate-validation`,
// `validate_candidate_exhaustive`; parachain-facts §1.13): is this candidate what its PVF says
// about its proof of validity? Everything around the PVF host, sans-IO: the checks before
// execution (session, PoV size and hash, code hash, a V1 collator's signature), the PoV's
// decompression into ValidationParams, and the judgement of the PVF's verdict (head hash,
// commitments hash, UMP signals and core against the claim queue). The PVF runs behind a
// `PvfRunner` (the node's is PvfHost::validate), so the whole is tested with a scripted runner.
//
// Three answers, as polkadot-sdk: Valid (with the commitments and the validation data), Invalid
// (with InvalidCandidate's reason), and an internal error (the Result's error: the validator
// abstains, e.g. a PVF host that failed for reasons of its own).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/primitives/executor_params.hpp"
#include "parachain/pvf/verdict.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// polkadot-node-primitives' InvalidCandidate, the reasons this step produces.
enum class InvalidCandidate : uint8_t {
  kExecutionError,           // the PVF trapped or returned garbage, or its worker died
  kTimeout,                  // over the execution time limit
  kParamsTooLarge,           // the PoV is over the validation data's max_pov_size
  kPoVDecompressionFailure,  // the PoV's block data is a bad or oversized zstd frame
  kPoVHashMismatch,
  kBadSignature,  // a V1 descriptor's collator signature
  kParaHeadHashMismatch,
  kCodeHashMismatch,
  kCommitmentsHashMismatch,
  kInvalidSessionIndex,  // a V2 descriptor's session is not the relay parent's child's
  kInvalidUmpSignals,    // the signals, or the core they select (detail: ReceiptError)
  kPrepareError,         // the PVF failed to prepare, deterministically
};
const char* to_string(InvalidCandidate reason);

// Why the candidate is validated: backing checks the session and the core, and runs under the
// backing time limit; approvals and disputes run under the approval limit and check neither.
enum class ValidationPurpose : uint8_t { kBacking, kApproval, kDispute };

struct CandidateValidationRequest {
  PersistedValidationData validation_data;
  ValidationCode validation_code;  // as stored on chain (possibly compressed)
  CandidateReceipt receipt;
  PoV pov;  // as the collator sent it: the block data possibly compressed
  ExecutorParams executor_params;
  ValidationPurpose purpose = ValidationPurpose::kBacking;
  // Backing only: the session of the relay parent's child, and the claim queue at the relay
  // parent (needed for a V2 candidate; without it the validator cannot judge and abstains).
  SessionIndex expected_session = 0;
  std::optional<ClaimQueue> claim_queue;
};

struct ValidCandidate {
  CandidateCommitments commitments;
  PersistedValidationData validation_data;
};

struct InvalidVerdict {
  InvalidCandidate reason = InvalidCandidate::kExecutionError;
  std::string detail;  // the PVF's error, the size, the receipt error
};

using CandidateVerdict = std::variant<ValidCandidate, InvalidVerdict>;

// Runs `validate_block` of the code on SCALE ValidationParams (PvfHost::validate).
using PvfRunner =
    std::function<pvf::PvfVerdict(const ValidationCode& code, ByteSpan params,
                                  const ExecutorParams& executor_params, PvfExecKind kind)>;

// The checks before execution and the PVF's input: SCALE ValidationParams with the PoV's block
// data decompressed, or why the candidate is invalid without running it.
Result<Bytes, InvalidVerdict> prepare_validation(const CandidateValidationRequest& request);

// The candidate's verdict given what its PVF answered; the error: an internal one.
Result<CandidateVerdict, std::string> judge_execution(const CandidateValidationRequest& request,
                                                      const pvf::PvfVerdict& pvf_verdict);

// Both, with the PVF run by `runner` in between.
Result<CandidateVerdict, std::string> validate_candidate(const CandidateValidationRequest& request,
                                                         const PvfRunner& runner);

}  // namespace canary::parachain
