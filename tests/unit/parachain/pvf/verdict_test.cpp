// How the PVF host turns a job's outcome into polkadot-sdk's verdicts (parachain/pvf/verdict.hpp),
// without processes: every worker answer and every way a job fails, including answers a
// compromised worker could send.
#include "parachain/pvf/verdict.hpp"

#include <gtest/gtest.h>

#include "parachain/pvf/artifact.hpp"
#include "parachain/pvf/worker_protocol.hpp"
#include "tests/unit/parachain/pvf/pvf_test_support.hpp"

namespace canary::parachain::pvf {
namespace {

Result<WorkerResponse, JobFailure> answer(WorkerResponse response) {
  return response;
}

Result<WorkerResponse, JobFailure> failure(JobFailureKind kind) {
  return unexpected(JobFailure{kind, "detail"});
}

TEST(PvfVerdicts, ExecutionOutcomes) {
  const Bytes good = from_hex(testing::kAdderResult).value();
  auto valid = classify_execution(answer(Executed{good}));
  EXPECT_EQ(valid.verdict.kind, VerdictKind::kValid);
  EXPECT_EQ(valid.verdict.output, good);
  ASSERT_TRUE(valid.verdict.result.has_value());
  EXPECT_EQ(valid.verdict.result->hrmp_watermark, 1u);
  EXPECT_FALSE(valid.drop_worker);

  // An output that is not exactly one ValidationResult: trailing bytes, truncated, empty.
  Bytes trailing = good;
  trailing.push_back(0);
  for (const Bytes& bad : {trailing, Bytes(good.begin(), good.end() - 1), Bytes{}}) {
    auto outcome = classify_execution(answer(Executed{bad}));
    EXPECT_EQ(outcome.verdict.kind, VerdictKind::kInvalid);
    EXPECT_EQ(outcome.verdict.reason, InvalidReason::kWorkerReportedInvalid);
  }

  auto trapped = classify_execution(answer(ExecuteInvalid{"unreachable executed"}));
  EXPECT_EQ(trapped.verdict.reason, InvalidReason::kWorkerReportedInvalid);
  EXPECT_EQ(trapped.verdict.message, "unreachable executed");

  auto corrupt = classify_execution(answer(ArtifactCorrupt{"checksum"}));
  EXPECT_EQ(corrupt.verdict.kind, VerdictKind::kInternalError);
  EXPECT_TRUE(corrupt.artifact_corrupt);

  auto internal = classify_execution(answer(WorkerInternalError{"out of memory"}));
  EXPECT_EQ(internal.verdict.kind, VerdictKind::kInternalError);
  EXPECT_FALSE(internal.drop_worker);

  // Answers that make no sense for an execute job: the worker is not trusted again.
  for (const WorkerResponse& odd :
       {WorkerResponse{WorkerReady{"x"}}, WorkerResponse{Prepared{1, 2}},
        WorkerResponse{PrepareFailed{0, "x"}}}) {
    auto outcome = classify_execution(answer(odd));
    EXPECT_EQ(outcome.verdict.kind, VerdictKind::kInternalError);
    EXPECT_TRUE(outcome.drop_worker);
  }

  auto timeout = classify_execution(failure(JobFailureKind::kHardTimeout));
  EXPECT_EQ(timeout.verdict.reason, InvalidReason::kHardTimeout);
  EXPECT_TRUE(timeout.drop_worker);
  auto died = classify_execution(failure(JobFailureKind::kDied));
  EXPECT_EQ(died.verdict.reason, InvalidReason::kAmbiguousWorkerDeath);
  EXPECT_TRUE(died.drop_worker);
  // The job never reached the worker (it had ended while idle): no verdict on the candidate.
  auto gone = classify_execution(failure(JobFailureKind::kGone));
  EXPECT_EQ(gone.verdict.kind, VerdictKind::kInternalError);
  EXPECT_TRUE(gone.retry);
  EXPECT_TRUE(gone.drop_worker);
  EXPECT_FALSE(died.retry);
  auto garbled = classify_execution(failure(JobFailureKind::kProtocol));
  EXPECT_EQ(garbled.verdict.kind, VerdictKind::kInternalError);
  EXPECT_TRUE(garbled.drop_worker);
}

TEST(PvfVerdicts, PreparationOutcomes) {
  EXPECT_FALSE(classify_preparation(answer(Prepared{10, 20})).error.has_value());

  auto failed = classify_preparation(
      answer(PrepareFailed{static_cast<uint8_t>(PrepareErrorKind::kPrevalidation), "bomb"}));
  ASSERT_TRUE(failed.error.has_value());
  EXPECT_EQ(failed.error->kind, PrepareErrorKind::kPrevalidation);
  EXPECT_FALSE(failed.drop_worker);
  // An error kind we do not know (a compromised worker) is not taken as deterministic.
  auto unknown = classify_preparation(answer(PrepareFailed{200, "?"}));
  ASSERT_TRUE(unknown.error.has_value());
  EXPECT_FALSE(is_deterministic(unknown.error->kind));

  auto timeout = classify_preparation(failure(JobFailureKind::kHardTimeout));
  EXPECT_EQ(timeout.error->kind, PrepareErrorKind::kTimedOut);
  EXPECT_TRUE(timeout.drop_worker);
  auto died = classify_preparation(failure(JobFailureKind::kDied));
  EXPECT_EQ(died.error->kind, PrepareErrorKind::kWorkerDied);
  auto odd = classify_preparation(answer(Executed{{1}}));
  EXPECT_EQ(odd.error->kind, PrepareErrorKind::kWorkerDied);
  EXPECT_TRUE(odd.drop_worker);
}

TEST(PvfVerdicts, PrepareErrorsAsVerdicts) {
  // polkadot-sdk PrepareError::is_deterministic.
  for (auto kind : {PrepareErrorKind::kPrevalidation, PrepareErrorKind::kPreparation,
                    PrepareErrorKind::kTimedOut, PrepareErrorKind::kOutOfMemory}) {
    const PvfVerdict verdict = verdict_of_prepare_error(PrepareError{kind, "m"});
    EXPECT_EQ(verdict.kind, VerdictKind::kInvalid) << to_string(kind);
    EXPECT_EQ(verdict.reason, InvalidReason::kPrepareError);
  }
  for (auto kind : {PrepareErrorKind::kUnsupportedConfig, PrepareErrorKind::kIoError,
                    PrepareErrorKind::kWorkerDied}) {
    EXPECT_EQ(verdict_of_prepare_error(PrepareError{kind, "m"}).kind, VerdictKind::kInternalError)
        << to_string(kind);
  }
}

TEST(PvfWireFormat, FramesRoundTripInPieces) {
  const Bytes payload = scale::encode(WorkerResponse{Executed{{1, 2, 3}}});
  Bytes stream = frame(payload);
  const Bytes second = frame(Bytes{});
  stream.insert(stream.end(), second.begin(), second.end());
  FrameReader reader;
  std::vector<Bytes> got;
  for (uint8_t byte : stream) {
    reader.feed(ByteSpan(&byte, 1));
    while (auto next = reader.next()) got.push_back(*next);
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], payload);
  EXPECT_TRUE(got[1].empty());
  auto decoded = decode_response(got[0]);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(std::get<Executed>(*decoded).output, (Bytes{1, 2, 3}));
  // A length over the limit poisons the reader.
  FrameReader hostile;
  hostile.feed(Bytes{0xff, 0xff, 0xff, 0xff, 0});
  EXPECT_FALSE(hostile.next().has_value());
  EXPECT_TRUE(hostile.failed());
  // Unknown message index.
  EXPECT_FALSE(decode_response(Bytes{7}).has_value());
  EXPECT_FALSE(decode_request(Bytes{2}).has_value());
}

TEST(PvfArtifacts, DetectsEveryKindOfDamage) {
  const ArtifactId id{Hash256{1}, Hash256{2}};
  const Bytes wasm = {0, 'a', 's', 'm', 1, 0, 0, 0};
  const Bytes file = encode_artifact(id, wasm);
  EXPECT_EQ(decode_artifact(file, id).value(), wasm);
  EXPECT_EQ(decode_artifact(Bytes(file.begin(), file.end() - 1), id).error(),
            ArtifactError::kMalformed);
  Bytes flipped = file;
  flipped.back() ^= 1;
  EXPECT_EQ(decode_artifact(flipped, id).error(), ArtifactError::kBadChecksum);
  Bytes magic = file;
  magic[0] ^= 1;
  EXPECT_EQ(decode_artifact(magic, id).error(), ArtifactError::kWrongMagic);
  EXPECT_EQ(decode_artifact(file, ArtifactId{Hash256{1}, Hash256{3}}).error(),
            ArtifactError::kWrongId);
  // The name carries both hashes and the engine.
  EXPECT_NE(id.file_name().find(std::string(pvf_engine_name())), std::string::npos);
  EXPECT_NE(id.file_name(), (ArtifactId{Hash256{1}, Hash256{3}}).file_name());
}

}  // namespace
}  // namespace canary::parachain::pvf
