// pallet_offences: keeps the offences reported (equivocations of BABE and GRANDPA on Kusama),
// ignores a report whose offenders were all reported already for that kind and time slot, and
// hands each new report, with every offender reported at that kind and time slot so far, to the
// OnOffenceHandler (Kusama: Staking, which slashes and disables). Reference: polkadot-sdk
// substrate/frame/offences/src/lib.rs (Kusama: `Offences`, index 7).
//
// The runtime's configuration T provides:
//   System, Pallets
//   IdentificationTuple: the offender's identification, SCALE with metadata (Kusama: Session
//     historical's (AccountId, Exposure))
//   OnOffenceHandler: a traits::staking::OnOffenceHandler over IdentificationTuple (Kusama:
//     Staking); traits::staking::NoOffenceHandler does nothing
// The pallet is a traits::staking::ReportOffence for every offence type over IdentificationTuple
// (report_offence, is_known_offence).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt::pallets::offences {

using traits::staking::Kind;
using traits::staking::OffenceError;
// A SCALE-encoded time slot (FRAME's OpaqueTimeSlot).
using OpaqueTimeSlot = Bytes;

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_offences";
  static constexpr uint16_t kStorageVersion = 1;
  // FRAME declares `pub enum Event` without generics, documented "Events type.".
  static constexpr bool kEventGeneric = false;
  static constexpr const char* kEventDocs = "Events type.";

  using IdentificationTuple = typename T::IdentificationTuple;
  using Details = traits::staking::OffenceDetails<IdentificationTuple>;
  static_assert(
      traits::staking::OnOffenceHandler<typename T::OnOffenceHandler, IdentificationTuple>);

  // --- Storage.
  using Reports = StorageMap<
      Pallet, "Reports", Twox64Concat, H256, Details, OptionQuery,
      DocLines<
          " The primary structure that holds all offence records keyed by report identifiers.">>;
  using ConcurrentReportsIndex = StorageDoubleMap<
      Pallet, "ConcurrentReportsIndex", Twox64Concat, Kind, Twox64Concat, OpaqueTimeSlot,
      std::vector<H256>, ValueQuery,
      DocLines<" A vector of reports of the same kind that happened at the same time slot.">>;
  using Storage = std::tuple<Reports, ConcurrentReportsIndex>;

  // --- Events.
  struct Offence {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Offence";
    static constexpr const char* kDocs =
        "There is an offence reported of the given `kind` happened at the `session_index` and\n"
        "(kind-specific) time slot. This event is not deposited for duplicate slashes.\n"
        "\\[kind, timeslot\\].";
    Kind kind{};
    OpaqueTimeSlot timeslot;
    bool operator==(const Offence&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("kind", &Offence::kind, "Kind"),
                        field("timeslot", &Offence::timeslot, "OpaqueTimeSlot")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<Offence>;
  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- ReportOffence.

  // Records the offenders of `offence` not yet reported for its kind and time slot; if there was
  // one, calls the handler with every offender of that kind and slot so far, each to be slashed
  // by the offence's fraction for that many offenders, and deposits Offence. A report with no new
  // offender is the error DuplicateReport.
  template <class O>
  static Result<void, OffenceError> report_offence(const std::vector<AccountId32>& reporters,
                                                   const O& offence) {
    static_assert(traits::staking::Offence<O, IdentificationTuple>);
    const OpaqueTimeSlot time_slot = scale::encode(offence.time_slot());
    std::vector<H256> concurrent = ConcurrentReportsIndex::get(O::kId, time_slot);
    bool any_new = false;
    for (IdentificationTuple& offender : offence.offenders()) {
      const H256 id = report_id(O::kId, time_slot, offender);
      if (Reports::contains_key(id)) continue;
      any_new = true;
      Reports::insert(id, Details{std::move(offender), reporters});
      concurrent.push_back(id);
    }
    if (!any_new) return unexpected(OffenceError::duplicate_report());

    std::vector<Details> offenders;
    offenders.reserve(concurrent.size());
    for (const H256& id : concurrent) {
      if (auto details = Reports::get(id)) offenders.push_back(std::move(*details));
    }
    ConcurrentReportsIndex::insert(O::kId, time_slot, concurrent);

    const arithmetic::Perbill fraction =
        offence.slash_fraction(static_cast<uint32_t>(offenders.size()));
    const std::vector<arithmetic::Perbill> fractions(offenders.size(), fraction);
    (void)T::OnOffenceHandler::on_offence(std::span<const Details>(offenders),
                                          std::span<const arithmetic::Perbill>(fractions),
                                          offence.session_index());
    deposit_event(Offence{O::kId, time_slot});
    return {};
  }

  // Whether every one of `offenders` was reported for O's kind at `time_slot`.
  template <class O>
  static bool is_known_offence(std::span<const IdentificationTuple> offenders,
                               const typename O::TimeSlot& time_slot) {
    const OpaqueTimeSlot slot = scale::encode(time_slot);
    for (const IdentificationTuple& offender : offenders) {
      if (!Reports::contains_key(report_id(O::kId, slot, offender))) return false;
    }
    return true;
  }

  static std::optional<Details> reports(const H256& report_id) { return Reports::get(report_id); }

  // A report's id: BLAKE2b-256 of SCALE (kind, encoded time slot as bytes, offender).
  static H256 report_id(const Kind& kind, const OpaqueTimeSlot& time_slot,
                        const IdentificationTuple& offender) {
    return H256{io::hashing::blake2_256(
        scale::encode(std::tuple<const Kind&, const OpaqueTimeSlot&, const IdentificationTuple&>{
            kind, time_slot, offender}))};
  }
};

// The pallet as a ReportOffence for O: what BABE's and GRANDPA's equivocation reports call.
template <class P, class O>
struct Reporter {
  static Result<void, OffenceError> report_offence(const std::vector<AccountId32>& reporters,
                                                   const O& offence) {
    return P::template report_offence<O>(reporters, offence);
  }
  static bool is_known_offence(std::span<const typename P::IdentificationTuple> offenders,
                               const typename O::TimeSlot& time_slot) {
    return P::template is_known_offence<O>(offenders, time_slot);
  }
};

}  // namespace canary::rt::pallets::offences
