// frame_election_provider_support::onchain::OnChainExecution: an ElectionProvider that runs the
// election on chain, in the block that asks for it: seq-Phragmén over its DataProvider's voters
// and targets, the voters' ratios back to stakes, the supports bounded to MaxWinnersPerPage
// winners of at most MaxBackersPerWinner backers (sorted and truncated, or refused). Kusama
// FR-1.7.1 uses it as GenesisElectionProvider and as the governance fallback (OnChainSeqPhragmen:
// SequentialPhragmen<AccountId, PerU16> without balancing, Sort = true), and so does Canary's
// runtime. Reference: polkadot-sdk
// substrate/frame/election-provider-support/src/onchain.rs (the version with `Sort` and
// `FailedToBound`) and lib.rs (BoundedSupports::sorted_truncate_from).
//
// The configuration C provides:
//   DataProvider               a traits::election::ElectionDataProvider (Kusama: Staking)
//   Accuracy                   the per-thing of the solver's ratios (Kusama: PerU16)
//   kMaxWinnersPerPage, kMaxBackersPerWinner   (u32)
//   kSort                      true: sort and truncate to the bounds; false: FailedToBound
//   optional bounds() -> traits::election::ElectionBounds   (default: unbounded)
//   optional balancing() -> std::optional<npos::BalancingConfig>   (default: none)
//
// Deviation: FRAME registers the solver's benchmarked weight as extra mandatory block weight;
// the framework has no election weights yet, so nothing is registered.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "primitives/util/result.hpp"
#include "runtime/framework/npos/helpers.hpp"
#include "runtime/framework/npos/phragmen.hpp"
#include "runtime/framework/npos/types.hpp"
#include "runtime/framework/traits/election.hpp"

namespace canary::rt::election {

using traits::election::BoundedSupports;
using traits::election::DataProviderBounds;
using traits::election::ElectionBounds;
using traits::election::Support;
using traits::election::Supports;
using traits::election::Voter;

// onchain::Error: the solver's error, the data provider's message, or results outside the
// bounds.
struct OnChainError {
  enum class Kind : uint8_t { kNposElections, kDataProvider, kFailedToBound };
  Kind kind = Kind::kFailedToBound;
  npos::Error npos = npos::Error::kArithmeticError;  // kNposElections
  std::string_view message;                          // kDataProvider
  bool operator==(const OnChainError&) const = default;

