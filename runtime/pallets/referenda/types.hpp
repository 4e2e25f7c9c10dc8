// pallet_referenda's types (polkadot-sdk substrate/frame/referenda/src/types.rs, pallet-referenda
// 42 as Kusama FR-1.7.1 builds it; SCALE layouts and type paths as Kusama's metadata, spec
// 1_009_002): a deposit, the deciding status, a referendum's status while ongoing and its info
// once concluded, a track's parameters (TrackInfo), the tracks' constant form (TrackDetails, a
// name padded with NULs to the runtime's fixed length, described as `str`), and TracksInfo, the
// runtime's tracks and the track of each origin.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/preimages.hpp"
#include "runtime/framework/traits/schedule.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/pallets/referenda/curve.hpp"

namespace canary::rt::pallets::referenda {

using traits::tokens::Balance;
using ReferendumIndex = uint32_t;
using TrackId = uint16_t;  // Kusama's TracksInfo::Id
using ScheduleAddress = std::pair<BlockNumber, uint32_t>;
using traits::schedule::DispatchTime;

// pallet_referenda::types::Deposit<AccountId, Balance>.
struct Deposit {
  AccountId32 who;
  Balance amount = 0;
  bool operator==(const Deposit&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("who", &Deposit::who, "AccountId"),
                      field("amount", &Deposit::amount, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_referenda", "types", "Deposit"});
    b.param<AccountId32>("AccountId");
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// pallet_referenda::types::DecidingStatus<BlockNumber>: deciding since, and confirming until.
struct DecidingStatus {
  BlockNumber since = 0;
  std::optional<BlockNumber> confirming;
  bool operator==(const DecidingStatus&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("since", &DecidingStatus::since, "BlockNumber"),
                      field("confirming", &DecidingStatus::confirming, "Option<BlockNumber>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_referenda", "types", "DecidingStatus"});
    b.param<BlockNumber>("BlockNumber");
    add_fields(b, fields());
  }
};

// The generic parameters ReferendumStatus and ReferendumInfo name in metadata.
template <class OriginCaller, class Call, class Tally>
void add_referendum_params(meta::TypeBuilder& b) {
  b.param<TrackId>("TrackId");
  b.param<OriginCaller>("RuntimeOrigin");
  b.param<BlockNumber>("Moment");
  b.param<traits::preimages::Bounded<Call>>("Call");
  b.param<Balance>("Balance");
  b.param<Tally>("Tally");
  b.param<AccountId32>("AccountId");
  b.param<ScheduleAddress>("ScheduleAddress");
}

// pallet_referenda::types::ReferendumStatus: an ongoing referendum.
template <class OriginCaller, class Call, class Tally>
struct ReferendumStatus {
  TrackId track = 0;
  OriginCaller origin;
  traits::preimages::Bounded<Call> proposal;
  DispatchTime enactment;
  BlockNumber submitted = 0;
  Deposit submission_deposit;
  std::optional<Deposit> decision_deposit;
  std::optional<DecidingStatus> deciding;
  Tally tally;
  bool in_queue = false;
  std::optional<std::pair<BlockNumber, ScheduleAddress>> alarm;
  bool operator==(const ReferendumStatus&) const = default;

  static constexpr auto fields() {
    return std::tuple{
        field("track", &ReferendumStatus::track, "TrackId"),
        field("origin", &ReferendumStatus::origin, "RuntimeOrigin"),
        field("proposal", &ReferendumStatus::proposal, "Call"),
        field("enactment", &ReferendumStatus::enactment, "DispatchTime<Moment>"),
        field("submitted", &ReferendumStatus::submitted, "Moment"),
        field("submission_deposit", &ReferendumStatus::submission_deposit,
              "Deposit<AccountId, Balance>"),
        field("decision_deposit", &ReferendumStatus::decision_deposit,
              "Option<Deposit<AccountId, Balance>>"),
        field("deciding", &ReferendumStatus::deciding, "Option<DecidingStatus<Moment>>"),
        field("tally", &ReferendumStatus::tally, "Tally"),
        field("in_queue", &ReferendumStatus::in_queue, "bool"),
        field("alarm", &ReferendumStatus::alarm, "Option<(Moment, ScheduleAddress)>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_referenda", "types", "ReferendumStatus"});
    add_referendum_params<OriginCaller, Call, Tally>(b);
    add_fields(b, fields());
  }
};

// pallet_referenda::types::ReferendumInfo: Ongoing(status), or concluded at a block with the
// deposits not yet refunded (Approved, Rejected, Cancelled, TimedOut), or Killed (deposits
// slashed).
template <class OriginCaller, class Call, class Tally>
struct ReferendumInfo {
  using Status = ReferendumStatus<OriginCaller, Call, Tally>;
  // The concluded states share one shape: (since, submission deposit, decision deposit).
  template <uint8_t kIndex>
  struct Concluded {
    static constexpr uint8_t kScaleIndex = kIndex;
    BlockNumber since = 0;
    std::optional<Deposit> submission_deposit;
    std::optional<Deposit> decision_deposit;
    bool operator==(const Concluded&) const = default;
    CANARY_SCALE_FIELDS(since, submission_deposit, decision_deposit)
  };
  struct Ongoing {
    static constexpr uint8_t kScaleIndex = 0;
    Status status;
    bool operator==(const Ongoing&) const = default;
    CANARY_SCALE_FIELDS(status)
  };
  using Approved = Concluded<1>;
  using Rejected = Concluded<2>;
  using Cancelled = Concluded<3>;
  using TimedOut = Concluded<4>;
  struct Killed {
    static constexpr uint8_t kScaleIndex = 5;
    BlockNumber since = 0;
    bool operator==(const Killed&) const = default;
    CANARY_SCALE_FIELDS(since)
  };

  std::variant<Ongoing, Approved, Rejected, Cancelled, TimedOut, Killed> value;
  bool operator==(const ReferendumInfo&) const = default;

  const Status* ongoing() const {
    const auto* o = std::get_if<Ongoing>(&value);
    return o == nullptr ? nullptr : &o->status;
  }

  // take_decision_deposit / take_submission_deposit: the deposit, now refunded (none left in
  // the info); an error (nullopt outside) where the state has none to give: Ongoing for the
  // decision deposit, all but Approved and Cancelled for the submission deposit.
  std::optional<std::optional<Deposit>> take_decision_deposit() {
    return std::visit(
        [](auto& v) -> std::optional<std::optional<Deposit>> {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, Ongoing>) {
            if (v.status.decision_deposit) return std::nullopt;
            return std::optional<Deposit>{};
          } else if constexpr (std::is_same_v<V, Killed>) {
            return std::optional<Deposit>{};
          } else {
            return std::exchange(v.decision_deposit, std::nullopt);
          }
        },
        value);
  }
  std::optional<std::optional<Deposit>> take_submission_deposit() {
    if (auto* a = std::get_if<Approved>(&value)) {
      return std::exchange(a->submission_deposit, std::nullopt);
    }
    if (auto* c = std::get_if<Cancelled>(&value)) {
      return std::exchange(c->submission_deposit, std::nullopt);
    }
    return std::nullopt;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_referenda", "types", "ReferendumInfo"});
    add_referendum_params<OriginCaller, Call, Tally>(b);
    meta::Registry& r = b.registry();
    b.variant(0, "Ongoing",
              {meta::field_of<Status>(r, std::nullopt,
                                      "ReferendumStatus<TrackId, RuntimeOrigin, Moment, Call, "
                                      "Balance, Tally,\nAccountId, ScheduleAddress,>")});
    const char* names[] = {"Approved", "Rejected", "Cancelled", "TimedOut"};
    for (uint8_t i = 0; i < 4; ++i) {
      b.variant(static_cast<uint8_t>(i + 1), names[i],
                {meta::field_of<BlockNumber>(r, std::nullopt, "Moment"),
                 meta::field_of<std::optional<Deposit>>(r, std::nullopt,
                                                        "Option<Deposit<AccountId, Balance>>"),
                 meta::field_of<std::optional<Deposit>>(r, std::nullopt,
                                                        "Option<Deposit<AccountId, Balance>>")});
    }
    b.variant(5, "Killed", {meta::field_of<BlockNumber>(r, std::nullopt, "Moment")});
  }
};

// pallet_referenda::types::TrackInfo<Balance, Moment>: a track's parameters. The name is the
// text before the NUL padding of FRAME's fixed-size name.
struct TrackInfo {
  std::string_view name;
  uint32_t max_deciding = 0;
  Balance decision_deposit = 0;
  BlockNumber prepare_period = 0;
  BlockNumber decision_period = 0;
  BlockNumber confirm_period = 0;
  BlockNumber min_enactment_period = 0;
  Curve min_approval;
  Curve min_support;
};

// A track: its id and parameters (pallet_referenda::Track).
struct Track {
  TrackId id = 0;
  TrackInfo info;
};

// The Tracks constant's element: pallet_referenda::types::TrackDetails<Balance, Moment, Name>
// with Name = str, as the metadata gives it: (id, details). FRAME's name is `[u8; N]` turned
// into a str whole, so the NUL padding is part of the value.
struct TrackDetails {
  std::string name;
  uint32_t max_deciding = 0;
  Balance decision_deposit = 0;
  BlockNumber prepare_period = 0;
  BlockNumber decision_period = 0;
  BlockNumber confirm_period = 0;
  BlockNumber min_enactment_period = 0;
  Curve min_approval;
  Curve min_support;
  bool operator==(const TrackDetails&) const = default;

