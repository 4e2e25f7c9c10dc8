// Two libp2p connections, a dialer and a listener, wired together in memory: the upgrade
// (multistream-select, Noise, Yamux), identify, ping, application substreams, timeouts and
// malformed input.
#include "network/libp2p/connection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "network/libp2p/length_prefixed.hpp"
#include "tests/unit/network/connection_test_support.hpp"

namespace canary::network {
namespace {

using testing::counter_random;
using testing::identity;

using namespace std::chrono_literals;
using TimePoint = Connection::TimePoint;

const TimePoint kT0 = TimePoint{} + 1000h;

// A Result<void, E> that must be a success.
template <class E>
void must(const Result<void, E>& result) {
  ASSERT_TRUE(result.has_value());
}

std::shared_ptr<const LocalNodeInfo> local_info(std::string agent,
                                                std::vector<std::string> protocols = {}) {
  auto info = std::make_shared<LocalNodeInfo>();
  info->agent_version = std::move(agent);
  info->listen_addresses = {Multiaddr::from_string("/ip4/127.0.0.1/tcp/30333").value()};
  info->protocols = std::move(protocols);
  return info;
}

// One side and everything it was told.
struct Side {
  Side(ConnectionRole role, uint8_t tag, std::shared_ptr<const LocalNodeInfo> info,
       std::optional<PeerId> expected = std::nullopt, bool lazy = true)
      : keys(identity(tag)),
        connection(make_config(role, tag, expected, lazy), info, counter_random(tag)) {}

  ConnectionConfig make_config(ConnectionRole role, uint8_t tag, std::optional<PeerId> expected,
                               bool lazy) {
    ConnectionConfig config;
    config.role = role;
    config.identity = keys;
    config.noise_static_secret.fill(static_cast<uint8_t>(tag + 0x40));
    config.expected_peer = std::move(expected);
    config.remote_address =
        Multiaddr::from_string(role == ConnectionRole::kDialer ? "/ip4/10.0.0.2/tcp/30333"
                                                               : "/ip4/10.0.0.1/tcp/40000")
            .value();
    config.lazy_upgrade = lazy;
    return config;
  }

  PeerId peer_id() const { return PeerId::from_ed25519(keys.public_key); }

  void collect() {
    std::vector<ConnectionEvent> batch;
    connection.take_events(batch);
    for (ConnectionEvent& e : batch) {
      switch (e.type) {
        case ConnectionEventType::kEstablished:
          ++established;
          break;
        case ConnectionEventType::kIdentified:
          identified.push_back(*e.identify);
          break;
        case ConnectionEventType::kPingSucceeded:
          rtts.push_back(e.rtt);
          break;
        case ConnectionEventType::kInboundSubstream:
          inbound[e.substream] = e.protocol;
          break;
        case ConnectionEventType::kOutboundNegotiated:
          negotiated[e.substream] = e.protocol;
          break;
        case ConnectionEventType::kOutboundRefused:
          refused.push_back(e.substream);
          break;
        case ConnectionEventType::kData:
          data[e.substream].insert(data[e.substream].end(), e.data.begin(), e.data.end());
          break;
        case ConnectionEventType::kRemoteClosed:
          remote_closed.push_back(e.substream);
          break;
        case ConnectionEventType::kSubstreamFinished:
          finished.push_back(e.substream);
          break;
        case ConnectionEventType::kSubstreamReset:
          reset.push_back(e.substream);
          break;
        case ConnectionEventType::kWritable:
          writable.push_back(e.substream);
          break;
        case ConnectionEventType::kGoAway:
          ++go_aways;
          break;
        case ConnectionEventType::kDiagnostic:
          diagnostics.push_back(e.detail);
          break;
      }
    }
  }

