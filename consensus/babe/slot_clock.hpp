// Slots and wall-clock time (spec sect-block-production.md "Slot Number Calculation": slot =
// unix time in ms / slot duration; the median-of-peers algorithm is not deployed). Pure
// arithmetic: the caller reads the clock and passes the time in.
#pragma once

#include <cstdint>
#include <optional>

#include "consensus/babe/types.hpp"

namespace canary::consensus::babe {

class SlotClock {
 public:
  // None for a zero duration (no slot arithmetic is possible).
  static std::optional<SlotClock> create(uint64_t slot_duration_ms);

  uint64_t slot_duration_ms() const { return slot_duration_ms_; }
  // The slot in progress at `unix_ms`.
  Slot slot_at(uint64_t unix_ms) const { return unix_ms / slot_duration_ms_; }
  // When `slot` begins, saturating at UINT64_MAX for slots beyond representable time.
  uint64_t slot_start_ms(Slot slot) const;
  // Milliseconds from `unix_ms` until the next slot begins (1 … slot_duration).
  uint64_t ms_until_next_slot(uint64_t unix_ms) const;
  // Milliseconds from `unix_ms` until a slot after `last` is in progress: 0 when one already is.
  // An author whose work ran past the end of its slot (a runtime upgrade's new code loading in
  // the block's import) must claim the slot it is now in, not sleep through it to the next one.
  uint64_t ms_until_slot_after(Slot last, uint64_t unix_ms) const;
  // Milliseconds from `unix_ms` until `slot` ends (0 once it has).
  uint64_t ms_left_in_slot(Slot slot, uint64_t unix_ms) const;

 private:
  explicit SlotClock(uint64_t slot_duration_ms) : slot_duration_ms_(slot_duration_ms) {}
  uint64_t slot_duration_ms_;
};

}  // namespace canary::consensus::babe
