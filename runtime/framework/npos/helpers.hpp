// Conversions between ratio and staked assignments (sp-npos-elections helpers.rs).
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "primitives/util/result.hpp"
#include "runtime/framework/npos/types.hpp"

namespace canary::rt::npos {

// Each assignment as stakes of its voter's stake `stake_of(who)` (a VoteWeight); not normalised
// (assignment_ratio_to_staked).
template <class A, arithmetic::PerThingType P, class StakeOf>
std::vector<StakedAssignment<A>> assignment_ratio_to_staked(
    std::span<const Assignment<A, P>> ratios, const StakeOf& stake_of) {
  std::vector<StakedAssignment<A>> staked;
  staked.reserve(ratios.size());
  for (const Assignment<A, P>& a : ratios) {
    staked.push_back(a.into_staked(static_cast<ExtendedBalance>(stake_of(a.who))));
  }
  return staked;
}

// The same, each normalised to the voter's stake (assignment_ratio_to_staked_normalized).
template <class A, arithmetic::PerThingType P, class StakeOf>
Result<std::vector<StakedAssignment<A>>, Error> assignment_ratio_to_staked_normalized(
    std::span<const Assignment<A, P>> ratios, const StakeOf& stake_of) {
  std::vector<StakedAssignment<A>> staked = assignment_ratio_to_staked(ratios, stake_of);
  for (StakedAssignment<A>& a : staked) {
    if (!a.try_normalize(static_cast<ExtendedBalance>(stake_of(a.who)))) {
      return unexpected(Error::kArithmeticError);
    }
  }
  return staked;
}

// Each staked assignment as ratios of its total (rounded down; not normalised)
// (assignment_staked_to_ratio).
template <arithmetic::PerThingType P, class A>
std::vector<Assignment<A, P>> assignment_staked_to_ratio(
    std::span<const StakedAssignment<A>> staked) {
  std::vector<Assignment<A, P>> ratios;
  ratios.reserve(staked.size());
  for (const StakedAssignment<A>& a : staked) ratios.push_back(a.template into_assignment<P>());
  return ratios;
}

// The same, each normalised to one (assignment_staked_to_ratio_normalized).
template <arithmetic::PerThingType P, class A>
Result<std::vector<Assignment<A, P>>, Error> assignment_staked_to_ratio_normalized(
    std::span<const StakedAssignment<A>> staked) {
  std::vector<Assignment<A, P>> ratios = assignment_staked_to_ratio<P>(staked);
  for (Assignment<A, P>& a : ratios) {
    if (!a.try_normalize()) return unexpected(Error::kArithmeticError);
  }
  return ratios;
}

}  // namespace canary::rt::npos
