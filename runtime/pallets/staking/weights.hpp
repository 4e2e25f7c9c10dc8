// pallet_staking's call weights: Kusama's benchmark results (polkadot-fellows/runtimes v1.7.1,
// relay/kusama/src/weights/pallet_staking.rs; benchmarked 2025-08-14, 50 steps × 20 repeats).
// Each is the measured ref_time (ps) and proof size (bytes), the per-component slopes, and the
// runtime's DB reads and writes at its `kDbWeight`. Only the calls this pallet has so far (part 1:
// bonding, nominating, the admin calls; cancel_deferred_slash and manual_slash; part 2's payouts).
// Declared as every pallet's weights are (framework/weight_info.hpp): a runtime's
// `StakingWeightInfo` overrides them.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::staking {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::bond() } -> std::same_as<Weight>;
  { W::bond_extra() } -> std::same_as<Weight>;
  { W::unbond() } -> std::same_as<Weight>;
  { W::withdraw_unbonded_update(n) } -> std::same_as<Weight>;
  { W::withdraw_unbonded_kill(n) } -> std::same_as<Weight>;
  { W::validate() } -> std::same_as<Weight>;
  { W::kick(n) } -> std::same_as<Weight>;
  { W::nominate(n) } -> std::same_as<Weight>;
  { W::chill() } -> std::same_as<Weight>;
  { W::set_payee() } -> std::same_as<Weight>;
  { W::update_payee() } -> std::same_as<Weight>;
  { W::set_controller() } -> std::same_as<Weight>;
  { W::set_validator_count() } -> std::same_as<Weight>;
  { W::force_no_eras() } -> std::same_as<Weight>;
  { W::force_new_era() } -> std::same_as<Weight>;
  { W::force_new_era_always() } -> std::same_as<Weight>;
  { W::set_invulnerables(n) } -> std::same_as<Weight>;
  { W::deprecate_controller_batch(n) } -> std::same_as<Weight>;
  { W::force_unstake(n) } -> std::same_as<Weight>;
  { W::rebond(n) } -> std::same_as<Weight>;
  { W::reap_stash(n) } -> std::same_as<Weight>;
  { W::set_staking_configs_all_set() } -> std::same_as<Weight>;
  { W::set_staking_configs_all_remove() } -> std::same_as<Weight>;
  { W::chill_other() } -> std::same_as<Weight>;
  { W::force_apply_min_commission() } -> std::same_as<Weight>;
  { W::set_min_commission() } -> std::same_as<Weight>;
  { W::restore_ledger() } -> std::same_as<Weight>;
  { W::cancel_deferred_slash(n) } -> std::same_as<Weight>;
  { W::manual_slash() } -> std::same_as<Weight>;
  { W::payout_stakers_alive_staked(n) } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight bond() { return measured_weight<T>(102'130'000, 4'556, 4, 4); }
  static Weight bond_extra() { return measured_weight<T>(174'420'000, 8'877, 10, 7); }
  static Weight unbond() { return measured_weight<T>(146'630'000, 8'877, 13, 6); }
  static Weight withdraw_unbonded_update(uint32_t s) {
    return measured_weight<T>(107'684'850, 4'556, 7, 2).saturating_add(per_component(10'210, 0, s));
  }
  // The stash's slashing spans: one SpanSlash entry removed each.
  static Weight withdraw_unbonded_kill(uint32_t s) {
    return measured_weight<T>(157'151'031, 6'248, 14, 12)
        .saturating_add(per_component(2'207'321, 4, s))
        .saturating_add(T::kDbWeight.writes(s));
  }
  static Weight validate() { return measured_weight<T>(88'080'000, 4'556, 12, 5); }
  // One Nominators read and write per kicked nominator.
  static Weight kick(uint32_t k) {
    return measured_weight<T>(52'673'405, 4'556, 2, 0)
        .saturating_add(per_component(9'346'545, 3'289, k))
        .saturating_add(T::kDbWeight.reads_writes(k, k));
  }
  // One Validators read per target.
  static Weight nominate(uint32_t n) {
    return measured_weight<T>(102'677'167, 6'248, 13, 6)
        .saturating_add(per_component(5'022'355, 2'520, n))
        .saturating_add(T::kDbWeight.reads(n));
  }
  static Weight chill() { return measured_weight<T>(94'240'000, 6'248, 10, 6); }
  static Weight set_payee() { return measured_weight<T>(29'269'000, 4'556, 2, 1); }
  static Weight update_payee() { return measured_weight<T>(33'630'000, 4'556, 3, 1); }
  static Weight set_controller() { return measured_weight<T>(34'329'000, 8'122, 3, 3); }
  static Weight set_validator_count() { return measured_weight<T>(4'550'000, 0, 0, 1); }
  static Weight force_no_eras() { return measured_weight<T>(25'450'000, 0, 0, 1); }
  static Weight force_new_era() { return measured_weight<T>(22'009'000, 0, 0, 1); }
  static Weight force_new_era_always() { return measured_weight<T>(18'661'000, 0, 0, 1); }
  static Weight set_invulnerables(uint32_t v) {
    return measured_weight<T>(4'066'219, 0, 0, 1).saturating_add(per_component(16'747, 0, v));
  }
  // Four reads and three writes per controller.
  static Weight deprecate_controller_batch(uint32_t u) {
    return measured_weight<T>(7'409'000, 990, 0, 0)
        .saturating_add(per_component(35'524'553, 7'132, u))
        .saturating_add(T::kDbWeight.reads_writes(uint64_t{4} * u, uint64_t{3} * u));
  }
  static Weight force_unstake(uint32_t s) {
    return measured_weight<T>(153'308'124, 6'248, 14, 13)
        .saturating_add(per_component(2'033'847, 4, s))
        .saturating_add(T::kDbWeight.writes(s));
  }
  static Weight rebond(uint32_t l) {
    return measured_weight<T>(122'773'070, 8'877, 10, 6)
        .saturating_add(per_component(93'137, 0, l));
  }
  static Weight reap_stash(uint32_t s) {
    return measured_weight<T>(163'338'855, 6'248, 13, 12)
        .saturating_add(per_component(2'016'059, 4, s))
        .saturating_add(T::kDbWeight.writes(s));
  }
  static Weight set_staking_configs_all_set() { return measured_weight<T>(11'450'000, 0, 0, 7); }
  static Weight set_staking_configs_all_remove() { return measured_weight<T>(9'790'000, 0, 0, 7); }
  static Weight chill_other() { return measured_weight<T>(115'608'000, 6'248, 13, 6); }
  static Weight force_apply_min_commission() { return measured_weight<T>(19'300'000, 3'510, 2, 1); }
  static Weight set_min_commission() { return measured_weight<T>(4'610'000, 0, 0, 1); }
  static Weight restore_ledger() { return measured_weight<T>(59'690'000, 4'556, 5, 2); }
  // s: the slashes cancelled.
  static Weight cancel_deferred_slash(uint32_t s) {
    return measured_weight<T>(1'330'890'674, 70'104, 1, 1)
        .saturating_add(per_component(7'627'588, 0, s));
  }
  // Benchmarked with 512 nominators behind the validator.
  static Weight manual_slash() {
    return measured_weight<T>(9'172'994'000, 1'309'653, 1'549, 1'540);
  }
  // n: the nominators paid (at most MaxExposurePageSize = 512); the validator is always counted.
  // From the fellows' relay/kusama/src/weights/pallet_staking.rs as stored at 066acba2 (the
  // copy at hand; its other figures differ from the 2025-08-14 run above, so this one may too).
  static Weight payout_stakers_alive_staked(uint32_t n) {
    return measured_weight<T>(155'147'782, 53'173, 15, 4)
        .saturating_add(per_component(61'628'967, 3'774, n))
        .saturating_add(T::kDbWeight.reads_writes(uint64_t{7} * n, uint64_t{3} * n));
  }
};

template <class T>
using ConfiguredWeights = typename T::StakingWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

// Component-wise maximum (sp-weights Weight::max).
constexpr Weight max_weight(const Weight& a, const Weight& b) {
  return Weight::from_parts(std::max(a.ref_time, b.ref_time), std::max(a.proof_size, b.proof_size));
}

}  // namespace canary::rt::pallets::staking