  crypto::ed25519::Keypair keys;
  Connection connection;
  std::optional<ConnectionError> error;
  int established = 0;
  std::vector<IdentifyInfo> identified;
  std::vector<std::chrono::steady_clock::duration> rtts;
  std::map<SubstreamId, std::string> inbound, negotiated;
  std::vector<SubstreamId> refused, remote_closed, finished, reset, writable;
  std::map<SubstreamId, Bytes> data;
  int go_aways = 0;
  std::vector<std::string> diagnostics;
};

// Moves bytes both ways, `chunk` bytes per feed, until neither side has anything to say.
void exchange(Side& a, Side& b, TimePoint now, size_t chunk = 1 << 20) {
  for (int round = 0; round < 1000; ++round) {
    bool moved = false;
    for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
      const ByteSpan pending = from->connection.pending_output();
      if (pending.empty()) continue;
      const Bytes bytes(pending.begin(), pending.end());
      from->connection.drain_output(bytes.size());
      moved = true;
      if (to->error) continue;
      for (size_t at = 0; at < bytes.size(); at += chunk) {
        auto fed = to->connection.feed(
            ByteSpan(bytes).subspan(at, std::min(chunk, bytes.size() - at)), now);
        if (!fed) {
          to->error = fed.error();
          break;
        }
      }
    }
    a.collect();
    b.collect();
    if (!moved) return;
  }
  FAIL() << "the sides kept talking";
}

struct Pair {
  explicit Pair(bool lazy = true, std::vector<std::string> listener_protocols = {"/echo/1"})
      : dialer(ConnectionRole::kDialer, 1, local_info("dialer/1.0"), identity_peer(2), lazy),
        listener(ConnectionRole::kListener, 2, local_info("listener/1.0", listener_protocols),
                 std::nullopt, lazy) {}

  static PeerId identity_peer(uint8_t tag) {
    return PeerId::from_ed25519(identity(tag).public_key);
  }

  void start(TimePoint now = kT0) {
    dialer.connection.start(now);
    listener.connection.start(now);
  }
  void run(TimePoint now = kT0, size_t chunk = 1 << 20) { exchange(dialer, listener, now, chunk); }
  // Runs both sides' timers at `now`, then exchanges.
  void tick(TimePoint now) {
    for (Side* side : {&dialer, &listener}) {
      if (side->error) continue;
      if (auto ticked = side->connection.tick(now); !ticked) side->error = ticked.error();
    }
    run(now);
  }

  Side dialer;
  Side listener;
};

void establish(Pair& pair, size_t chunk = 1 << 20) {
  pair.start();
  pair.run(kT0, chunk);
  pair.tick(kT0);  // the first ping
  ASSERT_FALSE(pair.dialer.error) << pair.dialer.error->message();
  ASSERT_FALSE(pair.listener.error) << pair.listener.error->message();
  ASSERT_TRUE(pair.dialer.connection.is_established());
  ASSERT_TRUE(pair.listener.connection.is_established());
}

TEST(ConnectionTest, UpgradeIdentifyAndPingInBothModesAndChunkings) {
  for (bool lazy : {true, false}) {
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{1} << 20}) {
      SCOPED_TRACE(::testing::Message() << "lazy " << lazy << " chunk " << chunk);
      Pair pair(lazy);
      establish(pair, chunk);
      EXPECT_EQ(pair.dialer.established, 1);
      EXPECT_EQ(pair.listener.established, 1);
      EXPECT_EQ(pair.dialer.connection.remote_peer(), pair.listener.peer_id());
      EXPECT_EQ(pair.listener.connection.remote_peer(), pair.dialer.peer_id());

      // Each side identified the other.
      ASSERT_EQ(pair.dialer.identified.size(), 1u);
      ASSERT_EQ(pair.listener.identified.size(), 1u);
      const IdentifyInfo& of_listener = pair.dialer.identified[0];
      EXPECT_EQ(of_listener.agent_version, "listener/1.0");
      EXPECT_EQ(of_listener.protocol_version, "/substrate/1.0");
      EXPECT_EQ(of_listener.peer_id, pair.listener.peer_id());
      EXPECT_EQ(of_listener.public_key, encode_ed25519_public_key(pair.listener.keys.public_key));
      // Where the listener sees the dialer.
      EXPECT_EQ(of_listener.observed_address->to_string(), "/ip4/10.0.0.1/tcp/40000");
      EXPECT_EQ(of_listener.listen_addresses.size(), 1u);
      const std::vector<std::string> expected = {"/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0",
                                                 "/ipfs/ping/1.0.0", "/echo/1"};
      EXPECT_EQ(of_listener.protocols, expected);
      EXPECT_EQ(pair.listener.identified[0].agent_version, "dialer/1.0");
      EXPECT_EQ(pair.listener.identified[0].observed_address->to_string(),
                "/ip4/10.0.0.2/tcp/30333");

      // Both pinged each other once.
      EXPECT_EQ(pair.dialer.rtts.size(), 1u);
      EXPECT_EQ(pair.listener.rtts.size(), 1u);
      // Built-in substreams are all gone once done, but the ping substreams stay for reuse.
      EXPECT_EQ(pair.dialer.connection.substream_count(), 2u);
      EXPECT_EQ(pair.listener.connection.substream_count(), 2u);
      EXPECT_TRUE(pair.dialer.diagnostics.empty()) << pair.dialer.diagnostics.front();
    }
  }
}

