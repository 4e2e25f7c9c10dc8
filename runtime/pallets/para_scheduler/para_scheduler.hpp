// polkadot-runtime-parachains' `scheduler` pallet (ParaScheduler, Kusama index 55): the session's
// validators split into one backing group per availability core, the groups' rotation over the
// cores every group_rotation_frequency blocks, and the claim queue: for each core, the paras that
// may have a candidate backed on it in the next `lookahead` blocks, filled from the assignment
// provider (Kusama: CoretimeAssignmentProvider). Semantics: polkadot-sdk stable2506
// polkadot/runtime/parachains/src/scheduler.rs (storage version 3: ClaimQueue of Assignment, no
// AvailabilityCores; polkadot-runtime-parachains 21.0.1, what polkadot-fellows/runtimes v1.7.1's
// Kusama uses, whose metadata, spec 1009002, lists these three items) and the implementers' guide
// (roadmap/implementers-guide/src/runtime/scheduler.md). No calls, events or errors.
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using Configuration = …;                  the Configuration pallet (ActiveConfig)
//   using SchedulerAssignmentProvider = …;    a para_scheduler::AssignmentProvider
// Its users: the Initializer (initializer_* hooks), ParaInherent (advance_claim_queue with the
// cores that stay occupied or are blocked, once per block; group_assigned_to_core for backing
// votes), ParaInclusion (availability_timeout_predicate, group_validators) and the ParachainHost
// runtime API (validator_groups with group_rotation_info, claim_queue, next_up_on_available for
// availability_cores). The Canary runtime composes it at index 55 (README.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/pallets/initializer/session_change.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_scheduler/assignment.hpp"

