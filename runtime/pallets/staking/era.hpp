// pallet_staking, part 2: the era machinery (pallet-staking 42 pallet/impls.rs and lib.rs'
// EraInfo, the single-page flow of Kusama FR-1.7.1; the paged-election variant of later SDKs,
// with ElectableStashes, is not it).
//
// - Staking as the ElectionDataProvider: the voters from T::VoterList (bags order: the heaviest
//   first), each nominator with its nominations and each validator voting for itself, skipping
//   voters with nothing active and stopping at the bounds (SnapshotVotersSizeExceeded); the
//   targets are the Validators map (UseValidatorsMap; SnapshotTargetsSizeExceeded); the seats are
//   ValidatorCount; next_election_prediction from the session progress.
// - Staking as Session's SessionManager: new_session plans an era when SessionsPerEra sessions of
//   the current one have passed (or as ForceEra says) and elects its validators through
//   T::ElectionProvider (T::GenesisElectionProvider at genesis), storing their exposures, total
//   stake and preferences under the new CurrentEra; start_session starts the planned era when its
//   first session starts (ActiveEra, BondedEras, deferred slashes); end_session ends the active
//   era in its last session (the era payout through T::era_payout, the remainder to
//   T::RewardRemainder).
//
// The runtime's configuration T provides, besides what staking.hpp lists:
//   ElectionProvider            a traits::election::ElectionProvider whose DataProvider is this
//                               pallet (Kusama and Canary: ElectionProviderMultiPhase)
//   optional GenesisElectionProvider   (default: ElectionProvider; Kusama: OnChainSeqPhragmen)
//   sessions_per_era() -> uint32_t     a function, so that a chain spec can set it (Kusama 6)
//   UnixTime                    `get()`: now in ms (the Timestamp pallet)
//   era_payout(total_staked, total_issuance, era_duration_ms) -> std::pair<Balance, Balance>
//                               (validators' payout, rest); Kusama: npos::kusama_era_payout
//   optional RewardRemainder    an OnUnbalanced of Currency's credits (Kusama: the Treasury);
//                               default: dropped (not minted)
//   optional estimate_next_new_session(now) -> std::optional<BlockNumber> and
//            average_session_length() -> BlockNumber   (Kusama: Babe's; default: now and 0)
//   optional SessionInterface::prune_historical_up_to(SessionIndex)  (Kusama: Historical)
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "primitives/scale/compact.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/storage_hashers.hpp"
#include "runtime/framework/traits/election.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/staking/ledger.hpp"
#include "runtime/pallets/staking/types.hpp"

namespace canary::rt::pallets::staking {

using traits::election::DataProviderBounds;
using traits::election::DataProviderResult;
using traits::election::Voter;
using traits::election::VoteWeight;

// NPOS_MAX_ITERATIONS_COEFFICIENT: a snapshot of n items looks at no more than 2n candidates.
inline constexpr uint32_t kNposMaxIterationsCoefficient = 2;

// election_size_tracker::StaticTracker: the encoded size of a snapshot as it grows, from size
// hints (an account 32 bytes, a vote weight 8) and the compact length prefix of the vector, as
// FRAME counts it (the prefix is added to the running size at each registration).
struct SnapshotSizeTracker {
  size_t size = 0;
  size_t counter = 0;
  bool try_register(size_t hint, const DataProviderBounds& bounds) {
    const size_t after = scale::compact_size(static_cast<uint32_t>(counter + 1)) + size + hint;
    if (bounds.size_exhausted(static_cast<uint32_t>(std::min<size_t>(after, UINT32_MAX)))) {
      return false;
    }
    size = after;
    ++counter;
    return true;
  }
  static size_t voter_hint(const Voter& v) { return 32 + 8 + 32 * v.targets.size(); }
};

// The configuration's optional members.
template <class T>
struct GenesisElectionProviderOf {
  using Type = typename T::ElectionProvider;
};
template <class T>
  requires requires { typename T::GenesisElectionProvider; }
struct GenesisElectionProviderOf<T> {
  using Type = typename T::GenesisElectionProvider;
};
template <class T>
struct RewardRemainderOf {
  using Type = traits::fungible::DropImbalance;
};
template <class T>
  requires requires { typename T::RewardRemainder; }
struct RewardRemainderOf<T> {
  using Type = typename T::RewardRemainder;
};

// The era machinery of the staking pallet P of the runtime T.
template <class T, class P>
struct Eras {
  using Currency = typename T::Currency;

