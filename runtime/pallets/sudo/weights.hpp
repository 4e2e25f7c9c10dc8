// pallet_sudo's call weights (framework/weight_info.hpp; the runtime's `SudoWeightInfo`
// overrides them). The reference: Substrate's weights for pallet_sudo (Kusama runs no Sudo, so
// there is no Kusama benchmark), to be replaced by Canary's own benchmark results.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::sudo {

template <class W>
concept WeightInfo = requires {
  { W::set_key() } -> std::same_as<Weight>;
  { W::sudo() } -> std::same_as<Weight>;
  { W::sudo_as() } -> std::same_as<Weight>;
  { W::remove_key() } -> std::same_as<Weight>;
};

template <class T>
struct SubstrateWeights {
  static Weight set_key() {
    return Weight::from_parts(9'590'000, 1517).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
  static Weight sudo() {
    return Weight::from_parts(10'111'000, 1517).saturating_add(T::kDbWeight.reads(1));
  }
  static Weight sudo_as() {
    return Weight::from_parts(10'082'000, 1517).saturating_add(T::kDbWeight.reads(1));
  }
  static Weight remove_key() {
    return Weight::from_parts(8'619'000, 1517).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
};

template <class T>
using ConfiguredWeights = typename T::SudoWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, SubstrateWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, SubstrateWeights<T>>;

}  // namespace canary::rt::pallets::sudo
