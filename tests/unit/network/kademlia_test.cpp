// The Kademlia discovery machine: inbound answers, the routing table fed by identify, random-walk
// timing, dialing within the outbound slots with backoff, the bounds; and a simulated network of
// 50 nodes that know one boot node: every node discovers the others, and lookups converge on the
// true closest peers.
#include "network/libp2p/kademlia.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "primitives/hash/hash.hpp"
#include "tests/unit/network/kademlia_test_support.hpp"

namespace canary::network {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::addr;
using testing::addr_of;
using testing::test_peer;

const std::string kProtocol = "/0123abcd/kad";

KademliaConfig config() {
  KademliaConfig c;
  c.protocol_name = kProtocol;
  c.seed = 42;
  return c;
}

template <class T>
std::vector<T> all_of(const std::vector<KademliaAction>& actions) {
  std::vector<T> out;
  for (const KademliaAction& a : actions) {
    if (const T* t = std::get_if<T>(&a)) out.push_back(*t);
  }
  return out;
}

// ---- inbound requests ------------------------------------------------------------------------

TEST(Kademlia, AnswersFindNodeWithItsClosestPeersButNotTheAsker) {
  const PeerId local = test_peer(0);
  auto c = config();
  c.dial = false;
  c.random_walk = false;
  const auto now = Clock::now();
  Kademlia kad(local, c, now);
  for (uint32_t i = 1; i <= 100; ++i) {
    (void)kad.on_connected(test_peer(i), false, now);
    (void)kad.on_identified(test_peer(i), {addr_of(i)}, {"/ipfs/ping/1.0.0", kProtocol}, now);
  }
  ASSERT_GE(kad.routing_table().size(), 40u);
  const PeerId asker = kad.routing_table().entries().front()->peer;
  const Bytes key = asker.bytes();  // the asker's own neighbourhood: it would come first
  const auto answer = kad.on_inbound_request(asker, encode_find_node_request(key), now);
  ASSERT_EQ(answer.kind, KademliaInboundAnswer::Kind::kRespond);
  EXPECT_EQ(answer.type, KademliaMessageType::kFindNode);
  auto response = decode_kademlia_message(answer.response);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->type, KademliaMessageType::kFindNode);
  EXPECT_EQ(response->cluster_level_raw, 9);
  ASSERT_EQ(response->closer_peers.size(), 20u);
  std::vector<PeerId> expected;
  for (const KademliaNode* node : kad.routing_table().closest(kademlia_key(key), 21)) {
    if (node->peer != asker) expected.push_back(node->peer);
  }
  expected.erase(expected.begin() + 20, expected.end());
  for (size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(response->closer_peers[i].id, expected[i]);
    EXPECT_EQ(response->closer_peers[i].connection, KademliaConnectionType::kConnected);
    EXPECT_FALSE(response->closer_peers[i].addresses.empty());
  }
}

