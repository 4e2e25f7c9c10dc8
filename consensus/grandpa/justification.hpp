// GRANDPA justifications: the proof that a block is final, stored with blocks that enact
// authority-set changes and served to syncing peers and light clients (sp-consensus-grandpa
// `GrandpaJustification`, sc-consensus-grandpa justification.rs). SCALE:
//   round u64 ‖ Commit {target_hash, target_number u32, Vec<SignedPrecommit>} ‖ Vec<Header>
// where the headers (votes_ancestries) link every precommit target down to the lowest one.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "consensus/grandpa/commit.hpp"
#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/voter_set.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

struct GrandpaJustification {
  RoundNumber round = 0;
  Commit commit;
  std::vector<block::Header> votes_ancestries;

  bool operator==(const GrandpaJustification&) const = default;
  CANARY_SCALE_FIELDS(round, commit, votes_ancestries)
};

// justification.rs `verify_with_voter_set`, in its order:
//  1. the commit finalizes its target under `voters` (validate_commit over the ancestry headers);
//  2. every precommit is signed for (justification.round, set_id);
//  3. every precommit target is linked to the lowest target by votes_ancestries, and
//  4. votes_ancestries holds no header that no precommit needs.
Result<void, GrandpaError> verify_justification(const GrandpaJustification& justification,
                                                SetId set_id, const VoterSet& voters);

// justification.rs `decode_and_verify_finalizes`: exactly one justification in `bytes` (no
// trailing bytes), for `target`, valid for the set.
Result<GrandpaJustification, GrandpaError> decode_and_verify_justification(ByteSpan bytes,
                                                                           const BlockRef& target,
                                                                           SetId set_id,
                                                                           const VoterSet& voters);

using HeaderLookup = std::function<std::optional<block::Header>(const BlockHash&)>;

// justification.rs `from_commit`: the commit plus the headers from each precommit target down
// to (excluding) the lowest target, each header once.
Result<GrandpaJustification, GrandpaError> make_justification(RoundNumber round,
                                                              const Commit& commit,
                                                              const HeaderLookup& header_of);

}  // namespace canary::consensus::grandpa
