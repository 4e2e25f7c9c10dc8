// Two libp2p hosts in one process over loopback TCP: dialing, identify, ping, an echo protocol on
// substreams, limits, and peers that misbehave.
#include "network/host/host.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/network/connection_test_support.hpp"

namespace canary::network {
namespace {

using testing::identity;

using namespace std::chrono_literals;

Multiaddr addr(const std::string& text) {
  return Multiaddr::from_string(text).value();
}

// Everything a host reported, for the test thread to wait on.
class Recorder {
 public:
  void on_event(const HostEvent& event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
    changed_.notify_all();
  }

  // Waits for an event matching `predicate`; returns it.
  std::optional<HostEvent> wait_for(const std::function<bool(const HostEvent&)>& predicate,
                                    std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    std::optional<HostEvent> found;
    changed_.wait_for(lock, timeout, [&] {
      for (const HostEvent& e : events_) {
        if (predicate(e)) {
          found = e;
          return true;
        }
      }
      return false;
    });
    return found;
  }

  std::optional<HostEvent> wait_for(HostEventType type, std::chrono::milliseconds timeout = 10s) {
    return wait_for([type](const HostEvent& e) { return e.type == type; }, timeout);
  }

  size_t count(HostEventType type) {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (const HostEvent& e : events_) n += e.type == type ? 1 : 0;
    return n;
  }

  std::string dump() {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const HostEvent& e : events_) {
      out += std::to_string(static_cast<int>(e.type)) + " " + e.address.to_string() + " " +
             e.detail + "\n";
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<HostEvent> events_;
};

struct TestHost {
  explicit TestHost(uint8_t tag, const std::function<void(HostConfig&)>& adjust = {}) {
    HostConfig config;
    config.identity = identity(tag);
    config.listen_addresses = {addr("/ip4/127.0.0.1/tcp/0")};
    config.agent_version = "test/" + std::to_string(tag);
    config.on_event = [this](const HostEvent& e) { recorder.on_event(e); };
    if (adjust) adjust(config);
    host = Host::start(std::move(config)).value();
  }

  Multiaddr dial_address() const {
    return host->listen_addresses().at(0).with_p2p(host->local_peer_id()).value();
  }
  uint16_t port() const { return host->listen_addresses().at(0).tcp_endpoint()->port; }

  Recorder recorder;
  std::unique_ptr<Host> host;
};

// Echoes what it receives and closes once the dialer closed.
class EchoHandler : public SubstreamHandler {
 public:
  void on_data(Substream& s, ByteSpan data) override { EXPECT_EQ(s.write(data), data.size()); }
  void on_remote_closed(Substream& s) override { s.close(); }
};

// Sends a message, collects the answer, reports how the substream ended.
struct ClientResult {
  std::mutex mutex;
  std::condition_variable changed;
  bool opened = false;
  Bytes received;
  std::optional<SubstreamEnd> end;

  bool wait_end(std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, timeout, [&] { return end.has_value(); });
  }
};

class ClientHandler : public SubstreamHandler {
 public:
  ClientHandler(std::shared_ptr<ClientResult> result, Bytes message)
      : result_(std::move(result)), message_(std::move(message)) {}
  void on_open(Substream& s) override {
    {
      std::lock_guard lock(result_->mutex);
      result_->opened = true;
    }
    EXPECT_EQ(s.write(message_), message_.size());
    s.close();
  }
  void on_data(Substream&, ByteSpan data) override {
    std::lock_guard lock(result_->mutex);
    result_->received.insert(result_->received.end(), data.begin(), data.end());
  }
  void on_end(Substream&, SubstreamEnd end) override {
    std::lock_guard lock(result_->mutex);
    result_->end = end;
    result_->changed.notify_all();
  }

 private:
  std::shared_ptr<ClientResult> result_;
  Bytes message_;
};

// A raw TCP client for the misbehaving peers.
int connect_raw(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  return fd;
}

// Reads until the peer closes (true) or the read times out (false).
bool read_until_closed(int fd) {
  uint8_t buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

TEST(HostTest, TwoHostsConnectIdentifyPingAndEcho) {
  TestHost a(1);
  TestHost b(2);
  b.host->register_protocol("/echo/1", [](const SubstreamInfo& info) {
    EXPECT_EQ(info.protocol, "/echo/1");
    return std::make_unique<EchoHandler>();
  });
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kListening));
  a.host->dial(b.dial_address());

