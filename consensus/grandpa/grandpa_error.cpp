#include "consensus/grandpa/grandpa_error.hpp"

namespace canary::consensus::grandpa {

const char* to_string(GrandpaError e) {
  switch (e) {
    case GrandpaError::kEmptyAuthoritySet:
      return "empty authority set";
    case GrandpaError::kZeroAuthorityWeight:
      return "authority with zero weight";
    case GrandpaError::kAuthorityWeightOverflow:
      return "total authority weight overflows u64";
    case GrandpaError::kMalformedCommit:
      return "malformed commit";
    case GrandpaError::kMalformedJustification:
      return "malformed justification";
    case GrandpaError::kWrongTarget:
      return "justification for another block";
    case GrandpaError::kBadSignature:
      return "invalid precommit signature";
    case GrandpaError::kNoVoterPrecommits:
      return "no precommit from a voter of the set";
    case GrandpaError::kPrecommitNotDescendant:
      return "precommit not on the chain of the lowest precommit";
    case GrandpaError::kCommitNotFinalizing:
      return "precommits do not finalize the commit target";
    case GrandpaError::kInvalidAncestry:
      return "invalid precommit ancestry proof";
    case GrandpaError::kUnusedAncestry:
      return "unused headers in votes ancestries";
    case GrandpaError::kMissingHeader:
      return "header missing for the justification";
    case GrandpaError::kDuplicateAuthoritySetChange:
      return "duplicate authority set change";
    case GrandpaError::kMultiplePendingForcedChanges:
      return "multiple pending forced authority set changes on one fork";
    case GrandpaError::kForcedChangeDependencyUnsatisfied:
      return "forced change depends on an unapplied standard change";
    case GrandpaError::kUnfinalizedAncestor:
      return "finalizing past an unapplied authority set change";
    case GrandpaError::kRevert:
      return "block at or below the last finalized block";
    case GrandpaError::kMalformedState:
      return "malformed authority set state";
  }
  return "unknown grandpa error";
}

}  // namespace canary::consensus::grandpa
