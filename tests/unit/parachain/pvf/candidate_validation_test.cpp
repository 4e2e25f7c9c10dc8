// Candidate validation (parachain/candidate_validation): polkadot-sdk's
// validate_candidate_exhaustive cases (candidate-validation/src/tests.rs) with a scripted PVF
// runner — each check before execution, the decompression of the PoV, the mapping of the PVF host's
// verdicts, the head and commitments hashes, the session and the core for backing only — and then
// end to end: the adder candidate of the fixture's known answer validated by the PVF host's worker
// processes.
#include "parachain/candidate_validation/candidate_validation.hpp"

#include <gtest/gtest.h>
#include <zstd.h>

#include "executor/runtime_blob.hpp"
#include "parachain/primitives/validation_params.hpp"
#include "parachain/pvf/pvf_host.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "tests/unit/parachain/pvf/pvf_host_fixture.hpp"
#include "tests/unit/parachain/pvf/pvf_test_support.hpp"

namespace canary::parachain {
namespace {

using pvf::PvfVerdict;

// The adder's known answer as a candidate (fixture README): parent = genesis head, block (state 0,
// add 512), relay parent 1 with a zero storage root; its result head and hrmp_watermark 1.
struct AdderCandidate {
  CandidateValidationRequest request;
  ValidationResult result;
};

AdderCandidate adder_candidate() {
  const auto params = scale::decode<ValidationParams>(pvf::testing::adder_params()).value();
  const auto result =
      scale::decode<ValidationResult>(from_hex(pvf::testing::kAdderResult).value()).value();
  CandidateValidationRequest request;
  request.validation_data = PersistedValidationData{params.parent_head, params.relay_parent_number,
                                                    params.relay_parent_storage_root, kMaxPovSize};
  request.validation_code = ValidationCode{pvf::testing::adder_code()};
  request.pov = PoV{params.block_data};
  CandidateDescriptor& d = request.receipt.descriptor;
  d.para_id = 100;
  d.core_index_v2 = 1;
  d.session_index_v2 = 4;
  d.persisted_validation_data_hash = persisted_validation_data_hash(request.validation_data);
  d.pov_hash = pov_hash(request.pov);
  d.para_head = head_data_hash(result.head_data);
  d.validation_code_hash = validation_code_hash(request.validation_code);
  request.receipt.commitments_hash = commitments_hash(commitments_of(result));
  request.expected_session = 4;
  request.claim_queue = ClaimQueue{{0, {200}}, {1, {100}}};
  return {request, result};
}

// A runner that answers `verdict` and records what it was given.
struct ScriptedRunner {
  PvfVerdict verdict;
  int calls = 0;
  Bytes params;
  PvfExecKind kind = PvfExecKind::kBacking;

  PvfRunner runner() {
    return [this](const ValidationCode&, ByteSpan p, const ExecutorParams&, PvfExecKind k) {
      ++calls;
      params.assign(p.begin(), p.end());
      kind = k;
      return verdict;
    };
  }
};

PvfVerdict valid_verdict(const ValidationResult& result) {
  return PvfVerdict::valid(scale::encode(result), result);
}

InvalidVerdict invalid_of(const Result<CandidateVerdict, std::string>& outcome) {
  EXPECT_TRUE(outcome.has_value()) << (outcome ? "" : outcome.error());
  if (!outcome) return {};
  const auto* invalid = std::get_if<InvalidVerdict>(&*outcome);
  EXPECT_NE(invalid, nullptr) << "the candidate is valid";
  return invalid != nullptr ? *invalid : InvalidVerdict{};
}

TEST(CandidateValidation, AValidCandidateGivesItsCommitmentsAndValidationData) {
  const AdderCandidate adder = adder_candidate();
  ScriptedRunner pvf{valid_verdict(adder.result)};
  const auto outcome = validate_candidate(adder.request, pvf.runner());
  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  const auto* valid = std::get_if<ValidCandidate>(&*outcome);
  ASSERT_NE(valid, nullptr) << to_string(std::get<InvalidVerdict>(*outcome).reason);
  EXPECT_EQ(valid->commitments, commitments_of(adder.result));
  EXPECT_EQ(valid->validation_data, adder.request.validation_data);
  // The PVF got the fixture's ValidationParams, under the backing limit.
  EXPECT_EQ(pvf.params, pvf::testing::adder_params());
  EXPECT_EQ(pvf.kind, PvfExecKind::kBacking);
}

TEST(CandidateValidation, ACompressedPovIsDecompressedForThePvf) {
  AdderCandidate adder = adder_candidate();
  const Bytes& raw = adder.request.pov.block_data.data;
  Bytes compressed(ZSTD_compressBound(raw.size()));
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), raw.data(), raw.size(), 3));
  compressed.insert(compressed.begin(), executor::kZstdCodePrefix.begin(),
                    executor::kZstdCodePrefix.end());
  adder.request.pov.block_data.data = compressed;
  // The hash is the compressed PoV's, as the collator sent it.
  adder.request.receipt.descriptor.pov_hash = pov_hash(adder.request.pov);
  ScriptedRunner pvf{valid_verdict(adder.result)};
  ASSERT_TRUE(std::holds_alternative<ValidCandidate>(
      validate_candidate(adder.request, pvf.runner()).value()));
  EXPECT_EQ(pvf.params, pvf::testing::adder_params());

  // A truncated frame is invalid without running the PVF.
  adder.request.pov.block_data.data.resize(adder.request.pov.block_data.data.size() - 3);
  adder.request.receipt.descriptor.pov_hash = pov_hash(adder.request.pov);
  EXPECT_EQ(invalid_of(validate_candidate(adder.request, pvf.runner())).reason,
            InvalidCandidate::kPoVDecompressionFailure);
  EXPECT_EQ(pvf.calls, 1);

  // A frame that decompresses past the bomb limit (4 × MAX_POV_SIZE) is refused the same way.
  const Bytes zeros(kPovBombLimit + 1, 0);
  Bytes bomb(ZSTD_compressBound(zeros.size()));
  bomb.resize(ZSTD_compress(bomb.data(), bomb.size(), zeros.data(), zeros.size(), 1));
  bomb.insert(bomb.begin(), executor::kZstdCodePrefix.begin(), executor::kZstdCodePrefix.end());
  ASSERT_LT(bomb.size(), 64 * 1024U);
  adder.request.pov.block_data.data = bomb;
  adder.request.receipt.descriptor.pov_hash = pov_hash(adder.request.pov);
  EXPECT_EQ(invalid_of(validate_candidate(adder.request, pvf.runner())).reason,
            InvalidCandidate::kPoVDecompressionFailure);
  EXPECT_EQ(pvf.calls, 1);
}