  // --- EraInfo: exposures, pages and claimed rewards.

  // Stores an era's exposure of a validator in pages (EraInfo::upsert_exposure as a first
  // insert, i.e. set_exposure): the overview (total, own, nominator and page counts) and the
  // nominators in pages of MaxExposurePageSize in the order given; a validator without
  // nominators has no page.
  static void set_exposure(EraIndex era, const AccountId32& validator, const Exposure& exposure) {
    const size_t page_size = std::max<uint32_t>(T::kMaxExposurePageSize, 1);
    std::vector<ExposurePage> pages;
    for (size_t at = 0; at < exposure.others.size(); at += page_size) {
      const size_t end = std::min(exposure.others.size(), at + page_size);
      ExposurePage page;
      page.others.assign(exposure.others.begin() + static_cast<std::ptrdiff_t>(at),
                         exposure.others.begin() + static_cast<std::ptrdiff_t>(end));
      for (const IndividualExposure& o : page.others) {
        page.page_total = arithmetic::saturating_add(page.page_total, o.value);
      }
      pages.push_back(std::move(page));
    }
    PagedExposureMetadata overview;
    overview.total = exposure.total;
    overview.own = exposure.own;
    overview.nominator_count = static_cast<uint32_t>(exposure.others.size());
    overview.page_count = static_cast<uint32_t>(pages.size());
    P::ErasStakersOverview::insert(era, validator, overview);
    for (size_t page = 0; page < pages.size(); ++page) {
      P::ErasStakersPaged::insert(era, validator, static_cast<Page>(page), pages[page]);
    }
  }