  static OnChainError npos_elections(npos::Error e) { return {Kind::kNposElections, e, {}}; }
  static OnChainError data_provider(std::string_view m) {
    return {Kind::kDataProvider, npos::Error::kArithmeticError, m};
  }
  static OnChainError failed_to_bound() { return {}; }
};
inline std::string to_string(const OnChainError& e) {
  switch (e.kind) {
    case OnChainError::Kind::kNposElections:
      return e.npos == npos::Error::kArithmeticError ? "NposElections(ArithmeticError)"
                                                     : "NposElections(InvalidSupportEdge)";
    case OnChainError::Kind::kDataProvider:
      return "DataProvider(" + std::string(e.message) + ")";
    case OnChainError::Kind::kFailedToBound:
      return "FailedToBound";
  }
  return "FailedToBound";
}

// Sorts by key(item), largest first, keeping the order of equal keys (Rust's stable sort_by).
// Through an index sort: libstdc++'s std::stable_sort uses the deprecated get_temporary_buffer.
template <class V, class Key>
void stable_sort_descending(std::vector<V>& items, Key key) {
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto ka = key(items[a]);
    const auto kb = key(items[b]);
    return ka != kb ? ka > kb : a < b;
  });
  std::vector<V> sorted;
  sorted.reserve(items.size());
  for (const size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

// BoundedSupports::sorted_truncate_from: each winner's backers sorted by stake (descending,
// stable) and cut to `max_backers`, its total recomputed from those kept; then the winners
// sorted by total (descending, stable) and cut to `max_winners`. Supports within both bounds
// are returned as they are.
inline Supports sorted_truncate(Supports supports, uint32_t max_winners, uint32_t max_backers) {
  const bool within = supports.size() <= max_winners &&
                      std::all_of(supports.begin(), supports.end(), [&](const auto& entry) {
                        return entry.second.voters.size() <= max_backers;
                      });
  if (within) return supports;
  for (auto& [winner, support] : supports) {
    stable_sort_descending(support.voters, [](const auto& v) { return v.second; });
    if (support.voters.size() > max_backers) support.voters.resize(max_backers);
    support.total = 0;
    for (const auto& [who, stake] : support.voters) {
      support.total = arithmetic::saturating_add(support.total, stake);
    }
  }
  stable_sort_descending(supports, [](const auto& entry) { return entry.second.total; });
  if (supports.size() > max_winners) supports.resize(max_winners);
  return supports;
}

template <class C>
struct OnChainExecution {
  using DataProvider = typename C::DataProvider;
  using Error = OnChainError;
  using Accuracy = typename C::Accuracy;
  static constexpr uint32_t kMaxWinnersPerPage = C::kMaxWinnersPerPage;
  static constexpr uint32_t kMaxBackersPerWinner = C::kMaxBackersPerWinner;

  static ElectionBounds bounds() {
    if constexpr (requires { C::bounds(); }) {
      return C::bounds();
    } else {
      return ElectionBounds{};
    }
  }

  // ElectionProvider::elect: the DataProvider's snapshot within the configured bounds, elected.
  static Result<BoundedSupports, Error> elect() {
    const ElectionBounds b = bounds();
    auto voters = DataProvider::electing_voters(b.voters);
    if (!voters) return unexpected(Error::data_provider(voters.error()));
    auto targets = DataProvider::electable_targets(b.targets);
    if (!targets) return unexpected(Error::data_provider(targets.error()));
    auto desired = DataProvider::desired_targets();
    if (!desired) return unexpected(Error::data_provider(desired.error()));
    return elect_with_snapshot(*voters, *targets, *desired);
  }
  // The on-chain election is never in progress across blocks.
  static bool ongoing() { return false; }

  // InstantElectionProvider::instant_elect: the given snapshot, elected.
  static Result<BoundedSupports, Error> elect_with_snapshot(const std::vector<Voter>& voters,
                                                            const std::vector<AccountId32>& targets,
                                                            uint32_t desired_targets) {
    // What would fail the bounds at the end anyway.
    if (desired_targets > kMaxWinnersPerPage && !C::kSort) {
      return unexpected(Error::failed_to_bound());
    }
    std::vector<npos::VoterInput<AccountId32>> inputs;
    inputs.reserve(voters.size());
    // FRAME collects the stakes into a BTreeMap: a voter listed twice weighs its last weight.
    std::map<AccountId32, npos::VoteWeight> stake_map;
    for (const Voter& v : voters) {
      inputs.push_back({v.who, v.weight, v.targets});
      stake_map[v.who] = v.weight;
    }
    std::optional<npos::BalancingConfig> balancing;
    if constexpr (requires { C::balancing(); }) balancing = C::balancing();
    auto result =
        npos::seq_phragmen<Accuracy, AccountId32>(desired_targets, targets, inputs, balancing);
    if (!result) return unexpected(Error::npos_elections(result.error()));
    const auto stake_of = [&stake_map](const AccountId32& who) -> npos::VoteWeight {
      auto it = stake_map.find(who);
      return it == stake_map.end() ? 0 : it->second;
    };
    auto staked = npos::assignment_ratio_to_staked_normalized(
        std::span<const npos::Assignment<AccountId32, Accuracy>>(result->assignments), stake_of);
    if (!staked) return unexpected(Error::npos_elections(staked.error()));
    const npos::Supports<AccountId32> by_target =
        npos::to_supports(std::span<const npos::StakedAssignment<AccountId32>>(*staked));
    Supports supports;
    supports.reserve(by_target.size());
    for (const auto& [target, s] : by_target)
      supports.emplace_back(target, Support{s.total, s.voters});
    if (C::kSort)
      return sorted_truncate(std::move(supports), kMaxWinnersPerPage, kMaxBackersPerWinner);
    if (supports.size() > kMaxWinnersPerPage) return unexpected(Error::failed_to_bound());
    for (const auto& [target, s] : supports) {
      if (s.voters.size() > kMaxBackersPerWinner) return unexpected(Error::failed_to_bound());
    }
    return supports;
  }
};

}  // namespace canary::rt::election
