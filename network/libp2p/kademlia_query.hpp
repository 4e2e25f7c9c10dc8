// One iterative Kademlia lookup: the peers closest to a target key, found by asking the closest
// peers known so far for closer ones (rust-libp2p query/peers/closest.rs, ClosestPeersIter; the
// Kademlia paper's node lookup). Sans-IO: the owner asks next() whom to contact, reports each
// answer (on_success with the closer peers it named, or on_failure) and calls next() again.
//
//   - At most `alpha` (3) requests wait at once. A peer that has not answered within
//     `peer_timeout` (10 s) no longer counts against that bound (it may still answer).
//   - Progress: an answer that brings a peer closer than the k-th closest known, or while fewer
//     than k are known. After `alpha` answers in a row without progress the lookup is stalled and
//     may wait for up to k peers at once (the paper's "query all k closest not yet queried").
//   - It ends when the k closest known peers have all answered, or nobody is left to ask and
//     nothing is awaited.
//
// Bounded: the lookup keeps at most `max_peers` candidates (the farthest not-yet-contacted or
// failed ones are dropped for closer newcomers), so a peer answering with endless new PeerIds
// cannot grow it.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "network/libp2p/kademlia_routing_table.hpp"
#include "network/libp2p/peer_id.hpp"

namespace canary::network {

struct KademliaQueryConfig {
  size_t k = 20;     // results wanted (rust-libp2p num_results, K_VALUE)
  size_t alpha = 3;  // parallelism (ALPHA_VALUE)
  std::chrono::milliseconds peer_timeout{10'000};
  size_t max_peers = 80;
};

class KademliaQuery {
 public:
  using Clock = std::chrono::steady_clock;

  enum class State : uint8_t {
    kContact,            // `peer`: send it the request
    kWaiting,            // waiting for answers; more may be sent once they come
    kWaitingAtCapacity,  // waiting, as many requests out as allowed
    kFinished,
  };
  struct Next {
    State state = State::kWaiting;
    std::optional<PeerId> peer;
  };

  KademliaQuery(const KademliaKey& target, const std::vector<PeerId>& known_closest,
                KademliaQueryConfig config = {});

  const KademliaKey& target() const { return target_; }

  // What to do now: contact a peer (it is then awaited), wait, or stop.
  Next next(Clock::time_point now);
  // `peer` answered with `closer` (false if it was not awaited: the answer is ignored).
  bool on_success(const PeerId& peer, const std::vector<PeerId>& closer);
  bool on_failure(const PeerId& peer);
  // Ends the lookup now (a deadline).
  void finish() { finished_ = true; }
  bool finished() const { return finished_; }

  // The peers that answered, nearest first, at most k.
  std::vector<PeerId> result() const;
  // When an awaited peer becomes unresponsive (the next moment next() may change its answer).
  std::optional<Clock::time_point> next_timeout() const;
  size_t waiting() const { return num_waiting_; }
  size_t candidates() const { return peers_.size(); }
  // Whether `peer` is a candidate of the lookup (any state).
  bool knows(const PeerId& peer) const;

 private:
  enum class PeerState : uint8_t { kNotContacted, kWaiting, kUnresponsive, kFailed, kSucceeded };
  struct Candidate {
    PeerId peer;
    PeerState state = PeerState::kNotContacted;
    Clock::time_point deadline{};
  };

  bool at_capacity() const;
  // Adds a not-yet-contacted candidate, within max_peers; whether it was new.
  bool add_candidate(const PeerId& peer, const KademliaDistance& distance);

  KademliaKey target_;
  KademliaQueryConfig config_;
  std::map<KademliaDistance, Candidate> peers_;  // nearest first
  size_t num_waiting_ = 0;
  size_t no_progress_ = 0;
  bool stalled_ = false;
  bool finished_ = false;
};

}  // namespace canary::network