  // One page of a validator's exposure (PagedExposure): the overview with `own` only on page 0,
  // and the page's nominators. page_total() counts the page's own stake too.
  struct PagedExposure {
    PagedExposureMetadata metadata;
    ExposurePage page;
    Balance total() const { return metadata.total; }
    Balance own() const { return metadata.own; }
    Balance page_total() const { return arithmetic::saturating_add(page.page_total, metadata.own); }
  };
  // EraInfo::get_paged_exposure: none without an overview, except page 0 of an exposure from
  // before paging (ErasStakersClipped).
  static std::optional<PagedExposure> get_paged_exposure(EraIndex era, const AccountId32& validator,
                                                         Page page) {
    auto overview = P::ErasStakersOverview::get(era, validator);
    if (!overview) {
      if (page != 0) return std::nullopt;
      const Exposure clipped = P::ErasStakersClipped::get(era, validator);
      PagedExposure out;
      out.metadata = {clipped.total, clipped.own, static_cast<uint32_t>(clipped.others.size()), 1};
      out.page.others = clipped.others;
      for (const IndividualExposure& o : clipped.others) {
        out.page.page_total = arithmetic::saturating_add(out.page.page_total, o.value);
      }
      return out;
    }
    PagedExposure out;
    out.metadata = *overview;
    if (page != 0) out.metadata.own = 0;
    out.page = P::ErasStakersPaged::get(era, validator, page).value_or(ExposurePage{});
    return out;
  }
  // EraInfo::get_full_exposure: the overview and every page (ErasStakers before paging).
  static Exposure get_full_exposure(EraIndex era, const AccountId32& validator) {
    auto overview = P::ErasStakersOverview::get(era, validator);
    if (!overview) return P::ErasStakers::get(era, validator);
    Exposure out{overview->total, overview->own, {}};
    for (Page page = 0; page < overview->page_count; ++page) {
      if (auto p = P::ErasStakersPaged::get(era, validator, page)) {
        out.others.insert(out.others.end(), p->others.begin(), p->others.end());
      }
    }
    return out;
  }
  // EraInfo::get_page_count: the overview's pages, at least 1 when the validator has own stake;
  // 1 for an exposure from before paging.
  static Page get_page_count(EraIndex era, const AccountId32& validator) {
    auto overview = P::ErasStakersOverview::get(era, validator);
    if (!overview) return 1;
    if (overview->page_count == 0 && overview->own > 0) return 1;
    return overview->page_count;
  }
  // EraInfo::get_next_claimable_page: the first page not in ClaimedRewards; none if the era is
  // in the ledger's legacy_claimed_rewards.
  static std::optional<Page> get_next_claimable_page(EraIndex era, const AccountId32& validator,
                                                     const std::vector<EraIndex>& legacy_claimed) {
    if (std::binary_search(legacy_claimed.begin(), legacy_claimed.end(), era)) return std::nullopt;
    const Page count = get_page_count(era, validator);
    const std::vector<Page> claimed = P::ClaimedRewards::get(era, validator);
    for (Page page = 0; page < count; ++page) {
      if (std::find(claimed.begin(), claimed.end(), page) == claimed.end()) return page;
    }
    return std::nullopt;
  }
  // EraInfo::is_rewards_claimed_with_legacy_fallback.
  static bool is_rewards_claimed(EraIndex era, const std::vector<EraIndex>& legacy_claimed,
                                 const AccountId32& validator, Page page) {
    if (std::binary_search(legacy_claimed.begin(), legacy_claimed.end(), era)) return true;
    const std::vector<Page> claimed = P::ClaimedRewards::get(era, validator);
    return std::find(claimed.begin(), claimed.end(), page) != claimed.end();
  }
  // EraInfo::pending_rewards (the StakingApi's pending_rewards): fewer pages claimed than the
  // overview's page count (so, as FRAME, false for a validator with own stake only, whose
  // overview has no page); without an overview, an exposure from before paging not in the
  // ledger's legacy_claimed_rewards.
  static bool pending_rewards(EraIndex era, const AccountId32& validator) {
    if (auto overview = P::ErasStakersOverview::get(era, validator)) {
      return P::ClaimedRewards::get(era, validator).size() < overview->page_count;
    }
    if (!P::ErasStakers::contains_key(era, validator)) return false;
    const std::optional<AccountId32> controller = P::Bonded::get(validator);
    if (!controller) return false;
    const auto ledger = P::Ledger::get(*controller);
    if (!ledger) return false;
    const auto& legacy = ledger->legacy_claimed_rewards.items;
    return std::find(legacy.begin(), legacy.end(), era) == legacy.end();
  }
  // EraInfo::set_rewards_as_claimed (a page already claimed is left as it is).
  static void set_rewards_as_claimed(EraIndex era, const AccountId32& validator, Page page) {
    std::vector<Page> claimed = P::ClaimedRewards::get(era, validator);
    if (std::find(claimed.begin(), claimed.end(), page) != claimed.end()) return;
    claimed.push_back(page);
    P::ClaimedRewards::insert(era, validator, claimed);
  }

  // --- ElectionDataProvider.

