// The voter state machine end to end: a single dev authority, four voters gossiping through an
// in-process network (forks, one or two voters down, an equivocator, catch-up, commits), bad
// votes, and authority-set changes. Time is simulated: nodes are polled at the Wake times they
// ask for, messages are delivered at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>

#include "consensus/grandpa/authority_set.hpp"
#include "consensus/grandpa/consensus_log.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/signing.hpp"
#include "consensus/grandpa/voter.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"

namespace canary::consensus::grandpa {
namespace {

using testing::TestChain;

constexpr uint64_t kGossip = 1000;

// One node's view of the shared chain: same blocks, but its own preferred best block.
class NodeChain : public ChainAccess {
 public:
  explicit NodeChain(const TestChain& chain) : chain_(chain) {}

  std::optional<std::vector<BlockHash>> ancestry(const BlockHash& base,
                                                 const BlockHash& block) const override {
    return chain_.ancestry(base, block);
  }
  std::optional<BlockRef> best_chain_containing(const BlockHash& base) const override {
    if (preferred && (preferred->hash == base || chain_.is_descendant(base, preferred->hash))) {
      return preferred;
    }
    return chain_.best_chain_containing(base);
  }
  std::optional<block::Header> header(const BlockHash& hash) const override {
    return chain_.header(hash);
  }

  std::optional<BlockRef> preferred;

 private:
  const TestChain& chain_;
};

struct SimNode {
  std::unique_ptr<NodeChain> chain;
  std::optional<Voter> voter;
  bool online = true;
  bool commits_only = false;  // receives commits but no votes
  std::optional<uint64_t> wake;
  std::vector<Finalized> finalized;
  std::vector<EquivocationDetected> equivocations;
  std::vector<GossipMessage> missed;  // arrived while offline
};

class Network {
 public:
  // `voters` nodes with the first dev keys as the set, then `observers` nodes without a key.
  Network(const TestChain& chain, size_t voters, size_t observers = 0)
      : keys_(testing::dev_keys(voters)) {
    authorities_ = testing::authorities_of(keys_);
    for (size_t i = 0; i < voters + observers; ++i) {
      SimNode node;
      node.chain = std::make_unique<NodeChain>(chain);
      VoterConfig config;
      config.authorities = authorities_;
      if (i < voters) config.local_key = keys_[i];
      config.base = chain.genesis();
      config.gossip_duration_ms = kGossip;
      node.voter.emplace(*Voter::create(config, now));
      nodes.push_back(std::move(node));
    }
  }

  const std::vector<crypto::ed25519::Keypair>& keys() const { return keys_; }
  VoterSet voter_set() const { return *VoterSet::from_authorities(authorities_); }

  void poll(size_t i) {
    SimNode& node = nodes[i];
    node.wake.reset();
    handle(i, node.voter->poll(*node.chain, now));
  }

  void poll_all() {
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].online) poll(i);
    }
    deliver();
  }

  // Runs every timer up to `end_ms` (inclusive), delivering messages as they are sent.
  void run_until(uint64_t end_ms) {
    deliver();
    for (;;) {
      std::optional<uint64_t> next;
      for (const SimNode& node : nodes) {
        if (node.online && node.wake && *node.wake <= end_ms && (!next || *node.wake < *next)) {
          next = node.wake;
        }
      }
      if (!next) break;
      now = std::max(now, *next);
      for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].online && nodes[i].wake && *nodes[i].wake <= now) poll(i);
      }
      deliver();
    }
    now = std::max(now, end_ms);
  }

  void set_online(size_t i, bool online) {
    nodes[i].online = online;
    if (!online) return;
    std::vector<GossipMessage> missed = std::move(nodes[i].missed);
    nodes[i].missed.clear();
    for (const GossipMessage& message : missed) dispatch(i, message);
    poll(i);
    deliver();
  }

  void broadcast(size_t from, GossipMessage message) {
    queue_.emplace_back(from, std::move(message));
  }

  void deliver() {
    while (!queue_.empty()) {
      auto [from, message] = std::move(queue_.front());
      queue_.pop_front();
      for (size_t j = 0; j < nodes.size(); ++j) {
        if (j == from) continue;
        if (!nodes[j].online) {
          nodes[j].missed.push_back(message);
        } else {
          dispatch(j, message);
        }
      }
    }
  }

  std::optional<BlockRef> last_finalized(size_t i) const {
    if (nodes[i].finalized.empty()) return std::nullopt;
    return nodes[i].finalized.back().block;
  }

  // Called for every vote a node casts, after it is queued: lets a test misbehave.
  std::function<void(size_t from, const BroadcastVote&)> on_vote_cast;
  // Called for every block a node finalizes: lets a test act as the node (set changes).
  std::function<void(size_t node, const Finalized&)> on_finalized;

  std::vector<SimNode> nodes;
  uint64_t now = 0;

 private:
  void dispatch(size_t j, const GossipMessage& message) {
    SimNode& node = nodes[j];
    if (const auto* vote = std::get_if<VoteMessage>(&message)) {
      if (!node.commits_only) handle(j, node.voter->on_vote(*node.chain, now, *vote));
    } else if (const auto* commit = std::get_if<CommitMessage>(&message)) {
      handle(j, node.voter->on_commit(*node.chain, now, *commit));
    }
  }

  void handle(size_t i, std::vector<VoterEvent> events) {
    for (VoterEvent& event : events) {
      if (auto* vote = std::get_if<BroadcastVote>(&event)) {
        broadcast(i, VoteMessage{vote->round, vote->set_id, vote->message});
        if (on_vote_cast) on_vote_cast(i, *vote);
      } else if (auto* commit = std::get_if<BroadcastCommit>(&event)) {
        broadcast(i, CommitMessage{commit->round, commit->set_id, commit->commit});
      } else if (auto* finalized = std::get_if<Finalized>(&event)) {
        nodes[i].finalized.push_back(std::move(*finalized));
        if (on_finalized) on_finalized(i, nodes[i].finalized.back());
      } else if (auto* equivocation = std::get_if<EquivocationDetected>(&event)) {
        nodes[i].equivocations.push_back(*equivocation);
      } else if (auto* wake = std::get_if<Wake>(&event)) {
        nodes[i].wake = wake->at_ms;
      }
    }
  }

  std::vector<crypto::ed25519::Keypair> keys_;
  AuthorityList authorities_;
  std::deque<std::pair<size_t, GossipMessage>> queue_;
};

