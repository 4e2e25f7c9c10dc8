#include "txpool/ban_list.hpp"

#include <algorithm>
#include <vector>

namespace canary::txpool {

void BanList::ban(std::span<const TransactionHash> hashes, uint64_t now_ms) {
  const uint64_t until = ban_time_ms_ > UINT64_MAX - now_ms ? UINT64_MAX : now_ms + ban_time_ms_;
  for (const TransactionHash& hash : hashes) banned_until_[hash] = until;
  if (banned_until_.size() > 2 * expected_size_) shrink(now_ms);
}

// rotator.rs is_banned answers true until clear_timeouts runs; comparing with the time here makes
// a ban end exactly ban_time after it started whenever the node calls clear_expired.
bool BanList::is_banned(const TransactionHash& hash, uint64_t now_ms) const {
  auto it = banned_until_.find(hash);
  return it != banned_until_.end() && now_ms < it->second;
}

void BanList::clear_expired(uint64_t now_ms) {
  std::erase_if(banned_until_, [&](const auto& entry) { return entry.second <= now_ms; });
}

void BanList::shrink(uint64_t now_ms) {
  clear_expired(now_ms);
  if (banned_until_.size() <= expected_size_) return;
  std::vector<std::pair<uint64_t, TransactionHash>> by_end;
  by_end.reserve(banned_until_.size());
  for (const auto& [hash, until] : banned_until_) by_end.emplace_back(until, hash);
  const size_t excess = by_end.size() - expected_size_;
  std::nth_element(by_end.begin(), by_end.begin() + static_cast<std::ptrdiff_t>(excess),
                   by_end.end());
  for (size_t i = 0; i < excess; ++i) banned_until_.erase(by_end[i].second);
}

}  // namespace canary::txpool
