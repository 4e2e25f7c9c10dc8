// pallet_referenda's call weights: Kusama's benchmark results (polkadot-fellows/runtimes,
// relay/kusama/src/weights/pallet_referenda_referenda.rs as stored: benchmarked 2025-09-23, 50
// steps × 20 repeats), the functions FRAME's WeightInfo names. Declared as every pallet's weights
// are (framework/weight_info.hpp): a runtime's `ReferendaWeightInfo` overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::referenda {

template <class W>
concept WeightInfo = requires {
  { W::submit() } -> std::same_as<Weight>;
  { W::place_decision_deposit_preparing() } -> std::same_as<Weight>;
  { W::place_decision_deposit_queued() } -> std::same_as<Weight>;
  { W::place_decision_deposit_not_queued() } -> std::same_as<Weight>;
  { W::place_decision_deposit_passing() } -> std::same_as<Weight>;
  { W::place_decision_deposit_failing() } -> std::same_as<Weight>;
  { W::refund_decision_deposit() } -> std::same_as<Weight>;
  { W::refund_submission_deposit() } -> std::same_as<Weight>;
  { W::cancel() } -> std::same_as<Weight>;
  { W::kill() } -> std::same_as<Weight>;
  { W::one_fewer_deciding_queue_empty() } -> std::same_as<Weight>;
  { W::one_fewer_deciding_failing() } -> std::same_as<Weight>;
  { W::one_fewer_deciding_passing() } -> std::same_as<Weight>;
  { W::nudge_referendum_requeued_insertion() } -> std::same_as<Weight>;
  { W::nudge_referendum_requeued_slide() } -> std::same_as<Weight>;
  { W::nudge_referendum_queued() } -> std::same_as<Weight>;
  { W::nudge_referendum_not_queued() } -> std::same_as<Weight>;
  { W::nudge_referendum_no_deposit() } -> std::same_as<Weight>;
  { W::nudge_referendum_preparing() } -> std::same_as<Weight>;
  { W::nudge_referendum_timed_out() } -> std::same_as<Weight>;
  { W::nudge_referendum_begin_deciding_failing() } -> std::same_as<Weight>;
  { W::nudge_referendum_begin_deciding_passing() } -> std::same_as<Weight>;
  { W::nudge_referendum_begin_confirming() } -> std::same_as<Weight>;
  { W::nudge_referendum_end_confirming() } -> std::same_as<Weight>;
  { W::nudge_referendum_continue_not_confirming() } -> std::same_as<Weight>;
  { W::nudge_referendum_continue_confirming() } -> std::same_as<Weight>;
  { W::nudge_referendum_approved() } -> std::same_as<Weight>;
  { W::nudge_referendum_rejected() } -> std::same_as<Weight>;
  { W::set_some_metadata() } -> std::same_as<Weight>;
  { W::clear_metadata() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // ReferendumCount, an Agenda; ReferendumInfoFor written.
  static Weight submit() { return measured_weight<T>(49'740'000, 42'428, 2, 3); }
  static Weight place_decision_deposit_preparing() {
    return measured_weight<T>(65'929'000, 83'866, 3, 4);
  }
  static Weight place_decision_deposit_queued() {
    return measured_weight<T>(83'790'000, 42'428, 4, 4);
  }
  static Weight place_decision_deposit_not_queued() {
    return measured_weight<T>(82'770'000, 42'428, 4, 4);
  }
  static Weight place_decision_deposit_passing() {
    return measured_weight<T>(76'840'000, 83'866, 4, 5);
  }
  static Weight place_decision_deposit_failing() {
    return measured_weight<T>(76'360'000, 83'866, 4, 5);
  }
  static Weight refund_decision_deposit() { return measured_weight<T>(38'450'000, 4'401, 1, 1); }
  static Weight refund_submission_deposit() { return measured_weight<T>(39'110'000, 4'401, 1, 1); }
  static Weight cancel() { return measured_weight<T>(45'739'000, 83'866, 3, 4); }
  static Weight kill() { return measured_weight<T>(123'720'000, 83'866, 4, 4); }
  static Weight one_fewer_deciding_queue_empty() {
    return measured_weight<T>(13'970'000, 5'477, 2, 1);
  }
  static Weight one_fewer_deciding_failing() {
    return measured_weight<T>(56'700'000, 42'428, 3, 3);
  }
  static Weight one_fewer_deciding_passing() {
    return measured_weight<T>(61'430'000, 42'428, 3, 3);
  }
  static Weight nudge_referendum_requeued_insertion() {
    return measured_weight<T>(28'591'000, 5'477, 2, 1);
  }
  static Weight nudge_referendum_requeued_slide() {
    return measured_weight<T>(29'400'000, 5'477, 2, 1);
  }
  static Weight nudge_referendum_queued() { return measured_weight<T>(35'760'000, 5'477, 3, 2); }
  static Weight nudge_referendum_not_queued() {
    return measured_weight<T>(33'950'000, 5'477, 3, 2);
  }
  static Weight nudge_referendum_no_deposit() {
    return measured_weight<T>(29'959'000, 42'428, 2, 2);
  }
  static Weight nudge_referendum_preparing() {
    return measured_weight<T>(29'990'000, 42'428, 2, 2);
  }
  static Weight nudge_referendum_timed_out() { return measured_weight<T>(20'070'000, 4'401, 1, 1); }
  static Weight nudge_referendum_begin_deciding_failing() {
    return measured_weight<T>(39'990'000, 42'428, 3, 3);
  }
  static Weight nudge_referendum_begin_deciding_passing() {
    return measured_weight<T>(42'640'000, 42'428, 3, 3);
  }
  static Weight nudge_referendum_begin_confirming() {
    return measured_weight<T>(33'970'000, 42'428, 2, 2);
  }
  static Weight nudge_referendum_end_confirming() {
    return measured_weight<T>(34'650'000, 42'428, 2, 2);
  }
  static Weight nudge_referendum_continue_not_confirming() {
    return measured_weight<T>(32'230'000, 42'428, 2, 2);
  }
  static Weight nudge_referendum_continue_confirming() {
    return measured_weight<T>(31'950'000, 42'428, 2, 2);
  }
  static Weight nudge_referendum_approved() { return measured_weight<T>(48'879'000, 83'866, 4, 4); }
  static Weight nudge_referendum_rejected() { return measured_weight<T>(34'429'000, 42'428, 2, 2); }
  static Weight set_some_metadata() { return measured_weight<T>(28'020'000, 4'401, 3, 1); }
  static Weight clear_metadata() { return measured_weight<T>(23'099'000, 4'401, 2, 1); }
};

// The instance's configuration C (the runtime's T for the first) may name ReferendaWeightInfo.
template <class C>
using ConfiguredWeights = typename C::ReferendaWeightInfo;
template <class T, class C = T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, C, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, C, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::referenda
