// The values of CoretimeAssignmentProvider's storage (polkadot-sdk stable2506,
// polkadot/runtime/parachains/src/assigner_coretime/mod.rs; pallet_broker's CoreAssignment from
// substrate/frame/broker/src/coretime_interface.rs): SCALE and metadata as Kusama's metadata
// (spec 1009002) describes them. A core's schedules form a linked queue in CoreSchedules (keyed
// by the block they begin at), CoreDescriptor points at its first and last entry and keeps the
// work in progress: the assignments with how much of their share of the core is left this round.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::pallets::assigner_coretime {

using BlockNumberT = uint32_t;

// PartsOf57600(u16): a share of a core, 57600 parts being the whole core (the broker's
// timeslice arithmetic divides it evenly).
struct PartsOf57600 {
  static constexpr uint16_t kFull = 57600;
  uint16_t value = 0;
  auto operator<=>(const PartsOf57600&) const = default;
  CANARY_SCALE_FIELDS(value)
  static PartsOf57600 full() { return {kFull}; }
  bool is_full() const { return value == kFull; }
  PartsOf57600 saturating_add(PartsOf57600 rhs) const {
    const uint32_t sum = uint32_t{value} + rhs.value;
    return {static_cast<uint16_t>(std::min<uint32_t>(sum, kFull))};
  }
  PartsOf57600 saturating_sub(PartsOf57600 rhs) const {
    return {static_cast<uint16_t>(value > rhs.value ? value - rhs.value : 0)};
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "assigner_coretime", "PartsOf57600"});
    b.typed_field<uint16_t>(std::nullopt, "u16");
  }
};

// pallet_broker::CoreAssignment: Idle = 0, Pool = 1 (the on-demand pool), Task(TaskId) = 2 (a
// para id). Ordered as Rust's derived Ord (variant, then task).
struct CoreAssignment {
  struct Idle {
    static constexpr uint8_t kScaleIndex = 0;
    auto operator<=>(const Idle&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Pool {
    static constexpr uint8_t kScaleIndex = 1;
    auto operator<=>(const Pool&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Task {
    static constexpr uint8_t kScaleIndex = 2;
    uint32_t task = 0;
    auto operator<=>(const Task&) const = default;
    CANARY_SCALE_FIELDS(task)
  };
  std::variant<Idle, Pool, Task> value;
  auto operator<=>(const CoreAssignment&) const = default;

  static CoreAssignment idle() { return {Idle{}}; }
  static CoreAssignment pool() { return {Pool{}}; }
  static CoreAssignment task(uint32_t id) { return {Task{id}}; }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_broker", "coretime_interface", "CoreAssignment"});
    meta::Registry& r = b.registry();
    b.variant(0, "Idle").variant(1, "Pool");
    b.variant(2, "Task", {meta::field_of<uint32_t>(r, std::nullopt, "TaskId")});
  }
};

using Assignments = std::vector<std::pair<CoreAssignment, PartsOf57600>>;

// Schedule<N>: assignments from a block on; end_hint ends them, next_schedule links the queue.
struct Schedule {
  Assignments assignments;
  std::optional<BlockNumberT> end_hint;
  std::optional<BlockNumberT> next_schedule;
  bool operator==(const Schedule&) const = default;
  CANARY_SCALE_FIELDS(assignments, end_hint, next_schedule)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "assigner_coretime", "Schedule"});
    b.param<BlockNumberT>("N");
    b.field("assignments", &Schedule::assignments, "Vec<(CoreAssignment, PartsOf57600)>");
    b.field("end_hint", &Schedule::end_hint, "Option<N>");
    b.field("next_schedule", &Schedule::next_schedule, "Option<N>");
  }
};

// QueueDescriptor<N>: the first (not yet active) and the last schedule of a core.
struct QueueDescriptor {
  BlockNumberT first = 0;
  BlockNumberT last = 0;
  bool operator==(const QueueDescriptor&) const = default;
  CANARY_SCALE_FIELDS(first, last)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "assigner_coretime", "QueueDescriptor"});
    b.param<BlockNumberT>("N");
    b.field("first", &QueueDescriptor::first, "N");
    b.field("last", &QueueDescriptor::last, "N");
  }
};

// AssignmentState: an assignment's share and what is left of it in this round.
struct AssignmentState {
  PartsOf57600 ratio;
  PartsOf57600 remaining;
  bool operator==(const AssignmentState&) const = default;
  CANARY_SCALE_FIELDS(ratio, remaining)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "assigner_coretime", "AssignmentState"});
    b.field("ratio", &AssignmentState::ratio, "PartsOf57600");
    b.field("remaining", &AssignmentState::remaining, "PartsOf57600");
  }
};

// WorkState<N>: the active schedule; `pos` is the assignment served next, `step` the smallest
// share (what one block of the core costs an assignment).
struct WorkState {
  std::vector<std::pair<CoreAssignment, AssignmentState>> assignments;
  std::optional<BlockNumberT> end_hint;
  uint16_t pos = 0;
  PartsOf57600 step;
  bool operator==(const WorkState&) const = default;
  CANARY_SCALE_FIELDS(assignments, end_hint, pos, step)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "assigner_coretime", "WorkState"});
    b.param<BlockNumberT>("N");
    b.field("assignments", &WorkState::assignments, "Vec<(CoreAssignment, AssignmentState)>");
    b.field("end_hint", &WorkState::end_hint, "Option<N>");
    b.field("pos", &WorkState::pos, "u16");
    b.field("step", &WorkState::step, "PartsOf57600");
  }

  // From<Schedule> for WorkState: every assignment starts its first round with its whole ratio;
  // an empty schedule (never stored: assign_core refuses it) gets step 1.
  static WorkState from(const Schedule& schedule) {
    WorkState w;
    w.end_hint = schedule.end_hint;
    w.step = PartsOf57600{1};
    if (!schedule.assignments.empty()) {
      w.step = std::min_element(schedule.assignments.begin(), schedule.assignments.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; })
                   ->second;
    }
    for (const auto& [a, ratio] : schedule.assignments) {
      w.assignments.emplace_back(a, AssignmentState{ratio, ratio});
    }
    return w;
  }
};

// CoreDescriptor<N>: a core's queue of schedules and its current work (both none by default,
// encoded 0x0000).
struct CoreDescriptor {
  std::optional<QueueDescriptor> queue;
  std::optional<WorkState> current_work;
  bool operator==(const CoreDescriptor&) const = default;
  CANARY_SCALE_FIELDS(queue, current_work)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "assigner_coretime", "CoreDescriptor"});
    b.param<BlockNumberT>("N");
    b.field("queue", &CoreDescriptor::queue, "Option<QueueDescriptor<N>>");
    b.field("current_work", &CoreDescriptor::current_work, "Option<WorkState<N>>");
  }
};

}  // namespace canary::rt::pallets::assigner_coretime