TEST(Kademlia, OtherRequestsAreAnsweredOrRefused) {
  const PeerId local = test_peer(0);
  const auto now = Clock::now();
  Kademlia kad(local, config(), now);
  (void)kad.add_permanent_address(test_peer(1), addr_of(1), now);
  const PeerId asker = test_peer(2);

  KademliaMessage get;
  get.type = KademliaMessageType::kGetValue;
  get.key = to_bytes("/pk/whatever");
  auto answer = kad.on_inbound_request(asker, encode_kademlia_message(get), now);
  ASSERT_EQ(answer.kind, KademliaInboundAnswer::Kind::kRespond);
  auto response = decode_kademlia_message(answer.response).value();
  EXPECT_EQ(response.type, KademliaMessageType::kGetValue);
  EXPECT_FALSE(response.record);  // we hold no records
  ASSERT_EQ(response.closer_peers.size(), 1u);
  EXPECT_EQ(response.closer_peers[0].id, test_peer(1));
  EXPECT_EQ(response.closer_peers[0].connection, KademliaConnectionType::kNotConnected);

  get.type = KademliaMessageType::kGetProviders;
  answer = kad.on_inbound_request(asker, encode_kademlia_message(get), now);
  ASSERT_EQ(answer.kind, KademliaInboundAnswer::Kind::kRespond);
  response = decode_kademlia_message(answer.response).value();
  EXPECT_EQ(response.type, KademliaMessageType::kGetProviders);
  EXPECT_TRUE(response.provider_peers.empty());

  KademliaMessage put;
  put.type = KademliaMessageType::kPutValue;
  put.record = KademliaRecord{to_bytes("k"), to_bytes("v"), std::nullopt, 0, ""};
  EXPECT_EQ(kad.on_inbound_request(asker, encode_kademlia_message(put), now).kind,
            KademliaInboundAnswer::Kind::kReset);

  KademliaMessage provider;
  provider.type = KademliaMessageType::kAddProvider;
  provider.key = to_bytes("k");
  provider.provider_peers.push_back(KademliaPeer{asker, {addr_of(2)}, {}});
  EXPECT_EQ(kad.on_inbound_request(asker, encode_kademlia_message(provider), now).kind,
            KademliaInboundAnswer::Kind::kNoResponse);

  KademliaMessage ping;
  ping.type = KademliaMessageType::kPing;
  EXPECT_EQ(kad.on_inbound_request(asker, encode_kademlia_message(ping), now).kind,
            KademliaInboundAnswer::Kind::kClose);

  const Bytes garbage = {0x08, 0x09};
  EXPECT_EQ(kad.on_inbound_request(asker, garbage, now).kind, KademliaInboundAnswer::Kind::kReset);
}

// ---- the routing table's sources ---------------------------------------------------------------

TEST(Kademlia, IdentifyAddsPeersOfOurDhtWithTheirAddresses) {
  const auto now = Clock::now();
  Kademlia kad(test_peer(0), config(), now);
  // Another chain's DHT: not ours.
  auto actions = kad.on_identified(test_peer(1), {addr_of(1)}, {"/ffff/kad"}, now);
  EXPECT_FALSE(kad.routing_table().contains(test_peer(1)));
  EXPECT_TRUE(actions.empty());
  // Ours: in, and reported as discovered.
  actions =
      kad.on_identified(test_peer(1), {addr_of(1), addr("/ip4/10.0.0.1/tcp/1")}, {kProtocol}, now);
  ASSERT_TRUE(kad.routing_table().contains(test_peer(1)));
  // Non-global addresses stay out by default (sc-network `allow_non_globals_in_dht`).
  EXPECT_EQ(kad.routing_table().find(test_peer(1))->addresses, std::vector{addr_of(1)});
  const auto found = all_of<KademliaDiscovered>(actions);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].peer, test_peer(1));
  // An address naming another peer is ignored.
  (void)kad.on_identified(test_peer(3), {addr_of(3).with_p2p(test_peer(4)).value()}, {kProtocol},
                          now);
  EXPECT_FALSE(kad.routing_table().contains(test_peer(3)));

  auto c = config();
  c.allow_non_globals_in_dht = true;
  Kademlia local(test_peer(0), c, now);
  (void)local.on_identified(test_peer(1), {addr("/ip4/127.0.0.1/tcp/30333")}, {kProtocol}, now);
  EXPECT_TRUE(local.routing_table().contains(test_peer(1)));
}

// ---- random walks ------------------------------------------------------------------------------

