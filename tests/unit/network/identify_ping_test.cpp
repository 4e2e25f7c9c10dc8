// identify's message, the length-prefixed framing it travels in, and ping's two sides.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "network/libp2p/identify.hpp"
#include "network/libp2p/length_prefixed.hpp"
#include "network/libp2p/ping.hpp"
#include "network/libp2p/varint.hpp"
#include "network/proto/identify.pb.h"

namespace canary::network {
namespace {

using namespace std::chrono_literals;

crypto::ed25519::PublicKey test_key() {
  crypto::ed25519::Seed seed;
  seed.fill(7);
  return crypto::ed25519::keypair_from_seed(seed).public_key;
}

Multiaddr addr(const char* text) {
  return Multiaddr::from_string(text).value();
}

TEST(IdentifyTest, RoundTrip) {
  IdentifyInfo info;
  info.protocol_version = "/substrate/1.0";
  info.agent_version = "canary/0.1.0 (alice)";
  info.public_key = encode_ed25519_public_key(test_key());
  info.listen_addresses = {addr("/ip4/127.0.0.1/tcp/30333"), addr("/ip6/::1/tcp/30333")};
  info.observed_address = addr("/ip4/10.1.2.3/tcp/51234");
  info.protocols = {"/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"};

  const IdentifyInfo decoded = decode_identify(encode_identify(info)).value();
  EXPECT_EQ(decoded.protocol_version, info.protocol_version);
  EXPECT_EQ(decoded.agent_version, info.agent_version);
  EXPECT_EQ(decoded.public_key, info.public_key);
  EXPECT_EQ(decoded.peer_id, PeerId::from_ed25519(test_key()));
  EXPECT_EQ(decoded.listen_addresses, info.listen_addresses);
  EXPECT_EQ(decoded.invalid_listen_addresses, 0u);
  EXPECT_EQ(decoded.observed_address, info.observed_address);
  EXPECT_EQ(decoded.protocols, info.protocols);
}

TEST(IdentifyTest, KnownEncoding) {
  // Field numbers and types as libp2p's identify.proto: publicKey (1), listenAddrs (2),
  // protocols (3), observedAddr (4), protocolVersion (5), agentVersion (6).
  IdentifyInfo info;
  info.protocol_version = "p";
  info.agent_version = "a";
  info.protocols = {"/x"};
  info.listen_addresses = {addr("/ip4/1.2.3.4/tcp/1")};
  const Bytes encoded = encode_identify(info);
  const Bytes expected = {0x12, 0x08, 0x04, 1,   2,    3,    4,   0x06, 0x00, 0x01,
                          0x1a, 0x02, '/',  'x', 0x2a, 0x01, 'p', 0x32, 0x01, 'a'};
  EXPECT_EQ(encoded, expected);
}

TEST(IdentifyTest, EmptyMessageIsAValidPush) {
  const IdentifyInfo decoded = decode_identify({}).value();
  EXPECT_FALSE(decoded.agent_version);
  EXPECT_FALSE(decoded.peer_id);
  EXPECT_TRUE(decoded.protocols.empty());
}

TEST(IdentifyTest, BadAddressesAreDroppedAndCounted) {
  proto::Identify message;
  message.add_listenaddrs(std::string("\xff\xff\xff", 3));
  const Bytes good = addr("/ip4/1.2.3.4/tcp/5").bytes();
  message.add_listenaddrs(std::string(good.begin(), good.end()));
  message.add_listenaddrs("");
  message.set_observedaddr("junk");
  const std::string encoded = message.SerializeAsString();
  const IdentifyInfo decoded = decode_identify(as_bytes(encoded)).value();
  ASSERT_EQ(decoded.listen_addresses.size(), 1u);
  EXPECT_EQ(decoded.listen_addresses[0].to_string(), "/ip4/1.2.3.4/tcp/5");
  EXPECT_EQ(decoded.invalid_listen_addresses, 2u);
  EXPECT_FALSE(decoded.observed_address);
}

TEST(IdentifyTest, RefusesMalformedInput) {
  EXPECT_EQ(decode_identify(Bytes{0x0a, 0x05, 0x01}).error(), IdentifyError::kMalformed);
  proto::Identify message;
  message.set_publickey("\x08\x01");  // no Data: not a PublicKey
  const std::string encoded = message.SerializeAsString();
  EXPECT_EQ(decode_identify(as_bytes(encoded)).error(), IdentifyError::kInvalidPublicKey);
  EXPECT_EQ(decode_identify(Bytes(kMaxIdentifyMessageSize + 1, 0)).error(),
            IdentifyError::kTooLarge);
}

TEST(IdentifyTest, SentMessagesStayUnderTheLimit) {
  IdentifyInfo info;
  info.agent_version = "canary";
  info.protocols = {"/ipfs/id/1.0.0"};
  for (int i = 0; i < 1000; ++i) {
    info.listen_addresses.push_back(addr("/ip6/2001:db8::1/tcp/30333"));
  }
  const Bytes encoded = encode_identify(info);
  EXPECT_LE(encoded.size(), kMaxSentIdentifyMessageSize);
  const IdentifyInfo decoded = decode_identify(encoded).value();
  EXPECT_GT(decoded.listen_addresses.size(), 100u);
  EXPECT_EQ(decoded.protocols, info.protocols);
}

TEST(LengthPrefixedTest, ReadsMessagesInAnyChunks) {
  Bytes stream;
  append_length_prefixed(stream, Bytes(300, 0xab));
  append_length_prefixed(stream, Bytes{});
  append_length_prefixed(stream, Bytes{1, 2, 3});
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{5}, stream.size()}) {
    LengthPrefixedReader reader(1000);
    std::vector<Bytes> messages;
    for (size_t at = 0; at < stream.size(); at += chunk) {
      ByteSpan piece = ByteSpan(stream).subspan(at, std::min(chunk, stream.size() - at));
      while (!piece.empty()) {
        const size_t taken = reader.feed(piece).value();
        piece = piece.subspan(taken);
        if (reader.complete()) messages.push_back(reader.take());
      }
      // A zero-length message completes on its length byte alone.
      if (reader.complete()) messages.push_back(reader.take());
    }
    ASSERT_EQ(messages.size(), 3u) << chunk;
    EXPECT_EQ(messages[0], Bytes(300, 0xab));
    EXPECT_TRUE(messages[1].empty());
    EXPECT_EQ(messages[2], (Bytes{1, 2, 3}));
    EXPECT_FALSE(reader.in_message());
  }
}

