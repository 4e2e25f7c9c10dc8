// Kademlia records (network/libp2p/kademlia.hpp, kademlia_record_store.hpp): the bounded store,
// inbound PUT_VALUE (echoed as rust-libp2p does, kept when the validator says so, the TTL shortened
// far from the key) and GET_VALUE (the record with the closer peers), and the outbound queries
// between in-memory peers: put_record reaches the true k closest peers, get_record finds the
// record and stops once enough peers answered, put_record_to; and validators whose authority
// discovery workers (network/authority_discovery/worker.hpp) find each other through the DHT.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "network/authority_discovery/record.hpp"
#include "network/authority_discovery/worker.hpp"
#include "network/libp2p/kademlia.hpp"
#include "network/libp2p/kademlia_record_store.hpp"
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
  c.seed = 7;
  c.random_walk = false;
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

// ---- the store ---------------------------------------------------------------------------------

TEST(KademliaRecordStore, BoundsReplacementAndExpiry) {
  const auto now = Clock::now();
  KademliaRecordStore store(KademliaRecordStoreConfig{3, 10});
  EXPECT_EQ(store.put({to_bytes("a"), Bytes(10, 1), std::nullopt, std::nullopt}, now).error(),
            KademliaStoreError::kValueTooLarge);  // MemoryStore: len >= max_value_bytes
  ASSERT_TRUE(store.put({to_bytes("a"), Bytes(9, 1), std::nullopt, std::nullopt}, now));
  ASSERT_TRUE(store.put({to_bytes("b"), Bytes(2, 2), test_peer(1), now + 10s}, now));
  ASSERT_TRUE(store.put({to_bytes("c"), Bytes(3, 3), std::nullopt, now + 20s}, now));
  EXPECT_EQ(store.put({to_bytes("d"), Bytes(1, 4), std::nullopt, std::nullopt}, now).error(),
            KademliaStoreError::kMaxRecords);
  // A key held is replaced even when full.
  ASSERT_TRUE(store.put({to_bytes("a"), Bytes(1, 5), std::nullopt, std::nullopt}, now));
  EXPECT_EQ(store.get(to_bytes("a"), now)->value, Bytes(1, 5));
  EXPECT_EQ(store.total_value_bytes(), 1u + 2u + 3u);
  EXPECT_EQ(store.get(to_bytes("b"), now)->publisher, test_peer(1));
  EXPECT_EQ(store.next_expiry(), now + 10s);
  // Expired: not handed out, and its room is taken back when needed.
  EXPECT_EQ(store.get(to_bytes("b"), now + 10s), nullptr);
  ASSERT_TRUE(store.put({to_bytes("d"), Bytes(1, 4), std::nullopt, std::nullopt}, now + 11s));
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.remove_expired(now + 30s), 1u);  // "c"
  store.remove(to_bytes("a"));
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.total_value_bytes(), 1u);
}

// ---- inbound requests ------------------------------------------------------------------------

KademliaMessage put_request(const KademliaRecord& record) {
  return decode_kademlia_message(encode_put_value_request(record)).value();
}

