#include "consensus/babe/slot_clock.hpp"

namespace canary::consensus::babe {

std::optional<SlotClock> SlotClock::create(uint64_t slot_duration_ms) {
  if (slot_duration_ms == 0) return std::nullopt;
  return SlotClock(slot_duration_ms);
}

uint64_t SlotClock::slot_start_ms(Slot slot) const {
  if (slot > UINT64_MAX / slot_duration_ms_) return UINT64_MAX;
  return slot * slot_duration_ms_;
}

uint64_t SlotClock::ms_until_next_slot(uint64_t unix_ms) const {
  return slot_duration_ms_ - unix_ms % slot_duration_ms_;
}

uint64_t SlotClock::ms_until_slot_after(Slot last, uint64_t unix_ms) const {
  return slot_at(unix_ms) > last ? 0 : ms_until_next_slot(unix_ms);
}

uint64_t SlotClock::ms_left_in_slot(Slot slot, uint64_t unix_ms) const {
  const uint64_t end = slot == UINT64_MAX ? UINT64_MAX : slot_start_ms(slot + 1);
  return end > unix_ms ? end - unix_ms : 0;
}

}  // namespace canary::consensus::babe
