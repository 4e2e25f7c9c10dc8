// pallet_indices' call weights (framework/weight_info.hpp; the runtime's `IndicesWeightInfo`
// overrides them). The reference: Kusama's benchmark results (polkadot-fellows runtimes,
// relay/kusama/src/weights/pallet_indices.rs), to be replaced by Canary's own.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::indices {

template <class W>
concept WeightInfo = requires {
  { W::claim() } -> std::same_as<Weight>;
  { W::transfer() } -> std::same_as<Weight>;
  { W::free() } -> std::same_as<Weight>;
  { W::force_transfer() } -> std::same_as<Weight>;
  { W::freeze() } -> std::same_as<Weight>;
  { W::poke_deposit() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight claim() { return one_account(16'536'000); }
  static Weight transfer() { return two_accounts(24'932'000); }
  static Weight free() { return one_account(16'832'000); }
  static Weight force_transfer() { return two_accounts(20'142'000); }
  static Weight freeze() { return one_account(19'039'000); }
  static Weight poke_deposit() { return one_account(16'954'000); }

 private:
  static Weight one_account(uint64_t ref_time) {
    return Weight::from_parts(ref_time, 3534).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
  static Weight two_accounts(uint64_t ref_time) {
    return Weight::from_parts(ref_time, 3593).saturating_add(T::kDbWeight.reads_writes(2, 2));
  }
};

template <class T>
using ConfiguredWeights = typename T::IndicesWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::indices
