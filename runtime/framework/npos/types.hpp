// sp-npos-elections' vocabulary (substrate/primitives/npos-elections/src/lib.rs, assignments.rs):
// the score of an election and its ordering, the balancing configuration, the inputs, and the two
// shapes of a result: voter-major assignments (ratios or stakes) and target-major supports.
//
// Every type is a template over the account id `A` where the SDK is generic (tests use small
// integers, the runtime AccountId32). `A` needs ==, < (supports are ordered by target, as the
// SDK's BTreeMap) and a default constructor.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/normalize.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::npos {

// The weight of a vote, most often the voter's stake (VoteWeight).
using VoteWeight = uint64_t;
// What the algorithms compute in (ExtendedBalance).
using ExtendedBalance = u128;

// The errors of the crate that the algorithms here can return (sp_npos_elections::Error).
enum class Error : uint8_t {
  kArithmeticError,  // a normalisation failed (a sum does not fit)
  kInvalidSupportEdge,
};

// The score of an election: the smallest backing (maximised), the sum of the backings
// (maximised), the sum of their squares (minimised). SCALE: the three u128 in this order.
struct ElectionScore {
  ExtendedBalance minimal_stake = 0;
  ExtendedBalance sum_stake = 0;
  ExtendedBalance sum_stake_squared = 0;

  static constexpr ElectionScore max() {
    return {arithmetic::kU128Max, arithmetic::kU128Max, arithmetic::kU128Max};
  }

  // Ord: lexicographic over (minimal_stake, sum_stake, -sum_stake_squared).
  friend constexpr std::strong_ordering operator<=>(const ElectionScore& a,
                                                    const ElectionScore& b) {
    if (auto c = a.minimal_stake <=> b.minimal_stake; c != 0) return c;
    if (auto c = a.sum_stake <=> b.sum_stake; c != 0) return c;
    return b.sum_stake_squared <=> a.sum_stake_squared;
  }
  friend constexpr bool operator==(const ElectionScore&, const ElectionScore&) = default;

  // Whether this score is better than `other` by more than `threshold` of it, in order of
  // significance (strict_threshold_better): more than threshold better in the minimal stake; or
  // not worse and within threshold there, and more than threshold better in the sum; or not worse
  // and within threshold in both, and more than threshold lower in the sum of squares.
  template <arithmetic::PerThingType P>
  constexpr bool strict_threshold_better(const ElectionScore& other, P threshold) const {
    const ExtendedBalance mine[3] = {minimal_stake, sum_stake, sum_stake_squared};
    const ExtendedBalance theirs[3] = {other.minimal_stake, other.sum_stake,
                                       other.sum_stake_squared};
    bool ge[3] = {};
    std::strong_ordering ord[3] = {std::strong_ordering::equal, std::strong_ordering::equal,
                                   std::strong_ordering::equal};
    for (size_t i = 0; i < 3; ++i) {
      ge[i] = mine[i] >= theirs[i];
      ord[i] = arithmetic::tcmp(mine[i], theirs[i], threshold.mul_ceil(theirs[i]));
    }
    if (ord[0] == std::strong_ordering::greater) return true;
    if (ge[0] && ord[0] == std::strong_ordering::equal) {
      if (ord[1] == std::strong_ordering::greater) return true;
      if (ge[1] && ord[1] == std::strong_ordering::equal && ord[2] == std::strong_ordering::less) {
        return true;
      }
    }
    return false;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, minimal_stake);
    scale::encode_to(out, sum_stake);
    scale::encode_to(out, sum_stake_squared);
  }
  void scale_decode(scale::Decoder& in) {
    scale::decode_from(in, minimal_stake);
    scale::decode_from(in, sum_stake);
    scale::decode_from(in, sum_stake_squared);
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_npos_elections", "ElectionScore"});
    b.field("minimal_stake", &ElectionScore::minimal_stake, "ExtendedBalance");
    b.field("sum_stake", &ElectionScore::sum_stake, "ExtendedBalance");
    b.field("sum_stake_squared", &ElectionScore::sum_stake_squared, "ExtendedBalance");
  }
};

