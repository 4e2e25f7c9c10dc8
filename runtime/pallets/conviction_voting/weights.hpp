// pallet_conviction_voting's call weights: Kusama's benchmark results (polkadot-fellows/runtimes,
// relay/kusama/src/weights/pallet_conviction_voting.rs as stored: benchmarked 2026-08-25, 50 steps
// × 20 repeats), the functions FRAME's WeightInfo names (vote_new, vote_existing, remove_vote,
// remove_other_vote, delegate(r), undelegate(r), unlock). Declared as every pallet's weights are
// (framework/weight_info.hpp): a runtime's `ConvictionVotingWeightInfo` overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::conviction_voting {

template <class W>
concept WeightInfo = requires(uint32_t r) {
  { W::vote_new() } -> std::same_as<Weight>;
  { W::vote_existing() } -> std::same_as<Weight>;
  { W::remove_vote() } -> std::same_as<Weight>;
  { W::remove_other_vote() } -> std::same_as<Weight>;
  { W::delegate(r) } -> std::same_as<Weight>;
  { W::undelegate(r) } -> std::same_as<Weight>;
  { W::unlock() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // ReferendumInfoFor, VotingFor, ClassLocksFor, Balances::Locks rw, Freezes r, an Agenda rw.
  static Weight vote_new() { return measured_weight<T>(107'199'000, 42'428, 6, 5); }
  // As vote_new, with the alarm moved (two Agendas, Retries).
  static Weight vote_existing() { return measured_weight<T>(131'683'000, 83'866, 7, 7); }
  static Weight remove_vote() { return measured_weight<T>(104'541'000, 83'866, 4, 5); }
  static Weight remove_other_vote() { return measured_weight<T>(53'311'000, 30'706, 2, 1); }
  // r: the votes of the delegate, one ReferendumInfoFor each.
  static Weight delegate(uint32_t r) {
    return measured_weight<T>(768'517'061, 83'866, 7, 45)
        .saturating_add(per_component(18'512'877, 3'411, r))
        .saturating_add(T::kDbWeight.reads_writes(1, 1).saturating_mul(r));
  }
  static Weight undelegate(uint32_t r) {
    return measured_weight<T>(744'028'923, 83'866, 4, 43)
        .saturating_add(per_component(18'446'615, 3'411, r))
        .saturating_add(T::kDbWeight.reads_writes(1, 1).saturating_mul(r));
  }
  static Weight unlock() { return measured_weight<T>(71'899'000, 30'706, 4, 3); }
};

template <class T>
using ConfiguredWeights = typename T::ConvictionVotingWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::conviction_voting
