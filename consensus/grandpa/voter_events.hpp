// What the voter asks the node to do. Every Voter entry point returns these in order; the node
// gossips votes and commits on `/grandpa/1`, finalizes blocks (feeding AuthoritySetTracker),
// reports equivocations, and calls Voter::poll again at the last Wake time.
#pragma once

#include <cstdint>
#include <variant>

#include "consensus/grandpa/commit.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/round.hpp"
#include "consensus/grandpa/vote_messages.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::consensus::grandpa {

// A vote we cast: gossip it as GossipMessage VoteMessage{round, set_id, message}.
struct BroadcastVote {
  RoundNumber round = 0;
  SetId set_id = 0;
  SignedMessage message;
};

// A round we precommitted in finalized a block: gossip CommitMessage{round, set_id, commit}.
struct BroadcastCommit {
  RoundNumber round = 0;
  SetId set_id = 0;
  CompactCommit commit;
};

// `block` is final. `justification` is the SCALE GrandpaJustification built from `commit` and
// the chain's headers (empty if a header was missing); store it at least for blocks that enact
// an authority-set change.
struct Finalized {
  BlockRef block;
  RoundNumber round = 0;
  Commit commit;
  Bytes justification;
};

// A voter signed two different votes in one phase of a round (the proof for an offence report).
struct EquivocationDetected {
  SetId set_id = 0;
  Equivocation equivocation;
};

// Call Voter::poll at (or after) this time; replaces any earlier Wake.
struct Wake {
  uint64_t at_ms = 0;
};

using VoterEvent =
    std::variant<BroadcastVote, BroadcastCommit, Finalized, EquivocationDetected, Wake>;

}  // namespace canary::consensus::grandpa
