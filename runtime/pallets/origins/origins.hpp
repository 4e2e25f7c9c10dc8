// pallet_custom_origins: Kusama's governance origins (polkadot-fellows/runtimes
// relay/kusama/src/governance/origins.rs, FR-1.7.1): a pallet with no calls, storage or events
// whose only part is its origin, one unit variant per privilege, in Kusama's order (the SCALE
// index is the position). Referenda dispatches a proposal with the origin its track stands for
// (tracks.hpp), and other pallets accept them through the EnsureOrigin types below, as the
// runtime's OriginCaller variant `Origins` at the pallet's index (Kusama: 43).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/framework/traits/tokens.hpp"

namespace canary::rt::pallets::origins {

using traits::tokens::Balance;

// pallet_custom_origins::Origin.
enum class Origin : uint8_t {
  kStakingAdmin = 0,          // cancelling slashes
  kTreasurer = 1,             // spending (any amount of) funds
  kFellowshipAdmin = 2,       // managing the composition of the fellowship
  kGeneralAdmin = 3,          // the registrar and permissioned HRMP channel operations
  kAuctionAdmin = 4,          // starting auctions
  kLeaseAdmin = 5,            // forcing slot leases
  kReferendumCanceller = 6,   // cancelling referenda
  kReferendumKiller = 7,      // killing referenda
  kSmallTipper = 8,           // spending up to 1 KSM at once
  kBigTipper = 9,             // up to 5 KSM
  kSmallSpender = 10,         // up to 50 KSM
  kMediumSpender = 11,        // up to 500 KSM
  kBigSpender = 12,           // up to 5,000 KSM
  kWhitelistedCaller = 13,    // dispatching a whitelisted call
  kFellowshipInitiates = 14,  // any member of the Fellowship
  kFellows = 15,              // 3rd Dan or greater
  kFellowshipExperts = 16,    // 5th Dan or greater
  kFellowshipMasters = 17,    // 7th Dan or greater
  kFellowship1Dan = 18,
  kFellowship2Dan = 19,
  kFellowship3Dan = 20,
  kFellowship4Dan = 21,
  kFellowship5Dan = 22,
  kFellowship6Dan = 23,
  kFellowship7Dan = 24,
  kFellowship8Dan = 25,
  kFellowship9Dan = 26,
  kWishForChange = 27,  // signalling that the network wishes for some change
};
inline constexpr uint8_t kOriginCount = 28;

inline bool scale_is_valid(Origin o) {
  return static_cast<uint8_t>(o) < kOriginCount;
}

inline constexpr std::string_view kOriginNames[kOriginCount] = {
    "StakingAdmin",      "Treasurer",         "FellowshipAdmin",     "GeneralAdmin",
    "AuctionAdmin",      "LeaseAdmin",        "ReferendumCanceller", "ReferendumKiller",
    "SmallTipper",       "BigTipper",         "SmallSpender",        "MediumSpender",
    "BigSpender",        "WhitelistedCaller", "FellowshipInitiates", "Fellows",
    "FellowshipExperts", "FellowshipMasters", "Fellowship1Dan",      "Fellowship2Dan",
    "Fellowship3Dan",    "Fellowship4Dan",    "Fellowship5Dan",      "Fellowship6Dan",
    "Fellowship7Dan",    "Fellowship8Dan",    "Fellowship9Dan",      "WishForChange",
};

// The type is declared in the runtime crate (Kusama:
// staging_kusama_runtime::governance::origins::pallet_custom_origins::Origin).
inline void canary_type_info(meta::TypeBuilder& b, const Origin*) {
  b.path({"canary_runtime", "governance", "origins", "pallet_custom_origins", "Origin"});
  for (uint8_t i = 0; i < kOriginCount; ++i) b.variant(i, std::string(kOriginNames[i]));
}

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_custom_origins";
  static constexpr const char* kDocs = "";
  using PalletOrigin = origins::Origin;