namespace canary::rt::pallets::para_scheduler {

using para_primitives::GroupIndex;
using para_primitives::GroupRotationInfo;
using para_primitives::ValidatorIndex;
using BlockNumberT = uint32_t;
using ClaimQueueMap = std::map<CoreIndex, std::vector<Assignment>>;

// scheduler::AvailabilityTimeoutStatus: whether a candidate pending availability since a block
// times out now, and the block it does.
struct AvailabilityTimeoutStatus {
  bool timed_out = false;
  BlockNumberT live_until = 0;
  bool operator==(const AvailabilityTimeoutStatus&) const = default;
};

// The availability timeout predicate (availability_timeout_predicate): a candidate only times
// out across a group rotation, at the start of a rotation after paras_availability_period.
struct AvailabilityTimeoutPredicate {
  bool times_out = false;
  BlockNumberT next_rotation = 0;
  BlockNumberT availability_period = 0;
  BlockNumberT now = 0;
  AvailabilityTimeoutStatus operator()(BlockNumberT pending_since) const {
    const BlockNumberT time_out_at =
        times_out ? pending_since + availability_period : next_rotation + availability_period;
    return {time_out_at <= now, time_out_at};
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "scheduler";
  static constexpr const char* kDocs = "The parachain scheduler: validator groups and claims.";
  // scheduler/migration.rs: v3 keeps bare Assignments in the claim queue.
  static constexpr uint16_t kStorageVersion = 3;

  using Provider = typename T::SchedulerAssignmentProvider;

  using ValidatorGroups = StorageValue<
      Pallet, "ValidatorGroups", std::vector<std::vector<ValidatorIndex>>, ValueQuery,
      DocLines<" All the validator groups. One for each core. Indices are into `ActiveValidators` "
               "- not the",
               " broader set of Polkadot validators, but instead just the subset used for "
               "parachains during",
               " this session.", "",
               " Bound: The number of cores is the sum of the numbers of parachains and parathread",
               " multiplexers. Reasonably, 100-1000. The dominant factor is the number of "
               "validators: safe",
               " upper bound at 10k.">>;
  using SessionStartBlock = StorageValue<
      Pallet, "SessionStartBlock", BlockNumberT, ValueQuery,
      DocLines<" The block number where the session start occurred. Used to track how many group "
               "rotations",
               " have occurred.", "",
               " Note that in the context of parachains modules the session change is signaled "
               "during",
               " the block and enacted at the end of the block (at the finalization stage, to be "
               "exact).",
               " Thus for all intents and purposes the effect of the session change is observed "
               "at the",
               " block following the session change, block number of which we save in this "
               "storage value.">>;
  using ClaimQueue = StorageValue<
      Pallet, "ClaimQueue", ClaimQueueMap, ValueQuery,
      DocLines<" One entry for each availability core. The `VecDeque` represents the assignments "
               "to be",
               " scheduled on that core.">>;
  using Storage = std::tuple<ValidatorGroups, SessionStartBlock, ClaimQueue>;

  // --- The Initializer's hooks.
  static Weight initializer_initialize(BlockNumberT /*now*/) { return Weight::zero(); }
  static void initializer_finalize() {}

  // The session's groups: n_cores = max(num_cores, validators / max_validators_per_core); the
  // first validators % n_cores groups have one validator more, each group a run of consecutive
  // indices into the (already shuffled) active validators. Then the claim queue loses the cores
  // that went away (their pool assignments go back to the provider) and is filled for the new
  // cores; the session's first block is the next one (the change is applied in on_finalize).
  static void initializer_on_new_session(const initializer::SessionChangeNotification& n) {
    const auto& config = n.new_config.scheduler_params;
    const uint32_t assigner_cores = config.num_cores;
    uint32_t by_validators = 0;
    if (config.max_validators_per_core && *config.max_validators_per_core != 0) {
      by_validators = static_cast<uint32_t>(n.validators.size()) / *config.max_validators_per_core;
    }
    const uint32_t n_cores = std::max(assigner_cores, by_validators);
    if (n_cores == 0 || n.validators.empty()) {
      ValidatorGroups::put({});
    } else {
      const size_t base = n.validators.size() / n_cores;
      const size_t n_larger = n.validators.size() % n_cores;
      std::vector<std::vector<ValidatorIndex>> groups;
      groups.reserve(n_cores);
      uint32_t next = 0;
      for (size_t g = 0; g < n_cores; ++g) {
        const size_t size = g < n_larger ? base + 1 : base;
        std::vector<ValidatorIndex> group;
        group.reserve(size);
        for (size_t j = 0; j < size; ++j) group.push_back(ValidatorIndex{next++});
        groups.push_back(std::move(group));
      }
      ValidatorGroups::put(groups);
    }
    maybe_resize_claim_queue(n.prev_config.scheduler_params.num_cores, assigner_cores);
    populate_claim_queue_after_session_change();
    SessionStartBlock::put(T::System::block_number() + 1);
  }

  // --- Groups and rotation.
  static std::optional<std::vector<ValidatorIndex>> group_validators(GroupIndex group) {
    const auto groups = ValidatorGroups::get();
    if (group.value >= groups.size()) return std::nullopt;
    return groups[group.value];
  }
  static size_t num_availability_cores() { return ValidatorGroups::decode_len().value_or(0); }

  // The group backing `core` at block `at`: none before the session started or for a core
  // beyond the groups.
  static std::optional<GroupIndex> group_assigned_to_core(CoreIndex core, BlockNumberT at) {
    const auto config = T::Configuration::ActiveConfig::get();
    const BlockNumberT start = SessionStartBlock::get();
    if (at < start) return std::nullopt;
    const auto groups = ValidatorGroups::get();
    if (core.value >= groups.size()) return std::nullopt;
    const BlockNumberT frequency = config.scheduler_params.group_rotation_frequency;
    // The configuration keeps the frequency above zero (check_consistency).
    const uint64_t rotations = frequency == 0 ? 0 : (at - start) / frequency;
    return GroupIndex{static_cast<uint32_t>((core.value + rotations) % groups.size())};
  }

  static GroupRotationInfo group_rotation_info(BlockNumberT now) {
    return GroupRotationInfo{
        SessionStartBlock::get(),
        T::Configuration::ActiveConfig::get().scheduler_params.group_rotation_frequency, now};
  }

  // Whether candidates can time out at the next block: only in the first
  // paras_availability_period blocks of a rotation.
  static bool availability_timeout_check_required() {
    const auto config = T::Configuration::ActiveConfig::get();
    const BlockNumberT now = T::System::block_number() + 1;
    const GroupRotationInfo info = group_rotation_info(now);
    return now < info.last_rotation_at() + config.scheduler_params.paras_availability_period;
  }

  static AvailabilityTimeoutPredicate availability_timeout_predicate() {
    const auto config = T::Configuration::ActiveConfig::get();
    const BlockNumberT now = T::System::block_number();
    const GroupRotationInfo info = group_rotation_info(now);
    return AvailabilityTimeoutPredicate{availability_timeout_check_required(),
                                        info.next_rotation_at(),
                                        config.scheduler_params.paras_availability_period, now};
  }

  // --- The claim queue.

  // The para the core serves next if its occupant became available (the runtime API's
  // OccupiedCore::next_up_on_available; the collator field of ScheduledCore is always none).
  static std::optional<ParaId> next_up_on_available(CoreIndex core) {
    const auto queue = ClaimQueue::get();
    const auto it = queue.find(core);
    if (it == queue.end() || it->second.empty()) return std::nullopt;
    return it->second.front().para_id();
  }

  static ClaimQueueMap get_claim_queue() { return ClaimQueue::get(); }

  // The runtime API's claim_queue (runtime_api_impl/v11.rs): each core's paras, at most
  // `lookahead` of them.
  static std::map<CoreIndex, std::vector<ParaId>> claim_queue() {
    const uint32_t lookahead =
        std::max<uint32_t>(T::Configuration::ActiveConfig::get().scheduler_params.lookahead, 1);
    std::map<CoreIndex, std::vector<ParaId>> out;
    for (const auto& [core, entries] : ClaimQueue::get()) {
      std::vector<ParaId>& paras = out[core];
      for (size_t i = 0; i < entries.size() && i < lookahead; ++i) {
        paras.push_back(entries[i].para_id());
      }
    }
    return out;
  }

  // advance_claim_queue: for each core of the assigner but those in `except_for` (occupied or
  // blocked this block), the front claim is served (reported processed) and the queue refilled
  // to the lookahead. ParaInherent calls it once per block.
  static void advance_claim_queue(const std::set<CoreIndex>& except_for) {
    const auto config = T::Configuration::ActiveConfig::get();
    const uint32_t lookahead = std::max<uint32_t>(config.scheduler_params.lookahead, 1);
    for (uint32_t c = 0; c < config.scheduler_params.num_cores; ++c) {
      const CoreIndex core{c};
      if (except_for.contains(core)) continue;
      if (auto dropped = pop_front_of_claim_queue(core)) Provider::report_processed(*dropped);
      fill_claim_queue(core, lookahead);
    }
  }

  static size_t claim_queue_len() {
    size_t n = 0;
    for (const auto& [core, entries] : ClaimQueue::get()) n += entries.size();
    return n;
  }

  // --- Try-state: no empty queue is kept, the groups split 0..n in order. (Queues may be
  // longer than the lookahead after it was lowered: FRAME does not trim them.)
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    for (const auto& [core, entries] : ClaimQueue::get()) {
      if (entries.empty()) {
        return unexpected("ParaScheduler: empty claim queue kept for core " +
                          std::to_string(core.value));
      }
    }
    uint32_t expected = 0;
    for (const auto& group : ValidatorGroups::get()) {
      for (const ValidatorIndex v : group) {
        if (v.value != expected++) {
          return unexpected(std::string("ParaScheduler: groups are not consecutive indices"));
        }
      }
    }
    return {};
  }