void expect_valid_justifications(const std::vector<Finalized>& finalized, SetId set_id,
                                 const VoterSet& voters) {
  for (const Finalized& f : finalized) {
    auto checked = decode_and_verify_justification(f.justification, f.block, set_id, voters);
    EXPECT_TRUE(checked.has_value())
        << "block #" << f.block.number << ": " << (checked ? "" : to_string(checked.error()));
  }
}

template <class Event>
std::vector<Event> events_of(const std::vector<VoterEvent>& events) {
  std::vector<Event> out;
  for (const VoterEvent& event : events) {
    if (const auto* e = std::get_if<Event>(&event)) out.push_back(*e);
  }
  return out;
}

// (a) What a `--dev` node runs: one authority, the local key, only time and the chain as input.
TEST(GrandpaVoter, SingleAuthorityFinalizesEachBlockPromptly) {
  TestChain chain;
  BlockRef tip = chain.extend(chain.genesis(), 3);
  auto alice = testing::dev_key("//Alice");
  VoterConfig config{0, {{alice.public_key, 1}}, alice, chain.genesis(), 0, kGossip};
  auto voter = Voter::create(config, 0);
  ASSERT_TRUE(voter.has_value());
  auto voters = voter->voters();

  // The first poll already finalizes the best block: nobody else's vote can matter.
  auto events = voter->poll(chain, 0);
  auto finalized = events_of<Finalized>(events);
  ASSERT_EQ(finalized.size(), 1U);
  EXPECT_EQ(finalized[0].block, tip);
  EXPECT_EQ(finalized[0].round, 1U);
  expect_valid_justifications(finalized, 0, voters);
  auto votes = events_of<BroadcastVote>(events);
  ASSERT_EQ(votes.size(), 2U);
  EXPECT_TRUE(std::holds_alternative<Prevote>(votes[0].message.message));
  EXPECT_TRUE(std::holds_alternative<Precommit>(votes[1].message.message));
  EXPECT_TRUE(verify_message(votes[0].message, 1, 0));
  EXPECT_EQ(events_of<BroadcastCommit>(events).size(), 1U);
  ASSERT_FALSE(events_of<Wake>(events).empty());

  // Then a block every 6 s (and nothing in between but the voter's own timers).
  std::optional<uint64_t> wake = events_of<Wake>(events).back().at_ms;
  uint64_t now = 0;
  uint64_t worst_latency = 0;
  RoundNumber last_round = 1;
  for (int block = 0; block < 12; ++block) {
    const uint64_t import_at = now + 6000 - (block % 3) * 1500;  // varied phase vs. the rounds
    while (wake && *wake < import_at) {
      now = *wake;
      wake.reset();
      for (const VoterEvent& e : voter->poll(chain, now)) {
        if (const auto* w = std::get_if<Wake>(&e)) wake = w->at_ms;
        EXPECT_FALSE(std::holds_alternative<Finalized>(e));  // nothing new to finalize
      }
    }
    now = import_at;
    tip = chain.add_block(tip);
    std::optional<uint64_t> finalized_at;
    auto on_events = [&](const std::vector<VoterEvent>& batch) {
      for (const VoterEvent& e : batch) {
        if (const auto* w = std::get_if<Wake>(&e)) wake = w->at_ms;
        if (const auto* f = std::get_if<Finalized>(&e)) {
          EXPECT_EQ(f->block, tip);
          EXPECT_GT(f->round, last_round);
          last_round = f->round;
          expect_valid_justifications({*f}, 0, voters);
          finalized_at = now;
        }
      }
    };
    on_events(voter->poll(chain, now));  // the node polls after importing a block
    while (!finalized_at && wake) {
      now = *wake;
      wake.reset();
      on_events(voter->poll(chain, now));
    }
    ASSERT_TRUE(finalized_at.has_value());
    worst_latency = std::max(worst_latency, *finalized_at - import_at);
  }
  // At most one idle round's remaining precommit wait; usually immediate.
  EXPECT_LE(worst_latency, 2 * kGossip);
  EXPECT_EQ(voter->last_finalized(), tip);
}

