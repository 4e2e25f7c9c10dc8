// pallet_scheduler's weights: Kusama's benchmark results (polkadot-fellows/runtimes,
// relay/kusama/src/weights/pallet_scheduler.rs; benchmarked 2025-01-05, 50 steps × 20 repeats),
// the calls' weights and the parts on_initialize charges while it serves agendas. Declared as
// every pallet's weights are (framework/weight_info.hpp): a runtime's `SchedulerWeightInfo`
// overrides them (the tests use the SDK mock's small numbers).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::scheduler {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::service_agendas_base() } -> std::same_as<Weight>;
  { W::service_agenda_base(n) } -> std::same_as<Weight>;
  { W::service_task_base() } -> std::same_as<Weight>;
  { W::service_task_fetched(n) } -> std::same_as<Weight>;
  { W::service_task_named() } -> std::same_as<Weight>;
  { W::service_task_periodic() } -> std::same_as<Weight>;
  { W::execute_dispatch_signed() } -> std::same_as<Weight>;
  { W::execute_dispatch_unsigned() } -> std::same_as<Weight>;
  { W::schedule(n) } -> std::same_as<Weight>;
  { W::cancel(n) } -> std::same_as<Weight>;
  { W::schedule_named(n) } -> std::same_as<Weight>;
  { W::cancel_named(n) } -> std::same_as<Weight>;
  { W::schedule_retry(n) } -> std::same_as<Weight>;
  { W::set_retry() } -> std::same_as<Weight>;
  { W::set_retry_named() } -> std::same_as<Weight>;
  { W::cancel_retry() } -> std::same_as<Weight>;
  { W::cancel_retry_named() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // IncompleteSince rw.
  static Weight service_agendas_base() { return measured_weight<T>(5'550'000, 1'489, 1, 1); }
  // Agenda rw; s tasks.
  static Weight service_agenda_base(uint32_t s) {
    return measured_weight<T>(9'742'270, 42'428, 1, 1).saturating_add(per_component(421'023, 0, s));
  }
  static Weight service_task_base() { return measured_weight<T>(4'990'000, 0, 0, 0); }
  // PreimageFor rw, StatusFor r, RequestStatusFor rw; s bytes.
  static Weight service_task_fetched(uint32_t s) {
    return measured_weight<T>(24'071'000, 4'197'809, 3, 2)
        .saturating_add(per_component(1'462, 0, s));
  }
  // Lookup w.
  static Weight service_task_named() { return measured_weight<T>(6'780'000, 0, 0, 1); }
  static Weight service_task_periodic() { return measured_weight<T>(4'890'000, 0, 0, 0); }
  static Weight execute_dispatch_signed() { return measured_weight<T>(3'110'000, 0, 0, 0); }
  static Weight execute_dispatch_unsigned() { return measured_weight<T>(3'070'000, 0, 0, 0); }
  // Agenda rw.
  static Weight schedule(uint32_t s) {
    return measured_weight<T>(18'665'018, 42'428, 1, 1)
        .saturating_add(per_component(430'250, 0, s));
  }
  // Agenda rw, Retries w, Lookup w.
  static Weight cancel(uint32_t s) {
    return measured_weight<T>(21'184'157, 42'428, 1, 3)
        .saturating_add(per_component(658'945, 0, s));
  }
  // Lookup rw, Agenda rw.
  static Weight schedule_named(uint32_t s) {
    return measured_weight<T>(26'085'152, 42'428, 2, 2)
        .saturating_add(per_component(531'529, 0, s));
  }
  // Lookup rw, Agenda rw, Retries w.
  static Weight cancel_named(uint32_t s) {
    return measured_weight<T>(29'259'561, 42'428, 2, 3)
        .saturating_add(per_component(703'770, 0, s));
  }
  // Agenda rw, Retries w.
  static Weight schedule_retry(uint32_t s) {
    return measured_weight<T>(14'068'790, 42'428, 1, 2).saturating_add(per_component(19'618, 0, s));
  }
  static Weight set_retry() { return measured_weight<T>(33'080'000, 42'428, 1, 1); }
  static Weight set_retry_named() { return measured_weight<T>(45'850'000, 42'428, 2, 1); }
  static Weight cancel_retry() { return measured_weight<T>(31'341'000, 42'428, 1, 1); }
  static Weight cancel_retry_named() { return measured_weight<T>(44'430'000, 42'428, 2, 1); }
};

template <class T>
using ConfiguredWeights = typename T::SchedulerWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

// MarginalWeightInfo::service_task: serving one task costs the base (or, for a call looked up
// by preimage, the fetch of its `lookup_len` bytes), plus what naming and periodicity add.
template <WeightInfo W>
Weight service_task_weight(std::optional<uint32_t> lookup_len, bool named, bool periodic) {
  const Weight base = W::service_task_base();
  Weight total = lookup_len ? W::service_task_fetched(*lookup_len) : base;
  if (named) total = total.saturating_add(W::service_task_named().saturating_sub(base));
  if (periodic) total = total.saturating_add(W::service_task_periodic().saturating_sub(base));
  return total;
}

}  // namespace canary::rt::pallets::scheduler
