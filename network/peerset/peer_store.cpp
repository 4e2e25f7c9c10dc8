#include "network/peerset/peer_store.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace canary::network {

namespace {

// peer_store.rs INVERSE_DECREMENT: each second the reputation loses 1/200 of itself.
constexpr int32_t kInverseDecrement = 200;
// Any reputation reaches 0 within 3544 seconds; decaying longer changes nothing.
constexpr int64_t kMaxDecaySeconds = 3600;
// peer_store.rs FORGET_AFTER.
constexpr auto kForgetAfter = std::chrono::hours(1);

int32_t saturating_add(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + b;
  return static_cast<int32_t>(std::clamp<int64_t>(sum, INT32_MIN, INT32_MAX));
}

int32_t decay(int32_t reputation, int64_t seconds) {
  seconds = std::min(seconds, kMaxDecaySeconds);
  for (int64_t i = 0; i < seconds && reputation != 0; ++i) {
    int32_t diff = reputation / kInverseDecrement;
    if (diff == 0) diff = reputation < 0 ? -1 : 1;
    reputation -= diff;
  }
  return reputation;
}

}  // namespace

PeerStore::Entry& PeerStore::decayed(const PeerId& peer, TimePoint now) {
  auto [it, inserted] = peers_.try_emplace(peer);
  Entry& entry = it->second;
  if (inserted) {
    entry.last_decay = now;
    entry.last_updated = now;
    return entry;
  }
  if (now > entry.last_decay) {
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now - entry.last_decay).count();
    entry.reputation = decay(entry.reputation, seconds);
    // Whole seconds only, so that frequent calls do not lose the fractions.
    entry.last_decay += std::chrono::seconds(seconds);
  }
  return entry;
}

ReportOutcome PeerStore::report(const PeerId& peer, ReputationChange change, TimePoint now) {
  if (peers_.size() >= max_entries_ && !peers_.contains(peer)) prune(now);
  Entry& entry = decayed(peer, now);
  const bool was_banned = entry.reputation < kBannedThreshold;
  entry.reputation = saturating_add(entry.reputation, change.value);
  entry.last_updated = now;
  ReportOutcome outcome;
  outcome.reputation = entry.reputation;
  outcome.banned = entry.reputation < kBannedThreshold;
  outcome.newly_banned = outcome.banned && !was_banned;
  return outcome;
}

bool PeerStore::is_banned(const PeerId& peer, TimePoint now) {
  return reputation(peer, now) < kBannedThreshold;
}

int32_t PeerStore::reputation(const PeerId& peer, TimePoint now) {
  if (!peers_.contains(peer)) return 0;
  return decayed(peer, now).reputation;
}

void PeerStore::prune(TimePoint now) {
  for (auto it = peers_.begin(); it != peers_.end();) {
    Entry& entry = decayed(it->first, now);
    if (entry.reputation == 0 && entry.last_updated + kForgetAfter <= now) {
      it = peers_.erase(it);
    } else {
      ++it;
    }
  }
  if (peers_.size() < max_entries_) return;
  // Still full: forget a quarter, those whose reputation says least (zero first, then the smallest
  // magnitudes; a banned peer is the last to be forgotten, or its ban would end early).
  std::vector<std::pair<int64_t, std::map<PeerId, Entry>::iterator>> ranked;
  ranked.reserve(peers_.size());
  for (auto it = peers_.begin(); it != peers_.end(); ++it) {
    ranked.emplace_back(std::llabs(static_cast<int64_t>(it->second.reputation)), it);
  }
  const size_t drop = std::max<size_t>(1, peers_.size() / 4);
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(drop - 1), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < drop; ++i) peers_.erase(ranked[i].second);
}

}  // namespace canary::network
