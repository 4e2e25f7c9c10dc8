// `sync_state_genSyncSpec(raw: bool)` (sc-sync-state-rpc): the node's chain spec JSON with the
// `lightSyncState` extension filled in from the finalized block, for light clients to start from
// there: {"finalizedBlockHeader": hex SCALE header, "babeEpochChanges": hex,
// "babeFinalizedBlockWeight": number, "grandpaAuthoritySet": hex}. Errors are code 1 with
// Substrate's message (e.g. "Failed to load the block weight for block 0x…" while only genesis is
// final, as BABE keeps no weight for it).
//
// Not byte-identical to Substrate (node/rpc/README.md): babeEpochChanges is Canary's own record,
// the SCALE Option<BlockEpochs> {current, next} of the finalized block, not sc-consensus-epochs'
// EpochChanges fork tree; grandpaAuthoritySet is consensus/grandpa's AuthoritySetTracker encoding,
// not sc-consensus-grandpa's AuthoritySet; the newer `checkpoint` extension (a call proof) is not
// produced. The node keeps its spec raw, so `raw: false` writes the raw genesis too.
#pragma once

#include <string>

#include "blockchain/chain.hpp"
#include "node/service/babe_state.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node {

void register_sync_state_methods(::canary::rpc::MethodRegistry& registry,
                                 const blockchain::Chain& chain, const BabeState& babe,
                                 std::string chain_spec_json);

}  // namespace canary::node
