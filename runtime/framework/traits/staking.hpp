// The staking traits as C++20 concepts, with the data they exchange: sp_staking's
// OnOffenceHandler (slashing and disabling for reported offences) and
// StakingInterface (what other pallets may ask of staking: nomination pools, fast unstake,
// delegated staking); and sp_staking's exposure types (a validator's backing in an era, whole or in
// pages), shared by Staking, Session's historical module and Offences. Interfaces only: nothing
// implements them yet.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "primitives/util/result.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/election.hpp"
#include "runtime/framework/traits/session.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/weight.hpp"

namespace canary::rt::traits::staking {

using tokens::Balance;
// sp_staking::EraIndex.
using EraIndex = uint32_t;
// The election vocabulary (election.hpp), under the names staking's users know it by.
using election::DataProviderBounds;
using election::DataProviderResult;
using election::ElectionDataProvider;
using election::ElectionProvider;
using election::ExtendedBalance;
using election::Support;
using election::Supports;
using election::Voter;
using election::VoteWeight;

// sp_staking::IndividualExposure: one nominator's stake behind a validator.
struct IndividualExposure {
  AccountId32 who;
  Balance value = 0;
  bool operator==(const IndividualExposure&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("who", &IndividualExposure::who, "AccountId"),
                      compact_field("value", &IndividualExposure::value, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_staking", "IndividualExposure"});
    b.param<AccountId32>("AccountId");
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// sp_staking::Exposure: a validator's whole backing in an era (its own bond and its nominators').
// Kusama's FullIdentification of a validator (session historical, offences).
struct Exposure {
  Balance total = 0;
  Balance own = 0;
  std::vector<IndividualExposure> others;
  bool operator==(const Exposure&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        compact_field("total", &Exposure::total, "Balance"),
        compact_field("own", &Exposure::own, "Balance"),
        field("others", &Exposure::others, "Vec<IndividualExposure<AccountId, Balance>>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_staking", "Exposure"});
    b.param<AccountId32>("AccountId");
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// sp_staking::PagedExposureMetadata: an exposure's totals, and how many pages of nominators
// (ExposurePage) it is split into.
struct PagedExposureMetadata {
  Balance total = 0;
  Balance own = 0;
  uint32_t nominator_count = 0;
  uint32_t page_count = 0;
  bool operator==(const PagedExposureMetadata&) const = default;
  static constexpr auto fields() {
    return std::tuple{compact_field("total", &PagedExposureMetadata::total, "Balance"),
                      compact_field("own", &PagedExposureMetadata::own, "Balance"),
                      field("nominator_count", &PagedExposureMetadata::nominator_count, "u32"),
                      field("page_count", &PagedExposureMetadata::page_count, "Page")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_staking", "PagedExposureMetadata"});
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// sp_staking::ExposurePage: one page of a validator's nominators (at most MaxExposurePageSize).
struct ExposurePage {
  Balance page_total = 0;
  std::vector<IndividualExposure> others;
  bool operator==(const ExposurePage&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        compact_field("page_total", &ExposurePage::page_total, "Balance"),
        field("others", &ExposurePage::others, "Vec<IndividualExposure<AccountId, Balance>>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_staking", "ExposurePage"});
    b.param<AccountId32>("AccountId");
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// sp_staking::offence::OffenceDetails: who offended (Kusama: the validator and its exposure, an
// IdentificationTuple) and who reported it. (Rust's parameters are <Reporter, Offender>.)
template <class Offender, class Reporter = AccountId32>
struct OffenceDetails {
  Offender offender;
  std::vector<Reporter> reporters;
  bool operator==(const OffenceDetails&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("offender", &OffenceDetails::offender, "Offender"),
                      field("reporters", &OffenceDetails::reporters, "Vec<Reporter>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_staking", "offence", "OffenceDetails"});
    b.param<Reporter>("Reporter");
    b.param<Offender>("Offender");
    add_fields(b, fields());
  }
};

// sp_staking::offence::Kind: an offence's kind, 16 bytes (b"babe:equivocatio").
using Kind = ByteArray<16>;
constexpr Kind offence_kind(const char (&id)[17]) {
  Kind kind{};
  for (size_t i = 0; i < kind.size(); ++i) kind[i] = static_cast<uint8_t>(id[i]);
  return kind;
}

// The offence of one validator caught equivocating (pallet_babe's and pallet_grandpa's
// EquivocationOffence, which differ only in their kind and time slot): the slash fraction for k
// offenders of a set of n validators is min((3k / n)², 1) in Perbill arithmetic (from_rational
// rounding down, then the square rounding down), as polkadot-sdk's babe/grandpa equivocation.rs.
template <Kind KindId, class Slot, class Offender>
struct EquivocationOffence {
  static constexpr Kind kId = KindId;
  using TimeSlot = Slot;

  Slot slot;
  SessionIndex session = 0;
  uint32_t validator_count = 0;
  Offender offender;

  std::vector<Offender> offenders() const { return {offender}; }
  SessionIndex session_index() const { return session; }
  uint32_t validator_set_count() const { return validator_count; }
  TimeSlot time_slot() const { return slot; }
  arithmetic::Perbill slash_fraction(uint32_t offenders_count) const {
    // from_rational saturates at one (and gives one for n = 0).
    return arithmetic::Perbill::from_rational(3 * static_cast<u128>(offenders_count),
                                              validator_count)
        .square();
  }
};

// sp_staking::offence::OffenceError: the report changes nothing (every offender was reported for
// this kind and time slot already), or another reason of the reporting system.
struct OffenceError {
  enum class Code : uint8_t { kDuplicateReport, kOther };
  Code code = Code::kDuplicateReport;
  uint8_t other = 0;  // kOther's reason
  bool operator==(const OffenceError&) const = default;
  static constexpr OffenceError duplicate_report() { return {}; }
};

// sp_staking::offence::Offence: an offence of `Offender`s (Kusama: IdentificationTuples) of one
// kind (kId) at one time slot (TimeSlot, SCALE-encodable and ordered: BABE's slot, GRANDPA's
// (set id, round)), in a session with a validator set of a size, and the fraction of the stake to
// slash when `offenders_count` offenders are reported for that kind and time slot together.
template <class O, class Offender>
concept Offence = requires(const O& offence, uint32_t offenders_count) {
  { O::kId } -> std::convertible_to<Kind>;
  typename O::TimeSlot;
  { offence.offenders() } -> std::same_as<std::vector<Offender>>;
  { offence.session_index() } -> std::same_as<SessionIndex>;
  { offence.validator_set_count() } -> std::same_as<uint32_t>;
  { offence.time_slot() } -> std::same_as<typename O::TimeSlot>;
  { offence.slash_fraction(offenders_count) } -> std::same_as<arithmetic::Perbill>;
};

// sp_staking::offence::ReportOffence for one offence type O: report_offence (an error when the
// report is a duplicate) and is_known_offence (every offender already reported at that slot).
template <class R, class O, class Offender, class Reporter = AccountId32>
concept ReportOffence =
    Offence<O, Offender> &&
    requires(std::vector<Reporter> reporters, const O& offence, std::span<const Offender> offenders,
             const typename O::TimeSlot& time_slot) {
      {
        R::report_offence(std::move(reporters), offence)
      } -> std::same_as<Result<void, OffenceError>>;
      { R::is_known_offence(offenders, time_slot) } -> std::same_as<bool>;
    };

// sp_staking::offence::OnOffenceHandler: slashes `slash_fraction[i]` of offenders[i] for an
// offence in `session`; returns the weight used. (Kusama: Staking; NoOffenceHandler below does
// nothing.)
template <class H, class Offender, class Reporter = AccountId32>
concept OnOffenceHandler =
    requires(std::span<const OffenceDetails<Offender, Reporter>> offenders,
             std::span<const arithmetic::Perbill> slash_fraction, SessionIndex session) {
      { H::on_offence(offenders, slash_fraction, session) } -> std::same_as<Weight>;
    };

// An OnOffenceHandler that does nothing (FRAME's `()`).
struct NoOffenceHandler {
  template <class Offender, class Reporter>
  static Weight on_offence(std::span<const OffenceDetails<Offender, Reporter>> /*offenders*/,
                           std::span<const arithmetic::Perbill> /*slash_fraction*/,
                           SessionIndex /*session*/) {
    return Weight::zero();
  }
};

// sp_staking::Stake: all of a staker's bond, and the part not unbonding.
struct Stake {
  Balance total = 0;
  Balance active = 0;
};

// sp_staking::StakingInterface: staking as the pallets beside it see it (a stash bonds, nominates
// or validates, unbonds and withdraws after the bonding duration).
template <class S>
concept StakingInterface =
    requires(const AccountId32& who, Balance value, const std::vector<AccountId32>& targets,
             EraIndex era, uint32_t num_slashing_spans) {
      { S::minimum_nominator_bond() } -> std::same_as<Balance>;
      { S::minimum_validator_bond() } -> std::same_as<Balance>;
      { S::stash_by_ctrl(who) } -> std::same_as<Result<AccountId32, DispatchError>>;
      { S::bonding_duration() } -> std::same_as<EraIndex>;
      { S::current_era() } -> std::same_as<EraIndex>;
      { S::stake(who) } -> std::same_as<Result<Stake, DispatchError>>;
      { S::is_unbonding(who) } -> std::same_as<Result<bool, DispatchError>>;
      { S::bond(who, value, who) } -> std::same_as<DispatchResult>;  // stash, value, payee
      { S::nominate(who, targets) } -> std::same_as<DispatchResult>;
      { S::chill(who) } -> std::same_as<DispatchResult>;
      { S::bond_extra(who, value) } -> std::same_as<DispatchResult>;
      { S::unbond(who, value) } -> std::same_as<DispatchResult>;
      // Whether the stash was removed.
      {
        S::withdraw_unbonded(who, num_slashing_spans)
      } -> std::same_as<Result<bool, DispatchError>>;
      { S::desired_validator_count() } -> std::same_as<uint32_t>;
      { S::election_ongoing() } -> std::same_as<bool>;
      { S::force_unstake(who) } -> std::same_as<DispatchResult>;
      { S::is_exposed_in_era(who, era) } -> std::same_as<bool>;
      { S::is_validator(who) } -> std::same_as<bool>;
      { S::nominations(who) } -> std::same_as<std::optional<std::vector<AccountId32>>>;
    };

}  // namespace canary::rt::traits::staking
