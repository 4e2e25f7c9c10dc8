// What a PVF's `validate_block` receives (polkadot-sdk `polkadot/parachain/src/primitives.rs`
// ValidationParams; parachain-facts §1.13): the parent head, the block data, and the relay
// parent's number and storage root, SCALE-encoded in this order.
#pragma once

#include <cstdint>

#include "parachain/primitives/blobs.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

struct ValidationParams {
  HeadData parent_head;
  BlockData block_data;
  uint32_t relay_parent_number = 0;
  Hash256 relay_parent_storage_root{};
  bool operator==(const ValidationParams&) const = default;
  CANARY_SCALE_FIELDS(parent_head, block_data, relay_parent_number, relay_parent_storage_root)
};

}  // namespace canary::parachain