TEST(GrandpaVoter, SingleAuthorityWithNothingNewWaitsForTimers) {
  TestChain chain;
  auto alice = testing::dev_key("//Alice");
  auto voter = Voter::create({0, {{alice.public_key, 1}}, alice, chain.genesis(), 0, kGossip}, 0);
  auto events = voter->poll(chain, 0);
  EXPECT_TRUE(events_of<BroadcastVote>(events).empty());
  ASSERT_EQ(events_of<Wake>(events).size(), 1U);
  EXPECT_EQ(events_of<Wake>(events)[0].at_ms, 2 * kGossip);
  events = voter->poll(chain, 2 * kGossip);  // prevote timer
  EXPECT_EQ(events_of<BroadcastVote>(events).size(), 1U);
  EXPECT_EQ(events_of<Wake>(events)[0].at_ms, 4 * kGossip);
  events = voter->poll(chain, 4 * kGossip);  // precommit timer: round 1 completes, round 2 starts
  EXPECT_EQ(events_of<BroadcastVote>(events).size(), 1U);
  EXPECT_TRUE(events_of<Finalized>(events).empty());  // genesis was already final
  EXPECT_EQ(voter->best_round_number(), 2U);
  EXPECT_EQ(events_of<Wake>(events)[0].at_ms, 6 * kGossip);
}

// (b) Four voters and an observer agree on a chain with a shorter fork.
TEST(GrandpaVoter, FourVotersAndAnObserverFinalizeTheBestChain) {
  TestChain chain;
  BlockRef b2 = chain.extend(chain.genesis(), 2);
  BlockRef b5 = chain.extend(b2, 3);
  chain.extend(b2, 2, 1);  // a shorter fork
  Network net(chain, 4, 1);
  net.poll_all();
  net.run_until(5 * kGossip);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(net.last_finalized(i), b5) << "node " << i;
    expect_valid_justifications(net.nodes[i].finalized, 0, net.voter_set());
  }

  // More blocks; everyone follows.
  BlockRef b8 = chain.extend(b5, 3);
  net.poll_all();
  net.run_until(net.now + 10 * kGossip);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(net.last_finalized(i), b8) << "node " << i;
    EXPECT_EQ(net.nodes[i].voter->last_finalized(), b8);
    // Every node reports the same sequence of finalized blocks.
    ASSERT_EQ(net.nodes[i].finalized.size(), net.nodes[0].finalized.size());
    for (size_t k = 0; k < net.nodes[i].finalized.size(); ++k) {
      EXPECT_EQ(net.nodes[i].finalized[k].block, net.nodes[0].finalized[k].block);
    }
  }
  EXPECT_GE(net.nodes[0].voter->best_round_number(), 3U);
}

TEST(GrandpaVoter, SplitVotesFinalizeTheCommonAncestorThenConverge) {
  TestChain chain;
  BlockRef b2 = chain.extend(chain.genesis(), 2);
  BlockRef x4 = chain.extend(b2, 2, 1);
  BlockRef y4 = chain.extend(b2, 2, 2);
  Network net(chain, 4);
  net.nodes[0].chain->preferred = x4;
  net.nodes[1].chain->preferred = x4;
  net.nodes[2].chain->preferred = y4;
  net.nodes[3].chain->preferred = y4;
  net.poll_all();
  net.run_until(5 * kGossip);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(net.last_finalized(i), b2) << "node " << i;

  BlockRef x5 = chain.add_block(x4, 1);
  for (auto& node : net.nodes) node.chain->preferred = x5;
  net.poll_all();
  net.run_until(net.now + 10 * kGossip);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(net.last_finalized(i), x5) << "node " << i;
    expect_valid_justifications(net.nodes[i].finalized, 0, net.voter_set());
  }
}

TEST(GrandpaVoter, ThreeOfFourFinalize) {
  TestChain chain;
  BlockRef b4 = chain.extend(chain.genesis(), 4);
  Network net(chain, 4);
  net.nodes[3].online = false;
  net.poll_all();
  net.run_until(10 * kGossip);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(net.last_finalized(i), b4) << "node " << i;
    expect_valid_justifications(net.nodes[i].finalized, 0, net.voter_set());
  }
  EXPECT_FALSE(net.last_finalized(3).has_value());
}

