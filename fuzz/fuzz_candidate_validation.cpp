// Candidate validation on outside bytes: receipts, PoVs and validation data come from collators
// and peers, results from PVFs. The candidate types must decode or refuse without crashing and
// encode back to the same bytes; the UMP signal and core checks must end in a verdict; and the
// whole validation, with a PVF runner that answers a fuzzed ValidationResult, must never call
// a candidate valid whose outputs do not match its receipt.
//
// Input: a mode byte, then the bytes for that mode.
//   0 CandidateDescriptor, 1 CandidateCommitments, 2 CandidateReceipt, 3 CommittedCandidateReceipt
//   (round trips); 4 a CommittedCandidateReceipt and a claim queue through parse_ump_signals;
//   5 a whole request (flags byte: which hashes to make right so that the later checks are
//   reached, the purpose; then PersistedValidationData, CandidateReceipt, PoV, the claim queue,
//   the PVF's ValidationResult) through validate_candidate.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "parachain/candidate_validation/candidate_validation.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/primitives/validation_params.hpp"
#include "primitives/scale/scale.hpp"

namespace {

using namespace canary;
using namespace canary::parachain;
using canary::fuzz::check;

template <class T>
void round_trip(ByteSpan data) {
  auto decoded = scale::decode<T>(data);
  if (decoded) check(scale::encode(*decoded) == Bytes(data.begin(), data.end()));
}

void signals_and_core(ByteSpan data) {
  scale::Decoder in(data);
  const auto candidate = scale::decode_next<CommittedCandidateReceipt>(in);
  const auto queue = scale::decode_next<ClaimQueue>(in);
  if (!in.ok()) return;
  const auto parsed = parse_ump_signals(candidate, transpose_claim_queue(queue));
  if (parsed) {
    check(candidate.descriptor.version() != DescriptorVersion::kUnknown);
    if (candidate.descriptor.version() == DescriptorVersion::kV1) check(parsed->empty());
  }
}

void whole_validation(ByteSpan data) {
  if (data.empty()) return;
  const uint8_t flags = data[0];
  scale::Decoder in(data.subspan(1));
  CandidateValidationRequest request;
  request.validation_data = scale::decode_next<PersistedValidationData>(in);
  request.receipt = scale::decode_next<CandidateReceipt>(in);
  request.pov = scale::decode_next<PoV>(in);
  request.claim_queue = scale::decode_next<ClaimQueue>(in);
  const auto result = scale::decode_next<ValidationResult>(in);
  if (!in.ok()) return;
  request.validation_code = ValidationCode{{0x00, 0x61, 0x73, 0x6d}};
  request.purpose = static_cast<ValidationPurpose>((flags >> 4) % 3);
  request.expected_session = request.receipt.descriptor.session_index_v2 + ((flags >> 6) & 1);
  CandidateDescriptor& descriptor = request.receipt.descriptor;
  if ((flags & 1) != 0) descriptor.pov_hash = pov_hash(request.pov);
  if ((flags & 2) != 0)
    descriptor.validation_code_hash = validation_code_hash(request.validation_code);
  if ((flags & 4) != 0) descriptor.para_head = head_data_hash(result.head_data);
  if ((flags & 8) != 0) request.receipt.commitments_hash = commitments_hash(commitments_of(result));
  int calls = 0;
  const PvfRunner runner = [&](const ValidationCode&, ByteSpan params, const ExecutorParams&,
                               PvfExecKind) {
    ++calls;
    // What the PVF gets is a ValidationParams with the validation data's parent head.
    auto decoded = scale::decode<ValidationParams>(params);
    check(decoded.has_value() && decoded->parent_head == request.validation_data.parent_head);
    return pvf::PvfVerdict::valid(scale::encode(result), result);
  };
  const auto outcome = validate_candidate(request, runner);
  check(calls <= 1);
  if (!outcome) return;
  if (const auto* valid = std::get_if<ValidCandidate>(&*outcome)) {
    check(calls == 1);
    check(head_data_hash(valid->commitments.head_data) == descriptor.para_head);
    check(commitments_hash(valid->commitments) == request.receipt.commitments_hash);
    check(pov_hash(request.pov) == descriptor.pov_hash);
    check(valid->validation_data == request.validation_data);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ByteSpan rest(data + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      round_trip<CandidateDescriptor>(rest);
      break;
    case 1:
      round_trip<CandidateCommitments>(rest);
      break;
    case 2:
      round_trip<CandidateReceipt>(rest);
      break;
    case 3:
      round_trip<CommittedCandidateReceipt>(rest);
      break;
    case 4:
      signals_and_core(rest);
      break;
    default:
      whole_validation(rest);
      break;
  }
  return 0;
}
