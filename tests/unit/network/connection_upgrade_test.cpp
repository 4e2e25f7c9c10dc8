// The connection upgrade on its own (network/libp2p/connection_upgrade.hpp): a dialer and a
// listener fed each other's bytes in memory, one byte at a time or all at once, lazy or not, end
// with each other's PeerId and a working Noise transport carrying what followed the muxer
// negotiation; a peer that is not the dialed one, and a stream that is not libp2p, fail with the
// error of their phase.
#include "network/libp2p/connection_upgrade.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "tests/unit/network/connection_test_support.hpp"

namespace canary::network {
namespace {

using testing::counter_random;
using testing::identity;

ConnectionConfig config_of(ConnectionRole role, uint8_t tag, bool lazy = true,
                           std::optional<PeerId> expected = std::nullopt) {
  ConnectionConfig config;
  config.role = role;
  config.identity = identity(tag);
  config.noise_static_secret.fill(static_cast<uint8_t>(tag + 0x40));
  config.expected_peer = std::move(expected);
  config.lazy_upgrade = lazy;
  return config;
}

PeerId peer_of(uint8_t tag) {
  return PeerId::from_ed25519(identity(tag).public_key);
}

struct Pair {
  explicit Pair(bool lazy, std::optional<PeerId> expected = std::nullopt)
      : dialer(config_of(ConnectionRole::kDialer, 1, lazy, std::move(expected)), counter_random(1)),
        listener(config_of(ConnectionRole::kListener, 2, lazy), counter_random(2)) {
    dialer.start(to_listener);
    listener.start(to_dialer);
  }

  // Delivers what each side wrote until neither writes more (or one fails), `chunk` bytes at a
  // time. The first error, if any.
  std::optional<ConnectionError> exchange(size_t chunk) {
    for (int round = 0; round < 100 && !(to_listener.empty() && to_dialer.empty()); ++round) {
      if (auto error = deliver(to_listener, listener, to_dialer, chunk)) return error;
      if (auto error = deliver(to_dialer, dialer, to_listener, chunk)) return error;
    }
    return std::nullopt;
  }

  static std::optional<ConnectionError> deliver(Bytes& in, ConnectionUpgrade& side, Bytes& out,
                                                size_t chunk) {
    const Bytes bytes = std::move(in);
    in.clear();
    for (size_t at = 0; at < bytes.size(); at += chunk) {
      const size_t n = std::min(chunk, bytes.size() - at);
      if (side.is_complete()) {
        // What follows the upgrade belongs to the transport: keep it for the caller.
        in.insert(in.end(), bytes.begin() + static_cast<ptrdiff_t>(at), bytes.end());
        return std::nullopt;
      }
      if (auto fed = side.feed(ByteSpan(bytes).subspan(at, n), out); !fed) return fed.error();
    }
    return std::nullopt;
  }

  ConnectionUpgrade dialer;
  ConnectionUpgrade listener;
  Bytes to_listener;
  Bytes to_dialer;
};

void expect_upgraded(Pair& pair) {
  ASSERT_TRUE(pair.dialer.is_complete());
  ASSERT_TRUE(pair.listener.is_complete());
  EXPECT_EQ(pair.dialer.remote_peer(), peer_of(2));
  EXPECT_EQ(pair.listener.remote_peer(), peer_of(1));
  ConnectionUpgrade::Upgraded dialer = pair.dialer.take_result();
  ConnectionUpgrade::Upgraded listener = pair.listener.take_result();
  EXPECT_EQ(dialer.remote, peer_of(2));
  EXPECT_EQ(listener.remote, peer_of(1));
  // The transports are each other's: what one encrypts, the other reads.
  Bytes frames;
  ASSERT_TRUE(dialer.transport.encrypt(to_bytes("yamux bytes"), frames));
  Bytes plain;
  ASSERT_TRUE(listener.transport.decrypt(frames, plain));
  EXPECT_EQ(plain, to_bytes("yamux bytes"));
}

TEST(ConnectionUpgrade, LazyAndStrictDialersUpgradeInAnyChunking) {
  for (const bool lazy : {true, false}) {
    for (const size_t chunk : {size_t{1}, size_t{7}, size_t{1} << 20}) {
      SCOPED_TRACE(std::string(lazy ? "lazy" : "strict") + ", chunk " + std::to_string(chunk));
      Pair pair(lazy);
      EXPECT_EQ(pair.dialer.phase(), ConnectionPhase::kSecurityNegotiation);
      auto error = pair.exchange(chunk);
      ASSERT_FALSE(error) << error->message();
      expect_upgraded(pair);
    }
  }
}

TEST(ConnectionUpgrade, BytesAfterTheMuxerAgreementAreTheFirstPlaintext) {
  // A strict dialer learns of the agreement from the listener's echo; the listener's own first
  // Yamux bytes, sent right behind the echo, come out of the dialer's upgrade as plaintext.
  Pair pair(/*lazy=*/false);
  for (int round = 0; round < 10; ++round) {
    ASSERT_FALSE(pair.deliver(pair.to_listener, pair.listener, pair.to_dialer, 1 << 20));
    if (pair.listener.is_complete()) break;
    ASSERT_FALSE(pair.deliver(pair.to_dialer, pair.dialer, pair.to_listener, 1 << 20));
  }
  ASSERT_TRUE(pair.listener.is_complete());
  ASSERT_FALSE(pair.dialer.is_complete());  // the echo is still on its way
  ConnectionUpgrade::Upgraded listener = pair.listener.take_result();
  ASSERT_TRUE(listener.transport.encrypt(to_bytes("first frame"), pair.to_dialer));
  ASSERT_FALSE(pair.deliver(pair.to_dialer, pair.dialer, pair.to_listener, 1 << 20));
  ASSERT_TRUE(pair.dialer.is_complete());
  EXPECT_EQ(pair.dialer.take_result().first_plaintext, to_bytes("first frame"));
}

TEST(ConnectionUpgrade, TheDialerRefusesAPeerItDidNotDial) {
  Pair pair(/*lazy=*/true, peer_of(3));
  auto error = pair.exchange(1 << 20);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, ConnectionErrorKind::kPeerIdMismatch);
  EXPECT_EQ(pair.dialer.phase(), ConnectionPhase::kClosed);
  EXPECT_FALSE(pair.dialer.remote_peer());
  Bytes out;
  EXPECT_FALSE(pair.dialer.feed(to_bytes("more"), out));  // errors are final
}

TEST(ConnectionUpgrade, AStreamThatIsNotLibp2pFailsTheSecurityNegotiation) {
  ConnectionUpgrade listener(config_of(ConnectionRole::kListener, 2), counter_random(2));
  Bytes out;
  listener.start(out);
  EXPECT_TRUE(out.empty());
  // A length-prefixed line, but another protocol's header than multistream-select's.
  Bytes other = {10};
  const Bytes header = to_bytes("/http/1.1\n");
  other.insert(other.end(), header.begin(), header.end());
  auto fed = listener.feed(other, out);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().kind, ConnectionErrorKind::kSecurityNegotiation);
  EXPECT_EQ(listener.phase(), ConnectionPhase::kClosed);
}

}  // namespace
}  // namespace canary::network