TEST(GrandpaVoter, TwoOfFourStallThenResumeWhenAThirdReturns) {
  TestChain chain;
  BlockRef b4 = chain.extend(chain.genesis(), 4);
  Network net(chain, 4);
  net.nodes[2].online = false;
  net.nodes[3].online = false;
  net.poll_all();
  net.run_until(60 * kGossip);
  EXPECT_FALSE(net.last_finalized(0).has_value());
  EXPECT_FALSE(net.last_finalized(1).has_value());
  EXPECT_EQ(net.nodes[0].voter->best_round_number(), 1U);

  // The RPC view of the stall: two prevotes, the two silent voters missing.
  VoterStateReport report = net.nodes[0].voter->report();
  EXPECT_EQ(report.best.round, 1U);
  EXPECT_EQ(report.best.total_weight, 4U);
  EXPECT_EQ(report.best.threshold_weight, 3U);
  EXPECT_EQ(report.best.prevote_current_weight, 2U);
  EXPECT_EQ(report.best.precommit_current_weight, 0U);
  std::set<AuthorityId> missing(report.best.prevote_missing.begin(),
                                report.best.prevote_missing.end());
  EXPECT_EQ(missing, (std::set<AuthorityId>{net.keys()[2].public_key, net.keys()[3].public_key}));
  EXPECT_EQ(report.best.precommit_missing.size(), 4U);

  net.set_online(2, true);  // gossip hands it what it missed
  net.run_until(net.now + 10 * kGossip);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(net.last_finalized(i), b4) << "node " << i;
  EXPECT_FALSE(net.last_finalized(3).has_value());
}

// (c) An equivocating voter is reported and does not prevent finality.
TEST(GrandpaVoter, EquivocatorIsDetectedAndFinalityHolds) {
  TestChain chain;
  BlockRef b2 = chain.extend(chain.genesis(), 2);
  BlockRef b4 = chain.extend(b2, 2);
  BlockRef c3 = chain.add_block(b2, 1);
  Network net(chain, 4);
  auto dave = net.keys()[3];
  net.on_vote_cast = [&](size_t from, const BroadcastVote& vote) {
    if (from != 3) return;
    // Dave also signs the same kind of vote for the other fork.
    Message twin = std::holds_alternative<Prevote>(vote.message.message)
                       ? Message{Prevote{c3.hash, c3.number}}
                       : Message{Precommit{c3.hash, c3.number}};
    if (std::holds_alternative<PrimaryPropose>(vote.message.message)) return;
    net.broadcast(
        3, VoteMessage{vote.round, vote.set_id, sign_message(dave, twin, vote.round, vote.set_id)});
  };
  net.poll_all();
  net.run_until(10 * kGossip);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(net.last_finalized(i), b4) << "node " << i;
    expect_valid_justifications(net.nodes[i].finalized, 0, net.voter_set());
    ASSERT_GE(net.nodes[i].equivocations.size(), 2U) << "node " << i;
    std::set<Phase> phases;
    for (const auto& e : net.nodes[i].equivocations) {
      EXPECT_EQ(e.equivocation.identity, dave.public_key);
      EXPECT_EQ(e.equivocation.round, 1U);
      EXPECT_NE(e.equivocation.first.message, e.equivocation.second.message);
      EXPECT_TRUE(verify_message(e.equivocation.first, 1, 0));
      EXPECT_TRUE(verify_message(e.equivocation.second, 1, 0));
      phases.insert(e.equivocation.phase);
    }
    EXPECT_EQ(phases, (std::set<Phase>{Phase::kPrevote, Phase::kPrecommit}));
  }
}

// finality-grandpa voting_round.rs `primary_propose`: when the last round's estimate is above
// what it finalized, the next round's primary proposes that estimate.
TEST(GrandpaVoter, PrimaryProposesAnUnfinalizedEstimate) {
  TestChain chain;
  BlockRef b2 = chain.extend(chain.genesis(), 2);
  BlockRef b4 = chain.extend(b2, 2);
  auto keys = testing::dev_keys(4);
  AuthorityList set = testing::authorities_of(keys);
  auto voters = *VoterSet::from_authorities(set);
  // We are the voter at sorted index 2: the primary of round 2 (2 mod 4).
  size_t us = 0;
  while (keys[us].public_key != voters.id(2)) ++us;
  auto voter = Voter::create({0, set, keys[us], chain.genesis(), 0, kGossip}, 0);
  ASSERT_TRUE(voter.has_value());
  std::vector<size_t> others;
  for (size_t i = 0; i < 4; ++i) {
    if (i != us) others.push_back(i);
  }
  auto vote = [&](size_t who, Message message) {
    return voter->on_vote(chain, 10, {1, 0, sign_message(keys[who], message, 1, 0)});
  };
  for (size_t i : others) vote(i, Prevote{b4.hash, b4.number});
  voter->poll(chain, 2 * kGossip);                // our prevote
  auto events = voter->poll(chain, 4 * kGossip);  // our precommit: b4, the prevote-GHOST
  ASSERT_EQ(events_of<BroadcastVote>(events).size(), 1U);
  events = vote(others[0], Precommit{b4.hash, b4.number});
  EXPECT_TRUE(events_of<Finalized>(events).empty());
  events = vote(others[1], Precommit{b2.hash, b2.number});
  // Round 1 is complete: b2 has 3 precommits (final) while b4, with 2, could still get the
  // missing voter's: the estimate stays b4, above the finalized block.
  auto finalized = events_of<Finalized>(events);
  ASSERT_EQ(finalized.size(), 1U);
  EXPECT_EQ(finalized[0].block, b2);
  EXPECT_EQ(voter->best_round_number(), 2U);
  bool proposed = false;
  for (const auto& cast : events_of<BroadcastVote>(events)) {
    if (const auto* propose = std::get_if<PrimaryPropose>(&cast.message.message)) {
      EXPECT_EQ(propose->target(), b4);
      EXPECT_EQ(cast.round, 2U);
      EXPECT_TRUE(verify_message(cast.message, 2, 0));
      proposed = true;
    }
  }
  EXPECT_TRUE(proposed);
}