// sc-network discovery.rs: the first random walk at once, then after 1 s, doubling up to 60 s;
// none once `discovery_limit` peers are connected.
TEST(Kademlia, RandomWalksAtOnceThenDoublingUpTo60Seconds) {
  const auto start = Clock::now();
  auto c = config();
  c.dial = false;
  c.discovery_limit = 1;
  Kademlia kad(test_peer(0), c, start);
  std::vector<int64_t> walks;  // seconds since start
  auto record = [&](const std::vector<KademliaAction>& actions, Clock::time_point now) {
    for (const auto& done : all_of<KademliaQueryFinished>(actions)) {
      // With an empty table, a walk ends as it starts.
      EXPECT_TRUE(done.random_walk);
      EXPECT_TRUE(done.closest.empty());
      EXPECT_EQ(done.key.size(), 34u);  // a random PeerId: identity multihash of 32 bytes
      walks.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(now - start).count());
    }
  };
  auto now = start;
  while (now - start < 250s) {
    const auto wake = kad.next_wake();
    ASSERT_TRUE(wake);
    now = std::max(now, *wake);
    if (now - start >= 250s) break;
    record(kad.tick(now), now);
  }
  EXPECT_EQ(walks, (std::vector<int64_t>{0, 1'000, 3'000, 7'000, 15'000, 31'000, 63'000, 123'000,
                                         183'000, 243'000}));
  // With enough connected peers the walks pause (the timer goes on).
  (void)kad.on_connected(test_peer(1), true, now);
  walks.clear();
  for (auto until = now + 300s; now < until;) {
    now = std::max(now, *kad.next_wake());
    record(kad.tick(now), now);
  }
  EXPECT_TRUE(walks.empty());
}

TEST(Kademlia, NoRandomWalksWhenDisabled) {
  auto c = config();
  c.random_walk = false;
  c.dial = false;
  const auto now = Clock::now();
  Kademlia kad(test_peer(0), c, now);
  EXPECT_FALSE(kad.next_wake());
  EXPECT_TRUE(kad.tick(now + 1h).empty());
}

// ---- dialing -----------------------------------------------------------------------------------

TEST(Kademlia, DialsKnownPeersWithinTheOutboundSlots) {
  auto c = config();
  c.random_walk = false;
  c.max_outbound = 3;
  auto now = Clock::now();
  Kademlia kad(test_peer(0), c, now);
  for (uint32_t i = 1; i <= 10; ++i) (void)kad.add_permanent_address(test_peer(i), addr_of(i), now);
  auto dials = all_of<KademliaDial>(kad.tick(now));
  ASSERT_EQ(dials.size(), 3u);
  EXPECT_EQ(kad.outbound_in_use(), 3u);
  for (const auto& d : dials) EXPECT_EQ(d.address.peer_id(), d.peer);
  // An inbound connection takes no outbound slot; an outbound one fills the slot its dial held.
  (void)kad.on_connected(test_peer(11), false, now);
  (void)kad.on_connected(dials[0].peer, true, now);
  now += 1s;
  EXPECT_TRUE(all_of<KademliaDial>(kad.tick(now)).empty());
  // A failed dial frees its slot: the next tick dials someone else.
  (void)kad.on_dial_failed(dials[1].peer, dials[1].address, now);
  now += 1s;
  auto more = all_of<KademliaDial>(kad.tick(now));
  ASSERT_EQ(more.size(), 1u);
  EXPECT_NE(more[0].peer, dials[1].peer);  // in backoff
  // A disconnection frees a slot too.
  (void)kad.on_disconnected(dials[0].peer, true, now);
  now += 1s;
  EXPECT_EQ(all_of<KademliaDial>(kad.tick(now)).size(), 1u);
  EXPECT_LE(kad.outbound_in_use(), 3u);
}

