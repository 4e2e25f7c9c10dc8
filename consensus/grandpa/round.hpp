// The votes of one GRANDPA round and what they imply (paritytech/finality-grandpa src/round.rs):
// prevote-GHOST, the blocks finalized in the round, the round estimate and whether the round is
// completable. Votes from non-voters are ignored, exact duplicates are recognised, and a voter's
// second, different vote in a phase makes it an equivocator: its first vote stays in the graph,
// the equivocation is reported, further votes are ignored, and from then on its weight counts for
// every block of that phase (an equivocator could have voted for anything, so the round must
// assume it did; round/context.rs).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "consensus/grandpa/chain_access.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/vote_graph.hpp"
#include "consensus/grandpa/vote_messages.hpp"
#include "consensus/grandpa/voter_set.hpp"

namespace canary::consensus::grandpa {

// round.rs `State`.
struct RoundState {
  std::optional<BlockRef> prevote_ghost;
  std::optional<BlockRef> finalized;
  std::optional<BlockRef> estimate;
  bool completable = false;

  // The state of the imaginary round 0 of a set (and of the last round when nothing else is
  // known): its base is prevote-GHOST, estimate and finalized, and it is completable.
  static RoundState genesis(const BlockRef& base) { return {base, base, base, true}; }
  bool operator==(const RoundState&) const = default;
};

// Two different votes of one voter in one phase of a round: the proof an offence report needs.
struct Equivocation {
  RoundNumber round = 0;
  Phase phase = Phase::kPrevote;
  AuthorityId identity{};
  SignedMessage first;
  SignedMessage second;
};

struct ImportResult {
  bool valid_voter = false;     // the signer is in the voter set
  bool duplicated = false;      // the same vote and signature were already counted
  bool not_descendant = false;  // the target is not the base or a descendant of it: ignored
  std::optional<Equivocation> equivocation;  // set on the voter's first equivocation only
};

class Round {
 public:
  Round(RoundNumber number, std::shared_ptr<const VoterSet> voters, const BlockRef& base);

  RoundNumber number() const { return number_; }
  const BlockRef& base() const { return graph_.base(); }
  const VoterSet& voters() const { return *voters_; }
  AuthorityWeight threshold() const { return voters_->threshold(); }
  size_t primary_index() const { return voters_->primary_index(number_); }

  // The caller checks signatures; the round only counts.
  ImportResult import_prevote(const ChainAccess& chain, const Prevote& prevote,
                              const AuthorityId& id, const AuthoritySignature& signature);
  ImportResult import_precommit(const ChainAccess& chain, const Precommit& precommit,
                                const AuthorityId& id, const AuthoritySignature& signature);

  RoundState state() const { return {prevote_ghost_, finalized_, estimate_, completable_}; }
  bool completable() const { return completable_; }
  const std::optional<BlockRef>& prevote_ghost() const { return prevote_ghost_; }
  const std::optional<BlockRef>& finalized() const { return finalized_; }
  const std::optional<BlockRef>& estimate() const { return estimate_; }

  // The highest block with supermajority precommit weight, searched from the base (round.rs
  // `precommit_ghost`); a commit is valid when this is its target.
  std::optional<BlockRef> precommit_ghost() const;

  // The precommits that justify `finalized()` (round.rs `finalizing_precommits`): every single
  // precommit on or above the finalized block, and the votes of equivocators that lie on the
  // finalized block's chain. Empty when nothing is finalized.
  std::vector<SignedPrecommit> finalizing_precommits(const ChainAccess& chain) const;

  AuthorityWeight prevote_weight() const { return weight_[0]; }
  AuthorityWeight precommit_weight() const { return weight_[1]; }
  // Voter indices (positions in the voter set) that cast at least one vote of the phase.
  bool has_voted(size_t voter, Phase phase) const;

  // Every counted vote, both votes of an equivocator included, in voter order.
  std::vector<SignedPrevote> prevotes() const;
  std::vector<SignedPrecommit> precommits() const;
  const std::vector<Equivocation>& equivocations() const { return equivocations_; }

 private:
  struct TrackedVote {
    BlockRef target;
    AuthoritySignature signature{};
    bool operator==(const TrackedVote&) const = default;
  };
  // A voter's votes in one phase: none, one, or two once it equivocated (later ones are dropped).
  struct VoterVotes {
    std::optional<TrackedVote> first;
    std::optional<TrackedVote> second;
  };

  static size_t slot(Phase phase) { return phase == Phase::kPrevote ? 0 : 1; }
  static Message message_of(Phase phase, const BlockRef& target);

  ImportResult import_vote(const ChainAccess& chain, Phase phase, const BlockRef& target,
                           const AuthorityId& id, const AuthoritySignature& signature);
  AuthorityWeight weight_of(const CumulativeVotes& votes, Phase phase) const;
  AuthorityWeight equivocation_weight(Phase phase) const;
  void update();

  RoundNumber number_;
  std::shared_ptr<const VoterSet> voters_;
  VoteGraph graph_;
  std::vector<VoterVotes> votes_[2];  // per phase, indexed by voter
  AuthorityWeight weight_[2] = {0, 0};
  VoterBits equivocators_[2];
  std::vector<Equivocation> equivocations_;

  std::optional<BlockRef> prevote_ghost_;
  std::optional<BlockRef> finalized_;
  std::optional<BlockRef> estimate_;
  bool completable_ = false;
};

}  // namespace canary::consensus::grandpa