// A voter restarted mid-set resumes after the last round it took part in.
TEST(GrandpaVoter, RestartResumesAfterTheLastCompletedRound) {
  TestChain chain;
  auto alice = testing::dev_key("//Alice");
  auto voter = Voter::create({3, {{alice.public_key, 1}}, alice, chain.genesis(), 41, kGossip}, 0);
  ASSERT_TRUE(voter.has_value());
  EXPECT_EQ(voter->best_round_number(), 42U);
  EXPECT_EQ(voter->neighbor_packet(), (NeighborPacket{42, 3, 0}));
  EXPECT_EQ(Voter::create({0, {}, alice, chain.genesis(), 0, kGossip}, 0).error(),
            GrandpaError::kEmptyAuthoritySet);
}

// A voter that prevoted in round 1 and then crashed comes back while the two others are stuck in
// round 1 waiting for a third voter: restarted with its prevote (what the node persists), it
// resumes round 1, sends that prevote again instead of a new one, precommits, and the round
// finalizes. (Skipping to round 2 instead, as a restart without its votes must, would leave all
// three in different rounds for good.)
TEST(GrandpaVoter, RestartWithItsVotesResumesTheRoundItWasIn) {
  TestChain chain;
  BlockRef b2 = chain.extend(chain.genesis(), 2);
  BlockRef b4 = chain.extend(b2, 2);
  Network net(chain, 4);
  net.nodes[2].online = false;
  net.nodes[3].online = false;
  net.poll_all();
  net.run_until(20 * kGossip);
  ASSERT_FALSE(net.last_finalized(0).has_value());
  ASSERT_EQ(net.nodes[0].voter->best_round_number(), 1U);

  // Before the crash it prevoted #2 (it knew no more then); now it would prevote #4.
  const SignedMessage earlier_prevote =
      sign_message(net.keys()[2], Prevote{b2.hash, b2.number}, 1, 0);
  VoterConfig config;
  config.authorities = testing::authorities_of(net.keys());
  config.local_key = net.keys()[2];
  config.base = chain.genesis();
  config.gossip_duration_ms = kGossip;
  config.last_completed_round = 0;
  config.resume_votes = {earlier_prevote};
  net.nodes[2].voter.emplace(*Voter::create(config, net.now));
  std::vector<BroadcastVote> cast_by_restarted;
  net.on_vote_cast = [&](size_t from, const BroadcastVote& vote) {
    if (from == 2) cast_by_restarted.push_back(vote);
  };
  net.set_online(2, true);
  net.run_until(net.now + 10 * kGossip);
  // Round 1 finalizes what three prevotes share (#2), round 2 the rest.
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_FALSE(net.nodes[i].finalized.empty()) << "node " << i;
    EXPECT_EQ(net.nodes[i].finalized.front().block, b2) << "node " << i;
    EXPECT_EQ(net.last_finalized(i), b4) << "node " << i;
    EXPECT_TRUE(net.nodes[i].equivocations.empty()) << "node " << i;
  }
  size_t prevotes = 0;
  for (const BroadcastVote& vote : cast_by_restarted) {
    if (vote.round == 1 && std::holds_alternative<Prevote>(vote.message.message)) {
      ++prevotes;
      EXPECT_EQ(vote.message, earlier_prevote);
    }
  }
  EXPECT_EQ(prevotes, 1U);  // the earlier one again, never a second (equivocating) prevote
}