TEST(ConnectionTest, PingsRepeatOnTheSameSubstream) {
  Pair pair;
  establish(pair);
  TimePoint now = kT0;
  for (int i = 0; i < 3; ++i) {
    now += 15s;
    ASSERT_EQ(pair.dialer.connection.next_wake(), now);
    pair.tick(now);
  }
  EXPECT_EQ(pair.dialer.rtts.size(), 4u);
  EXPECT_EQ(pair.listener.rtts.size(), 4u);
  EXPECT_EQ(pair.dialer.connection.substream_count(), 2u);
}

TEST(ConnectionTest, PingWithoutEchoEndsTheConnection) {
  Pair pair;
  establish(pair);
  // The listener goes silent: the dialer's next ping gets no answer.
  must(pair.dialer.connection.tick(kT0 + 15s));
  pair.dialer.connection.drain_output(pair.dialer.connection.pending_output().size());
  EXPECT_EQ(pair.dialer.connection.next_wake(), kT0 + 35s);
  EXPECT_TRUE(pair.dialer.connection.tick(kT0 + 34s));
  auto ticked = pair.dialer.connection.tick(kT0 + 35s);
  ASSERT_FALSE(ticked);
  EXPECT_EQ(ticked.error().kind, ConnectionErrorKind::kPingFailed);
  EXPECT_EQ(pair.dialer.connection.phase(), ConnectionPhase::kClosed);
}

TEST(ConnectionTest, ApplicationSubstreamEchoAndClose) {
  Pair pair;
  establish(pair);
  Side& d = pair.dialer;
  Side& l = pair.listener;

  // Lazy: data goes right behind the proposal.
  const SubstreamId id = d.connection.open_substream({"/echo/1"}, kT0).value();
  const Bytes request = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_EQ(d.connection.write(id, request).value(), request.size());
  pair.run();
  ASSERT_EQ(l.inbound.size(), 1u);
  const SubstreamId remote_id = l.inbound.begin()->first;
  EXPECT_EQ(l.inbound.begin()->second, "/echo/1");
  EXPECT_EQ(l.data[remote_id], request);
  EXPECT_EQ(d.negotiated[id], "/echo/1");

  EXPECT_EQ(l.connection.write(remote_id, l.data[remote_id]).value(), request.size());
  must(l.connection.close_substream(remote_id));
  pair.run();
  EXPECT_EQ(d.data[id], request);
  ASSERT_EQ(d.remote_closed, std::vector<SubstreamId>{id});

  must(d.connection.close_substream(id));
  pair.run();
  EXPECT_EQ(d.finished, std::vector<SubstreamId>{id});
  EXPECT_EQ(l.remote_closed, std::vector<SubstreamId>{remote_id});
  EXPECT_EQ(l.finished, std::vector<SubstreamId>{remote_id});
  EXPECT_EQ(d.connection.write(id, request).error(), SubstreamError::kUnknownSubstream);
}

TEST(ConnectionTest, LargeTransferRespectsFlowControl) {
  Pair pair;
  establish(pair);
  const SubstreamId id = pair.dialer.connection.open_substream({"/echo/1"}, kT0).value();
  Bytes big(3 * 1024 * 1024);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 31 + 7);
  size_t sent = 0;
  for (int round = 0; round < 10000 && sent < big.size(); ++round) {
    sent += pair.dialer.connection.write(id, ByteSpan(big).subspan(sent)).value();
    pair.run(kT0, 4096);
  }
  ASSERT_EQ(sent, big.size());
  const SubstreamId remote = pair.listener.inbound.begin()->first;
  EXPECT_EQ(pair.listener.data[remote], big);
  EXPECT_FALSE(pair.dialer.writable.empty());  // it was full at times
}

