// polkadot-runtime-parachains' `assigner_coretime` pallet (CoretimeAssignmentProvider, Kusama
// index 65): which para may use each core at each block, as the Coretime chain's broker sold it
// (Coretime.assign_core, from the broker or Root) or as the genesis and Root assign a whole core
// to a para (AssignCoretime::assign_coretime). ParaScheduler pops one assignment per core and
// block into its claim queue. Semantics: polkadot-sdk stable2506
// polkadot/runtime/parachains/src/assigner_coretime/mod.rs (polkadot-runtime-parachains 21.0.1,
// what polkadot-fellows/runtimes v1.7.1's Kusama uses; its two errors are Kusama's metadata's,
// spec 1009002). No calls, no events.
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using Configuration = …;   the Configuration pallet (num_cores, force_set_active_config)
// and optionally
//   using OnDemandAssignmentProvider = …;   the on-demand pool (Kusama's index 64), asked for
//     CoreAssignment::Pool's assignments; without it a pool share of a core serves nobody.
// The Canary runtime composes it at index 65 (README.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/storage_hasher_twox256.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/assigner_coretime/types.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_scheduler/assignment.hpp"

namespace canary::rt::pallets::assigner_coretime {

using para_primitives::CoreIndex;
using para_primitives::ParaId;
using para_scheduler::Assignment;

enum class Error : uint8_t { kAssignmentsEmpty = 0, kDisallowedInsert = 1 };

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "assigner_coretime";
  static constexpr const char* kDocs = "The coretime assignment provider.";

  using CoreSchedules = StorageMap<
      Pallet, "CoreSchedules", Twox256, std::tuple<BlockNumberT, CoreIndex>, Schedule, OptionQuery,
      DocLines<" Scheduled assignment sets.", "",
               " Assignments as of the given block number. They will go into state once the "
               "block number is",
               " reached (and replace whatever was in there before).">>;
  using CoreDescriptors = StorageMap<
      Pallet, "CoreDescriptors", Twox256, CoreIndex, CoreDescriptor, ValueQuery,
      DocLines<" Assignments which are currently active.", "",
               " They will be picked from `PendingAssignments` once we reach the scheduled block "
               "number in",
               " `PendingAssignments`.">>;
  using Storage = std::tuple<CoreSchedules, CoreDescriptors>;

