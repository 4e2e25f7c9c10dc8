// The Canary runtime's OpenGov timings: Kusama's (polkadot-fellows/runtimes FR-1.7.1
// relay/kusama/src/governance/{mod,tracks}.rs) unless the genesis config shortens them for a test
// network, as the block time is (block_time.hpp): storage parameters read where FRAME reads the
// constants, so that Referenda, ConvictionVoting and the metadata constants that show them
// (Referenda.Tracks, Referenda.UndecidingTimeout, ConvictionVoting.VoteLockingPeriod) see one
// value. Kusama's fast-runtime feature leaves governance alone; a dev chain that must see a
// referendum enacted within minutes needs shorter periods (Polkadot's fast runtime has
// VoteLockingPeriod 1, Rococo minutes-long tracks; staking-governance.md §4.4).
//
//   "referenda": {"preparePeriod": N, "decisionPeriod": N, "confirmPeriod": N,
//                 "minEnactmentPeriod": N, "undecidingTimeout": N}
//   "convictionVoting": {"voteLockingPeriod": N}
//   "treasury": {"spendPeriod": N}
//
// Each given period (in blocks, 1 to kMaxGovernancePeriod) replaces that period of every track
// (spendPeriod: the Treasury's SpendPeriod);
// the tracks' curves, deposits and deciding limits stay Kusama's, so the curve vectors hold. A
// genesis without them writes nothing and keeps Kusama's periods. Never changed after genesis.
// The development and local presets set kDevGovernanceTimings (genesis.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "primitives/util/result.hpp"
#include "runtime/framework/storage_parameter.hpp"
#include "runtime/pallets/origins/fellowship_tracks.hpp"
#include "runtime/pallets/origins/tracks.hpp"
#include "runtime/pallets/referenda/referenda.hpp"

namespace canary::rt::canary_runtime {

namespace kusama_tracks = pallets::origins::kusama_tracks;

// Kusama's UndecidingTimeout (14 days) and VoteLockingPeriod (7 days) in 6-second blocks.
inline constexpr BlockNumber kKusamaUndecidingTimeout = 14 * kusama_tracks::kDays;
inline constexpr uint32_t kKusamaVoteLockingPeriod = 7 * kusama_tracks::kDays;
// Kusama's Treasury SpendPeriod (FR-1.7.1 lib.rs: 6 days).
inline constexpr BlockNumber kKusamaTreasurySpendPeriod = 6 * kusama_tracks::kDays;

// A year of 6-second blocks: the longest period a genesis may give (block arithmetic stays far
// from u32 overflow: the pallets add periods to block numbers, saturating).
inline constexpr BlockNumber kMaxGovernancePeriod = 365 * kusama_tracks::kDays;

// A track period's override: 0 (nothing stored) is the track's own.
using ReferendaPreparePeriodParameter = StorageParameter<"ReferendaPreparePeriod", uint32_t, 0>;
using ReferendaDecisionPeriodParameter = StorageParameter<"ReferendaDecisionPeriod", uint32_t, 0>;
using ReferendaConfirmPeriodParameter = StorageParameter<"ReferendaConfirmPeriod", uint32_t, 0>;
using ReferendaMinEnactmentPeriodParameter =
    StorageParameter<"ReferendaMinEnactmentPeriod", uint32_t, 0>;
using ReferendaUndecidingTimeoutParameter =
    StorageParameter<"ReferendaUndecidingTimeout", uint32_t, kKusamaUndecidingTimeout>;
using VoteLockingPeriodParameter =
    StorageParameter<"VoteLockingPeriod", uint32_t, kKusamaVoteLockingPeriod>;
using TreasurySpendPeriodParameter =
    StorageParameter<"TreasurySpendPeriod", uint32_t, kKusamaTreasurySpendPeriod>;

// The dev and local presets' timings: a root referendum with its decision deposit starts deciding
// 2 blocks after submission, starts confirming once the root track's support curve (50 % falling
// to 0 over the 20-block decision period) is below its support (12.5 %: 15 blocks in), and is
// enacted 2 + 2 blocks later; one that loses is rejected 20 blocks after deciding starts; locks
// last 10 blocks a conviction period; the Treasury pays its approved local spends every 10
// blocks. AlarmInterval stays Kusama's 1.
struct DevGovernanceTimings {
  BlockNumber prepare_period = 2;
  BlockNumber decision_period = 20;
  BlockNumber confirm_period = 2;
  BlockNumber min_enactment_period = 2;
  BlockNumber undeciding_timeout = 40;
  uint32_t vote_locking_period = 10;
  BlockNumber treasury_spend_period = 10;
};
inline constexpr DevGovernanceTimings kDevGovernanceTimings{};

inline Result<void, std::string> check_governance_period(std::string_view name, uint64_t blocks) {
  if (blocks < 1 || blocks > kMaxGovernancePeriod) {
    return unexpected(std::string(name) + ": " + std::to_string(blocks) +
                      " blocks is outside 1 to " + std::to_string(kMaxGovernancePeriod));
  }
  return {};
}

// Referenda's genesis section: checks every value first, then stores the given ones.
inline Result<void, std::string> set_referenda_periods(
    const pallets::referenda::GenesisConfig& config) {
  const std::pair<const char*, const std::optional<BlockNumber>&> fields[] = {
      {"preparePeriod", config.prepare_period},
      {"decisionPeriod", config.decision_period},
      {"confirmPeriod", config.confirm_period},
      {"minEnactmentPeriod", config.min_enactment_period},
      {"undecidingTimeout", config.undeciding_timeout}};
  for (const auto& [name, value] : fields) {
    if (!value) continue;
    if (auto checked = check_governance_period(name, *value); !checked) return checked;
  }
  if (config.prepare_period) ReferendaPreparePeriodParameter::set(*config.prepare_period);
  if (config.decision_period) ReferendaDecisionPeriodParameter::set(*config.decision_period);
  if (config.confirm_period) ReferendaConfirmPeriodParameter::set(*config.confirm_period);
  if (config.min_enactment_period) {
    ReferendaMinEnactmentPeriodParameter::set(*config.min_enactment_period);
  }
  if (config.undeciding_timeout) {
    ReferendaUndecidingTimeoutParameter::set(*config.undeciding_timeout);
  }
  return {};
}

inline Result<void, std::string> set_vote_locking_period(uint32_t blocks) {
  if (auto checked = check_governance_period("voteLockingPeriod", blocks); !checked) {
    return checked;
  }
  VoteLockingPeriodParameter::set(blocks);
  return {};
}

inline Result<void, std::string> set_treasury_spend_period(BlockNumber blocks) {
  if (auto checked = check_governance_period("spendPeriod", blocks); !checked) return checked;
  TreasurySpendPeriodParameter::set(blocks);
  return {};
}

// A TracksInfo (Base) with the genesis' period overrides applied: the tracks, curves and
// deposits are Base's; the periods are those in force. Both referenda instances take them.
template <class Base, size_t N>
struct PeriodOverriddenTracks {
  static constexpr size_t kNameLength = Base::kNameLength;

