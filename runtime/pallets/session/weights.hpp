// pallet_session's call weights (framework/weight_info.hpp; the runtime's `SessionWeightInfo`
// overrides them). The reference: not benchmarked here, in the range of Kusama's.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::session {

template <class W>
concept WeightInfo = requires {
  { W::set_keys() } -> std::same_as<Weight>;
  { W::purge_keys() } -> std::same_as<Weight>;
};

template <class T>
struct ReferenceWeights {
  static Weight set_keys() { return Weight::from_parts(60'000'000, 16'000); }
  static Weight purge_keys() { return Weight::from_parts(45'000'000, 4'000); }
};

template <class T>
using ConfiguredWeights = typename T::SessionWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, ReferenceWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, ReferenceWeights<T>>;

}  // namespace canary::rt::pallets::session
