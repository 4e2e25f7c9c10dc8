// Which finalized blocks keep their GRANDPA justification in the database (sc-consensus-grandpa
// environment.rs: `finalize_block`'s `justification_required` and `should_process_justification`).
// A justification received from outside (with a block, or on request) is always kept; one the
// node made from a commit is kept only when the block enacts an authority set change (warp sync
// proofs, syncing nodes and light clients need exactly those), for the first block finalized
// after genesis, and once per period of blocks. The newest one is kept anyway as the "best
// justification" (an aux key), so finality stays provable beyond the last kept one.
//
// Why not every block: a peer's block response carries every stored justification of its range,
// and a light client verifies the highest first; one above a set change it has not finalized yet
// is "too far ahead", and smoldot bans the peer for it (40 s). Serving only the justifications
// Substrate nodes keep lets smoldot finalize set by set.
#pragma once

#include "consensus/grandpa/grandpa_types.hpp"

namespace canary::consensus::grandpa {

// polkadot-service's GRANDPA_JUSTIFICATION_PERIOD.
inline constexpr BlockNumber kJustificationPeriod = 512;

// Whether finalizing `number` by a commit of our voter (or one gossiped to it) stores the
// justification, with `previous_finalized` the number finalized before. `period` > 0.
bool keeps_commit_justification(BlockNumber previous_finalized, BlockNumber number,
                                bool enacts_change, BlockNumber period = kJustificationPeriod);

}  // namespace canary::consensus::grandpa
