#include "consensus/babe/equivocation.hpp"

#include <utility>

namespace canary::consensus::babe {

std::optional<EquivocationProof> EquivocationDetector::check(Slot slot_now, Slot slot,
                                                             const AuthorityId& author,
                                                             const block::Header& sealed,
                                                             const block::BlockHash& hash) {
  // Old headers (e.g. during a sync) are beyond what is kept.
  if (slot_now > slot && slot_now - slot > kMaxSlotCapacity) return std::nullopt;
  const Slot first_saved = first_saved_slot_.value_or(slot);
  // The record assumes slots are visited in order (Substrate's own guard).
  if (slot_now < first_saved) return std::nullopt;

  std::vector<Seen>& seen = by_slot_[slot];
  for (const Seen& previous : seen) {
    if (previous.author != author) continue;
    // The same header again was seen (and checked) before.
    if (previous.hash == hash) return std::nullopt;
    return EquivocationProof{author, slot, previous.header, sealed};
  }

  Slot new_first_saved = first_saved;
  if (slot_now - first_saved >= kPruningBound) {
    new_first_saved = slot_now - kMaxSlotCapacity;
    by_slot_.erase(by_slot_.begin(), by_slot_.lower_bound(new_first_saved));
  }
  // Pruning may have dropped this slot's (empty) entry: look it up again.
  by_slot_[slot].push_back(Seen{author, hash, sealed});
  first_saved_slot_ = new_first_saved;
  return std::nullopt;
}

}  // namespace canary::consensus::babe