  // get_npos_voters: from the top of the VoterList, until `bounds.count` voters are taken (or
  // twice as many seen): a nominator with its targets (nominations are not checked against the
  // quota here, nor against slashes: pallet-staking 42 keeps them), a validator voting for
  // itself; voters with no active stake are skipped. MinimumActiveStake is the smallest
  // nominator's weight taken (0 for none).
  static std::vector<Voter> get_npos_voters(const DataProviderBounds& bounds) {
    const uint32_t all = P::VoterList::count();
    const uint32_t wanted = bounds.count ? std::min(*bounds.count, all) : all;
    const uint64_t max_seen = uint64_t{kNposMaxIterationsCoefficient} * wanted;
    std::vector<Voter> voters;
    voters.reserve(wanted);
    SnapshotSizeTracker tracker;
    uint64_t seen = 0;
    VoteWeight min_active_stake = UINT64_MAX;
    std::optional<uint32_t> exceeded;
    P::VoterList::iter_while([&](const AccountId32& who) {
      if (voters.size() >= wanted || seen >= max_seen) return false;
      ++seen;
      const VoteWeight weight = P::weight_of(who);
      if (weight == 0) return true;
      if (auto nominations = P::Nominators::get(who)) {
        if (!nominations->targets.items.empty()) {
          Voter voter{who, weight, nominations->targets.items};
          if (!tracker.try_register(SnapshotSizeTracker::voter_hint(voter), bounds)) {
            exceeded = static_cast<uint32_t>(tracker.size);
            return false;
          }
          voters.push_back(std::move(voter));
        }
        min_active_stake = std::min(min_active_stake, weight);
      } else if (P::Validators::contains_key(who)) {
        Voter self_vote{who, weight, {who}};
        if (!tracker.try_register(SnapshotSizeTracker::voter_hint(self_vote), bounds)) {
          exceeded = static_cast<uint32_t>(tracker.size);
          return false;
        }
        voters.push_back(std::move(self_vote));
      }
      // Else the list and the maps disagree, or the nominations no longer decode: skipped.
      return true;
    });
    if (exceeded) P::deposit_event(typename P::SnapshotVotersSizeExceeded{*exceeded});
    P::MinimumActiveStake::put(voters.empty() ? Balance{0} : Balance{min_active_stake});
    return voters;
  }

  // get_npos_targets: the Validators map in storage order, until `bounds.count` (or the size
  // bound: SnapshotTargetsSizeExceeded).
  static std::vector<AccountId32> get_npos_targets(const DataProviderBounds& bounds) {
    const uint32_t all = P::Validators::count();
    const uint32_t wanted = bounds.count ? std::min(*bounds.count, all) : all;
    const uint64_t max_seen = uint64_t{kNposMaxIterationsCoefficient} * wanted;
    std::vector<AccountId32> targets;
    targets.reserve(wanted);
    SnapshotSizeTracker tracker;
    uint64_t seen = 0;
    for (const auto& [target, prefs] : P::Validators::entries()) {
      if (targets.size() >= wanted || seen >= max_seen) break;
      ++seen;
      if (!tracker.try_register(32, bounds)) {
        P::deposit_event(
            typename P::SnapshotTargetsSizeExceeded{static_cast<uint32_t>(tracker.size)});
        break;
      }
      targets.push_back(target);
    }
    return targets;
  }

  static DataProviderResult<std::vector<Voter>> electing_voters(const DataProviderBounds& bounds) {
    return get_npos_voters(bounds);
  }
  static DataProviderResult<std::vector<AccountId32>> electable_targets(
      const DataProviderBounds& bounds) {
    std::vector<AccountId32> targets = get_npos_targets(bounds);
    // FRAME cannot handle more targets than the bound yet.
    if (bounds.exhausted(std::nullopt, P::Validators::count())) {
      return unexpected(std::string_view("Target snapshot too big"));
    }
    return targets;
  }
  static DataProviderResult<uint32_t> desired_targets() { return P::ValidatorCount::get(); }

