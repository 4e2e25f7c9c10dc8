// Why a GRANDPA operation was refused. One enum for the module: justification and commit checks,
// voter sets and the authority-set tracker (sc-consensus-grandpa authorities.rs errors included).
#pragma once

#include <cstdint>

namespace canary::consensus::grandpa {

enum class GrandpaError : uint8_t {
  // Voter sets (finality-grandpa VoterSet::new, sc-consensus-grandpa `invalid_authority_list`).
  kEmptyAuthoritySet,
  kZeroAuthorityWeight,
  kAuthorityWeightOverflow,
  // Commits and justifications (sc-consensus-grandpa justification.rs).
  kMalformedCommit,         // a compact commit whose signatures do not pair with its precommits
  kMalformedJustification,  // bytes that are not exactly one SCALE GrandpaJustification
  kWrongTarget,             // a justification for another block than the one expected
  kBadSignature,            // a precommit signature fails for this round and set id
  kNoVoterPrecommits,       // no precommit comes from a voter of the set
  kPrecommitNotDescendant,  // a precommit is not on the chain of the lowest precommit target
  kCommitNotFinalizing,     // the precommits' GHOST is not the commit target (weight too low)
  kInvalidAncestry,         // votes_ancestries do not link a precommit target to the base
  kUnusedAncestry,          // votes_ancestries hold headers no precommit needs
  kMissingHeader,           // making a justification: the chain lacks a header on the way
  // Authority set changes (sc-consensus-grandpa authorities.rs, fork-tree).
  kDuplicateAuthoritySetChange,
  kMultiplePendingForcedChanges,
  kForcedChangeDependencyUnsatisfied,
  kUnfinalizedAncestor,  // finalizing past a pending change without enacting it first
  kRevert,               // a block at or below the last finalized number
  kMalformedState,       // persisted tracker bytes that do not decode to a valid state
};

const char* to_string(GrandpaError e);

}  // namespace canary::consensus::grandpa