TEST(CandidateValidation, BasicChecksRefuseWithoutRunningThePvf) {
  const AdderCandidate adder = adder_candidate();
  ScriptedRunner pvf{valid_verdict(adder.result)};
  const auto expect_invalid = [&](const CandidateValidationRequest& request,
                                  InvalidCandidate reason) {
    EXPECT_EQ(invalid_of(validate_candidate(request, pvf.runner())).reason, reason)
        << to_string(reason);
  };
  CandidateValidationRequest small = adder.request;
  small.validation_data.max_pov_size = 16;  // the PoV encodes to 17 bytes
  expect_invalid(small, InvalidCandidate::kParamsTooLarge);
  CandidateValidationRequest other_pov = adder.request;
  other_pov.pov.block_data.data[8] ^= 1;
  expect_invalid(other_pov, InvalidCandidate::kPoVHashMismatch);
  CandidateValidationRequest other_code = adder.request;
  other_code.validation_code.data.push_back(0);
  expect_invalid(other_code, InvalidCandidate::kCodeHashMismatch);
  CandidateValidationRequest other_session = adder.request;
  other_session.expected_session = 5;
  expect_invalid(other_session, InvalidCandidate::kInvalidSessionIndex);
  EXPECT_EQ(pvf.calls, 0);
}

TEST(CandidateValidation, AV1DescriptorNeedsItsCollatorsSignature) {
  AdderCandidate adder = adder_candidate();
  CandidateDescriptor& d = adder.request.receipt.descriptor;
  const auto collator = crypto::sr25519::keypair_from_mini_secret(Hash256{7});
  // The collator's key over the V2 fields at bytes 36..68.
  Bytes encoded = scale::encode(d);
  std::copy(collator.public_key.begin(), collator.public_key.end(), encoded.begin() + 36);
  d = scale::decode<CandidateDescriptor>(encoded).value();
  d.reserved2 = crypto::sr25519::sign(collator, d.v1_collator_payload());
  ASSERT_EQ(d.version(), DescriptorVersion::kV1);
  adder.request.receipt.commitments_hash = commitments_hash(commitments_of(adder.result));
  ScriptedRunner pvf{valid_verdict(adder.result)};
  // Valid, with no claim queue needed (a V1 candidate has no core to check).
  adder.request.claim_queue.reset();
  EXPECT_TRUE(std::holds_alternative<ValidCandidate>(
      validate_candidate(adder.request, pvf.runner()).value()));
  d.reserved2[0] ^= 1;
  EXPECT_EQ(invalid_of(validate_candidate(adder.request, pvf.runner())).reason,
            InvalidCandidate::kBadSignature);
}

TEST(CandidateValidation, ThePvfHostsVerdictsMapToPolkadotsReasons) {
  const AdderCandidate adder = adder_candidate();
  const auto judged = [&](const PvfVerdict& verdict) {
    return judge_execution(adder.request, verdict);
  };
  using pvf::InvalidReason;
  EXPECT_EQ(invalid_of(judged(PvfVerdict::invalid(InvalidReason::kHardTimeout, "2 s"))).reason,
            InvalidCandidate::kTimeout);
  const InvalidVerdict trapped =
      invalid_of(judged(PvfVerdict::invalid(InvalidReason::kWorkerReportedInvalid, "unreachable")));
  EXPECT_EQ(trapped.reason, InvalidCandidate::kExecutionError);
  EXPECT_EQ(trapped.detail, "unreachable");
  const InvalidVerdict died =
      invalid_of(judged(PvfVerdict::invalid(InvalidReason::kAmbiguousWorkerDeath, "SIGKILL")));
  EXPECT_EQ(died.reason, InvalidCandidate::kExecutionError);
  EXPECT_EQ(died.detail, "ambiguous worker death: SIGKILL");
  EXPECT_EQ(
      invalid_of(judged(PvfVerdict::invalid(InvalidReason::kPrepareError, "bad wasm"))).reason,
      InvalidCandidate::kPrepareError);
  // The host's own failure: no verdict, the validator abstains.
  const auto internal = judged(PvfVerdict::internal_error("cannot spawn a worker"));
  ASSERT_FALSE(internal.has_value());
  EXPECT_NE(internal.error().find("cannot spawn a worker"), std::string::npos);
}

