#include "parachain/runtime_api/host_types.hpp"

#include <algorithm>
#include <cstdint>

namespace canary::parachain {

namespace {

// polkadot-sdk caps the core count at u32::MAX before taking indices modulo it.
uint64_t capped_cores(size_t cores) {
  return std::min<uint64_t>(cores, UINT32_MAX);
}

}  // namespace

// GroupRotationInfo (polkadot/primitives/src/v9/mod.rs): blocks since the session's start
// saturate at 0, the sums are taken in usize (no overflow on a 64-bit host).
GroupIndex GroupRotationInfo::group_for_core(CoreIndex core, size_t cores) const {
  if (group_rotation_frequency == 0) return core;
  if (cores == 0) return 0;
  const uint64_t n = capped_cores(cores);
  const uint32_t since_start = now > session_start_block ? now - session_start_block : 0;
  const uint64_t rotations = since_start / group_rotation_frequency;
  return static_cast<GroupIndex>((uint64_t{core} + rotations) % n);
}

CoreIndex GroupRotationInfo::core_for_group(GroupIndex group, size_t cores) const {
  if (group_rotation_frequency == 0) return group;
  if (cores == 0) return 0;
  const uint64_t n = capped_cores(cores);
  const uint32_t since_start = now > session_start_block ? now - session_start_block : 0;
  const uint64_t rotations = (since_start / group_rotation_frequency) % n;
  return static_cast<CoreIndex>((uint64_t{group} + n - rotations) % n);
}

// In u32 arithmetic that wraps, as a release build of the Rust code does.
uint32_t GroupRotationInfo::next_rotation_at() const {
  if (group_rotation_frequency == 0) return now;
  const uint32_t cycle_once = now + group_rotation_frequency;
  const uint32_t since_start =
      cycle_once > session_start_block ? cycle_once - session_start_block : 0;
  return cycle_once - since_start % group_rotation_frequency;
}

uint32_t GroupRotationInfo::last_rotation_at() const {
  if (group_rotation_frequency == 0) return now;
  const uint32_t since_start = now > session_start_block ? now - session_start_block : 0;
  return now - since_start % group_rotation_frequency;
}

GroupRotationInfo GroupRotationInfo::bump_rotation() const {
  return GroupRotationInfo{session_start_block, group_rotation_frequency, next_rotation_at()};
}

const OccupiedCore* CoreState::occupied() const {
  const auto* occupied = std::get_if<Occupied>(&value);
  return occupied != nullptr ? &occupied->core : nullptr;
}

const ScheduledCore* CoreState::scheduled() const {
  const auto* scheduled = std::get_if<Scheduled>(&value);
  return scheduled != nullptr ? &scheduled->core : nullptr;
}

std::optional<ParaId> CoreState::para_id() const {
  if (const OccupiedCore* core = occupied()) return core->para_id();
  if (const ScheduledCore* core = scheduled()) return core->para_id;
  return std::nullopt;
}

const CandidateReceipt& CandidateEvent::receipt() const {
  return std::visit([](const auto& event) -> const CandidateReceipt& { return event.receipt; },
                    value);
}

const HeadData& CandidateEvent::head_data() const {
  return std::visit([](const auto& event) -> const HeadData& { return event.head_data; }, value);
}

CoreIndex CandidateEvent::core() const {
  return std::visit([](const auto& event) { return event.core; }, value);
}

std::optional<GroupIndex> CandidateEvent::group() const {
  if (const auto* backed = std::get_if<CandidateBacked>(&value)) return backed->group;
  if (const auto* included = std::get_if<CandidateIncluded>(&value)) return included->group;
  return std::nullopt;
}

}  // namespace canary::parachain
