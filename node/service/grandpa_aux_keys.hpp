// Where GRANDPA's records live in the database's aux column: written by GrandpaService, read by it
// on restart and by the `/sync/warp` server (warp_sync_server.hpp), which must agree on the keys.
#pragma once

#include <string_view>

namespace canary::node {

// consensus/grandpa's AuthoritySetTracker::encode(): the current set, the pending changes and the
// (set id, last block number) of every set that ended (Canary's own layout).
inline constexpr std::string_view kGrandpaAuthoritySetKey = "grandpa:authority_set";

// The SCALE GrandpaJustification of the latest block GRANDPA finalized, rewritten at every
// finality (sc-consensus-grandpa aux_schema.rs BEST_JUSTIFICATION, same key and value): the last
// fragment of a warp sync proof.
inline constexpr std::string_view kGrandpaBestJustificationKey = "grandpa_best_justification";

}  // namespace canary::node
