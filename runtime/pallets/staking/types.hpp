// pallet_staking's types, as SCALE values with the metadata Kusama's runtime (spec 1_009_002,
// pallet-staking 42) shows for them: the ledger and its unlocking chunks, where rewards go, a
// validator's preferences, a nominator's targets, the active era, reward points, era forcing,
// unapplied slashes and slashing spans, set_staking_configs' ConfigOp, the hold reason, and the
// genesis staker status (sp_staking::StakerStatus, JSON only). sp_staking's exposure types are
// shared vocabulary (framework/traits/staking.hpp) and are not repeated here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"

namespace canary::rt::pallets::staking {

using traits::staking::Balance;
using traits::staking::EraIndex;
using traits::staking::Exposure;
using traits::staking::ExposurePage;
using traits::staking::IndividualExposure;
using traits::staking::PagedExposureMetadata;
using Perbill = arithmetic::Perbill;
using Percent = arithmetic::Percent;
// sp_staking::SessionIndex and Page; pallet_staking::slashing::SpanIndex; RewardPoint.
using SessionIndexT = uint32_t;
using Page = uint32_t;
using SpanIndex = uint32_t;
using RewardPoint = uint32_t;

// The era `eras` after (before) `era`, saturating at the ends of EraIndex, as FRAME's
// saturating_add (saturating_sub) on eras.
constexpr EraIndex era_after(EraIndex era, uint32_t eras) {
  return era > UINT32_MAX - eras ? UINT32_MAX : era + eras;
}
constexpr EraIndex era_before(EraIndex era, uint32_t eras) {
  return era > eras ? era - eras : 0;
}

// pallet_staking::UnlockChunk: `value` becomes withdrawable at era `era`.
struct UnlockChunk {
  Balance value = 0;
  EraIndex era = 0;
  bool operator==(const UnlockChunk&) const = default;
  static constexpr auto fields() {
    return std::tuple{compact_field("value", &UnlockChunk::value, "Balance"),
                      compact_field("era", &UnlockChunk::era, "EraIndex")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "UnlockChunk"});
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// pallet_staking::StakingLedger<T>: a stash's bond. `total` is what the stash has on hold for
// staking, `active` the part not unbonding; `unlocking` the chunks in era order (at most
// MaxUnlockingChunks), `legacy_claimed_rewards` the eras claimed before paged rewards (at most
// HistoryDepth). FRAME's ledger also carries its controller, not encoded: ledger.hpp resolves it.
template <class MaxUnlockingChunks, class HistoryDepth>
struct StakingLedgerOf {
  AccountId32 stash;
  Balance total = 0;
  Balance active = 0;
  BoundedVec<UnlockChunk, MaxUnlockingChunks> unlocking;
  BoundedVec<EraIndex, HistoryDepth> legacy_claimed_rewards;
  bool operator==(const StakingLedgerOf&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("stash", &StakingLedgerOf::stash, "T::AccountId"),
                      compact_field("total", &StakingLedgerOf::total, "BalanceOf<T>"),
                      compact_field("active", &StakingLedgerOf::active, "BalanceOf<T>"),
                      field("unlocking", &StakingLedgerOf::unlocking,
                            "BoundedVec<UnlockChunk<BalanceOf<T>>, T::MaxUnlockingChunks>"),
                      field("legacy_claimed_rewards", &StakingLedgerOf::legacy_claimed_rewards,
                            "BoundedVec<EraIndex, T::HistoryDepth>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "StakingLedger"});
    b.unused_param("T");
    add_fields(b, fields());
  }
};

// pallet_staking::RewardDestination<AccountId>: 0 Staked (added to the bond), 1 Stash, 2
// Controller (deprecated), 3 Account(who), 4 None.
struct RewardDestination {
  struct Staked {
    static constexpr uint8_t kScaleIndex = 0;
    bool operator==(const Staked&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Stash {
    static constexpr uint8_t kScaleIndex = 1;
    bool operator==(const Stash&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Controller {
    static constexpr uint8_t kScaleIndex = 2;
    bool operator==(const Controller&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Account {
    static constexpr uint8_t kScaleIndex = 3;
    AccountId32 who;
    bool operator==(const Account&) const = default;
    CANARY_SCALE_FIELDS(who)
  };
  struct None {
    static constexpr uint8_t kScaleIndex = 4;
    bool operator==(const None&) const = default;
    CANARY_SCALE_FIELDS()
  };
  std::variant<Staked, Stash, Controller, Account, None> value;
  bool operator==(const RewardDestination&) const = default;

  static RewardDestination staked() { return {Staked{}}; }
  static RewardDestination stash() { return {Stash{}}; }
  static RewardDestination controller() { return {Controller{}}; }
  static RewardDestination account(const AccountId32& who) { return {Account{who}}; }
  static RewardDestination none() { return {None{}}; }
  bool is_controller() const { return std::holds_alternative<Controller>(value); }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "RewardDestination"});
    b.param<AccountId32>("AccountId");
    meta::Registry& r = b.registry();
    b.variant(0, "Staked").variant(1, "Stash").variant(2, "Controller");
    b.variant(3, "Account", {meta::field_of<AccountId32>(r, std::nullopt, "AccountId")});
    b.variant(4, "None");
  }
};

// pallet_staking::ValidatorPrefs: the commission (Compact<Perbill>) and whether new nominations
// are refused.
struct ValidatorPrefs {
  Perbill commission{};
  bool blocked = false;
  bool operator==(const ValidatorPrefs&) const = default;
  static constexpr auto fields() {
    return std::tuple{compact_field("commission", &ValidatorPrefs::commission, "Perbill"),
                      field("blocked", &ValidatorPrefs::blocked, "bool")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "ValidatorPrefs"});
    add_fields(b, fields());
  }
};

// pallet_staking::Nominations<T>: the targets (at most MaxNominations), the era they were
// submitted in, and whether they were suppressed (always false since slashing no longer does).
template <class MaxNominations>
struct NominationsOf {
  BoundedVec<AccountId32, MaxNominations> targets;
  EraIndex submitted_in = 0;
  bool suppressed = false;
  bool operator==(const NominationsOf&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("targets", &NominationsOf::targets, "BoundedVec<T::AccountId, MaxNominationsOf<T>>"),
        field("submitted_in", &NominationsOf::submitted_in, "EraIndex"),
        field("suppressed", &NominationsOf::suppressed, "bool")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "Nominations"});
    b.unused_param("T");
    add_fields(b, fields());
  }
};

// pallet_staking::ActiveEraInfo: the era being rewarded and its start (ms; set at its first
// block's on_finalize).
struct ActiveEraInfo {
  EraIndex index = 0;
  std::optional<uint64_t> start;
  bool operator==(const ActiveEraInfo&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("index", &ActiveEraInfo::index, "EraIndex"),
                      field("start", &ActiveEraInfo::start, "Option<u64>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "ActiveEraInfo"});
    add_fields(b, fields());
  }
};

// pallet_staking::EraRewardPoints<AccountId>: the era's points, in total and by validator.
struct EraRewardPoints {
  RewardPoint total = 0;
  std::map<AccountId32, RewardPoint> individual;
  bool operator==(const EraRewardPoints&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("total", &EraRewardPoints::total, "RewardPoint"),
        field("individual", &EraRewardPoints::individual, "BTreeMap<AccountId, RewardPoint>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "EraRewardPoints"});
    b.param<AccountId32>("AccountId");
    add_fields(b, fields());
  }
};

// pallet_staking::Forcing: how eras start.
enum class Forcing : uint8_t {
  kNotForcing = 0,
  kForceNew = 1,
  kForceNone = 2,
  kForceAlways = 3,
};
inline bool scale_is_valid(Forcing f) {
  return static_cast<uint8_t>(f) <= 3;
}
inline void canary_type_info(meta::TypeBuilder& b, const Forcing*) {
  b.path({"pallet_staking", "Forcing"});
  b.variant(0, "NotForcing").variant(1, "ForceNew").variant(2, "ForceNone");
  b.variant(3, "ForceAlways");
}
// serde's names (genesis `forceEra`).
inline constexpr std::pair<Forcing, std::string_view> kForcingNames[] = {
    {Forcing::kNotForcing, "NotForcing"},
    {Forcing::kForceNew, "ForceNew"},
    {Forcing::kForceNone, "ForceNone"},
    {Forcing::kForceAlways, "ForceAlways"},
};
inline const auto& json_names(Forcing) {
  return kForcingNames;
}

// pallet_staking::UnappliedSlash<AccountId, Balance>: a slash waiting for SlashDeferDuration.
struct UnappliedSlash {
  AccountId32 validator;
  Balance own = 0;
  std::vector<std::tuple<AccountId32, Balance>> others;
  std::vector<AccountId32> reporters;
  Balance payout = 0;
  bool operator==(const UnappliedSlash&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("validator", &UnappliedSlash::validator, "AccountId"),
                      field("own", &UnappliedSlash::own, "Balance"),
                      field("others", &UnappliedSlash::others, "Vec<(AccountId, Balance)>"),
                      field("reporters", &UnappliedSlash::reporters, "Vec<AccountId>"),
                      field("payout", &UnappliedSlash::payout, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "UnappliedSlash"});
    b.param<AccountId32>("AccountId");
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// pallet_staking::slashing::SlashingSpans: a stash's slashing spans, the current one
// (`span_index`, started at `last_start`) and the starts of the prior ones, newest first.
struct SlashingSpans {
  SpanIndex span_index = 0;
  EraIndex last_start = 0;
  EraIndex last_nonzero_slash = 0;
  std::vector<EraIndex> prior;
  bool operator==(const SlashingSpans&) const = default;
  // How many spans there are (FRAME's `iter().count()`): the current one and the prior ones.
  size_t count() const { return 1 + prior.size(); }
  static constexpr auto fields() {
    return std::tuple{field("span_index", &SlashingSpans::span_index, "SpanIndex"),
                      field("last_start", &SlashingSpans::last_start, "EraIndex"),
                      field("last_nonzero_slash", &SlashingSpans::last_nonzero_slash, "EraIndex"),
                      field("prior", &SlashingSpans::prior, "Vec<EraIndex>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "slashing", "SlashingSpans"});
    add_fields(b, fields());
  }
};

// pallet_staking::slashing::SpanRecord<Balance>: the largest slash of a span and what was paid
// out of it.
struct SpanRecord {
  Balance slashed = 0;
  Balance paid_out = 0;
  bool operator==(const SpanRecord&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("slashed", &SpanRecord::slashed, "Balance"),
                      field("paid_out", &SpanRecord::paid_out, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "slashing", "SpanRecord"});
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// pallet_staking::pallet::pallet::ConfigOp<T>: set_staking_configs' operation on one setting.
template <class T>
struct ConfigOp {
  struct Noop {
    static constexpr uint8_t kScaleIndex = 0;
    bool operator==(const Noop&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Set {
    static constexpr uint8_t kScaleIndex = 1;
    T value{};
    bool operator==(const Set&) const = default;
    CANARY_SCALE_FIELDS(value)
  };
  struct Remove {
    static constexpr uint8_t kScaleIndex = 2;
    bool operator==(const Remove&) const = default;
    CANARY_SCALE_FIELDS()
  };
  std::variant<Noop, Set, Remove> value;
  bool operator==(const ConfigOp&) const = default;

  static ConfigOp noop() { return {Noop{}}; }
  static ConfigOp set(T v) { return {Set{std::move(v)}}; }
  static ConfigOp remove() { return {Remove{}}; }

  // Applies the operation to a storage value (Set puts, Remove kills, Noop leaves it).
  template <class Item>
  void apply() const {
    if (const Set* s = std::get_if<Set>(&value)) {
      Item::put(s->value);
    } else if (std::holds_alternative<Remove>(value)) {
      Item::kill();
    }
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_staking", "pallet", "pallet", "ConfigOp"});
    b.param<T>("T");
    meta::Registry& r = b.registry();
    b.variant(0, "Noop");
    b.variant(1, "Set", {meta::field_of<T>(r, std::nullopt, "T")});
    b.variant(2, "Remove");
  }
};

// pallet_staking::pallet::pallet::HoldReason: why Staking holds funds (the runtime's
// RuntimeHoldReason has a `Staking(HoldReason)` variant at the pallet's index).
enum class HoldReason : uint8_t { kStaking = 0 };
inline bool scale_is_valid(HoldReason r) {
  return r == HoldReason::kStaking;
}
inline void canary_type_info(meta::TypeBuilder& b, const HoldReason*) {
  b.path({"pallet_staking", "pallet", "pallet", "HoldReason"});
  b.variant(0, "Staking", {}, {"Funds on stake by a nominator or a validator."});
}

// sp_staking::StakerStatus<AccountId>, as a genesis staker's role: serde's "Idle", "Validator" or
// {"Nominator": [targets…]}.
struct StakerStatus {
  enum class Kind : uint8_t { kIdle, kValidator, kNominator };
  Kind kind = Kind::kIdle;
  std::vector<AccountId32> targets;  // kNominator only
  bool operator==(const StakerStatus&) const = default;

  static StakerStatus idle() { return {}; }
  static StakerStatus validator() { return {Kind::kValidator, {}}; }
  static StakerStatus nominator(std::vector<AccountId32> targets) {
    return {Kind::kNominator, std::move(targets)};
  }
};
inline json::Value json_encode(const StakerStatus& status) {
  switch (status.kind) {
    case StakerStatus::Kind::kIdle:
      return json::Value::of(std::string("Idle"));
    case StakerStatus::Kind::kValidator:
      return json::Value::of(std::string("Validator"));
    case StakerStatus::Kind::kNominator:
      break;
  }
  json::Object object;
  object.emplace("Nominator", rt::json_encode(status.targets));
  return json::Value::of(std::move(object));
}
inline Result<void, std::string> json_decode(const json::Value& value, StakerStatus& out) {
  if (const std::string* name = value.string()) {
    if (*name == "Idle") {
      out = StakerStatus::idle();
      return {};
    }
    if (*name == "Validator") {
      out = StakerStatus::validator();
      return {};
    }
  }
  if (const json::Object* object = value.object(); object != nullptr && object->size() == 1) {
    if (const json::Value* targets = value.find("Nominator")) {
      out = StakerStatus::nominator({});
      return rt::json_decode_at(*targets, out.targets, "Nominator");
    }
  }
  return unexpected(
      std::string(R"(expected a staker status: "Idle", "Validator" or {"Nominator": [accounts]})"));
}

}  // namespace canary::rt::pallets::staking
