// pallet_bags_list's weights (framework/weight_info.hpp; the configuration's
// `BagsListWeightInfo` overrides them). The reference: Kusama's benchmark results for its
// VoterList (polkadot-fellows runtimes v1.7.1, relay/kusama/src/weights/pallet_bags_list.rs,
// 2025-08-19), to be replaced by Canary's own. on_idle is the automatic rebagging at Kusama's
// MaxAutoRebagPerBlock (10): up to 200 bag reads, 11 nodes and 10 scores (Staking's Bonded and
// Ledger).
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::bags_list {

template <class W>
concept WeightInfo = requires {
  { W::rebag_non_terminal() } -> std::same_as<Weight>;
  { W::rebag_terminal() } -> std::same_as<Weight>;
  { W::put_in_front_of() } -> std::same_as<Weight>;
  { W::on_idle() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // Lock, 4 nodes, the score (Bonded, Ledger), one bag: 8 reads, 5 writes.
  static Weight rebag_non_terminal() {
    return Weight::from_parts(93'060'000, 11'506).saturating_add(T::kDbWeight.reads_writes(8, 5));
  }
  // Lock, 3 nodes, the score, two bags: 8 reads, 5 writes.
  static Weight rebag_terminal() {
    return Weight::from_parts(88'550'000, 8'877).saturating_add(T::kDbWeight.reads_writes(8, 5));
  }
  // Lock, 4 nodes, two scores, the counter, one bag: 11 reads, 6 writes.
  static Weight put_in_front_of() {
    return Weight::from_parts(108'899'000, 11'506).saturating_add(T::kDbWeight.reads_writes(11, 6));
  }
  static Weight on_idle() {
    return Weight::from_parts(1'055'319'000, 512'390)
        .saturating_add(T::kDbWeight.reads_writes(234, 16));
  }
};

template <class C>
using ConfiguredWeights = typename C::BagsListWeightInfo;
// C is the instance's configuration (the runtime's by default), T the runtime (kDbWeight).
template <class T, class C>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, C, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, C, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::bags_list