TEST(ConnectionTest, SeveralProposalsSettleOnOneTheListenerSpeaks) {
  Pair pair;
  establish(pair);
  const SubstreamId id =
      pair.dialer.connection.open_substream({"/unknown/1", "/echo/1"}, kT0).value();
  // Not negotiated yet: nothing is taken.
  EXPECT_EQ(pair.dialer.connection.write(id, Bytes{1, 2, 3}).value(), 0u);
  pair.run();
  EXPECT_EQ(pair.dialer.negotiated[id], "/echo/1");
  EXPECT_EQ(pair.dialer.writable, std::vector<SubstreamId>{id});
  EXPECT_EQ(pair.dialer.connection.write(id, Bytes{1, 2, 3}).value(), 3u);
  pair.run();
  EXPECT_EQ(pair.listener.data.begin()->second, (Bytes{1, 2, 3}));
}

TEST(ConnectionTest, UnknownProtocolIsRefused) {
  Pair pair;
  establish(pair);
  const SubstreamId id = pair.dialer.connection.open_substream({"/unknown/1"}, kT0).value();
  // Lazily written data is lost with the refusal.
  EXPECT_EQ(pair.dialer.connection.write(id, Bytes{9}).value(), 1u);
  pair.run();
  EXPECT_EQ(pair.dialer.refused, std::vector<SubstreamId>{id});
  EXPECT_TRUE(pair.listener.inbound.empty());
  EXPECT_FALSE(pair.dialer.error);
  EXPECT_FALSE(pair.listener.error);
}

TEST(ConnectionTest, ProtocolsRegisteredLaterAreAccepted) {
  Pair pair(true, {});
  establish(pair);
  pair.dialer.connection.open_substream({"/late/1"}, kT0).value();
  pair.run();
  EXPECT_EQ(pair.dialer.refused.size(), 1u);
  pair.listener.connection.set_local_info(local_info("listener/1.0", {"/late/1"}));
  const SubstreamId id = pair.dialer.connection.open_substream({"/late/1"}, kT0).value();
  pair.run();
  EXPECT_EQ(pair.dialer.negotiated[id], "/late/1");
}

TEST(ConnectionTest, ResetReachesThePeer) {
  Pair pair;
  establish(pair);
  const SubstreamId id = pair.dialer.connection.open_substream({"/echo/1"}, kT0).value();
  pair.dialer.connection.write(id, Bytes{1}).value();
  pair.run();
  must(pair.dialer.connection.reset_substream(id));
  pair.run();
  EXPECT_EQ(pair.listener.reset.size(), 1u);
  EXPECT_TRUE(pair.dialer.reset.empty());
}

TEST(ConnectionTest, WrongPeerIdFailsTheDialerBeforeItRevealsItself) {
  Side dialer(ConnectionRole::kDialer, 1, local_info("d"), Pair::identity_peer(3));
  Side listener(ConnectionRole::kListener, 2, local_info("l"));
  dialer.connection.start(kT0);
  listener.connection.start(kT0);
  exchange(dialer, listener, kT0);
  ASSERT_TRUE(dialer.error);
  EXPECT_EQ(dialer.error->kind, ConnectionErrorKind::kPeerIdMismatch);
  EXPECT_FALSE(listener.connection.is_established());
  EXPECT_FALSE(listener.connection.remote_peer());
}

TEST(ConnectionTest, HandshakeTimesOut) {
  Side listener(ConnectionRole::kListener, 2, local_info("l"));
  listener.connection.start(kT0);
  EXPECT_EQ(listener.connection.next_wake(), kT0 + 20s);
  EXPECT_TRUE(listener.connection.tick(kT0 + 19s));
  auto ticked = listener.connection.tick(kT0 + 20s);
  ASSERT_FALSE(ticked);
  EXPECT_EQ(ticked.error().kind, ConnectionErrorKind::kHandshakeTimeout);
}

TEST(ConnectionTest, GarbageFailsTheConnection) {
  Side listener(ConnectionRole::kListener, 2, local_info("l"));
  listener.connection.start(kT0);
  // 'G' reads as a 71-byte message, which does not end with '\n'.
  const std::string request =
      "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\n"
      "Accept: */*\r\nConnection: close\r\n\r\n";
  const Bytes garbage(request.begin(), request.end());
  auto fed = listener.connection.feed(garbage, kT0);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().kind, ConnectionErrorKind::kSecurityNegotiation);
  // Final: every later call says the same.
  EXPECT_EQ(listener.connection.feed(garbage, kT0).error(), fed.error());
}

