// pallet_grandpa::EquivocationOffence: a GRANDPA voter cast two different votes in one round. The
// kind is b"grandpa:equivoca", the time slot (set id, round), and the slash fraction for k
// offenders of a set of n validators min((3k / n)², 1) in Perbill arithmetic (from_rational
// rounding down, then the square rounding down), as polkadot-sdk
// substrate/frame/grandpa/src/equivocation.rs. Offender is the runtime's identification of a
// validator (Kusama: Session historical's IdentificationTuple). Beside the pallet that reports it,
// as in FRAME: the kind and the time slot are GRANDPA's.
#pragma once

#include <cstdint>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/traits/staking.hpp"

namespace canary::rt::pallets::grandpa {

// pallet_grandpa::TimeSlot: the set id and the round, ordered in that order.
struct EquivocationTimeSlot {
  uint64_t set_id = 0;
  uint64_t round = 0;
  auto operator<=>(const EquivocationTimeSlot&) const = default;
  CANARY_SCALE_FIELDS(set_id, round)
};

template <class Offender>
struct EquivocationOffence {
  static constexpr traits::staking::Kind kId = traits::staking::offence_kind("grandpa:equivoca");
  using TimeSlot = EquivocationTimeSlot;

  EquivocationTimeSlot slot;
  traits::SessionIndex session = 0;
  uint32_t validator_count = 0;
  Offender offender;

  std::vector<Offender> offenders() const { return {offender}; }
  traits::SessionIndex session_index() const { return session; }
  uint32_t validator_set_count() const { return validator_count; }
  TimeSlot time_slot() const { return slot; }
  arithmetic::Perbill slash_fraction(uint32_t offenders_count) const {
    // min((3k / n)², 1): from_rational saturates at one (and gives one for n = 0).
    return arithmetic::Perbill::from_rational(3 * static_cast<u128>(offenders_count),
                                              validator_count)
        .square();
  }
};

}  // namespace canary::rt::pallets::grandpa