  auto established = a.recorder.wait_for(HostEventType::kConnectionEstablished);
  ASSERT_TRUE(established) << a.recorder.dump();
  EXPECT_EQ(established->peer, b.host->local_peer_id());
  EXPECT_EQ(established->direction, ConnectionDirection::kOutbound);
  auto inbound = b.recorder.wait_for(HostEventType::kConnectionEstablished);
  ASSERT_TRUE(inbound) << b.recorder.dump();
  EXPECT_EQ(inbound->peer, a.host->local_peer_id());
  EXPECT_EQ(inbound->direction, ConnectionDirection::kInbound);

  auto identified = a.recorder.wait_for(HostEventType::kIdentified);
  ASSERT_TRUE(identified);
  EXPECT_EQ(identified->identify->agent_version, "test/2");
  EXPECT_EQ(identified->identify->peer_id, b.host->local_peer_id());
  const auto& protocols = identified->identify->protocols;
  EXPECT_NE(std::find(protocols.begin(), protocols.end(), "/echo/1"), protocols.end());
  ASSERT_FALSE(identified->identify->listen_addresses.empty());
  EXPECT_EQ(identified->identify->listen_addresses[0], b.host->listen_addresses()[0]);
  // What B saw of A: A's socket address.
  EXPECT_EQ(identified->identify->observed_address->tcp_endpoint()->host, "127.0.0.1");
  ASSERT_TRUE(b.recorder.wait_for(HostEventType::kIdentified));
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kPing));
  ASSERT_TRUE(b.recorder.wait_for(HostEventType::kPing));
  EXPECT_EQ(a.host->connection_count(), 1u);
  EXPECT_EQ(a.host->connected_peers().at(0).agent_version, "test/2");

  auto result = std::make_shared<ClientResult>();
  const Bytes message = {'e', 'c', 'h', 'o', '!'};
  a.host->open_substream(b.host->local_peer_id(), {"/echo/1"},
                         std::make_unique<ClientHandler>(result, message));
  ASSERT_TRUE(result->wait_end());
  EXPECT_TRUE(result->opened);
  EXPECT_EQ(result->received, message);
  EXPECT_EQ(*result->end, SubstreamEnd::kFinished);

  // A protocol B does not speak.
  auto refused = std::make_shared<ClientResult>();
  a.host->open_substream(b.host->local_peer_id(), {"/nope/1"},
                         std::make_unique<ClientHandler>(refused, message));
  ASSERT_TRUE(refused->wait_end());
  EXPECT_EQ(*refused->end, SubstreamEnd::kRefused);

  // No connection to a third peer.
  auto nobody = std::make_shared<ClientResult>();
  a.host->open_substream(PeerId::from_ed25519(identity(3).public_key), {"/echo/1"},
                         std::make_unique<ClientHandler>(nobody, message));
  ASSERT_TRUE(nobody->wait_end());
  EXPECT_EQ(*nobody->end, SubstreamEnd::kNoConnection);

  a.host->disconnect(b.host->local_peer_id());
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionClosed));
  ASSERT_TRUE(b.recorder.wait_for(HostEventType::kConnectionClosed));
  EXPECT_EQ(a.host->connection_count(), 0u);
}