TEST(KademliaRecords, InboundPutIsEchoedAndKeptWhenValid) {
  const auto now = Clock::now();
  auto c = config();
  std::vector<KademliaRecord> judged;
  c.record_validator = [&judged](const KademliaRecord& record, const PeerId& from) {
    EXPECT_EQ(from, test_peer(2));
    judged.push_back(record);
    return record.value != to_bytes("bad");
  };
  Kademlia kad(test_peer(0), c, now);
  (void)kad.add_permanent_address(test_peer(1), addr_of(1), now);

  const KademliaRecord record{to_bytes("key"), to_bytes("value"), test_peer(2), 3600, ""};
  // The request as rust-libp2p writes it: PUT_VALUE, the key, the record.
  const Bytes request = encode_put_value_request(record);
  EXPECT_EQ(put_request(record).key, record.key);
  auto answer = kad.on_inbound_request(test_peer(2), request, now);
  ASSERT_EQ(answer.kind, KademliaInboundAnswer::Kind::kRespond);
  EXPECT_EQ(answer.type, KademliaMessageType::kPutValue);
  // The echo (rust-libp2p resp_msg_to_proto PutValue): type, key, and a record of key and value.
  KademliaMessage echo;
  echo.type = KademliaMessageType::kPutValue;
  echo.key = record.key;
  echo.record = KademliaRecord{record.key, record.value, std::nullopt, 0, ""};
  EXPECT_EQ(answer.response, encode_kademlia_message(echo));
  ASSERT_EQ(judged.size(), 1u);
  EXPECT_EQ(judged[0], record);
  ASSERT_EQ(kad.record_store().size(), 1u);

  // GET_VALUE now answers with it (its ttl counting down) and the closer peers.
  KademliaMessage get;
  get.type = KademliaMessageType::kGetValue;
  get.key = record.key;
  answer = kad.on_inbound_request(test_peer(3), encode_kademlia_message(get), now + 100s);
  ASSERT_EQ(answer.kind, KademliaInboundAnswer::Kind::kRespond);
  auto response = decode_kademlia_message(answer.response).value();
  EXPECT_EQ(response.type, KademliaMessageType::kGetValue);
  EXPECT_EQ(response.cluster_level_raw, 9);
  ASSERT_TRUE(response.record);
  EXPECT_EQ(response.record->key, record.key);
  EXPECT_EQ(response.record->value, record.value);
  EXPECT_EQ(response.record->publisher, test_peer(2));
  EXPECT_EQ(response.record->ttl, 3500u);  // the record's own hour prevails over 48 h
  ASSERT_EQ(response.closer_peers.size(), 1u);
  // Expired: gone.
  answer = kad.on_inbound_request(test_peer(3), encode_kademlia_message(get), now + 3600s);
  EXPECT_FALSE(decode_kademlia_message(answer.response)->record);

  // A record the validator refuses is echoed all the same, and not kept.
  const KademliaRecord bad{to_bytes("key2"), to_bytes("bad"), test_peer(2), 0, ""};
  answer = kad.on_inbound_request(test_peer(2), encode_put_value_request(bad), now);
  EXPECT_EQ(answer.kind, KademliaInboundAnswer::Kind::kRespond);
  get.key = bad.key;
  EXPECT_FALSE(decode_kademlia_message(
                   kad.on_inbound_request(test_peer(3), encode_kademlia_message(get), now).response)
                   ->record);
  // One that names us as its publisher is not ours to change: echoed, not judged, not kept.
  judged.clear();
  const KademliaRecord ours{to_bytes("key3"), to_bytes("v"), test_peer(0), 0, ""};
  answer = kad.on_inbound_request(test_peer(2), encode_put_value_request(ours), now);
  EXPECT_EQ(answer.kind, KademliaInboundAnswer::Kind::kRespond);
  EXPECT_TRUE(judged.empty());
  EXPECT_EQ(kad.record_store().size(), 1u);  // the expired first one is still held until a tick
}

// rust-libp2p record_received: 48 h, halved for each peer beyond k that is closer to the key.
TEST(KademliaRecords, TtlShortensFarFromTheKey) {
  const auto now = Clock::now();
  auto c = config();
  c.record_validator = [](const KademliaRecord&, const PeerId&) { return true; };
  Kademlia kad(test_peer(0), c, now);
  for (uint32_t i = 1; i <= 200; ++i) {
    (void)kad.on_connected(test_peer(i), false, now);
    (void)kad.on_identified(test_peer(i), {addr_of(i)}, {kProtocol}, now);
  }
  ASSERT_GT(kad.routing_table().size(), 40u);
  size_t shortened = 0;
  for (uint32_t k = 0; k < 30; ++k) {
    const Bytes key = to_bytes("key " + std::to_string(k));
    const KademliaKey target = kademlia_key(key);
    const KademliaDistance ours = kademlia_distance(kademlia_key(test_peer(0)), target);
    size_t closer = 0;
    for (const KademliaNode* node : kad.routing_table().entries()) {
      if (kademlia_distance(node->key, target) < ours) ++closer;
    }
    const size_t beyond = closer > 20 ? closer - 20 : 0;
    if (beyond > 0) ++shortened;
    const uint64_t expected = beyond >= 64 ? 0 : uint64_t{48 * 3600} >> beyond;
    (void)kad.on_inbound_request(
        test_peer(1), encode_put_value_request({key, to_bytes("v"), test_peer(1), 0, ""}), now);
    KademliaMessage get;
    get.type = KademliaMessageType::kGetValue;
    get.key = key;
    auto response = decode_kademlia_message(
        kad.on_inbound_request(test_peer(2), encode_kademlia_message(get), now).response);
    if (expected == 0) {
      EXPECT_FALSE(response->record) << "key " << k;  // expired at once: not kept
    } else {
      ASSERT_TRUE(response->record) << "key " << k;
      EXPECT_EQ(response->record->ttl, expected) << "key " << k << ", " << closer << " closer";
    }
  }
  EXPECT_GE(shortened, 3u);  // the test saw keys we are far from
}

