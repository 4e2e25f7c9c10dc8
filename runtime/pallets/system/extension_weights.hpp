// The weights of frame_system's transaction extensions (frame_system::ExtensionsWeightInfo), which
// FRAME adds to every signed extrinsic's call weight (TransactionExtension::weight), declared as
// every pallet's weights are (framework/weight_info.hpp): the runtime configuration names them as
// `using ExtensionsWeightInfo = …;`; a configuration without one (the unit tests' mock runtimes)
// charges nothing for them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::system {

template <class W>
concept ExtensionsWeightInfo = requires {
  { W::check_genesis() } -> std::same_as<Weight>;
  { W::check_mortality_mortal_transaction() } -> std::same_as<Weight>;
  { W::check_mortality_immortal_transaction() } -> std::same_as<Weight>;
  { W::check_non_zero_sender() } -> std::same_as<Weight>;
  { W::check_nonce() } -> std::same_as<Weight>;
  { W::check_spec_version() } -> std::same_as<Weight>;
  { W::check_tx_version() } -> std::same_as<Weight>;
  { W::check_weight() } -> std::same_as<Weight>;
};

// Kusama's benchmark results (polkadot-fellows/runtimes, relay/kusama/src/weights/
// frame_system_extensions.rs, the ExtensionsWeightInfo of Kusama's frame_system::Config;
// benchmarked 2026-04-09 with frame-omni-bencher, 50 steps × 20 repeats, compiled wasm): the
// measured ref_time (ps) and proof size (bytes), plus CheckNonce's System::Account read and write
// at the configuration's RuntimeDbWeight (Kusama: RocksDbWeight, 25 µs a read, 100 µs a write).
template <class T>
struct KusamaExtensionsWeights {
  static constexpr Weight check_genesis() { return Weight::from_parts(4'633'000, 0); }
  static constexpr Weight check_mortality_mortal_transaction() {
    return Weight::from_parts(6'796'000, 0);
  }
  static constexpr Weight check_mortality_immortal_transaction() {
    return Weight::from_parts(6'795'000, 0);
  }
  static constexpr Weight check_non_zero_sender() { return Weight::from_parts(499'000, 0); }
  static constexpr Weight check_nonce() {
    return Weight::from_parts(7'274'000, 3'593).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
  static constexpr Weight check_spec_version() { return Weight::from_parts(396'000, 0); }
  static constexpr Weight check_tx_version() { return Weight::from_parts(397'000, 0); }
  static constexpr Weight check_weight() { return Weight::from_parts(2'819'000, 0); }
};

struct NoExtensionsWeights {
  static constexpr Weight check_genesis() { return {}; }
  static constexpr Weight check_mortality_mortal_transaction() { return {}; }
  static constexpr Weight check_mortality_immortal_transaction() { return {}; }
  static constexpr Weight check_non_zero_sender() { return {}; }
  static constexpr Weight check_nonce() { return {}; }
  static constexpr Weight check_spec_version() { return {}; }
  static constexpr Weight check_tx_version() { return {}; }
  static constexpr Weight check_weight() { return {}; }
};

template <class T>
using ConfiguredExtensionsWeights = typename T::ExtensionsWeightInfo;
template <class T>
  requires ExtensionsWeightInfo<
               SelectedWeights<ConfiguredExtensionsWeights, T, NoExtensionsWeights>>
using ExtensionsWeightsOf = SelectedWeights<ConfiguredExtensionsWeights, T, NoExtensionsWeights>;

}  // namespace canary::rt::pallets::system
