// frame_election_provider_support's vocabulary as C++20 concepts and the data they exchange:
// ElectionDataProvider (the voters, targets and number of seats of an election, within bounds;
// Kusama: Staking) and ElectionProvider (the election; Kusama: ElectionProviderMultiPhase, with
// OnChainExecution for genesis and governance, framework/election/onchain.hpp). Interfaces only.
// Reference: polkadot-sdk substrate/frame/election-provider-support/src/lib.rs and bounds.rs
// (single page: the paged variant's `page` arguments are not part of Kusama FR-1.7.1's flow).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "primitives/util/result.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::traits::election {

// sp_npos_elections::VoteWeight and ExtendedBalance.
using VoteWeight = uint64_t;
using ExtendedBalance = u128;

// frame_election_provider_support::data_provider::Result: an error is a static message.
template <class X>
using DataProviderResult = Result<X, std::string_view>;

// bounds::DataProviderBounds: at most `count` items, at most `size` bytes (none: unbounded). A
// bound is exhausted when the given value is above it (bounds.rs count_exhausted,
// size_exhausted; exhausted: either, an absent value counting as 0).
struct DataProviderBounds {
  std::optional<uint32_t> count;
  std::optional<uint32_t> size;
  bool count_exhausted(uint32_t given) const { return count && given > *count; }
  bool size_exhausted(uint32_t given) const { return size && given > *size; }
  bool exhausted(std::optional<uint32_t> given_size, std::optional<uint32_t> given_count) const {
    return count_exhausted(given_count.value_or(0)) || size_exhausted(given_size.value_or(0));
  }
};

// bounds::ElectionBounds: the bounds of the voters' and of the targets' snapshots.
struct ElectionBounds {
  DataProviderBounds voters;
  DataProviderBounds targets;
};

// frame_election_provider_support::Voter: a voter, its stake as a vote weight and its targets.
struct Voter {
  AccountId32 who;
  VoteWeight weight = 0;
  std::vector<AccountId32> targets;
};

// sp_npos_elections::Support: the backing of one winner; Supports: every winner's.
struct Support {
  ExtendedBalance total = 0;
  std::vector<std::pair<AccountId32, ExtendedBalance>> voters;
  bool operator==(const Support&) const = default;
};
using Supports = std::vector<std::pair<AccountId32, Support>>;
// BoundedSupports: what an ElectionProvider returns, within its MaxWinnersPerPage winners of at
// most MaxBackersPerWinner backers each. The provider enforces the bounds (FRAME's type does
// it through BoundedVec); the representation is the same vector.
using BoundedSupports = Supports;

// ElectionDataProvider: the election's input, within bounds; next_election_prediction(now) is
// the block at which the next election is expected (the election provider opens its phases
// from it).
template <class D>
concept ElectionDataProvider = requires(DataProviderBounds bounds, BlockNumber now) {
  { D::electable_targets(bounds) } -> std::same_as<DataProviderResult<std::vector<AccountId32>>>;
  { D::electing_voters(bounds) } -> std::same_as<DataProviderResult<std::vector<Voter>>>;
  { D::desired_targets() } -> std::same_as<DataProviderResult<uint32_t>>;
  { D::next_election_prediction(now) } -> std::same_as<BlockNumber>;
};

// ElectionProvider: elects from its DataProvider's input (elect); ongoing() while an election
// is under way (Staking's StakingInterface::election_ongoing asks it).
template <class E>
concept ElectionProvider = ElectionDataProvider<typename E::DataProvider> && requires {
  typename E::Error;
  { E::elect() } -> std::same_as<Result<BoundedSupports, typename E::Error>>;
  { E::ongoing() } -> std::same_as<bool>;
};

}  // namespace canary::rt::traits::election
