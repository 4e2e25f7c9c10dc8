// pallet_utility's call weights (framework/weight_info.hpp; the runtime's `UtilityWeightInfo`
// overrides them), without the weights of the calls carried, which the calls add. The reference:
// Kusama's benchmark results (polkadot-fellows runtimes, relay/kusama/src/weights/
// pallet_utility.rs), to be replaced by Canary's own.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::utility {

template <class W>
concept WeightInfo = requires {
  { W::batch(uint32_t{}) } -> std::same_as<Weight>;
  { W::as_derivative() } -> std::same_as<Weight>;
  { W::batch_all(uint32_t{}) } -> std::same_as<Weight>;
  { W::dispatch_as() } -> std::same_as<Weight>;
  { W::force_batch(uint32_t{}) } -> std::same_as<Weight>;
  { W::dispatch_as_fallible() } -> std::same_as<Weight>;
  { W::if_else() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight batch(uint32_t c) {
    return Weight::from_parts(4'825'566, 0)
        .saturating_add(Weight::from_parts(2'295'032, 0).saturating_mul(c));
  }
  static Weight as_derivative() { return Weight::from_parts(3'819'000, 0); }
  static Weight batch_all(uint32_t c) {
    return Weight::from_parts(3'371'085, 0)
        .saturating_add(Weight::from_parts(2'444'522, 0).saturating_mul(c));
  }
  static Weight dispatch_as() { return Weight::from_parts(5'764'000, 0); }
  static Weight force_batch(uint32_t c) {
    return Weight::from_parts(5'070'762, 0)
        .saturating_add(Weight::from_parts(2'260'823, 0).saturating_mul(c));
  }
  static Weight dispatch_as_fallible() { return Weight::from_parts(5'787'000, 0); }
  static Weight if_else() { return Weight::from_parts(7'077'000, 0); }
};

template <class T>
using ConfiguredWeights = typename T::UtilityWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::utility
