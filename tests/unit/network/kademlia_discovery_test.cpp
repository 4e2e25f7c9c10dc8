// Kademlia discovery on real hosts over loopback: four hosts that each know only host 0 end up
// connected to each other; an inbound substream carries several requests in turn, under the main
// and the legacy protocol name; records put by one host are stored by the others and found.
#include "network/host/kademlia_discovery.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "network/libp2p/length_prefixed.hpp"
#include "tests/unit/network/connection_test_support.hpp"

namespace canary::network {
namespace {

using testing::identity;

using namespace std::chrono_literals;

const std::vector<std::string> kNames = {"/0000feed/kad", "/testnet/kad"};

Multiaddr addr(const std::string& text) {
  return Multiaddr::from_string(text).value();
}

struct DiscoveryHost {
  DiscoveryHost(uint8_t tag, std::vector<Multiaddr> boot_nodes,
                const std::function<void(KademliaDiscoveryConfig&)>& tune = {}) {
    local = PeerId::from_ed25519(identity(tag).public_key);
    KademliaDiscoveryConfig config;
    config.protocol_names = kNames;
    config.permanent_addresses = std::move(boot_nodes);
    config.kademlia.allow_non_globals_in_dht = true;  // loopback
    config.kademlia.allow_private_ip = true;
    config.kademlia.max_outbound = 8;
    config.kademlia.seed = tag;
    if (tune) tune(config);
    discovery = KademliaDiscovery::create(std::move(config), *local);
    HostConfig host_config;
    host_config.identity = identity(tag);
    host_config.listen_addresses = {addr("/ip4/127.0.0.1/tcp/0")};
    host_config.on_event = [d = discovery.get()](const HostEvent& e) { d->on_host_event(e); };
    host = Host::start(std::move(host_config)).value();
    discovery->start(*host);
  }

  Multiaddr dial_address() const {
    return host->listen_addresses().at(0).with_p2p(host->local_peer_id()).value();
  }

  size_t peers() const {
    std::set<PeerId> distinct;
    for (const ConnectedPeer& p : host->connected_peers()) distinct.insert(p.peer);
    return distinct.size();
  }

  std::optional<PeerId> local;
  // Declared before the host: the host (and its thread) goes first.
  std::shared_ptr<KademliaDiscovery> discovery;
  std::unique_ptr<Host> host;
};

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

TEST(KademliaDiscovery, FourHostsKnowingOnlyHostZeroFormAFullMesh) {
  std::vector<std::unique_ptr<DiscoveryHost>> hosts;
  hosts.push_back(std::make_unique<DiscoveryHost>(1, std::vector<Multiaddr>{}));
  const Multiaddr boot = hosts[0]->dial_address();
  for (uint8_t tag = 2; tag <= 4; ++tag) {
    hosts.push_back(std::make_unique<DiscoveryHost>(tag, std::vector<Multiaddr>{boot}));
  }
  const bool mesh = wait_until(
      [&] {
        for (const auto& h : hosts) {
          // Connected to the three others, and each in the routing table (once identified).
          if (h->peers() != 3 || h->discovery->routing_table_size() != 3) return false;
        }
        return true;
      },
      30s);
  std::string state;
  for (const auto& h : hosts) {
    state += std::to_string(h->peers()) + " peers, table " +
             std::to_string(h->discovery->routing_table_size()) + "; ";
  }
  EXPECT_TRUE(mesh) << state;
  // Hosts 1..3 found each other through host 0's answers.
  EXPECT_GT(hosts[0]->discovery->inbound_requests_served(), 0u);
}

// What a host's machine reported of its record queries (on the I/O thread).
struct RecordEvents {
  std::mutex mutex;
  std::vector<KademliaRecordFound> found;
  std::vector<KademliaGetRecordFinished> got;
  std::vector<KademliaPutRecordFinished> put;
};

TEST(KademliaDiscovery, RecordsArePutAndFoundOverLoopback) {
  std::vector<std::shared_ptr<RecordEvents>> events;
  auto tune = [&events](KademliaDiscoveryConfig& c) {
    auto mine = std::make_shared<RecordEvents>();
    events.push_back(mine);
    c.kademlia.record_validator = [](const KademliaRecord& record, const PeerId&) {
      return record.value != to_bytes("refused");
    };
    c.on_action = [mine](const KademliaAction& action) {
      std::lock_guard lock(mine->mutex);
      if (const auto* f = std::get_if<KademliaRecordFound>(&action)) mine->found.push_back(*f);
      if (const auto* g = std::get_if<KademliaGetRecordFinished>(&action)) mine->got.push_back(*g);
      if (const auto* p = std::get_if<KademliaPutRecordFinished>(&action)) mine->put.push_back(*p);
    };
  };
  std::vector<std::unique_ptr<DiscoveryHost>> hosts;
  hosts.push_back(std::make_unique<DiscoveryHost>(1, std::vector<Multiaddr>{}, tune));
  const Multiaddr boot = hosts[0]->dial_address();
  for (uint8_t tag = 2; tag <= 4; ++tag) {
    hosts.push_back(std::make_unique<DiscoveryHost>(tag, std::vector<Multiaddr>{boot}, tune));
  }
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& h : hosts) {
          if (h->discovery->routing_table_size() != 3) return false;
        }
        return true;
      },
      30s));
  const Bytes key = to_bytes("a record key");
  hosts[1]->discovery->put_record(key, to_bytes("a record value"));
  auto put_done = [&](size_t i) {
    std::lock_guard lock(events[i]->mutex);
    return !events[i]->put.empty();
  };
  ASSERT_TRUE(wait_until([&] { return put_done(1); }, 30s));
  {
    std::lock_guard lock(events[1]->mutex);
    const KademliaPutRecordFinished& put = events[1]->put[0];
    EXPECT_EQ(put.key, key);
    EXPECT_EQ(put.stored_at.size(), 3u);  // every other host echoed it
    EXPECT_FALSE(put.ok);                 // Quorum::All is k = 20
  }
  for (const auto& h : hosts) EXPECT_EQ(h->discovery->records_stored(), 1u);

  hosts[3]->discovery->get_record(key);
  hosts[3]->discovery->get_record(to_bytes("nobody's key"));
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(events[3]->mutex);
        return events[3]->got.size() == 2;
      },
      30s));
  std::lock_guard lock(events[3]->mutex);
  ASSERT_FALSE(events[3]->found.empty());
  EXPECT_FALSE(events[3]->found[0].peer);  // its own copy first
  for (const KademliaRecordFound& f : events[3]->found) {
    EXPECT_EQ(f.record.key, key);
    EXPECT_EQ(f.record.value, to_bytes("a record value"));
    EXPECT_EQ(f.record.publisher, hosts[1]->local);
  }
  for (const KademliaGetRecordFinished& g : events[3]->got) {
    EXPECT_EQ(g.records_found, g.key == key ? events[3]->found.size() : 0u);
  }
}

