// A GRANDPA voter for one authority set, as a sans-IO state machine (paritytech/finality-grandpa
// src/voter/mod.rs and voter/voting_round.rs). It is fed time, chain answers (ChainAccess) and
// gossip, and returns VoterEvents; it reads no clock, draws no randomness and does no I/O.
//
// Rounds: round r starts when round r-1 is completable, we precommitted in it and its estimate
// is finalized. In round r the voter
//  - as primary (voter index r mod n), proposes the previous round's estimate if it is not final;
//  - prevotes at start + 2·gossip_duration, or earlier once the round is completable: the best
//    block containing the previous estimate (or the primary's proposal when the previous
//    prevote-GHOST contains it), as ChainAccess::best_chain_containing answers;
//  - precommits at start + 4·gossip_duration, or earlier once completable, as soon as the
//    prevote-GHOST descends from the previous estimate: the prevote-GHOST.
// One departure, for single-authority chains (`--dev`): when the local voter's weight alone
// reaches the threshold and there is a block above the last finalized one to vote for, no other
// vote can change the outcome, so it prevotes and precommits at once instead of waiting for the
// timers. Idle rounds (nothing new to finalize) keep the reference timing, which paces them.
//
// Finality: a round that is completable and in which we precommitted (or that we learned from a
// catch-up) reports its finalized block; a valid commit from the network for a later block does
// too. Each new finalized block yields a Finalized event with its justification, and a
// BroadcastCommit when we precommitted in that round.
//
// Incoming votes are signature-checked, votes from non-voters and for other sets are dropped,
// duplicates are recognised, equivocations reported. Votes for the next few rounds are kept until
// those rounds start; votes for blocks the chain does not know yet are kept (bounded) and retried
// on every poll, so the node should poll after importing blocks.
//
// Restart safety: persist best_round_number() and the votes we cast in it; restart with
// last_completed_round = that round - 1 and resume_votes = those votes, so that a restarted voter
// never votes twice in one round yet takes part in it again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "consensus/grandpa/chain_access.hpp"
#include "consensus/grandpa/gossip_message.hpp"
#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/round.hpp"
#include "consensus/grandpa/round_state_report.hpp"
#include "consensus/grandpa/voter_events.hpp"
#include "consensus/grandpa/voter_set.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

struct VoterConfig {
  SetId set_id = 0;
  AuthorityList authorities;
  // The `gran` key; absent (or not in the set) for a node that only observes.
  std::optional<crypto::ed25519::Keypair> local_key;
  // The last finalized block: the base of the first round. For a new set, the block that enacted
  // it.
  BlockRef base;
  // The voter starts at round last_completed_round + 1; 0 for a new set (sc-consensus-grandpa
  // environment.rs `VoterSetState::live` treats round 0 as completed at the base).
  RoundNumber last_completed_round = 0;
  // The gossip propagation estimate T (sc-consensus-grandpa Config::gossip_duration).
  uint64_t gossip_duration_ms = 1000;
  // Our own votes already cast in round last_completed_round + 1 before a restart (what
  // sc-consensus-grandpa persists as HasVoted): the voter resumes that round with them, sends them
  // again and never casts another vote of the same kind in it. Without this, a restarted voter
  // has to skip the round it was in, and when the others are stuck in that round waiting for its
  // votes (two of four voters left), nobody moves again.
  std::vector<SignedMessage> resume_votes;
};

class Voter {
 public:
  static Result<Voter, GrandpaError> create(const VoterConfig& config, uint64_t now_ms);

  Voter(Voter&&) noexcept;
  Voter& operator=(Voter&&) noexcept;
  ~Voter();

  // Drives timers and re-checks the chain (call at Wake times and after importing blocks).
  std::vector<VoterEvent> poll(const ChainAccess& chain, uint64_t now_ms);

  // Gossip input.
  std::vector<VoterEvent> on_vote(const ChainAccess& chain, uint64_t now_ms,
                                  const VoteMessage& vote);
  std::vector<VoterEvent> on_commit(const ChainAccess& chain, uint64_t now_ms,
                                    const CommitMessage& commit);
  // A completed later round's votes (finality-grandpa voter/mod.rs `validate_catch_up`): when
  // valid, the voter jumps to the round after it.
  std::vector<VoterEvent> on_catch_up(const ChainAccess& chain, uint64_t now_ms,
                                      const CatchUpMessage& catch_up);

  // The answer to a peer's CatchUpRequest: our latest completed round at or after the requested
  // one, if we have it.
  std::optional<CatchUpMessage> catch_up_response(const CatchUpRequest& request) const;
  NeighborPacket neighbor_packet() const;
  VoterStateReport report() const;

  SetId set_id() const;
  RoundNumber best_round_number() const;
  BlockRef last_finalized() const;
  const VoterSet& voters() const;

 private:
  struct Impl;
  explicit Voter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace canary::consensus::grandpa