// A created host does nothing until run(): the node registers its protocols and builds their
// state first, so that a peer connecting at once (a boot node dialed by discovery, a peer
// redialing a restarted node) never reaches a callback that is not ready. Then it does it all.
TEST(HostTest, ACreatedHostWaitsForRunBeforeAnyEvent) {
  TestHost b(2);
  TestHost c(3);
  Recorder recorder;
  HostConfig config;
  config.identity = identity(1);
  config.listen_addresses = {addr("/ip4/127.0.0.1/tcp/0")};
  config.on_event = [&recorder](const HostEvent& e) { recorder.on_event(e); };
  auto a = Host::create(std::move(config)).value();
  ASSERT_EQ(a->listen_addresses().size(), 1U);  // bound already: its port is known
  a->dial(c.dial_address());
  b.host->dial(a->listen_addresses().at(0).with_p2p(a->local_peer_id()).value());

  // The kernel accepts b's TCP connection, but nobody answers its handshake, and a's dial of c
  // waits: no event anywhere.
  EXPECT_FALSE(recorder.wait_for([](const HostEvent&) { return true; }, 300ms));
  EXPECT_EQ(b.recorder.count(HostEventType::kConnectionEstablished), 0U) << b.recorder.dump();
  EXPECT_EQ(c.recorder.count(HostEventType::kConnectionEstablished), 0U) << c.recorder.dump();

  a->run();
  ASSERT_TRUE(recorder.wait_for([](const HostEvent& e) {
    return e.type == HostEventType::kConnectionEstablished &&
           e.direction == ConnectionDirection::kInbound;
  })) << recorder.dump();
  ASSERT_TRUE(recorder.wait_for([](const HostEvent& e) {
    return e.type == HostEventType::kConnectionEstablished &&
           e.direction == ConnectionDirection::kOutbound;
  })) << recorder.dump();
  ASSERT_TRUE(b.recorder.wait_for(HostEventType::kConnectionEstablished)) << b.recorder.dump();
  ASSERT_TRUE(c.recorder.wait_for(HostEventType::kConnectionEstablished)) << c.recorder.dump();
  // The startup events come first.
  EXPECT_EQ(recorder.wait_for([](const HostEvent&) { return true; })->type,
            HostEventType::kListening);
  a->run();  // a second run does nothing
  a->stop();
}

TEST(HostTest, ManyConcurrentSubstreams) {
  TestHost a(1);
  TestHost b(2);
  b.host->register_protocol("/echo/1",
                            [](const SubstreamInfo&) { return std::make_unique<EchoHandler>(); });
  a.host->dial(b.dial_address());
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionEstablished));
  std::vector<std::shared_ptr<ClientResult>> results;
  for (int i = 0; i < 50; ++i) {
    auto result = std::make_shared<ClientResult>();
    Bytes message(1000 + static_cast<size_t>(i) * 997, static_cast<uint8_t>(i));
    a.host->open_substream(b.host->local_peer_id(), {"/echo/1"},
                           std::make_unique<ClientHandler>(result, message));
    results.push_back(result);
  }
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(results[i]->wait_end());
    EXPECT_EQ(*results[i]->end, SubstreamEnd::kFinished);
    EXPECT_EQ(results[i]->received,
              Bytes(1000 + static_cast<size_t>(i) * 997, static_cast<uint8_t>(i)));
  }
}

TEST(HostTest, GarbageIsDisconnectedAndTheHostKeepsServing) {
  TestHost b(2);
  const int fd = connect_raw(b.port());
  ASSERT_GE(fd, 0);
  // An HTTP request: its 'G' reads as the length of a 71-byte message that lacks its '\n'.
  const char garbage[] =
      "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\nAccept: */*\r\n"
      "Connection: close\r\n\r\n";
  ASSERT_EQ(write(fd, garbage, sizeof(garbage) - 1), static_cast<ssize_t>(sizeof(garbage) - 1));
  EXPECT_TRUE(read_until_closed(fd));
  close(fd);
  auto failed = b.recorder.wait_for(HostEventType::kIncomingFailed);
  ASSERT_TRUE(failed);
  EXPECT_NE(failed->detail.find("/noise"), std::string::npos) << failed->detail;

  // A well-formed header, then a Noise message that is not one.
  const int fd2 = connect_raw(b.port());
  ASSERT_GE(fd2, 0);
  Bytes bytes = encode_multistream_message(kMultistreamProtocol);
  const Bytes noise = encode_multistream_message("/noise");
  bytes.insert(bytes.end(), noise.begin(), noise.end());
  bytes.insert(bytes.end(), {0x00, 0x05, 1, 2, 3, 4, 5});
  ASSERT_EQ(write(fd2, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  EXPECT_TRUE(read_until_closed(fd2));
  close(fd2);

  // Still serving.
  TestHost a(1);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionEstablished)) << a.recorder.dump();
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kPing));
}

