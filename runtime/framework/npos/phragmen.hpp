// Sequential Phragmén (sp-npos-elections phragmen.rs), with the SDK's exact arithmetic.
//
// Each round elects the unelected candidate of the smallest score, the first of equal ones.
// A candidate's score is the load its election would put on its voters, over DEN = u128::MAX:
//   n = DEN / approval + sum over its voters v of floor(load_v.n * budget_v / approval)
// (each term u128::MAX when it does not fit, the sum saturating at u128::MAX), or u128::MAX / 1
// for a candidate nobody approves. The winner's voters then carry its score as their load, the
// edge the difference. At the end each edge to a winner gets budget * edge load / voter load
// (rounded down), edges without weight are removed, and each voter's weights are normalised to
// its budget.
//
// The SDK recomputes every score from scratch every round (all edges, every round). A score
// only changes when one of its voters' loads does, and a saturating sum of non-negative terms
// does not depend on their order, so here each candidate keeps the exact (256-bit) sum of its
// terms and a round recomputes only the terms of the winner's voters: the same scores, hence the
// same winners. The work per voter is (its targets among the winners) x (its edges) instead of
// rounds x edges.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/rational.hpp"
#include "runtime/framework/arithmetic/rounding.hpp"
#include "runtime/framework/npos/balancing.hpp"
#include "runtime/framework/npos/election.hpp"
#include "runtime/framework/npos/types.hpp"

namespace canary::rt::npos {

namespace detail {

// A non-negative sum kept exactly in 256 bits (a candidate's score terms).
struct Wide {
  u128 hi = 0;
  u128 lo = 0;

  void add(u128 x) {
    const u128 sum = lo + x;
    if (sum < lo) ++hi;
    lo = sum;
  }
  void sub(u128 x) {
    if (lo < x) --hi;
    lo -= x;
  }
  // base + this, saturating at u128::MAX.
  u128 saturated_plus(u128 base) const {
    if (hi != 0) return arithmetic::kU128Max;
    return arithmetic::saturating_add(base, lo);
  }
};

}  // namespace detail

// seq_phragmen_core: elects min(to_elect, candidates) candidates in `election` (marks them
// elected with their round, sets their scores and backed stakes), and leaves each voter only its
// edges with weight, normalised to the budget. Error only when a normalisation fails.
template <class A>
Result<void, Error> seq_phragmen_core(size_t to_elect, Election<A>& election) {
  constexpr u128 kDen = arithmetic::kU128Max;
  auto& candidates = election.candidates;
  auto& voters = election.voters;
  const size_t n_candidates = candidates.size();
  to_elect = std::min(to_elect, n_candidates);

  // Edges are matched to a winner by the target's id, as the SDK does: the candidate an id's
  // votes go to is the last entry with that id (setup_inputs), so an entry's "canonical" index.
  std::vector<uint32_t> canonical(n_candidates);
  {
    std::vector<uint32_t> order(n_candidates);
    for (size_t i = 0; i < n_candidates; ++i) order[i] = static_cast<uint32_t>(i);
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      if (candidates[x].who < candidates[y].who) return true;
      if (candidates[y].who < candidates[x].who) return false;
      return x < y;
    });
    for (size_t i = 0; i < n_candidates;) {
      size_t j = i;
      while (j + 1 < n_candidates && candidates[order[j + 1]].who == candidates[order[i]].who) ++j;
      for (size_t k = i; k <= j; ++k) canonical[order[k]] = order[j];
      i = j + 1;
    }
  }

  // The backers of each candidate: (voter, edge) in voter order, as a flat list per candidate.
  std::vector<uint32_t> backer_start(n_candidates + 1, 0);
  std::vector<size_t> edge_start(voters.size() + 1, 0);
  for (size_t v = 0; v < voters.size(); ++v) {
    edge_start[v + 1] = edge_start[v] + voters[v].edges.size();
    for (const Edge& e : voters[v].edges) ++backer_start[e.candidate + 1];
  }
  for (size_t c = 0; c < n_candidates; ++c) backer_start[c + 1] += backer_start[c];
  struct Backer {
    uint32_t voter;
    uint32_t edge;
  };
  std::vector<Backer> backers(backer_start[n_candidates]);
  {
    std::vector<uint32_t> fill(backer_start.begin(), backer_start.end() - 1);
    for (size_t v = 0; v < voters.size(); ++v) {
      for (size_t i = 0; i < voters[v].edges.size(); ++i) {
        backers[fill[voters[v].edges[i].candidate]++] = {static_cast<uint32_t>(v),
                                                         static_cast<uint32_t>(i)};
      }
    }
  }

  // Each edge's current score term, and each candidate's sum of them. Loads start at zero, so
  // every term does.
  std::vector<u128> term(edge_start.back(), 0);
  std::vector<detail::Wide> sums(n_candidates);
  std::vector<u128> base(n_candidates, 0);
  for (size_t c = 0; c < n_candidates; ++c) {
    if (candidates[c].approval_stake != 0) base[c] = kDen / candidates[c].approval_stake;
  }

  for (size_t round = 0; round < to_elect; ++round) {
    // The unelected candidate with the smallest score; the first of equal ones. Everyone
    // approved has a score n / DEN <= 1, below the u128::MAX / 1 of those nobody approves.
    size_t winner = n_candidates;
    bool winner_approved = false;
    u128 winner_n = 0;
    for (size_t c = 0; c < n_candidates; ++c) {
      if (candidates[c].elected) continue;
      const bool approved = candidates[c].approval_stake != 0;
      const u128 n = approved ? sums[c].saturated_plus(base[c]) : arithmetic::kU128Max;
      const bool better = winner == n_candidates || (approved && !winner_approved) ||
                          (approved == winner_approved && n < winner_n);
      if (better) {
        winner = c;
        winner_approved = approved;
        winner_n = n;
      }
    }
    if (winner == n_candidates) break;

    Candidate<A>& w = candidates[winner];
    w.score = winner_approved ? Rational128::from(winner_n, kDen) : Rational128::max_value();
    w.elected = true;
    w.round = round;

    const uint32_t target = canonical[winner];
    for (uint32_t b = backer_start[target]; b < backer_start[target + 1]; ++b) {
      Voter<A>& voter = voters[backers[b].voter];
      voter.edges[backers[b].edge].load = w.score.lazy_saturating_sub(voter.load);
      voter.load = w.score;
      // The voter's terms for the candidates still running change with its load.
      const size_t first = edge_start[backers[b].voter];
      for (size_t i = 0; i < voter.edges.size(); ++i) {
        const uint32_t c = voter.edges[i].candidate;
        const Candidate<A>& candidate = candidates[c];
        if (candidate.elected || candidate.approval_stake == 0) continue;
        const u128 t =
            arithmetic::multiply_by_rational(voter.load.n(), voter.budget, candidate.approval_stake,
                                             arithmetic::Rounding::kDown)
                .value_or(arithmetic::kU128Max);
        u128& old = term[first + i];
        sums[c].sub(old);
        sums[c].add(t);
        old = t;
      }
    }
  }

  // The backing each edge to a winner receives; the others are removed.
  for (Voter<A>& voter : voters) {
    for (Edge& e : voter.edges) {
      Candidate<A>& c = candidates[e.candidate];
      if (c.elected) {
        e.weight = arithmetic::multiply_by_rational(voter.budget, e.load.n(), voter.load.n(),
                                                    arithmetic::Rounding::kDown)
                       .value_or(arithmetic::kU128Max);
      } else {
        e.weight = 0;
      }
      c.backed_stake = arithmetic::saturating_add(c.backed_stake, e.weight);
    }
    std::erase_if(voter.edges, [](const Edge& e) { return e.weight == 0; });
    if (!election.try_normalize_elected(voter)) return unexpected(Error::kArithmeticError);
  }
  return {};
}