// (d) Votes that must not count.
TEST(GrandpaVoter, BadSignaturesOtherSetsAndNonVotersAreIgnored) {
  TestChain chain;
  BlockRef b3 = chain.extend(chain.genesis(), 3);
  auto keys = testing::dev_keys(5);  // four voters; keys[4] (Eve) is not one
  AuthorityList set = testing::authorities_of({keys[0], keys[1], keys[2], keys[3]});
  auto voter = Voter::create({0, set, keys[0], chain.genesis(), 0, kGossip}, 0);
  ASSERT_TRUE(voter.has_value());
  Message prevote = Prevote{b3.hash, b3.number};
  auto prevote_weight = [&] { return voter->report().best.prevote_current_weight; };

  // Eve signs correctly but is not a voter.
  EXPECT_TRUE(voter->on_vote(chain, 10, {1, 0, sign_message(keys[4], prevote, 1, 0)}).empty());
  // Bob's signature is corrupted.
  SignedMessage corrupted = sign_message(keys[1], prevote, 1, 0);
  corrupted.signature[10] ^= 1;
  EXPECT_TRUE(voter->on_vote(chain, 10, {1, 0, corrupted}).empty());
  // Charlie signed for set 1, or for round 2, but the message claims round 1 of set 0.
  EXPECT_TRUE(voter->on_vote(chain, 10, {1, 0, sign_message(keys[2], prevote, 1, 1)}).empty());
  EXPECT_TRUE(voter->on_vote(chain, 10, {1, 0, sign_message(keys[2], prevote, 2, 0)}).empty());
  // A correct vote of another set.
  EXPECT_TRUE(voter->on_vote(chain, 10, {1, 1, sign_message(keys[2], prevote, 1, 1)}).empty());
  // A vote claiming to be from Dave but signed by Charlie.
  SignedMessage impostor = sign_message(keys[2], prevote, 1, 0);
  impostor.id = keys[3].public_key;
  EXPECT_TRUE(voter->on_vote(chain, 10, {1, 0, impostor}).empty());
  EXPECT_EQ(prevote_weight(), 0U);

  // A good vote counts once.
  SignedMessage bob = sign_message(keys[1], prevote, 1, 0);
  voter->on_vote(chain, 10, {1, 0, bob});
  EXPECT_EQ(prevote_weight(), 1U);
  voter->on_vote(chain, 10, {1, 0, bob});
  EXPECT_EQ(prevote_weight(), 1U);
  // A vote for a later round waits for that round; one far ahead is dropped.
  voter->on_vote(chain, 10, {2, 0, sign_message(keys[2], prevote, 2, 0)});
  voter->on_vote(chain, 10, {40, 0, sign_message(keys[3], prevote, 40, 0)});
  EXPECT_EQ(prevote_weight(), 1U);
  EXPECT_EQ(voter->report().best.round, 1U);
}

TEST(GrandpaVoter, VotesForUnknownBlocksWaitForTheirBlock) {
  TestChain chain;
  BlockRef b1 = chain.add_block(chain.genesis());
  auto keys = testing::dev_keys(4);
  auto voter =
      Voter::create({0, testing::authorities_of(keys), keys[0], chain.genesis(), 0, kGossip}, 0);
  // A block Bob has and we do not (yet).
  TestChain other;
  BlockRef o1 = other.add_block(other.genesis());
  ASSERT_EQ(o1, b1);  // same genesis and content: same block
  BlockRef o2 = other.add_block(o1);
  voter->on_vote(chain, 10, {1, 0, sign_message(keys[1], Prevote{o2.hash, o2.number}, 1, 0)});
  EXPECT_EQ(voter->report().best.prevote_current_weight, 0U);
  chain.add_block(b1);  // now imported
  voter->poll(chain, 20);
  EXPECT_EQ(voter->report().best.prevote_current_weight, 1U);
}

// Commits alone carry finality to a node that does not see the votes.
TEST(GrandpaVoter, CommitsFinalizeForNodesThatMissedTheVotes) {
  TestChain chain;
  BlockRef b3 = chain.extend(chain.genesis(), 3);
  Network net(chain, 4, 1);
  net.nodes[4].commits_only = true;
  net.poll_all();
  net.run_until(5 * kGossip);
  EXPECT_EQ(net.last_finalized(0), b3);
  ASSERT_EQ(net.last_finalized(4), b3);
  EXPECT_EQ(net.nodes[4].finalized.size(), 1U);  // several commits, one Finalized
  expect_valid_justifications(net.nodes[4].finalized, 0, net.voter_set());
}

TEST(GrandpaVoter, CatchUpBringsALaggingVoterForward) {
  TestChain chain;
  BlockRef tip = chain.extend(chain.genesis(), 2);
  Network net(chain, 4);
  net.nodes[3].online = false;
  net.poll_all();
  for (int i = 0; i < 3; ++i) {
    tip = chain.add_block(tip);
    net.poll_all();
    net.run_until(net.now + 10 * kGossip);
  }
  EXPECT_EQ(net.last_finalized(0), tip);
  const RoundNumber ahead = net.nodes[0].voter->best_round_number();
  ASSERT_GE(ahead, 4U);
  Voter& lagging = *net.nodes[3].voter;
  EXPECT_EQ(lagging.best_round_number(), 1U);

  auto response = net.nodes[0].voter->catch_up_response({lagging.best_round_number(), 0});
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->round, ahead - 1);
  EXPECT_FALSE(net.nodes[0].voter->catch_up_response({ahead + 5, 0}).has_value());
  EXPECT_FALSE(net.nodes[0].voter->catch_up_response({1, 7}).has_value());

  // Not enough precommits: refused.
  CatchUpMessage thin = *response;
  thin.precommits.resize(2);
  EXPECT_TRUE(lagging.on_catch_up(*net.nodes[3].chain, net.now, thin).empty());
  // A bad signature: refused.
  CatchUpMessage forged = *response;
  forged.prevotes[0].signature[3] ^= 1;
  EXPECT_TRUE(lagging.on_catch_up(*net.nodes[3].chain, net.now, forged).empty());
  EXPECT_EQ(lagging.best_round_number(), 1U);

  auto events = lagging.on_catch_up(*net.nodes[3].chain, net.now, *response);
  EXPECT_EQ(lagging.best_round_number(), ahead);
  auto finalized = events_of<Finalized>(events);
  ASSERT_EQ(finalized.size(), 1U);
  EXPECT_EQ(finalized[0].round, ahead - 1);
  expect_valid_justifications(finalized, 0, net.voter_set());
  // A second copy is useless now.
  EXPECT_TRUE(lagging.on_catch_up(*net.nodes[3].chain, net.now, *response).empty());

  // Back online (gossip hands it the current round's votes), it takes part again.
  net.set_online(3, true);
  tip = chain.add_block(tip);
  net.poll_all();
  net.run_until(net.now + 10 * kGossip);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(net.last_finalized(i), tip) << "node " << i;
  EXPECT_EQ(lagging.neighbor_packet().commit_finalized_height, tip.number);
}

