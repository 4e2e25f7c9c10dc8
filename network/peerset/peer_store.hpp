// Peer reputations and bans (polkadot-sdk sc-network peer_store.rs), sans-IO: the node reports
// what each peer did (a bad block, a malformed message, a useful answer) as a ReputationChange; a
// peer whose reputation falls below the banned threshold is disconnected and refused until its
// reputation has decayed back above it.
//
// Reputations decay towards 0 by 1/200 of their value every second (at least 1), so a ban is a
// backoff that ends on its own: a peer at i32::MIN is refused for about 69 seconds; one that keeps
// misbehaving after it comes back falls again at once. Entries at 0 are forgotten an hour after
// their last report; the number of entries is bounded (a node may be shown any number of PeerIds)
// by forgetting the least recently reported peers with a reputation of 0 first, then the smallest
// absolute reputations.
//
// Time is fed by the caller (`now`): decay is applied lazily, per peer, for the whole seconds that
// passed since that peer's last decay.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>

#include "consensus/grandpa/gossip_validator.hpp"
#include "network/libp2p/peer_id.hpp"

namespace canary::network {

using ReputationChange = consensus::grandpa::ReputationChange;

// sc-network peer_store.rs BANNED_THRESHOLD: 71% of i32::MIN.
inline constexpr int32_t kBannedThreshold = 71 * (INT32_MIN / 100);
// A peer that disconnects from us (peer_store.rs DISCONNECT_REPUTATION_CHANGE).
inline constexpr ReputationChange kDisconnectReputation{-256, "Disconnected"};
// A connection the peer broke at the libp2p layer after authenticating: a malformed Yamux or Noise
// frame, a multistream-select violation. rust-libp2p just closes it; we also count it as a bad
// message (sc-network-sync's BAD_MESSAGE), so that a peer that keeps doing it is banned.
inline constexpr ReputationChange kBrokenConnection{-(1 << 12), "Protocol violation"};
// A request of a request-response protocol that does not decode (sc-network's handlers answer
// these with no response and this report).
inline constexpr ReputationChange kBadRequest{-(1 << 12), "Malformed request"};

struct ReportOutcome {
  int32_t reputation = 0;
  bool banned = false;        // below the threshold now
  bool newly_banned = false;  // and was not before this report: disconnect it
};

class PeerStore {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit PeerStore(size_t max_entries = 8192) : max_entries_(max_entries) {}

  ReportOutcome report(const PeerId& peer, ReputationChange change, TimePoint now);
  bool is_banned(const PeerId& peer, TimePoint now);
  int32_t reputation(const PeerId& peer, TimePoint now);
  size_t size() const { return peers_.size(); }

 private:
  struct Entry {
    int32_t reputation = 0;
    TimePoint last_decay;
    TimePoint last_updated;
  };

  // The entry with decay applied up to `now`.
  Entry& decayed(const PeerId& peer, TimePoint now);
  // Drops forgotten entries, and the least valuable ones beyond the bound.
  void prune(TimePoint now);

  size_t max_entries_;
  std::map<PeerId, Entry> peers_;
};

}  // namespace canary::network
