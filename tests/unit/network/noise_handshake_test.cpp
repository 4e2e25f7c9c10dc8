#include "network/libp2p/noise_handshake.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "network/libp2p/noise_transport.hpp"
#include "network/proto/keys.pb.h"
#include "network/proto/noise.pb.h"

namespace canary::network {
namespace {

NoiseHandshakeKeys test_keys(uint8_t tag) {
  NoiseHandshakeKeys keys;
  crypto::ed25519::Seed seed;
  seed.fill(tag);
  keys.identity = crypto::ed25519::keypair_from_seed(seed);
  keys.static_secret.fill(static_cast<uint8_t>(tag + 0x10));
  keys.ephemeral_secret.fill(static_cast<uint8_t>(tag + 0x20));
  return keys;
}

const NoiseHandshakeKeys kInitiatorKeys = test_keys(1);
const NoiseHandshakeKeys kResponderKeys = test_keys(2);

Bytes frame(ByteSpan body) {
  Bytes out(kNoiseFrameHeaderSize);
  put_noise_frame_header(out.data(), body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

// libp2p's PublicKey envelope of an ed25519 key: Type = 1 (08 01), Data of 32 bytes (12 20).
Bytes canonical_identity_key(const crypto::ed25519::PublicKey& key) {
  Bytes out = {0x08, 0x01, 0x12, 0x20};
  out.insert(out.end(), key.begin(), key.end());
  return out;
}

std::string as_string(ByteSpan bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// Feeds `bytes` to `receiver` in pieces of `chunk` bytes and collects what it answers.
Result<Bytes, NoiseError> deliver(NoiseHandshake& receiver, ByteSpan bytes, size_t chunk) {
  Bytes replies;
  for (size_t at = 0; at < bytes.size(); at += chunk) {
    auto reply = receiver.feed(bytes.subspan(at, std::min(chunk, bytes.size() - at)));
    if (!reply) return reply;
    replies.insert(replies.end(), reply->begin(), reply->end());
  }
  return replies;
}

// Runs both sides against each other until neither has anything left to say.
Result<void, NoiseError> run(NoiseHandshake& initiator, NoiseHandshake& responder, size_t chunk) {
  Bytes to_responder = initiator.start();
  Bytes to_initiator = responder.start();
  while (!to_responder.empty() || !to_initiator.empty()) {
    auto replies = deliver(responder, to_responder, chunk);
    if (!replies) return unexpected(replies.error());
    to_responder.clear();
    to_initiator.insert(to_initiator.end(), replies->begin(), replies->end());
    replies = deliver(initiator, to_initiator, chunk);
    if (!replies) return unexpected(replies.error());
    to_initiator.clear();
    to_responder = std::move(*replies);
  }
  return {};
}

void expect_transports_interoperate(const NoiseHandshakeResult& initiator,
                                    const NoiseHandshakeResult& responder) {
  NoiseTransport initiator_transport(initiator.ciphers);
  NoiseTransport responder_transport(responder.ciphers);
  Bytes wire, plaintext;
  ASSERT_TRUE(initiator_transport.encrypt(to_bytes("to the responder"), wire));
  ASSERT_TRUE(responder_transport.decrypt(wire, plaintext));
  EXPECT_EQ(plaintext, to_bytes("to the responder"));
  wire.clear();
  plaintext.clear();
  ASSERT_TRUE(responder_transport.encrypt(to_bytes("to the initiator"), wire));
  ASSERT_TRUE(initiator_transport.decrypt(wire, plaintext));
  EXPECT_EQ(plaintext, to_bytes("to the initiator"));
}

TEST(NoiseHandshake, BothSidesLearnEachOthersIdentityWhateverTheChunking) {
  for (size_t chunk :
       {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{34}, size_t{100}, size_t{100000}}) {
    SCOPED_TRACE(chunk);
    NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
    NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
    ASSERT_TRUE(run(initiator, responder, chunk));
    ASSERT_TRUE(initiator.is_complete());
    ASSERT_TRUE(responder.is_complete());
    const NoiseHandshakeResult initiator_result = initiator.take_result();
    const NoiseHandshakeResult responder_result = responder.take_result();

    EXPECT_EQ(initiator_result.remote.ed25519_key, kResponderKeys.identity.public_key);
    EXPECT_EQ(initiator_result.remote.identity_key,
              canonical_identity_key(kResponderKeys.identity.public_key));
    EXPECT_EQ(initiator_result.remote.noise_static_key,
              NoiseKeypair::from_secret(kResponderKeys.static_secret).public_key);
    EXPECT_EQ(responder_result.remote.ed25519_key, kInitiatorKeys.identity.public_key);
    EXPECT_EQ(responder_result.remote.identity_key,
              canonical_identity_key(kInitiatorKeys.identity.public_key));
    EXPECT_EQ(responder_result.remote.noise_static_key,
              NoiseKeypair::from_secret(kInitiatorKeys.static_secret).public_key);
    EXPECT_EQ(initiator_result.handshake_hash, responder_result.handshake_hash);
    EXPECT_TRUE(initiator_result.unread.empty());
    EXPECT_TRUE(responder_result.unread.empty());
    expect_transports_interoperate(initiator_result, responder_result);
  }
}

// Message sizes on the wire: 2-byte length, then e (32), encrypted s (32 + 16) and the encrypted
// payload (the 104-byte NoiseHandshakePayload + 16).
TEST(NoiseHandshake, MessagesHaveTheSpecifiedShape) {
  NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
  NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
  EXPECT_TRUE(responder.start().empty());
  const Bytes message1 = initiator.start();
  ASSERT_EQ(message1.size(), 2u + 32u);
  EXPECT_EQ(message1[0], 0x00);
  EXPECT_EQ(message1[1], 0x20);
  const ByteArray<32> ephemeral =
      NoiseKeypair::from_secret(kInitiatorKeys.ephemeral_secret).public_key;
  EXPECT_EQ(Bytes(message1.begin() + 2, message1.end()), Bytes(ephemeral.begin(), ephemeral.end()));
  EXPECT_TRUE(initiator.start().empty());  // only once

  const Bytes message2 = responder.feed(message1).value();
  ASSERT_EQ(message2.size(), 2u + 32u + 48u + 104u + 16u);
  EXPECT_EQ(noise_frame_body_size(message2.data()), message2.size() - 2);
  const Bytes message3 = initiator.feed(message2).value();
  ASSERT_EQ(message3.size(), 2u + 48u + 104u + 16u);
  EXPECT_TRUE(initiator.is_complete());
  EXPECT_FALSE(responder.is_complete());
  EXPECT_TRUE(responder.feed(message3).value().empty());
  EXPECT_TRUE(responder.is_complete());
}

// An initiator may send transport frames right behind message 3, so the responder can read them
// in the same chunk; they must reach the transport intact.
TEST(NoiseHandshake, BytesAfterTheLastMessageAreKeptForTheTransport) {
  NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
  NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
  const Bytes message2 = responder.feed(initiator.start()).value();
  Bytes wire = initiator.feed(message2).value();
  NoiseTransport initiator_transport(initiator.take_result().ciphers);
  ASSERT_TRUE(initiator_transport.encrypt(to_bytes("/multistream/1.0.0\n"), wire));
  ASSERT_TRUE(initiator_transport.encrypt(to_bytes("/yamux/1.0.0\n"), wire));
  Bytes tail;
  ASSERT_TRUE(initiator_transport.encrypt(to_bytes("late"), tail));

  // Everything but the last 3 bytes in one read, then the rest after completion.
  ASSERT_TRUE(responder.feed(ByteSpan(wire).first(wire.size() - 3)));
  ASSERT_TRUE(responder.is_complete());
  ASSERT_TRUE(responder.feed(ByteSpan(wire).last(3)));
  ASSERT_TRUE(responder.feed(tail));
  NoiseHandshakeResult result = responder.take_result();
  NoiseTransport responder_transport(result.ciphers);
  Bytes plaintext;
  ASSERT_TRUE(responder_transport.decrypt(result.unread, plaintext));
  EXPECT_EQ(plaintext, to_bytes("/multistream/1.0.0\n/yamux/1.0.0\nlate"));
}

TEST(NoiseHandshake, PayloadIsTheCanonicalProtobuf) {
  const ByteArray<32> static_key =
      NoiseKeypair::from_secret(kInitiatorKeys.static_secret).public_key;
  const Bytes payload = encode_noise_handshake_payload(kInitiatorKeys.identity, static_key);
  // identity_key (field 1, 36 bytes) then identity_sig (field 2, 64 bytes); no extensions.
  ASSERT_EQ(payload.size(), 104u);
  EXPECT_EQ(payload[0], 0x0a);
  EXPECT_EQ(payload[1], 36);
  EXPECT_EQ(Bytes(payload.begin() + 2, payload.begin() + 38),
            canonical_identity_key(kInitiatorKeys.identity.public_key));
  EXPECT_EQ(payload[38], 0x12);
  EXPECT_EQ(payload[39], 64);
  crypto::ed25519::Signature signature;
  std::copy(payload.begin() + 40, payload.end(), signature.begin());
  Bytes signed_message = to_bytes("noise-libp2p-static-key:");
  signed_message.insert(signed_message.end(), static_key.begin(), static_key.end());
  EXPECT_TRUE(
      crypto::ed25519::verify(signature, signed_message, kInitiatorKeys.identity.public_key));

  auto identity = verify_noise_handshake_payload(payload, static_key);
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->ed25519_key, kInitiatorKeys.identity.public_key);
}

Bytes payload_with(const std::string& identity_key, const std::string& identity_sig) {
  proto::NoiseHandshakePayload payload;
  payload.set_identity_key(identity_key);
  payload.set_identity_sig(identity_sig);
  const std::string bytes = payload.SerializeAsString();
  return Bytes(bytes.begin(), bytes.end());
}

std::string public_key_with(proto::KeyType type, const std::string& data) {
  proto::PublicKey key;
  key.set_type(type);
  key.set_data(data);
  return key.SerializeAsString();
}

NoiseError payload_error(ByteSpan payload, const ByteArray<32>& static_key) {
  auto verified = verify_noise_handshake_payload(payload, static_key);
  EXPECT_FALSE(verified);
  return verified ? NoiseError::kOutOfTurn : verified.error();
}

TEST(NoiseHandshake, PayloadsThatDoNotProveTheStaticKeyAreRefused) {
  const ByteArray<32> static_key =
      NoiseKeypair::from_secret(kInitiatorKeys.static_secret).public_key;
  const ByteArray<32> other_key =
      NoiseKeypair::from_secret(kResponderKeys.static_secret).public_key;
  const Bytes genuine = encode_noise_handshake_payload(kInitiatorKeys.identity, static_key);
  const std::string good_key =
      as_string(canonical_identity_key(kInitiatorKeys.identity.public_key));
  const std::string good_sig = as_string(ByteSpan(genuine).last(64));

  EXPECT_EQ(payload_error(genuine, other_key), NoiseError::kBadIdentitySignature);
  std::string bad_sig = good_sig;
  bad_sig[10] ^= 1;
  EXPECT_EQ(payload_error(payload_with(good_key, bad_sig), static_key),
            NoiseError::kBadIdentitySignature);
  EXPECT_EQ(payload_error(payload_with(good_key, good_sig.substr(1)), static_key),
            NoiseError::kBadIdentitySignature);
  EXPECT_EQ(payload_error(payload_with(good_key, ""), static_key),
            NoiseError::kBadIdentitySignature);
  // The right signature under someone else's identity key.
  const std::string other_identity =
      as_string(canonical_identity_key(kResponderKeys.identity.public_key));
  EXPECT_EQ(payload_error(payload_with(other_identity, good_sig), static_key),
            NoiseError::kBadIdentitySignature);

  EXPECT_EQ(payload_error(
                payload_with(public_key_with(proto::Secp256k1, std::string(33, '\x02')), good_sig),
                static_key),
            NoiseError::kUnsupportedKeyType);
  EXPECT_EQ(
      payload_error(payload_with(public_key_with(proto::RSA, std::string(270, 'r')), good_sig),
                    static_key),
      NoiseError::kUnsupportedKeyType);
  EXPECT_EQ(
      payload_error(payload_with(public_key_with(proto::Ed25519, good_key.substr(5)), good_sig),
                    static_key),
      NoiseError::kIdentityKeyMalformed);
  EXPECT_EQ(payload_error(payload_with("", good_sig), static_key),
            NoiseError::kIdentityKeyMalformed);
  EXPECT_EQ(payload_error(payload_with("\x08\x01", good_sig), static_key),
            NoiseError::kIdentityKeyMalformed);  // no Data
  EXPECT_EQ(payload_error(Bytes{0x0a, 0x05, 0x01}, static_key), NoiseError::kPayloadMalformed);
  EXPECT_EQ(payload_error(Bytes{0xff}, static_key), NoiseError::kPayloadMalformed);
}

// A responder that speaks Noise correctly but sends `payload` in message 2.
Bytes rogue_message2(const Bytes& message1_frame, ByteSpan payload) {
  NoiseXXHandshakeState rogue(NoiseRole::kResponder,
                              NoiseKeypair::from_secret(kResponderKeys.static_secret),
                              NoiseKeypair::from_secret(kResponderKeys.ephemeral_secret));
  EXPECT_TRUE(rogue.read_message(ByteSpan(message1_frame).subspan(2)));
  Bytes message2;
  EXPECT_TRUE(rogue.write_message(payload, message2));
  return frame(message2);
}

TEST(NoiseHandshake, InitiatorRefusesAResponderThatDoesNotProveItsIdentity) {
  const ByteArray<32> responder_static =
      NoiseKeypair::from_secret(kResponderKeys.static_secret).public_key;
  const ByteArray<32> other_static = NoiseKeypair::from_secret(ByteArray<32>{7}).public_key;
  const std::string secp_key = public_key_with(proto::Secp256k1, std::string(33, '\x02'));
  struct Case {
    Bytes payload;
    NoiseError error;
  };
  const Case cases[] = {
      {encode_noise_handshake_payload(kResponderKeys.identity, other_static),
       NoiseError::kBadIdentitySignature},
      {payload_with(secp_key, std::string(64, 's')), NoiseError::kUnsupportedKeyType},
      {Bytes{}, NoiseError::kIdentityKeyMalformed},
      {Bytes{0xff, 0xff}, NoiseError::kPayloadMalformed},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(to_string(c.error));
    NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
    const Bytes message2 = rogue_message2(initiator.start(), c.payload);
    auto reply = initiator.feed(message2);
    ASSERT_FALSE(reply);  // and so message 3, with our identity, is never sent
    EXPECT_EQ(reply.error(), c.error);
    EXPECT_FALSE(initiator.is_complete());
    auto again = initiator.feed(Bytes{0x00});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error(), c.error);
  }
  // The same rogue with a genuine payload is accepted: the failures above are the payloads'.
  NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
  const Bytes genuine = rogue_message2(
      initiator.start(), encode_noise_handshake_payload(kResponderKeys.identity, responder_static));
  ASSERT_TRUE(initiator.feed(genuine));
  EXPECT_TRUE(initiator.is_complete());
}

TEST(NoiseHandshake, ResponderRefusesAnInitiatorThatDoesNotProveItsIdentity) {
  NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
  NoiseXXHandshakeState rogue(NoiseRole::kInitiator,
                              NoiseKeypair::from_secret(kInitiatorKeys.static_secret),
                              NoiseKeypair::from_secret(kInitiatorKeys.ephemeral_secret));
  Bytes message1;
  ASSERT_TRUE(rogue.write_message({}, message1));
  const Bytes message2 = responder.feed(frame(message1)).value();
  ASSERT_TRUE(rogue.read_message(ByteSpan(message2).subspan(2)));
  // Signed for the responder's static key instead of its own.
  Bytes message3;
  ASSERT_TRUE(rogue.write_message(
      encode_noise_handshake_payload(kInitiatorKeys.identity, *rogue.remote_static_key()),
      message3));
  auto done = responder.feed(frame(message3));
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error(), NoiseError::kBadIdentitySignature);
  EXPECT_FALSE(responder.is_complete());
}

TEST(NoiseHandshake, EveryAlteredByteOfMessagesTwoAndThreeIsRefused) {
  NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
  NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
  const Bytes message1 = initiator.start();
  const Bytes message2 = responder.feed(message1).value();
  const Bytes message3 = initiator.feed(message2).value();
  // Bodies only: an altered length is a different framing (tested below).
  for (size_t i = 2; i < message2.size(); ++i) {
    NoiseHandshake fresh(NoiseRole::kInitiator, kInitiatorKeys);
    (void)fresh.start();
    Bytes tampered = message2;
    tampered[i] ^= 0x04;
    ASSERT_FALSE(fresh.feed(tampered)) << "byte " << i;
  }
  for (size_t i = 2; i < message3.size(); ++i) {
    NoiseHandshake fresh(NoiseRole::kResponder, kResponderKeys);
    ASSERT_TRUE(fresh.feed(message1));
    Bytes tampered = message3;
    tampered[i] ^= 0x04;
    ASSERT_FALSE(fresh.feed(tampered)) << "byte " << i;
  }
}

NoiseError first_error(NoiseHandshake& handshake, ByteSpan bytes) {
  auto reply = handshake.feed(bytes);
  EXPECT_FALSE(reply);
  return reply ? NoiseError::kOutOfTurn : reply.error();
}

TEST(NoiseHandshake, FramesOfTheWrongSizeAreRefused) {
  {
    // Message 1 with a payload: refused at its length, before its body arrives.
    NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
    EXPECT_EQ(first_error(responder, Bytes{0x00, 0x21}), NoiseError::kUnexpectedPayload);
  }
  {
    NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
    EXPECT_EQ(first_error(responder, Bytes{0xff, 0xff}), NoiseError::kUnexpectedPayload);
  }
  {
    NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
    EXPECT_EQ(first_error(responder, Bytes{0x00, 0x1f}), NoiseError::kMessageTooShort);
  }
  {
    NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
    EXPECT_EQ(first_error(responder, Bytes{0x00, 0x00}), NoiseError::kMessageTooShort);
  }
  {
    // Message 2 cut short: a frame too small for e, s and the payload's tag.
    NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
    NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
    const Bytes message2 = responder.feed(initiator.start()).value();
    const Bytes truncated = frame(ByteSpan(message2).subspan(2, 32 + 48 + 15));
    EXPECT_EQ(first_error(initiator, truncated), NoiseError::kMessageTooShort);
  }
  {
    // Message 2 with its last byte missing from the frame: the tag no longer matches.
    NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
    NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
    const Bytes message2 = responder.feed(initiator.start()).value();
    const Bytes truncated = frame(ByteSpan(message2).subspan(2, message2.size() - 3));
    EXPECT_EQ(first_error(initiator, truncated), NoiseError::kAuthenticationFailed);
  }
}

TEST(NoiseHandshake, AnIncompleteFrameWaitsForMoreBytes) {
  NoiseHandshake initiator(NoiseRole::kInitiator, kInitiatorKeys);
  NoiseHandshake responder(NoiseRole::kResponder, kResponderKeys);
  const Bytes message1 = initiator.start();
  const Bytes message2 = responder.feed(message1).value();
  auto partial = initiator.feed(ByteSpan(message2).first(message2.size() - 1));
  ASSERT_TRUE(partial);
  EXPECT_TRUE(partial->empty());
  EXPECT_FALSE(initiator.is_complete());
  auto rest = initiator.feed(ByteSpan(message2).last(1));
  ASSERT_TRUE(rest);
  EXPECT_FALSE(rest->empty());
  EXPECT_TRUE(initiator.is_complete());
}

}  // namespace
}  // namespace canary::network