// (e) Set changes: the node (this test) tracks FRNK digests, caps votes at the change block,
// and starts the next set's voter at round 1 on the enacting block.
class SetChangeNode {
 public:
  SetChangeNode(TestChain& chain, BlockNumber delay) : chain_(chain) {
    tracker_.emplace(*AuthoritySetTracker::genesis({{alice_.public_key, 1}}));
    chain_.set_vote_limit([this](BlockNumber base) {
      return tracker_->current_limit(base, chain_.is_descendant_fn());
    });
    BlockRef b1 = import(chain_.genesis(), {});
    block::Digest change = {block::DigestConsensus{
        block::kGrandpaEngineId,
        scale::encode(ConsensusLog{ScheduledChange{{{bob_.public_key, 1}}, delay}})}};
    announced_at_ = import(b1, change);
    tip_ = announced_at_;
    for (int i = 0; i < 5; ++i) tip_ = import(tip_, {});
    voter_.emplace(
        *Voter::create({0, {{alice_.public_key, 1}}, alice_, chain_.genesis(), 0, kGossip}, 0));
  }

  BlockRef import(const BlockRef& parent, const block::Digest& digest) {
    BlockRef block = chain_.add_block(parent, 0, digest);
    auto outcome = tracker_->on_block_imported(block, digest, chain_.is_descendant_fn());
    EXPECT_TRUE(outcome.has_value());
    if (outcome && outcome->justification_required) justification_required_.push_back(block);
    return block;
  }

  // Polls until `until_ms`, applying finality to the tracker and switching voters on set changes.
  void run(uint64_t until_ms) {
    std::optional<uint64_t> wake = now_;
    while (wake && *wake <= until_ms) {
      now_ = *wake;
      wake.reset();
      for (VoterEvent& event : voter_->poll(chain_, now_)) {
        if (auto* w = std::get_if<Wake>(&event)) wake = w->at_ms;
        if (auto* f = std::get_if<Finalized>(&event)) {
          finalized.push_back({*f, voter_->set_id()});
          auto outcome = tracker_->on_block_finalized(f->block, chain_.is_descendant_fn());
          ASSERT_TRUE(outcome.has_value());
          if (outcome->new_set) {
            new_sets.push_back(*outcome->new_set);
            VoterConfig config{outcome->new_set->set_id,
                               outcome->new_set->authorities,
                               bob_,
                               outcome->new_set->enacted_at,
                               0,
                               kGossip};
            voter_.emplace(*Voter::create(config, now_));
            first_round_of_new_set = voter_->best_round_number();
            wake = now_;  // poll the new voter at once
            break;
          }
        }
      }
    }
  }

  struct FinalizedInSet {
    Finalized event;
    SetId set_id;
  };
  std::vector<FinalizedInSet> finalized;
  std::vector<FinalityOutcome::NewAuthoritySet> new_sets;
  std::optional<RoundNumber> first_round_of_new_set;
  std::vector<BlockRef> justification_required_;
  BlockRef announced_at_, tip_;
  crypto::ed25519::Keypair alice_ = testing::dev_key("//Alice");
  crypto::ed25519::Keypair bob_ = testing::dev_key("//Bob");

 private:
  TestChain& chain_;
  std::optional<AuthoritySetTracker> tracker_;
  std::optional<Voter> voter_;
  uint64_t now_ = 0;
};