TEST(Kademlia, TriesEachAddressThenBacksOff) {
  auto c = config();
  c.random_walk = false;
  auto now = Clock::now();
  Kademlia kad(test_peer(0), c, now);
  const PeerId peer = test_peer(1);
  (void)kad.on_identified(peer, {addr_of(1), addr_of(2)}, {kProtocol}, now);
  auto dials = all_of<KademliaDial>(kad.tick(now));
  ASSERT_EQ(dials.size(), 1u);
  EXPECT_EQ(dials[0].address, addr_of(1).with_p2p(peer).value());
  auto next = all_of<KademliaDial>(kad.on_dial_failed(peer, dials[0].address, now));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].address, addr_of(2).with_p2p(peer).value());
  // The failed address left the table; the last one stays.
  EXPECT_EQ(kad.routing_table().find(peer)->addresses, std::vector{addr_of(2)});
  EXPECT_TRUE(all_of<KademliaDial>(kad.on_dial_failed(peer, next[0].address, now)).empty());
  EXPECT_FALSE(kad.is_dialing(peer));
  // Backoff: 5 s, then 10 s, 20 s …
  std::vector<int64_t> redials;
  const auto start = now;
  while (now - start < 80s) {
    now += 1s;
    for (const auto& d : all_of<KademliaDial>(kad.tick(now))) {
      redials.push_back(std::chrono::duration_cast<std::chrono::seconds>(now - start).count());
      (void)kad.on_dial_failed(d.peer, d.address, now);
    }
  }
  EXPECT_EQ(redials, (std::vector<int64_t>{5, 15, 35, 75}));
  // A connection (the peer dialed us) clears it.
  (void)kad.on_connected(peer, false, now);
  EXPECT_EQ(kad.backoffs(), 0u);
}

TEST(Kademlia, PrivateAddressesFromTheDhtAreNotDialedUnlessAllowed) {
  auto c = config();
  c.random_walk = false;
  c.allow_non_globals_in_dht = true;
  c.allow_private_ip = false;
  const auto now = Clock::now();
  Kademlia kad(test_peer(0), c, now);
  (void)kad.on_identified(test_peer(1), {addr("/ip4/192.168.1.2/tcp/30333")}, {kProtocol}, now);
  (void)kad.add_permanent_address(test_peer(2), addr("/ip4/127.0.0.1/tcp/30333"), now);
  (void)kad.on_identified(test_peer(3), {addr("/ip4/192.168.1.3/ws")}, {kProtocol}, now);
  const auto dials = all_of<KademliaDial>(kad.tick(now));
  ASSERT_EQ(dials.size(), 1u);  // the boot node's loopback address only
  EXPECT_EQ(dials[0].peer, test_peer(2));
}

TEST(Kademlia, NoDialsWhenDialingIsOff) {
  auto c = config();
  c.dial = false;
  c.random_walk = false;
  auto now = Clock::now();
  Kademlia kad(test_peer(0), c, now);
  (void)kad.add_permanent_address(test_peer(1), addr_of(1), now);
  std::vector<KademliaAction> actions;
  ASSERT_TRUE(kad.find_closest(test_peer(9).bytes(), now, actions));
  for (int i = 0; i < 100; ++i) {
    now += 1s;
    auto more = kad.tick(now);
    actions.insert(actions.end(), more.begin(), more.end());
  }
  EXPECT_TRUE(all_of<KademliaDial>(actions).empty());
  // The lookup could ask nobody: it ended with nothing.
  const auto done = all_of<KademliaQueryFinished>(actions);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].closest.empty());
}

