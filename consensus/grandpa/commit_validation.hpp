// Does a set of precommits finalize its target? (paritytech/finality-grandpa lib.rs
// `validate_commit`.) Precommits from non-voters are skipped; the lowest precommit target among
// the voters' is the base every other target must descend from; the precommits are counted in a
// round rooted there (duplicates once, equivocators on every block) and the commit is valid when
// that round's precommit-GHOST is exactly the commit target, which requires threshold weight on
// it. Signatures are not looked at here: see verify_commit_signatures.
#pragma once

#include <memory>

#include "consensus/grandpa/chain_access.hpp"
#include "consensus/grandpa/commit.hpp"
#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/voter_set.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

Result<void, GrandpaError> validate_commit(const Commit& commit,
                                           const std::shared_ptr<const VoterSet>& voters,
                                           const ChainAccess& chain);

// Every precommit's signature, for this round and set id (voters and non-voters alike, as
// sc-consensus-grandpa justification.rs checks them).
Result<void, GrandpaError> verify_commit_signatures(const Commit& commit, RoundNumber round,
                                                    SetId set_id);

}  // namespace canary::consensus::grandpa