  static std::span<const pallets::referenda::Track> tracks() {
    const uint32_t prepare = ReferendaPreparePeriodParameter::get();
    const uint32_t decision = ReferendaDecisionPeriodParameter::get();
    const uint32_t confirm = ReferendaConfirmPeriodParameter::get();
    const uint32_t enactment = ReferendaMinEnactmentPeriodParameter::get();
    if (prepare == 0 && decision == 0 && confirm == 0 && enactment == 0) return Base::tracks();
    // Rebuilt on every call from the parameters (one runtime call sees one state's values; the
    // runtime is single-threaded), so the span stays valid as long as the caller needs it.
    static std::array<pallets::referenda::Track, N> overridden;
    const std::span<const pallets::referenda::Track> base = Base::tracks();
    std::copy(base.begin(), base.end(), overridden.begin());
    for (pallets::referenda::Track& track : overridden) {
      if (prepare != 0) track.info.prepare_period = prepare;
      if (decision != 0) track.info.decision_period = decision;
      if (confirm != 0) track.info.confirm_period = confirm;
      if (enactment != 0) track.info.min_enactment_period = enactment;
    }
    return overridden;
  }
  static std::optional<pallets::referenda::TrackId> track_for(const rt::Origin& origin) {
    return Base::track_for(origin);
  }
};

// Kusama's TracksInfo (origins/tracks.hpp) with the genesis' period overrides.
template <class Origins>
struct GovernanceTracks : PeriodOverriddenTracks<pallets::origins::KusamaTracks<Origins>,
                                                 kusama_tracks::kTracks.size()> {
  using Kusama = pallets::origins::KusamaTracks<Origins>;
};

// Kusama's FellowshipReferenda TracksInfo (origins/fellowship_tracks.hpp) with the same
// overrides, so that a dev chain's Fellowship decides in blocks too.
template <class Origins>
struct FellowshipGovernanceTracks
    : PeriodOverriddenTracks<pallets::origins::FellowshipTracks<Origins>,
                             pallets::origins::fellowship_tracks::kTracks.size()> {
  using Kusama = pallets::origins::FellowshipTracks<Origins>;
};

}  // namespace canary::rt::canary_runtime