// A lookup's peer that is not connected is dialed first, then asked.
TEST(Kademlia, LookupDialsThenAsks) {
  auto c = config();
  c.random_walk = false;
  auto now = Clock::now();
  Kademlia kad(test_peer(0), c, now);
  (void)kad.on_identified(test_peer(1), {addr_of(1)}, {kProtocol}, now);
  std::vector<KademliaAction> actions;
  ASSERT_TRUE(kad.find_closest(test_peer(9).bytes(), now, actions));
  const auto dials = all_of<KademliaDial>(actions);
  ASSERT_EQ(dials.size(), 1u);
  EXPECT_TRUE(all_of<KademliaSendRequest>(actions).empty());
  const auto sends = all_of<KademliaSendRequest>(kad.on_connected(test_peer(1), true, now));
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].peer, test_peer(1));
  EXPECT_EQ(decode_kademlia_message(sends[0].request)->key, test_peer(9).bytes());
  // Its answer names a peer we did not know: discovered, and the lookup goes on to it.
  KademliaMessage response;
  response.type = KademliaMessageType::kFindNode;
  response.closer_peers.push_back(KademliaPeer{test_peer(5), {addr_of(5)}, {}});
  auto after = kad.on_response(sends[0].request_id, encode_kademlia_message(response), now);
  const auto found = all_of<KademliaDiscovered>(after);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].peer, test_peer(5));
  const auto next_dials = all_of<KademliaDial>(after);
  ASSERT_EQ(next_dials.size(), 1u);
  EXPECT_EQ(next_dials[0].peer, test_peer(5));
  // That dial fails: nobody is left; the lookup ends with the one that answered.
  const auto end = kad.on_dial_failed(test_peer(5), next_dials[0].address, now);
  const auto done = all_of<KademliaQueryFinished>(end);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].closest, std::vector<PeerId>{test_peer(1)});
  EXPECT_EQ(kad.requests(), 0u);
  EXPECT_EQ(kad.queries(), 0u);
}

// ---- bounds ------------------------------------------------------------------------------------

TEST(Kademlia, BoundsHoldAgainstFloodingAnswers) {
  auto c = config();
  c.random_walk = false;
  c.max_queries = 4;
  c.max_discovered = 100;
  c.max_outbound = 1'000;
  auto now = Clock::now();
  Kademlia kad(test_peer(0), c, now);
  const PeerId liar = test_peer(1);
  (void)kad.on_connected(liar, true, now);
  (void)kad.on_identified(liar, {addr_of(1)}, {kProtocol}, now);
  std::vector<KademliaAction> actions;
  for (uint32_t q = 0; q < 6; ++q) {
    const auto id = kad.find_closest(test_peer(1'000'000 + q).bytes(), now, actions);
    EXPECT_EQ(id.has_value(), q < 4);
  }
  EXPECT_EQ(kad.queries(), 4u);
  uint32_t fresh = 10;
  // The liar answers every request with 64 new peers; the others never connect.
  std::deque<KademliaSendRequest> pending;
  for (const auto& s : all_of<KademliaSendRequest>(actions)) pending.push_back(s);
  for (int rounds = 0; rounds < 500 && !pending.empty(); ++rounds) {
    const auto request = pending.front();
    pending.pop_front();
    KademliaMessage response;
    response.type = KademliaMessageType::kFindNode;
    for (int i = 0; i < 64; ++i) {
      response.closer_peers.push_back(KademliaPeer{test_peer(fresh), {addr_of(fresh)}, {}});
      ++fresh;
    }
    for (const auto& a :
         kad.on_response(request.request_id, encode_kademlia_message(response), now)) {
      if (const auto* d = std::get_if<KademliaDial>(&a)) {
        (void)kad.on_dial_failed(d->peer, d->address, now);
      } else if (const auto* s = std::get_if<KademliaSendRequest>(&a)) {
        pending.push_back(*s);
      }
    }
    ASSERT_LE(kad.discovered_cached(), 100u);
    ASSERT_LE(kad.requests(), 4u * 20u);
    ASSERT_LE(kad.backoffs(), c.max_backoffs);
  }
  // The lookups end at their deadline whatever happens.
  now += c.query_timeout;
  (void)kad.tick(now);
  EXPECT_EQ(kad.queries(), 0u);
}

// ---- a simulated network ---------------------------------------------------------------------

