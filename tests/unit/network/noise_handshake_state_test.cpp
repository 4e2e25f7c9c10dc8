#include "network/libp2p/noise_handshake_state.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "primitives/util/hex.hpp"

namespace canary::network {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

ByteArray<32> hex32(std::string_view text) {
  return from_hex_fixed<32>(text).value();
}

// The Noise_XX_25519_ChaChaPoly_SHA256 vector of the cacophony test suite
// (haskell-cryptography/cacophony vectors/cacophony.txt, as shipped in mcginty/snow
// tests/vectors/cacophony.txt): fixed static and ephemeral secrets, prologue "John Galt", three
// handshake messages, then three transport messages (responder, initiator, responder).
struct VectorMessage {
  std::string_view payload;
  std::string_view ciphertext;
};

constexpr std::string_view kPrologue = "4a6f686e2047616c74";
constexpr std::string_view kInitiatorStatic =
    "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
constexpr std::string_view kInitiatorEphemeral =
    "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
constexpr std::string_view kResponderStatic =
    "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
constexpr std::string_view kResponderEphemeral =
    "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
constexpr std::string_view kHandshakeHash =
    "c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e";
const VectorMessage kMessages[] = {
    {"4c756477696720766f6e204d69736573",
     "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69"
     "736573"},
    {"4d757272617920526f746862617264",
     "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2"
     "b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c"
     "412f8a0db50f8814c7194e83f23dbd8d162c9326ad"},
    {"462e20412e20486179656b",
     "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be08"
     "65b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"},
    {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
    {"4a65616e2d426170746973746520536179",
     "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"},
    {"457567656e2042f6686d20766f6e2042617765726b",
     "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"},
};

NoiseXXHandshakeState vector_initiator() {
  return NoiseXXHandshakeState(
      NoiseRole::kInitiator, NoiseKeypair::from_secret(hex32(kInitiatorStatic)),
      NoiseKeypair::from_secret(hex32(kInitiatorEphemeral)), hex(kPrologue));
}

NoiseXXHandshakeState vector_responder() {
  return NoiseXXHandshakeState(
      NoiseRole::kResponder, NoiseKeypair::from_secret(hex32(kResponderStatic)),
      NoiseKeypair::from_secret(hex32(kResponderEphemeral)), hex(kPrologue));
}

TEST(NoiseXXHandshakeState, MatchesTheCacophonyVector) {
  NoiseXXHandshakeState initiator = vector_initiator();
  NoiseXXHandshakeState responder = vector_responder();
  for (size_t i = 0; i < NoiseXXHandshakeState::kMessageCount; ++i) {
    SCOPED_TRACE(i);
    NoiseXXHandshakeState& writer = i % 2 == 0 ? initiator : responder;
    NoiseXXHandshakeState& reader = i % 2 == 0 ? responder : initiator;
    ASSERT_TRUE(writer.is_my_turn());
    ASSERT_FALSE(reader.is_my_turn());
    Bytes message;
    ASSERT_TRUE(writer.write_message(hex(kMessages[i].payload), message));
    EXPECT_EQ(message, hex(kMessages[i].ciphertext));
    auto payload = reader.read_message(message);
    ASSERT_TRUE(payload);
    EXPECT_EQ(*payload, hex(kMessages[i].payload));
  }
  ASSERT_TRUE(initiator.is_finished());
  ASSERT_TRUE(responder.is_finished());
  EXPECT_EQ(Bytes(initiator.handshake_hash().begin(), initiator.handshake_hash().end()),
            hex(kHandshakeHash));
  EXPECT_EQ(initiator.handshake_hash(), responder.handshake_hash());
  EXPECT_EQ(initiator.remote_static_key(),
            NoiseKeypair::from_secret(hex32(kResponderStatic)).public_key);
  EXPECT_EQ(responder.remote_static_key(),
            NoiseKeypair::from_secret(hex32(kInitiatorStatic)).public_key);

  // Transport messages alternate on, responder first, with empty associated data.
  NoiseCipherPair initiator_ciphers = initiator.split();
  NoiseCipherPair responder_ciphers = responder.split();
  for (size_t i = NoiseXXHandshakeState::kMessageCount; i < std::size(kMessages); ++i) {
    SCOPED_TRACE(i);
    const bool from_initiator = i % 2 == 0;
    NoiseCipherState& sender = from_initiator ? initiator_ciphers.send : responder_ciphers.send;
    NoiseCipherState& receiver =
        from_initiator ? responder_ciphers.receive : initiator_ciphers.receive;
    const Bytes payload = hex(kMessages[i].payload);
    Bytes ciphertext(sender.ciphertext_size(payload.size()));
    ASSERT_TRUE(sender.encrypt_with_ad({}, payload, ciphertext));
    EXPECT_EQ(ciphertext, hex(kMessages[i].ciphertext));
    Bytes decrypted(payload.size());
    ASSERT_TRUE(receiver.decrypt_with_ad({}, ciphertext, decrypted));
    EXPECT_EQ(decrypted, payload);
  }
}

// Writes message 0 and 1 of the vector, for the tests that then break message 1 or 2.
struct HalfwayHandshake {
  NoiseXXHandshakeState initiator = vector_initiator();
  NoiseXXHandshakeState responder = vector_responder();
  Bytes message2;

  HalfwayHandshake() {
    Bytes message1;
    EXPECT_TRUE(initiator.write_message({}, message1));
    EXPECT_TRUE(responder.read_message(message1));
    EXPECT_TRUE(responder.write_message(to_bytes("responder"), message2));
  }
};

TEST(NoiseXXHandshakeState, EveryAlteredByteOfMessageTwoFailsAuthentication) {
  const Bytes genuine = HalfwayHandshake().message2;
  // The first 32 bytes are the responder's ephemeral key in the clear: changing it changes the
  // keys, so the encrypted static key no longer decrypts either.
  for (size_t i = 0; i < genuine.size(); ++i) {
    SCOPED_TRACE(i);
    HalfwayHandshake halfway;
    Bytes tampered = halfway.message2;
    tampered[i] ^= 0x20;
    auto read = halfway.initiator.read_message(tampered);
    ASSERT_FALSE(read);
    // A flipped bit of the ephemeral key may also land on a small-order point; it never passes.
    EXPECT_TRUE(read.error() == NoiseError::kAuthenticationFailed ||
                read.error() == NoiseError::kLowOrderKey);
  }
}

TEST(NoiseXXHandshakeState, AFailedHandshakeStaysFailed) {
  HalfwayHandshake halfway;
  Bytes tampered = halfway.message2;
  tampered.back() ^= 1;
  ASSERT_FALSE(halfway.initiator.read_message(tampered));
  auto again = halfway.initiator.read_message(halfway.message2);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), NoiseError::kAuthenticationFailed);
  Bytes message3;
  ASSERT_FALSE(halfway.initiator.write_message({}, message3));
  EXPECT_TRUE(message3.empty());
}

