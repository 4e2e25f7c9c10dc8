// One iterative lookup (rust-libp2p's ClosestPeersIter semantics) against networks of peers that
// answer from real routing tables: it finds the true closest peers, keeps to its parallelism,
// treats silent peers as unresponsive after the timeout, and stays bounded against a peer that
// answers with endless new PeerIds.
#include "network/libp2p/kademlia_query.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "primitives/hash/hash.hpp"
#include "tests/unit/network/kademlia_test_support.hpp"

namespace canary::network {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::test_peer;

std::vector<PeerId> true_closest(const std::vector<PeerId>& peers, const KademliaKey& target,
                                 size_t n) {
  std::vector<PeerId> sorted = peers;
  std::sort(sorted.begin(), sorted.end(), [&](const PeerId& a, const PeerId& b) {
    return kademlia_distance(kademlia_key(a), target) < kademlia_distance(kademlia_key(b), target);
  });
  if (sorted.size() > n)
    sorted.erase(sorted.begin() + static_cast<std::ptrdiff_t>(n), sorted.end());
  return sorted;
}

// `count` peers, each with a k-bucket table of every other one (so each knows its own
// neighbourhood well and the far key space sparsely, as in a settled DHT).
struct OracleNetwork {
  std::vector<PeerId> peers;
  std::map<PeerId, std::unique_ptr<KademliaRoutingTable>> tables;

  explicit OracleNetwork(uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) peers.push_back(test_peer(i));
    const auto address = Multiaddr::from_string("/dns4/x.example/tcp/1").value();
    for (const PeerId& p : peers) {
      auto table = std::make_unique<KademliaRoutingTable>(p);
      for (const PeerId& other : peers) {
        (void)table->add_address(other, address, KademliaNodeStatus::kConnected, Clock::now());
      }
      tables.emplace(p, std::move(table));
    }
  }

  std::vector<PeerId> answer(const PeerId& peer, const KademliaKey& target) const {
    std::vector<PeerId> out;
    for (const KademliaNode* node : tables.at(peer)->closest(target, 20)) out.push_back(node->peer);
    return out;
  }
};

