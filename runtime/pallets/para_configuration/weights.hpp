// The weights of polkadot-runtime-parachains' configuration calls (framework/weight_info.hpp).
// Reference numbers: Kusama's benchmark (polkadot-fellows/runtimes
// relay/kusama/src/weights/runtime_parachains_configuration.rs, 2025-01-06): each setter reads
// PendingConfigs, BypassConsistencyCheck and ParasShared.CurrentSessionIndex and writes
// PendingConfigs (1,640 bytes of proof); set_hrmp_open_request_ttl, which does nothing, is priced
// out of reach (2,000 s).
#pragma once

#include <concepts>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::para_configuration {

template <class W>
concept WeightInfo = requires {
  { W::set_config_with_block_number() } -> std::same_as<Weight>;
  { W::set_config_with_u32() } -> std::same_as<Weight>;
  { W::set_config_with_option_u32() } -> std::same_as<Weight>;
  { W::set_config_with_balance() } -> std::same_as<Weight>;
  { W::set_hrmp_open_request_ttl() } -> std::same_as<Weight>;
  { W::set_config_with_executor_params() } -> std::same_as<Weight>;
  { W::set_config_with_perbill() } -> std::same_as<Weight>;
  { W::set_node_feature() } -> std::same_as<Weight>;
  { W::set_config_with_scheduler_params() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  static Weight setter(uint64_t ref_time) {
    return Weight::from_parts(ref_time, 1'640).saturating_add(T::kDbWeight.reads_writes(3, 1));
  }
  static Weight set_config_with_block_number() { return setter(13'480'000); }
  static Weight set_config_with_u32() { return setter(13'301'000); }
  static Weight set_config_with_option_u32() { return setter(13'290'000); }
  static Weight set_config_with_balance() { return setter(13'350'000); }
  static Weight set_hrmp_open_request_ttl() { return Weight::from_parts(2'000'000'000'000, 0); }
  static Weight set_config_with_executor_params() { return setter(16'120'000); }
  static Weight set_config_with_perbill() { return setter(13'370'000); }
  static Weight set_node_feature() { return setter(17'500'000); }
  static Weight set_config_with_scheduler_params() { return setter(13'321'000); }
};

template <class T>
using ConfiguredWeights = typename T::ParaConfigurationWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;

}  // namespace canary::rt::pallets::para_configuration