TEST(NoiseXXHandshakeState, TruncatedMessagesAreTooShort) {
  {
    NoiseXXHandshakeState responder = vector_responder();
    auto read = responder.read_message(Bytes(31, 1));
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error(), NoiseError::kMessageTooShort);
  }
  {
    HalfwayHandshake halfway;
    // e (32) + encrypted s (48) + the payload's tag (16) is the least message 2 can be.
    auto read = halfway.initiator.read_message(ByteSpan(halfway.message2).first(32 + 48 + 15));
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error(), NoiseError::kMessageTooShort);
  }
  {
    HalfwayHandshake halfway;
    ASSERT_TRUE(halfway.initiator.read_message(halfway.message2));
    Bytes message3;
    ASSERT_TRUE(halfway.initiator.write_message({}, message3));
    ASSERT_EQ(message3.size(), 48u + 16u);
    message3.pop_back();
    auto read = halfway.responder.read_message(message3);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error(), NoiseError::kMessageTooShort);
  }
}

TEST(NoiseXXHandshakeState, MessagesOutOfTurnAreRefused) {
  NoiseXXHandshakeState initiator = vector_initiator();
  NoiseXXHandshakeState responder = vector_responder();
  Bytes out;
  auto early_write = responder.write_message({}, out);
  ASSERT_FALSE(early_write);
  EXPECT_EQ(early_write.error(), NoiseError::kOutOfTurn);
  auto early_read = initiator.read_message(Bytes(32, 9));
  ASSERT_FALSE(early_read);
  EXPECT_EQ(early_read.error(), NoiseError::kOutOfTurn);
  // Refusing a call out of turn is not a failure of the handshake itself.
  ASSERT_TRUE(initiator.write_message({}, out));
  ASSERT_TRUE(responder.read_message(out));
}

// A zero (small-order) ephemeral key makes every Diffie-Hellman with it zero: refused at the
// first DH that uses it.
TEST(NoiseXXHandshakeState, ASmallOrderKeyIsRefused) {
  NoiseXXHandshakeState responder = vector_responder();
  ASSERT_TRUE(responder.read_message(Bytes(32, 0)));
  Bytes message2;
  auto write = responder.write_message({}, message2);
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error(), NoiseError::kLowOrderKey);
  EXPECT_TRUE(message2.empty());
}

TEST(NoiseXXHandshakeState, APayloadThatCannotFitIsRefused) {
  NoiseXXHandshakeState initiator = vector_initiator();
  Bytes out;
  auto too_large = initiator.write_message(Bytes(NoiseXXHandshakeState::kMaxMessageSize - 31), out);
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error(), NoiseError::kMessageTooLarge);
  ASSERT_TRUE(initiator.write_message(Bytes(NoiseXXHandshakeState::kMaxMessageSize - 32), out));
  EXPECT_EQ(out.size(), NoiseXXHandshakeState::kMaxMessageSize);
}

}  // namespace
}  // namespace canary::network