// Nodes exchange the machine's actions directly: a dial connects both sides (outbound for the
// dialer) and runs identify both ways; a request is answered by the other node's machine at once.
class SimNetwork {
 public:
  SimNetwork(size_t count, const std::function<void(KademliaConfig&)>& tune) : now_(Clock::now()) {
    for (uint32_t i = 0; i < count; ++i) {
      auto c = config();
      c.seed = 1000 + i;
      tune(c);
      Node node{
          test_peer(i), addr_of(i), std::make_unique<Kademlia>(test_peer(i), c, now_), {}, {}};
      index_.emplace(node.id, nodes_.size());
      nodes_.push_back(std::move(node));
      max_outbound_.push_back(c.max_outbound);
    }
  }

  size_t size() const { return nodes_.size(); }
  const PeerId& id(size_t i) const { return nodes_[i].id; }
  Kademlia& kad(size_t i) { return *nodes_[i].kad; }
  const std::set<PeerId>& discovered(size_t i) const { return nodes_[i].discovered; }
  const std::vector<KademliaQueryFinished>& finished(size_t i) const { return nodes_[i].finished; }
  Clock::time_point now() const { return now_; }
  size_t outbound(size_t i) const {
    auto it = outbound_.find(i);
    return it == outbound_.end() ? 0 : it->second;
  }
  size_t connections(size_t i) const {
    std::set<size_t> peers;
    for (const auto& [pair, n] : links_) {
      if (pair.first == i) peers.insert(pair.second);
      if (pair.second == i) peers.insert(pair.first);
    }
    return peers.size();
  }

  void give(size_t i, std::vector<KademliaAction> actions) {
    for (auto& a : actions) work_.emplace_back(i, std::move(a));
    run();
  }

  void advance(std::chrono::milliseconds by) {
    now_ += by;
    for (size_t i = 0; i < nodes_.size(); ++i) give(i, nodes_[i].kad->tick(now_));
  }

 private:
  struct Node {
    PeerId id;
    Multiaddr address;
    std::unique_ptr<Kademlia> kad;
    std::set<PeerId> discovered;
    std::vector<KademliaQueryFinished> finished;
  };

  void run() {
    while (!work_.empty()) {
      auto [from, action] = std::move(work_.front());
      work_.pop_front();
      Node& node = nodes_[from];
      if (auto* d = std::get_if<KademliaDial>(&action)) {
        auto target = index_.find(d->peer);
        if (target == index_.end() || nodes_[target->second].address != d->address.without_p2p()) {
          queue(from, node.kad->on_dial_failed(d->peer, d->address, now_));
          continue;
        }
        const size_t to = target->second;
        ++links_[{from, to}];
        ++outbound_[from];
        EXPECT_LE(outbound_[from], max_outbound_[from]) << "node " << from;
        queue(from, node.kad->on_connected(d->peer, true, now_));
        queue(to, nodes_[to].kad->on_connected(node.id, false, now_));
        queue(from, node.kad->on_identified(d->peer, {nodes_[to].address}, {kProtocol}, now_));
        queue(to, nodes_[to].kad->on_identified(node.id, {node.address}, {kProtocol}, now_));
      } else if (auto* s = std::get_if<KademliaSendRequest>(&action)) {
        const size_t to = index_.at(s->peer);
        EXPECT_TRUE(links_.contains({from, to}) || links_.contains({to, from}))
            << "a request to a peer we are not connected to";
        auto answer = nodes_[to].kad->on_inbound_request(node.id, s->request, now_);
        if (answer.kind == KademliaInboundAnswer::Kind::kRespond) {
          queue(from, node.kad->on_response(s->request_id, answer.response, now_));
        } else {
          queue(from, node.kad->on_request_failed(s->request_id, now_));
        }
      } else if (auto* found = std::get_if<KademliaDiscovered>(&action)) {
        node.discovered.insert(found->peer);
      } else if (auto* done = std::get_if<KademliaQueryFinished>(&action)) {
        node.finished.push_back(*done);
      }
    }
  }

  void queue(size_t i, std::vector<KademliaAction> actions) {
    for (auto& a : actions) work_.emplace_back(i, std::move(a));
  }

