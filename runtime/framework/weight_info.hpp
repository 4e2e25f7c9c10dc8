// How a pallet declares the weights of its calls, the same way in every pallet (FRAME: the
// pallet's `WeightInfo` trait, `SubstrateWeight<T>` beside it, and `type WeightInfo` in its Config,
// which the runtime sets to its own benchmark results). A pallet's `weights.hpp` holds:
//
//   template <class W> concept WeightInfo = requires { { W::claim() } -> std::same_as<Weight>; … };
//   template <class T> struct KusamaWeights { static Weight claim() { … } … };  // the reference
//   template <class T> using ConfiguredWeights = typename T::IndicesWeightInfo;
//   template <class T>
//     requires WeightInfo<SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>>
//   using WeightInfoOf = SelectedWeights<ConfiguredWeights, T, KusamaWeights<T>>;
//
// and the pallet reads `using Weights = WeightInfoOf<T>;`: a runtime whose weights lack a
// function does not compile, with the concept named in the error.
// The reference numbers are Kusama's benchmark results where Kusama runs the pallet (measured
// ref_time in ps and proof size in bytes, plus the storage reads and writes at the runtime's
// `kDbWeight`), else Substrate's. A runtime with benchmark results of its own names them in its
// configuration (`using IndicesWeightInfo = …;`); one that names nothing gets the reference.
#pragma once

#include <cstdint>

#include "runtime/framework/types/weight.hpp"

namespace canary::rt {

// The terms of a benchmarked weight, as FRAME's generated weights.rs writes them: the measured
// ref_time (ps) and proof size (bytes) plus the storage reads and writes at the runtime's
// `T::kDbWeight` (measured_weight<T>), and a component's slope times its count (per_component).
template <class T>
Weight measured_weight(uint64_t ref_time, uint64_t proof, uint64_t reads, uint64_t writes) {
  return Weight::from_parts(ref_time, proof)
      .saturating_add(T::kDbWeight.reads_writes(reads, writes));
}
inline Weight per_component(uint64_t ref_time, uint64_t proof, uint64_t n) {
  return Weight::from_parts(ref_time, proof).saturating_mul(n);
}

namespace weight_info_detail {
template <template <class> class Configured, class T, class Reference>
struct Select {
  using type = Reference;
};
template <template <class> class Configured, class T, class Reference>
  requires requires { typename Configured<T>; }
struct Select<Configured, T, Reference> {
  using type = Configured<T>;
};
}  // namespace weight_info_detail

// `Configured<T>` (the runtime's choice) when the configuration names it, else `Reference`.
template <template <class> class Configured, class T, class Reference>
using SelectedWeights = typename weight_info_detail::Select<Configured, T, Reference>::type;

}  // namespace canary::rt
