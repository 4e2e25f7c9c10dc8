// pallet_proxy's call weights: Kusama's benchmark results (polkadot-fellows/runtimes v1.7.1,
// relay/kusama/src/weights/pallet_proxy.rs; benchmarked 2025-08-15, 50 steps × 20 repeats),
// without the weight of the call a proxy carries, which `proxy` and `proxy_announced` add. `a`
// counts pending announcements, `p` proxies. Declared as every pallet's weights are
// (framework/weight_info.hpp): a runtime's `ProxyWeightInfo` overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::proxy {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::proxy(n) } -> std::same_as<Weight>;
  { W::proxy_announced(n, n) } -> std::same_as<Weight>;
  { W::remove_announcement(n, n) } -> std::same_as<Weight>;
  { W::reject_announcement(n, n) } -> std::same_as<Weight>;
  { W::announce(n, n) } -> std::same_as<Weight>;
  { W::add_proxy(n) } -> std::same_as<Weight>;
  { W::remove_proxy(n) } -> std::same_as<Weight>;
  { W::remove_proxies(n) } -> std::same_as<Weight>;
  { W::create_pure(n) } -> std::same_as<Weight>;
  { W::kill_pure(n) } -> std::same_as<Weight>;
  { W::poke_deposit() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // Proxies r.
  static Weight proxy(uint32_t p) {
    return measured_weight<T>(19'179'673, 4'706, 1, 0).saturating_add(per_component(30'768, 0, p));
  }
  // Proxies r, Announcements rw, System::Account rw.
  static Weight proxy_announced(uint32_t a, uint32_t p) {
    return measured_weight<T>(52'388'520, 5'698, 3, 2)
        .saturating_add(per_component(167'115, 0, a))
        .saturating_add(per_component(29'715, 0, p));
  }
  // Announcements rw, System::Account rw.
  static Weight remove_announcement(uint32_t a, uint32_t p) {
    return measured_weight<T>(33'649'465, 5'698, 2, 2)
        .saturating_add(per_component(239'441, 0, a))
        .saturating_add(per_component(59'836, 0, p));
  }
  static Weight reject_announcement(uint32_t a, uint32_t p) {
    return measured_weight<T>(33'214'787, 5'698, 2, 2)
        .saturating_add(per_component(267'612, 0, a))
        .saturating_add(per_component(26'703, 0, p));
  }
  // Proxies r, Announcements rw, System::Account rw.
  static Weight announce(uint32_t a, uint32_t p) {
    return measured_weight<T>(42'731'393, 5'698, 3, 2)
        .saturating_add(per_component(324'113, 0, a))
        .saturating_add(per_component(74'711, 0, p));
  }
  // Proxies rw.
  static Weight add_proxy(uint32_t p) {
    return measured_weight<T>(32'522'967, 4'706, 1, 1).saturating_add(per_component(79'083, 0, p));
  }
  static Weight remove_proxy(uint32_t p) {
    return measured_weight<T>(31'574'717, 4'706, 1, 1).saturating_add(per_component(122'503, 0, p));
  }
  static Weight remove_proxies(uint32_t p) {
    return measured_weight<T>(28'941'431, 4'706, 1, 1).saturating_add(per_component(64'608, 0, p));
  }
  static Weight create_pure(uint32_t p) {
    return measured_weight<T>(35'976'165, 4'706, 1, 1).saturating_add(per_component(62'182, 0, p));
  }
  // No per-proxy term (the benchmark found none).
  static Weight kill_pure(uint32_t /*p*/) { return measured_weight<T>(35'415'607, 4'706, 1, 1); }
  // Proxies rw, System::Account rw, Announcements rw.
  static Weight poke_deposit() { return measured_weight<T>(59'879'000, 5'698, 3, 3); }
};

template <class T>
using ConfiguredWeights = typename T::ProxyWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::proxy