// ---- a simulated network -----------------------------------------------------------------------

// As kademlia_test.cpp's: a dial connects both sides and runs identify; a request is answered by
// the other node's machine at once. Records found and queries finished are collected per node.
class RecordNetwork {
 public:
  RecordNetwork(
      size_t count, const std::function<void(size_t, KademliaConfig&)>& tune,
      const std::function<PeerId(size_t)>& id_of =
          [](size_t i) { return test_peer(static_cast<uint32_t>(i)); })
      : now_(Clock::now()) {
    for (uint32_t i = 0; i < count; ++i) {
      auto c = config();
      c.seed = 500 + i;
      c.max_outbound = 100;
      c.slot_interval = std::chrono::hours(24);
      c.record_validator = [](const KademliaRecord&, const PeerId&) { return true; };
      tune(i, c);
      const PeerId id = id_of(i);
      nodes_.push_back(Node{id, addr_of(i), std::make_unique<Kademlia>(id, c, now_), {}, {}, {}});
      index_.emplace(id, i);
    }
  }

  size_t size() const { return nodes_.size(); }
  const PeerId& id(size_t i) const { return nodes_[i].id; }
  Kademlia& kad(size_t i) { return *nodes_[i].kad; }
  Clock::time_point now() const { return now_; }
  std::vector<KademliaRecordFound>& found(size_t i) { return nodes_[i].found; }
  std::vector<KademliaGetRecordFinished>& got(size_t i) { return nodes_[i].got; }
  std::vector<KademliaPutRecordFinished>& put(size_t i) { return nodes_[i].put; }
  // Called for every action a node takes (after the network's own handling).
  std::function<void(size_t, const KademliaAction&)> observer;
  size_t requests_of(KademliaMessageType type) const {
    auto it = requests_.find(type);
    return it == requests_.end() ? 0 : it->second;
  }

  void give(size_t i, std::vector<KademliaAction> actions) {
    for (auto& a : actions) work_.emplace_back(i, std::move(a));
    run();
  }
  void advance(std::chrono::milliseconds by) {
    now_ += by;
    for (size_t i = 0; i < nodes_.size(); ++i) give(i, nodes_[i].kad->tick(now_));
  }
  // Every node knows node 0, then random walks spread the view.
  void bootstrap() {
    for (size_t i = 1; i < size(); ++i)
      give(i, kad(i).add_permanent_address(id(0), addr_of(0), now_));
    for (size_t i = 0; i < size(); ++i) {
      std::vector<KademliaAction> actions;
      (void)kad(i).find_closest(id(i).bytes(), now_, actions);
      give(i, std::move(actions));
    }
    for (int s = 0; s < 30; ++s) advance(1s);
  }

 private:
  struct Node {
    PeerId id;
    Multiaddr address;
    std::unique_ptr<Kademlia> kad;
    std::vector<KademliaRecordFound> found;
    std::vector<KademliaGetRecordFinished> got;
    std::vector<KademliaPutRecordFinished> put;
  };