 private:
  // Cores beyond the new count lose their claims; pool assignments go back in reverse, so that
  // the provider hands them out again in the same order.
  static void maybe_resize_claim_queue(uint32_t old_core_count, uint32_t new_core_count) {
    if (new_core_count >= old_core_count) return;
    ClaimQueue::mutate([&](ClaimQueueMap& cq) {
      for (auto it = cq.lower_bound(CoreIndex{new_core_count});
           it != cq.end() && it->first < CoreIndex{old_core_count};) {
        for (auto a = it->second.rbegin(); a != it->second.rend(); ++a) {
          Provider::push_back_assignment(*a);
        }
        it = cq.erase(it);
      }
    });
  }

  static void populate_claim_queue_after_session_change() {
    const auto config = T::Configuration::ActiveConfig::get();
    const uint32_t lookahead = std::max<uint32_t>(config.scheduler_params.lookahead, 1);
    for (uint32_t c = 0; c < config.scheduler_params.num_cores; ++c) {
      fill_claim_queue(CoreIndex{c}, lookahead);
    }
  }

  // Tops the core's queue up to `lookahead` claims. An empty queue gets its first assignment
  // twice when the lookahead allows it, so that the para can build on it asynchronously (else
  // only a candidate backed in the very next block could use it).
  static void fill_claim_queue(CoreIndex core, uint32_t lookahead) {
    ClaimQueue::mutate([&](ClaimQueueMap& la) {
      std::vector<Assignment>& cq = la[core];
      uint32_t used = static_cast<uint32_t>(cq.size());
      if (used == 0 && lookahead > 1) {
        if (auto a = Provider::pop_assignment_for_core(core)) {
          Provider::assignment_duplicated(*a);
          cq.push_back(*a);
          cq.push_back(*a);
          used += 2;
        }
      }
      for (; used < lookahead; ++used) {
        auto a = Provider::pop_assignment_for_core(core);
        if (!a) break;
        cq.push_back(std::move(*a));
      }
      if (cq.empty()) la.erase(core);
    });
  }

  static std::optional<Assignment> pop_front_of_claim_queue(CoreIndex core) {
    return ClaimQueue::mutate([&](ClaimQueueMap& cq) -> std::optional<Assignment> {
      const auto it = cq.find(core);
      if (it == cq.end() || it->second.empty()) return std::nullopt;
      Assignment front = it->second.front();
      it->second.erase(it->second.begin());
      return front;
    });
  }
};

}  // namespace canary::rt::pallets::para_scheduler