TEST(ConnectionTest, UnknownSecurityProtocolIsRefusedWithNa) {
  Side listener(ConnectionRole::kListener, 2, local_info("l"));
  listener.connection.start(kT0);
  Bytes proposal = encode_multistream_message(kMultistreamProtocol);
  const Bytes tls = encode_multistream_message("/tls/1.0.0");
  proposal.insert(proposal.end(), tls.begin(), tls.end());
  ASSERT_TRUE(listener.connection.feed(proposal, kT0));
  Bytes expected = encode_multistream_message(kMultistreamProtocol);
  const Bytes na = encode_multistream_message("na");
  expected.insert(expected.end(), na.begin(), na.end());
  const ByteSpan out = listener.connection.pending_output();
  EXPECT_EQ(Bytes(out.begin(), out.end()), expected);
}

TEST(ConnectionTest, TamperedTransportFails) {
  Pair pair;
  establish(pair);
  pair.dialer.connection.open_substream({"/echo/1"}, kT0).value();
  ByteSpan out = pair.dialer.connection.pending_output();
  Bytes bytes(out.begin(), out.end());
  ASSERT_GT(bytes.size(), 20u);
  bytes[10] ^= 1;
  auto fed = pair.listener.connection.feed(bytes, kT0);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().kind, ConnectionErrorKind::kNoise);
}

// A dialer assembled from the layers themselves, to send what Connection never would.
struct RawDialer {
  RawDialer() {
    keys.identity = identity(9);
    keys.static_secret.fill(0x31);
    keys.ephemeral_secret.fill(0x32);
  }

  static void append(Bytes& out, ByteSpan bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
  }

  Bytes start() { return security.start(); }

  // The listener's bytes; returns ours.
  Bytes feed(ByteSpan input, TimePoint now) {
    Bytes out;
    Bytes data(input.begin(), input.end());
    if (!noise) {
      append(out, security.feed(data));
      if (security.status() != NegotiationStatus::kNegotiated) return out;
      noise.emplace(NoiseRole::kInitiator, keys);
      append(out, noise->start());
      data = security.take_remainder();
    }
    if (!transport) {
      append(out, noise->feed(data).value());
      if (!noise->is_complete()) return out;
      NoiseHandshakeResult result = noise->take_result();
      transport.emplace(result.ciphers);
      muxer.emplace(std::vector<std::string>{"/yamux/1.0.0"});
      must(transport->encrypt(muxer->start(), out));
      data = std::move(result.unread);
    }
    Bytes plain;
    must(transport->decrypt(data, plain));
    if (!yamux) {
      const Bytes reply = muxer->feed(plain);
      must(transport->encrypt(reply, out));
      if (muxer->status() != NegotiationStatus::kNegotiated) return out;
      yamux.emplace(YamuxRole::kDialer);
      plain = muxer->take_remainder();
    }
    must(yamux->feed(plain, now));
    std::vector<YamuxEvent> events;
    yamux->take_events(events);
    for (const YamuxEvent& e : events) {
      if (e.type == YamuxEventType::kStreamReset) resets.push_back(e.stream);
    }
    append(out, flush());
    return out;
  }

  Bytes flush() {
    Bytes out;
    if (!yamux) return out;
    const ByteSpan pending = yamux->pending_output();
    must(transport->encrypt(pending, out));
    yamux->drain_output(pending.size());
    return out;
  }

  NoiseHandshakeKeys keys;
  MultistreamDialer security{{"/noise"}};
  std::optional<NoiseHandshake> noise;
  std::optional<NoiseTransport> transport;
  std::optional<MultistreamDialer> muxer;
  std::optional<YamuxSession> yamux;
  std::vector<YamuxStreamId> resets;
};

// Runs a raw dialer against a Connection listener until both are quiet.
Result<void, ConnectionError> exchange_raw(RawDialer& raw, Side& listener, Bytes to_listener,
                                           TimePoint now) {
  for (int round = 0; round < 100; ++round) {
    if (!to_listener.empty()) {
      if (auto fed = listener.connection.feed(to_listener, now); !fed) return fed;
      to_listener.clear();
    }
    listener.collect();
    const ByteSpan pending = listener.connection.pending_output();
    if (pending.empty()) return {};
    const Bytes bytes(pending.begin(), pending.end());
    listener.connection.drain_output(bytes.size());
    to_listener = raw.feed(bytes, now);
  }
  return {};
}

