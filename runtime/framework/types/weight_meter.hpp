// sp-weights' WeightMeter: a weight budget that hooks spend step by step (Scheduler's agendas,
// later MessageQueue's pages), consuming only what still fits.
#pragma once

#include "runtime/framework/types/weight.hpp"

namespace canary::rt {

class WeightMeter {
 public:
  static WeightMeter with_limit(Weight limit) { return WeightMeter(limit); }

  Weight consumed() const { return consumed_; }
  Weight limit() const { return limit_; }
  Weight remaining() const { return limit_.saturating_sub(consumed_); }

  // Whether `w` more still fits (both components).
  bool can_consume(Weight w) const { return consumed_.saturating_add(w).all_lte(limit_); }
  // Consumes `w` if it fits; false (and nothing consumed) otherwise.
  bool try_consume(Weight w) {
    if (!can_consume(w)) return false;
    consumed_ = consumed_.saturating_add(w);
    return true;
  }

 private:
  explicit WeightMeter(Weight limit) : limit_(limit) {}
  Weight consumed_;
  Weight limit_;
};

}  // namespace canary::rt