  void run() {
    while (!work_.empty()) {
      auto [from, action] = std::move(work_.front());
      work_.pop_front();
      Node& node = nodes_[from];
      if (auto* d = std::get_if<KademliaDial>(&action)) {
        auto target = index_.find(d->peer);
        if (target == index_.end()) {
          queue(from, node.kad->on_dial_failed(d->peer, d->address, now_));
          continue;
        }
        const size_t to = target->second;
        queue(from, node.kad->on_connected(d->peer, true, now_));
        queue(to, nodes_[to].kad->on_connected(node.id, false, now_));
        queue(from, node.kad->on_identified(d->peer, {nodes_[to].address}, {kProtocol}, now_));
        queue(to, nodes_[to].kad->on_identified(node.id, {node.address}, {kProtocol}, now_));
      } else if (auto* s = std::get_if<KademliaSendRequest>(&action)) {
        const size_t to = index_.at(s->peer);
        if (auto m = decode_kademlia_message(s->request)) ++requests_[m->type];
        auto answer = nodes_[to].kad->on_inbound_request(node.id, s->request, now_);
        if (answer.kind == KademliaInboundAnswer::Kind::kRespond) {
          queue(from, node.kad->on_response(s->request_id, answer.response, now_));
        } else {
          queue(from, node.kad->on_request_failed(s->request_id, now_));
        }
      } else if (auto* f = std::get_if<KademliaRecordFound>(&action)) {
        node.found.push_back(*f);
      } else if (auto* g = std::get_if<KademliaGetRecordFinished>(&action)) {
        node.got.push_back(*g);
      } else if (auto* p = std::get_if<KademliaPutRecordFinished>(&action)) {
        node.put.push_back(*p);
      }
      if (observer) observer(from, action);
    }
  }

  void queue(size_t i, std::vector<KademliaAction> actions) {
    for (auto& a : actions) work_.emplace_back(i, std::move(a));
  }

  Clock::time_point now_;
  std::vector<Node> nodes_;
  std::map<PeerId, size_t> index_;
  std::map<KademliaMessageType, size_t> requests_;
  std::deque<std::pair<size_t, KademliaAction>> work_;
};

std::vector<PeerId> true_closest(RecordNetwork& net, ByteSpan key, size_t except, size_t n) {
  std::vector<PeerId> others;
  for (size_t i = 0; i < net.size(); ++i) {
    if (i != except) others.push_back(net.id(i));
  }
  const KademliaKey target = kademlia_key(key);
  std::sort(others.begin(), others.end(), [&](const PeerId& a, const PeerId& b) {
    return kademlia_distance(kademlia_key(a), target) < kademlia_distance(kademlia_key(b), target);
  });
  others.erase(others.begin() + static_cast<std::ptrdiff_t>(std::min(n, others.size())),
               others.end());
  return others;
}

bool holds(RecordNetwork& net, size_t i, ByteSpan key) {
  return net.kad(i).record_store().get(key, net.now()) != nullptr;
}

TEST(KademliaRecordsSimulation, PutReachesTheKClosestAndGetFindsIt) {
  RecordNetwork net(40, [](size_t, KademliaConfig&) {});
  net.bootstrap();
  const Bytes key = to_bytes("authority record key");
  const Bytes value = to_bytes("signed authority record");
  std::vector<KademliaAction> actions;
  const auto put_id = net.kad(3).put_record(key, value, net.now(), actions);
  ASSERT_TRUE(put_id);
  net.give(3, std::move(actions));
  for (int s = 0; s < 20 && net.put(3).empty(); ++s) net.advance(100ms);
  ASSERT_EQ(net.put(3).size(), 1u);
  const KademliaPutRecordFinished& put = net.put(3)[0];
  EXPECT_EQ(put.query_id, *put_id);
  EXPECT_EQ(put.key, key);
  EXPECT_TRUE(put.ok);
  EXPECT_EQ(put.quorum, 20u);
  // Stored at exactly the 20 closest peers to the key (and by the putter), each with us as the
  // publisher.
  const auto closest = true_closest(net, key, 3, 20);
  EXPECT_EQ(std::set(put.stored_at.begin(), put.stored_at.end()),
            std::set(closest.begin(), closest.end()));
  for (size_t i = 0; i < net.size(); ++i) {
    const bool expected =
        i == 3 || std::find(closest.begin(), closest.end(), net.id(i)) != closest.end();
    EXPECT_EQ(holds(net, i, key), expected) << "node " << i;
    if (expected) {
      EXPECT_EQ(net.kad(i).record_store().get(key, net.now())->publisher, net.id(3));
    }
  }

  // Another node finds it, and stops once a record came and more than 4 peers answered.
  const size_t asker = 37;
  ASSERT_FALSE(holds(net, asker, key));
  const auto get_id = net.kad(asker).get_record(key, net.now(), actions);
  ASSERT_TRUE(get_id);
  net.give(asker, std::move(actions));
  for (int s = 0; s < 20 && net.got(asker).empty(); ++s) net.advance(100ms);
  ASSERT_EQ(net.got(asker).size(), 1u);
  EXPECT_EQ(net.got(asker)[0].query_id, *get_id);
  EXPECT_FALSE(net.got(asker)[0].timed_out);
  EXPECT_GE(net.got(asker)[0].records_found, 1u);
  EXPECT_EQ(net.got(asker)[0].records_found, net.found(asker).size());
  for (const KademliaRecordFound& f : net.found(asker)) {
    EXPECT_EQ(f.query_id, *get_id);
    EXPECT_EQ(f.record.key, key);
    EXPECT_EQ(f.record.value, value);
    EXPECT_EQ(f.record.publisher, net.id(3));
    EXPECT_GT(f.record.ttl, 0u);
    ASSERT_TRUE(f.peer);
    EXPECT_TRUE(std::find(closest.begin(), closest.end(), *f.peer) != closest.end());
  }
  // The putter's own get answers from its store first.
  (void)net.kad(3).get_record(key, net.now(), actions);
  const auto local = all_of<KademliaRecordFound>(actions);
  ASSERT_FALSE(local.empty());
  EXPECT_FALSE(local[0].peer);
  EXPECT_EQ(local[0].record.value, value);
  net.give(3, std::move(actions));
  for (int s = 0; s < 20 && net.kad(3).queries() > 0; ++s) net.advance(100ms);

  // A key nobody holds: the lookup runs its course and finds nothing (ValueNotFound).
  const Bytes missing = to_bytes("nobody has this");
  (void)net.kad(asker).get_record(missing, net.now(), actions);
  net.give(asker, std::move(actions));
  for (int s = 0; s < 20 && net.got(asker).size() < 2; ++s) net.advance(100ms);
  ASSERT_EQ(net.got(asker).size(), 2u);
  EXPECT_EQ(net.got(asker)[1].key, missing);
  EXPECT_EQ(net.got(asker)[1].records_found, 0u);
}

