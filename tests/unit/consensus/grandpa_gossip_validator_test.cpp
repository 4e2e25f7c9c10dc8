// The `/grandpa/1` gossip policy (GossipValidator) on real encoded messages: votes, commits and
// catch-ups signed by the ed25519 dev keys of a 4-authority set (//Alice .. //Dave; //Eve is not
// a voter), neighbor packets, and bytes that decode to nothing. Expected costs and benefits are
// sc-consensus-grandpa's (communication/mod.rs) and sc-network-gossip's, spelled out as numbers
// here so that a changed constant fails the tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "consensus/grandpa/gossip_validator.hpp"
#include "consensus/grandpa/signing.hpp"
#include "consensus/grandpa/voter.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"

namespace canary::consensus::grandpa {
namespace {

PeerKey peer_key(std::string_view name) {
  return PeerKey{to_bytes(name)};
}

BlockHash block_hash(uint8_t tag) {
  BlockHash hash{};
  hash.fill(tag);
  return hash;
}

Bytes encode(const GossipMessage& message) {
  return scale::encode(message);
}

GossipMessage decode(const Bytes& bytes) {
  auto message = decode_gossip_message(bytes);
  if (!message) contract_violation();
  return *message;
}

Message prevote(BlockNumber number, uint8_t tag = 1) {
  return Prevote{block_hash(tag), number};
}

Message precommit(BlockNumber number, uint8_t tag = 1) {
  return Precommit{block_hash(tag), number};
}

std::vector<ReputationChange> changes_for(const std::vector<PeerReport>& reports,
                                          const PeerKey& peer) {
  std::vector<ReputationChange> out;
  for (const PeerReport& report : reports) {
    if (report.peer == peer) out.push_back(report.change);
  }
  return out;
}

int32_t total_for(const std::vector<PeerReport>& reports, const PeerKey& peer) {
  int32_t total = 0;
  for (const ReputationChange& change : changes_for(reports, peer)) total += change.value;
  return total;
}

// Every peer a notification goes to, for one set of bytes.
std::vector<PeerKey> recipients(const GossipActions& actions, const Bytes& bytes) {
  std::vector<PeerKey> out;
  for (const OutgoingMessage& message : actions.send) {
    if (message.bytes == bytes) out.insert(out.end(), message.to.begin(), message.to.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<PeerKey> sorted(std::vector<PeerKey> peers) {
  std::sort(peers.begin(), peers.end());
  return peers;
}

class GrandpaGossipValidator : public ::testing::Test {
 protected:
  GrandpaGossipValidator()
      : keys_(testing::dev_keys(5)),
        authorities_(testing::authorities_of({keys_[0], keys_[1], keys_[2], keys_[3]})),
        validator_(GossipConfig{}, now_) {}

  static constexpr SetId kSet = 1;

  // Set kSet with the four authorities, at `round`.
  void start(RoundNumber round = 5) {
    ASSERT_TRUE(validator_.note_set(kSet, authorities_, now_));
    validator_.note_round(round, now_);
  }

  GossipActions add(const PeerKey& peer, PeerRole role = PeerRole::kAuthority) {
    return validator_.add_peer(peer, role, now_);
  }

  ValidationResult receive(const PeerKey& peer, const Bytes& bytes,
                           const CatchUpSource& source = {}) {
    return validator_.validate(peer, bytes, now_, source);
  }

  ValidationResult neighbor(const PeerKey& peer, RoundNumber round, SetId set_id,
                            BlockNumber commit = 0) {
    return receive(peer, encode(NeighborPacket{round, set_id, commit}));
  }

  Bytes vote(size_t signer, RoundNumber round, SetId set_id, const Message& message) const {
    return encode(VoteMessage{round, set_id, sign_message(keys_[signer], message, round, set_id)});
  }

  // A commit for `number` signed by the given authorities in (round, set_id).
  CommitMessage commit(RoundNumber round, SetId set_id, BlockNumber number,
                       const std::vector<size_t>& signers, uint8_t tag = 7) const {
    CommitMessage message{round, set_id, {}};
    message.message.target_hash = block_hash(tag);
    message.message.target_number = number;
    for (size_t signer : signers) {
      const Precommit vote{block_hash(tag), number};
      SignedMessage signed_vote = sign_message(keys_[signer], vote, round, set_id);
      message.message.precommits.push_back(vote);
      message.message.auth_data.emplace_back(signed_vote.signature, signed_vote.id);
    }
    return message;
  }

  // A completed round's votes as a catch-up answer.
  CatchUpMessage catch_up(RoundNumber round, SetId set_id, const std::vector<size_t>& signers,
                          BlockNumber number = 20) const {
    CatchUpMessage message;
    message.set_id = set_id;
    message.round = round;
    message.base_hash = block_hash(9);
    message.base_number = 10;
    for (size_t signer : signers) {
      const Prevote pv{block_hash(3), number};
      const Precommit pc{block_hash(3), number};
      SignedMessage spv = sign_message(keys_[signer], pv, round, set_id);
      SignedMessage spc = sign_message(keys_[signer], pc, round, set_id);
      message.prevotes.push_back({pv, spv.signature, spv.id});
      message.precommits.push_back({pc, spc.signature, spc.id});
    }
    return message;
  }

  uint64_t now_ = 1'000'000;
  std::vector<crypto::ed25519::Keypair> keys_;
  AuthorityList authorities_;
  GossipValidator validator_;
  const PeerKey a_ = peer_key("peer-a");
  const PeerKey b_ = peer_key("peer-b");
  const PeerKey c_ = peer_key("peer-c");
  const PeerKey d_ = peer_key("peer-d");
  const PeerKey light_ = peer_key("peer-light");
};

// --- the local view and our neighbor packets

TEST_F(GrandpaGossipValidator, NeighborPacketsFollowTheLocalView) {
  // Before the first set nothing is announced and there is no view.
  EXPECT_TRUE(add(a_).send.empty());
  EXPECT_FALSE(validator_.local_view());
  EXPECT_TRUE(validator_.note_round(3, now_).send.empty());
  add(b_);

  auto actions = validator_.note_set(kSet, authorities_, now_);
  ASSERT_TRUE(actions);
  ASSERT_EQ(actions->send.size(), 1u);
  EXPECT_EQ(sorted(actions->send[0].to), sorted({a_, b_}));
  EXPECT_EQ(decode(actions->send[0].bytes), GossipMessage(NeighborPacket{1, kSet, 0}));
  // The V1 layout: enum index 2, version 1, round, set id, u32 number.
  const Bytes expected = {2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(actions->send[0].bytes, expected);

  // The same set again is no change (an unchanged packet would be punished as a duplicate).
  auto again = validator_.note_set(kSet, authorities_, now_);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->send.empty());

  auto round = validator_.note_round(2, now_);
  ASSERT_EQ(round.send.size(), 1u);
  EXPECT_EQ(decode(round.send[0].bytes), GossipMessage(NeighborPacket{2, kSet, 0}));
  EXPECT_TRUE(validator_.note_round(2, now_).send.empty());

  auto commit = validator_.note_commit_finalized(2, kSet, 40, now_);
  ASSERT_EQ(commit.send.size(), 1u);
  EXPECT_EQ(decode(commit.send[0].bytes), GossipMessage(NeighborPacket{2, kSet, 40}));
  EXPECT_TRUE(validator_.note_commit_finalized(2, kSet, 40, now_).send.empty());
  EXPECT_TRUE(validator_.note_commit_finalized(3, kSet, 39, now_).send.empty());

  // A new set starts at round 1 and keeps the last commit number.
  auto next_set = validator_.note_set(kSet + 1, authorities_, now_);
  ASSERT_TRUE(next_set);
  ASSERT_EQ(next_set->send.size(), 1u);
  EXPECT_EQ(decode(next_set->send[0].bytes), GossipMessage(NeighborPacket{1, kSet + 1, 40}));
  ASSERT_TRUE(validator_.local_view());
  EXPECT_EQ(validator_.local_view()->round, 1u);
  EXPECT_EQ(validator_.local_view()->last_commit, 40u);
}

TEST_F(GrandpaGossipValidator, InvalidAuthorityListIsAnError) {
  auto result = validator_.note_set(kSet, {}, now_);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), GrandpaError::kEmptyAuthoritySet);
  EXPECT_FALSE(validator_.local_view());
}

TEST_F(GrandpaGossipValidator, NewPeerGetsOurNeighborPacket) {
  start(7);
  validator_.note_commit_finalized(6, kSet, 33, now_);
  auto actions = add(a_);
  ASSERT_EQ(actions.send.size(), 1u);
  EXPECT_EQ(actions.send[0].to, std::vector<PeerKey>{a_});
  EXPECT_EQ(decode(actions.send[0].bytes), GossipMessage(NeighborPacket{7, kSet, 33}));
  EXPECT_EQ(validator_.peer_count(), 1u);
}

TEST_F(GrandpaGossipValidator, NeighborPacketIsRebroadcastEveryTwoMinutes) {
  start(4);
  add(a_);
  now_ += 60'000;
  add(b_);
  EXPECT_EQ(validator_.next_tick_ms(), now_ - 60'000 + 120'000);

  EXPECT_TRUE(validator_.tick(now_ + 59'999).send.empty());
  auto first = validator_.tick(now_ + 60'000);
  ASSERT_EQ(first.send.size(), 1u);
  EXPECT_EQ(first.send[0].to, std::vector<PeerKey>{a_});
  EXPECT_EQ(decode(first.send[0].bytes), GossipMessage(NeighborPacket{4, kSet, 0}));

  auto second = validator_.tick(now_ + 120'000);
  ASSERT_EQ(second.send.size(), 1u);
  EXPECT_EQ(second.send[0].to, std::vector<PeerKey>{b_});

  // A change resets every peer's timer.
  now_ += 130'000;
  validator_.note_round(5, now_);
  EXPECT_TRUE(validator_.tick(now_ + 119'999).send.empty());
  EXPECT_EQ(validator_.next_tick_ms(), now_ + 120'000);
}

// --- peers' views

TEST_F(GrandpaGossipValidator, PeerViewFollowsNeighborPackets) {
  start();
  add(a_, PeerRole::kFull);
  ASSERT_TRUE(validator_.peer_view(a_));
  EXPECT_EQ(validator_.peer_view(a_)->set_id, 0u);  // gossip.rs View::default
  EXPECT_EQ(validator_.peer_view(a_)->round, 1u);

  auto result = neighbor(a_, 5, kSet, 10);
  EXPECT_EQ(result.verdict, GossipVerdict::kDiscard);
  EXPECT_FALSE(result.deliver);
  EXPECT_TRUE(result.forward_to.empty());
  EXPECT_EQ(changes_for(result.actions.reports, a_),
            std::vector<ReputationChange>{benefit::kNeighborMessage});
  EXPECT_EQ(benefit::kNeighborMessage.value, 100);
  auto view = validator_.peer_view(a_);
  EXPECT_EQ(view->set_id, kSet);
  EXPECT_EQ(view->round, 5u);
  EXPECT_EQ(view->last_commit, 10u);
  EXPECT_EQ(view->role, PeerRole::kFull);

  // Backwards in round, set or commit number: INVALID_VIEW_CHANGE, and the view stays.
  for (const NeighborPacket& back : {NeighborPacket{4, kSet, 10}, NeighborPacket{9, kSet - 1, 10},
                                     NeighborPacket{6, kSet, 9}, NeighborPacket{1, kSet + 1, 9}}) {
    auto rejected = receive(a_, encode(back));
    EXPECT_EQ(changes_for(rejected.actions.reports, a_),
              std::vector<ReputationChange>{cost::kInvalidViewChange});
    EXPECT_EQ(validator_.peer_view(a_)->round, 5u);
  }
  EXPECT_EQ(cost::kInvalidViewChange.value, -500);

  // A new set may start at a lower round.
  EXPECT_EQ(total_for(neighbor(a_, 1, kSet + 1, 10).actions.reports, a_), 100);
  EXPECT_EQ(validator_.peer_view(a_)->round, 1u);

  // The same packet again within a minute is a duplicate; after it, a welcome refresh.
  now_ += 59'999;
  EXPECT_EQ(changes_for(neighbor(a_, 1, kSet + 1, 10).actions.reports, a_),
            std::vector<ReputationChange>{cost::kDuplicateNeighborMessage});
  EXPECT_EQ(cost::kDuplicateNeighborMessage.value, -500);
  now_ += 1;
  EXPECT_EQ(changes_for(neighbor(a_, 1, kSet + 1, 10).actions.reports, a_),
            std::vector<ReputationChange>{benefit::kNeighborMessage});
}

TEST_F(GrandpaGossipValidator, NeighborPacketsAreNeverCached) {
  start();
  add(a_);
  const Bytes packet = encode(NeighborPacket{5, kSet, 0});
  EXPECT_EQ(receive(a_, packet).verdict, GossipVerdict::kDiscard);
  // Not a duplicate for the dedup cache: validated again, and punished as a neighbor duplicate.
  auto again = receive(a_, packet);
  EXPECT_EQ(again.verdict, GossipVerdict::kDiscard);
  EXPECT_EQ(changes_for(again.actions.reports, a_),
            std::vector<ReputationChange>{cost::kDuplicateNeighborMessage});
  EXPECT_EQ(validator_.known_message_count(), 0u);
}

// --- votes

TEST_F(GrandpaGossipValidator, VoteOfTheCurrentRoundIsDeliveredAndKept) {
  start(5);
  add(a_);
  const Bytes bytes = vote(1, 5, kSet, prevote(12));
  auto result = receive(a_, bytes);
  EXPECT_EQ(result.verdict, GossipVerdict::kKeep);
  ASSERT_TRUE(result.deliver);
  const auto* delivered = std::get_if<VoteMessage>(&*result.deliver);
  ASSERT_NE(delivered, nullptr);
  EXPECT_EQ(delivered->round, 5u);
  EXPECT_EQ(delivered->set_id, kSet);
  EXPECT_EQ(delivered->message.id, keys_[1].public_key);
  EXPECT_TRUE(verify_message(delivered->message, 5, kSet));
  EXPECT_EQ(changes_for(result.actions.reports, a_),
            (std::vector<ReputationChange>{benefit::kRoundMessage, benefit::kGossipSuccess}));
  EXPECT_EQ(total_for(result.actions.reports, a_), 100 + 16);
  EXPECT_FALSE(result.reply);
  EXPECT_EQ(validator_.known_message_count(), 1u);
  EXPECT_EQ(validator_.kept_message_count(), 1u);
}

TEST_F(GrandpaGossipValidator, VotesOnlyForOurSetAndRoundsAroundOurs) {
  add(a_);
  // No local view yet: out of scope.
  EXPECT_EQ(changes_for(receive(a_, vote(0, 1, kSet, prevote(1))).actions.reports, a_),
            std::vector<ReputationChange>{cost::kOutOfScopeMessage});

  start(5);
  struct Case {
    RoundNumber round;
    SetId set_id;
    std::optional<ReputationChange> rejection;
  };
  const Case cases[] = {
      {4, kSet, std::nullopt},
      {5, kSet, std::nullopt},
      {6, kSet, std::nullopt},
      {3, kSet, cost::kPastRejection},
      {1, kSet, cost::kPastRejection},
      {7, kSet, cost::kFutureMessage},
      {100, kSet, cost::kFutureMessage},
      {5, kSet - 1, cost::kPastRejection},
      {5, kSet + 1, cost::kFutureMessage},
      {1, kSet + 1, cost::kFutureMessage},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(std::pair{c.round, c.set_id}));
    auto result = receive(a_, vote(2, c.round, c.set_id, precommit(30)));
    if (c.rejection) {
      EXPECT_EQ(result.verdict, GossipVerdict::kDiscard);
      EXPECT_FALSE(result.deliver);
      EXPECT_EQ(changes_for(result.actions.reports, a_),
                std::vector<ReputationChange>{*c.rejection});
    } else {
      EXPECT_EQ(result.verdict, GossipVerdict::kKeep);
      EXPECT_TRUE(result.deliver);
    }
  }
  EXPECT_EQ(cost::kPastRejection.value, -50);
  EXPECT_EQ(cost::kFutureMessage.value, -500);
  EXPECT_EQ(cost::kOutOfScopeMessage.value, -500);

  // A rejected future vote is not remembered: once we reach its round it is welcome.
  const Bytes early = vote(3, 7, kSet, prevote(31));
  EXPECT_FALSE(receive(a_, early).deliver);
  validator_.note_round(6, now_);
  EXPECT_TRUE(receive(a_, early).deliver);
}

TEST_F(GrandpaGossipValidator, VotesFromNonVotersOrWithBadSignatures) {
  start(5);
  add(a_);
  // //Eve is not in the set.
  auto unknown = receive(a_, vote(4, 5, kSet, prevote(12)));
  EXPECT_EQ(changes_for(unknown.actions.reports, a_),
            std::vector<ReputationChange>{cost::kUnknownVoter});
  EXPECT_EQ(cost::kUnknownVoter.value, -150);

  // A flipped signature bit, and a vote signed for another round relabelled as this one.
  VoteMessage tampered{5, kSet, sign_message(keys_[0], prevote(12), 5, kSet)};
  tampered.message.signature[10] ^= 1;
  VoteMessage relabelled{5, kSet, sign_message(keys_[0], prevote(12), 4, kSet)};
  VoteMessage other_set{5, kSet, sign_message(keys_[0], prevote(12), 5, kSet + 1)};
  for (const VoteMessage& bad : {tampered, relabelled, other_set}) {
    auto result = receive(a_, encode(bad));
    EXPECT_EQ(result.verdict, GossipVerdict::kDiscard);
    EXPECT_FALSE(result.deliver);
    EXPECT_EQ(changes_for(result.actions.reports, a_),
              std::vector<ReputationChange>{cost::kBadSignature});
  }
  EXPECT_EQ(cost::kBadSignature.value, -100);
  EXPECT_EQ(validator_.known_message_count(), 0u);
}

TEST_F(GrandpaGossipValidator, TheSameVoteFromSeveralPeersIsDeliveredOnce) {
  start(5);
  for (const PeerKey& p : {a_, b_, c_}) {
    add(p);
    neighbor(p, 5, kSet);
  }
  const Bytes bytes = vote(0, 5, kSet, prevote(12));
  auto first = receive(a_, bytes);
  EXPECT_TRUE(first.deliver);
  EXPECT_EQ(sorted(first.forward_to), sorted({b_, c_}));

  // b and c were sent it by us; their copies cross ours. They are not delivered nor forwarded,
  // and only a peer that already knew the message (we sent it, or it sent it before) pays.
  for (const PeerKey& p : {b_, c_}) {
    auto copy = receive(p, bytes);
    EXPECT_EQ(copy.verdict, GossipVerdict::kDuplicate);
    EXPECT_FALSE(copy.deliver);
    EXPECT_TRUE(copy.forward_to.empty());
    EXPECT_EQ(changes_for(copy.actions.reports, p),
              std::vector<ReputationChange>{cost::kDuplicateGossip});
  }
  auto again = receive(a_, bytes);
  EXPECT_EQ(again.verdict, GossipVerdict::kDuplicate);
  EXPECT_EQ(changes_for(again.actions.reports, a_),
            std::vector<ReputationChange>{cost::kDuplicateGossip});
  EXPECT_EQ(cost::kDuplicateGossip.value, -4);

  // A peer we never sent it to, sending it first time: no cost, just remembered.
  add(d_, PeerRole::kFull);
  auto from_d = receive(d_, bytes);
  EXPECT_EQ(from_d.verdict, GossipVerdict::kDuplicate);
  EXPECT_TRUE(from_d.actions.reports.empty());
  EXPECT_EQ(changes_for(receive(d_, bytes).actions.reports, d_),
            std::vector<ReputationChange>{cost::kDuplicateGossip});

  // An equivocation is another message: delivered too.
  EXPECT_TRUE(receive(b_, vote(0, 5, kSet, prevote(12, 2))).deliver);
}

TEST_F(GrandpaGossipValidator, VotesAreForwardedOnlyToPeersWhoseViewAcceptsThem) {
  start(5);
  add(a_);
  add(b_);                        // round 5 of our set
  add(c_);                        // never sent a neighbor packet: set 0, round 1
  add(d_, PeerRole::kFull);       // round 7: round 5 is past for it
  add(light_, PeerRole::kLight);  // round 5, but light clients get no round messages
  neighbor(b_, 5, kSet);
  neighbor(d_, 7, kSet);
  neighbor(light_, 5, kSet);

  auto result = receive(a_, vote(0, 5, kSet, prevote(12)));
  EXPECT_EQ(result.forward_to, std::vector<PeerKey>{b_});

  // Round 6 is b's next round and d's previous one.
  auto next = receive(a_, vote(1, 6, kSet, prevote(13)));
  EXPECT_EQ(sorted(next.forward_to), sorted({b_, d_}));
}

TEST_F(GrandpaGossipValidator, PeerEnteringARoundGetsItsKeptVotes) {
  start(4);
  validator_.note_round(5, now_);  // rounds 4, 5 and 6 are live
  add(a_);
  add(b_);
  const Bytes v4 = vote(0, 4, kSet, precommit(11));
  const Bytes v5 = vote(1, 5, kSet, prevote(12));
  const Bytes v6 = vote(2, 6, kSet, prevote(12));
  ASSERT_TRUE(receive(a_, v4).deliver);
  ASSERT_TRUE(receive(a_, v5).deliver);
  ASSERT_TRUE(receive(a_, v6).deliver);
  EXPECT_EQ(validator_.kept_message_count(), 3u);

  // b announces round 5: it gets the kept votes of its round and the one before
  // (gossip.rs `neighbor_topics`), not the next round's, and not a's own back.
  auto result = neighbor(b_, 5, kSet);
  EXPECT_EQ(recipients(result.actions, v5), std::vector<PeerKey>{b_});
  EXPECT_EQ(recipients(result.actions, v4), std::vector<PeerKey>{b_});
  EXPECT_TRUE(recipients(result.actions, v6).empty());
  ASSERT_EQ(result.actions.send.size(), 2u);
  // Its round first, in arrival order.
  EXPECT_EQ(result.actions.send[0].bytes, v5);

  // Moving on to round 6 brings round 6's vote, and nothing twice.
  auto moved = neighbor(b_, 6, kSet);
  ASSERT_EQ(moved.actions.send.size(), 1u);
  EXPECT_EQ(moved.actions.send[0].bytes, v6);

  // a sent them all: it is owed nothing.
  EXPECT_TRUE(neighbor(a_, 6, kSet).actions.send.empty());
}

TEST_F(GrandpaGossipValidator, OwnVotesGoToPeersThatAcceptThem) {
  start(5);
  add(a_);
  add(b_);
  add(light_, PeerRole::kLight);
  neighbor(a_, 5, kSet);
  neighbor(light_, 5, kSet);
  // b stays at set 0.
  const BroadcastVote ours{5, kSet, sign_message(keys_[0], precommit(12), 5, kSet)};
  auto actions = validator_.broadcast_vote(ours);
  const Bytes bytes = encode(VoteMessage{ours.round, ours.set_id, ours.message});
  ASSERT_EQ(actions.send.size(), 1u);
  EXPECT_EQ(actions.send[0].bytes, bytes);
  EXPECT_EQ(actions.send[0].to, std::vector<PeerKey>{a_});

  // Echoed back by a (which we sent it to): a duplicate, never delivered to our voter.
  auto echo = receive(a_, bytes);
  EXPECT_EQ(echo.verdict, GossipVerdict::kDuplicate);
  EXPECT_FALSE(echo.deliver);

  // b joins our set and gets it then.
  auto joined = neighbor(b_, 5, kSet);
  EXPECT_EQ(recipients(joined.actions, bytes), std::vector<PeerKey>{b_});
}

TEST_F(GrandpaGossipValidator, KeptVotesExpireWithTheirRounds) {
  start(5);
  add(a_);
  ASSERT_TRUE(receive(a_, vote(0, 5, kSet, prevote(12))).deliver);
  ASSERT_TRUE(receive(a_, vote(0, 6, kSet, prevote(13))).deliver);
  EXPECT_EQ(validator_.kept_message_count(), 2u);
  // Rounds kept: the last three completed, the current and the next (gossip.rs KeepTopics).
  for (RoundNumber r = 6; r <= 8; ++r) validator_.note_round(r, now_);
  EXPECT_EQ(validator_.kept_message_count(), 2u);
  validator_.note_round(9, now_);
  EXPECT_EQ(validator_.kept_message_count(), 1u);
  validator_.note_round(10, now_);
  EXPECT_EQ(validator_.kept_message_count(), 0u);
  // Still known: a late copy is recognised, not delivered again.
  EXPECT_EQ(validator_.known_message_count(), 2u);
  EXPECT_EQ(receive(a_, vote(0, 5, kSet, prevote(12))).verdict, GossipVerdict::kDuplicate);

  // A new set drops the old set's votes from the live rounds.
  validator_.note_round(11, now_);
  ASSERT_TRUE(receive(a_, vote(1, 11, kSet, prevote(14))).deliver);
  EXPECT_EQ(validator_.kept_message_count(), 1u);
  ASSERT_TRUE(validator_.note_set(kSet + 1, authorities_, now_));
  EXPECT_EQ(validator_.kept_message_count(), 1u);  // still among the 5 live rounds
  for (RoundNumber r = 2; r <= 4; ++r) validator_.note_round(r, now_);
  EXPECT_EQ(validator_.kept_message_count(), 0u);
}

// --- commits

TEST_F(GrandpaGossipValidator, CommitIsCheckedThenDeliveredButNotForwarded) {
  start(5);
  add(a_);
  add(b_);
  neighbor(b_, 5, kSet);
  const CommitMessage message = commit(4, kSet, 50, {0, 1, 2});
  auto result = receive(a_, encode(message));
  EXPECT_EQ(result.verdict, GossipVerdict::kProcessAndDiscard);
  ASSERT_TRUE(result.deliver);
  EXPECT_EQ(std::get<CommitMessage>(*result.deliver), message);
  EXPECT_TRUE(result.forward_to.empty());  // only once the voter finalized it
  EXPECT_EQ(
      changes_for(result.actions.reports, a_),
      (std::vector<ReputationChange>{benefit::kBasicValidatedCommit, benefit::kGossipSuccess}));
  EXPECT_EQ(benefit::kBasicValidatedCommit.value, 100);
  EXPECT_EQ(validator_.peer_view(a_)->last_commit, 50u);

  // Another copy (from b) is not delivered again.
  EXPECT_EQ(receive(b_, encode(message)).verdict, GossipVerdict::kDuplicate);

  // All four signers is still within the 4f+1 bound.
  EXPECT_TRUE(receive(a_, encode(commit(4, kSet, 51, {0, 1, 2, 3}))).deliver);
}

TEST_F(GrandpaGossipValidator, CommitRejections) {
  start(5);
  add(a_);
  validator_.note_commit_finalized(4, kSet, 50, now_);

  auto cost_of = [&](const CommitMessage& message) {
    auto result = receive(a_, encode(message));
    EXPECT_FALSE(result.deliver);
    EXPECT_EQ(result.verdict, GossipVerdict::kDiscard);
    auto changes = changes_for(result.actions.reports, a_);
    return changes.size() == 1 ? changes[0] : ReputationChange{};
  };
  // Not above what we finalized.
  EXPECT_EQ(cost_of(commit(4, kSet, 50, {0, 1, 2})), cost::kPastRejection);

  // Malformed: unpaired or empty, a signer outside the set, too little or too much weight.
  CommitMessage unpaired = commit(5, kSet, 60, {0, 1, 2});
  unpaired.message.auth_data.pop_back();
  EXPECT_EQ(cost_of(unpaired), cost::kMalformedCommit);
  EXPECT_EQ(cost_of(commit(5, kSet, 61, {})), cost::kMalformedCommit);
  EXPECT_EQ(cost_of(commit(5, kSet, 62, {0, 1, 4})), cost::kMalformedCommit);
  EXPECT_EQ(cost_of(commit(5, kSet, 63, {0, 1})), cost::kMalformedCommit);  // 2 < threshold 3
  // f = 1: at most 5 unit weights (4 voters + 1 equivocation).
  EXPECT_EQ(cost_of(commit(5, kSet, 64, {0, 1, 2, 3, 0, 1})), cost::kMalformedCommit);
  EXPECT_EQ(cost::kMalformedCommit.value, -1000);

  // A bad second signature: two signatures checked, 25 each.
  CommitMessage bad_signature = commit(5, kSet, 65, {0, 1, 2});
  bad_signature.message.auth_data[1].first[0] ^= 1;
  EXPECT_EQ(cost_of(bad_signature), (ReputationChange{-50, "Grandpa: Bad commit"}));
  // Signed for another round.
  CommitMessage relabelled = commit(4, kSet, 66, {0, 1, 2});
  relabelled.round = 5;
  EXPECT_EQ(cost_of(relabelled), (ReputationChange{-25, "Grandpa: Bad commit"}));

  // The peer's commit numbers may not go backwards (Peers::update_commit_height): its last
  // commit was 66.
  EXPECT_EQ(cost_of(commit(5, kSet, 55, {0, 1, 2})), cost::kInvalidViewChange);
  EXPECT_TRUE(receive(a_, encode(commit(5, kSet, 66, {0, 1, 3}))).deliver);

  // Of another set (checked after the peer's commit number moved up).
  EXPECT_EQ(cost_of(commit(4, kSet - 1, 90, {0, 1, 2})), cost::kPastRejection);
  EXPECT_EQ(cost_of(commit(4, kSet + 1, 91, {0, 1, 2})), cost::kFutureMessage);
}

TEST_F(GrandpaGossipValidator, ImportedCommitIsForwardedOnceToPeersItAdvances) {
  start(5);
  add(a_);
  add(b_);
  add(c_, PeerRole::kFull);
  add(d_);
  add(light_, PeerRole::kLight);
  neighbor(b_, 5, kSet, 10);
  neighbor(c_, 5, kSet, 60);  // already past it
  neighbor(light_, 3, kSet, 10);
  // d stays at set 0.
  const CommitMessage message = commit(4, kSet, 50, {0, 1, 2});
  const Bytes bytes = encode(message);
  ASSERT_TRUE(receive(a_, bytes).deliver);

  // The voter finalized it: our neighbor packet to everyone, the commit to b and the light
  // client (commits do go to light clients), not back to a.
  auto actions = validator_.commit_imported(message, now_);
  const Bytes packet = encode(NeighborPacket{5, kSet, 50});
  EXPECT_EQ(recipients(actions, packet), sorted({a_, b_, c_, d_, light_}));
  EXPECT_EQ(recipients(actions, bytes), sorted({b_, light_}));
  EXPECT_EQ(validator_.local_view()->last_commit, 50u);

  // A second commit for the same number adds nothing (mod.rs: not gossiped again).
  const CommitMessage other = commit(4, kSet, 50, {1, 2, 3});
  EXPECT_FALSE(receive(a_, encode(other)).deliver);  // past for us now
  EXPECT_TRUE(validator_.commit_imported(other, now_).send.empty());

  // d, joining the set, gets the kept commit with its view.
  auto joined = neighbor(d_, 5, kSet, 0);
  EXPECT_EQ(recipients(joined.actions, bytes), std::vector<PeerKey>{d_});

  // A higher commit replaces it in the store.
  const CommitMessage higher = commit(5, kSet, 70, {0, 1, 2});
  ASSERT_TRUE(receive(b_, encode(higher)).deliver);
  validator_.commit_imported(higher, now_);
  add(peer_key("late"));
  auto late = neighbor(peer_key("late"), 5, kSet, 0);
  EXPECT_EQ(recipients(late.actions, encode(higher)), std::vector<PeerKey>{peer_key("late")});
  EXPECT_TRUE(recipients(late.actions, bytes).empty());
}

TEST_F(GrandpaGossipValidator, OwnCommitIsNotedAndSent) {
  start(5);
  add(a_);
  add(b_);
  neighbor(a_, 5, kSet, 10);
  CommitMessage message = commit(5, kSet, 40, {0, 1, 2});
  auto actions = validator_.broadcast_commit({5, kSet, message.message}, now_);
  EXPECT_EQ(recipients(actions, encode(NeighborPacket{5, kSet, 40})), sorted({a_, b_}));
  EXPECT_EQ(recipients(actions, encode(message)), std::vector<PeerKey>{a_});
  EXPECT_EQ(validator_.local_view()->last_commit, 40u);
}

// --- catch-up requests we send

TEST_F(GrandpaGossipValidator, CatchUpRequestToAPeerMoreThanTwoRoundsAhead) {
  start(5);
  add(a_);
  // Within the threshold, on a lower round, or in another set: no request.
  EXPECT_FALSE(neighbor(a_, 7, kSet).reply);
  EXPECT_FALSE(neighbor(a_, 1, kSet + 1).reply);
  add(b_);
  EXPECT_FALSE(neighbor(b_, 4, kSet).reply);

  add(c_);
  auto result = neighbor(c_, 8, kSet);
  ASSERT_TRUE(result.reply);
  EXPECT_EQ(decode(*result.reply), GossipMessage(CatchUpRequest{7, kSet}));
  // The layout: index 3, round, set id.
  const Bytes expected = {3, 7, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(*result.reply, expected);
  EXPECT_EQ(validator_.catch_up_state(), CatchUpState::kRequesting);

  // One request at a time.
  add(d_);
  EXPECT_FALSE(neighbor(d_, 9, kSet).reply);
}

TEST_F(GrandpaGossipValidator, CatchUpRequestsGoToFullAndAuthorityPeersNotLightOnes) {
  start(1);
  add(light_, PeerRole::kLight);
  EXPECT_FALSE(neighbor(light_, 10, kSet).reply);
  add(a_, PeerRole::kFull);
  EXPECT_TRUE(neighbor(a_, 10, kSet).reply);  // observer protocol off, as Polkadot runs
}

TEST_F(GrandpaGossipValidator, WithTheObserverProtocolOnlyAuthoritiesAskAuthorities) {
  for (PeerRole local : {PeerRole::kFull, PeerRole::kAuthority}) {
    GossipValidator validator(GossipConfig{.local_role = local, .observer_enabled = true}, now_);
    ASSERT_TRUE(validator.note_set(kSet, authorities_, now_));
    validator.add_peer(a_, PeerRole::kFull, now_);
    validator.add_peer(b_, PeerRole::kAuthority, now_);
    auto from_full = validator.validate(a_, encode(NeighborPacket{10, kSet, 0}), now_);
    EXPECT_FALSE(from_full.reply);
    auto from_authority = validator.validate(b_, encode(NeighborPacket{10, kSet, 0}), now_);
    EXPECT_EQ(from_authority.reply.has_value(), local == PeerRole::kAuthority);
  }
}

TEST_F(GrandpaGossipValidator, UnansweredCatchUpRequestTimesOut) {
  start(5);
  add(a_);
  add(b_);
  ASSERT_TRUE(neighbor(a_, 10, kSet).reply);
  now_ += 45'000;  // CATCH_UP_REQUEST_TIMEOUT, inclusive
  EXPECT_FALSE(neighbor(b_, 11, kSet).reply);
  now_ += 1;
  auto result = neighbor(b_, 12, kSet);
  ASSERT_TRUE(result.reply);
  EXPECT_EQ(decode(*result.reply), GossipMessage(CatchUpRequest{11, kSet}));
  EXPECT_EQ(changes_for(result.actions.reports, a_),
            std::vector<ReputationChange>{cost::kCatchUpRequestTimeout});
  EXPECT_EQ(cost::kCatchUpRequestTimeout.value, -200);
  EXPECT_EQ(changes_for(result.actions.reports, b_),
            std::vector<ReputationChange>{benefit::kNeighborMessage});
}

TEST_F(GrandpaGossipValidator, PendingRequestToADisconnectedPeerIsDropped) {
  start(5);
  add(a_);
  add(b_);
  ASSERT_TRUE(neighbor(a_, 10, kSet).reply);
  validator_.remove_peer(a_);
  EXPECT_EQ(validator_.catch_up_state(), CatchUpState::kNone);
  EXPECT_TRUE(neighbor(b_, 10, kSet).reply);
}

// --- catch-up answers we receive

TEST_F(GrandpaGossipValidator, CatchUpAnswerOnlyFromThePeerWeAsked) {
  start(5);
  add(a_);
  add(b_);
  const Bytes answer = encode(catch_up(9, kSet, {0, 1, 2}));
  // Nobody asked.
  EXPECT_EQ(changes_for(receive(a_, answer).actions.reports, a_),
            std::vector<ReputationChange>{cost::kOutOfScopeMessage});

  ASSERT_TRUE(neighbor(a_, 10, kSet).reply);  // asks a for round 9
  auto from_b = receive(b_, answer);
  EXPECT_FALSE(from_b.deliver);
  EXPECT_EQ(changes_for(from_b.actions.reports, b_),
            std::vector<ReputationChange>{cost::kOutOfScopeMessage});

  auto from_a = receive(a_, answer);
  EXPECT_EQ(from_a.verdict, GossipVerdict::kProcessAndDiscard);
  ASSERT_TRUE(from_a.deliver);
  EXPECT_EQ(std::get<CatchUpMessage>(*from_a.deliver), catch_up(9, kSet, {0, 1, 2}));
  EXPECT_FALSE(from_a.reply);
  EXPECT_TRUE(from_a.forward_to.empty());
  EXPECT_EQ(
      changes_for(from_a.actions.reports, a_),
      (std::vector<ReputationChange>{benefit::kBasicValidatedCatchUp, benefit::kGossipSuccess}));
  EXPECT_EQ(benefit::kBasicValidatedCatchUp.value, 200);
  EXPECT_EQ(validator_.catch_up_state(), CatchUpState::kProcessing);

  // While the voter processes it, no new request; afterwards, yes.
  EXPECT_FALSE(neighbor(b_, 12, kSet).reply);
  validator_.note_catch_up_processed();
  EXPECT_EQ(validator_.catch_up_state(), CatchUpState::kNone);
  now_ += 1;
  EXPECT_TRUE(neighbor(b_, 13, kSet).reply);
}

TEST_F(GrandpaGossipValidator, ProcessingCatchUpTimesOutAfterThirtySeconds) {
  start(5);
  add(a_);
  add(b_);
  ASSERT_TRUE(neighbor(a_, 10, kSet).reply);
  ASSERT_TRUE(receive(a_, encode(catch_up(9, kSet, {0, 1, 2}))).deliver);
  now_ += 29'999;  // counted from the request, as gossip.rs does
  EXPECT_FALSE(neighbor(b_, 12, kSet).reply);
  now_ += 1;
  auto result = neighbor(b_, 13, kSet);
  EXPECT_TRUE(result.reply);
  EXPECT_TRUE(changes_for(result.actions.reports, a_).empty());  // processing is not a's fault
}

TEST_F(GrandpaGossipValidator, MalformedOrBadCatchUpAnswers) {
  start(5);
  add(a_);
  auto ask = [&] {
    now_ += 60'000;
    validator_.remove_peer(a_);
    add(a_);
    ASSERT_TRUE(neighbor(a_, 10, kSet).reply);  // round 9
  };
  auto cost_of = [&](const CatchUpMessage& message) {
    auto result = receive(a_, encode(message));
    EXPECT_FALSE(result.deliver);
    auto changes = changes_for(result.actions.reports, a_);
    return changes.size() == 1 ? changes[0] : ReputationChange{};
  };
  ask();
  EXPECT_EQ(cost_of(catch_up(9, kSet + 1, {0, 1, 2})), cost::kMalformedCatchUp);
  EXPECT_EQ(cost_of(catch_up(8, kSet, {0, 1, 2})), cost::kMalformedCatchUp);  // below round 9
  CatchUpMessage no_precommits = catch_up(9, kSet, {0, 1, 2});
  no_precommits.precommits.clear();
  EXPECT_EQ(cost_of(no_precommits), cost::kMalformedCatchUp);
  EXPECT_EQ(cost::kMalformedCatchUp.value, -1000);
  // Weight checks (mod.rs check_catch_up): below the threshold, or a non-voter.
  EXPECT_EQ(cost_of(catch_up(9, kSet, {0, 1})), cost::kMalformedCatchUp);
  ask();
  EXPECT_EQ(cost_of(catch_up(9, kSet, {0, 1, 4})), cost::kMalformedCatchUp);
  // A bad signature on the second precommit: 3 prevotes + 2 precommits checked.
  ask();
  CatchUpMessage bad = catch_up(9, kSet, {0, 1, 2});
  bad.precommits[1].signature[3] ^= 1;
  EXPECT_EQ(cost_of(bad), (ReputationChange{-125, "Grandpa: Bad cath-up message"}));
  // Having failed, the request is over: we may ask again at once.
  EXPECT_EQ(validator_.catch_up_state(), CatchUpState::kNone);
  // A later round than asked is fine.
  ask();
  EXPECT_TRUE(receive(a_, encode(catch_up(10, kSet, {1, 2, 3}))).deliver);
}

// --- catch-up requests we answer

TEST_F(GrandpaGossipValidator, AnsweringCatchUpRequests) {
  start(10);
  add(a_);
  neighbor(a_, 4, kSet);
  int calls = 0;
  const CatchUpMessage completed = catch_up(8, kSet, {0, 1, 2});
  CatchUpSource source = [&](const CatchUpRequest& request) -> std::optional<CatchUpMessage> {
    ++calls;
    if (request.round > 8) return std::nullopt;  // our last completed round is 8
    return completed;
  };
  auto ask = [&](RoundNumber round, SetId set_id) {
    return receive(a_, encode(CatchUpRequest{round, set_id}), source);
  };
  auto only_change = [&](const ValidationResult& result) {
    auto changes = changes_for(result.actions.reports, a_);
    return changes.size() == 1 ? changes[0] : ReputationChange{};
  };

  // Not at or below the requester's own round; not beyond what we completed.
  auto own_round = ask(4, kSet);
  EXPECT_FALSE(own_round.reply);
  EXPECT_EQ(only_change(own_round), cost::kOutOfScopeMessage);
  auto too_far = ask(9, kSet);
  EXPECT_FALSE(too_far.reply);
  EXPECT_EQ(only_change(too_far), cost::kOutOfScopeMessage);
  EXPECT_EQ(calls, 1);
  // Another set: out of scope (the previous set is an honest race only while we are in our new
  // set's first rounds, below).
  EXPECT_EQ(only_change(ask(7, kSet + 1)), cost::kOutOfScopeMessage);
  EXPECT_EQ(only_change(ask(7, kSet - 1)), cost::kOutOfScopeMessage);

  auto answered = ask(7, kSet);
  ASSERT_TRUE(answered.reply);
  EXPECT_EQ(decode(*answered.reply), GossipMessage(completed));
  EXPECT_EQ(answered.verdict, GossipVerdict::kDiscard);
  EXPECT_FALSE(answered.deliver);
  EXPECT_EQ(only_change(answered), cost::kCatchUpReply);
  EXPECT_EQ(cost::kCatchUpReply.value, -200);

  // Rate limit: not again within the interval (the request itself costs as much as an answer).
  now_ += 9'999;
  auto limited = ask(7, kSet);
  EXPECT_FALSE(limited.reply);
  EXPECT_EQ(only_change(limited), cost::kCatchUpReply);
  now_ += 1;
  EXPECT_TRUE(ask(7, kSet).reply);

  // Without a source we cannot answer.
  now_ += 10'000;
  auto no_source = receive(a_, encode(CatchUpRequest{7, kSet}));
  EXPECT_FALSE(no_source.reply);
  EXPECT_EQ(only_change(no_source), cost::kOutOfScopeMessage);
}

TEST_F(GrandpaGossipValidator, CatchUpRequestForThePreviousSetRightAfterAChange) {
  start(1);
  add(a_);
  ASSERT_TRUE(validator_.note_set(kSet + 1, authorities_, now_));
  auto honest = receive(a_, encode(CatchUpRequest{3, kSet}));
  EXPECT_EQ(changes_for(honest.actions.reports, a_),
            std::vector<ReputationChange>{cost::kHonestOutOfScopeCatchUp});
  EXPECT_EQ(cost::kHonestOutOfScopeCatchUp.value, -200);
  // Two sets back is not a race.
  EXPECT_EQ(changes_for(receive(a_, encode(CatchUpRequest{3, kSet - 1})).actions.reports, a_),
            std::vector<ReputationChange>{cost::kOutOfScopeMessage});
  // Nor is it once we are past round 2 of the new set.
  validator_.note_round(3, now_);
  EXPECT_EQ(changes_for(receive(a_, encode(CatchUpRequest{3, kSet})).actions.reports, a_),
            std::vector<ReputationChange>{cost::kOutOfScopeMessage});
}

// --- bytes, peers, bounds

TEST_F(GrandpaGossipValidator, UndecodableBytesCostFiveAPerByte) {
  start(5);
  add(a_);
  Bytes trailing = vote(0, 5, kSet, prevote(12));
  trailing.push_back(0);
  Bytes truncated = vote(0, 5, kSet, prevote(12));
  truncated.pop_back();
  const Bytes cases[] = {
      {},
      {5},                                // no such message
      {2, 2, 0},                          // neighbor packet version 2
      {1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0},  // truncated commit
      trailing,
      truncated,
  };
  for (const Bytes& bytes : cases) {
    auto result = receive(a_, bytes);
    EXPECT_EQ(result.verdict, GossipVerdict::kDiscard);
    EXPECT_FALSE(result.deliver);
    EXPECT_EQ(changes_for(result.actions.reports, a_),
              (std::vector<ReputationChange>{
                  {-5 * static_cast<int32_t>(bytes.size()), "Grandpa: Bad packet"}}));
  }
  // A commit whose length prefix promises far more precommits than the bytes hold.
  Bytes bomb = {1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  bomb.resize(bomb.size() + 36, 0);
  bomb.insert(bomb.end(), {0xfe, 0xff, 0xff, 0xff});
  EXPECT_EQ(total_for(receive(a_, bomb).actions.reports, a_),
            -5 * static_cast<int32_t>(bomb.size()));
  EXPECT_EQ(validator_.known_message_count(), 0u);
}

TEST_F(GrandpaGossipValidator, MessagesFromPeersNotAddedAreIgnored) {
  start(5);
  auto result = receive(a_, vote(0, 5, kSet, prevote(12)));
  EXPECT_EQ(result.verdict, GossipVerdict::kDiscard);
  EXPECT_FALSE(result.deliver);
  EXPECT_TRUE(result.actions.reports.empty());
  EXPECT_FALSE(validator_.peer_view(a_));
  EXPECT_TRUE(receive(a_, encode(NeighborPacket{9, kSet, 0})).actions.reports.empty());
  EXPECT_EQ(validator_.peer_count(), 0u);
}

TEST_F(GrandpaGossipValidator, RemovedPeerIsForgotten) {
  start(5);
  add(a_);
  add(b_);
  neighbor(b_, 5, kSet, 3);
  validator_.remove_peer(b_);
  EXPECT_FALSE(validator_.peer_view(b_));
  EXPECT_TRUE(receive(a_, vote(0, 5, kSet, prevote(12))).forward_to.empty());
  // Re-added, it starts over from the default view and knows nothing.
  add(b_);
  EXPECT_EQ(validator_.peer_view(b_)->round, 1u);
  auto rejoined = neighbor(b_, 5, kSet, 3);
  EXPECT_EQ(rejoined.actions.send.size(), 1u);
}

TEST_F(GrandpaGossipValidator, DedupCacheIsBounded) {
  GossipValidator small(GossipConfig{.known_messages_capacity = 4}, now_);
  ASSERT_TRUE(small.note_set(kSet, authorities_, now_));
  small.note_round(5, now_);
  small.add_peer(a_, PeerRole::kAuthority, now_);
  std::vector<Bytes> votes;
  for (BlockNumber n = 1; n <= 6; ++n) votes.push_back(vote(n % 4, 5, kSet, prevote(n)));
  for (const Bytes& v : votes) ASSERT_TRUE(small.validate(a_, v, now_).deliver);
  EXPECT_EQ(small.known_message_count(), 4u);
  EXPECT_EQ(small.kept_message_count(), 4u);
  // The newest are remembered, the oldest forgotten (and so, if still in scope, welcome again).
  EXPECT_EQ(small.validate(a_, votes[5], now_).verdict, GossipVerdict::kDuplicate);
  EXPECT_TRUE(small.validate(a_, votes[0], now_).deliver);
  EXPECT_EQ(small.known_message_count(), 4u);
}

TEST_F(GrandpaGossipValidator, KeptMessagesAreRebroadcastEveryFiveMinutes) {
  start(5);
  add(a_);
  add(b_);
  add(c_);
  neighbor(b_, 5, kSet);
  const Bytes v = vote(0, 5, kSet, prevote(12));
  ASSERT_EQ(receive(a_, v).forward_to, std::vector<PeerKey>{b_});
  EXPECT_LE(validator_.next_tick_ms(), now_ + 120'000);

  // At the neighbor period, only neighbor packets; at 5 minutes, the vote to every peer that
  // knows it (a and b), and not to c, whose view (set 0) does not take it.
  EXPECT_TRUE(recipients(validator_.tick(now_ + 120'000), v).empty());
  auto rebroadcast = validator_.tick(now_ + 300'000);
  EXPECT_EQ(recipients(rebroadcast, v), sorted({a_, b_}));
  EXPECT_TRUE(recipients(validator_.tick(now_ + 300'001), v).empty());
}

// --- with the real voter: a lagging observer catches up through two validators

TEST(GrandpaGossipValidatorWithVoter, ObserverCatchesUpFromADevAuthority) {
  testing::TestChain chain;
  const auto alice = testing::dev_key("//Alice");
  const AuthorityList authorities = testing::authorities_of({alice});
  uint64_t now = 0;

  VoterConfig config;
  config.authorities = authorities;
  config.base = chain.genesis();
  config.local_key = alice;
  Voter authority = *Voter::create(config, now);
  config.local_key.reset();
  Voter observer = *Voter::create(config, now);

  // The dev authority finalizes blocks as they come and runs rounds at its own pace.
  BlockRef tip = chain.genesis();
  std::optional<uint64_t> wake;
  for (int i = 0; i < 200 && authority.best_round_number() < 6; ++i) {
    tip = chain.add_block(tip);
    for (const VoterEvent& event : authority.poll(chain, now)) {
      if (const auto* w = std::get_if<Wake>(&event)) wake = w->at_ms;
    }
    now = std::max(now + 100, wake.value_or(now + 100));
  }
  ASSERT_GE(authority.best_round_number(), 6u);

  GossipValidator at_authority(GossipConfig{.local_role = PeerRole::kAuthority}, now);
  GossipValidator at_observer(GossipConfig{}, now);
  const PeerKey authority_peer{to_bytes("authority")};
  const PeerKey observer_peer{to_bytes("observer")};
  ASSERT_TRUE(at_authority.note_set(0, authorities, now));
  at_authority.note_round(authority.best_round_number(), now);
  // As the node does on the voter's Finalized events.
  at_authority.note_commit_finalized(authority.best_round_number() - 1, 0,
                                     authority.last_finalized().number, now);
  ASSERT_TRUE(at_observer.note_set(0, authorities, now));
  at_observer.note_round(observer.best_round_number(), now);

  // Connecting: each side sends its neighbor packet; the observer, 5 rounds behind, asks.
  auto to_observer = at_authority.add_peer(observer_peer, PeerRole::kFull, now);
  auto to_authority = at_observer.add_peer(authority_peer, PeerRole::kAuthority, now);
  ASSERT_EQ(to_authority.send.size(), 1u);
  at_authority.validate(observer_peer, to_authority.send[0].bytes, now);
  ASSERT_EQ(to_observer.send.size(), 1u);
  EXPECT_EQ(decode(to_observer.send[0].bytes), GossipMessage(authority.neighbor_packet()));
  auto neighbor = at_observer.validate(authority_peer, to_observer.send[0].bytes, now);
  ASSERT_TRUE(neighbor.reply);

  CatchUpSource source = [&](const CatchUpRequest& request) {
    return authority.catch_up_response(request);
  };
  auto answer = at_authority.validate(observer_peer, *neighbor.reply, now, source);
  ASSERT_TRUE(answer.reply) << "the authority has a completed round to offer";
  auto delivered = at_observer.validate(authority_peer, *answer.reply, now);
  ASSERT_TRUE(delivered.deliver);
  const auto& catch_up_message = std::get<CatchUpMessage>(*delivered.deliver);

  observer.on_catch_up(chain, now, catch_up_message);
  at_observer.note_catch_up_processed();
  EXPECT_EQ(observer.best_round_number(), catch_up_message.round + 1);
  EXPECT_GT(observer.best_round_number(), 1u);
}

}  // namespace
}  // namespace canary::consensus::grandpa