  using Error = assigner_coretime::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"AssignmentsEmpty", ""},
      {"DisallowedInsert",
       "assign_core is only allowed to append new assignments at the end of already existing\n"
       "ones or update the last entry."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- AssignmentProvider (scheduler::common), for ParaScheduler.

  // The core's next assignment at this block: its schedule brought up to date, then the
  // assignment at `pos` served once (a step of its share); when what is left of its share is
  // less than a step, the next one's turn comes and its share is credited for the next round.
  // FRAME's mutate writes the descriptor back even when it stays the default.
  static std::optional<Assignment> pop_assignment_for_core(CoreIndex core) {
    const BlockNumberT now = T::System::block_number();
    std::optional<CoreAssignment> served;
    CoreDescriptors::mutate(core, [&](CoreDescriptor& descriptor) {
      ensure_workload(now, core, descriptor);
      if (!descriptor.current_work || descriptor.current_work->assignments.empty()) return;
      WorkState& work = *descriptor.current_work;
      work.pos = static_cast<uint16_t>(work.pos % work.assignments.size());
      auto& [kind, state] = work.assignments[work.pos];
      state.remaining = state.remaining.saturating_sub(work.step);
      if (state.remaining < work.step) {
        ++work.pos;
        state.remaining = state.remaining.saturating_add(state.ratio);
      }
      served = kind;
    });
    if (!served) return std::nullopt;
    if (const auto* task = std::get_if<CoreAssignment::Task>(&served->value)) {
      return Assignment::bulk(ParaId{task->task});
    }
    if (std::holds_alternative<CoreAssignment::Pool>(served->value)) {
      if constexpr (requires { typename T::OnDemandAssignmentProvider; }) {
        return T::OnDemandAssignmentProvider::pop_assignment_for_core(core);
      }
    }
    return std::nullopt;  // Idle, or a pool share without an on-demand pallet
  }

  // Bulk assignments need no bookkeeping; pool ones are the on-demand pallet's.
  static void report_processed(const Assignment& a) {
    if constexpr (requires { typename T::OnDemandAssignmentProvider; }) {
      if (const auto* pool = std::get_if<Assignment::Pool>(&a.value)) {
        T::OnDemandAssignmentProvider::report_processed(pool->para_id, pool->core_index);
      }
    }
    (void)a;
  }
  // At a session boundary: bulk assignments that missed it are dropped (bulk coretime is
  // region based: catching up would starve the assignments at the region's end), pool ones go
  // back to the on-demand queue.
  static void push_back_assignment(const Assignment& a) {
    if constexpr (requires { typename T::OnDemandAssignmentProvider; }) {
      if (const auto* pool = std::get_if<Assignment::Pool>(&a.value)) {
        T::OnDemandAssignmentProvider::push_back_assignment(pool->para_id, pool->core_index);
      }
    }
    (void)a;
  }
  static void assignment_duplicated(const Assignment& a) {
    if constexpr (requires { typename T::OnDemandAssignmentProvider; }) {
      if (const auto* pool = std::get_if<Assignment::Pool>(&a.value)) {
        T::OnDemandAssignmentProvider::assignment_duplicated(pool->para_id, pool->core_index);
      }
    }
    (void)a;
  }

  // --- assign_core: what Coretime.assign_core (call 4, from the broker or Root) does. Only
  // appending is allowed (O(1)), or adding to the last schedule (the broker may split one
  // assignment over several messages); the last schedule's end_hint is the newest one's.
  static DispatchResult assign_core(CoreIndex core, BlockNumberT begin, Assignments assignments,
                                    std::optional<BlockNumberT> end_hint) {
    if (assignments.empty()) return unexpected(error(Error::kAssignmentsEmpty));
    CoreDescriptor descriptor = CoreDescriptors::get(core);
    if (descriptor.queue) {
      const QueueDescriptor queue = *descriptor.queue;
      if (begin < queue.last) return unexpected(error(Error::kDisallowedInsert));
      if (begin > queue.last) {
        CoreSchedules::mutate({queue.last, core}, [&](std::optional<Schedule>& last) {
          if (last) {
            last->next_schedule = begin;
          } else {
            io::log(io::LogLevel::kError, "runtime::parachains::assigner-coretime",
                    "Queue end entry does not exist?");
          }
        });
      }
      CoreSchedules::mutate({begin, core}, [&](std::optional<Schedule>& schedule) {
        Assignments all = schedule ? std::move(schedule->assignments) : Assignments{};
        all.insert(all.end(), assignments.begin(), assignments.end());
        schedule = Schedule{std::move(all), end_hint, std::nullopt};
      });
      descriptor.queue = QueueDescriptor{queue.first, begin};
    } else {
      CoreSchedules::insert({begin, core}, Schedule{std::move(assignments), end_hint, {}});
      descriptor.queue = QueueDescriptor{begin, begin};
    }
    CoreDescriptors::insert(core, descriptor);
    return {};
  }

  // --- AssignCoretime (paras::AssignCoretime, "only for testing purposes" in FRAME, used at
  // genesis and by sudo wrappers): a new core, wholly the para's from the next block on.
  static DispatchResult assign_coretime(ParaId id) {
    auto config = T::Configuration::ActiveConfig::get();
    const CoreIndex core{config.scheduler_params.num_cores};
    if (config.scheduler_params.num_cores != UINT32_MAX) ++config.scheduler_params.num_cores;
    // Only called at genesis or by Root, so setting the active configuration is fine.
    T::Configuration::force_set_active_config(config);
    const BlockNumberT begin = T::System::block_number() + 1;
    return assign_core(core, begin, {{CoreAssignment::task(id.value), PartsOf57600::full()}},
                       std::nullopt);
  }

  // --- Try-state: from a queue's first schedule the chain of schedules reaches its last one,
  // with begins increasing.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    // Twox256 keys cannot be iterated: the cores the configuration counts are checked.
    const uint32_t cores = T::Configuration::ActiveConfig::get().scheduler_params.num_cores;
    for (uint32_t c = 0; c < cores; ++c) {
      const CoreIndex core{c};
      const CoreDescriptor descriptor = CoreDescriptors::get(core);
      if (!descriptor.queue) continue;
      BlockNumberT at = descriptor.queue->first;
      for (;;) {
        const auto schedule = CoreSchedules::get({at, core});
        if (!schedule) {
          return unexpected("CoretimeAssignmentProvider: core " + std::to_string(core.value) +
                            " lacks its schedule at " + std::to_string(at));
        }
        if (!schedule->next_schedule) break;
        if (*schedule->next_schedule <= at) {
          return unexpected(std::string("CoretimeAssignmentProvider: schedules not ascending"));
        }
        at = *schedule->next_schedule;
      }
      if (at != descriptor.queue->last) {
        return unexpected(std::string("CoretimeAssignmentProvider: queue's last is not its end"));
      }
    }
    return {};
  }

 private:
  // ensure_workload: drop expired work; once the queue's first schedule is due, take it (and
  // any later ones whose end_hint already passed) as the current work.
  static void ensure_workload(BlockNumberT now, CoreIndex core, CoreDescriptor& descriptor) {
    if (descriptor.current_work && descriptor.current_work->end_hint &&
        *descriptor.current_work->end_hint <= now) {
      descriptor.current_work.reset();
    }
    if (!descriptor.queue) return;
    const QueueDescriptor queue = *descriptor.queue;
    BlockNumberT next_scheduled = queue.first;
    if (next_scheduled > now) return;
    std::optional<Schedule> update;
    for (;;) {
      std::optional<Schedule> candidate = CoreSchedules::take({next_scheduled, core});
      if (!candidate) break;
      if (!candidate->end_hint || *candidate->end_hint > now) {
        update = std::move(candidate);
        break;
      }
      if (!candidate->next_schedule) break;
      next_scheduled = *candidate->next_schedule;
    }
    const std::optional<BlockNumberT> new_first =
        update ? update->next_schedule : std::optional<BlockNumberT>{};
    if (update) {
      descriptor.current_work = WorkState::from(*update);
    } else {
      descriptor.current_work.reset();
    }
    descriptor.queue = new_first
                           ? std::optional<QueueDescriptor>(QueueDescriptor{*new_first, queue.last})
                           : std::nullopt;
  }
};

}  // namespace canary::rt::pallets::assigner_coretime
