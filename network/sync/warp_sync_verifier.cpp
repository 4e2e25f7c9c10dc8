#include "network/sync/warp_sync_verifier.hpp"

#include <utility>

#include "consensus/grandpa/consensus_log.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/voter_set.hpp"

namespace canary::network {

namespace {

namespace grandpa = consensus::grandpa;

// The next set a fragment's header announces: Substrate's verifier reads ScheduledChange, smoldot
// also ForcedChange.
std::optional<grandpa::AuthorityList> announced_set(const block::Header& header) {
  if (auto scheduled = grandpa::find_scheduled_change(header.digest)) {
    return std::move(scheduled->next_authorities);
  }
  if (auto forced = grandpa::find_forced_change(header.digest)) {
    return std::move(forced->change.next_authorities);
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(WarpSyncVerifyErrorKind kind) {
  switch (kind) {
    case WarpSyncVerifyErrorKind::kEmptyProof:
      return "warp sync proof is empty";
    case WarpSyncVerifyErrorKind::kTargetMismatch:
      return "justification target is not the fragment's header";
    case WarpSyncVerifyErrorKind::kInvalidJustification:
      return "invalid justification";
    case WarpSyncVerifyErrorKind::kMissingAuthoritySetChange:
      return "fragment without an authority set change";
    case WarpSyncVerifyErrorKind::kInvalidAuthoritySet:
      return "fragment announces an invalid authority set";
  }
  return "unknown warp sync verification error";
}

Result<WarpSyncProgress, WarpSyncVerifyError> verify_warp_sync_proof(
    const WarpSyncProof& proof, grandpa::SetId set_id, const grandpa::AuthorityList& authorities) {
  WarpSyncProgress progress;
  progress.set_id = set_id;
  progress.authorities = authorities;
  auto fail = [&](WarpSyncVerifyErrorKind kind, size_t index,
                  std::optional<grandpa::GrandpaError> cause = std::nullopt) {
    return unexpected(WarpSyncVerifyError{kind, index, cause, progress});
  };
  if (proof.proofs.empty()) {
    if (!proof.is_finished) return fail(WarpSyncVerifyErrorKind::kEmptyProof, 0);
    progress.is_finished = true;
    return progress;
  }

  auto voters = grandpa::VoterSet::from_authorities(progress.authorities);
  if (!voters) {
    return fail(WarpSyncVerifyErrorKind::kInvalidAuthoritySet, 0, voters.error());
  }
  for (size_t i = 0; i < proof.proofs.size(); ++i) {
    const WarpSyncFragment& fragment = proof.proofs[i];
    const grandpa::Commit& commit = fragment.justification.commit;
    if (commit.target_hash != block::hash_of(fragment.header) ||
        commit.target_number != fragment.header.number) {
      return fail(WarpSyncVerifyErrorKind::kTargetMismatch, i);
    }
    if (auto verified =
            grandpa::verify_justification(fragment.justification, progress.set_id, *voters);
        !verified) {
      return fail(WarpSyncVerifyErrorKind::kInvalidJustification, i, verified.error());
    }
    const bool last = i + 1 == proof.proofs.size();
    std::optional<grandpa::AuthorityList> next = announced_set(fragment.header);
    if (!next) {
      if (!last || !proof.is_finished) {
        return fail(WarpSyncVerifyErrorKind::kMissingAuthoritySetChange, i);
      }
    } else {
      auto next_voters = grandpa::VoterSet::from_authorities(*next);
      if (!next_voters) {
        return fail(WarpSyncVerifyErrorKind::kInvalidAuthoritySet, i, next_voters.error());
      }
      voters = std::move(next_voters);
      progress.authorities = std::move(*next);
      progress.set_id += 1;
    }
    progress.last_header = fragment.header;
    progress.fragments = i + 1;
  }
  progress.is_finished = proof.is_finished;
  return progress;
}

}  // namespace canary::network