// `this` better than `that` by more than `epsilon` (strict_threshold_better).
template <arithmetic::PerThingType P>
constexpr bool is_score_better(const ElectionScore& this_score, const ElectionScore& that,
                               P epsilon) {
  return this_score.strict_threshold_better(that, epsilon);
}

// Balancing: at most `iterations` rounds, or until no voter moves more than `tolerance`.
struct BalancingConfig {
  size_t iterations = 0;
  ExtendedBalance tolerance = 0;
};

// One voter of the input: who, the weight of the vote, the targets in order of preference
// (duplicates and targets that are not candidates are dropped).
template <class A>
struct VoterInput {
  A who{};
  VoteWeight stake = 0;
  std::vector<A> targets;
};

// The same over targets the caller owns (an election snapshot's): the solvers take either, and a
// view costs no copy of the targets, which matters in a runtime's bounded heap (12,500 voters of
// 24 targets are ~10 MB).
template <class A>
struct VoterView {
  A who{};
  VoteWeight stake = 0;
  std::span<const A> targets;
};

template <class A, arithmetic::PerThingType P>
struct Assignment;

// A voter's stake spread over targets as amounts (StakedAssignment<AccountId>).
template <class A>
struct StakedAssignment {
  A who{};
  std::vector<std::pair<A, ExtendedBalance>> distribution;

  friend bool operator==(const StakedAssignment&, const StakedAssignment&) = default;

  // The sum of the stakes, saturating (total).
  ExtendedBalance total() const {
    ExtendedBalance sum = 0;
    for (const auto& [target, w] : distribution) sum = arithmetic::saturating_add(sum, w);
    return sum;
  }

  // The stakes as ratios of their total, rounded down; zero ratios dropped (into_assignment).
  template <arithmetic::PerThingType P>
  Assignment<A, P> into_assignment() const {
    const ExtendedBalance stake = total();
    Assignment<A, P> out{who, {}};
    out.distribution.reserve(distribution.size());
    for (const auto& [target, w] : distribution) {
      const P p = P::from_rational(w, stake);
      if (!p.is_zero()) out.distribution.emplace_back(target, p);
    }
    return out;
  }

  // The stakes moved to sum to exactly `stake` (try_normalize); false when their sum does not
  // fit u128.
  bool try_normalize(ExtendedBalance stake) {
    std::vector<ExtendedBalance> weights;
    weights.reserve(distribution.size());
    for (const auto& [target, w] : distribution) weights.push_back(w);
    auto normalized =
        arithmetic::normalize<ExtendedBalance>(std::span<const ExtendedBalance>(weights), stake);
    if (!normalized) return false;
    for (size_t i = 0; i < distribution.size(); ++i) distribution[i].second = (*normalized)[i];
    return true;
  }
};

// A voter's stake spread over targets as ratios (Assignment<AccountId, P>).
template <class A, arithmetic::PerThingType P>
struct Assignment {
  A who{};
  std::vector<std::pair<A, P>> distribution;

  friend bool operator==(const Assignment&, const Assignment&) = default;

  // The ratios as stakes of `stake`: each `p * stake` (nearest, ties down), zero ratios
  // dropped; not normalised (into_staked).
  StakedAssignment<A> into_staked(ExtendedBalance stake) const {
    StakedAssignment<A> out{who, {}};
    out.distribution.reserve(distribution.size());
    for (const auto& [target, p] : distribution) {
      if (!p.is_zero()) out.distribution.emplace_back(target, p.mul(stake));
    }
    return out;
  }

