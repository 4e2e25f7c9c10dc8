// pallet_babe's call weights (framework/weight_info.hpp; the runtime's `BabeWeightInfo`
// overrides them). The reference: not benchmarked here, in the range of Kusama's benchmark
// (~100 ms base for an equivocation report, growing with the validator count).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::babe {

template <class W>
concept WeightInfo = requires {
  { W::report_equivocation(uint32_t{}) } -> std::same_as<Weight>;
  { W::plan_config_change() } -> std::same_as<Weight>;
};

template <class T>
struct ReferenceWeights {
  static Weight report_equivocation(uint32_t validator_count) {
    return Weight::from_parts(120'000'000'000 + uint64_t{validator_count} * 100'000'000,
                              3'500 + uint64_t{validator_count} * 30);
  }
  static Weight plan_config_change() { return Weight::from_parts(8'000'000, 0); }
};

template <class T>
using ConfiguredWeights = typename T::BabeWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, ReferenceWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, ReferenceWeights<T>>;

}  // namespace canary::rt::pallets::babe
