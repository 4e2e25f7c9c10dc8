// pallet_timestamp's call weights (framework/weight_info.hpp; the runtime's
// `TimestampWeightInfo` overrides them). The reference: not benchmarked here, in the range of
// Kusama's benchmarked weight of `set` (two reads, one write).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::timestamp {

template <class W>
concept WeightInfo = requires {
  { W::set() } -> std::same_as<Weight>;
};

template <class T>
struct ReferenceWeights {
  static Weight set() { return Weight::from_parts(10'000'000, 1'493); }
};

template <class T>
using ConfiguredWeights = typename T::TimestampWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, ReferenceWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, ReferenceWeights<T>>;

}  // namespace canary::rt::pallets::timestamp
