// Star balancing (sp-npos-elections balancing.rs): each round moves every voter's stake, voter
// by voter in order, to even out the backed stakes of the elected candidates it votes for. Stops
// after `iterations` rounds, or after a round in which no voter moved more than `tolerance`.
// Weights may come out zero (the edges stay) and a voter may need normalising afterwards.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/npos/election.hpp"
#include "runtime/framework/npos/types.hpp"

namespace canary::rt::npos {

// One voter's balancing step (balance_voter); returns how far it was from balanced (the spread
// of the backed stakes it spends on plus its unspent budget), or its budget when it spent on none.
template <class A>
ExtendedBalance balance_voter(Election<A>& election, Voter<A>& voter, ExtendedBalance tolerance) {
  using arithmetic::saturating_add;
  using arithmetic::saturating_mul;
  using arithmetic::saturating_sub;
  auto& candidates = election.candidates;

  std::vector<Edge*> elected;
  elected.reserve(voter.edges.size());
  for (Edge& e : voter.edges) {
    if (candidates[e.candidate].elected) elected.push_back(&e);
  }
  // No edge or a single one (a self vote): nothing to balance.
  if (elected.size() <= 1) return 0;

  ExtendedBalance stake_used = 0;
  ExtendedBalance min_stake = arithmetic::kU128Max;
  ExtendedBalance max_spent_on = 0;
  bool spent_on_any = false;
  for (const Edge* e : elected) {
    const ExtendedBalance backed = candidates[e->candidate].backed_stake;
    stake_used = saturating_add(stake_used, e->weight);
    min_stake = std::min(min_stake, backed);
    if (e->weight > 0) {
      max_spent_on = spent_on_any ? std::max(max_spent_on, backed) : backed;
      spent_on_any = true;
    }
  }
  ExtendedBalance difference = voter.budget;
  if (spent_on_any) {
    difference = saturating_add(saturating_sub(max_spent_on, min_stake),
                                saturating_sub(voter.budget, stake_used));
    if (difference < tolerance) return difference;
  }

  // Take the voter's stake out of every elected candidate ...
  for (Edge* e : elected) {
    Candidate<A>& c = candidates[e->candidate];
    c.backed_stake = saturating_sub(c.backed_stake, e->weight);
    e->weight = 0;
  }
  // By backed stake, equal ones in edge order (Rust's stable sort; the pointers are in that
  // order).
  std::sort(elected.begin(), elected.end(), [&](const Edge* x, const Edge* y) {
    const ExtendedBalance a = candidates[x->candidate].backed_stake;
    const ExtendedBalance b = candidates[y->candidate].backed_stake;
    return a != b ? a < b : x < y;
  });

  // ... and pour it back into the least backed ones, levelling them up to a common stake.
  ExtendedBalance cumulative = 0;
  size_t last_index = elected.size() - 1;
  for (size_t index = 0; index < elected.size(); ++index) {
    const ExtendedBalance backed = candidates[elected[index]->candidate].backed_stake;
    const ExtendedBalance temp = saturating_mul(backed, static_cast<ExtendedBalance>(index));
    if (saturating_sub(temp, cumulative) > voter.budget) {
      last_index = index == 0 ? 0 : index - 1;
      break;
    }
    cumulative = saturating_add(cumulative, backed);
  }
  const ExtendedBalance last_stake = candidates[elected[last_index]->candidate].backed_stake;
  const size_t ways_to_split = last_index + 1;
  const ExtendedBalance excess =
      saturating_sub(saturating_add(voter.budget, cumulative),
                     saturating_mul(last_stake, static_cast<ExtendedBalance>(ways_to_split)));
  for (size_t i = 0; i < ways_to_split; ++i) {
    Candidate<A>& c = candidates[elected[i]->candidate];
    const ExtendedBalance weight =
        saturating_sub(saturating_add(excess / ways_to_split, last_stake), c.backed_stake);
    elected[i]->weight = weight;
    c.backed_stake = saturating_add(c.backed_stake, weight);
  }
  // Dividing the excess may leave the voter slightly off its budget; an unnormalised voter is
  // not corrupt, so a failure is ignored.
  (void)election.try_normalize_elected(voter);
  return difference;
}

// Balances the voters (balance): the number of rounds run (0 for zero iterations).
template <class A>
size_t balance(Election<A>& election, const BalancingConfig& config) {
  if (config.iterations == 0) return 0;
  size_t iterations = 0;
  while (true) {
    ExtendedBalance max_diff = 0;
    for (Voter<A>& voter : election.voters) {
      max_diff = std::max(max_diff, balance_voter(election, voter, config.tolerance));
    }
    ++iterations;
    if (max_diff <= config.tolerance || iterations >= config.iterations) return iterations;
  }
}

}  // namespace canary::rt::npos
