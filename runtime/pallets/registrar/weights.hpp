// The weights of polkadot-runtime-common's paras_registrar calls, declared as every pallet declares
// them (framework/weight_info.hpp). Reference numbers: Kusama's benchmark in
// polkadot-fellows/runtimes v1.7.1 relay/kusama/src/weights/
// polkadot_runtime_common_paras_registrar.rs (2025-08-15, 50 steps × 20 repeats): the measured
// ref time (ps) and proof size (bytes), the per-byte slope of the code or head length, and the
// storage reads and writes at the runtime's kDbWeight. add_lock and remove_lock have no
// benchmark: FRAME weighs them `DbWeight::reads_writes(1, 1)` in the call itself, as the pallet
// does here. A runtime with results of its own names them as `using RegistrarWeightInfo = …;`.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::registrar {

template <class W>
concept WeightInfo = requires(uint32_t b) {
  { W::reserve() } -> std::same_as<Weight>;
  { W::register_() } -> std::same_as<Weight>;
  { W::force_register() } -> std::same_as<Weight>;
  { W::deregister() } -> std::same_as<Weight>;
  { W::swap() } -> std::same_as<Weight>;
  { W::schedule_code_upgrade(b) } -> std::same_as<Weight>;
  { W::set_current_head(b) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // NextFreeParaId rw, Registrar::Paras rw, Paras::ParaLifecycles r (and the caller's account).
  static Weight reserve() { return measured_weight<T>(41'580'000, 3'524, 3, 2); }
  // FRAME's `register` (a C++ keyword): Registrar::Paras rw, then Paras' onboarding with a new
  // PVF vote (ParaLifecycles, PvfActiveVoteMap, CodeByHash, ActiveValidatorKeys,
  // PvfActiveVoteList, CodeByHashRefs; CurrentCodeHash, UpcomingParasGenesis written).
  static Weight register_() { return measured_weight<T>(6'488'181'000, 3'780, 7, 8); }  // NOLINT
  static Weight force_register() { return measured_weight<T>(6'566'850'000, 3'697, 7, 8); }
  // Registrar::Paras rw, ParaLifecycles rw, FutureCodeHash r, CurrentSessionIndex r,
  // ActionsQueue rw, MessageQueue::BookStateFor r; PendingSwap w.
  static Weight deregister() { return measured_weight<T>(75'190'000, 3'927, 6, 4); }
  // Kusama's OnSwap (Crowdloan, Slots) included: 10 reads, 8 writes.
  static Weight swap() { return measured_weight<T>(86'390'000, 6'640, 10, 8); }
  // b: the code's length, [9, 3_145_728].
  static Weight schedule_code_upgrade(uint32_t b) {
    return measured_weight<T>(33'792'451, 3'666, 9, 7).saturating_add(per_component(2'074, 0, b));
  }
  // b: the head's length, [1, 1_048_576]; Paras::Heads w.
  static Weight set_current_head(uint32_t b) {
    return measured_weight<T>(24'681'825, 0, 0, 1).saturating_add(per_component(814, 0, b));
  }
};

template <class T>
using ConfiguredWeights = typename T::RegistrarWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::registrar
