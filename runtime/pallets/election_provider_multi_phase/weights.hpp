// The weights of pallet_election_provider_multi_phase, declared as every pallet declares them
// (framework/weight_info.hpp): `WeightInfo` (what the pallet asks for), `KusamaWeights<T>`
// (polkadot-fellows runtimes relay/kusama/src/weights/pallet_election_provider_multi_phase.rs,
// benchmarked 2025-04-24 on the reference machine), `WeightInfoOf<T>` (the configuration's
// `WeightInfo` when it names one, else Kusama's). Components: v voters and t targets of the
// snapshot, a active voters and d desired targets of the solution.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::election_provider_multi_phase {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::on_initialize_nothing() } -> std::same_as<Weight>;
  { W::on_initialize_open_signed() } -> std::same_as<Weight>;
  { W::on_initialize_open_unsigned() } -> std::same_as<Weight>;
  { W::finalize_signed_phase_accept_solution() } -> std::same_as<Weight>;
  { W::finalize_signed_phase_reject_solution() } -> std::same_as<Weight>;
  { W::create_snapshot_internal(n, n) } -> std::same_as<Weight>;
  { W::elect_queued(n, n) } -> std::same_as<Weight>;
  { W::submit() } -> std::same_as<Weight>;
  { W::submit_unsigned(n, n, n, n) } -> std::same_as<Weight>;
  { W::feasibility_check(n, n, n, n) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight on_initialize_nothing() {
    return Weight::from_parts(29'780'000, 3'481).saturating_add(T::kDbWeight.reads(8));
  }
  static Weight on_initialize_open_signed() {
    return Weight::from_parts(13'780'000, 1'565).saturating_add(T::kDbWeight.reads_writes(2, 1));
  }
  static Weight on_initialize_open_unsigned() {
    return Weight::from_parts(14'770'000, 1'565).saturating_add(T::kDbWeight.reads_writes(2, 1));
  }
  static Weight finalize_signed_phase_accept_solution() {
    return Weight::from_parts(35'171'000, 3'593).saturating_add(T::kDbWeight.reads_writes(1, 2));
  }
  static Weight finalize_signed_phase_reject_solution() {
    return Weight::from_parts(25'680'000, 3'593).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
  static Weight create_snapshot_internal(uint32_t v, uint32_t t) {
    return Weight::from_parts(74'651'955, 0)
        .saturating_add(Weight::from_parts(800'039, 0).saturating_mul(v))
        .saturating_add(Weight::from_parts(16'739, 0).saturating_mul(t))
        .saturating_add(T::kDbWeight.writes(3));
  }
  static Weight elect_queued(uint32_t a, uint32_t d) {
    return Weight::from_parts(13'022'271, 4'281)
        .saturating_add(Weight::from_parts(1'104'818, 1'152).saturating_mul(a))
        .saturating_add(Weight::from_parts(507'818, 48).saturating_mul(d))
        .saturating_add(T::kDbWeight.reads_writes(7, 8));
  }
  static Weight submit() {
    return Weight::from_parts(58'900'000, 2'613).saturating_add(T::kDbWeight.reads_writes(5, 3));
  }
  static Weight submit_unsigned(uint32_t v, uint32_t t, uint32_t a, uint32_t /*d*/) {
    return Weight::from_parts(10'013'435'000, 1'670)
        .saturating_add(Weight::from_parts(303'513, 809).saturating_mul(v))
        .saturating_add(Weight::from_parts(9'109'227, 0).saturating_mul(a))
        .saturating_add(Weight::from_parts(0, 32).saturating_mul(t))
        .saturating_add(T::kDbWeight.reads_writes(7, 1));
  }
  static Weight feasibility_check(uint32_t v, uint32_t t, uint32_t a, uint32_t /*d*/) {
    return Weight::from_parts(8'540'669'000, 1'645)
        .saturating_add(Weight::from_parts(534'396, 809).saturating_mul(v))
        .saturating_add(Weight::from_parts(7'101'891, 0).saturating_mul(a))
        .saturating_add(Weight::from_parts(0, 32).saturating_mul(t))
        .saturating_add(T::kDbWeight.reads(4));
  }
};

template <class C>
using ConfiguredWeights = typename C::WeightInfo;
template <class T, class C>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, C, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::election_provider_multi_phase