TEST(ConnectionTest, SilentPeersTimeOut) {
  RawDialer raw;
  Side listener(ConnectionRole::kListener, 2, local_info("l", {"/echo/1"}));
  listener.connection.start(kT0);
  ASSERT_TRUE(exchange_raw(raw, listener, raw.start(), kT0));
  ASSERT_TRUE(listener.connection.is_established());
  EXPECT_EQ(listener.connection.remote_peer(), PeerId::from_ed25519(identity(9).public_key));
  ASSERT_TRUE(listener.connection.tick(kT0));  // the first ping
  ASSERT_TRUE(exchange_raw(raw, listener, {}, kT0));

  // A substream that never gets past the first byte of its negotiation.
  const YamuxStreamId stream = raw.yamux->open_stream().value();
  ASSERT_EQ(raw.yamux->write(stream, Bytes{0x13}).value(), 1u);
  ASSERT_TRUE(exchange_raw(raw, listener, raw.flush(), kT0 + 1s));
  // The negotiation deadline (identify and ping are due at 20 s).
  EXPECT_EQ(listener.connection.next_wake(), kT0 + 11s);
  ASSERT_TRUE(listener.connection.tick(kT0 + 11s));
  ASSERT_TRUE(exchange_raw(raw, listener, {}, kT0 + 11s));
  EXPECT_NE(std::find(raw.resets.begin(), raw.resets.end(), stream), raw.resets.end());
  EXPECT_TRUE(listener.inbound.empty());

  // The ping never got an echo: the connection ends 20 s after it was sent.
  ASSERT_TRUE(listener.connection.tick(kT0 + 19s));
  auto ticked = listener.connection.tick(kT0 + 20s);
  ASSERT_FALSE(ticked);
  EXPECT_EQ(ticked.error().kind, ConnectionErrorKind::kPingFailed);
}

TEST(ConnectionTest, RawDialerProtocolViolationFailsTheConnection) {
  RawDialer raw;
  Side listener(ConnectionRole::kListener, 2, local_info("l"));
  listener.connection.start(kT0);
  ASSERT_TRUE(exchange_raw(raw, listener, raw.start(), kT0));
  ASSERT_TRUE(listener.connection.is_established());
  // A Yamux frame with version 1, properly encrypted.
  Bytes frame = {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
  Bytes out;
  must(raw.transport->encrypt(frame, out));
  auto fed = listener.connection.feed(out, kT0);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().kind, ConnectionErrorKind::kYamux);
  // The GoAway that tells why is still there to be written.
  EXPECT_FALSE(listener.connection.pending_output().empty());
}

TEST(ConnectionTest, CloseSendsGoAway) {
  Pair pair;
  establish(pair);
  pair.dialer.connection.close();
  EXPECT_EQ(pair.dialer.connection.phase(), ConnectionPhase::kClosed);
  pair.run();
  EXPECT_EQ(pair.listener.go_aways, 1);
  EXPECT_EQ(pair.dialer.connection.open_substream({"/echo/1"}, kT0).error(),
            SubstreamError::kConnectionClosed);
}

TEST(ConnectionTest, InboundPingSubstreamsAreLimited) {
  Pair pair;
  establish(pair);
  // The dialer's own ping substream is one; two more raw ping substreams from the application
  // side of the dialer make three: the third is reset by the listener.
  pair.listener.connection.set_local_info(local_info("listener/1.0"));
  const SubstreamId a = pair.dialer.connection.open_substream({"/ipfs/ping/1.0.0"}, kT0).value();
  const SubstreamId b = pair.dialer.connection.open_substream({"/ipfs/ping/1.0.0"}, kT0).value();
  Bytes payload(32, 0x5a);
  pair.dialer.connection.write(a, payload).value();
  pair.dialer.connection.write(b, payload).value();
  pair.run();
  EXPECT_EQ(pair.dialer.data[a], payload);
  EXPECT_TRUE(pair.dialer.data[b].empty());
  EXPECT_EQ(pair.dialer.reset, std::vector<SubstreamId>{b});
}

}  // namespace
}  // namespace canary::network