TEST(LengthPrefixedTest, RefusesBeforeBuffering) {
  LengthPrefixedReader reader(100);
  EXPECT_EQ(reader.feed(encode_varint(101)).error(), LengthPrefixedError::kTooLarge);
  EXPECT_EQ(reader.feed(Bytes{1}).error(), LengthPrefixedError::kTooLarge);
  LengthPrefixedReader bad(100);
  EXPECT_EQ(bad.feed(Bytes{0x80, 0x00}).error(), LengthPrefixedError::kInvalidLength);
  LengthPrefixedReader partial(100);
  EXPECT_EQ(partial.feed(Bytes{0x05, 1, 2}).value(), 3u);
  EXPECT_TRUE(partial.in_message());
  EXPECT_FALSE(partial.complete());
}

TEST(PingTest, ResponderEchoesWholePayloadsOnly) {
  PingResponder responder;
  Bytes payload(64);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i);
  EXPECT_TRUE(responder.feed(ByteSpan(payload).first(31)).empty());
  EXPECT_EQ(responder.feed(ByteSpan(payload).subspan(31, 1)),
            Bytes(payload.begin(), payload.begin() + 32));
  EXPECT_EQ(responder.feed(ByteSpan(payload).subspan(32)),
            Bytes(payload.begin() + 32, payload.end()));
}

TEST(PingTest, InitiatorTimesTheEcho) {
  using TimePoint = PingInitiator::TimePoint;
  const TimePoint t0 = TimePoint{} + 1h;
  PingInitiator ping;
  PingPayload payload{};
  payload.fill(0x42);
  const Bytes sent = ping.start(payload, t0);
  EXPECT_EQ(sent, Bytes(32, 0x42));
  EXPECT_TRUE(ping.outstanding());
  EXPECT_FALSE(ping.feed(ByteSpan(sent).first(10), t0 + 1ms).value());
  const auto rtt = ping.feed(ByteSpan(sent).subspan(10), t0 + 5ms).value();
  ASSERT_TRUE(rtt);
  EXPECT_EQ(*rtt, 5ms);
  EXPECT_FALSE(ping.outstanding());
  // Again on the same stream.
  payload.fill(0x43);
  ping.start(payload, t0 + 1s);
  EXPECT_EQ(*ping.feed(Bytes(32, 0x43), t0 + 1s + 2ms).value(), 2ms);
}

TEST(PingTest, InitiatorRefusesWrongEchoes) {
  using TimePoint = PingInitiator::TimePoint;
  PingInitiator ping;
  EXPECT_EQ(ping.feed(Bytes{1}, TimePoint{}).error(), PingError::kUnexpectedData);
  PingInitiator other;
  PingPayload payload{};
  other.start(payload, TimePoint{});
  Bytes wrong(32, 0);
  wrong[31] = 1;
  EXPECT_EQ(other.feed(wrong, TimePoint{}).error(), PingError::kMismatch);
  PingInitiator longer;
  longer.start(payload, TimePoint{});
  EXPECT_EQ(longer.feed(Bytes(33, 0), TimePoint{}).error(), PingError::kUnexpectedData);
}

}  // namespace
}  // namespace canary::network
