#include "network/libp2p/noise_transport.hpp"

#include <gtest/gtest.h>

namespace canary::network {
namespace {

NoiseCipherState::Key key_filled(uint8_t value) {
  NoiseCipherState::Key key;
  key.fill(value);
  return key;
}

// Two ends of one connection: what a sends, b receives, and the reverse.
struct Connection {
  NoiseTransport a{{NoiseCipherState(key_filled(1)), NoiseCipherState(key_filled(2))}};
  NoiseTransport b{{NoiseCipherState(key_filled(2)), NoiseCipherState(key_filled(1))}};
};

Bytes pattern(size_t size) {
  Bytes bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(i * 31 + i / 251);
  return bytes;
}

// The body sizes of the frames in `wire`, which must hold whole frames only.
std::vector<size_t> frame_sizes(ByteSpan wire) {
  std::vector<size_t> sizes;
  while (wire.size() >= kNoiseFrameHeaderSize) {
    const size_t size = noise_frame_body_size(wire.data());
    sizes.push_back(size);
    wire = wire.subspan(std::min(wire.size(), kNoiseFrameHeaderSize + size));
  }
  EXPECT_TRUE(wire.empty());
  return sizes;
}

TEST(NoiseTransport, RoundTripsInBothDirections) {
  Connection connection;
  Bytes wire, plaintext;
  ASSERT_TRUE(connection.a.encrypt(to_bytes("ping"), wire));
  ASSERT_EQ(wire.size(), 2u + 4u + 16u);
  ASSERT_TRUE(connection.b.decrypt(wire, plaintext));
  EXPECT_EQ(plaintext, to_bytes("ping"));
  wire.clear();
  plaintext.clear();
  ASSERT_TRUE(connection.b.encrypt(to_bytes("pong"), wire));
  ASSERT_TRUE(connection.a.decrypt(wire, plaintext));
  EXPECT_EQ(plaintext, to_bytes("pong"));
}

TEST(NoiseTransport, SplitsLargeMessagesIntoFullFrames) {
  constexpr size_t kMax = NoiseTransport::kMaxPlaintextPerFrame;
  static_assert(kMax == 65519);
  struct Case {
    size_t plaintext;
    std::vector<size_t> frames;
  };
  const Case cases[] = {
      {0, {}},
      {1, {17}},
      {kMax, {65535}},
      {kMax + 1, {65535, 17}},
      {3 * kMax + 100, {65535, 65535, 65535, 116}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.plaintext);
    Connection connection;
    const Bytes message = pattern(c.plaintext);
    Bytes wire;
    ASSERT_TRUE(connection.a.encrypt(message, wire));
    EXPECT_EQ(frame_sizes(wire), c.frames);
    EXPECT_EQ(connection.a.frames_sent(), c.frames.size());
    Bytes plaintext;
    ASSERT_TRUE(connection.b.decrypt(wire, plaintext));
    EXPECT_EQ(plaintext, message);
    EXPECT_EQ(connection.b.buffered(), 0u);
  }
}

TEST(NoiseTransport, DecryptsBytesFedInAnyChunks) {
  const Bytes message = pattern(300000);
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{17}, size_t{1000}, size_t{65536}, size_t{65537},
                       size_t{65538}, size_t{200000}}) {
    SCOPED_TRACE(chunk);
    Connection connection;
    Bytes wire;
    ASSERT_TRUE(connection.a.encrypt(message, wire));
    ASSERT_TRUE(connection.a.encrypt(to_bytes("tail"), wire));
    Bytes plaintext;
    for (size_t at = 0; at < wire.size(); at += chunk) {
      ASSERT_TRUE(connection.b.decrypt(
          ByteSpan(wire).subspan(at, std::min(chunk, wire.size() - at)), plaintext));
      ASSERT_LE(connection.b.buffered(), kNoiseFrameHeaderSize + kNoiseMaxFrameBody);
    }
    Bytes expected = message;
    expected.insert(expected.end(), {'t', 'a', 'i', 'l'});
    EXPECT_EQ(plaintext, expected);
    EXPECT_EQ(connection.b.buffered(), 0u);
    EXPECT_EQ(connection.b.frames_received(), connection.a.frames_sent());
  }
}

TEST(NoiseTransport, APartialFrameProducesNothingUntilComplete) {
  Connection connection;
  Bytes wire, plaintext;
  ASSERT_TRUE(connection.a.encrypt(to_bytes("whole"), wire));
  ASSERT_TRUE(connection.b.decrypt(ByteSpan(wire).first(1), plaintext));
  ASSERT_TRUE(connection.b.decrypt(ByteSpan(wire).subspan(1, wire.size() - 2), plaintext));
  EXPECT_TRUE(plaintext.empty());
  EXPECT_EQ(connection.b.buffered(), wire.size() - 1);
  ASSERT_TRUE(connection.b.decrypt(ByteSpan(wire).last(1), plaintext));
  EXPECT_EQ(plaintext, to_bytes("whole"));
}

