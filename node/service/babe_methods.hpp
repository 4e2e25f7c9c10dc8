// BABE's JSON-RPC method, as sc-consensus-babe-rpc serves it: `babe_epochAuthorship` (unsafe, no
// params): for every `babe` key of the node's keystore that is an authority of the current epoch
// (the epoch of the best block, as the runtime's current_epoch_start names it), the slots of that
// epoch it may claim, {"primary":[..],"secondary":[..],"secondary_vrf":[..]}, keyed by the key's
// SS58 address in the chain's `ss58Format`. The claims are the author's (consensus/babe
// slot_claim.hpp), so a primary win hides a secondary one in the same slot, as in Substrate.
// Errors: 9002 "Failed to fetch epoch data", 9004 with the chain's message.
#pragma once

#include <cstdint>

#include "blockchain/chain.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/service/babe_state.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node {

// sc-consensus-babe-rpc BABE_ERROR (9000) + 2 and + 4.
inline constexpr int kBabeFetchEpochErrorCode = 9002;
inline constexpr int kBabeStringErrorCode = 9004;

void register_babe_methods(::canary::rpc::MethodRegistry& registry, const blockchain::Chain& chain,
                           const BabeState& babe, FileKeystore& keystore, uint16_t ss58_format);

}  // namespace canary::node
