// pallet_balances' call weights: Kusama's benchmark results (polkadot-fellows/runtimes v2.3.2,
// relay/kusama/src/weights/pallet_balances_native.rs — the WeightInfo Kusama's Balances uses;
// benchmarked 2025-08-14 with frame-omni-bencher, 50 steps × 20 repeats, compiled wasm). Each is
// the measured ref_time (ps) and proof size (bytes) plus the runtime's DB reads and writes, which
// come from the configuration's RuntimeDbWeight so they follow Canary's own database weights.
// To be replaced by Canary's benchmarks once it has a benchmarking harness. Declared as every
// pallet's weights are (framework/weight_info.hpp): the runtime's `BalancesWeightInfo` overrides
// them.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::balances {

template <class W>
concept WeightInfo = requires {
  { W::transfer_allow_death() } -> std::same_as<Weight>;
  { W::transfer_keep_alive() } -> std::same_as<Weight>;
  { W::force_set_balance_creating() } -> std::same_as<Weight>;
  { W::force_set_balance_killing() } -> std::same_as<Weight>;
  { W::force_transfer() } -> std::same_as<Weight>;
  { W::transfer_all() } -> std::same_as<Weight>;
  { W::force_unreserve() } -> std::same_as<Weight>;
  { W::upgrade_accounts(uint32_t{}) } -> std::same_as<Weight>;
  { W::force_adjust_total_issuance() } -> std::same_as<Weight>;
  { W::burn_allow_death() } -> std::same_as<Weight>;
  { W::burn_keep_alive() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight transfer_allow_death() { return measured_weight<T>(75'139'000, 3'593, 1, 1); }
  static Weight transfer_keep_alive() { return measured_weight<T>(60'831'000, 3'593, 1, 1); }
  static Weight force_set_balance_creating() { return measured_weight<T>(31'710'000, 3'593, 1, 1); }
  static Weight force_set_balance_killing() { return measured_weight<T>(33'640'000, 3'593, 1, 1); }
  static Weight force_transfer() { return measured_weight<T>(75'490'000, 6'196, 2, 2); }
  static Weight transfer_all() { return measured_weight<T>(72'849'000, 3'593, 1, 1); }
  static Weight force_unreserve() { return measured_weight<T>(27'629'000, 3'593, 1, 1); }
  // One System::Account read and write (and its 2,603-byte proof) per account.
  static Weight upgrade_accounts(uint32_t u) {
    return Weight::from_parts(23'829'000, 990)
        .saturating_add(Weight::from_parts(20'023'007, 2'603).saturating_mul(u))
        .saturating_add(T::kDbWeight.reads_writes(u, u));
  }
  static Weight force_adjust_total_issuance() { return Weight::from_parts(9'620'000, 0); }
  static Weight burn_allow_death() { return Weight::from_parts(43'290'000, 0); }
  static Weight burn_keep_alive() { return Weight::from_parts(29'440'000, 0); }
};

template <class T>
using ConfiguredWeights = typename T::BalancesWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

// Component-wise maximum (sp-weights Weight::max), e.g. the worse of two code paths.
constexpr Weight max_weight(const Weight& a, const Weight& b) {
  return Weight::from_parts(std::max(a.ref_time, b.ref_time), std::max(a.proof_size, b.proof_size));
}

}  // namespace canary::rt::pallets::balances
