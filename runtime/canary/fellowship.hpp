// The Canary runtime's Fellowship: Kusama's configuration of FellowshipCollective (22,
// pallet_ranked_collective Instance1) and FellowshipReferenda (23, pallet_referenda Instance2)
// (polkadot-fellows/runtimes FR-1.7.1 relay/kusama/src/governance/fellowship.rs), as
// configuration structs over the runtime R:
//   - promotion by Root (to any rank), the FellowshipAdmin origin (to rank 9) or a FellowshipNDan
//     origin (to rank N - 1); demotion and removal the same with N - 2; additions by any of
//     them; exchange by Root or Fellows; votes weighted Geometric above the track's rank (a
//     track's class is its minimum rank);
//   - referenda submitted by members of rank ≥ 1 with no submission deposit, cancelled by
//     FellowshipExperts, killed by FellowshipMasters (deposits to the Treasury), on Kusama's 10
//     fellowship tracks (with the genesis' period overrides, governance.hpp), 100 queued a
//     track, undecided ones timing out after 7 days, alarms every block, the collective's Tally.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "runtime/canary/governance.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/ranked_collective/ranked_collective.hpp"

namespace canary::rt::canary_runtime {

namespace fellowship {

using pallets::ranked_collective::Rank;

// MapSuccess<E, Replace<ConstU16<kRank>>>: E, succeeding with kRank.
template <class E, Rank kRank>
struct WithRank {
  using Success = Rank;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (!E::try_origin(origin)) return std::nullopt;
    return kRank;
  }
};

// TryMapSuccess<E, CheckedReduceBy<ConstU16<kBy>>>: E's rank less kBy, failing below 0.
template <class E, Rank kBy>
struct RankReducedBy {
  using Success = Rank;
  static std::optional<Success> try_origin(const Origin& origin) {
    const auto rank = E::try_origin(origin);
    if (!rank || *rank < kBy) return std::nullopt;
    return static_cast<Rank>(*rank - kBy);
  }
};

// MapSuccess<E, ReplaceWithDefault<()>>.
template <class E>
struct WithoutSuccess {
  using Success = std::monostate;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (!E::try_origin(origin)) return std::nullopt;
    return Success{};
  }
};

// EnsureRootWithSuccess<AccountId, ConstU16<65535>>.
using RootAnyRank = EnsureRootWithSuccess<Rank{65535}>;

// Root, FellowshipAdmin (rank 9) or a FellowshipNDan origin (N - kBy).
template <class Origins, Rank kBy>
using RankOrigin =
    EitherOf<RootAnyRank,
             EitherOf<WithRank<pallets::origins::FellowshipAdmin<Origins>, 9>,
                      RankReducedBy<pallets::origins::EnsureFellowship<Origins>, kBy>>>;

}  // namespace fellowship

template <class R>
struct FellowshipCollectiveConfig {
  using PromoteOrigin = fellowship::RankOrigin<typename R::Origins, 1>;
  using DemoteOrigin = fellowship::RankOrigin<typename R::Origins, 2>;
  using RemoveOrigin = DemoteOrigin;
  using AddOrigin = fellowship::WithoutSuccess<PromoteOrigin>;
  using ExchangeOrigin =
      EitherOf<fellowship::RootAnyRank, pallets::origins::Fellows<typename R::Origins>>;
  using Polls = typename R::FellowshipPolls;
  using MaxVoters = typename R::FellowshipMaxVoters;
  using VoteWeight = pallets::ranked_collective::Geometric;
  // sp_runtime::traits::Identity: a track's class is its minimum rank.
  static pallets::ranked_collective::Rank min_rank_of_class(uint16_t klass) { return klass; }
};

template <class R>
struct FellowshipReferendaConfig {
  using ReferendaScheduler = typename R::Scheduler::Schedule;
  using ReferendaPreimages = typename R::Preimage;
  using ReferendaSubmitOrigin =
      pallets::ranked_collective::EnsureMember<typename R::FellowshipCollective, 1>;
  using ReferendaCancelOrigin = pallets::origins::FellowshipExperts<typename R::Origins>;
  using ReferendaKillOrigin = pallets::origins::FellowshipMasters<typename R::Origins>;
  using ReferendaTally = pallets::ranked_collective::Tally<typename R::FellowshipMaxVoters>;
  using ReferendaTracks = FellowshipGovernanceTracks<typename R::Origins>;
  using ReferendaSlash = typename R::Treasury;
  static constexpr traits::tokens::Balance kReferendaSubmissionDeposit = 0;
  static constexpr uint32_t kReferendaMaxQueued = 100;
  static constexpr BlockNumber kReferendaUndecidingTimeout = 7 * kusama_tracks::kDays;
  static constexpr BlockNumber kReferendaAlarmInterval = 1;
};

}  // namespace canary::rt::canary_runtime
