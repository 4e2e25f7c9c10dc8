// Kusama's referenda tracks (polkadot-fellows/runtimes relay/kusama/src/governance/tracks.rs, as
// FR-1.7.1 runs them): 16 tracks, each with its deciding limit, decision deposit, periods and
// approval/support curves, and the track each origin's proposals go to (Root → 0, the custom
// origins of origins.hpp → 1..34). The curves are built as tracks.rs builds them, with
// Curve::make_linear/make_reciprocal at compile time; the periods and deposits are the values
// Kusama's metadata (spec 1_009_002) publishes in Referenda's Tracks constant, whose SCALE bytes
// the tests compare with ours. Names are padded with NULs to 25 bytes (tracks.rs `s("root")`).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "runtime/framework/arithmetic/fixed_point.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/referenda/curve.hpp"
#include "runtime/pallets/referenda/types.hpp"

namespace canary::rt::pallets::origins {

namespace kusama_tracks {

using referenda::Curve;
using referenda::Track;
using referenda::TrackInfo;

inline constexpr BlockNumber kMinutes = 10;  // 6-second blocks
inline constexpr BlockNumber kHours = 60 * kMinutes;
inline constexpr BlockNumber kDays = 24 * kHours;

constexpr arithmetic::FixedI64 percent(uint32_t x) {
  return arithmetic::FixedI64::from_rational(x, 100);
}

inline constexpr Curve kAppRoot =
    Curve::make_reciprocal(4, 28, percent(80), percent(50), percent(100));
inline constexpr Curve kSupRoot = Curve::make_linear(28, 28, percent(0), percent(50));
inline constexpr Curve kAppWhitelisted =
    Curve::make_reciprocal(16, 28 * 24, percent(96), percent(50), percent(100));
inline constexpr Curve kSupWhitelisted =
    Curve::make_reciprocal(1, 28, percent(20), percent(5), percent(50));
// Staking, lease, fellowship admin, the referendum canceller and killer, the small spender.
inline constexpr Curve kAppLinear17 = Curve::make_linear(17, 28, percent(50), percent(100));
inline constexpr Curve kSupRecip12 =
    Curve::make_reciprocal(12, 28, percent(1), percent(0), percent(50));
// General and auction admin support.
inline constexpr Curve kSupRecip7 =
    Curve::make_reciprocal(7, 28, percent(10), percent(0), percent(50));
inline constexpr Curve kAppTipper = Curve::make_linear(10, 28, percent(50), percent(100));
inline constexpr Curve kSupSmallTipper =
    Curve::make_reciprocal(1, 28, percent(4), percent(0), percent(50));
inline constexpr Curve kSupBigTipper =
    Curve::make_reciprocal(8, 28, percent(1), percent(0), percent(50));
inline constexpr Curve kAppMediumSpender = Curve::make_linear(23, 28, percent(50), percent(100));
inline constexpr Curve kSupMediumSpender =
    Curve::make_reciprocal(16, 28, percent(1), percent(0), percent(50));
inline constexpr Curve kAppBigSpender = Curve::make_linear(28, 28, percent(50), percent(100));
inline constexpr Curve kSupBigSpender =
    Curve::make_reciprocal(20, 28, percent(1), percent(0), percent(50));

// {id, {name, max_deciding, decision_deposit, prepare, decision, confirm, min_enactment,
// min_approval, min_support}}.
inline constexpr std::array<Track, 16> kTracks = {{
    {0,
     {"root", 1, 100 * kGrand, 2 * kHours, 14 * kDays, 24 * kHours, 24 * kHours, kAppRoot,
      kSupRoot}},
    {1,
     {"whitelisted_caller", 100, 10 * kGrand, 30 * kMinutes, 14 * kDays, 10 * kMinutes,
      10 * kMinutes, kAppWhitelisted, kSupWhitelisted}},
    {2,
     {"wish_for_change", 10, 20 * kGrand, 2 * kHours, 14 * kDays, 24 * kHours, 10 * kMinutes,
      kAppRoot, kSupRoot}},
    {10,
     {"staking_admin", 10, 5 * kGrand, 2 * kHours, 14 * kDays, 3 * kHours, 10 * kMinutes,
      kAppLinear17, kSupRecip12}},
    {11,
     {"treasurer", 10, 1 * kGrand, 2 * kHours, 14 * kDays, 48 * kHours, 24 * kHours, kAppRoot,
      kSupRoot}},
    {12,
     {"lease_admin", 10, 5 * kGrand, 2 * kHours, 14 * kDays, 3 * kHours, 10 * kMinutes,
      kAppLinear17, kSupRecip12}},
    {13,
     {"fellowship_admin", 10, 5 * kGrand, 2 * kHours, 14 * kDays, 3 * kHours, 10 * kMinutes,
      kAppLinear17, kSupRecip12}},
    {14,
     {"general_admin", 10, 5 * kGrand, 2 * kHours, 14 * kDays, 3 * kHours, 10 * kMinutes, kAppRoot,
      kSupRecip7}},
    {15,
     {"auction_admin", 10, 5 * kGrand, 2 * kHours, 14 * kDays, 3 * kHours, 10 * kMinutes, kAppRoot,
      kSupRecip7}},
    {20,
     {"referendum_canceller", 1'000, 10 * kGrand, 2 * kHours, 7 * kDays, 3 * kHours, 10 * kMinutes,
      kAppLinear17, kSupRecip12}},
    {21,
     {"referendum_killer", 1'000, 50 * kGrand, 2 * kHours, 14 * kDays, 3 * kHours, 10 * kMinutes,
      kAppLinear17, kSupRecip12}},
    {30,
     {"small_tipper", 200, 1 * kQuid, 1 * kMinutes, 7 * kDays, 10 * kMinutes, 1 * kMinutes,
      kAppTipper, kSupSmallTipper}},
    {31,
     {"big_tipper", 100, 10 * kQuid, 10 * kMinutes, 7 * kDays, 1 * kHours, 10 * kMinutes,
      kAppTipper, kSupBigTipper}},
    {32,
     {"small_spender", 50, 100 * kQuid, 4 * kHours, 14 * kDays, 12 * kHours, 24 * kHours,
      kAppLinear17, kSupRecip12}},
    {33,
     {"medium_spender", 50, 200 * kQuid, 4 * kHours, 14 * kDays, 24 * kHours, 24 * kHours,
      kAppMediumSpender, kSupMediumSpender}},
    {34,
     {"big_spender", 50, 400 * kQuid, 4 * kHours, 14 * kDays, 48 * kHours, 24 * kHours,
      kAppBigSpender, kSupBigSpender}},
}};

}  // namespace kusama_tracks

// Kusama's TracksInfo, reading the custom origins of the Origins pallet P.
template <class P>
struct KusamaTracks {
  static constexpr size_t kNameLength = 25;
  static std::span<const referenda::Track> tracks() { return kusama_tracks::kTracks; }
  static std::optional<referenda::TrackId> track_for(const rt::Origin& origin) {
    if (origin.is_system()) {
      if (origin.is_root()) return referenda::TrackId{0};
      return std::nullopt;
    }
    const auto custom = origin.template pallet_origin<P>();
    if (!custom) return std::nullopt;
    switch (*custom) {
      case Origin::kWhitelistedCaller:
        return referenda::TrackId{1};
      case Origin::kWishForChange:
        return referenda::TrackId{2};
      case Origin::kStakingAdmin:
        return referenda::TrackId{10};
      case Origin::kTreasurer:
        return referenda::TrackId{11};
      case Origin::kLeaseAdmin:
        return referenda::TrackId{12};
      case Origin::kFellowshipAdmin:
        return referenda::TrackId{13};
      case Origin::kGeneralAdmin:
        return referenda::TrackId{14};
      case Origin::kAuctionAdmin:
        return referenda::TrackId{15};
      case Origin::kReferendumCanceller:
        return referenda::TrackId{20};
      case Origin::kReferendumKiller:
        return referenda::TrackId{21};
      case Origin::kSmallTipper:
        return referenda::TrackId{30};
      case Origin::kBigTipper:
        return referenda::TrackId{31};
      case Origin::kSmallSpender:
        return referenda::TrackId{32};
      case Origin::kMediumSpender:
        return referenda::TrackId{33};
      case Origin::kBigSpender:
        return referenda::TrackId{34};
      default:
        return std::nullopt;
    }
  }
};

}  // namespace canary::rt::pallets::origins