// Sends requests one after the other on one substream and collects the answers.
class MultiRequestClient final : public SubstreamHandler {
 public:
  struct Result {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Bytes> responses;
    std::optional<SubstreamEnd> end;
  };

  MultiRequestClient(std::shared_ptr<Result> result, std::vector<Bytes> requests)
      : result_(std::move(result)), requests_(std::move(requests)), reader_(1 << 16) {}

  void on_open(Substream& s) override { send_next(s); }
  void on_data(Substream& s, ByteSpan data) override {
    while (!data.empty()) {
      auto taken = reader_.feed(data);
      ASSERT_TRUE(taken);
      data = data.subspan(*taken);
      if (!reader_.complete()) return;
      {
        std::lock_guard lock(result_->mutex);
        result_->responses.push_back(reader_.take());
        result_->changed.notify_all();
      }
      send_next(s);
    }
  }
  void on_end(Substream&, SubstreamEnd end) override {
    std::lock_guard lock(result_->mutex);
    result_->end = end;
    result_->changed.notify_all();
  }

 private:
  void send_next(Substream& s) {
    if (next_ == requests_.size()) {
      s.close();
      return;
    }
    const Bytes framed = length_prefixed(requests_[next_++]);
    EXPECT_EQ(s.write(framed), framed.size());
  }

  std::shared_ptr<Result> result_;
  std::vector<Bytes> requests_;
  size_t next_ = 0;
  LengthPrefixedReader reader_;
};

TEST(KademliaDiscovery, InboundSubstreamCarriesSeveralRequests) {
  DiscoveryHost server(1, {});
  DiscoveryHost known(2, {server.dial_address()});
  ASSERT_TRUE(wait_until([&] { return server.discovery->routing_table_size() == 1; }, 10s));

  HostConfig config;
  config.identity = identity(9);
  auto client = Host::start(std::move(config)).value();
  client->dial(server.dial_address());
  ASSERT_TRUE(wait_until([&] { return client->connection_count() == 1; }, 10s));

  for (const std::string& name : kNames) {
    auto result = std::make_shared<MultiRequestClient::Result>();
    std::vector<Bytes> requests;
    for (uint8_t i = 0; i < 3; ++i) requests.push_back(encode_find_node_request(Bytes(38, i)));
    client->open_substream(*server.local, {name},
                           std::make_unique<MultiRequestClient>(result, requests));
    std::unique_lock lock(result->mutex);
    ASSERT_TRUE(result->changed.wait_for(lock, 10s, [&] { return result->end.has_value(); }));
    EXPECT_EQ(*result->end, SubstreamEnd::kFinished) << name;
    ASSERT_EQ(result->responses.size(), 3u) << name;
    for (const Bytes& response : result->responses) {
      auto decoded = decode_kademlia_message(response);
      ASSERT_TRUE(decoded);
      EXPECT_EQ(decoded->type, KademliaMessageType::kFindNode);
      ASSERT_EQ(decoded->closer_peers.size(), 1u);
      EXPECT_EQ(decoded->closer_peers[0].id, *known.local);
      EXPECT_EQ(decoded->closer_peers[0].addresses,
                std::vector{known.host->listen_addresses().at(0)});
    }
  }
  client->stop();
}

}  // namespace
}  // namespace canary::network
