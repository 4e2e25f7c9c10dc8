#include "consensus/grandpa/round.hpp"

#include <algorithm>
#include <bit>

namespace canary::consensus::grandpa {

namespace {

// Vote weights saturate like finality-grandpa weights.rs: the voter set bounds the total to u64,
// so saturation only guards the intermediate sums below.
AuthorityWeight add_saturating(AuthorityWeight a, AuthorityWeight b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}
AuthorityWeight sub_saturating(AuthorityWeight a, AuthorityWeight b) {
  return a > b ? a - b : 0;
}

}  // namespace

Round::Round(RoundNumber number, std::shared_ptr<const VoterSet> voters, const BlockRef& base)
    : number_(number), voters_(std::move(voters)), graph_(base, voters_->size()) {
  for (size_t phase = 0; phase < 2; ++phase) {
    votes_[phase].resize(voters_->size());
    equivocators_[phase] = VoterBits(voters_->size());
  }
}

Message Round::message_of(Phase phase, const BlockRef& target) {
  if (phase == Phase::kPrevote) return Prevote{target.hash, target.number};
  return Precommit{target.hash, target.number};
}

AuthorityWeight Round::weight_of(const CumulativeVotes& votes, Phase phase) const {
  const auto& voted = votes.of(phase).words();
  const auto& equivocated = equivocators_[slot(phase)].words();
  AuthorityWeight total = 0;
  for (size_t word = 0; word < voted.size(); ++word) {
    uint64_t bits = voted[word] | equivocated[word];
    while (bits != 0) {
      size_t voter = word * 64 + static_cast<size_t>(std::countr_zero(bits));
      total = add_saturating(total, voters_->weight(voter));
      bits &= bits - 1;
    }
  }
  return total;
}

AuthorityWeight Round::equivocation_weight(Phase phase) const {
  AuthorityWeight total = 0;
  for (size_t voter = 0; voter < voters_->size(); ++voter) {
    if (equivocators_[slot(phase)].test(voter)) {
      total = add_saturating(total, voters_->weight(voter));
    }
  }
  return total;
}

bool Round::has_voted(size_t voter, Phase phase) const {
  return voter < votes_[slot(phase)].size() && votes_[slot(phase)][voter].first.has_value();
}

ImportResult Round::import_prevote(const ChainAccess& chain, const Prevote& prevote,
                                   const AuthorityId& id, const AuthoritySignature& signature) {
  return import_vote(chain, Phase::kPrevote, prevote.target(), id, signature);
}

ImportResult Round::import_precommit(const ChainAccess& chain, const Precommit& precommit,
                                     const AuthorityId& id, const AuthoritySignature& signature) {
  return import_vote(chain, Phase::kPrecommit, precommit.target(), id, signature);
}

ImportResult Round::import_vote(const ChainAccess& chain, Phase phase, const BlockRef& target,
                                const AuthorityId& id, const AuthoritySignature& signature) {
  ImportResult result;
  auto voter = voters_->index_of(id);
  if (!voter) return result;
  result.valid_voter = true;

  VoterVotes& tracked = votes_[slot(phase)][*voter];
  const TrackedVote vote{target, signature};
  if ((tracked.first && *tracked.first == vote) || (tracked.second && *tracked.second == vote)) {
    result.duplicated = true;
    return result;
  }
  // round.rs VoteTracker::add_vote: past the first equivocation there is nothing more to learn.
  if (tracked.second) return result;

  if (!tracked.first) {
    if (!graph_.insert(target, *voter, phase, chain)) {
      result.not_descendant = true;
      return result;
    }
    tracked.first = vote;
    weight_[slot(phase)] = add_saturating(weight_[slot(phase)], voters_->weight(*voter));
  } else {
    if (!graph_.descends_from_base(target, chain)) {
      result.not_descendant = true;
      return result;
    }
    // The first vote stays in the graph; the equivocator's weight now counts everywhere.
    tracked.second = vote;
    equivocators_[slot(phase)].set(*voter);
    Equivocation equivocation;
    equivocation.round = number_;
    equivocation.phase = phase;
    equivocation.identity = id;
    equivocation.first = {message_of(phase, tracked.first->target), tracked.first->signature, id};
    equivocation.second = {message_of(phase, target), signature, id};
    equivocations_.push_back(equivocation);
    result.equivocation = equivocation;
  }

  if (phase == Phase::kPrevote) {
    const AuthorityWeight threshold = this->threshold();
    if (weight_[0] >= threshold) {
      prevote_ghost_ = graph_.find_ghost(prevote_ghost_, [&](const CumulativeVotes& votes) {
        return weight_of(votes, Phase::kPrevote) >= threshold;
      });
    }
  }
  update();
  return result;
}

// round.rs `update`: the finalized block, the estimate and completability, recomputed from the
// prevote-GHOST whenever a vote arrives.
void Round::update() {
  const AuthorityWeight threshold = this->threshold();
  if (weight_[0] < threshold || !prevote_ghost_) return;
  const BlockRef ghost = *prevote_ghost_;
  const AuthorityWeight current_precommits = weight_[1];

  if (current_precommits >= threshold) {
    finalized_ = graph_.find_ancestor(ghost, [&](const CumulativeVotes& votes) {
      return weight_of(votes, Phase::kPrecommit) >= threshold;
    });
  }

  // Could `votes`' block still reach supermajority precommits? Voters not heard from may all
  // precommit it, and voters already heard from elsewhere may still equivocate onto it, up to the
  // total - threshold weight of equivocation the protocol tolerates. Weight already on the block
  // cannot be discounted because of those possible future equivocations.
  const AuthorityWeight total = voters_->total_weight();
  const AuthorityWeight additional_equivocations =
      sub_saturating(sub_saturating(total, threshold), equivocation_weight(Phase::kPrecommit));
  const AuthorityWeight remaining_precommits = sub_saturating(total, current_precommits);
  auto possible_to_precommit = [&](const CumulativeVotes& votes) {
    const AuthorityWeight precommitted_for = weight_of(votes, Phase::kPrecommit);
    const AuthorityWeight possible_equivocations =
        std::min(sub_saturating(current_precommits, precommitted_for), additional_equivocations);
    return add_saturating(add_saturating(precommitted_for, remaining_precommits),
                          possible_equivocations) >= threshold;
  };

  // Below threshold precommits any block could still get a supermajority, so the estimate is the
  // prevote-GHOST itself (and completability stays as it was).
  if (current_precommits < threshold) {
    estimate_ = ghost;
    return;
  }
  estimate_ = graph_.find_ancestor(ghost, possible_to_precommit);
  completable_ = false;
  if (estimate_) {
    if (estimate_->hash != ghost.hash) {
      completable_ = true;
    } else {
      // The estimate is the prevote-GHOST: completable if no descendant could still be committed.
      auto beyond = graph_.find_ghost(estimate_, possible_to_precommit);
      completable_ = !beyond || *beyond == ghost;
    }
  }
}

std::optional<BlockRef> Round::precommit_ghost() const {
  const AuthorityWeight threshold = this->threshold();
  if (weight_[1] < threshold) return std::nullopt;
  return graph_.find_ghost(std::nullopt, [&](const CumulativeVotes& votes) {
    return weight_of(votes, Phase::kPrecommit) >= threshold;
  });
}

std::vector<SignedPrecommit> Round::finalizing_precommits(const ChainAccess& chain) const {
  std::vector<SignedPrecommit> out;
  if (!finalized_) return out;
  const BlockHash& finalized = finalized_->hash;
  auto signed_precommit = [&](size_t voter, const TrackedVote& vote) {
    return SignedPrecommit{
        {vote.target.hash, vote.target.number}, vote.signature, voters_->id(voter)};
  };
  for (size_t voter = 0; voter < voters_->size(); ++voter) {
    const VoterVotes& tracked = votes_[1][voter];
    if (!tracked.first) continue;
    // First votes are in the graph, so ancestry is answered locally.
    const bool first_above = graph_.is_ancestor_or_equal(finalized, tracked.first->target.hash);
    if (!tracked.second) {
      if (first_above) out.push_back(signed_precommit(voter, *tracked.first));
      continue;
    }
    // finality-grandpa includes both votes of an equivocator whatever they target; a vote off the
    // finalized chain would make the justification fail its ancestry check (justification.rs),
    // so only votes on that chain are kept, and a lone vote below the finalized block (which
    // would no longer count for it once its twin is dropped) is left out too.
    const bool first_on_chain =
        first_above || graph_.is_ancestor_or_equal(tracked.first->target.hash, finalized);
    const BlockHash& second_target = tracked.second->target.hash;
    const bool second_above = is_equal_or_descendant_of(chain, finalized, second_target);
    const bool second_on_chain =
        second_above || is_equal_or_descendant_of(chain, second_target, finalized);
    if (first_on_chain && second_on_chain) {
      out.push_back(signed_precommit(voter, *tracked.first));
      out.push_back(signed_precommit(voter, *tracked.second));
    } else if (first_above) {
      out.push_back(signed_precommit(voter, *tracked.first));
    } else if (second_above) {
      out.push_back(signed_precommit(voter, *tracked.second));
    }
  }
  return out;
}

std::vector<SignedPrevote> Round::prevotes() const {
  std::vector<SignedPrevote> out;
  for (size_t voter = 0; voter < voters_->size(); ++voter) {
    for (const auto* vote : {&votes_[0][voter].first, &votes_[0][voter].second}) {
      if (*vote) {
        out.push_back({{(*vote)->target.hash, (*vote)->target.number},
                       (*vote)->signature,
                       voters_->id(voter)});
      }
    }
  }
  return out;
}

std::vector<SignedPrecommit> Round::precommits() const {
  std::vector<SignedPrecommit> out;
  for (size_t voter = 0; voter < voters_->size(); ++voter) {
    for (const auto* vote : {&votes_[1][voter].first, &votes_[1][voter].second}) {
      if (*vote) {
        out.push_back({{(*vote)->target.hash, (*vote)->target.number},
                       (*vote)->signature,
                       voters_->id(voter)});
      }
    }
  }
  return out;
}

}  // namespace canary::consensus::grandpa
