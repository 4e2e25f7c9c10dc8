// The notifications and request-response protocols over two real hosts on loopback TCP:
// handshakes both ways, notifications in order, refusals, a peer that stops reading, requests
// with responses, refusals, deadlines and size limits.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "network/host/host.hpp"
#include "network/host/notifications.hpp"
#include "network/host/request_response.hpp"
#include "tests/unit/network/connection_test_support.hpp"

namespace canary::network {
namespace {

using testing::identity;

using namespace std::chrono_literals;

// Waits on a condition over state guarded by one mutex.
class Waiter {
 public:
  template <class F>
  void update(F&& f) {
    std::lock_guard lock(mutex_);
    f();
    changed_.notify_all();
  }
  template <class F>
  bool wait(F&& condition, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, condition);
  }
  std::mutex& mutex() { return mutex_; }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
};

// Records what a notifications protocol reports; refuses handshakes that start with 'X'.
class RecordingListener final : public NotificationsListener {
 public:
  bool accept_handshake(const PeerId& peer, ByteSpan handshake) override {
    (void)peer;
    return handshake.empty() || handshake[0] != 'X';
  }
  void on_open(const PeerId& peer, const std::string& protocol, ByteSpan handshake) override {
    waiter.update([&] {
      opened[peer] = Bytes(handshake.begin(), handshake.end());
      protocols[peer] = protocol;
      ++open_count;
    });
  }
  void on_notification(const PeerId& peer, ByteSpan message) override {
    waiter.update([&] { received[peer].emplace_back(message.begin(), message.end()); });
  }
  void on_closed(const PeerId& peer, const std::string& why) override {
    waiter.update([&] {
      opened.erase(peer);
      closed_why.push_back(why);
    });
  }

  Waiter waiter;
  std::map<PeerId, Bytes> opened;
  std::map<PeerId, std::string> protocols;
  std::map<PeerId, std::vector<Bytes>> received;
  std::vector<std::string> closed_why;
  int open_count = 0;
};

// A host whose connection events drive its notifications protocols.
struct Node {
  explicit Node(uint8_t tag) {
    HostConfig config;
    config.identity = identity(tag);
    config.listen_addresses = {Multiaddr::from_string("/ip4/127.0.0.1/tcp/0").value()};
    config.on_event = [this](const HostEvent& e) {
      if (!e.peer) return;
      if (e.type == HostEventType::kConnectionEstablished) {
        for (auto& p : notifications) p->on_peer_connected(*e.peer);
      } else if (e.type == HostEventType::kConnectionClosed) {
        for (auto& p : notifications) p->on_peer_disconnected(*e.peer);
      }
    };
    host = Host::start(std::move(config)).value();
  }
  ~Node() { host->stop(); }

  Multiaddr dial_address() const {
    return host->listen_addresses().at(0).with_p2p(host->local_peer_id()).value();
  }
  const PeerId& id() const { return host->local_peer_id(); }