// Each frame is bound to its position by the nonce: frames must arrive in the order sent, once.
TEST(NoiseTransport, FramesOnlyDecryptInTheOrderSent) {
  Connection sender;
  Bytes first, second;
  ASSERT_TRUE(sender.a.encrypt(to_bytes("first"), first));
  ASSERT_TRUE(sender.a.encrypt(to_bytes("second"), second));
  {
    Connection receiver;
    Bytes plaintext;
    auto swapped = receiver.b.decrypt(second, plaintext);
    ASSERT_FALSE(swapped);
    EXPECT_EQ(swapped.error(), NoiseError::kAuthenticationFailed);
    EXPECT_TRUE(plaintext.empty());
  }
  {
    Connection receiver;
    Bytes plaintext;
    ASSERT_TRUE(receiver.b.decrypt(first, plaintext));
    auto replayed = receiver.b.decrypt(first, plaintext);
    ASSERT_FALSE(replayed);
    EXPECT_EQ(replayed.error(), NoiseError::kAuthenticationFailed);
    EXPECT_EQ(plaintext, to_bytes("first"));
  }
  {
    Connection receiver;
    Bytes plaintext;
    ASSERT_TRUE(receiver.b.decrypt(first, plaintext));
    ASSERT_TRUE(receiver.b.decrypt(second, plaintext));
    EXPECT_EQ(plaintext, to_bytes("firstsecond"));
  }
  // A frame a sent cannot be reflected back to a: the two directions have different keys.
  {
    Connection connection;
    Bytes plaintext;
    ASSERT_FALSE(connection.a.decrypt(first, plaintext));
  }
}

TEST(NoiseTransport, AnAuthenticationFailureIsFinal) {
  Connection connection;
  Bytes wire;
  ASSERT_TRUE(connection.a.encrypt(to_bytes("good"), wire));
  const size_t good_size = wire.size();
  ASSERT_TRUE(connection.a.encrypt(to_bytes("tampered"), wire));
  wire[good_size + 5] ^= 0x80;
  ASSERT_TRUE(connection.a.encrypt(to_bytes("after"), wire));
  Bytes plaintext;
  auto failed = connection.b.decrypt(wire, plaintext);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error(), NoiseError::kAuthenticationFailed);
  EXPECT_EQ(plaintext, to_bytes("good"));  // what came before the bad frame is genuine
  Bytes more;
  ASSERT_TRUE(connection.a.encrypt(to_bytes("later"), more));
  auto still = connection.b.decrypt(more, plaintext);
  ASSERT_FALSE(still);
  EXPECT_EQ(still.error(), NoiseError::kAuthenticationFailed);
  EXPECT_EQ(plaintext, to_bytes("good"));
}

TEST(NoiseTransport, FramesShorterThanTheTagAreRefused) {
  for (uint8_t length : {uint8_t{0}, uint8_t{1}, uint8_t{15}}) {
    SCOPED_TRACE(int{length});
    {
      Connection connection;
      Bytes plaintext;
      auto refused = connection.b.decrypt(Bytes{0x00, length}, plaintext);
      ASSERT_FALSE(refused);
      EXPECT_EQ(refused.error(), NoiseError::kFrameTooShort);
    }
    {
      // The same with the header split across two reads.
      Connection connection;
      Bytes plaintext;
      ASSERT_TRUE(connection.b.decrypt(Bytes{0x00}, plaintext));
      auto refused = connection.b.decrypt(Bytes{length}, plaintext);
      ASSERT_FALSE(refused);
      EXPECT_EQ(refused.error(), NoiseError::kFrameTooShort);
    }
  }
}

// An empty frame (only the tag) is valid Noise, and keeps the nonces in step.
TEST(NoiseTransport, AcceptsAFrameWithAnEmptyPayload) {
  NoiseCipherState sender(key_filled(1));
  Bytes empty_frame(kNoiseFrameHeaderSize + NoiseCipherState::kTagSize);
  put_noise_frame_header(empty_frame.data(), NoiseCipherState::kTagSize);
  ASSERT_TRUE(sender.encrypt_with_ad({}, {}, MutableByteSpan(empty_frame).subspan(2)));
  Bytes next(kNoiseFrameHeaderSize + 1 + NoiseCipherState::kTagSize);
  put_noise_frame_header(next.data(), 1 + NoiseCipherState::kTagSize);
  ASSERT_TRUE(sender.encrypt_with_ad({}, Bytes{'x'}, MutableByteSpan(next).subspan(2)));
  Connection connection;
  Bytes plaintext;
  ASSERT_TRUE(connection.b.decrypt(empty_frame, plaintext));
  ASSERT_TRUE(connection.b.decrypt(next, plaintext));
  EXPECT_EQ(plaintext, Bytes{'x'});
  EXPECT_EQ(connection.b.frames_received(), 2u);
}

TEST(NoiseTransport, RefusesToSendPastTheLastNonce) {
  NoiseCipherState send(key_filled(1));
  send.set_nonce(NoiseCipherState::kReservedNonce - 1);
  NoiseTransport transport({send, NoiseCipherState(key_filled(2))});
  Bytes wire = {0xaa};
  // Two frames: the first may go, the second would need the reserved nonce.
  auto refused = transport.encrypt(pattern(NoiseTransport::kMaxPlaintextPerFrame + 1), wire);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), NoiseError::kNonceExhausted);
  EXPECT_EQ(wire, Bytes{0xaa});  // nothing half-written
}

}  // namespace
}  // namespace canary::network
