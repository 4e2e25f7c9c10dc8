// pallet_referenda: OpenGov's referenda. A signed account submits a proposal (a bounded call)
// with the origin it should be dispatched from; the origin picks a track (TracksInfo), whose
// parameters govern the rest: after a decision deposit and the prepare period the referendum
// is decided (at most max_deciding at once per track, the others queued by ayes), passes once it
// has stayed above the track's approval and support curves for the confirm period, and then has
// its proposal scheduled (named task, priority 63) no earlier than min_enactment_period later;
// it is rejected when the decision period ends without passing, times out when it waits longer
// than UndecidingTimeout for deciding, and may be cancelled or killed (deposits slashed). The
// pallet wakes itself with anonymous Scheduler alarms (nudge_referendum, one_fewer_deciding,
// priority 128, Root). It is the Polls (traits::Polling) of a voting pallet (ConvictionVoting),
// whose accesses re-arm the alarm for the next block.
//
// Reference semantics: polkadot-sdk substrate/frame/referenda/src/{lib,types,branch}.rs
// (pallet-referenda 42, as Kusama FR-1.7.1 builds it); calls, events, errors, storage and
// constants as Kusama's metadata (index 21, spec 1_009_002).
//
// The runtime configuration T provides, besides System, Pallets and kDbWeight:
//   Currency                      a traits::ReservableCurrency (deposits are reserves)
//   ReferendaScheduler            traits::schedule::ScheduleAnon + ScheduleNamed over the
//                                 runtime's OriginCaller (Scheduler::Schedule)
//   ReferendaPreimages            traits::preimages::StorePreimage of RuntimeCall (Preimage)
//   ReferendaSubmitOrigin         EnsureOrigin with an account as success (Kusama: EnsureSigned)
//   ReferendaCancelOrigin, ReferendaKillOrigin   EnsureOrigins
//   ReferendaTally                a VoteTally (below; Kusama: ConvictionVoting's Tally)
//   ReferendaTracks               a TracksInfo (types.hpp)
//   kReferendaSubmissionDeposit, kReferendaMaxQueued, kReferendaUndecidingTimeout,
//   kReferendaAlarmInterval
//   optional referenda_undeciding_timeout()   BlockNumber, read instead of
//                                 kReferendaUndecidingTimeout (a value the genesis may set)
//   optional set_referenda_periods(const GenesisConfig&) -> Result<void, std::string>: the
//                                 runtime takes the genesis' Canary-only period overrides
//                                 (below); without it a genesis that gives one is refused
//   optional ReferendaSlash       `static void on_unbalanced(Balance)`: where slashed deposits go
//                                 (Kusama: Treasury); without one they are burned (FRAME's `()`)
//   optional ReferendaWeightInfo  (weights.hpp)
// A second instance (Kusama's FellowshipReferenda, Instance2) takes a third parameter C, a
// configuration struct naming the same `Referenda*` / `kReferenda*` items (and the optional
// functions) for that instance; System, Pallets, Currency and kDbWeight still come from T. Its
// metadata enums carry FRAME's instance parameter I.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/calls/boxed.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/polling.hpp"
#include "runtime/framework/traits/preimages.hpp"
#include "runtime/framework/traits/schedule.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/referenda/types.hpp"
#include "runtime/pallets/referenda/weights.hpp"

namespace canary::rt::pallets::referenda {

enum class Error : uint8_t {
  kNotOngoing = 0,
  kHasDeposit = 1,
  kBadTrack = 2,
  kFull = 3,
  kQueueEmpty = 4,
  kBadReferendum = 5,
  kNothingToDo = 6,
  kNoTrack = 7,
  kUnfinished = 8,
  kNoPermission = 9,
  kNoDeposit = 10,
  kBadStatus = 11,
  kPreimageNotExist = 12,
  kPreimageStoredWithDifferentLength = 13,
};

// frame_support::traits::VoteTally<Votes, Class>: what Referenda reads of a poll's tally.
template <class Tally>
concept VoteTally = requires(const Tally& tally, TrackId klass) {
  { Tally::make_new(klass) } -> std::same_as<Tally>;
  tally.ayes_of(klass);
  { tally.support_of(klass) } -> std::same_as<Perbill>;
  { tally.approval(klass) } -> std::same_as<Perbill>;
};

// ASSEMBLY_ID and the enactment task's name: blake2_256(("assembly", "enactment", index)).
inline traits::schedule::TaskName enactment_task_name(ReferendumIndex index) {
  Bytes encoded{'a', 's', 's', 'e', 'm', 'b', 'l', 'y'};
  for (const Bytes& part : {scale::encode(std::string("enactment")), scale::encode(index)}) {
    encoded.insert(encoded.end(), part.begin(), part.end());
  }
  return io::hashing::blake2_256(encoded);
}

// What servicing a referendum did (branch.rs ServiceBranch), for the weight it is charged.
enum class ServiceBranch : uint8_t {
  kFail,
  kRequeuedInsertion,
  kRequeuedSlide,
  kPreparing,
  kNoDeposit,
  kQueued,
  kNotQueued,
  kTimedOut,
  kBeginDecidingPassing,
  kBeginDecidingFailing,
  kBeginConfirming,
  kContinueConfirming,
  kEndConfirming,
  kContinueNotConfirming,
  kApproved,
  kRejected,
};
// branch.rs OneFewerDecidingBranch.
enum class OneFewerDecidingBranch : uint8_t {
  kQueueEmpty,
  kBeginDecidingPassing,
  kBeginDecidingFailing
};

// Weight::max, component-wise.
inline Weight max_weight(Weight a, Weight b) {
  return Weight::from_parts(std::max(a.ref_time, b.ref_time), std::max(a.proof_size, b.proof_size));
}

// The queue's order (bounded_collections and core's slice algorithms, as Referenda uses them).
namespace queue_detail {
// slice::binary_search_by_key (Rust ≥ 1.82: the last position whose key is not greater, so equal
// keys resolve to the last of them): Ok(index) when found, else Err(insertion point).
template <class Items, class Key>
std::pair<bool, size_t> binary_search(const Items& items, const Key& key) {
  size_t size = items.size();
  if (size == 0) return {false, 0};
  size_t base = 0;
  while (size > 1) {
    const size_t half = size / 2;
    const size_t mid = base + half;
    if (!(std::get<1>(items[mid]) > key)) base = mid;
    size -= half;
  }
  const auto& at = std::get<1>(items[base]);
  if (at == key) return {true, base};
  return {false, base + (at < key ? 1 : 0)};
}
// BoundedVec::force_insert_keep_right: inserts at index; when full, drops the first item to make
// room (nothing when index is 0).
template <class Vec, class Item>
bool force_insert_keep_right(Vec& vec, size_t index, Item item) {
  auto& items = vec.items;
  if (Vec::bound() < index || items.size() < index) return false;
  if (items.size() < Vec::bound()) {
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(index), std::move(item));
    return true;
  }
  if (index == 0) return false;
  items[0] = std::move(item);
  std::rotate(items.begin(), items.begin() + 1, items.begin() + static_cast<std::ptrdiff_t>(index));
  return true;
}
// BoundedVec::slide: moves the item at index to just before insert_position.
template <class Vec>
bool slide(Vec& vec, size_t index, size_t insert_position) {
  auto& items = vec.items;
  if (items.size() <= index || items.size() < insert_position) return false;
  const auto at = [&](size_t i) { return items.begin() + static_cast<std::ptrdiff_t>(i); };
  if (index < insert_position) {
    if (index + 1 < insert_position) {
      std::rotate(at(index), at(index + 1), at(insert_position));
      return true;
    }
  } else if (insert_position < index) {
    std::rotate(at(insert_position), at(index), at(index + 1));
    return true;
  }
  return false;
}
}  // namespace queue_detail