  static rt::Origin origin(origins::Origin o) { return rt::Origin::of_pallet<Pallet>(o); }
};

// decl_unit_ensures!: the origin O, with a fixed success value (() unless given).
template <class P, Origin kOrigin, auto kSuccess = std::monostate{}>
struct EnsureCustom {
  using Success = decltype(kSuccess);
  static std::optional<Success> try_origin(const rt::Origin& origin) {
    const auto value = origin.template pallet_origin<P>();
    if (!value || *value != kOrigin) return std::nullopt;
    return kSuccess;
  }
};

// Kusama's named ensures (origins.rs).
template <class P>
using StakingAdmin = EnsureCustom<P, Origin::kStakingAdmin>;
template <class P>
using Treasurer = EnsureCustom<P, Origin::kTreasurer>;
template <class P>
using FellowshipAdmin = EnsureCustom<P, Origin::kFellowshipAdmin>;
template <class P>
using GeneralAdmin = EnsureCustom<P, Origin::kGeneralAdmin>;
template <class P>
using AuctionAdmin = EnsureCustom<P, Origin::kAuctionAdmin>;
template <class P>
using LeaseAdmin = EnsureCustom<P, Origin::kLeaseAdmin>;
template <class P>
using ReferendumCanceller = EnsureCustom<P, Origin::kReferendumCanceller>;
template <class P>
using ReferendumKiller = EnsureCustom<P, Origin::kReferendumKiller>;
template <class P>
using WhitelistedCaller = EnsureCustom<P, Origin::kWhitelistedCaller>;
template <class P>
using WishForChange = EnsureCustom<P, Origin::kWishForChange>;
template <class P>
using FellowshipInitiates = EnsureCustom<P, Origin::kFellowshipInitiates, uint16_t{0}>;
template <class P>
using Fellows = EnsureCustom<P, Origin::kFellows, uint16_t{3}>;
template <class P>
using FellowshipExperts = EnsureCustom<P, Origin::kFellowshipExperts, uint16_t{5}>;
template <class P>
using FellowshipMasters = EnsureCustom<P, Origin::kFellowshipMasters, uint16_t{7}>;

// Kusama's currency units (relay/kusama/constants: UNITS = 10^12, QUID = UNITS / 30, GRAND =
// 1000 QUID).
inline constexpr Balance kQuid = 1'000'000'000'000 / 30;
inline constexpr Balance kGrand = kQuid * 1'000;

// decl_ensure! Spender: the most a spend origin may spend at once.
template <class P>
struct Spender {
  using Success = Balance;
  static std::optional<Success> try_origin(const rt::Origin& origin) {
    const auto value = origin.template pallet_origin<P>();
    if (!value) return std::nullopt;
    switch (*value) {
      case Origin::kSmallTipper:
        return 250 * kQuid;
      case Origin::kBigTipper:
        return kGrand;
      case Origin::kSmallSpender:
        return 10 * kGrand;
      case Origin::kMediumSpender:
        return 100 * kGrand;
      case Origin::kBigSpender:
        return 1'000 * kGrand;
      case Origin::kTreasurer:
        return 10'000 * kGrand;
      default:
        return std::nullopt;
    }
  }
};

// decl_ensure! EnsureFellowship: the Dan of a FellowshipNDan origin.
template <class P>
struct EnsureFellowship {
  using Success = uint16_t;
  static std::optional<Success> try_origin(const rt::Origin& origin) {
    const auto value = origin.template pallet_origin<P>();
    if (!value) return std::nullopt;
    const auto v = static_cast<uint8_t>(*value);
    const auto first = static_cast<uint8_t>(Origin::kFellowship1Dan);
    const auto last = static_cast<uint8_t>(Origin::kFellowship9Dan);
    if (v < first || v > last) return std::nullopt;
    return static_cast<uint16_t>(v - first + 1);
  }
};

}  // namespace canary::rt::pallets::origins
