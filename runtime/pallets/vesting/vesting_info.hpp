// pallet_vesting::VestingInfo<Balance, BlockNumber>: `locked` released linearly, `per_block` a
// block from `starting_block` on (substrate/frame/vesting/src/vesting_info.rs). Kusama's
// BlockNumberToBalance is ConvertInto (the number as a balance), which these functions use.
#pragma once

#include <cstdint>
#include <tuple>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/tokens.hpp"

namespace canary::rt::pallets::vesting {

using traits::tokens::Balance;

struct VestingInfo {
  Balance locked = 0;
  Balance per_block = 0;  // as given: per_block_or_one() is the rate used
  BlockNumber starting_block = 0;
  bool operator==(const VestingInfo&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("locked", &VestingInfo::locked, "Balance"),
                      field("per_block", &VestingInfo::per_block, "Balance"),
                      field("starting_block", &VestingInfo::starting_block, "BlockNumber")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_vesting", "vesting_info", "VestingInfo"});
    b.param<Balance>("Balance").param<BlockNumber>("BlockNumber");
    add_fields(b, fields());
  }

  // Neither the amount nor the rate is zero (MinVestedTransfer is checked elsewhere).
  constexpr bool is_valid() const { return locked != 0 && per_block != 0; }
  // FRAME's per_block(): at least 1, or a schedule would never end.
  constexpr Balance per_block_or_one() const { return per_block == 0 ? 1 : per_block; }

  // Still locked at block `n`: nothing vests before the start; a product that overflows means
  // everything vested (FRAME's checked_mul … unwrap_or(0)).
  constexpr Balance locked_at(BlockNumber n) const {
    const Balance blocks = n > starting_block ? Balance{n - starting_block} : 0;
    const Balance rate = per_block_or_one();
    if (blocks != 0 && rate > ~Balance{0} / blocks) return 0;
    const Balance unlocked = blocks * rate;
    return unlocked >= locked ? 0 : locked - unlocked;
  }

  // The block (as a balance) from which nothing is locked: the start plus the blocks needed,
  // rounded up, at least one.
  constexpr Balance ending_block_as_balance() const {
    const Balance rate = per_block_or_one();
    const Balance duration = rate >= locked ? 1 : locked / rate + (locked % rate == 0 ? 0 : 1);
    const Balance start = starting_block;
    return duration > ~Balance{0} - start ? ~Balance{0} : start + duration;
  }
};

}  // namespace canary::rt::pallets::vesting
