// The weights of polkadot-runtime-parachains' paras calls (framework/weight_info.hpp). Reference
// numbers: Kusama's benchmark in polkadot-fellows/runtimes v1.7.1
// relay/kusama/src/weights/runtime_parachains_paras.rs (2025-08-14): base ref time and proof size,
// per-byte terms for the code or head length, and the storage reads and writes it measured.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::paras {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::force_set_current_code(n) } -> std::same_as<Weight>;
  { W::force_set_current_head(n) } -> std::same_as<Weight>;
  { W::force_set_most_recent_context() } -> std::same_as<Weight>;
  { W::force_schedule_code_upgrade(n) } -> std::same_as<Weight>;
  { W::force_note_new_head(n) } -> std::same_as<Weight>;
  { W::force_queue_action() } -> std::same_as<Weight>;
  { W::add_trusted_validation_code(n) } -> std::same_as<Weight>;
  { W::poke_unused_validation_code() } -> std::same_as<Weight>;
  { W::include_pvf_check_statement() } -> std::same_as<Weight>;
  { W::include_pvf_check_statement_finalize_upgrade_accept() } -> std::same_as<Weight>;
  { W::include_pvf_check_statement_finalize_upgrade_reject() } -> std::same_as<Weight>;
  { W::include_pvf_check_statement_finalize_onboarding_accept() } -> std::same_as<Weight>;
  { W::include_pvf_check_statement_finalize_onboarding_reject() } -> std::same_as<Weight>;
  { W::remove_upgrade_cooldown() } -> std::same_as<Weight>;
  { W::authorize_force_set_current_code_hash() } -> std::same_as<Weight>;
  { W::apply_authorized_force_set_current_code(n) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight measured(uint64_t ref_time, uint64_t proof, uint64_t per_byte, uint32_t bytes,
                         uint64_t reads, uint64_t writes) {
    return Weight::from_parts(ref_time, proof)
        .saturating_add(Weight::from_parts(per_byte, 0).saturating_mul(bytes))
        .saturating_add(T::kDbWeight.reads_writes(reads, writes));
  }
  static Weight force_set_current_code(uint32_t c) {
    return measured(64'029'239, 11'774, 2'042, c, 4, 6);
  }
  static Weight force_set_current_head(uint32_t s) { return measured(19'172'157, 0, 827, s, 0, 1); }
  static Weight force_set_most_recent_context() { return measured(5'979'000, 0, 0, 0, 0, 1); }
  static Weight force_schedule_code_upgrade(uint32_t c) {
    return measured(39'893'740, 11'917, 2'068, c, 8, 7);
  }
  static Weight force_note_new_head(uint32_t s) {
    return measured(37'506'718, 3'764, 827, s, 2, 3);
  }
  static Weight force_queue_action() { return measured(26'500'000, 7'777, 0, 0, 2, 1); }
  static Weight add_trusted_validation_code(uint32_t c) {
    return measured(103'679'317, 4'148, 1'815, c, 4, 3);
  }
  static Weight poke_unused_validation_code() { return measured(9'480'000, 3'493, 0, 0, 1, 1); }
  static Weight include_pvf_check_statement() { return measured(144'029'000, 30'171, 0, 0, 3, 1); }
  static Weight include_pvf_check_statement_finalize_upgrade_accept() {
    return measured(990'707'000, 30'825, 0, 0, 5, 103);
  }
  static Weight include_pvf_check_statement_finalize_upgrade_reject() {
    return measured(127'589'000, 30'803, 0, 0, 3, 1);
  }
  static Weight include_pvf_check_statement_finalize_onboarding_accept() {
    return measured(817'296'000, 30'193, 0, 0, 5, 3);
  }
  static Weight include_pvf_check_statement_finalize_onboarding_reject() {
    return measured(125'249'000, 30'171, 0, 0, 3, 1);
  }
  static Weight remove_upgrade_cooldown() { return measured(43'050'000, 1'752, 0, 0, 1, 2); }
  static Weight authorize_force_set_current_code_hash() {
    return measured(11'699'000, 0, 0, 0, 0, 1);
  }
  static Weight apply_authorized_force_set_current_code(uint32_t c) {
    return measured(39'090'000, 3'597, 3'237, c, 3, 4);
  }
};

template <class T>
using ConfiguredWeights = typename T::ParasWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::paras