// A get that finds a record caches it at the nearest peer that answered without it (rust-libp2p
// caching), with the record's remaining TTL.
TEST(KademliaRecordsSimulation, GetCachesAtTheNearestPeerWithoutTheRecord) {
  RecordNetwork net(30, [](size_t, KademliaConfig&) {});
  net.bootstrap();
  const Bytes key = to_bytes("cached key");
  // Only the node closest to the key holds it: every lookup of the key ends up asking it.
  const size_t asker = 29;
  const PeerId holder_id = true_closest(net, key, asker, 1)[0];
  size_t holder = 0;
  while (net.id(holder) != holder_id) ++holder;
  ASSERT_TRUE(
      net.kad(holder)
          .store_record(KademliaRecord{key, to_bytes("v"), net.id(holder), 1000, ""}, net.now())
          .has_value());
  std::vector<KademliaAction> actions;
  (void)net.kad(asker).get_record(key, net.now(), actions);
  net.give(asker, std::move(actions));
  for (int s = 0; s < 30 && net.kad(asker).queries() > 0; ++s) net.advance(100ms);
  ASSERT_EQ(net.found(asker).size(), 1u);
  EXPECT_EQ(net.found(asker)[0].peer, holder_id);
  // One more holder now: the nearest peer to the key that answered without it.
  std::vector<size_t> holders;
  for (size_t i = 0; i < net.size(); ++i) {
    if (holds(net, i, key)) holders.push_back(i);
  }
  ASSERT_EQ(holders.size(), 2u);
  const size_t cached = holders[0] == holder ? holders[1] : holders[0];
  EXPECT_NE(cached, asker);
  EXPECT_EQ(net.requests_of(KademliaMessageType::kPutValue), 1u);
  // With the TTL the record had left (1000 s, counted down by the hops' time).
  const auto* copy = net.kad(cached).record_store().get(key, net.now());
  ASSERT_TRUE(copy && copy->expires);
  EXPECT_LE(*copy->expires, net.now() + 1000s);
  EXPECT_EQ(copy->publisher, holder_id);
}

