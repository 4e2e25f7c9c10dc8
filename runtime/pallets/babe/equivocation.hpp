// pallet_babe::EquivocationOffence: a BABE authority produced two blocks for one slot. The kind is
// b"babe:equivocatio", the time slot the slot, and the slash fraction for k offenders of a set of
// n validators min((3k / n)², 1) in Perbill arithmetic (from_rational rounding down, then the
// square rounding down), as polkadot-sdk substrate/frame/babe/src/equivocation.rs. Offender is
// the runtime's identification of a validator (Kusama: Session historical's IdentificationTuple).
// Beside the pallet that reports it, as in FRAME: the kind and the time slot are BABE's.
#pragma once

#include "runtime/framework/traits/staking.hpp"
#include "runtime/pallets/babe/types.hpp"

namespace canary::rt::pallets::babe {

template <class Offender>
using EquivocationOffence =
    traits::staking::EquivocationOffence<traits::staking::offence_kind("babe:equivocatio"), Slot,
                                         Offender>;

}  // namespace canary::rt::pallets::babe
