// polkadot-runtime-parachains' scheduler::common (polkadot-sdk stable2506,
// polkadot/runtime/parachains/src/scheduler/common.rs): the Assignment a claim queue holds and
// the assignment provider the scheduler pulls them from. SCALE and metadata as Kusama's
// (ParaScheduler.ClaimQueue's values, spec 1009002: Pool { para_id, core_index } = 0,
// Bulk(ParaId) = 1).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::para_scheduler {

using para_primitives::CoreIndex;
using para_primitives::ParaId;

// Assignment: a para's claim on a core for one block, from the on-demand pool or from bulk
// coretime.
struct Assignment {
  struct Pool {
    static constexpr uint8_t kScaleIndex = 0;
    ParaId para_id;
    CoreIndex core_index;
    bool operator==(const Pool&) const = default;
    CANARY_SCALE_FIELDS(para_id, core_index)
  };
  struct Bulk {
    static constexpr uint8_t kScaleIndex = 1;
    ParaId para_id;
    bool operator==(const Bulk&) const = default;
    CANARY_SCALE_FIELDS(para_id)
  };
  std::variant<Pool, Bulk> value;
  bool operator==(const Assignment&) const = default;

  static Assignment bulk(ParaId id) { return Assignment{Bulk{id}}; }
  static Assignment pool(ParaId id, CoreIndex core) { return Assignment{Pool{id, core}}; }
  ParaId para_id() const {
    return std::visit([](const auto& a) { return a.para_id; }, value);
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "scheduler", "common", "Assignment"});
    meta::Registry& r = b.registry();
    b.variant(0, "Pool",
              {meta::field_of<ParaId>(r, "para_id", "ParaId"),
               meta::field_of<CoreIndex>(r, "core_index", "CoreIndex")});
    b.variant(1, "Bulk", {meta::field_of<ParaId>(r, std::nullopt, "ParaId")});
  }
};

// scheduler::common::AssignmentProvider: where the scheduler gets a core's next assignment
// (Kusama: CoretimeAssignmentProvider), tells it an assignment was served or must wait for
// another session, and that the scheduler duplicated one (the first claim of an empty queue).
template <class P>
concept AssignmentProvider = requires(CoreIndex core, const Assignment& a) {
  { P::pop_assignment_for_core(core) } -> std::same_as<std::optional<Assignment>>;
  P::report_processed(a);
  P::push_back_assignment(a);
  P::assignment_duplicated(a);
};

}  // namespace canary::rt::pallets::para_scheduler