  static TrackDetails of(const TrackInfo& info, size_t name_length) {
    std::string name(info.name);
    name.resize(std::max(name_length, name.size()), '\0');
    return {std::move(name),           info.max_deciding,    info.decision_deposit,
            info.prepare_period,       info.decision_period, info.confirm_period,
            info.min_enactment_period, info.min_approval,    info.min_support};
  }
  static constexpr auto fields() {
    return std::tuple{field("name", &TrackDetails::name, "Name"),
                      field("max_deciding", &TrackDetails::max_deciding, "u32"),
                      field("decision_deposit", &TrackDetails::decision_deposit, "Balance"),
                      field("prepare_period", &TrackDetails::prepare_period, "Moment"),
                      field("decision_period", &TrackDetails::decision_period, "Moment"),
                      field("confirm_period", &TrackDetails::confirm_period, "Moment"),
                      field("min_enactment_period", &TrackDetails::min_enactment_period, "Moment"),
                      field("min_approval", &TrackDetails::min_approval, "Curve"),
                      field("min_support", &TrackDetails::min_support, "Curve")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_referenda", "types", "TrackDetails"});
    b.param<Balance>("Balance");
    b.param<BlockNumber>("Moment");
    b.param<std::string>("Name");
    add_fields(b, fields());
  }
};

// pallet_referenda::TracksInfo<Balance, Moment>: the runtime's tracks, sorted by id
// (`tracks()`), the length their names are padded to (`kNameLength`, FRAME's N), and the track
// of a proposal's origin (`track_for`, nullopt: no track, Error::NoTrack).
template <class X>
concept TracksInfo = requires(const Origin& origin) {
  { X::tracks() } -> std::same_as<std::span<const Track>>;
  { X::track_for(origin) } -> std::same_as<std::optional<TrackId>>;
  { X::kNameLength } -> std::convertible_to<size_t>;
};

// TracksInfo::info: the track with the id, if any.
template <TracksInfo X>
const TrackInfo* track_info(TrackId id) {
  for (const Track& track : X::tracks()) {
    if (track.id == id) return &track.info;
  }
  return nullptr;
}

// The Tracks constant's value (impl_tracksinfo_get).
template <TracksInfo X>
std::vector<std::tuple<TrackId, TrackDetails>> tracks_constant() {
  std::vector<std::tuple<TrackId, TrackDetails>> out;
  for (const Track& track : X::tracks()) {
    out.emplace_back(track.id, TrackDetails::of(track.info, X::kNameLength));
  }
  return out;
}

}  // namespace canary::rt::pallets::referenda
