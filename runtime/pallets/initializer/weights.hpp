// The weight of the Initializer's one call (framework/weight_info.hpp). Reference numbers:
// Kusama's benchmark in polkadot-fellows/runtimes relay/kusama/src/weights/
// runtime_parachains_initializer.rs (the stored version read, commit 04faa903; VERIFY that
// v1.7.1 ships the same figures): 8,344,953 ps plus 892 ps per digest log, no proof, no storage.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::initializer {

template <class W>
concept WeightInfo = requires(uint32_t d) {
  { W::force_approve(d) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight force_approve(uint32_t d) {
    return Weight::from_parts(8'344'953, 0)
        .saturating_add(Weight::from_parts(892, 0).saturating_mul(d));
  }
};

template <class T>
using ConfiguredWeights = typename T::InitializerWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::initializer
