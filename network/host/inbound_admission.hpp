// Admission of inbound TCP connections that have not finished their handshake yet (Noise, Yamux
// and multistream-select upgrades): a sans-IO policy the host asks on every accept.
//
// A global budget alone lets one source hold every pending slot with idle sockets and lock every
// other peer out until the handshake timeout fires (issue 22). So the policy also bounds pending
// handshakes per source address and, when the global budget is full, evicts the oldest pending
// handshake of the source that holds the most of them, unless that source is the newcomer's own
// and it already holds its share: one busy source can never keep another one out, and a source at
// its per-address limit only recycles its own slots (its oldest idle socket goes first), so a real
// peer on a shared address (every test peer is on 127.0.0.1) still gets in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <string>

namespace canary::network {

struct InboundAdmissionLimits {
  // Pending inbound handshakes over all sources.
  size_t max_pending = 32;
  // Pending inbound handshakes from one source address.
  size_t max_pending_per_source = 8;
};

enum class AdmissionVerdict : uint8_t {
  kAdmit,          // take it
  kAdmitEvicting,  // take it after closing `evict` (the oldest pending of the largest holder)
};

struct AdmissionDecision {
  AdmissionVerdict verdict = AdmissionVerdict::kAdmit;
  // The pending handshake to close first, for kAdmitEvicting.
  std::optional<uint64_t> evict;
  // Why a limit bit (for the host's rate-limited log), empty when none did.
  std::string reason;
};

class InboundAdmission {
 public:
  explicit InboundAdmission(InboundAdmissionLimits limits);

  // A connection `id` from `source` was accepted; the decision says which older one to drop.
  // The new connection is recorded as pending; the evicted one is forgotten. `slots_full`: the
  // host has no free inbound slot (established connections count too), so a pending handshake
  // must make room even when the pending budget itself is not full.
  AdmissionDecision on_accept(uint64_t id, const std::string& source, bool slots_full = false);
  // The handshake of `id` completed, failed or the connection closed: it no longer holds a slot.
  // Unknown ids are ignored.
  void on_done(uint64_t id);

  size_t pending() const { return order_.size(); }
  size_t pending_from(const std::string& source) const;

 private:
  struct Entry {
    uint64_t id;
    std::string source;
  };
  // Oldest first.
  std::list<Entry> order_;
  std::map<uint64_t, std::list<Entry>::iterator> by_id_;
  std::map<std::string, size_t> per_source_;
  InboundAdmissionLimits limits_;

  uint64_t oldest_of(const std::string& source) const;
  void forget(uint64_t id);
};

}  // namespace canary::network