  std::unique_ptr<Host> host;
  std::vector<std::shared_ptr<NotificationsProtocol>> notifications;
};

NotificationsConfig announces_config() {
  NotificationsConfig config;
  config.names = {"/genesis/block-announces/1", "/legacy/block-announces/1"};
  config.max_notification_size = 1024;
  config.reopen_delay = 200ms;
  return config;
}

Bytes text(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

TEST(NotificationsTest, OpensBothWaysAndDeliversInOrder) {
  RecordingListener la;  // listeners outlive the hosts' I/O threads
  RecordingListener lb;
  Node a(1);
  Node b(2);
  auto pa = NotificationsProtocol::create(*a.host, announces_config(), text("hello from a"), la);
  auto pb = NotificationsProtocol::create(*b.host, announces_config(), text("hello from b"), lb);
  a.notifications.push_back(pa);
  b.notifications.push_back(pb);
  a.host->dial(b.dial_address());

  ASSERT_TRUE(la.waiter.wait([&] { return la.opened.contains(b.id()); }));
  ASSERT_TRUE(lb.waiter.wait([&] { return lb.opened.contains(a.id()); }));
  {
    std::lock_guard lock(la.waiter.mutex());
    EXPECT_EQ(la.opened[b.id()], text("hello from b"));
    EXPECT_EQ(la.protocols[b.id()], "/genesis/block-announces/1");
  }
  {
    std::lock_guard lock(lb.waiter.mutex());
    EXPECT_EQ(lb.opened[a.id()], text("hello from a"));
  }
  ASSERT_TRUE(la.waiter.wait([&] { return pa->open_peers().size() == 1; }));
  EXPECT_EQ(pa->open_peers().at(0), b.id());

  for (int i = 0; i < 100; ++i) pa->send(b.id(), text("a" + std::to_string(i)));
  pb->send(a.id(), Bytes{});         // an empty notification is a notification
  pb->send(a.id(), Bytes(2000, 1));  // over the 1 KiB limit: never sent
  pb->send(a.id(), text("last"));
  ASSERT_TRUE(lb.waiter.wait([&] { return lb.received[a.id()].size() == 100; }));
  ASSERT_TRUE(la.waiter.wait([&] { return la.received[b.id()].size() == 2; }));
  std::lock_guard lock_b(lb.waiter.mutex());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(lb.received[a.id()][i], text("a" + std::to_string(i)));
  std::lock_guard lock_a(la.waiter.mutex());
  EXPECT_EQ(la.received[b.id()][0], Bytes{});
  EXPECT_EQ(la.received[b.id()][1], text("last"));
}

TEST(NotificationsTest, FallbackNameIsAccepted) {
  RecordingListener la;  // listeners outlive the hosts' I/O threads
  RecordingListener lb;
  Node a(1);
  Node b(2);
  NotificationsConfig legacy_only = announces_config();
  legacy_only.names = {"/legacy/block-announces/1"};
  auto pa = NotificationsProtocol::create(*a.host, announces_config(), text("a"), la);
  auto pb = NotificationsProtocol::create(*b.host, legacy_only, text("b"), lb);
  a.notifications.push_back(pa);
  b.notifications.push_back(pb);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(la.waiter.wait([&] { return la.opened.contains(b.id()); }));
  ASSERT_TRUE(lb.waiter.wait([&] { return lb.opened.contains(a.id()); }));
  std::lock_guard lock(la.waiter.mutex());
  EXPECT_EQ(la.protocols[b.id()], "/legacy/block-announces/1");
}

TEST(NotificationsTest, RefusedHandshakeNeverOpens) {
  RecordingListener la;  // listeners outlive the hosts' I/O threads
  RecordingListener lb;
  Node a(1);
  Node b(2);
  // B's handshake starts with 'X': A refuses it on both substreams.
  auto pa = NotificationsProtocol::create(*a.host, announces_config(), text("a"), la);
  auto pb = NotificationsProtocol::create(*b.host, announces_config(), text("Xb"), lb);
  a.notifications.push_back(pa);
  b.notifications.push_back(pb);
  a.host->dial(b.dial_address());
  // B opens with A (A's handshake is fine) only if A answers its inbound substream, which A
  // does not: B's handshake is refused there too.
  std::this_thread::sleep_for(1500ms);
  std::lock_guard lock_a(la.waiter.mutex());
  EXPECT_EQ(la.open_count, 0);
  std::lock_guard lock_b(lb.waiter.mutex());
  EXPECT_EQ(lb.open_count, 0);
}

TEST(NotificationsTest, ClosesOnDisconnectAndReopensOnReconnect) {
  RecordingListener la;  // listeners outlive the hosts' I/O threads
  RecordingListener lb;
  Node a(1);
  Node b(2);
  auto pa = NotificationsProtocol::create(*a.host, announces_config(), text("a"), la);
  auto pb = NotificationsProtocol::create(*b.host, announces_config(), text("b"), lb);
  a.notifications.push_back(pa);
  b.notifications.push_back(pb);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(la.waiter.wait([&] { return la.opened.contains(b.id()); }));
  a.host->disconnect(b.id());
  ASSERT_TRUE(la.waiter.wait([&] { return !la.opened.contains(b.id()); }));
  ASSERT_TRUE(lb.waiter.wait([&] { return !lb.opened.contains(a.id()); }));
  EXPECT_TRUE(pa->open_peers().empty());
  // The handshake changed meanwhile: the new substream carries the new one.
  pb->set_handshake(text("b, later"));
  a.host->dial(b.dial_address());
  ASSERT_TRUE(la.waiter.wait([&] { return la.opened.contains(b.id()); }));
  std::lock_guard lock(la.waiter.mutex());
  EXPECT_EQ(la.opened[b.id()], text("b, later"));
  EXPECT_EQ(la.open_count, 2);
}

// A burst larger than the peer can take (Yamux's 256 KiB window toward it, then the bounded queue)
// overflows the queue: the outbound substream is reset as too slow and the protocol closes with
// the peer, instead of buffering without bound.
TEST(NotificationsTest, OverflowingQueueClosesInsteadOfBuffering) {
  RecordingListener la;  // listeners outlive the hosts' I/O threads
  RecordingListener lb;
  Node a(1);
  Node b(2);
  NotificationsConfig small = announces_config();
  small.max_notification_size = 64 * 1024;
  small.max_queued_notifications = 8;
  small.max_queued_bytes = 512 * 1024;
  small.reopen_delay = 60s;
  auto pa = NotificationsProtocol::create(*a.host, small, text("a"), la);
  auto pb = NotificationsProtocol::create(*b.host, small, text("b"), lb);
  a.notifications.push_back(pa);
  b.notifications.push_back(pb);
  a.host->dial(b.dial_address());
  ASSERT_TRUE(la.waiter.wait([&] { return la.opened.contains(b.id()); }));
  // 64 × 60 KiB, queued back to back on the I/O thread: far more than window + queue.
  for (int i = 0; i < 64; ++i) pa->send(b.id(), Bytes(60 * 1024, static_cast<uint8_t>(i)));
  ASSERT_TRUE(la.waiter.wait([&] { return !la.closed_why.empty(); }));
  std::lock_guard lock(la.waiter.mutex());
  EXPECT_NE(la.closed_why[0].find("queue full"), std::string::npos) << la.closed_why[0];
  std::lock_guard lock_b(lb.waiter.mutex());
  EXPECT_LT(lb.received[a.id()].size(), 64u);
}

// ---- request-response ----------------------------------------------------------------------

struct Answer {
  Waiter waiter;
  std::optional<Result<Bytes, RequestFailure>> result;

  ResponseCallback callback() {
    return
        [this](Result<Bytes, RequestFailure> r) { waiter.update([&] { result = std::move(r); }); };
  }
  bool wait(std::chrono::milliseconds timeout = 10s) {
    return waiter.wait([&] { return result.has_value(); }, timeout);
  }
};

RequestResponseConfig sync_config() {
  RequestResponseConfig config;
  config.names = {"/genesis/sync/2", "/legacy/sync/2"};
  config.max_request_size = 1024;
  config.max_response_size = 1024 * 1024;
  config.request_timeout = 2s;
  return config;
}

void connect(Node& a, Node& b) {
  a.host->dial(b.dial_address());
  for (int i = 0; i < 500 && a.host->connection_count() == 0; ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_EQ(a.host->connection_count(), 1u);
}

TEST(RequestResponseTest, RequestsAndResponses) {
  Node a(1);
  Node b(2);
  auto client = RequestResponseProtocol::create(*a.host, sync_config());
  std::atomic<int> served{0};
  auto server = RequestResponseProtocol::create(
      *b.host, sync_config(),
      [&](const PeerId& peer, const std::string& protocol, Bytes request, Responder respond) {
        EXPECT_EQ(peer, a.id());
        EXPECT_EQ(protocol, "/genesis/sync/2");
        ++served;
        if (request == text("refuse")) return respond(std::nullopt);
        if (request == text("silence")) return;  // never answers
        if (request == text("big")) return respond(Bytes(2 * 1024 * 1024, 7));
        if (request == text("later")) {
          // Answered from another thread, as the node's chain thread will.
          std::thread([respond] { respond(text("from elsewhere")); }).detach();
          return;
        }
        Bytes response = request;
        response.insert(response.end(), request.begin(), request.end());
        respond(response);
      });
  connect(a, b);

  Answer echo;
  client->request(b.id(), text("ping"), echo.callback());
  ASSERT_TRUE(echo.wait());
  ASSERT_TRUE(echo.result->has_value()) << to_string(echo.result->error());
  EXPECT_EQ(**echo.result, text("pingping"));

  Answer empty;
  client->request(b.id(), Bytes{}, empty.callback());
  ASSERT_TRUE(empty.wait());
  ASSERT_TRUE(empty.result->has_value());
  EXPECT_EQ(**empty.result, Bytes{});

  Answer later;
  client->request(b.id(), text("later"), later.callback());
  ASSERT_TRUE(later.wait());
  ASSERT_TRUE(later.result->has_value());
  EXPECT_EQ(**later.result, text("from elsewhere"));

  Answer refused;
  client->request(b.id(), text("refuse"), refused.callback());
  ASSERT_TRUE(refused.wait());
  ASSERT_FALSE(refused.result->has_value());
  EXPECT_EQ(refused.result->error(), RequestFailure::kNoResponse);

  Answer big;
  client->request(b.id(), text("big"), big.callback());
  ASSERT_TRUE(big.wait());
  ASSERT_FALSE(big.result->has_value());
  EXPECT_EQ(big.result->error(), RequestFailure::kResponseTooLarge);

  Answer silent;
  const auto started = std::chrono::steady_clock::now();
  client->request(b.id(), text("silence"), silent.callback());
  ASSERT_TRUE(silent.wait());
  ASSERT_FALSE(silent.result->has_value());
  EXPECT_EQ(silent.result->error(), RequestFailure::kTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1900ms);

  // A request over the server's limit: refused without an answer.
  Answer oversized;
  client->request(b.id(), Bytes(4096, 1), oversized.callback());
  ASSERT_TRUE(oversized.wait());
  ASSERT_FALSE(oversized.result->has_value());
  EXPECT_EQ(oversized.result->error(), RequestFailure::kNoResponse);

  // Many at once (within the server's 32 in flight).
  std::vector<std::unique_ptr<Answer>> answers;
  for (int i = 0; i < 30; ++i) {
    answers.push_back(std::make_unique<Answer>());
    client->request(b.id(), text(std::to_string(i)), answers.back()->callback());
  }
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(answers[i]->wait());
    ASSERT_TRUE(answers[i]->result->has_value());
    EXPECT_EQ(**answers[i]->result, text(std::to_string(i) + std::to_string(i)));
  }
}

TEST(RequestResponseTest, FailuresWithoutAServer) {
  Node a(1);
  Node b(2);
  auto client = RequestResponseProtocol::create(*a.host, sync_config());
  Answer nobody;
  client->request(b.id(), text("x"), nobody.callback());
  ASSERT_TRUE(nobody.wait());
  EXPECT_EQ(nobody.result->error(), RequestFailure::kNoConnection);

  connect(a, b);
  Answer unknown;  // B does not speak the protocol
  client->request(b.id(), text("x"), unknown.callback());
  ASSERT_TRUE(unknown.wait());
  EXPECT_EQ(unknown.result->error(), RequestFailure::kRefused);
}

TEST(RequestResponseTest, InboundRequestsAreBounded) {
  Node a(1);
  Node b(2);
  RequestResponseConfig config = sync_config();
  config.max_inbound_in_flight = 3;
  config.request_timeout = 10s;
  auto client = RequestResponseProtocol::create(*a.host, config);
  std::mutex mutex;
  std::vector<Responder> pending;
  auto server = RequestResponseProtocol::create(
      *b.host, config, [&](const PeerId&, const std::string&, Bytes, Responder respond) {
        std::lock_guard lock(mutex);
        pending.push_back(std::move(respond));
      });
  connect(a, b);
  std::vector<std::unique_ptr<Answer>> answers;
  for (int i = 0; i < 5; ++i) {
    answers.push_back(std::make_unique<Answer>());
    client->request(b.id(), text("q"), answers.back()->callback());
  }
  // Two of five are reset at once (the server is at capacity); three wait for their answers.
  const auto answered = [&] {
    int n = 0;
    for (auto& answer : answers) {
      std::lock_guard lock(answer->waiter.mutex());
      n += answer->result.has_value() ? 1 : 0;
    }
    return n;
  };
  for (int i = 0; i < 300 && answered() < 2; ++i) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(200ms);
  ASSERT_EQ(answered(), 2);
  for (auto& answer : answers) {
    std::lock_guard lock(answer->waiter.mutex());
    if (!answer->result) continue;
    ASSERT_FALSE(answer->result->has_value());
    EXPECT_EQ(answer->result->error(), RequestFailure::kNoResponse);
  }
  std::vector<Responder> to_answer;
  {
    std::lock_guard lock(mutex);
    to_answer = pending;
  }
  ASSERT_EQ(to_answer.size(), 3u);
  for (auto& respond : to_answer) respond(text("ok"));
  int ok = 0;
  for (auto& answer : answers) {
    ASSERT_TRUE(answer->wait());
    if (answer->result->has_value()) ++ok;
  }
  EXPECT_EQ(ok, 3);
}

}  // namespace
}  // namespace canary::network