TEST(KademliaQuery, FindsTheTrueClosestPeers) {
  OracleNetwork network(400);
  std::mt19937 rng(7);
  for (uint32_t t = 0; t < 30; ++t) {
    const KademliaKey target = kademlia_key(test_peer(100'000 + t));
    // Start from three random peers, as a node that knows little.
    std::vector<PeerId> start;
    for (int i = 0; i < 3; ++i) start.push_back(network.peers[rng() % network.peers.size()]);
    KademliaQuery query(target, start);
    const auto now = Clock::now();
    std::vector<PeerId> contacted;
    for (size_t steps = 0; steps < 10'000; ++steps) {
      auto next = query.next(now);
      if (next.state == KademliaQuery::State::kFinished) break;
      ASSERT_EQ(next.state, KademliaQuery::State::kContact);
      ASSERT_LE(query.waiting(), 3u);
      contacted.push_back(*next.peer);
      EXPECT_TRUE(query.on_success(*next.peer, network.answer(*next.peer, target)));
    }
    ASSERT_TRUE(query.finished());
    EXPECT_EQ(query.result(), true_closest(network.peers, target, 20)) << "target " << t;
    // Far fewer requests than peers: the lookup converges.
    EXPECT_LT(contacted.size(), 80u);
  }
}

TEST(KademliaQuery, AnswersInAnyOrderWithParallelism) {
  OracleNetwork network(200);
  const KademliaKey target = kademlia_key(test_peer(424'242));
  KademliaQuery query(target, {network.peers[0], network.peers[1], network.peers[2],
                               network.peers[3], network.peers[4]});
  const auto now = Clock::now();
  std::vector<PeerId> in_flight;
  std::mt19937 rng(1);
  size_t max_waiting = 0;
  for (size_t steps = 0; steps < 10'000 && !query.finished(); ++steps) {
    auto next = query.next(now);
    if (next.state == KademliaQuery::State::kContact) {
      in_flight.push_back(*next.peer);
      max_waiting = std::max(max_waiting, query.waiting());
      continue;
    }
    if (next.state == KademliaQuery::State::kFinished) break;
    ASSERT_FALSE(in_flight.empty());
    // Answer a random one of those in flight.
    const size_t i = rng() % in_flight.size();
    const PeerId peer = in_flight[i];
    in_flight.erase(in_flight.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_TRUE(query.on_success(peer, network.answer(peer, target)));
    EXPECT_FALSE(query.on_success(peer, {}));  // once only
  }
  EXPECT_TRUE(query.finished());
  EXPECT_EQ(query.result(), true_closest(network.peers, target, 20));
  // Three at once while progressing; up to k when stalled.
  EXPECT_GE(max_waiting, 3u);
  EXPECT_LE(max_waiting, 20u);
  EXPECT_FALSE(query.on_success(network.peers[0], {}));  // finished
}

TEST(KademliaQuery, SilentPeersTimeOutAndTheLookupMovesOn) {
  std::vector<PeerId> known;
  for (uint32_t i = 0; i < 6; ++i) known.push_back(test_peer(i));
  KademliaQuery query(kademlia_key(test_peer(99)), known,
                      KademliaQueryConfig{.k = 20, .alpha = 3, .peer_timeout = 10s});
  auto now = Clock::now();
  std::vector<PeerId> first;
  for (int i = 0; i < 3; ++i) {
    auto next = query.next(now);
    ASSERT_EQ(next.state, KademliaQuery::State::kContact);
    first.push_back(*next.peer);
  }
  EXPECT_EQ(query.next(now).state, KademliaQuery::State::kWaitingAtCapacity);
  EXPECT_EQ(query.next_timeout(), now + 10s);
  now += 10s;
  // The three are unresponsive: three more are asked (a call may first just notice the timeouts).
  int asked = 0;
  for (int calls = 0; calls < 10 && asked < 3; ++calls) {
    auto next = query.next(now);
    if (next.state != KademliaQuery::State::kContact) continue;
    ++asked;
    EXPECT_EQ(std::count(first.begin(), first.end(), *next.peer), 0);
  }
  EXPECT_EQ(asked, 3);
  // A late answer still counts; a failure ends a peer.
  EXPECT_TRUE(query.on_success(first[0], {}));
  EXPECT_TRUE(query.on_failure(first[1]));
  EXPECT_FALSE(query.on_failure(first[1]));
  now += 10s;
  auto next = query.next(now);
  EXPECT_EQ(next.state, KademliaQuery::State::kFinished);
  EXPECT_EQ(query.result(), std::vector<PeerId>{first[0]});
}

TEST(KademliaQuery, EndlessNewPeersStayBounded) {
  KademliaQuery query(kademlia_key(test_peer(1)), {test_peer(2)},
                      KademliaQueryConfig{.k = 20, .alpha = 3, .max_peers = 80});
  const auto now = Clock::now();
  uint32_t fresh = 1'000;
  for (size_t steps = 0; steps < 2'000 && !query.finished(); ++steps) {
    auto next = query.next(now);
    if (next.state != KademliaQuery::State::kContact) break;
    std::vector<PeerId> flood;
    for (int i = 0; i < 64; ++i) flood.push_back(test_peer(fresh++));
    (void)query.on_success(*next.peer, flood);
    ASSERT_LE(query.candidates(), 80u);
  }
  EXPECT_TRUE(query.finished());
  EXPECT_EQ(query.result().size(), 20u);
}

TEST(KademliaQuery, EmptyStartFinishesAtOnce) {
  KademliaQuery query(kademlia_key(test_peer(1)), {});
  EXPECT_EQ(query.next(Clock::now()).state, KademliaQuery::State::kFinished);
  EXPECT_TRUE(query.result().empty());
}

}  // namespace
}  // namespace canary::network
