// frame_system's call weights (framework/weight_info.hpp; the runtime's `SystemWeightInfo`
// overrides them). set_code's weight is its benchmark; the call then reports the whole block as
// used (frame_system's "consume the rest of the block"). The reference: estimates in ps, to be
// replaced by Canary's own benchmark results.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::system {

template <class W>
concept WeightInfo = requires {
  { W::remark(size_t{}) } -> std::same_as<Weight>;
  { W::remark_with_event(size_t{}) } -> std::same_as<Weight>;
  { W::set_heap_pages() } -> std::same_as<Weight>;
  { W::set_code() } -> std::same_as<Weight>;
  { W::authorize_upgrade() } -> std::same_as<Weight>;
  { W::apply_authorized_upgrade() } -> std::same_as<Weight>;
};

template <class T>
struct SubstrateWeights {
  static Weight remark(size_t bytes) {
    return Weight::from_parts(1'935'000 + 388 * uint64_t(bytes), 0);
  }
  static Weight remark_with_event(size_t bytes) {
    return Weight::from_parts(5'606'000 + 1'747 * uint64_t(bytes), 0);
  }
  static Weight set_heap_pages() {
    return Weight::from_parts(3'415'000, 0).saturating_add(T::kDbWeight.writes(1));
  }
  // Kusama's benchmark (polkadot-fellows/runtimes relay/kusama/src/weights/frame_system.rs):
  // reads the new code's version (the bulk of it), writes `:code`.
  static Weight set_code() {
    return Weight::from_parts(73'167'346'000, 0).saturating_add(T::kDbWeight.writes(1));
  }
  // Kusama's benchmark: writes AuthorizedUpgrade.
  static Weight authorize_upgrade() {
    return Weight::from_parts(5'514'000, 0).saturating_add(T::kDbWeight.writes(1));
  }
  // Kusama's benchmark: reads and kills AuthorizedUpgrade, hashes the code and reads its version
  // (the bulk of it), writes `:code`.
  static Weight apply_authorized_upgrade() {
    return Weight::from_parts(75'316'917'000, 1'518)
        .saturating_add(T::kDbWeight.reads_writes(1, 2));
  }
};

template <class T>
using ConfiguredWeights = typename T::SystemWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, SubstrateWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, SubstrateWeights<T>>;

}  // namespace canary::rt::pallets::system
