// pallet_preimage's call weights: Kusama's benchmark results (polkadot-fellows/runtimes,
// relay/kusama/src/weights/pallet_preimage.rs; benchmarked 2023-12-15, 50 steps × 20 repeats),
// the functions the calls use (FRAME: note_preimage(s), and unnote_preimage, request_preimage,
// unrequest_preimage and ensure_updated(n) through `#[pallet::call(weight = T::WeightInfo)]`).
// Declared as every pallet's weights are (framework/weight_info.hpp): a runtime's
// `PreimageWeightInfo` overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::preimage {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::note_preimage(n) } -> std::same_as<Weight>;
  { W::unnote_preimage() } -> std::same_as<Weight>;
  { W::request_preimage() } -> std::same_as<Weight>;
  { W::unrequest_preimage() } -> std::same_as<Weight>;
  { W::ensure_updated(n) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // StatusFor r, RequestStatusFor rw, Balances::Holds rw, PreimageFor w; s bytes.
  static Weight note_preimage(uint32_t s) {
    return measured_weight<T>(137'427'232, 3'556, 3, 3).saturating_add(per_component(2'131, 0, s));
  }
  static Weight unnote_preimage() { return measured_weight<T>(57'997'000, 3'556, 3, 3); }
  static Weight request_preimage() { return measured_weight<T>(36'194'000, 3'556, 2, 1); }
  static Weight unrequest_preimage() { return measured_weight<T>(32'492'000, 3'556, 2, 2); }
  // Per hash: StatusFor, System::Account and Balances::Holds rw, RequestStatusFor w.
  static Weight ensure_updated(uint32_t n) {
    return measured_weight<T>(49'012'000, 990, 0, 0)
        .saturating_add(per_component(48'359'239, 2'603, n))
        .saturating_add(T::kDbWeight.reads_writes(3, 4).saturating_mul(n));
  }
};

template <class T>
using ConfiguredWeights = typename T::PreimageWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::preimage
