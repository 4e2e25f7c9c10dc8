// A literal transcription of sp-npos-elections' seq_phragmen_core (phragmen.rs): every score
// recomputed from every edge each round, edges matched to the winner by id. The reference the
// incremental runtime/framework/npos/phragmen.hpp is compared with (npos_test.cpp and
// fuzz_npos_elections.cpp); quadratic, for small elections only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/rational.hpp"
#include "runtime/framework/arithmetic/rounding.hpp"
#include "runtime/framework/npos/election.hpp"

namespace canary::rt::npos::testing {

using arithmetic::Rational128;

// False when a normalisation fails (the SDK's error).
template <class A>
bool reference_seq_phragmen_core(size_t to_elect, Election<A>& election) {
  using arithmetic::kU128Max;
  auto& candidates = election.candidates;
  auto& voters = election.voters;
  to_elect = std::min(to_elect, candidates.size());
  for (size_t round = 0; round < to_elect; ++round) {
    for (auto& c : candidates) {
      if (c.elected) continue;
      c.score = c.approval_stake == 0 ? Rational128::max_value()
                                      : Rational128::from(kU128Max / c.approval_stake, kU128Max);
    }
    for (const auto& v : voters) {
      for (const auto& e : v.edges) {
        auto& c = candidates[e.candidate];
        if (c.elected || c.approval_stake == 0) continue;
        const u128 n = arithmetic::multiply_by_rational(v.load.n(), v.budget, c.approval_stake,
                                                        arithmetic::Rounding::kDown)
                           .value_or(kU128Max);
        c.score = c.score.lazy_saturating_add(Rational128::from(n, v.load.d()));
      }
    }
    size_t winner = candidates.size();
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i].elected) continue;
      if (winner == candidates.size() || candidates[i].score < candidates[winner].score) winner = i;
    }
    if (winner == candidates.size()) break;
    auto& w = candidates[winner];
    w.elected = true;
    w.round = round;
    for (auto& v : voters) {
      for (auto& e : v.edges) {
        if (candidates[e.candidate].who == w.who) {
          e.load = w.score.lazy_saturating_sub(v.load);
          v.load = w.score;
        }
      }
    }
  }
  for (auto& v : voters) {
    for (auto& e : v.edges) {
      auto& c = candidates[e.candidate];
      e.weight = c.elected ? arithmetic::multiply_by_rational(v.budget, e.load.n(), v.load.n(),
                                                              arithmetic::Rounding::kDown)
                                 .value_or(kU128Max)
                           : 0;
      c.backed_stake = arithmetic::saturating_add(c.backed_stake, e.weight);
    }
    std::erase_if(v.edges, [](const Edge& e) { return e.weight == 0; });
    if (!election.try_normalize_elected(v)) return false;
  }
  return true;
}

}  // namespace canary::rt::npos::testing
