// PhragMMS (sp-npos-elections phragmms.rs): each round elects the candidate of the largest score
// (calculate_max_score), moves stake to it from its voters' better-backed winners
// (apply_elected), and optionally balances. Unlike seq-Phragmén, a candidate nobody approves is
// never elected, and the per-thing P sets the accuracy of the scores.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/rational.hpp"
#include "runtime/framework/npos/balancing.hpp"
#include "runtime/framework/npos/election.hpp"
#include "runtime/framework/npos/types.hpp"

namespace canary::rt::npos {

// Scores every candidate: approval_stake * ACC over (ACC + the sum, over its voters, of the
// shares in parts of P those voters hold of their elected candidates' backing); zero for a
// candidate nobody approves. Returns the index of the unelected candidate of the largest
// (positive) score, the first of equal ones, or nullopt (calculate_max_score).
template <arithmetic::PerThingType P, class A>
std::optional<size_t> calculate_max_score(Election<A>& election) {
  auto& candidates = election.candidates;
  const u128 one = static_cast<u128>(P::kAccuracy);
  for (Candidate<A>& c : candidates) {
    if (!c.elected) c.score = Rational128::from(1, one);
  }
  for (const Voter<A>& voter : election.voters) {
    ExtendedBalance denominator_contribution = 0;
    for (const Edge& e : voter.edges) {
      const Candidate<A>& c = candidates[e.candidate];
      if (c.elected) {
        denominator_contribution += P::from_rational(e.weight, c.backed_stake).deconstruct();
      }
    }
    for (const Edge& e : voter.edges) {
      Candidate<A>& c = candidates[e.candidate];
      if (!c.elected) c.score = Rational128::from(1, denominator_contribution + c.score.d());
    }
  }

  Rational128 best = Rational128::zero();
  std::optional<size_t> best_candidate;
  for (size_t i = 0; i < candidates.size(); ++i) {
    Candidate<A>& c = candidates[i];
    if (c.approval_stake > 0) {
      const u128 n = c.approval_stake > arithmetic::kU128Max / one ? arithmetic::kU128Max
                                                                   : c.approval_stake * one;
      c.score = Rational128::from(n, c.score.d());
      if (!c.elected && c.score > best) {
        best = c.score;
        best_candidate = i;
      }
    } else {
      c.score = Rational128::zero();
    }
  }
  return best_candidate;
}

// Gives the newly elected candidate each of its voters' unspent budget, plus from each of the
// voter's other edges with weight whose candidate is backed above the winner's score (as an
// integer, nearest) the share weight * cutoff / backed_stake (apply_elected).
template <class A>
void apply_elected(Election<A>& election, size_t elected_index) {
  auto& candidates = election.candidates;
  const u128 cutoff = candidates[elected_index]
                          .score.to_den(1)
                          .value_or(Rational128::from_integer(arithmetic::kU128Max))
                          .n();
  ExtendedBalance elected_backed_stake = candidates[elected_index].backed_stake;
  for (Voter<A>& voter : election.voters) {
    size_t new_edge = voter.edges.size();
    for (size_t i = 0; i < voter.edges.size(); ++i) {
      if (voter.edges[i].candidate == elected_index) {
        new_edge = i;
        break;
      }
    }
    if (new_edge == voter.edges.size()) continue;
    ExtendedBalance used_budget = 0;
    for (const Edge& e : voter.edges) used_budget += e.weight;
    ExtendedBalance new_edge_weight = arithmetic::saturating_sub(voter.budget, used_budget);
    elected_backed_stake = arithmetic::saturating_add(elected_backed_stake, new_edge_weight);
    for (size_t i = 0; i < voter.edges.size(); ++i) {
      Edge& e = voter.edges[i];
      if (i == new_edge || e.weight == 0) continue;
      Candidate<A>& c = candidates[e.candidate];
      if (c.backed_stake > cutoff) {
        const ExtendedBalance stake_to_take =
            arithmetic::saturating_mul(e.weight, cutoff) / std::max<u128>(c.backed_stake, 1);
        e.weight = arithmetic::saturating_sub(e.weight, stake_to_take);
        c.backed_stake = arithmetic::saturating_sub(c.backed_stake, stake_to_take);
        elected_backed_stake = arithmetic::saturating_add(elected_backed_stake, stake_to_take);
        new_edge_weight = arithmetic::saturating_add(new_edge_weight, stake_to_take);
      }
    }
    voter.edges[new_edge].weight = new_edge_weight;
  }
  candidates[elected_index].backed_stake = elected_backed_stake;
}

// phragmms: up to `to_elect` rounds (fewer when no candidate with approval is left); the winners
// in election order with their backing, each voter's ratios normalised to one.
template <arithmetic::PerThingType P, class A>
Result<ElectionResult<A, P>, Error> phragmms(size_t to_elect, std::span<const A> candidates,
                                             std::span<const VoterInput<A>> voters,
                                             std::optional<BalancingConfig> balancing) {
  Election<A> election = setup_inputs(candidates, voters);
  std::vector<size_t> winners;
  for (size_t round = 0; round < to_elect; ++round) {
    const auto winner = calculate_max_score<P>(election);
    if (!winner) break;
    apply_elected(election, *winner);
    election.candidates[*winner].round = round;
    election.candidates[*winner].elected = true;
    winners.push_back(*winner);
    if (balancing) balance(election, *balancing);
  }
  ElectionResult<A, P> result;
  CANARY_TRY_ASSIGN(result.assignments, (normalized_assignments<A, P>(election)));
  result.winners.reserve(winners.size());
  for (const size_t w : winners) {
    result.winners.emplace_back(election.candidates[w].who, election.candidates[w].backed_stake);
  }
  return result;
}

// The same over vectors (the account type deduced).
template <arithmetic::PerThingType P, class A>
Result<ElectionResult<A, P>, Error> phragmms(size_t to_elect, const std::vector<A>& candidates,
                                             const std::vector<VoterInput<A>>& voters,
                                             std::optional<BalancingConfig> balancing) {
  return phragmms<P, A>(to_elect, std::span<const A>(candidates),
                        std::span<const VoterInput<A>>(voters), balancing);
}

}  // namespace canary::rt::npos
