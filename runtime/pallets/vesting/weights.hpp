// pallet_vesting's call weights: Kusama's benchmark results (polkadot-fellows/runtimes v1.7.1,
// relay/kusama/src/weights/pallet_vesting.rs), the functions the calls use with `l` the
// currency's MaxLocks and `s` MaxVestingSchedules (FRAME declares the worst case). Declared as
// every pallet's weights are (framework/weight_info.hpp): a runtime's `VestingWeightInfo`
// overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::vesting {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::vest_locked(n, n) } -> std::same_as<Weight>;
  { W::vest_unlocked(n, n) } -> std::same_as<Weight>;
  { W::vest_other_locked(n, n) } -> std::same_as<Weight>;
  { W::vest_other_unlocked(n, n) } -> std::same_as<Weight>;
  { W::vested_transfer(n, n) } -> std::same_as<Weight>;
  { W::force_vested_transfer(n, n) } -> std::same_as<Weight>;
  { W::not_unlocking_merge_schedules(n, n) } -> std::same_as<Weight>;
  { W::unlocking_merge_schedules(n, n) } -> std::same_as<Weight>;
  { W::force_remove_vesting_schedule(n, n) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // Vesting rw, Balances::Locks rw, Balances::Freezes r.
  static Weight vest_locked(uint32_t l, uint32_t /*s*/) {
    return measured_weight<T>(47'704'203, 4'764, 3, 2).saturating_add(per_component(47'044, 0, l));
  }
  static Weight vest_unlocked(uint32_t l, uint32_t s) {
    return measured_weight<T>(47'876'778, 4'764, 3, 2)
        .saturating_add(per_component(36'768, 0, l))
        .saturating_add(per_component(127'431, 0, s));
  }
  // … and System::Account rw.
  static Weight vest_other_locked(uint32_t l, uint32_t s) {
    return measured_weight<T>(43'934'381, 4'764, 4, 3)
        .saturating_add(per_component(100'428, 0, l))
        .saturating_add(per_component(174'922, 0, s));
  }
  static Weight vest_other_unlocked(uint32_t l, uint32_t s) {
    return measured_weight<T>(46'505'417, 4'764, 4, 3)
        .saturating_add(per_component(106'138, 0, l))
        .saturating_add(per_component(212'055, 0, s));
  }
  static Weight vested_transfer(uint32_t l, uint32_t s) {
    return measured_weight<T>(103'155'768, 4'764, 4, 3)
        .saturating_add(per_component(87'840, 0, l))
        .saturating_add(per_component(194'363, 0, s));
  }
  // Both accounts' System::Account.
  static Weight force_vested_transfer(uint32_t l, uint32_t s) {
    return measured_weight<T>(104'580'111, 6'196, 5, 4)
        .saturating_add(per_component(73'704, 0, l))
        .saturating_add(per_component(204'894, 0, s));
  }
  static Weight not_unlocking_merge_schedules(uint32_t l, uint32_t s) {
    return measured_weight<T>(43'083'825, 4'764, 3, 2)
        .saturating_add(per_component(70'807, 0, l))
        .saturating_add(per_component(161'130, 0, s));
  }
  static Weight unlocking_merge_schedules(uint32_t l, uint32_t s) {
    return measured_weight<T>(46'790'639, 4'764, 3, 2)
        .saturating_add(per_component(73'887, 0, l))
        .saturating_add(per_component(153'144, 0, s));
  }
  static Weight force_remove_vesting_schedule(uint32_t l, uint32_t s) {
    return measured_weight<T>(54'291'177, 4'764, 4, 3)
        .saturating_add(per_component(61'454, 0, l))
        .saturating_add(per_component(78'694, 0, s));
  }
};

template <class T>
using ConfiguredWeights = typename T::VestingWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::vesting