  // The ratios moved to sum to exactly one (try_normalize); false when the sum of the parts does
  // not fit the per-thing's upper type.
  bool try_normalize() {
    std::vector<P> ratios;
    ratios.reserve(distribution.size());
    for (const auto& [target, p] : distribution) ratios.push_back(p);
    auto normalized = arithmetic::normalize<P>(std::span<const P>(ratios), P::one());
    if (!normalized) return false;
    for (size_t i = 0; i < distribution.size(); ++i) distribution[i].second = (*normalized)[i];
    return true;
  }
};

// The outcome: the winners in election order with the stake backing them as the algorithm
// computed it, and each voter's (normalised) ratios over winners.
template <class A, arithmetic::PerThingType P>
struct ElectionResult {
  std::vector<std::pair<A, ExtendedBalance>> winners;
  std::vector<Assignment<A, P>> assignments;
};

// A target's backing: the total and who gave it, in assignment order (Support<AccountId>).
// Supports<A> encodes as Vec<(AccountId, Support)>, as the SDK's (BoundedSupports in EPM).
template <class A>
struct Support {
  ExtendedBalance total = 0;
  std::vector<std::pair<A, ExtendedBalance>> voters;

  friend bool operator==(const Support&, const Support&) = default;

  // SCALE: the total (u128), then the voters (Vec<(AccountId, u128)>).
  CANARY_SCALE_FIELDS(total, voters)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_npos_elections", "Support"});
    b.template param<A>("AccountId");
    b.field("total", &Support::total, "ExtendedBalance");
    b.field("voters", &Support::voters, "Vec<(AccountId, ExtendedBalance)>");
  }
};

// Target-major outcome, ordered by target (Supports<A>: the SDK's SupportMap flattened).
template <class A>
using Supports = std::vector<std::pair<A, Support<A>>>;

// The supports of staked assignments: per target the sum of its stakes (saturating) and the
// voters in assignment order; targets in ascending order (to_supports / to_support_map).
template <class A>
Supports<A> to_supports(std::span<const StakedAssignment<A>> assignments) {
  struct Entry {
    const A* target;
    const A* who;
    ExtendedBalance weight;
    size_t order;
  };
  std::vector<Entry> entries;
  size_t count = 0;
  for (const auto& a : assignments) count += a.distribution.size();
  entries.reserve(count);
  for (const auto& a : assignments) {
    for (const auto& [target, weight] : a.distribution)
      entries.push_back({&target, &a.who, weight, entries.size()});
  }
  // By target, each target's voters in assignment order (the entries are in that order).
  std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
    if (*x.target < *y.target) return true;
    if (*y.target < *x.target) return false;
    return x.order < y.order;
  });
  Supports<A> supports;
  for (const Entry& e : entries) {
    if (supports.empty() || !(supports.back().first == *e.target)) {
      supports.emplace_back(*e.target, Support<A>{});
    }
    Support<A>& s = supports.back().second;
    s.total = arithmetic::saturating_add(s.total, e.weight);
    s.voters.emplace_back(*e.who, e.weight);
  }
  return supports;
}

// The score of a list of backings (evaluate_support): minimum (u128 max for none), sum and sum
// of squares, all saturating.
inline ElectionScore evaluate_totals(std::span<const ExtendedBalance> totals) {
  ElectionScore score{arithmetic::kU128Max, 0, 0};
  for (const ExtendedBalance t : totals) {
    score.sum_stake = arithmetic::saturating_add(score.sum_stake, t);
    score.sum_stake_squared =
        arithmetic::saturating_add(score.sum_stake_squared, arithmetic::saturating_mul(t, t));
    score.minimal_stake = std::min(score.minimal_stake, t);
  }
  return score;
}

// EvaluateSupport::evaluate for Supports.
template <class A>
ElectionScore evaluate(const Supports<A>& supports) {
  std::vector<ExtendedBalance> totals;
  totals.reserve(supports.size());
  for (const auto& [target, support] : supports) totals.push_back(support.total);
  return evaluate_totals(totals);
}

}  // namespace canary::rt::npos