  Clock::time_point now_;
  std::vector<Node> nodes_;
  std::map<PeerId, size_t> index_;
  std::vector<size_t> max_outbound_;
  std::map<size_t, size_t> outbound_;
  std::map<std::pair<size_t, size_t>, size_t> links_;  // (dialer, listener) → connections
  std::deque<std::pair<size_t, KademliaAction>> work_;
};

// 50 nodes that each know only node 0: random walks and the boot node's answers spread the
// network's view, every node fills its 8 outbound slots with the peers it learned of (unless it
// is connected to every peer it knows already, as the boot node is), never more, and the peers
// are connected to many others, not only to the boot node.
TEST(KademliaSimulation, EveryNodeDiscoversTheNetworkFromOneBootNode) {
  SimNetwork net(50, [](KademliaConfig& c) { c.max_outbound = 8; });
  for (size_t i = 1; i < net.size(); ++i) {
    net.give(i, net.kad(i).add_permanent_address(net.id(0), addr_of(0), net.now()));
  }
  for (int s = 0; s < 200; ++s) net.advance(1s);
  size_t knowing_most = 0;
  for (size_t i = 0; i < net.size(); ++i) {
    EXPECT_GE(net.discovered(i).size(), 20u) << "node " << i;
    if (net.discovered(i).size() >= 45) ++knowing_most;
    EXPECT_GE(net.connections(i), 8u) << "node " << i;
    bool all_connected = true;
    for (const KademliaNode* node : net.kad(i).routing_table().entries()) {
      all_connected = all_connected && node->status == KademliaNodeStatus::kConnected;
    }
    EXPECT_TRUE(net.outbound(i) == 8u || all_connected)
        << "node " << i << ": " << net.outbound(i) << " outbound";
  }
  // Most nodes learned of (nearly) the whole network.
  EXPECT_GE(knowing_most, 40u);
}

// Lookups over the same kind of network, without slot pressure (as many dials as they need):
// from any node, for random keys, the result is the true 20 closest of the other 49.
TEST(KademliaSimulation, LookupsConvergeOnTheTrueClosest) {
  SimNetwork net(50, [](KademliaConfig& c) {
    c.max_outbound = 100;
    c.slot_interval = std::chrono::hours(24);  // one fill at start: the boot node
  });
  for (size_t i = 1; i < net.size(); ++i) {
    net.give(i, net.kad(i).add_permanent_address(net.id(0), addr_of(0), net.now()));
  }
  for (int s = 0; s < 120; ++s) net.advance(1s);
  std::mt19937 rng(3);
  for (uint32_t t = 0; t < 20; ++t) {
    const size_t from = rng() % net.size();
    const Bytes key = test_peer(900'000 + t).bytes();
    std::vector<KademliaAction> actions;
    const auto id = net.kad(from).find_closest(key, net.now(), actions);
    ASSERT_TRUE(id);
    net.give(from, std::move(actions));
    for (int s = 0; s < 20 && net.kad(from).queries() > 0; ++s) net.advance(100ms);
    const auto& finished = net.finished(from);
    auto it = std::find_if(finished.begin(), finished.end(),
                           [&](const auto& f) { return f.query_id == *id; });
    ASSERT_NE(it, finished.end());
    EXPECT_FALSE(it->timed_out);
    std::vector<PeerId> others;
    for (size_t i = 0; i < net.size(); ++i) {
      if (i != from) others.push_back(net.id(i));
    }
    const KademliaKey target = kademlia_key(key);
    std::sort(others.begin(), others.end(), [&](const PeerId& a, const PeerId& b) {
      return kademlia_distance(kademlia_key(a), target) <
             kademlia_distance(kademlia_key(b), target);
    });
    others.erase(others.begin() + 20, others.end());
    EXPECT_EQ(it->closest, others) << "lookup " << t << " from node " << from;
  }
}

}  // namespace
}  // namespace canary::network