  // next_election_prediction: the end of the current session plus the sessions left in the era
  // (none when forced, never with ForceNone).
  static BlockNumber next_election_prediction(BlockNumber now) {
    const EraIndex current_era = P::CurrentEra::get().value_or(0);
    const SessionIndexT current_session = P::CurrentPlannedSession::get();
    const SessionIndexT era_start = P::ErasStartSessionIndex::get(current_era).value_or(0);
    const uint32_t per_era = T::sessions_per_era();
    const uint32_t progress =
        std::min(current_session > era_start ? current_session - era_start : 0, per_era);
    BlockNumber until_session_end = 0;
    BlockNumber session_length = 0;
    if constexpr (requires { T::estimate_next_new_session(now); }) {
      const BlockNumber next = T::estimate_next_new_session(now).value_or(0);
      until_session_end = next > now ? next - now : 0;
    }
    if constexpr (requires { T::average_session_length(); }) {
      session_length = T::average_session_length();
    }
    uint64_t sessions_left = 0;
    switch (P::ForceEra::get()) {
      case Forcing::kForceNone:
        sessions_left = UINT32_MAX;
        break;
      case Forcing::kForceNew:
      case Forcing::kForceAlways:
        sessions_left = 0;
        break;
      case Forcing::kNotForcing:
        // One session is counted in until_session_end.
        sessions_left =
            progress >= per_era ? 0 : (per_era - progress > 0 ? per_era - progress - 1 : 0);
        break;
    }
    const uint64_t total = uint64_t{now} + until_session_end + sessions_left * session_length;
    return static_cast<BlockNumber>(std::min<uint64_t>(total, UINT32_MAX));
  }

  // --- SessionManager.

  // new_session(s): plans an era when due (ForceNew and ForceAlways: now; ForceNone: never;
  // otherwise after SessionsPerEra sessions of the current era) and returns its validators;
  // before the first era, elects it.
  static std::optional<std::vector<AccountId32>> new_session(SessionIndexT session, bool genesis) {
    P::CurrentPlannedSession::put(session);
    const std::optional<EraIndex> current_era = P::CurrentEra::get();
    if (!current_era) return try_trigger_new_era(session, genesis);
    const SessionIndexT era_start = P::ErasStartSessionIndex::get(*current_era).value_or(0);
    const SessionIndexT era_length = session > era_start ? session - era_start : 0;
    const Forcing forcing = P::ForceEra::get();
    switch (forcing) {
      case Forcing::kForceNew:
      case Forcing::kForceAlways:
        break;
      case Forcing::kNotForcing:
        if (era_length >= T::sessions_per_era()) break;
        return std::nullopt;
      case Forcing::kForceNone:
        return std::nullopt;
    }
    auto validators = try_trigger_new_era(session, genesis);
    if (validators && P::ForceEra::get() == Forcing::kForceNew) {
      P::set_force_era(Forcing::kNotForcing);
    }
    return validators;
  }

  // try_trigger_new_era: elects, and plans the era if at least MinimumValidatorCount (and at
  // least one) validators are elected; else StakingElectionFailed and no new set (the first era
  // is set up without exposures, so that Session keeps its genesis set).
  static std::optional<std::vector<AccountId32>> try_trigger_new_era(SessionIndexT session,
                                                                     bool genesis) {
    traits::election::BoundedSupports supports;
    if (genesis) {
      auto elected = GenesisElectionProviderOf<T>::Type::elect();
      if (!elected) {
        P::deposit_event(typename P::StakingElectionFailed{});
        return std::nullopt;
      }
      supports = std::move(*elected);
    } else {
      auto elected = T::ElectionProvider::elect();
      if (!elected) {
        P::deposit_event(typename P::StakingElectionFailed{});
        return std::nullopt;
      }
      supports = std::move(*elected);
    }
    std::vector<std::pair<AccountId32, Exposure>> exposures = collect_exposures(supports);
    if (exposures.size() < std::max<uint32_t>(P::MinimumValidatorCount::get(), 1)) {
      if (!P::CurrentEra::get()) {
        P::CurrentEra::put(0);
        P::ErasStartSessionIndex::insert(0, session);
      }
      P::deposit_event(typename P::StakingElectionFailed{});
      return std::nullopt;
    }
    P::deposit_event(typename P::StakersElected{});
    return trigger_new_era(session, exposures);
  }

