#include "parachain/protocol/backed_candidate.hpp"

namespace canary::parachain::protocol {

CompactStatement attested_statement(const ValidityAttestation& attestation,
                                    const CandidateHash& candidate_hash) {
  const CompactStatementKind kind = attestation.kind == ValidityAttestationKind::kImplicit
                                        ? CompactStatementKind::kSeconded
                                        : CompactStatementKind::kValid;
  return {kind, candidate_hash};
}

scale::BitVec with_core_index(const scale::BitVec& group_bits,
                              std::optional<CoreIndex> core_index) {
  scale::BitVec out = group_bits;
  if (core_index) {
    const auto low_byte = static_cast<uint8_t>(*core_index);
    for (size_t i = 0; i < kCoreIndexBits; ++i) out.push_back(((low_byte >> i) & 1) != 0);
  }
  return out;
}

BackedCandidate make_backed_candidate(CommittedCandidateReceipt candidate,
                                      std::vector<ValidityAttestation> validity_votes,
                                      const scale::BitVec& group_bits,
                                      std::optional<CoreIndex> core_index) {
  return {std::move(candidate), std::move(validity_votes), with_core_index(group_bits, core_index)};
}

std::pair<scale::BitVec, std::optional<CoreIndex>> validator_indices_and_core_index(
    const BackedCandidate& candidate) {
  const scale::BitVec& bits = candidate.validator_indices;
  if (bits.size() <= kCoreIndexBits) return {bits, std::nullopt};
  const size_t group_size = bits.size() - kCoreIndexBits;
  scale::BitVec group(group_size);
  for (size_t i = 0; i < group_size; ++i) group.set(i, bits.get(i));
  CoreIndex core = 0;
  for (size_t i = 0; i < kCoreIndexBits; ++i) {
    if (bits.get(group_size + i)) core |= CoreIndex{1} << i;
  }
  return {std::move(group), core};
}

}  // namespace canary::parachain::protocol
