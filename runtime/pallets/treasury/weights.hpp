// The weights of pallet_treasury's calls and spend period (framework/weight_info.hpp): Kusama's
// benchmarks (polkadot-fellows/runtimes v1.7.1 relay/kusama/src/weights/pallet_treasury.rs), the
// storage reads and writes at the runtime's kDbWeight. payout's and check_status's numbers are
// PayOverXcm's (XcmPallet queries, DMP): kept although the native paymaster does less, as the
// weight a client sees must be Kusama's.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::treasury {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::spend_local() } -> std::same_as<Weight>;
  { W::remove_approval() } -> std::same_as<Weight>;
  { W::on_initialize_proposals(n) } -> std::same_as<Weight>;
  { W::spend() } -> std::same_as<Weight>;
  { W::payout() } -> std::same_as<Weight>;
  { W::check_status() } -> std::same_as<Weight>;
  { W::void_spend() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight spend_local() {
    return Weight::from_parts(17'700'000, 1'887).saturating_add(T::kDbWeight.reads_writes(2, 3));
  }
  static Weight remove_approval() {
    return Weight::from_parts(9'210'000, 1'887).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
  // p: the approvals in the queue, [0, 99].
  static Weight on_initialize_proposals(uint32_t p) {
    return Weight::from_parts(18'859'531, 1'501)
        .saturating_add(Weight::from_parts(42'242, 0).saturating_mul(p))
        .saturating_add(T::kDbWeight.reads_writes(2, 2));
  }
  static Weight spend() {
    return Weight::from_parts(25'749'000, 4'703).saturating_add(T::kDbWeight.reads_writes(2, 2));
  }
  static Weight payout() {
    return Weight::from_parts(73'360'000, 5'318).saturating_add(T::kDbWeight.reads_writes(7, 5));
  }
  static Weight check_status() {
    return Weight::from_parts(32'819'000, 5'318).saturating_add(T::kDbWeight.reads_writes(2, 2));
  }
  static Weight void_spend() {
    return Weight::from_parts(19'049'000, 5'318).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
};

template <class T>
using ConfiguredWeights = typename T::TreasuryWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::treasury