// Fewer than k + 1 nodes: every peer stores the record, and the put reports failure all the same
// (Quorum::All is k), as rust-libp2p does.
TEST(KademliaRecordsSimulation, SmallNetworkPutStoresEverywhereButMissesTheQuorum) {
  RecordNetwork net(6, [](size_t, KademliaConfig&) {});
  net.bootstrap();
  std::vector<KademliaAction> actions;
  const Bytes key = to_bytes("k");
  ASSERT_TRUE(net.kad(0).put_record(key, to_bytes("v"), net.now(), actions));
  net.give(0, std::move(actions));
  for (int s = 0; s < 20 && net.put(0).empty(); ++s) net.advance(100ms);
  ASSERT_EQ(net.put(0).size(), 1u);
  EXPECT_FALSE(net.put(0)[0].ok);
  EXPECT_EQ(net.put(0)[0].stored_at.size(), 5u);
  for (size_t i = 0; i < net.size(); ++i) EXPECT_TRUE(holds(net, i, key)) << "node " << i;

  // put_record_to: only the peers named, ok when all echoed.
  const Bytes other = to_bytes("other");
  (void)net.kad(1).put_record_to(KademliaRecord{other, to_bytes("w"), net.id(1), 0, ""},
                                 {net.id(2), net.id(3)}, false, net.now(), actions);
  net.give(1, std::move(actions));
  ASSERT_EQ(net.put(1).size(), 1u);
  EXPECT_TRUE(net.put(1)[0].ok);
  EXPECT_EQ(net.put(1)[0].quorum, 2u);
  for (size_t i = 0; i < net.size(); ++i) {
    EXPECT_EQ(holds(net, i, other), i == 2 || i == 3) << "node " << i;
  }
  // Nodes without a validator refuse puts: the putter hears nothing back from them.
  RecordNetwork plain(6, [](size_t i, KademliaConfig& c) {
    if (i != 0) c.record_validator = nullptr;
  });
  plain.bootstrap();
  ASSERT_TRUE(plain.kad(0).put_record(key, to_bytes("v"), plain.now(), actions));
  plain.give(0, std::move(actions));
  for (int s = 0; s < 20 && plain.put(0).empty(); ++s) plain.advance(100ms);
  ASSERT_EQ(plain.put(0).size(), 1u);
  EXPECT_TRUE(plain.put(0)[0].stored_at.empty());
  for (size_t i = 1; i < plain.size(); ++i) EXPECT_FALSE(holds(plain, i, key));
}

// ---- authority discovery over the simulated DHT
// ---------------------------------------------------

