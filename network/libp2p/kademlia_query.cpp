#include "network/libp2p/kademlia_query.hpp"

#include <algorithm>
#include <iterator>

namespace canary::network {

KademliaQuery::KademliaQuery(const KademliaKey& target, const std::vector<PeerId>& known_closest,
                             KademliaQueryConfig config)
    : target_(target), config_(config) {
  config_.k = std::max<size_t>(config_.k, 1);
  config_.alpha = std::max<size_t>(config_.alpha, 1);
  config_.max_peers = std::max(config_.max_peers, config_.k);
  for (const PeerId& peer : known_closest) {
    (void)add_candidate(peer, kademlia_distance(kademlia_key(peer), target_));
  }
}

bool KademliaQuery::add_candidate(const PeerId& peer, const KademliaDistance& distance) {
  if (peers_.contains(distance)) return false;
  if (peers_.size() >= config_.max_peers) {
    if (distance >= std::prev(peers_.end())->first) return false;
    // Make room by dropping the farthest candidate that nobody waits on and that did not answer.
    auto victim = peers_.end();
    for (auto it = peers_.end(); it != peers_.begin();) {
      --it;
      if (it->first < distance) break;
      if (it->second.state == PeerState::kNotContacted || it->second.state == PeerState::kFailed) {
        victim = it;
        break;
      }
    }
    if (victim == peers_.end()) return false;
    peers_.erase(victim);
  }
  peers_.emplace(distance, Candidate{peer, PeerState::kNotContacted, {}});
  return true;
}

bool KademliaQuery::at_capacity() const {
  if (finished_) return true;
  const size_t limit = stalled_ ? std::max(config_.k, config_.alpha) : config_.alpha;
  return num_waiting_ >= limit;
}

bool KademliaQuery::on_success(const PeerId& peer, const std::vector<PeerId>& closer) {
  if (finished_) return false;
  const KademliaDistance distance = kademlia_distance(kademlia_key(peer), target_);
  auto it = peers_.find(distance);
  if (it == peers_.end()) return false;
  switch (it->second.state) {
    case PeerState::kWaiting:
      --num_waiting_;
      it->second.state = PeerState::kSucceeded;
      break;
    case PeerState::kUnresponsive:
      it->second.state = PeerState::kSucceeded;
      break;
    case PeerState::kNotContacted:
    case PeerState::kFailed:
    case PeerState::kSucceeded:
      return false;
  }

  // The range newcomers must beat: the k-th closest candidate (or the farthest, with fewer).
  KademliaDistance range = std::prev(peers_.end())->first;
  if (peers_.size() >= config_.k)
    range = std::next(peers_.begin(), static_cast<std::ptrdiff_t>(config_.k - 1))->first;
  bool progress = peers_.size() < config_.k;
  for (const PeerId& newcomer : closer) {
    const KademliaDistance d = kademlia_distance(kademlia_key(newcomer), target_);
    if (add_candidate(newcomer, d) && d < range) progress = true;
  }

  if (!stalled_) {
    no_progress_ = progress ? 0 : no_progress_ + 1;
    if (no_progress_ >= config_.alpha) stalled_ = true;
  } else if (progress) {
    stalled_ = false;
    no_progress_ = 0;
  }
  return true;
}

bool KademliaQuery::on_failure(const PeerId& peer) {
  if (finished_) return false;
  auto it = peers_.find(kademlia_distance(kademlia_key(peer), target_));
  if (it == peers_.end()) return false;
  switch (it->second.state) {
    case PeerState::kWaiting:
      --num_waiting_;
      it->second.state = PeerState::kFailed;
      return true;
    case PeerState::kUnresponsive:
      it->second.state = PeerState::kFailed;
      return true;
    case PeerState::kNotContacted:
    case PeerState::kFailed:
    case PeerState::kSucceeded:
      return false;
  }
  return false;
}

KademliaQuery::Next KademliaQuery::next(Clock::time_point now) {
  if (finished_) return Next{State::kFinished, std::nullopt};
  // Answers counted from the nearest candidate on; an awaited peer among them means the k
  // nearest have not all answered yet.
  std::optional<size_t> answered = 0;
  const bool full = at_capacity();
  for (auto& [distance, candidate] : peers_) {
    switch (candidate.state) {
      case PeerState::kWaiting:
        if (now >= candidate.deadline) {
          // No longer counted against the parallelism; its answer is still welcome.
          --num_waiting_;
          candidate.state = PeerState::kUnresponsive;
        } else if (full) {
          return Next{State::kWaitingAtCapacity, std::nullopt};
        } else {
          answered.reset();
        }
        break;
      case PeerState::kSucceeded:
        if (answered && ++*answered >= config_.k) {
          finished_ = true;
          return Next{State::kFinished, std::nullopt};
        }
        break;
      case PeerState::kNotContacted:
        if (full) return Next{State::kWaitingAtCapacity, std::nullopt};
        candidate.state = PeerState::kWaiting;
        candidate.deadline = now + config_.peer_timeout;
        ++num_waiting_;
        return Next{State::kContact, candidate.peer};
      case PeerState::kUnresponsive:
      case PeerState::kFailed:
        break;
    }
  }
  if (num_waiting_ > 0) return Next{State::kWaiting, std::nullopt};
  finished_ = true;
  return Next{State::kFinished, std::nullopt};
}

std::vector<PeerId> KademliaQuery::result() const {
  std::vector<PeerId> out;
  for (const auto& [distance, candidate] : peers_) {
    if (candidate.state != PeerState::kSucceeded) continue;
    out.push_back(candidate.peer);
    if (out.size() >= config_.k) break;
  }
  return out;
}

std::optional<KademliaQuery::Clock::time_point> KademliaQuery::next_timeout() const {
  std::optional<Clock::time_point> next;
  for (const auto& [distance, candidate] : peers_) {
    if (candidate.state == PeerState::kWaiting && (!next || candidate.deadline < *next)) {
      next = candidate.deadline;
    }
  }
  return next;
}

bool KademliaQuery::knows(const PeerId& peer) const {
  return peers_.contains(kademlia_distance(kademlia_key(peer), target_));
}

}  // namespace canary::network
