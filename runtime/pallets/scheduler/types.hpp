// pallet_scheduler's stored types: a task (Scheduled: its name, priority, call, period and origin),
// where it sits (TaskAddress: block and index in that block's agenda) and how it is retried
// (RetryConfig). Layouts and metadata as pallet-scheduler 43 (storage version 4) writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/preimages.hpp"
#include "runtime/framework/traits/schedule.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::pallets::scheduler {

using traits::schedule::Period;
using traits::schedule::Priority;
using traits::schedule::TaskName;

// TaskAddress<BlockNumber>: (when, index in Agenda[when]).
using TaskAddress = std::pair<BlockNumber, uint32_t>;

// RetryConfig<Period>: retried `remaining` more times (of `total_retries`), `period` blocks apart.
struct RetryConfig {
  uint8_t total_retries = 0;
  uint8_t remaining = 0;
  BlockNumber period = 0;
  bool operator==(const RetryConfig&) const = default;
  CANARY_SCALE_FIELDS(total_retries, remaining, period)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_scheduler", "RetryConfig"});
    b.param<BlockNumber>("Period");
    b.typed_field<uint8_t>("total_retries", "u8");
    b.typed_field<uint8_t>("remaining", "u8");
    b.typed_field<BlockNumber>("period", "Period");
  }
};

// Scheduled<TaskName, Bounded<RuntimeCall>, BlockNumber, OriginCaller, AccountId>. FRAME's
// `_phantom: PhantomData<AccountId>` has no bytes and no field in metadata, only the parameter.
template <class Call, class OriginCaller>
struct Scheduled {
  std::optional<TaskName> maybe_id;
  Priority priority = 0;
  traits::preimages::Bounded<Call> call;
  std::optional<Period> maybe_periodic;
  OriginCaller origin;

  // as_retry: the task retried, unnamed and not periodic.
  Scheduled as_retry() const {
    return Scheduled{std::nullopt, priority, call, std::nullopt, origin};
  }

  // OriginCaller compares by its origin.
  bool operator==(const Scheduled& other) const {
    return maybe_id == other.maybe_id && priority == other.priority && call == other.call &&
           maybe_periodic == other.maybe_periodic && origin.origin == other.origin.origin;
  }

  CANARY_SCALE_FIELDS(maybe_id, priority, call, maybe_periodic, origin)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_scheduler", "Scheduled"});
    b.param<TaskName>("Name");
    b.param<traits::preimages::Bounded<Call>>("Call");
    b.param<BlockNumber>("BlockNumber");
    b.param<OriginCaller>("PalletsOrigin");
    b.param<AccountId32>("AccountId");
    b.typed_field<std::optional<TaskName>>("maybe_id", "Option<Name>");
    b.typed_field<Priority>("priority", "schedule::Priority");
    b.typed_field<traits::preimages::Bounded<Call>>("call", "Call");
    b.typed_field<std::optional<Period>>("maybe_periodic", "Option<schedule::Period<BlockNumber>>");
    b.typed_field<OriginCaller>("origin", "PalletsOrigin");
  }
};

}  // namespace canary::rt::pallets::scheduler
