// pallet_ranked_collective's call weights: Kusama's benchmark results for FellowshipCollective
// (polkadot-fellows/runtimes, relay/kusama/src/weights/pallet_ranked_collective.rs; benchmarked
// 2026-04-10, 50 steps × 20 repeats). A runtime's configuration `WeightInfo` overrides them.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/types/weight.hpp"
#include "runtime/framework/weight_info.hpp"

namespace canary::rt::pallets::ranked_collective {

template <class W>
concept WeightInfo = requires(uint32_t n) {
  { W::add_member() } -> std::same_as<Weight>;
  { W::remove_member(n) } -> std::same_as<Weight>;
  { W::promote_member(n) } -> std::same_as<Weight>;
  { W::demote_member(n) } -> std::same_as<Weight>;
  { W::vote() } -> std::same_as<Weight>;
  { W::cleanup_poll(n) } -> std::same_as<Weight>;
  { W::exchange_member() } -> std::same_as<Weight>;
};

template <class T>
struct KusamaWeights {
  // Members, MemberCount rw; IndexToId, IdToIndex w.
  static Weight add_member() { return measured_weight<T>(13'777'000, 3'507, 2, 4); }
  // r ranks: per rank MemberCount, IdToIndex, IndexToId.
  static Weight remove_member(uint32_t r) {
    return measured_weight<T>(26'269'981, 3'519, 4, 6)
        .saturating_add(per_component(12'312'273, 2'529, r))
        .saturating_add(T::kDbWeight.reads_writes(3, 5).saturating_mul(r));
  }
  static Weight promote_member(uint32_t r) {
    return measured_weight<T>(16'824'293, 3'507, 2, 4).saturating_add(per_component(281'707, 0, r));
  }
  static Weight demote_member(uint32_t r) {
    return measured_weight<T>(26'885'769, 3'519, 4, 6).saturating_add(per_component(536'610, 0, r));
  }
  // Members r, the poll rw, Voting rw, the Scheduler's agendas (the alarm) rw.
  static Weight vote() { return measured_weight<T>(35'249'000, 83'866, 5, 5); }
  // n votes removed.
  static Weight cleanup_poll(uint32_t n) {
    return measured_weight<T>(15'494'795, 4'365, 2, 0)
        .saturating_add(per_component(823'242, 2'540, n))
        .saturating_add(T::kDbWeight.reads_writes(1, 1).saturating_mul(n));
  }
  static Weight exchange_member() { return measured_weight<T>(39'023'000, 6'048, 6, 10); }
};

template <class T, class C>
struct WeightsFor {
  using type = KusamaWeights<T>;
};
template <class T, class C>
  requires requires { typename C::WeightInfo; }
struct WeightsFor<T, C> {
  using type = typename C::WeightInfo;
};
template <class T, class C>
  requires WeightInfo<typename WeightsFor<T, C>::type>
using WeightInfoOf = typename WeightsFor<T, C>::type;

}  // namespace canary::rt::pallets::ranked_collective
