// pallet_grandpa::EquivocationOffence: a GRANDPA voter cast two different votes in one round. The
// kind is b"grandpa:equivoca", the time slot (set id, round), and the slash fraction for k
// offenders of a set of n validators min((3k / n)², 1) in Perbill arithmetic (from_rational
// rounding down, then the square rounding down: traits::staking::EquivocationOffence), as
// polkadot-sdk substrate/frame/grandpa/src/equivocation.rs. Offender is the runtime's
// identification of a validator (Kusama: Session historical's IdentificationTuple). Beside the
// pallet that reports it, as in FRAME: the kind and the time slot are GRANDPA's.
#pragma once

#include <cstdint>

#include "primitives/scale/codec.hpp"
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
using EquivocationOffence =
    traits::staking::EquivocationOffence<traits::staking::offence_kind("grandpa:equivoca"),
                                         EquivocationTimeSlot, Offender>;

}  // namespace canary::rt::pallets::grandpa