// Canary's own genesis section (FRAME's Referenda has none), for test networks whose governance
// must run in a few blocks: each given period replaces that period of every track (the curves,
// deposits and deciding limits stay the runtime's), and undecidingTimeout replaces
// UndecidingTimeout. Absent or null: the runtime's (Kusama's). A runtime takes them through
// T::set_referenda_periods, which keeps them in state where its TracksInfo and
// referenda_undeciding_timeout() read them, so that the metadata constants show the values in
// force.
struct GenesisConfig {
  std::optional<BlockNumber> prepare_period;
  std::optional<BlockNumber> decision_period;
  std::optional<BlockNumber> confirm_period;
  std::optional<BlockNumber> min_enactment_period;
  std::optional<BlockNumber> undeciding_timeout;
  bool any() const {
    return prepare_period || decision_period || confirm_period || min_enactment_period ||
           undeciding_timeout;
  }
  static constexpr auto json_fields() {
    return std::tuple{json_field("preparePeriod", &GenesisConfig::prepare_period),
                      json_field("decisionPeriod", &GenesisConfig::decision_period),
                      json_field("confirmPeriod", &GenesisConfig::confirm_period),
                      json_field("minEnactmentPeriod", &GenesisConfig::min_enactment_period),
                      json_field("undecidingTimeout", &GenesisConfig::undeciding_timeout)};
  }
};

// A second instance (Kusama's FellowshipReferenda) reads its configuration from C, which names
// the same `Referenda*` items; the default reads them from the runtime configuration T.
template <bool kSecondInstance>
struct InstanceMarker {};
template <>
struct InstanceMarker<true> {
  // pallet_referenda::<Instance2>: the metadata's enums carry the instance parameter.
  static constexpr bool kInstanced = true;
};

template <class T, class At, class C = T>
struct Pallet : InstanceMarker<!std::is_same_v<C, T>> {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_referenda";
  static constexpr const char* kDocs = "";
  // pallet-referenda's STORAGE_VERSION.
  static constexpr uint16_t kStorageVersion = 1;

  using Weights = WeightInfoOf<T, C>;
  using Currency = typename T::Currency;
  static_assert(traits::ReservableCurrency<Currency>);
  using RuntimeCall = typename T::Pallets::Call;
  using OriginCaller = typename T::Pallets::OriginCaller;
  using BoundedCall = traits::preimages::Bounded<RuntimeCall>;
  using Scheduler = typename C::ReferendaScheduler;
  using Preimages = typename C::ReferendaPreimages;
  using TallyT = typename C::ReferendaTally;
  static_assert(VoteTally<TallyT>);
  using VotesT = std::remove_cvref_t<decltype(std::declval<const TallyT&>().ayes_of(TrackId{}))>;
  using Tracks = typename C::ReferendaTracks;
  static_assert(TracksInfo<Tracks>);
  static_assert(EnsureOrigin<typename C::ReferendaSubmitOrigin>);
  static_assert(std::same_as<typename C::ReferendaSubmitOrigin::Success, AccountId32>);
  static_assert(EnsureOrigin<typename C::ReferendaCancelOrigin>);
  static_assert(EnsureOrigin<typename C::ReferendaKillOrigin>);
  using Status = ReferendumStatus<OriginCaller, RuntimeCall, TallyT>;
  using Info = ReferendumInfo<OriginCaller, RuntimeCall, TallyT>;
  using MaxQueued = ConstU32<C::kReferendaMaxQueued>;

  // UndecidingTimeout: the runtime's value in force if it has one (set at genesis), else its
  // constant.
  static BlockNumber undeciding_timeout() {
    if constexpr (requires {
                    { C::referenda_undeciding_timeout() } -> std::convertible_to<BlockNumber>;
                  }) {
      return C::referenda_undeciding_timeout();
    } else {
      return C::kReferendaUndecidingTimeout;
    }
  }