// Eight validators, each with a worker for its own authority discovery key, that know only node 0:
// they publish, look each other up, and end up knowing every other validator's PeerId and address.
// Records put to a node are judged by that node's worker.
TEST(AuthorityDiscoverySimulation, ValidatorsLearnEachOther) {
  namespace ad = authority_discovery;
  constexpr size_t kValidators = 8;
  constexpr size_t kNodes = 24;  // the others are plain full nodes of the DHT
  std::vector<crypto::ed25519::Keypair> identities;
  std::vector<crypto::sr25519::Keypair> keys;
  std::vector<ad::AuthorityId> set;
  std::vector<std::unique_ptr<ad::Worker>> workers(kNodes);
  // A validator's node has its worker's identity as PeerId (the records' /p2p and publisher).
  for (size_t i = 0; i < kValidators; ++i) {
    crypto::sr25519::MiniSecret seed{};
    seed.fill(static_cast<uint8_t>(i + 1));
    keys.push_back(crypto::sr25519::keypair_from_mini_secret(seed));
    set.push_back(keys.back().public_key);
    crypto::ed25519::Seed id_seed{};
    id_seed.fill(static_cast<uint8_t>(0x40 + i));
    identities.push_back(crypto::ed25519::keypair_from_seed(id_seed));
  }
  RecordNetwork* net_ptr = nullptr;
  RecordNetwork net(
      kNodes,
      [&](size_t i, KademliaConfig& c) {
        if (i >= kValidators) return;
        c.record_validator = [&workers, &net_ptr, i](const KademliaRecord& record, const PeerId&) {
          return workers[i]->accept_put(record, net_ptr->now());
        };
      },
      [&](size_t i) {
        return i < kValidators ? PeerId::from_ed25519(identities[i].public_key)
                               : test_peer(static_cast<uint32_t>(i));
      });
  net_ptr = &net;
  for (size_t i = 0; i < kValidators; ++i) {
    auto sign = [pair = keys[i]](const ad::AuthorityId& key,
                                 ByteSpan message) -> std::optional<ad::AuthoritySignature> {
      if (key != pair.public_key) return std::nullopt;
      return crypto::sr25519::sign(pair, message);
    };
    ad::WorkerConfig wc;
    wc.seed = i;
    workers[i] = std::make_unique<ad::Worker>(identities[i], sign, wc, net.now());
    workers[i]->set_authorities(set);
    workers[i]->set_local_keys({keys[i].public_key});
    workers[i]->set_addresses({}, {addr("/ip4/10.0.0." + std::to_string(i + 1) + "/tcp/30333")});
  }
  // Carry out a worker's actions on its node's machine; feed the DHT's answers back.
  std::function<void(size_t, std::vector<ad::WorkerAction>)> execute;
  execute = [&](size_t i, std::vector<ad::WorkerAction> actions) {
    for (ad::WorkerAction& action : actions) {
      std::vector<KademliaAction> out;
      if (auto* get = std::get_if<ad::GetValue>(&action)) {
        if (!net.kad(i).get_record(get->key, net.now(), out)) {
          execute(i, workers[i]->on_value_not_found(get->key));
        }
      } else if (auto* put = std::get_if<ad::PutValue>(&action)) {
        (void)net.kad(i).put_record(put->key, put->value, net.now(), out);
      } else if (auto* to = std::get_if<ad::PutRecordTo>(&action)) {
        if (to->peers.empty()) {
          if (to->update_local) (void)net.kad(i).store_record(to->record, net.now());
        } else {
          (void)net.kad(i).put_record_to(to->record, to->peers, to->update_local, net.now(), out);
        }
      }
      net.give(i, std::move(out));
    }
  };
  net.observer = [&](size_t i, const KademliaAction& action) {
    if (i >= kValidators) return;
    if (auto* f = std::get_if<KademliaRecordFound>(&action)) {
      execute(i, workers[i]->on_value_found(f->record, f->peer, net.now()));
    } else if (auto* g = std::get_if<KademliaGetRecordFinished>(&action)) {
      if (g->records_found == 0) execute(i, workers[i]->on_value_not_found(g->key));
    } else if (auto* p = std::get_if<KademliaPutRecordFinished>(&action)) {
      if (p->ok) {
        workers[i]->on_value_put(p->key, net.now());
      } else {
        workers[i]->on_value_put_failed(p->key);
      }
    }
  };
  net.bootstrap();
  for (int s = 0; s < 120; ++s) {
    for (size_t i = 0; i < kValidators; ++i) execute(i, workers[i]->tick(net.now(), 1'000 + s));
    net.advance(500ms);
  }
  for (size_t i = 0; i < kValidators; ++i) {
    EXPECT_GE(workers[i]->stats().times_published, 1u) << "validator " << i;
    for (size_t j = 0; j < kValidators; ++j) {
      if (i == j) continue;
      const auto addresses = workers[i]->addresses_of(keys[j].public_key);
      ASSERT_EQ(addresses.size(), 1u) << "validator " << i << " does not know " << j;
      EXPECT_EQ(addresses[0], addr("/ip4/10.0.0." + std::to_string(j + 1) + "/tcp/30333")
                                  .with_p2p(PeerId::from_ed25519(identities[j].public_key))
                                  .value());
      EXPECT_EQ(workers[i]->authorities_of(PeerId::from_ed25519(identities[j].public_key)),
                std::vector{keys[j].public_key});
    }
    // Nobody learned anything about itself.
    EXPECT_TRUE(workers[i]->addresses_of(keys[i].public_key).empty());
  }
  // The records live in the DHT, judged valid by the validators' workers (full nodes take any).
  size_t judged = 0;
  size_t kept_by_validators = 0;
  for (size_t i = 0; i < kValidators; ++i) {
    judged += workers[i]->stats().put_record_requests;
    kept_by_validators += net.kad(i).record_store().size();
  }
  EXPECT_GT(judged, 0u);
  EXPECT_GT(kept_by_validators, kValidators);  // more than each one's own record
  EXPECT_GE(net.requests_of(KademliaMessageType::kPutValue), kValidators);
  EXPECT_GE(net.requests_of(KademliaMessageType::kGetValue), kValidators * (kValidators - 1));
}

}  // namespace
}  // namespace canary::network
