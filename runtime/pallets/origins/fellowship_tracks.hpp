// Kusama's FellowshipReferenda tracks (polkadot-fellows/runtimes relay/kusama/src/governance/
// fellowship.rs, FR-1.7.1): ten tracks, one per rank (candidates … grand masters), each deciding
// 10 at once over 7 days with a 30-minute prepare and confirm period and a minute's enactment,
// approval falling linearly from 100 % to 50 % and support from 50 % to 0 over the decision
// period; deposits 100 QUID (candidates), 10 QUID (ranks 1-4) and 1 QUID (ranks 5-9). A
// proposal's origin picks the track: FellowshipInitiates → 0, FellowshipNDan → N, Fellows → 3,
// FellowshipExperts → 5, FellowshipMasters → 7. Kusama's metadata (spec 1_009_002) publishes
// them as FellowshipReferenda's Tracks constant, whose bytes the tests compare with ours.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/origins/tracks.hpp"
#include "runtime/pallets/referenda/curve.hpp"
#include "runtime/pallets/referenda/types.hpp"

namespace canary::rt::pallets::origins {

namespace fellowship_tracks {

using kusama_tracks::kDays;
using kusama_tracks::kMinutes;
using referenda::Curve;
using referenda::Track;
using Perbill = arithmetic::Perbill;

inline constexpr Curve kApproval = Curve::linear(
    Perbill::from_percent(100), Perbill::from_percent(50), Perbill::from_percent(100));
inline constexpr Curve kSupport =
    Curve::linear(Perbill::from_percent(100), Perbill::from_percent(0), Perbill::from_percent(50));

constexpr Track track(referenda::TrackId id, std::string_view name, Balance deposit) {
  return {
      id,
      {name, 10, deposit, 30 * kMinutes, 7 * kDays, 30 * kMinutes, kMinutes, kApproval, kSupport}};
}

inline constexpr std::array<Track, 10> kTracks = {{
    track(0, "candidates", 100 * kQuid),
    track(1, "members", 10 * kQuid),
    track(2, "proficients", 10 * kQuid),
    track(3, "fellows", 10 * kQuid),
    track(4, "senior fellows", 10 * kQuid),
    track(5, "experts", kQuid),
    track(6, "senior experts", kQuid),
    track(7, "masters", kQuid),
    track(8, "senior masters", kQuid),
    track(9, "grand masters", kQuid),
}};

}  // namespace fellowship_tracks

// Kusama's fellowship TracksInfo, reading the custom origins of the Origins pallet P.
template <class P>
struct FellowshipTracks {
  static constexpr size_t kNameLength = 25;
  static std::span<const referenda::Track> tracks() { return fellowship_tracks::kTracks; }
  static std::optional<referenda::TrackId> track_for(const rt::Origin& origin) {
    const auto custom = origin.template pallet_origin<P>();
    if (!custom) return std::nullopt;
    switch (*custom) {
      case Origin::kFellowshipInitiates:
        return referenda::TrackId{0};
      case Origin::kFellowship1Dan:
        return referenda::TrackId{1};
      case Origin::kFellowship2Dan:
        return referenda::TrackId{2};
      case Origin::kFellowship3Dan:
      case Origin::kFellows:
        return referenda::TrackId{3};
      case Origin::kFellowship4Dan:
        return referenda::TrackId{4};
      case Origin::kFellowship5Dan:
      case Origin::kFellowshipExperts:
        return referenda::TrackId{5};
      case Origin::kFellowship6Dan:
        return referenda::TrackId{6};
      case Origin::kFellowship7Dan:
      case Origin::kFellowshipMasters:
        return referenda::TrackId{7};
      case Origin::kFellowship8Dan:
        return referenda::TrackId{8};
      case Origin::kFellowship9Dan:
        return referenda::TrackId{9};
      default:
        return std::nullopt;
    }
  }
};

}  // namespace canary::rt::pallets::origins