  using GenesisConfig = referenda::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (!config.any()) return {};
    if constexpr (requires {
                    { C::set_referenda_periods(config) } -> std::same_as<Result<void, std::string>>;
                  }) {
      return C::set_referenda_periods(config);
    } else {
      return unexpected(std::string("this runtime's referenda periods are fixed"));
    }
  }
  using Queue = BoundedVec<std::tuple<ReferendumIndex, VotesT>, MaxQueued>;

  // --- Storage.
  using ReferendumCount = StorageValue<
      Pallet, "ReferendumCount", ReferendumIndex, ValueQuery,
      DocLines<" The next free referendum index, aka the number of referenda started so far.">>;
  using ReferendumInfoFor =
      StorageMap<Pallet, "ReferendumInfoFor", Blake2_128Concat, ReferendumIndex, Info, OptionQuery,
                 DocLines<" Information concerning any given referendum.">>;
  using TrackQueue = StorageMap<
      Pallet, "TrackQueue", Twox64Concat, TrackId, Queue, ValueQuery,
      DocLines<" The sorted list of referenda ready to be decided but not yet being decided, "
               "ordered by",
               " conviction-weighted approvals.", "",
               " This should be empty if `DecidingCount` is less than "
               "`TrackInfo::max_deciding`.">>;
  using DecidingCount =
      StorageMap<Pallet, "DecidingCount", Twox64Concat, TrackId, uint32_t, ValueQuery,
                 DocLines<" The number of referenda being decided currently.">>;
  using MetadataOf = StorageMap<
      Pallet, "MetadataOf", Blake2_128Concat, ReferendumIndex, H256, OptionQuery,
      DocLines<" The metadata is a general information concerning the referendum.",
               " The `Hash` refers to the preimage of the `Preimages` provider which can be a "
               "JSON",
               " dump or IPFS hash of a JSON file.", "",
               " Consider a garbage collection for a metadata of finished referendums to "
               "`unrequest` (remove)",
               " large preimages.">>;
  using Storage =
      std::tuple<ReferendumCount, ReferendumInfoFor, TrackQueue, DecidingCount, MetadataOf>;

  // --- Errors.
  using Error = referenda::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotOngoing", "Referendum is not ongoing."},
      {"HasDeposit", "Referendum's decision deposit is already paid."},
      {"BadTrack", "The track identifier given was invalid."},
      {"Full", "There are already a full complement of referenda in progress for this track."},
      {"QueueEmpty", "The queue of the track is empty."},
      {"BadReferendum", "The referendum index provided is invalid in this context."},
      {"NothingToDo", "There was nothing to do in the advancement."},
      {"NoTrack", "No track exists for the proposal origin."},
      {"Unfinished", "Any deposit cannot be refunded until after the decision is over."},
      {"NoPermission", "The deposit refunder is not the depositor."},
      {"NoDeposit", "The deposit cannot be refunded since none was made."},
      {"BadStatus", "The referendum status is invalid for this operation."},
      {"PreimageNotExist", "The preimage does not exist."},
      {"PreimageStoredWithDifferentLength",
       "The preimage is stored with a different length than the one provided."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  // Events carrying (index, who, amount).
  template <uint8_t kIdx, FixedString kEventName, FixedString kEventDocs>
  struct DepositEvent {
    static constexpr uint8_t kScaleIndex = kIdx;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    ReferendumIndex index = 0;
    AccountId32 who;
    Balance amount = 0;
    bool operator==(const DepositEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &DepositEvent::index, "ReferendumIndex"),
                        field("who", &DepositEvent::who, "T::AccountId"),
                        field("amount", &DepositEvent::amount, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  // Events carrying (index, tally).
  template <uint8_t kIdx, FixedString kEventName, FixedString kEventDocs>
  struct TallyEvent {
    static constexpr uint8_t kScaleIndex = kIdx;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    ReferendumIndex index = 0;
    TallyT tally;
    bool operator==(const TallyEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &TallyEvent::index, "ReferendumIndex"),
                        field("tally", &TallyEvent::tally, "T::Tally")};
    }
    CANARY_DESCRIBED()
  };
  // Events carrying the index only.
  template <uint8_t kIdx, FixedString kEventName, FixedString kEventDocs>
  struct IndexEvent {
    static constexpr uint8_t kScaleIndex = kIdx;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    ReferendumIndex index = 0;
    bool operator==(const IndexEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &IndexEvent::index, "ReferendumIndex")};
    }
    CANARY_DESCRIBED()
  };
  // Events carrying (index, hash).
  template <uint8_t kIdx, FixedString kEventName, FixedString kEventDocs>
  struct MetadataEvent {
    static constexpr uint8_t kScaleIndex = kIdx;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    ReferendumIndex index = 0;
    H256 hash;
    bool operator==(const MetadataEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &MetadataEvent::index, "ReferendumIndex"),
                        field("hash", &MetadataEvent::hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
  };

  struct Submitted {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Submitted";
    static constexpr const char* kDocs = "A referendum has been submitted.";
    ReferendumIndex index = 0;
    TrackId track = 0;
    BoundedCall proposal;
    bool operator==(const Submitted&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &Submitted::index, "ReferendumIndex"),
                        field("track", &Submitted::track, "TrackIdOf<T, I>"),
                        field("proposal", &Submitted::proposal, "BoundedCallOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  using DecisionDepositPlaced =
      DepositEvent<1, "DecisionDepositPlaced", "The decision deposit has been placed.">;
  using DecisionDepositRefunded =
      DepositEvent<2, "DecisionDepositRefunded", "The decision deposit has been refunded.">;
  struct DepositSlashed {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "DepositSlashed";
    static constexpr const char* kDocs = "A deposit has been slashed.";
    AccountId32 who;
    Balance amount = 0;
    bool operator==(const DepositSlashed&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &DepositSlashed::who, "T::AccountId"),
                        field("amount", &DepositSlashed::amount, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  struct DecisionStarted {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "DecisionStarted";
    static constexpr const char* kDocs = "A referendum has moved into the deciding phase.";
    ReferendumIndex index = 0;
    TrackId track = 0;
    BoundedCall proposal;
    TallyT tally;
    bool operator==(const DecisionStarted&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &DecisionStarted::index, "ReferendumIndex"),
                        field("track", &DecisionStarted::track, "TrackIdOf<T, I>"),
                        field("proposal", &DecisionStarted::proposal, "BoundedCallOf<T, I>"),
                        field("tally", &DecisionStarted::tally, "T::Tally")};
    }
    CANARY_DESCRIBED()
  };
  using ConfirmStarted = IndexEvent<5, "ConfirmStarted", "">;
  using ConfirmAborted = IndexEvent<6, "ConfirmAborted", "">;
  using Confirmed = TallyEvent<7, "Confirmed",
                               "A referendum has ended its confirmation phase and is ready for "
                               "approval.">;
  using Approved =
      IndexEvent<8, "Approved",
                 "A referendum has been approved and its proposal has been scheduled.">;
  using Rejected = TallyEvent<9, "Rejected", "A proposal has been rejected by referendum.">;
  using TimedOut =
      TallyEvent<10, "TimedOut", "A referendum has been timed out without being decided.">;
  using Cancelled = TallyEvent<11, "Cancelled", "A referendum has been cancelled.">;
  using Killed = TallyEvent<12, "Killed", "A referendum has been killed.">;
  using SubmissionDepositRefunded =
      DepositEvent<13, "SubmissionDepositRefunded", "The submission deposit has been refunded.">;
  using MetadataSet = MetadataEvent<14, "MetadataSet", "Metadata for a referendum has been set.">;
  using MetadataCleared =
      MetadataEvent<15, "MetadataCleared", "Metadata for a referendum has been cleared.">;
  using Event = std::variant<Submitted, DecisionDepositPlaced, DecisionDepositRefunded,
                             DepositSlashed, DecisionStarted, ConfirmStarted, ConfirmAborted,
                             Confirmed, Approved, Rejected, TimedOut, Cancelled, Killed,
                             SubmissionDepositRefunded, MetadataSet, MetadataCleared>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Branch weights (branch.rs).
  static Weight weight_of_nudge(ServiceBranch branch) {
    switch (branch) {
      case ServiceBranch::kNoDeposit:
        return Weights::nudge_referendum_no_deposit();
      case ServiceBranch::kPreparing:
        return Weights::nudge_referendum_preparing();
      case ServiceBranch::kQueued:
        return Weights::nudge_referendum_queued();
      case ServiceBranch::kNotQueued:
        return Weights::nudge_referendum_not_queued();
      case ServiceBranch::kRequeuedInsertion:
        return Weights::nudge_referendum_requeued_insertion();
      case ServiceBranch::kRequeuedSlide:
        return Weights::nudge_referendum_requeued_slide();
      case ServiceBranch::kBeginDecidingPassing:
        return Weights::nudge_referendum_begin_deciding_passing();
      case ServiceBranch::kBeginDecidingFailing:
        return Weights::nudge_referendum_begin_deciding_failing();
      case ServiceBranch::kBeginConfirming:
        return Weights::nudge_referendum_begin_confirming();
      case ServiceBranch::kContinueConfirming:
        return Weights::nudge_referendum_continue_confirming();
      case ServiceBranch::kEndConfirming:
        return Weights::nudge_referendum_end_confirming();
      case ServiceBranch::kContinueNotConfirming:
        return Weights::nudge_referendum_continue_not_confirming();
      case ServiceBranch::kApproved:
        return Weights::nudge_referendum_approved();
      case ServiceBranch::kRejected:
        return Weights::nudge_referendum_rejected();
      case ServiceBranch::kTimedOut:
      case ServiceBranch::kFail:
        return Weights::nudge_referendum_timed_out();
    }
    return Weights::nudge_referendum_timed_out();
  }
  static Weight max_weight_of_nudge() {
    Weight w = Weights::nudge_referendum_no_deposit();
    for (const Weight& x :
         {Weights::nudge_referendum_preparing(), Weights::nudge_referendum_queued(),
          Weights::nudge_referendum_not_queued(), Weights::nudge_referendum_requeued_insertion(),
          Weights::nudge_referendum_requeued_slide(),
          Weights::nudge_referendum_begin_deciding_passing(),
          Weights::nudge_referendum_begin_deciding_failing(),
          Weights::nudge_referendum_begin_confirming(),
          Weights::nudge_referendum_continue_confirming(),
          Weights::nudge_referendum_end_confirming(),
          Weights::nudge_referendum_continue_not_confirming(), Weights::nudge_referendum_approved(),
          Weights::nudge_referendum_rejected(), Weights::nudge_referendum_timed_out()}) {
      w = max_weight(w, x);
    }
    return w;
  }
  // ServiceBranch::weight_of_deposit: none (the declared maximum stands) for the branches a
  // deposit cannot lead to.
  static std::optional<Weight> weight_of_deposit(ServiceBranch branch) {
    switch (branch) {
      case ServiceBranch::kPreparing:
        return Weights::place_decision_deposit_preparing();
      case ServiceBranch::kQueued:
        return Weights::place_decision_deposit_queued();
      case ServiceBranch::kNotQueued:
        return Weights::place_decision_deposit_not_queued();
      case ServiceBranch::kBeginDecidingPassing:
        return Weights::place_decision_deposit_passing();
      case ServiceBranch::kBeginDecidingFailing:
        return Weights::place_decision_deposit_failing();
      default:
        return std::nullopt;
    }
  }
  static Weight max_weight_of_deposit() {
    Weight w = Weights::place_decision_deposit_preparing();
    for (const Weight& x :
         {Weights::place_decision_deposit_queued(), Weights::place_decision_deposit_not_queued(),
          Weights::place_decision_deposit_passing(), Weights::place_decision_deposit_failing()}) {
      w = max_weight(w, x);
    }
    return w;
  }
  static Weight weight_of_one_fewer(OneFewerDecidingBranch branch) {
    switch (branch) {
      case OneFewerDecidingBranch::kQueueEmpty:
        return Weights::one_fewer_deciding_queue_empty();
      case OneFewerDecidingBranch::kBeginDecidingPassing:
        return Weights::one_fewer_deciding_passing();
      case OneFewerDecidingBranch::kBeginDecidingFailing:
        return Weights::one_fewer_deciding_failing();
    }
    return Weights::one_fewer_deciding_queue_empty();
  }
  static Weight max_weight_of_one_fewer() {
    return max_weight(
        Weights::one_fewer_deciding_queue_empty(),
        max_weight(Weights::one_fewer_deciding_passing(), Weights::one_fewer_deciding_failing()));
  }

  static DispatchResultWithPostInfo fail(DispatchError e) { return with_post_info(unexpected(e)); }

  // --- Calls.
  struct submit {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "submit";
    static constexpr const char* kDocs =
        "Propose a referendum on a privileged action.\n\n"
        "- `origin`: must be `SubmitOrigin` and the account must have `SubmissionDeposit` funds\n"
        "  available.\n"
        "- `proposal_origin`: The origin from which the proposal should be executed.\n"
        "- `proposal`: The proposal.\n"
        "- `enactment_moment`: The moment that the proposal should be enacted.\n\n"
        "Emits `Submitted`.";
    Boxed<OriginCaller> proposal_origin;
    BoundedCall proposal;
    DispatchTime enactment_moment;
    static constexpr auto fields() {
      return std::tuple{
          boxed_field("proposal_origin", &submit::proposal_origin, "Box<PalletsOriginOf<T>>"),
          field("proposal", &submit::proposal, "BoundedCallOf<T, I>"),
          field("enactment_moment", &submit::enactment_moment,
                "DispatchTime<BlockNumberFor<T, I>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::submit()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_origin<typename C::ReferendaSubmitOrigin>(origin);
      if (!who) return fail(who.error());
      return with_post_info(do_submit(*who, *proposal_origin, proposal, enactment_moment));
    }
  };

  struct place_decision_deposit {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "place_decision_deposit";
    static constexpr const char* kDocs =
        "Post the Decision Deposit for a referendum.\n\n"
        "- `origin`: must be `Signed` and the account must have funds available for the\n"
        "  referendum's track's Decision Deposit.\n"
        "- `index`: The index of the submitted referendum whose Decision Deposit is yet to be\n"
        "  posted.\n\n"
        "Emits `DecisionDepositPlaced`.";
    ReferendumIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &place_decision_deposit::index, "ReferendumIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {max_weight_of_deposit()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return fail(who.error());
      auto status = ensure_ongoing(index);
      if (!status) return fail(status.error());
      if (status->decision_deposit) return fail(error(Error::kHasDeposit));
      const TrackInfo* track = track_info<Tracks>(status->track);
      if (track == nullptr) return fail(error(Error::kNoTrack));
      auto deposit = take_deposit(*who, track->decision_deposit);
      if (!deposit) return fail(deposit.error());
      status->decision_deposit = *deposit;
      const BlockNumber now = T::System::block_number();
      auto [info, dirty, branch] = service_referendum(now, index, std::move(*status));
      (void)dirty;
      ReferendumInfoFor::insert(index, info);
      deposit_event(DecisionDepositPlaced{index, *who, track->decision_deposit});
      return PostDispatchInfo{weight_of_deposit(branch)};
    }
  };

  struct refund_decision_deposit {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "refund_decision_deposit";
    static constexpr const char* kDocs =
        "Refund the Decision Deposit for a closed referendum back to the depositor.\n\n"
        "- `origin`: must be `Signed` or `Root`.\n"
        "- `index`: The index of a closed referendum whose Decision Deposit has not yet been\n"
        "  refunded.\n\n"
        "Emits `DecisionDepositRefunded`.";
    ReferendumIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &refund_decision_deposit::index, "ReferendumIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::refund_decision_deposit()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (origin.signer() == nullptr && !origin.is_root()) return fail(bad_origin());
      auto info = ReferendumInfoFor::get(index);
      if (!info) return fail(error(Error::kBadReferendum));
      auto taken = info->take_decision_deposit();
      if (!taken) return fail(error(Error::kUnfinished));
      if (!*taken) return fail(error(Error::kNoDeposit));
      const Deposit deposit = **taken;
      refund_deposit(deposit);
      ReferendumInfoFor::insert(index, *info);
      deposit_event(DecisionDepositRefunded{index, deposit.who, deposit.amount});
      return PostDispatchInfo{};
    }
  };

  struct cancel {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "cancel";
    static constexpr const char* kDocs =
        "Cancel an ongoing referendum.\n\n"
        "- `origin`: must be the `CancelOrigin`.\n"
        "- `index`: The index of the referendum to be cancelled.\n\n"
        "Emits `Cancelled`.";
    ReferendumIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &cancel::index, "ReferendumIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cancel()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename C::ReferendaCancelOrigin>(origin); !ok) {
        return fail(ok.error());
      }
      auto status = ensure_ongoing(index);
      if (!status) return fail(status.error());
      if (status->alarm) (void)Scheduler::cancel(status->alarm->second);
      note_one_fewer_deciding(status->track);
      deposit_event(Cancelled{index, status->tally});
      ReferendumInfoFor::insert(index, Info{typename Info::Cancelled{T::System::block_number(),
                                                                     status->submission_deposit,
                                                                     status->decision_deposit}});
      return PostDispatchInfo{};
    }
  };

  struct kill {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "kill";
    static constexpr const char* kDocs =
        "Cancel an ongoing referendum and slash the deposits.\n\n"
        "- `origin`: must be the `KillOrigin`.\n"
        "- `index`: The index of the referendum to be cancelled.\n\n"
        "Emits `Killed` and `DepositSlashed`.";
    ReferendumIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &kill::index, "ReferendumIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::kill()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename C::ReferendaKillOrigin>(origin); !ok) {
        return fail(ok.error());
      }
      auto status = ensure_ongoing(index);
      if (!status) return fail(status.error());
      if (status->alarm) (void)Scheduler::cancel(status->alarm->second);
      note_one_fewer_deciding(status->track);
      deposit_event(Killed{index, status->tally});
      slash_deposit(status->submission_deposit);
      if (status->decision_deposit) slash_deposit(*status->decision_deposit);
      do_clear_metadata(index);
      ReferendumInfoFor::insert(index, Info{typename Info::Killed{T::System::block_number()}});
      return PostDispatchInfo{};
    }
  };

  struct nudge_referendum {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "nudge_referendum";
    static constexpr const char* kDocs =
        "Advance a referendum onto its next logical state. Only used internally.\n\n"
        "- `origin`: must be `Root`.\n"
        "- `index`: the referendum to be advanced.";
    ReferendumIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &nudge_referendum::index, "ReferendumIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {max_weight_of_nudge()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root(origin); !ok) return fail(ok.error());
      const BlockNumber now = T::System::block_number();
      auto status = ensure_ongoing(index);
      if (!status) return fail(status.error());
      // This is the wake-up, so the alarm is spent.
      status->alarm.reset();
      auto [info, dirty, branch] = service_referendum(now, index, std::move(*status));
      if (dirty) ReferendumInfoFor::insert(index, info);
      return PostDispatchInfo{weight_of_nudge(branch)};
    }
  };

  struct one_fewer_deciding {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "one_fewer_deciding";
    static constexpr const char* kDocs =
        "Advance a track onto its next logical state. Only used internally.\n\n"
        "- `origin`: must be `Root`.\n"
        "- `track`: the track to be advanced.\n\n"
        "Action item for when there is now one fewer referendum in the deciding phase and the\n"
        "`DecidingCount` is not yet updated. This means that we should either:\n"
        "- begin deciding another referendum (and leave `DecidingCount` alone); or\n"
        "- decrement `DecidingCount`.";
    TrackId track = 0;
    static constexpr auto fields() {
      return std::tuple{field("track", &one_fewer_deciding::track, "TrackIdOf<T, I>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {max_weight_of_one_fewer()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root(origin); !ok) return fail(ok.error());
      const TrackInfo* track_info_ptr = track_info<Tracks>(track);
      if (track_info_ptr == nullptr) return fail(error(Error::kBadTrack));
      Queue queue = TrackQueue::get(track);
      OneFewerDecidingBranch branch = OneFewerDecidingBranch::kQueueEmpty;
      if (auto next = next_for_deciding(queue)) {
        auto& [index, status] = *next;
        const BlockNumber now = T::System::block_number();
        const auto [alarm, passing] = begin_deciding(status, index, now, *track_info_ptr);
        ensure_alarm_at(status, index, alarm);
        ReferendumInfoFor::insert(index, Info{typename Info::Ongoing{status}});
        TrackQueue::insert(track, queue);
        branch = passing ? OneFewerDecidingBranch::kBeginDecidingPassing
                         : OneFewerDecidingBranch::kBeginDecidingFailing;
      } else {
        DecidingCount::mutate(track, [](uint32_t& count) { count = count == 0 ? 0 : count - 1; });
      }
      return PostDispatchInfo{weight_of_one_fewer(branch)};
    }
  };

  struct refund_submission_deposit {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "refund_submission_deposit";
    static constexpr const char* kDocs =
        "Refund the Submission Deposit for a closed referendum back to the depositor.\n\n"
        "- `origin`: must be `Signed` or `Root`.\n"
        "- `index`: The index of a closed referendum whose Submission Deposit has not yet been\n"
        "  refunded.\n\n"
        "Emits `SubmissionDepositRefunded`.";
    ReferendumIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &refund_submission_deposit::index, "ReferendumIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::refund_submission_deposit()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (origin.signer() == nullptr && !origin.is_root()) return fail(bad_origin());
      auto info = ReferendumInfoFor::get(index);
      if (!info) return fail(error(Error::kBadReferendum));
      auto taken = info->take_submission_deposit();
      if (!taken) return fail(error(Error::kBadStatus));
      if (!*taken) return fail(error(Error::kNoDeposit));
      const Deposit deposit = **taken;
      refund_deposit(deposit);
      ReferendumInfoFor::insert(index, *info);
      deposit_event(SubmissionDepositRefunded{index, deposit.who, deposit.amount});
      return PostDispatchInfo{};
    }
  };

  struct set_metadata {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "set_metadata";
    static constexpr const char* kDocs =
        "Set or clear metadata of a referendum.\n\n"
        "Parameters:\n"
        "- `origin`: Must be `Signed` by a creator of a referendum or by anyone to clear a\n"
        "  metadata of a finished referendum.\n"
        "- `index`:  The index of a referendum to set or clear metadata for.\n"
        "- `maybe_hash`: The hash of an on-chain stored preimage. `None` to clear a metadata.";
    ReferendumIndex index = 0;
    std::optional<H256> maybe_hash;
    static constexpr auto fields() {
      return std::tuple{field("index", &set_metadata::index, "ReferendumIndex"),
                        field("maybe_hash", &set_metadata::maybe_hash, "Option<T::Hash>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {maybe_hash ? Weights::set_some_metadata() : Weights::clear_metadata()};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return fail(who.error());
      if (maybe_hash) {
        auto status = ensure_ongoing(index);
        if (!status) return fail(status.error());
        if (status->submission_deposit.who != *who) return fail(error(Error::kNoPermission));
        if (!Preimages::len(maybe_hash->bytes)) return fail(error(Error::kPreimageNotExist));
        MetadataOf::insert(index, *maybe_hash);
        deposit_event(MetadataSet{index, *maybe_hash});
        return PostDispatchInfo{};
      }
      if (auto status = ensure_ongoing(index)) {
        if (status->submission_deposit.who != *who) return fail(error(Error::kNoPermission));
      }
      do_clear_metadata(index);
      return PostDispatchInfo{};
    }
  };

  using Call =
      std::variant<submit, place_decision_deposit, refund_decision_deposit, cancel, kill,
                   nudge_referendum, one_fewer_deciding, refund_submission_deposit, set_metadata>;

  // --- The referendum lifecycle.

  static DispatchResult do_submit(const AccountId32& who, const OriginCaller& proposal_origin,
                                  const BoundedCall& proposal, DispatchTime enactment_moment) {
    // A preimage already noted must have the length the proposal gives.
    if (const auto hash = traits::preimages::lookup_hash(proposal)) {
      const auto noted = Preimages::len(*hash);
      const auto given = proposal.lookup_len();
      if (noted && given && *noted != *given) {
        return unexpected(error(Error::kPreimageStoredWithDifferentLength));
      }
    }
    const auto track = Tracks::track_for(proposal_origin.origin);
    if (!track) return unexpected(error(Error::kNoTrack));
    auto submission_deposit = take_deposit(who, C::kReferendaSubmissionDeposit);
    if (!submission_deposit) return unexpected(submission_deposit.error());
    const ReferendumIndex index = ReferendumCount::mutate([](ReferendumIndex& count) {
      const ReferendumIndex r = count;
      count += 1;
      return r;
    });
    const BlockNumber now = T::System::block_number();
    auto nudge_call = Preimages::bound(nudge_call_of(index));
    if (!nudge_call) return unexpected(nudge_call.error());
    Status status{*track,
                  proposal_origin,
                  proposal,
                  enactment_moment,
                  now,
                  *submission_deposit,
                  std::nullopt,
                  std::nullopt,
                  TallyT::make_new(*track),
                  false,
                  set_alarm(std::move(*nudge_call), saturating_add(now, undeciding_timeout()))};
    ReferendumInfoFor::insert(index, Info{typename Info::Ongoing{std::move(status)}});
    deposit_event(Submitted{index, *track, proposal});
    return {};
  }

  static Result<Status, DispatchError> ensure_ongoing(ReferendumIndex index) {
    auto info = ReferendumInfoFor::get(index);
    if (info) {
      if (auto* ongoing = std::get_if<typename Info::Ongoing>(&info->value)) {
        return std::move(ongoing->status);
      }
    }
    return unexpected(error(Error::kNotOngoing));
  }

  // Whether an ongoing referendum is passing now (is_referendum_passing).
  static Result<bool, DispatchError> is_referendum_passing(ReferendumIndex index) {
    auto info = ReferendumInfoFor::get(index);
    if (!info) return unexpected(error(Error::kBadReferendum));
    const Status* status = info->ongoing();
    if (status == nullptr) return unexpected(error(Error::kNotOngoing));
    const TrackInfo* track = track_info<Tracks>(status->track);
    if (track == nullptr) return unexpected(error(Error::kNoTrack));
    const BlockNumber now = T::System::block_number();
    const BlockNumber elapsed =
        status->deciding ? saturating_sub(now, status->deciding->since) : BlockNumber{0};
    return is_passing(status->tally, elapsed, *track, status->track);
  }

  static BlockNumber saturating_add(BlockNumber a, BlockNumber b) {
    return a > UINT32_MAX - b ? UINT32_MAX : a + b;
  }
  static BlockNumber saturating_sub(BlockNumber a, BlockNumber b) { return a > b ? a - b : 0; }

  static RuntimeCall nudge_call_of(ReferendumIndex index) {
    return RuntimeCall::template of<Pallet>(nudge_referendum{index});
  }

  // Schedules the approved proposal, named after the referendum, at the desired moment but no
  // earlier than the track's min_enactment_period from now.
  static void schedule_enactment(ReferendumIndex index, const TrackInfo& track,
                                 DispatchTime desired, const OriginCaller& origin,
                                 BoundedCall call) {
    const BlockNumber now = T::System::block_number();
    const BlockNumber earliest_allowed = saturating_add(now, track.min_enactment_period);
    const BlockNumber when = std::max(desired.evaluate(now), earliest_allowed);
    // FRAME only debug-asserts that this succeeds.
    (void)Scheduler::schedule_named(enactment_task_name(index), DispatchTime::at(when),
                                    std::nullopt, traits::schedule::kHardDeadline, origin,
                                    std::move(call));
  }

  // An anonymous alarm dispatching `call` as Root at `when`, rounded up to a multiple of
  // AlarmInterval; none when the scheduler refuses (FRAME debug-asserts).
  static std::optional<std::pair<BlockNumber, ScheduleAddress>> set_alarm(BoundedCall call,
                                                                          BlockNumber when) {
    const BlockNumber interval = std::max<BlockNumber>(C::kReferendaAlarmInterval, 1);
    const uint64_t rounded = (uint64_t{saturating_add(when, interval - 1)} / interval) * interval;
    when = rounded > UINT32_MAX ? UINT32_MAX : static_cast<BlockNumber>(rounded);
    auto address = Scheduler::schedule(DispatchTime::at(when), std::nullopt, 128,
                                       OriginCaller{Origin::root()}, std::move(call));
    if (!address) return std::nullopt;
    return std::pair{when, *address};
  }

  // Moves the referendum into deciding: DecisionStarted, and ConfirmStarted if it already
  // passes. Returns the alarm (no earlier than the next block) and whether it passes.
  static std::pair<BlockNumber, bool> begin_deciding(Status& status, ReferendumIndex index,
                                                     BlockNumber now, const TrackInfo& track) {
    const bool passing = is_passing(status.tally, 0, track, status.track);
    status.in_queue = false;
    deposit_event(DecisionStarted{index, status.track, status.proposal, status.tally});
    std::optional<BlockNumber> confirming;
    if (passing) {
      deposit_event(ConfirmStarted{index});
      confirming = saturating_add(now, track.confirm_period);
    }
    const DecidingStatus deciding{now, confirming};
    const BlockNumber alarm =
        std::max(decision_time(deciding, status.tally, status.track, track), now + 1);
    status.deciding = deciding;
    return {alarm, passing};
  }

  // Begins deciding when the track has room (the alarm to set), else queues the referendum.
  static std::pair<std::optional<BlockNumber>, ServiceBranch> ready_for_deciding(
      BlockNumber now, const TrackInfo& track, ReferendumIndex index, Status& status) {
    const uint32_t deciding_count = DecidingCount::get(status.track);
    if (deciding_count < track.max_deciding) {
      DecidingCount::insert(status.track, deciding_count + 1);
      const auto [alarm, passing] = begin_deciding(status, index, now, track);
      return {alarm, passing ? ServiceBranch::kBeginDecidingPassing
                             : ServiceBranch::kBeginDecidingFailing};
    }
    const VotesT ayes = status.tally.ayes_of(status.track);
    status.in_queue = true;
    TrackQueue::mutate(status.track, [&](Queue& queue) {
      const auto [found, pos] = queue_detail::binary_search(queue.items, ayes);
      (void)found;
      (void)queue_detail::force_insert_keep_right(queue, pos,
                                                  std::tuple<ReferendumIndex, VotesT>{index, ayes});
    });
    return {std::nullopt, ServiceBranch::kQueued};
  }

  // Pops the best queued referendum still ongoing (the others timed out or were cancelled).
  static std::optional<std::pair<ReferendumIndex, Status>> next_for_deciding(Queue& queue) {
    while (!queue.items.empty()) {
      const ReferendumIndex index = std::get<0>(queue.items.back());
      queue.items.pop_back();
      if (auto status = ensure_ongoing(index)) return std::pair{index, std::move(*status)};
    }
    return std::nullopt;
  }

  // A one_fewer_deciding for the track at the next block.
  static void note_one_fewer_deciding(TrackId track) {
    const BlockNumber next_block = T::System::block_number() + 1;
    auto call = Preimages::bound(RuntimeCall::template of<Pallet>(one_fewer_deciding{track}));
    if (!call) return;
    (void)set_alarm(std::move(*call), next_block);
  }

  // Makes sure the referendum's alarm is at `alarm`; false when it already was.
  static bool ensure_alarm_at(Status& status, ReferendumIndex index, BlockNumber alarm) {
    if (status.alarm && status.alarm->first == alarm) return false;
    ensure_no_alarm(status);
    auto call = Preimages::bound(nudge_call_of(index));
    if (!call) return false;
    status.alarm = set_alarm(std::move(*call), alarm);
    return true;
  }

  static bool ensure_no_alarm(Status& status) {
    if (!status.alarm) return false;
    (void)Scheduler::cancel(status.alarm->second);
    status.alarm.reset();
    return true;
  }

  // service_referendum: the referendum's next state at `now`, whether it changed, and the branch.
  static std::tuple<Info, bool, ServiceBranch> service_referendum(BlockNumber now,
                                                                  ReferendumIndex index,
                                                                  Status status) {
    bool dirty = false;
    const TrackInfo* track = track_info<Tracks>(status.track);
    if (track == nullptr) {
      return {Info{typename Info::Ongoing{std::move(status)}}, false, ServiceBranch::kFail};
    }
    // The alarm defaults to the end of the world.
    const BlockNumber timeout = saturating_add(status.submitted, undeciding_timeout());
    BlockNumber alarm = UINT32_MAX;
    ServiceBranch branch = ServiceBranch::kFail;
    if (!status.deciding) {
      if (status.in_queue) {
        // The queue position follows the ayes.
        const VotesT ayes = status.tally.ayes_of(status.track);
        Queue queue = TrackQueue::get(status.track);
        std::optional<size_t> old_pos;
        for (size_t i = 0; i < queue.items.size(); ++i) {
          if (std::get<0>(queue.items[i]) == index) {
            old_pos = i;
            break;
          }
        }
        const auto [found, new_pos] = queue_detail::binary_search(queue.items, ayes);
        (void)found;
        if (!old_pos && new_pos > 0) {
          (void)queue_detail::force_insert_keep_right(
              queue, new_pos, std::tuple<ReferendumIndex, VotesT>{index, ayes});
          branch = ServiceBranch::kRequeuedInsertion;
        } else if (old_pos) {
          std::get<1>(queue.items[*old_pos]) = ayes;
          (void)queue_detail::slide(queue, *old_pos, new_pos);
          branch = ServiceBranch::kRequeuedSlide;
        } else {
          branch = ServiceBranch::kNotQueued;
        }
        TrackQueue::insert(status.track, queue);
      } else if (status.decision_deposit) {
        const BlockNumber prepare_end = saturating_add(status.submitted, track->prepare_period);
        if (now >= prepare_end) {
          const auto [maybe_alarm, b] = ready_for_deciding(now, *track, index, status);
          if (maybe_alarm) alarm = std::min(alarm, *maybe_alarm);
          dirty = true;
          branch = b;
        } else {
          alarm = std::min(alarm, prepare_end);
          branch = ServiceBranch::kPreparing;
        }
      } else {
        alarm = timeout;
        branch = ServiceBranch::kNoDeposit;
      }
      // Not moved into deciding: too long without being decided ends it.
      if (!status.deciding && now >= timeout && !status.in_queue) {
        ensure_no_alarm(status);
        deposit_event(TimedOut{index, status.tally});
        return {
            Info{typename Info::TimedOut{now, status.submission_deposit, status.decision_deposit}},
            true, ServiceBranch::kTimedOut};
      }
    } else {
      DecidingStatus& deciding = *status.deciding;
      const bool passing =
          is_passing(status.tally, saturating_sub(now, deciding.since), *track, status.track);
      if (passing) {
        if (deciding.confirming && now >= *deciding.confirming) {
          // Passed.
          ensure_no_alarm(status);
          note_one_fewer_deciding(status.track);
          schedule_enactment(index, *track, status.enactment, status.origin, status.proposal);
          deposit_event(Confirmed{index, status.tally});
          return {Info{typename Info::Approved{now, status.submission_deposit,
                                               status.decision_deposit}},
                  true, ServiceBranch::kApproved};
        }
        if (deciding.confirming) {
          branch = ServiceBranch::kContinueConfirming;
        } else {
          dirty = true;
          deciding.confirming = saturating_add(now, track->confirm_period);
          deposit_event(ConfirmStarted{index});
          branch = ServiceBranch::kBeginConfirming;
        }
      } else {
        if (now >= saturating_add(deciding.since, track->decision_period)) {
          // Failed.
          ensure_no_alarm(status);
          note_one_fewer_deciding(status.track);
          deposit_event(Rejected{index, status.tally});
          return {Info{typename Info::Rejected{now, status.submission_deposit,
                                               status.decision_deposit}},
                  true, ServiceBranch::kRejected};
        }
        if (deciding.confirming) {
          dirty = true;
          deciding.confirming.reset();
          deposit_event(ConfirmAborted{index});
          branch = ServiceBranch::kEndConfirming;
        } else {
          branch = ServiceBranch::kContinueNotConfirming;
        }
      }
      alarm = decision_time(deciding, status.tally, status.track, *track);
    }
    const bool dirty_alarm =
        alarm < UINT32_MAX ? ensure_alarm_at(status, index, alarm) : ensure_no_alarm(status);
    return {Info{typename Info::Ongoing{std::move(status)}}, dirty_alarm || dirty, branch};
  }

  // When the referendum would pass with this tally (or its confirmation ends).
  static BlockNumber decision_time(const DecidingStatus& deciding, const TallyT& tally, TrackId id,
                                   const TrackInfo& track) {
    if (deciding.confirming) return *deciding.confirming;
    const Perbill until_approval = track.min_approval.delay(tally.approval(id));
    const Perbill until_support = track.min_support.delay(tally.support_of(id));
    const Perbill offset = std::max(until_support, until_approval);
    return saturating_add(deciding.since, offset.mul_ceil(track.decision_period));
  }

  static bool is_passing(const TallyT& tally, BlockNumber elapsed, const TrackInfo& track,
                         TrackId id) {
    const Perbill x =
        Perbill::from_rational(std::min(elapsed, track.decision_period), track.decision_period);
    return track.min_support.passing(x, tally.support_of(id)) &&
           track.min_approval.passing(x, tally.approval(id));
  }

  static Result<Deposit, DispatchError> take_deposit(const AccountId32& who, Balance amount) {
    if (auto ok = Currency::reserve(who, amount); !ok) return unexpected(ok.error());
    return Deposit{who, amount};
  }
  static void refund_deposit(const Deposit& deposit) {
    (void)Currency::unreserve(deposit.who, deposit.amount);
  }
  // The deposit slashed from the reserve to ReferendaSlash (or burned); DepositSlashed names
  // the deposit's full amount, as FRAME's does.
  static void slash_deposit(const Deposit& deposit) {
    const Balance slashed = Currency::slash_reserved(deposit.who, deposit.amount);
    if constexpr (requires { typename C::ReferendaSlash; }) {
      C::ReferendaSlash::on_unbalanced(slashed);
    } else {
      Currency::burn_issuance(slashed);
    }
    deposit_event(DepositSlashed{deposit.who, deposit.amount});
  }

  static void do_clear_metadata(ReferendumIndex index) {
    if (auto hash = MetadataOf::take(index)) deposit_event(MetadataCleared{index, *hash});
  }

  // --- traits::Polling<Tally> (Polls for ConvictionVoting).
  struct Polls {
    using Index = ReferendumIndex;
    using Votes = VotesT;
    using Class = TrackId;
    using Moment = BlockNumber;
    using PollStatus = traits::PollStatus<TallyT*, Moment, Class>;

    static std::vector<Class> classes() {
      std::vector<Class> out;
      for (const Track& track : Tracks::tracks()) out.push_back(track.id);
      return out;
    }
    static std::optional<std::pair<TallyT, Class>> as_ongoing(const Index& index) {
      auto status = ensure_ongoing(index);
      if (!status) return std::nullopt;
      return std::pair{status->tally, status->track};
    }
    // The accessor sees the tally by pointer; an ongoing referendum's alarm moves to the next
    // block, so the new tally is looked at then.
    template <class F>
    static auto access_poll(const Index& index, F&& f) {
      auto info = ReferendumInfoFor::get(index);
      if (info) {
        if (auto* ongoing = std::get_if<typename Info::Ongoing>(&info->value)) {
          Status& status = ongoing->status;
          auto result = f(PollStatus{typename PollStatus::Ongoing{&status.tally, status.track}});
          ensure_alarm_at(status, index, T::System::block_number() + 1);
          ReferendumInfoFor::insert(index, *info);
          return result;
        }
        if (const auto* a = std::get_if<typename Info::Approved>(&info->value)) {
          return f(PollStatus{typename PollStatus::Completed{a->since, true}});
        }
        if (const auto* r = std::get_if<typename Info::Rejected>(&info->value)) {
          return f(PollStatus{typename PollStatus::Completed{r->since, false}});
        }
      }
      return f(PollStatus{typename PollStatus::None{}});
    }
    // As access_poll; an error from `f` leaves the referendum as it was.
    template <class F>
    static auto try_access_poll(const Index& index, F&& f) {
      auto info = ReferendumInfoFor::get(index);
      if (info) {
        if (auto* ongoing = std::get_if<typename Info::Ongoing>(&info->value)) {
          Status& status = ongoing->status;
          auto result = f(PollStatus{typename PollStatus::Ongoing{&status.tally, status.track}});
          if (!result) return result;
          ensure_alarm_at(status, index, T::System::block_number() + 1);
          ReferendumInfoFor::insert(index, *info);
          return result;
        }
        if (const auto* a = std::get_if<typename Info::Approved>(&info->value)) {
          return f(PollStatus{typename PollStatus::Completed{a->since, true}});
        }
        if (const auto* r = std::get_if<typename Info::Rejected>(&info->value)) {
          return f(PollStatus{typename PollStatus::Completed{r->since, false}});
        }
      }
      return f(PollStatus{typename PollStatus::None{}});
    }
    static std::pair<Class, uint32_t> max_ongoing() {
      std::pair<Class, uint32_t> best{0, 0};
      bool first = true;
      for (const Track& track : Tracks::tracks()) {
        // max_by_key: the last of equal maxima.
        if (first || track.info.max_deciding >= best.second) {
          best = {track.id, track.info.max_deciding};
          first = false;
        }
      }
      return best;
    }
  };

  // --- Try-state (do_try_state): ReferendumCount counts ReferendumInfoFor, metadata only for
  // known referenda, ongoing ones on a known track and deciding before confirming ends, queued
  // ones known.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    const auto infos = ReferendumInfoFor::entries();
    if (ReferendumCount::get() != infos.size()) {
      return unexpected(
          std::string("Referenda: Number of referenda in `ReferendumInfoFor` is different than "
                      "`ReferendumCount`"));
    }
    for (const auto& [index, hash] : MetadataOf::entries()) {
      (void)hash;
      if (!ReferendumInfoFor::contains_key(index)) {
        return unexpected(
            std::string("Referenda: Referendum indices in `MetadataOf` must also be stored in "
                        "`ReferendumInfoOf`"));
      }
    }
    for (const auto& [index, info] : infos) {
      (void)index;
      if (const Status* status = info.ongoing()) {
        if (track_info<Tracks>(status->track) == nullptr) {
          return unexpected(
              std::string("Referenda: No track info for the track of the referendum."));
        }
        if (status->deciding &&
            !(status->deciding->since < status->deciding->confirming.value_or(UINT32_MAX))) {
          return unexpected(
              std::string("Referenda: Deciding status cannot begin before confirming stage."));
        }
      }
    }
    for (const auto& [track, queue] : TrackQueue::entries()) {
      (void)track;
      for (const auto& [index, votes] : queue.items) {
        (void)votes;
        if (!ReferendumInfoFor::contains_key(index)) {
          return unexpected(
              std::string("Referenda: `ReferendumIndex` inside the `TrackQueue` should be a key in "
                          "`ReferendumInfoFor`"));
        }
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "SubmissionDeposit", Balance{C::kReferendaSubmissionDeposit},
                         {" The minimum amount to be used as a deposit for a public referendum "
                          "proposal."}));
    c.push_back(constant(r, "MaxQueued", uint32_t{C::kReferendaMaxQueued},
                         {" Maximum size of the referendum queue for a single track."}));
    c.push_back(constant(
        r, "UndecidingTimeout", undeciding_timeout(),
        {" The number of blocks after submission that a referendum must begin being decided by.",
         " Once this passes, then anyone may cancel the referendum."}));
    c.push_back(constant(
        r, "AlarmInterval", BlockNumber{C::kReferendaAlarmInterval},
        {" Quantization level for the referendum wakeup scheduler. A higher number will result "
         "in",
         " fewer storage reads/writes needed for smaller voters, but also result in delays to "
         "the",
         " automatic referendum status changes. Explicit servicing instructions are "
         "unaffected."}));
    c.push_back(constant(r, "Tracks", tracks_constant<Tracks>(),
                         {" A list of tracks.", "",
                          " Note: if the tracks are dynamic, the value in the static metadata "
                          "might be inaccurate."}));
  }
};

}  // namespace canary::rt::pallets::referenda
