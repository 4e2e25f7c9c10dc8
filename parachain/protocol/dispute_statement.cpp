#include "parachain/protocol/dispute_statement.hpp"

#include <algorithm>

namespace canary::parachain::protocol {

namespace {

// v9 ExplicitDisputeStatement::signing_payload and ApprovalVote(MultipleCandidates)'s magics.
constexpr ByteArray<4> kDisputeMagic = {'D', 'I', 'S', 'P'};
constexpr ByteArray<4> kApprovalMagic = {'A', 'P', 'P', 'R'};

Bytes explicit_payload(bool valid, const CandidateHash& candidate_hash, SessionIndex session) {
  return scale::encode(std::tuple{kDisputeMagic, valid, candidate_hash, session});
}

Bytes approval_payload(const CandidateHash& candidate_hash, SessionIndex session) {
  return scale::encode(std::tuple{kApprovalMagic, candidate_hash, session});
}

struct ValidPayload {
  const CandidateHash& candidate_hash;
  SessionIndex session;

  std::optional<Bytes> operator()(const ValidDisputeStatementKind::Explicit&) const {
    return explicit_payload(true, candidate_hash, session);
  }
  std::optional<Bytes> operator()(const ValidDisputeStatementKind::BackingSeconded& kind) const {
    return signing_payload(CompactStatement{CompactStatementKind::kSeconded, candidate_hash},
                           SigningContext{session, kind.inclusion_parent});
  }
  std::optional<Bytes> operator()(const ValidDisputeStatementKind::BackingValid& kind) const {
    return signing_payload(CompactStatement{CompactStatementKind::kValid, candidate_hash},
                           SigningContext{session, kind.inclusion_parent});
  }
  std::optional<Bytes> operator()(const ValidDisputeStatementKind::ApprovalChecking&) const {
    return approval_payload(candidate_hash, session);
  }
  std::optional<Bytes> operator()(
      const ValidDisputeStatementKind::ApprovalCheckingMultipleCandidates& kind) const {
    if (std::ranges::find(kind.candidates, candidate_hash) == kind.candidates.end()) {
      return std::nullopt;
    }
    // Coalesced approvals of one candidate sign exactly what a single approval signs, so that
    // old and new nodes check each other's votes (ApprovalVoteMultipleCandidates).
    if (kind.candidates.size() == 1) return approval_payload(kind.candidates.front(), session);
    return scale::encode(std::tuple{kApprovalMagic, kind.candidates, session});
  }
};

}  // namespace

std::optional<Bytes> dispute_statement_payload(const DisputeStatement& statement,
                                               const CandidateHash& candidate_hash,
                                               SessionIndex session) {
  if (const auto* valid = std::get_if<DisputeStatement::Valid>(&statement.value)) {
    return std::visit(ValidPayload{candidate_hash, session}, valid->kind.value);
  }
  return explicit_payload(false, candidate_hash, session);
}

bool verify_dispute_statement(const DisputeStatement& statement, const ValidatorId& validator,
                              const CandidateHash& candidate_hash, SessionIndex session,
                              const ValidatorSignature& signature) {
  const auto payload = dispute_statement_payload(statement, candidate_hash, session);
  return payload && crypto::sr25519::verify(signature, *payload, validator);
}

}  // namespace canary::parachain::protocol
