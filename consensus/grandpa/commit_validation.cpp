#include "consensus/grandpa/commit_validation.hpp"

#include <vector>

#include "consensus/grandpa/round.hpp"
#include "consensus/grandpa/signing.hpp"

namespace canary::consensus::grandpa {

Result<void, GrandpaError> validate_commit(const Commit& commit,
                                           const std::shared_ptr<const VoterSet>& voters,
                                           const ChainAccess& chain) {
  std::vector<const SignedPrecommit*> from_voters;
  for (const SignedPrecommit& signed_precommit : commit.precommits) {
    if (voters->contains(signed_precommit.id)) from_voters.push_back(&signed_precommit);
  }
  if (from_voters.empty()) return unexpected(GrandpaError::kNoVoterPrecommits);

  // The first of the lowest targets, as Rust's `min_by_key` picks it.
  const Precommit* base = &from_voters.front()->precommit;
  for (const SignedPrecommit* signed_precommit : from_voters) {
    if (signed_precommit->precommit.target_number < base->target_number) {
      base = &signed_precommit->precommit;
    }
  }
  for (const SignedPrecommit* signed_precommit : from_voters) {
    if (!is_equal_or_descendant_of(chain, base->target_hash,
                                   signed_precommit->precommit.target_hash)) {
      return unexpected(GrandpaError::kPrecommitNotDescendant);
    }
  }

  Round round(0, voters, base->target());  // the round number plays no part in counting
  for (const SignedPrecommit* signed_precommit : from_voters) {
    ImportResult imported = round.import_precommit(
        chain, signed_precommit->precommit, signed_precommit->id, signed_precommit->signature);
    if (imported.not_descendant) return unexpected(GrandpaError::kPrecommitNotDescendant);
  }
  auto ghost = round.precommit_ghost();
  if (!ghost || *ghost != commit.target()) return unexpected(GrandpaError::kCommitNotFinalizing);
  return {};
}

Result<void, GrandpaError> verify_commit_signatures(const Commit& commit, RoundNumber round,
                                                    SetId set_id) {
  for (const SignedPrecommit& signed_precommit : commit.precommits) {
    if (!verify_signature(signed_precommit.precommit, signed_precommit.signature,
                          signed_precommit.id, round, set_id)) {
      return unexpected(GrandpaError::kBadSignature);
    }
  }
  return {};
}

}  // namespace canary::consensus::grandpa