TEST(HostTest, WrongPeerIdIsADialFailure) {
  TestHost a(1);
  TestHost b(2);
  const Multiaddr wrong =
      b.host->listen_addresses()[0].with_p2p(PeerId::from_ed25519(identity(3).public_key)).value();
  a.host->dial(wrong);
  auto failed = a.recorder.wait_for(HostEventType::kDialFailed);
  ASSERT_TRUE(failed) << a.recorder.dump();
  EXPECT_NE(failed->detail.find("PeerId"), std::string::npos) << failed->detail;
  EXPECT_EQ(b.recorder.count(HostEventType::kConnectionEstablished), 0u);
}

TEST(HostTest, DialFailures) {
  TestHost a(1);
  // Nobody listens there (the port of a host that stopped).
  uint16_t port = 0;
  {
    TestHost gone(5);
    port = gone.port();
  }
  a.host->dial(addr("/ip4/127.0.0.1/tcp/" + std::to_string(port)));
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kDialFailed)) << a.recorder.dump();
  a.host->dial(a.dial_address());
  ASSERT_TRUE(a.recorder.wait_for([](const HostEvent& e) {
    return e.type == HostEventType::kDialFailed && e.detail == "the address is our own";
  }));
  a.host->dial(addr("/ip4/127.0.0.1/udp/1/quic-v1"));
  ASSERT_TRUE(a.recorder.wait_for([](const HostEvent& e) {
    return e.type == HostEventType::kDialFailed && e.detail == "not a TCP address";
  }));
}

TEST(HostTest, InboundLimitRefusesExtraConnections) {
  TestHost b(2, [](HostConfig& c) { c.max_inbound_connections = 1; });
  TestHost a(1);
  TestHost c(3);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionEstablished));
  c.host->dial(b.dial_address());
  ASSERT_TRUE(c.recorder.wait_for(HostEventType::kDialFailed)) << c.recorder.dump();
  EXPECT_EQ(b.host->connection_count(), 1u);
}

// Issue 22: idle sockets from one address used to take every inbound slot until the handshake
// timeout; now they only recycle their own pending slots and a real peer (on the same address:
// every test peer is on 127.0.0.1) connects while 40 of them are open.
TEST(HostTest, IdleSocketsDoNotLockPeersOut) {
  TestHost b(2);
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) {
    const int fd = connect_raw(b.port());
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
  }
  TestHost a(1);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionEstablished)) << a.recorder.dump();
  ASSERT_TRUE(b.recorder.wait_for([](const HostEvent& e) {
    return e.type == HostEventType::kDiagnostic &&
           e.detail.find("pending handshakes") != std::string::npos;
  })) << b.recorder.dump();
  for (const int fd : idle) close(fd);
}

TEST(HostTest, PerPeerLimit) {
  TestHost a(1, [](HostConfig& c) { c.max_connections_per_peer = 1; });
  TestHost b(2);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionEstablished));
  a.host->dial(b.dial_address());
  auto failed = a.recorder.wait_for(HostEventType::kDialFailed);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->detail, "too many connections to this peer");
  EXPECT_EQ(a.host->connection_count(), 1u);
}

// A peer the node refuses (banned, or not reserved in --reserved-only) is closed before it is
// announced, whichever side dialed.
TEST(HostTest, RefusedPeersAreClosedBothWays) {
  const PeerId refused = PeerId::from_ed25519(identity(1).public_key);
  const auto refuse = [refused](HostConfig& c) {
    c.accept_peer = [refused](const PeerId& peer) { return peer != refused; };
  };
  TestHost b(2, refuse);
  TestHost a(1);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(a.recorder.wait_for([](const HostEvent& e) {
    return e.type == HostEventType::kDialFailed || e.type == HostEventType::kConnectionClosed;
  })) << a.recorder.dump();
  b.host->dial(a.dial_address());
  auto failed = b.recorder.wait_for(HostEventType::kDialFailed);
  ASSERT_TRUE(failed) << b.recorder.dump();
  EXPECT_NE(failed->detail.find("refused by the node"), std::string::npos) << failed->detail;
  EXPECT_EQ(b.recorder.count(HostEventType::kConnectionEstablished), 0u);
  // Anyone else is welcome.
  TestHost c(3);
  c.host->dial(b.dial_address());
  EXPECT_TRUE(c.recorder.wait_for(HostEventType::kConnectionEstablished)) << c.recorder.dump();
}