TEST(CandidateValidation, TheOutputsMustMatchTheReceipt) {
  const AdderCandidate adder = adder_candidate();
  ValidationResult other_head = adder.result;
  other_head.head_data.data[0] ^= 1;
  EXPECT_EQ(invalid_of(judge_execution(adder.request, valid_verdict(other_head))).reason,
            InvalidCandidate::kParaHeadHashMismatch);
  ValidationResult more = adder.result;
  more.upward_messages.push_back(Bytes{1});
  EXPECT_EQ(invalid_of(judge_execution(adder.request, valid_verdict(more))).reason,
            InvalidCandidate::kCommitmentsHashMismatch);
  ValidationResult watermark = adder.result;
  watermark.hrmp_watermark = 2;
  EXPECT_EQ(invalid_of(judge_execution(adder.request, valid_verdict(watermark))).reason,
            InvalidCandidate::kCommitmentsHashMismatch);
}

TEST(CandidateValidation, SessionAndCoreAreCheckedForBackingOnly) {
  AdderCandidate adder = adder_candidate();
  // The PVF selects core 0 (para 200's) though the descriptor says core 1.
  ValidationResult signals = adder.result;
  signals.upward_messages = {Bytes{}, Bytes{0, 0, 0}};
  adder.request.receipt.commitments_hash = commitments_hash(commitments_of(signals));
  adder.request.claim_queue = ClaimQueue{{0, {100}}, {1, {100}}};
  adder.request.receipt.descriptor.core_index_v2 = 1;
  const InvalidVerdict wrong_core =
      invalid_of(judge_execution(adder.request, valid_verdict(signals)));
  EXPECT_EQ(wrong_core.reason, InvalidCandidate::kInvalidUmpSignals);
  EXPECT_EQ(wrong_core.detail, to_string(ReceiptError::kCoreIndexMismatch));
  // Backing without the claim queue cannot judge a V2 candidate.
  CandidateValidationRequest no_queue = adder.request;
  no_queue.claim_queue.reset();
  EXPECT_FALSE(judge_execution(no_queue, valid_verdict(signals)).has_value());

  // Approvals and disputes check neither the session nor the core, and run under the approval
  // limit.
  for (const auto purpose : {ValidationPurpose::kApproval, ValidationPurpose::kDispute}) {
    CandidateValidationRequest request = adder.request;
    request.purpose = purpose;
    request.expected_session = 99;
    request.claim_queue.reset();
    ScriptedRunner pvf{valid_verdict(signals)};
    const auto outcome = validate_candidate(request, pvf.runner());
    ASSERT_TRUE(outcome.has_value()) << outcome.error();
    EXPECT_TRUE(std::holds_alternative<ValidCandidate>(*outcome));
    EXPECT_EQ(pvf.kind, PvfExecKind::kApproval);
  }
}

// End to end: the PVF runs in the host's worker processes (the `canary` binary).
class CandidateValidationWithPvfHost : public pvf::testing::WithPvfHost {};

TEST_F(CandidateValidationWithPvfHost, TheAdderCandidateIsValidAndABadOneIsNot) {
  const AdderCandidate adder = adder_candidate();
  const auto outcome = validate_candidate(adder.request, runner());
  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  const auto* valid = std::get_if<ValidCandidate>(&*outcome);
  ASSERT_NE(valid, nullptr) << std::get<InvalidVerdict>(*outcome).detail;
  EXPECT_EQ(valid->commitments.head_data, adder.result.head_data);
  EXPECT_EQ(valid->commitments.hrmp_watermark, 1U);

  // A block whose state does not hash to the parent's post_state: the adder panics.
  CandidateValidationRequest bad = adder.request;
  bad.pov.block_data.data[0] = 1;
  bad.receipt.descriptor.pov_hash = pov_hash(bad.pov);
  EXPECT_EQ(invalid_of(validate_candidate(bad, runner())).reason,
            InvalidCandidate::kExecutionError);

  // A receipt that claims another head: the adder runs, the head does not match.
  CandidateValidationRequest other_head = adder.request;
  other_head.receipt.descriptor.para_head[0] ^= 1;
  EXPECT_EQ(invalid_of(validate_candidate(other_head, runner())).reason,
            InvalidCandidate::kParaHeadHashMismatch);
}

}  // namespace
}  // namespace canary::parachain
