// The weights of pallet_template's calls, declared as every pallet declares them
// (framework/weight_info.hpp):
//   - `WeightInfo`: the functions the pallet asks for (FRAME: the pallet's `WeightInfo` trait);
//   - `SubstrateWeights<T>`: the reference numbers, measured ref_time (ps) and proof size (bytes)
//     plus the storage reads and writes at the runtime's `kDbWeight` (FRAME: `SubstrateWeight<T>`);
//   - `WeightInfoOf<T>`: what the pallet uses, the configuration's `TemplateWeightInfo` when it
//     names one (a runtime with its own benchmark results), else the reference numbers.
#pragma once

#include <concepts>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::template_pallet {

template <class W>
concept WeightInfo = requires {
  { W::do_something() } -> std::same_as<Weight>;
  { W::cause_error() } -> std::same_as<Weight>;
};

template <class T>
struct SubstrateWeights {
  // Writes Something and the caller's Values entry.
  static Weight do_something() {
    return Weight::from_parts(9'000'000, 0).saturating_add(T::kDbWeight.writes(2));
  }
  // Reads and writes Something (a u32 behind its 32-byte key: 1,489 bytes of proof).
  static Weight cause_error() {
    return Weight::from_parts(6'000'000, 1'489).saturating_add(T::kDbWeight.reads_writes(1, 1));
  }
};

template <class T>
using ConfiguredWeights = typename T::TemplateWeightInfo;
template <class T>
  requires WeightInfo<SelectedWeights<ConfiguredWeights, T, SubstrateWeights<T>>>
using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, SubstrateWeights<T>>;

}  // namespace canary::rt::pallets::template_pallet