void check_set_change(BlockNumber delay) {
  TestChain chain;
  SetChangeNode node(chain, delay);
  const BlockNumber effective = node.announced_at_.number + delay;
  ASSERT_EQ(node.justification_required_.size(), 1U);
  EXPECT_EQ(node.justification_required_[0].number, effective);

  node.run(20 * kGossip);
  ASSERT_EQ(node.new_sets.size(), 1U);
  EXPECT_EQ(node.new_sets[0].set_id, 1U);
  EXPECT_EQ(node.new_sets[0].enacted_at.number, effective);
  EXPECT_EQ(node.first_round_of_new_set, 1U);  // a new set starts at round 1

  // The old set finalized exactly the enacting block (votes were capped there), the new set
  // carries on to the tip.
  ASSERT_GE(node.finalized.size(), 2U);
  const auto& enacting = node.finalized[0];
  EXPECT_EQ(enacting.event.block, node.new_sets[0].enacted_at);
  EXPECT_EQ(enacting.set_id, 0U);
  auto old_set = *VoterSet::from_authorities({{node.alice_.public_key, 1}});
  auto new_set = *VoterSet::from_authorities({{node.bob_.public_key, 1}});
  EXPECT_TRUE(decode_and_verify_justification(enacting.event.justification, enacting.event.block, 0,
                                              old_set)
                  .has_value());
  const auto& last = node.finalized.back();
  EXPECT_EQ(last.set_id, 1U);
  EXPECT_EQ(last.event.block, node.tip_);
  EXPECT_EQ(last.event.round, 1U);
  EXPECT_TRUE(
      decode_and_verify_justification(last.event.justification, last.event.block, 1, new_set)
          .has_value());
  EXPECT_FALSE(
      decode_and_verify_justification(last.event.justification, last.event.block, 0, old_set)
          .has_value());
}

// The same with four voters: Dave leaves the set at block #4; all nodes switch to set 1 at the
// enacting block and the three remaining voters finalize on, Dave following as an observer.
TEST(GrandpaVoter, FourVotersChangeSetTogether) {
  TestChain chain;
  auto keys = testing::dev_keys(4);
  AuthorityList next = testing::authorities_of({keys[0], keys[1], keys[2]});
  auto tracker = *AuthoritySetTracker::genesis(testing::authorities_of(keys));
  auto import = [&](const BlockRef& parent, const block::Digest& digest) {
    BlockRef block = chain.add_block(parent, 0, digest);
    EXPECT_TRUE(tracker.on_block_imported(block, digest, chain.is_descendant_fn()).has_value());
    return block;
  };
  BlockRef tip = import(chain.genesis(), {});
  tip = import(tip, {block::DigestConsensus{
                        block::kGrandpaEngineId,
                        scale::encode(ConsensusLog{ScheduledChange{next, 2}})}});  // #2, due #4
  for (int i = 0; i < 4; ++i) tip = import(tip, {});                               // up to #6
  chain.set_vote_limit(
      [&](BlockNumber base) { return tracker.current_limit(base, chain.is_descendant_fn()); });

  Network net(chain, 4);
  std::optional<FinalityOutcome::NewAuthoritySet> new_set;
  BlockNumber tracker_finalized = 0;
  std::vector<SetId> set_of_node(4, 0);
  net.on_finalized = [&](size_t i, const Finalized& f) {
    if (f.block.number > tracker_finalized) {  // the node's finality, applied once
      tracker_finalized = f.block.number;
      auto outcome = tracker.on_block_finalized(f.block, chain.is_descendant_fn());
      ASSERT_TRUE(outcome.has_value());
      if (outcome->new_set) new_set = outcome->new_set;
    }
    if (new_set && f.block == new_set->enacted_at && set_of_node[i] == 0) {
      VoterConfig config{new_set->set_id, new_set->authorities, keys[i], f.block, 0, kGossip};
      net.nodes[i].voter.emplace(*Voter::create(config, net.now));
      set_of_node[i] = new_set->set_id;
      net.nodes[i].wake = net.now;  // poll the new voter at once
    }
  };
  net.poll_all();
  net.run_until(30 * kGossip);

  ASSERT_TRUE(new_set.has_value());
  EXPECT_EQ(new_set->enacted_at.number, 4U);
  auto old_voters = *VoterSet::from_authorities(testing::authorities_of(keys));
  auto new_voters = *VoterSet::from_authorities(next);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(set_of_node[i], 1U) << "node " << i;
    EXPECT_EQ(net.nodes[i].voter->set_id(), 1U);
    ASSERT_EQ(net.nodes[i].finalized.size(), 2U) << "node " << i;
    const Finalized& enacting = net.nodes[i].finalized[0];
    const Finalized& after = net.nodes[i].finalized[1];
    EXPECT_EQ(enacting.block, new_set->enacted_at);
    EXPECT_TRUE(
        decode_and_verify_justification(enacting.justification, enacting.block, 0, old_voters)
            .has_value());
    EXPECT_EQ(after.block, tip);
    EXPECT_EQ(after.round, 1U);
    EXPECT_TRUE(decode_and_verify_justification(after.justification, after.block, 1, new_voters)
                    .has_value());
    // Dave's key no longer signs anything in set 1.
    for (const auto& precommit : after.commit.precommits) {
      EXPECT_NE(precommit.id, keys[3].public_key);
    }
  }
}

TEST(GrandpaVoter, SetChangeWithoutDelay) {
  check_set_change(0);
}

TEST(GrandpaVoter, SetChangeWithDelay) {
  check_set_change(3);
}

}  // namespace
}  // namespace canary::consensus::grandpa