  // collect_exposures: each winner's backing as an exposure, in currency (U128CurrencyToVote's
  // to_currency: the vote times max(issuance / u64::MAX, 1)); the winner's own vote is `own`.
  static std::vector<std::pair<AccountId32, Exposure>> collect_exposures(
      const traits::election::Supports& supports) {
    const Balance issuance = Currency::total_issuance();
    const Balance factor = std::max<Balance>(issuance / Balance{UINT64_MAX}, 1);
    std::vector<std::pair<AccountId32, Exposure>> out;
    out.reserve(supports.size());
    for (const auto& [validator, support] : supports) {
      Exposure exposure;
      for (const auto& [nominator, weight] : support.voters) {
        const Balance stake = arithmetic::saturating_mul(Balance{weight}, factor);
        if (nominator == validator) {
          exposure.own = arithmetic::saturating_add(exposure.own, stake);
        } else {
          exposure.others.push_back({nominator, stake});
        }
        exposure.total = arithmetic::saturating_add(exposure.total, stake);
      }
      out.emplace_back(validator, std::move(exposure));
    }
    return out;
  }

  // trigger_new_era: CurrentEra + 1 (0 for the first), its first session, the era HistoryDepth + 1
  // before it cleared, and the stakers stored (store_stakers_info).
  static std::vector<AccountId32> trigger_new_era(
      SessionIndexT session, const std::vector<std::pair<AccountId32, Exposure>>& exposures) {
    const std::optional<EraIndex> previous = P::CurrentEra::get();
    const EraIndex era = previous ? *previous + 1 : 0;
    P::CurrentEra::put(era);
    P::ErasStartSessionIndex::insert(era, session);
    if (era >= T::kHistoryDepth + 1) clear_era_information(era - T::kHistoryDepth - 1);
    std::vector<AccountId32> elected;
    elected.reserve(exposures.size());
    Balance total_stake = 0;
    for (const auto& [stash, exposure] : exposures) {
      elected.push_back(stash);
      total_stake = arithmetic::saturating_add(total_stake, exposure.total);
      set_exposure(era, stash, exposure);
    }
    P::ErasTotalStake::insert(era, total_stake);
    for (const AccountId32& stash : elected) {
      P::ErasValidatorPrefs::insert(era, stash, P::Validators::get(stash));
    }
    return elected;
  }

  // clear_era_information: everything kept of an era that left the history.
  static void clear_era_information(EraIndex era) {
    (void)P::ErasStakers::clear_prefix(era);
    (void)P::ErasStakersClipped::clear_prefix(era);
    (void)P::ErasValidatorPrefs::clear_prefix(era);
    (void)P::ClaimedRewards::clear_prefix(era);
    Bytes paged = P::ErasStakersPaged::prefix();
    const Bytes era_key = scale::encode(era);
    const auto era_hash = Twox64Concat::digest(era_key);
    paged.insert(paged.end(), era_hash.begin(), era_hash.end());
    paged.insert(paged.end(), era_key.begin(), era_key.end());
    (void)io::storage::clear_prefix(paged);
    (void)P::ErasStakersOverview::clear_prefix(era);
    P::ErasValidatorReward::remove(era);
    P::ErasRewardPoints::remove(era);
    P::ErasTotalStake::remove(era);
    P::ErasStartSessionIndex::remove(era);
  }

  // start_session(s): the planned era starts with its first session (or late, if a session was
  // skipped).
  static void start_session(SessionIndexT session) {
    const std::optional<ActiveEraInfo> active = P::ActiveEra::get();
    const EraIndex next_active = active ? active->index + 1 : 0;
    if (auto start = P::ErasStartSessionIndex::get(next_active); start && *start <= session) {
      start_era(session);
    }
  }

  // end_session(s): the active era ends with the session before the next era's first.
  static void end_session(SessionIndexT session) {
    const std::optional<ActiveEraInfo> active = P::ActiveEra::get();
    if (!active) return;
    if (auto next = P::ErasStartSessionIndex::get(active->index + 1);
        next && *next == session + 1) {
      end_era(*active);
    }
  }

