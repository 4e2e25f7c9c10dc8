// pallet_whitelist's call weights: Kusama's benchmark results (polkadot-fellows/runtimes,
// relay/kusama/src/weights/pallet_whitelist.rs; benchmarked 2025-09-23, 50 steps × 20 repeats).
// Declared as every pallet's weights are (framework/weight_info.hpp): a runtime's
// `WhitelistWeightInfo` overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::whitelist {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::whitelist_call() } -> std::same_as<Weight>;
  { W::remove_whitelisted_call() } -> std::same_as<Weight>;
  { W::dispatch_whitelisted_call(n) } -> std::same_as<Weight>;
  { W::dispatch_whitelisted_call_with_preimage(n) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // WhitelistedCall rw, Preimage::StatusFor r, Preimage::RequestStatusFor rw.
  static Weight whitelist_call() { return measured_weight<T>(27'930'000, 3'556, 3, 2); }
  static Weight remove_whitelisted_call() { return measured_weight<T>(26'570'000, 3'556, 3, 2); }
  // The same and Preimage::PreimageFor rw; n bytes of the call's preimage.
  static Weight dispatch_whitelisted_call(uint32_t n) {
    return measured_weight<T>(114'136'156, 3'782, 4, 3).saturating_add(per_component(1'409, 1, n));
  }
  // n bytes of the call's encoding (hashed here).
  static Weight dispatch_whitelisted_call_with_preimage(uint32_t n) {
    return measured_weight<T>(31'071'457, 3'556, 3, 2).saturating_add(per_component(1'702, 0, n));
  }
};

template <class T>
using ConfiguredWeights = typename T::WhitelistWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::whitelist
