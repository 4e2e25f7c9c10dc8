// pallet_multisig's call weights: Kusama's benchmark results (polkadot-fellows/runtimes v1.7.1,
// relay/kusama/src/weights/pallet_multisig.rs; benchmarked 2025-08-14, 50 steps × 20 repeats),
// without the weight of the call a multisig carries, which the calls add. `s` counts the other
// signatories, `z` the bytes of the encoded call. Declared as every pallet's weights are
// (framework/weight_info.hpp): a runtime's `MultisigWeightInfo` overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::multisig {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::as_multi_threshold_1(n) } -> std::same_as<Weight>;
  { W::as_multi_create(n, n) } -> std::same_as<Weight>;
  { W::as_multi_approve(n, n) } -> std::same_as<Weight>;
  { W::as_multi_complete(n, n) } -> std::same_as<Weight>;
  { W::approve_as_multi_create(n) } -> std::same_as<Weight>;
  { W::approve_as_multi_approve(n) } -> std::same_as<Weight>;
  { W::cancel_as_multi(n) } -> std::same_as<Weight>;
  { W::poke_deposit(n) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight as_multi_threshold_1(uint32_t z) {
    return Weight::from_parts(28'929'411, 0).saturating_add(per_component(2'795, 0, z));
  }
  // Multisigs rw.
  static Weight as_multi_create(uint32_t s, uint32_t z) {
    return measured_weight<T>(52'148'693, 6'811, 1, 1)
        .saturating_add(per_component(121'210, 0, s))
        .saturating_add(per_component(2'324, 0, z));
  }
  static Weight as_multi_approve(uint32_t s, uint32_t z) {
    return measured_weight<T>(24'024'693, 6'811, 1, 1)
        .saturating_add(per_component(154'166, 0, s))
        .saturating_add(per_component(2'879, 0, z));
  }
  // Multisigs rw, System::Account rw (the depositor's reserve).
  static Weight as_multi_complete(uint32_t s, uint32_t z) {
    return measured_weight<T>(49'611'977, 6'811, 2, 2)
        .saturating_add(per_component(195'891, 0, s))
        .saturating_add(per_component(2'815, 0, z));
  }
  static Weight approve_as_multi_create(uint32_t s) {
    return measured_weight<T>(46'071'286, 6'811, 1, 1).saturating_add(per_component(152'257, 0, s));
  }
  static Weight approve_as_multi_approve(uint32_t s) {
    return measured_weight<T>(23'458'797, 6'811, 1, 1).saturating_add(per_component(160'503, 0, s));
  }
  static Weight cancel_as_multi(uint32_t s) {
    return measured_weight<T>(44'631'047, 6'811, 1, 1).saturating_add(per_component(169'025, 0, s));
  }
  static Weight poke_deposit(uint32_t s) {
    return measured_weight<T>(43'016'611, 6'811, 1, 1).saturating_add(per_component(162'211, 0, s));
  }
};

template <class T>
using ConfiguredWeights = typename T::MultisigWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::multisig