  // start_era: ActiveEra + 1 (start unknown until the block's on_finalize), the era bonded, the
  // eras older than BondingDuration unbonded (their slashing metadata removed, Historical pruned
  // to the first session still bonded), and the slashes deferred to this era applied.
  static void start_era(SessionIndexT session) {
    const std::optional<ActiveEraInfo> previous = P::ActiveEra::get();
    const EraIndex era = previous ? previous->index + 1 : 0;
    P::ActiveEra::put(ActiveEraInfo{era, std::nullopt});
    std::vector<std::tuple<EraIndex, SessionIndexT>> bonded = P::BondedEras::get();
    bonded.emplace_back(era, session);
    if (era > T::kBondingDuration) {
      const EraIndex first_kept = era - T::kBondingDuration;
      size_t prune = 0;
      while (prune < bonded.size() && std::get<0>(bonded[prune]) < first_kept) ++prune;
      for (size_t i = 0; i < prune; ++i) P::clear_era_slashing_metadata(std::get<0>(bonded[i]));
      bonded.erase(bonded.begin(), bonded.begin() + static_cast<std::ptrdiff_t>(prune));
      if (!bonded.empty()) {
        const SessionIndexT first_session = std::get<1>(bonded.front());
        if constexpr (requires { T::SessionInterface::prune_historical_up_to(first_session); }) {
          T::SessionInterface::prune_historical_up_to(first_session);
        }
      }
    }
    P::BondedEras::put(bonded);
    P::apply_unapplied_slashes(era);
  }

  // end_era: the era's payout from its duration (T::era_payout), the validators' share capped
  // at MaxStakedRewards of the whole, ErasValidatorReward, the rest issued to T::RewardRemainder.
  // An era without a start (ended in the genesis block) pays nothing.
  static void end_era(const ActiveEraInfo& active) {
    if (!active.start) return;
    const uint64_t now = T::UnixTime::get();
    const uint64_t duration = now > *active.start ? now - *active.start : 0;
    const Balance staked = P::ErasTotalStake::get(active.index);
    const Balance issuance = Currency::total_issuance();
    const auto [payout, rest] = T::era_payout(staked, issuance, duration);
    const Balance total = arithmetic::saturating_add(payout, rest);
    const Percent cap = P::MaxStakedRewards::get().value_or(Percent::one());
    const Balance validator_payout = std::min(payout, cap * total);
    const Balance remainder = total - validator_payout;
    P::deposit_event(typename P::EraPaid{active.index, validator_payout, remainder});
    P::ErasValidatorReward::insert(active.index, validator_payout);
    RewardRemainderOf<T>::Type::on_unbalanced(Currency::issue(remainder));
  }

  // Staking's on_finalize: the active era's start, at its first block.
  static void note_era_start() {
    auto active = P::ActiveEra::get();
    if (!active || active->start) return;
    active->start = T::UnixTime::get();
    P::ActiveEra::put(*active);
  }

  static RewardPoint saturating_add_points(RewardPoint a, RewardPoint b) {
    return static_cast<RewardPoint>(std::min<uint64_t>(uint64_t{a} + b, UINT32_MAX));
  }
  // reward_by_ids: points for validators in the active era (none without one).
  static void reward_by_ids(const std::vector<std::pair<AccountId32, RewardPoint>>& points) {
    const auto active = P::ActiveEra::get();
    if (!active) return;
    P::ErasRewardPoints::mutate(active->index, [&](EraRewardPoints& era_points) {
      for (const auto& [validator, p] : points) {
        RewardPoint& individual = era_points.individual[validator];
        individual = saturating_add_points(individual, p);
        era_points.total = saturating_add_points(era_points.total, p);
      }
    });
  }
};

}  // namespace canary::rt::pallets::staking
