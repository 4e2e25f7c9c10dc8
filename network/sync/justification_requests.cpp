#include "network/sync/justification_requests.hpp"

#include <algorithm>

namespace canary::network {

bool JustificationRequests::tracked(const JustificationRequest& request) const {
  if (importing_.contains(request)) return true;
  if (std::find(pending_.begin(), pending_.end(), request) != pending_.end()) return true;
  return std::any_of(active_.begin(), active_.end(),
                     [&](const auto& entry) { return entry.second == request; });
}

void JustificationRequests::schedule(const JustificationRequest& request) {
  // The fork tree's Revert: a block at or below what is finalized needs no justification.
  if (request.number <= finalized_) return;
  if (size() >= kMaxRequests || tracked(request)) return;
  pending_.push_back(request);
}

void JustificationRequests::reset() {
  pending_.clear();
  active_.clear();
  failed_.clear();
  // justification_requests.rs reset() keeps importing_requests: their results still arrive.
}

void JustificationRequests::expire(TimePoint now) {
  // Matcher::next: forget failures older than the retry wait.
  for (auto it = failed_.begin(); it != failed_.end();) {
    auto& failures = it->second;
    std::erase_if(failures, [&](const auto& f) { return now - f.second >= kRetryWait; });
    it = failures.empty() ? failed_.erase(it) : std::next(it);
  }
}

std::vector<std::pair<PeerId, JustificationRequest>> JustificationRequests::match(
    const std::vector<Candidate>& candidates, TimePoint now) {
  std::vector<std::pair<PeerId, JustificationRequest>> matched;
  expire(now);
  std::vector<bool> used(candidates.size(), false);
  size_t remaining = pending_.size();
  while (remaining > 0 && !pending_.empty()) {
    const JustificationRequest request = pending_.front();
    pending_.pop_front();
    bool sent = false;
    for (size_t i = 0; i < candidates.size() && !sent; ++i) {
      const Candidate& candidate = candidates[i];
      // Only peers that have synced up to the block, that are not busy, and that have not
      // recently failed this very request.
      if (used[i] || candidate.best_number < request.number) continue;
      if (active_.contains(candidate.peer)) continue;
      auto failed = failed_.find(request);
      if (failed != failed_.end() &&
          std::any_of(failed->second.begin(), failed->second.end(),
                      [&](const auto& f) { return f.first == candidate.peer; })) {
        continue;
      }
      used[i] = true;
      active_.insert_or_assign(candidate.peer, request);
      matched.emplace_back(candidate.peer, request);
      sent = true;
    }
    if (!sent) {
      pending_.push_back(request);
      --remaining;
    }
  }
  return matched;
}

std::optional<JustificationRequest> JustificationRequests::active_request(
    const PeerId& peer) const {
  auto it = active_.find(peer);
  if (it == active_.end()) return std::nullopt;
  return it->second;
}

std::optional<JustificationRequest> JustificationRequests::on_response(const PeerId& peer,
                                                                       bool has_justifications,
                                                                       TimePoint now) {
  auto it = active_.find(peer);
  if (it == active_.end()) return std::nullopt;
  const JustificationRequest request = it->second;
  active_.erase(it);
  if (request.number <= finalized_) return std::nullopt;  // obsolete meanwhile
  if (has_justifications) {
    importing_.insert(request);
    return request;
  }
  failed_[request].emplace_back(peer, now);
  pending_.push_front(request);
  return std::nullopt;
}

void JustificationRequests::peer_disconnected(const PeerId& peer) {
  auto it = active_.find(peer);
  if (it == active_.end()) return;
  pending_.push_front(it->second);
  active_.erase(it);
}

void JustificationRequests::on_import(const JustificationRequest& request, bool success) {
  if (importing_.erase(request) == 0) return;
  if (!success) {
    pending_.push_front(request);
    return;
  }
  // try_finalize_root: the block is final, and so is everything below it.
  finalized_ = std::max(finalized_, request.number);
  failed_.clear();
  prune_finalized();
}

void JustificationRequests::on_block_finalized(block::BlockNumber number) {
  if (number <= finalized_) return;
  finalized_ = number;
  prune_finalized();
}

void JustificationRequests::prune_finalized() {
  const auto done = [&](const JustificationRequest& r) { return r.number <= finalized_; };
  std::erase_if(pending_, done);
  std::erase_if(importing_, done);
  for (auto it = failed_.begin(); it != failed_.end();) {
    it = done(it->first) ? failed_.erase(it) : std::next(it);
  }
  // Active requests stay until their peer answers (the peer is busy until then); the answer is
  // then dropped as obsolete.
}

std::optional<JustificationRequests::TimePoint> JustificationRequests::next_retry() const {
  std::optional<TimePoint> earliest;
  for (const auto& [request, failures] : failed_) {
    // Only a request waiting to be sent needs waking for (one in flight or importing does not).
    if (std::find(pending_.begin(), pending_.end(), request) == pending_.end()) continue;
    for (const auto& [peer, at] : failures) {
      const TimePoint due = at + kRetryWait;
      if (!earliest || due < *earliest) earliest = due;
    }
  }
  return earliest;
}

}  // namespace canary::network
