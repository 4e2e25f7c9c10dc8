#include "network/host/inbound_admission.hpp"

#include "primitives/util/check.hpp"

namespace canary::network {

InboundAdmission::InboundAdmission(InboundAdmissionLimits limits) : limits_(limits) {
  if (limits_.max_pending == 0) limits_.max_pending = 1;
  if (limits_.max_pending_per_source == 0) limits_.max_pending_per_source = 1;
  if (limits_.max_pending_per_source > limits_.max_pending) {
    limits_.max_pending_per_source = limits_.max_pending;
  }
}

size_t InboundAdmission::pending_from(const std::string& source) const {
  auto it = per_source_.find(source);
  return it == per_source_.end() ? 0 : it->second;
}

uint64_t InboundAdmission::oldest_of(const std::string& source) const {
  for (const Entry& entry : order_) {
    if (entry.source == source) return entry.id;
  }
  CANARY_ASSERT(false);
  return 0;
}

void InboundAdmission::forget(uint64_t id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  auto count = per_source_.find(it->second->source);
  if (count != per_source_.end() && --count->second == 0) per_source_.erase(count);
  order_.erase(it->second);
  by_id_.erase(it);
}

AdmissionDecision InboundAdmission::on_accept(uint64_t id, const std::string& source,
                                              bool slots_full) {
  AdmissionDecision decision;
  if (pending_from(source) >= limits_.max_pending_per_source) {
    // The source is at its own limit: it recycles its oldest slot, never anyone else's.
    decision.verdict = AdmissionVerdict::kAdmitEvicting;
    decision.evict = oldest_of(source);
    decision.reason = "too many pending handshakes from " + source;
  } else if (order_.size() >= limits_.max_pending || (slots_full && !order_.empty())) {
    // Global budget full: the largest holder gives up its oldest slot.
    const std::string* largest = nullptr;
    size_t most = 0;
    for (const auto& [holder, count] : per_source_) {
      if (count > most) {
        most = count;
        largest = &holder;
      }
    }
    CANARY_ASSERT(largest != nullptr);
    decision.verdict = AdmissionVerdict::kAdmitEvicting;
    decision.evict = oldest_of(*largest);
    decision.reason = "pending handshake budget full; dropped the oldest from " + *largest;
  }
  if (decision.evict) forget(*decision.evict);
  order_.push_back(Entry{id, source});
  by_id_[id] = std::prev(order_.end());
  ++per_source_[source];
  return decision;
}

void InboundAdmission::on_done(uint64_t id) {
  forget(id);
}

}  // namespace canary::network
