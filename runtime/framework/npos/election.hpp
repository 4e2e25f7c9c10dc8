// The algorithms' working state (sp-npos-elections lib.rs: Candidate, Edge, Voter,
// setup_inputs). The SDK links edges to candidates with Rc<RefCell<Candidate>>; here an
// Election owns the candidates in one vector and an edge holds its candidate's index, so every
// operation that touches a candidate through an edge (normalising a voter moves the candidates'
// backed stakes) takes the Election.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/normalize.hpp"
#include "runtime/framework/arithmetic/rational.hpp"
#include "runtime/framework/npos/types.hpp"

namespace canary::rt::npos {

using arithmetic::Rational128;

template <class A>
struct Candidate {
  A who{};
  // seq-Phragmén: the load a win would put on the voters (minimised); PhragMMS: the score
  // (maximised).
  Rational128 score;
  // The sum of the stakes of the voters who approve this candidate.
  ExtendedBalance approval_stake = 0;
  // The stake finally backing it (part of the approval stake).
  ExtendedBalance backed_stake = 0;
  bool elected = false;
  // The round it was elected in.
  size_t round = 0;
};

// A vote of a voter for a candidate (the index into Election::candidates).
struct Edge {
  uint32_t candidate = 0;
  // seq-Phragmén's load of this edge.
  Rational128 load;
  // The stake the voter gives the candidate.
  ExtendedBalance weight = 0;
};

template <class A>
struct Voter {
  A who{};
  std::vector<Edge> edges;
  ExtendedBalance budget = 0;
  Rational128 load;
};

template <class A>
struct Election {
  std::vector<Candidate<A>> candidates;
  std::vector<Voter<A>> voters;

  const A& target_of(const Edge& edge) const { return candidates[edge.candidate].who; }
  bool is_elected(const Edge& edge) const { return candidates[edge.candidate].elected; }

  // Normalises the weights of the voter's edges (all of them, or only those to elected
  // candidates) to its budget, moving the candidates' backed stakes by the change
  // (Voter::try_normalize, try_normalize_elected). False, nothing changed, when the weights'
  // sum does not fit u128.
  bool try_normalize(Voter<A>& voter) { return normalize_edges(voter, false); }
  bool try_normalize_elected(Voter<A>& voter) { return normalize_edges(voter, true); }

  // The voter's edges as ratios of its budget (rounded down), zero ratios dropped; nullopt when
  // none is left (Voter::into_assignment). Not normalised.
  template <arithmetic::PerThingType P>
  std::optional<Assignment<A, P>> into_assignment(const Voter<A>& voter) const {
    Assignment<A, P> out{voter.who, {}};
    out.distribution.reserve(voter.edges.size());
    for (const Edge& e : voter.edges) {
      const P p = P::from_rational(e.weight, voter.budget);
      if (!p.is_zero()) out.distribution.emplace_back(target_of(e), p);
    }
    if (out.distribution.empty()) return std::nullopt;
    return out;
  }

 private:
  bool normalize_edges(Voter<A>& voter, bool elected_only) {
    std::vector<ExtendedBalance> weights;
    weights.reserve(voter.edges.size());
    for (const Edge& e : voter.edges) {
      if (!elected_only || is_elected(e)) weights.push_back(e.weight);
    }
    auto normalized = arithmetic::normalize<ExtendedBalance>(
        std::span<const ExtendedBalance>(weights), voter.budget);
    if (!normalized) return false;
    size_t i = 0;
    for (Edge& e : voter.edges) {
      if (elected_only && !is_elected(e)) continue;
      Candidate<A>& c = candidates[e.candidate];
      c.backed_stake = arithmetic::saturating_sub(c.backed_stake, e.weight);
      e.weight = (*normalized)[i++];
      c.backed_stake = arithmetic::saturating_add(c.backed_stake, e.weight);
    }
    return true;
  }
};

// The working state for the inputs (setup_inputs): a candidate per entry, in order (an id given
// twice makes two candidates; votes go to the last of them); a voter per input with at least one
// vote for a candidate, each target once (the first time it is named), the voter's stake added
// to the approval stake of each. Voters with no valid target are dropped.
// V: VoterInput<A> or VoterView<A> (who, stake, targets).
template <class A, class V>
Election<A> setup_inputs(std::span<const A> candidates, std::span<const V> voters) {
  Election<A> election;
  election.candidates.reserve(candidates.size());
  for (const A& who : candidates) election.candidates.push_back(Candidate<A>{who});

  // (id, index) sorted by id; for an id given twice, the last index is the one kept.
  std::vector<std::pair<const A*, uint32_t>> index;
  index.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    index.emplace_back(&candidates[i], static_cast<uint32_t>(i));
  }
  std::sort(index.begin(), index.end(), [](const auto& x, const auto& y) {
    if (*x.first < *y.first) return true;
    if (*y.first < *x.first) return false;
    return x.second < y.second;
  });
  const auto find = [&index](const A& who) -> std::optional<uint32_t> {
    // The last entry not greater than `who`.
    auto it = std::upper_bound(index.begin(), index.end(), who,
                               [](const A& w, const auto& entry) { return w < *entry.first; });
    if (it == index.begin()) return std::nullopt;
    --it;
    if (!(*it->first == who)) return std::nullopt;
    return it->second;
  };

  election.voters.reserve(voters.size());
  for (const V& input : voters) {
    Voter<A> voter{input.who, {}, input.stake, Rational128::zero()};
    voter.edges.reserve(input.targets.size());
    for (const A& target : input.targets) {
      const auto c = find(target);
      if (!c) continue;
      const bool duplicate = std::any_of(voter.edges.begin(), voter.edges.end(),
                                         [&](const Edge& e) { return e.candidate == *c; });
      if (duplicate) continue;
      Candidate<A>& candidate = election.candidates[*c];
      candidate.approval_stake = arithmetic::saturating_add(candidate.approval_stake, input.stake);
      voter.edges.push_back(Edge{*c, Rational128::zero(), 0});
    }
    if (!voter.edges.empty()) election.voters.push_back(std::move(voter));
  }
  return election;
}

// The voters' assignments (into_assignment), each normalised to one (Assignment::try_normalize).
template <class A, arithmetic::PerThingType P>
Result<std::vector<Assignment<A, P>>, Error> normalized_assignments(const Election<A>& election) {
  std::vector<Assignment<A, P>> assignments;
  assignments.reserve(election.voters.size());
  for (const Voter<A>& voter : election.voters) {
    auto assignment = election.template into_assignment<P>(voter);
    if (!assignment) continue;
    if (!assignment->try_normalize()) return unexpected(Error::kArithmeticError);
    assignments.push_back(std::move(*assignment));
  }
  return assignments;
}

// setup_inputs over vectors (the account type deduced).
template <class A>
Election<A> setup_inputs(const std::vector<A>& candidates,
                         const std::vector<VoterInput<A>>& voters) {
  return setup_inputs<A, VoterInput<A>>(std::span<const A>(candidates),
                                        std::span<const VoterInput<A>>(voters));
}

}  // namespace canary::rt::npos
