// A backed candidate as the block author puts it in the paras inherent (polkadot-sdk
// `polkadot/primitives/src/v9/mod.rs` BackedCandidate and ValidityAttestation; parachain-facts
// §1.6): the committed receipt, one attestation per backer in group order, and a bit per member of
// the backing group saying who backed it.
//   ValidityAttestation { Implicit(signature) = 1 (the backer's Seconded statement),
//                         Explicit(signature) = 2 (its Valid statement) } (no variant 0).
//   BackedCandidate { candidate: CommittedCandidateReceipt, validity_votes:
//   Vec<ValidityAttestation>,
//                     validator_indices: BitVec<u8, Lsb0> }
// Since ElasticScalingMVP (node feature bit 1), validator_indices carries 8 more bits after the
// group's: the core index as a u8, Lsb0 (`inject_core_index`). The runtime splits off the last 8
// bits whenever there are more than 8 (`validator_indices_and_core_index`), so the suffix must be
// present exactly when the feature is on.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "parachain/protocol/signed.hpp"
#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain::protocol {

enum class ValidityAttestationKind : uint8_t { kImplicit = 1, kExplicit = 2 };

struct ValidityAttestation {
  ValidityAttestationKind kind = ValidityAttestationKind::kImplicit;
  ValidatorSignature signature{};

  bool operator==(const ValidityAttestation&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(kind));
    out.put_bytes(ByteSpan(signature));
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t index = in.read_byte();
    if (in.ok() && index != static_cast<uint8_t>(ValidityAttestationKind::kImplicit) &&
        index != static_cast<uint8_t>(ValidityAttestationKind::kExplicit)) {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
    }
    kind = static_cast<ValidityAttestationKind>(index);
    in.read_into(signature);
  }
};

// `to_compact_statement`: the statement the signature is over (Implicit ↔ Seconded, Explicit ↔
// Valid), checked with the SigningContext of the candidate's relay parent.
CompactStatement attested_statement(const ValidityAttestation& attestation,
                                    const CandidateHash& candidate_hash);

struct BackedCandidate {
  CommittedCandidateReceipt candidate;
  std::vector<ValidityAttestation> validity_votes;
  scale::BitVec validator_indices;

  bool operator==(const BackedCandidate&) const = default;
  CANARY_SCALE_FIELDS(candidate, validity_votes, validator_indices)
};

inline constexpr size_t kCoreIndexBits = 8;

// BackedCandidate::new / set_validator_indices_and_core_index: the group's bits, then (when the
// ElasticScalingMVP feature is on) the core index's low 8 bits. As polkadot-sdk's
// `core_index.0 as u8`, a core index above 255 keeps its low byte.
scale::BitVec with_core_index(const scale::BitVec& group_bits, std::optional<CoreIndex> core_index);
BackedCandidate make_backed_candidate(CommittedCandidateReceipt candidate,
                                      std::vector<ValidityAttestation> validity_votes,
                                      const scale::BitVec& group_bits,
                                      std::optional<CoreIndex> core_index);

// validator_indices_and_core_index: more than 8 bits means the last 8 are the core index. (As
// polkadot-sdk's, a group of more than 8 without the suffix is misread; honest authors inject it
// whenever the feature is on.)
std::pair<scale::BitVec, std::optional<CoreIndex>> validator_indices_and_core_index(
    const BackedCandidate& candidate);

}  // namespace canary::parachain::protocol