TEST(HostTest, ReservedPeersAreRedialed) {
  TestHost a(1, [](HostConfig& c) { c.redial_initial = 100ms; });
  auto b = std::make_unique<TestHost>(2);
  const uint16_t port = b->port();
  const Multiaddr address = b->dial_address();
  ASSERT_TRUE(a.host->add_reserved_peer(address));
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionEstablished));
  b.reset();  // B goes away...
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionClosed));
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kDialFailed)) << a.recorder.dump();
  // ... and comes back on the same port: A reconnects by itself.
  TestHost again(2, [port](HostConfig& c) {
    c.listen_addresses = {addr("/ip4/127.0.0.1/tcp/" + std::to_string(port))};
  });
  ASSERT_TRUE(again.recorder.wait_for(HostEventType::kConnectionEstablished, 15s))
      << a.recorder.dump();
  EXPECT_FALSE(a.host->add_reserved_peer(addr("/ip4/127.0.0.1/tcp/1")));
}

// A removed reservation is listed no more and no longer redialed: B coming back on its port
// finds no dial from A.
TEST(HostTest, RemovedReservedPeersAreNotRedialed) {
  TestHost a(1, [](HostConfig& c) { c.redial_initial = 100ms; });
  auto b = std::make_unique<TestHost>(2);
  const uint16_t port = b->port();
  const Multiaddr address = b->dial_address();
  const PeerId b_peer = PeerId::from_ed25519(identity(2).public_key);
  ASSERT_TRUE(a.host->add_reserved_peer(address));
  const auto listed = a.host->reserved_peers();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.front().first, b_peer);
  EXPECT_EQ(listed.front().second, address);
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionEstablished));
  a.host->remove_reserved_peer(b_peer);
  EXPECT_TRUE(a.host->reserved_peers().empty());
  b.reset();
  ASSERT_TRUE(a.recorder.wait_for(HostEventType::kConnectionClosed));
  TestHost again(2, [port](HostConfig& c) {
    c.listen_addresses = {addr("/ip4/127.0.0.1/tcp/" + std::to_string(port))};
  });
  EXPECT_FALSE(again.recorder.wait_for(HostEventType::kConnectionEstablished, 1500ms))
      << a.recorder.dump();
}

TEST(HostTest, HostWithoutListenersDialsAndStopsPromptly) {
  auto a = std::make_unique<TestHost>(1, [](HostConfig& c) { c.listen_addresses.clear(); });
  TestHost b(2);
  // Nothing is pending on its I/O thread before this dial.
  std::this_thread::sleep_for(50ms);
  a->host->dial(b.dial_address());
  ASSERT_TRUE(a->recorder.wait_for(HostEventType::kConnectionEstablished));
  const auto start = std::chrono::steady_clock::now();
  a.reset();  // stops: the GoAway is flushed, without waiting for the linger time
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  auto closed = b.recorder.wait_for(HostEventType::kConnectionClosed);
  ASSERT_TRUE(closed);
}

TEST(HostTest, ListenAddressesAreValidated) {
  HostConfig config;
  config.identity = identity(1);
  config.listen_addresses = {addr("/dns4/example.com/tcp/1")};
  EXPECT_FALSE(Host::start(config));
  config.listen_addresses = {addr("/ip6/::1/tcp/0"), addr("/ip4/127.0.0.1/tcp/0")};
  auto host = Host::start(std::move(config)).value();
  EXPECT_GE(host->listen_addresses().size(), 1u);
}

TEST(HostTest, UnspecifiedAddressesExpandToInterfaces) {
  const auto expanded = expand_listen_address(addr("/ip4/0.0.0.0/tcp/30333"));
  ASSERT_FALSE(expanded.empty());
  bool loopback = false;
  for (const Multiaddr& a : expanded) {
    EXPECT_EQ(a.tcp_endpoint()->port, 30333);
    loopback = loopback || a.to_string() == "/ip4/127.0.0.1/tcp/30333";
  }
  EXPECT_TRUE(loopback);
  EXPECT_EQ(expand_listen_address(addr("/ip4/10.0.0.1/tcp/1")),
            std::vector<Multiaddr>{addr("/ip4/10.0.0.1/tcp/1")});
}

}  // namespace
}  // namespace canary::network