// The winners in election order with their backed stakes (the elected candidates, at most
// `to_elect`, sorted by round).
template <class A>
std::vector<std::pair<A, ExtendedBalance>> winners_by_round(const Election<A>& election,
                                                            size_t to_elect) {
  std::vector<const Candidate<A>*> elected;
  for (const Candidate<A>& c : election.candidates) {
    if (elected.size() == to_elect) break;
    if (c.elected) elected.push_back(&c);
  }
  // By round, equal rounds in candidate order (a stable sort; the pointers are in that order).
  std::sort(elected.begin(), elected.end(), [](const Candidate<A>* x, const Candidate<A>* y) {
    return x->round != y->round ? x->round < y->round : x < y;
  });
  std::vector<std::pair<A, ExtendedBalance>> winners;
  winners.reserve(elected.size());
  for (const Candidate<A>* c : elected) winners.emplace_back(c->who, c->backed_stake);
  return winners;
}

// seq_phragmen: sequential Phragmén over the inputs, optionally followed by balancing; the
// winners in election order with their backing, each voter's ratios over them normalised to one.
// Best effort: fewer candidates than `to_elect` elect them all, and candidates nobody votes for
// are elected (with zero backing) when there are seats left; callers strip those. The voters are
// VoterInput<A> or, without copying their targets, VoterView<A>.
template <arithmetic::PerThingType P, class A, class V = VoterInput<A>>
Result<ElectionResult<A, P>, Error> seq_phragmen(size_t to_elect, std::span<const A> candidates,
                                                 std::span<const V> voters,
                                                 std::optional<BalancingConfig> balancing) {
  Election<A> election = setup_inputs<A, V>(candidates, voters);
  CANARY_TRY(seq_phragmen_core(to_elect, election));
  if (balancing) balance(election, *balancing);
  ElectionResult<A, P> result;
  result.winners = winners_by_round(election, to_elect);
  CANARY_TRY_ASSIGN(result.assignments, (normalized_assignments<A, P>(election)));
  return result;
}

// The same over vectors (the account type deduced).
template <arithmetic::PerThingType P, class A>
Result<ElectionResult<A, P>, Error> seq_phragmen(size_t to_elect, const std::vector<A>& candidates,
                                                 const std::vector<VoterInput<A>>& voters,
                                                 std::optional<BalancingConfig> balancing) {
  return seq_phragmen<P, A>(to_elect, std::span<const A>(candidates),
                            std::span<const VoterInput<A>>(voters), balancing);
}

}  // namespace canary::rt::npos
