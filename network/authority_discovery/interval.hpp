// polkadot-sdk's ExpIncInterval (substrate/client/authority-discovery/src/interval.rs), sans-IO:
// an interval that doubles from `start` up to `max`. The first tick comes `start` after creation,
// each tick sets the next one `next` later and doubles `next` (capped at `max`); `next` begins at
// 2 × start, so (start 2 s, max 1 h) ticks at 2 s, 6 s, 14 s, 30 s … and then every hour, and
// (60 s, 60 s) at 60 s, 180 s, then every 60 s, exactly as upstream.
#pragma once

#include <algorithm>
#include <chrono>

namespace canary::network::authority_discovery {

class ExpIncInterval {
 public:
  using Clock = std::chrono::steady_clock;

  ExpIncInterval(std::chrono::milliseconds start, std::chrono::milliseconds max,
                 Clock::time_point now)
      : start_(start), max_(max), next_(start * 2), due_(now + start) {}

  bool due(Clock::time_point now) const { return now >= due_; }
  Clock::time_point due_at() const { return due_; }

  // The tick happened (at `now`).
  void fire(Clock::time_point now) {
    due_ = now + next_;
    next_ = std::min(max_, next_ * 2);
  }
  // The next tick after `max` (unless already there): no hurry any more.
  void set_to_max(Clock::time_point now) {
    if (next_ == max_) return;
    next_ = max_;
    due_ = now + next_;
  }
  // Back to the start: the next tick after `start`, then doubling again.
  void set_to_start(Clock::time_point now) {
    if (next_ == start_ * 2) return;
    next_ = start_ * 2;
    due_ = now + start_;
  }

 private:
  std::chrono::milliseconds start_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds next_;
  Clock::time_point due_;
};

}  // namespace canary::network::authority_discovery
