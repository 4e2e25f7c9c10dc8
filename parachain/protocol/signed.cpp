#include "parachain/protocol/signed.hpp"

namespace canary::parachain::protocol {

namespace {

struct ToCompact {
  CompactStatement operator()(const SecondedStatement& seconded) const {
    return {CompactStatementKind::kSeconded, candidate_hash(seconded.candidate.to_plain())};
  }
  CompactStatement operator()(const ValidStatement& valid) const {
    return {CompactStatementKind::kValid, valid.candidate_hash};
  }
};

}  // namespace

CompactStatement compact_of(const Statement& statement) {
  return std::visit(ToCompact{}, statement);
}

CandidateHash candidate_hash_of(const Statement& statement) {
  return compact_of(statement).candidate_hash;
}

UncheckedSignedStatement to_compact(const UncheckedSignedFullStatement& statement) {
  return {compact_of(statement.payload), statement.validator_index, statement.signature};
}

}  // namespace canary::parachain::protocol
