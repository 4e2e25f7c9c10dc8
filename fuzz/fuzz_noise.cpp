// libp2p Noise's inputs from the network: the handshake messages a responder or an initiator
// reads, the NoiseHandshakePayload inside them, and the transport frames after. Every input gives
// an error or progress, never a crash; nothing unauthenticated comes out; and honest frames
// round-trip whatever the chunking.
//
// The first byte picks the target, the second the size of the chunks bytes are fed in:
//   0  a responder fed raw bytes (message 1, message 3, then transport frames)
//   1  an honest initiator whose message 3 carries the input as its payload
//   2  an honest responder whose message 2 carries the input as its payload
//   3  a transport decryptor fed raw bytes
//   4  the input encrypted by one transport and decrypted by the other, in chunks
// All keys are fixed (tag 1: initiator, tag 2: responder), so seeds hold complete exchanges.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "network/libp2p/noise_handshake.hpp"
#include "network/libp2p/noise_transport.hpp"

namespace {

using namespace canary;
using namespace canary::network;

NoiseHandshakeKeys fixed_keys(uint8_t tag) {
  NoiseHandshakeKeys keys;
  crypto::ed25519::Seed seed;
  seed.fill(tag);
  keys.identity = crypto::ed25519::keypair_from_seed(seed);
  keys.static_secret.fill(static_cast<uint8_t>(tag + 0x10));
  keys.ephemeral_secret.fill(static_cast<uint8_t>(tag + 0x20));
  return keys;
}

const NoiseHandshakeKeys& initiator_keys() {
  static const NoiseHandshakeKeys keys = fixed_keys(1);
  return keys;
}

const NoiseHandshakeKeys& responder_keys() {
  static const NoiseHandshakeKeys keys = fixed_keys(2);
  return keys;
}

// Built once: each construction signs the static key, too slow to repeat per input.
NoiseHandshake fresh(NoiseRole role) {
  static const NoiseHandshake initiator(NoiseRole::kInitiator, initiator_keys());
  static const NoiseHandshake responder(NoiseRole::kResponder, responder_keys());
  return role == NoiseRole::kInitiator ? initiator : responder;
}

NoiseXXHandshakeState bare_state(NoiseRole role) {
  const NoiseHandshakeKeys& keys =
      role == NoiseRole::kInitiator ? initiator_keys() : responder_keys();
  return NoiseXXHandshakeState(role, NoiseKeypair::from_secret(keys.static_secret),
                               NoiseKeypair::from_secret(keys.ephemeral_secret));
}

Bytes frame(ByteSpan body) {
  Bytes out(kNoiseFrameHeaderSize);
  put_noise_frame_header(out.data(), body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

// A handshake that completed must have authenticated the only identity that can sign here.
void check_completed(NoiseHandshake& handshake, const NoiseHandshakeKeys& remote) {
  if (!handshake.is_complete()) return;
  NoiseHandshakeResult result = handshake.take_result();
  if (result.remote.ed25519_key != remote.identity.public_key) __builtin_trap();
  NoiseTransport transport(result.ciphers);
  Bytes plaintext;
  (void)transport.decrypt(result.unread, plaintext);
}

// Feeds `input` in `chunk`-byte pieces until the handshake fails.
void feed_in_chunks(NoiseHandshake& handshake, ByteSpan input, size_t chunk) {
  for (size_t at = 0; at < input.size(); at += chunk) {
    if (!handshake.feed(input.subspan(at, std::min(chunk, input.size() - at)))) return;
  }
}

void responder_reads_raw_bytes(ByteSpan input, size_t chunk) {
  NoiseHandshake responder = fresh(NoiseRole::kResponder);
  feed_in_chunks(responder, input, chunk);
  check_completed(responder, initiator_keys());
}

void responder_reads_payload(ByteSpan payload) {
  if (payload.size() > 60000) return;
  NoiseHandshake responder = fresh(NoiseRole::kResponder);
  NoiseXXHandshakeState initiator = bare_state(NoiseRole::kInitiator);
  Bytes message1;
  if (!initiator.write_message({}, message1)) __builtin_trap();
  auto message2 = responder.feed(frame(message1));
  if (!message2 || message2->size() < kNoiseFrameHeaderSize) __builtin_trap();
  if (!initiator.read_message(ByteSpan(*message2).subspan(kNoiseFrameHeaderSize))) {
    __builtin_trap();
  }
  Bytes message3;
  if (!initiator.write_message(payload, message3)) __builtin_trap();
  (void)responder.feed(frame(message3));
  check_completed(responder, initiator_keys());
}

void initiator_reads_payload(ByteSpan payload) {
  if (payload.size() > 60000) return;
  NoiseHandshake initiator = fresh(NoiseRole::kInitiator);
  NoiseXXHandshakeState responder = bare_state(NoiseRole::kResponder);
  const Bytes message1 = initiator.start();
  if (!responder.read_message(ByteSpan(message1).subspan(kNoiseFrameHeaderSize))) {
    __builtin_trap();
  }
  Bytes message2;
  if (!responder.write_message(payload, message2)) __builtin_trap();
  auto message3 = initiator.feed(frame(message2));
  // Message 3 reveals the initiator's identity: only after the responder proved its own.
  if (message3 && !message3->empty() && !initiator.is_complete()) __builtin_trap();
  check_completed(initiator, responder_keys());
}

NoiseCipherPair fixed_ciphers(bool reversed) {
  NoiseCipherState::Key a, b;
  a.fill(0xa1);
  b.fill(0xb2);
  if (reversed) return {NoiseCipherState(b), NoiseCipherState(a)};
  return {NoiseCipherState(a), NoiseCipherState(b)};
}

void transport_reads_raw_bytes(ByteSpan input, size_t chunk) {
  NoiseTransport transport(fixed_ciphers(true));
  Bytes plaintext;
  for (size_t at = 0; at < input.size(); at += chunk) {
    const size_t before = plaintext.size();
    auto ok = transport.decrypt(input.subspan(at, std::min(chunk, input.size() - at)), plaintext);
    if (transport.buffered() > kNoiseFrameHeaderSize + kNoiseMaxFrameBody) __builtin_trap();
    if (!ok) {
      // A failed frame adds nothing, and the transport stays failed.
      if (plaintext.size() < before) __builtin_trap();
      const size_t failed_at = plaintext.size();
      if (transport.decrypt(Bytes{0, 16}, plaintext) || plaintext.size() != failed_at) {
        __builtin_trap();
      }
      return;
    }
  }
}

void transport_round_trip(ByteSpan input, size_t chunk) {
  NoiseTransport sender(fixed_ciphers(false));
  NoiseTransport receiver(fixed_ciphers(true));
  // The input is sent as several messages, cut where it holds a zero byte.
  Bytes wire;
  ByteSpan rest = input;
  while (!rest.empty()) {
    const size_t cut = static_cast<size_t>(std::find(rest.begin(), rest.end(), 0) - rest.begin());
    const ByteSpan message = rest.first(std::min(rest.size(), cut + 1));
    if (!sender.encrypt(message, wire)) __builtin_trap();
    rest = rest.subspan(message.size());
  }
  Bytes plaintext;
  for (size_t at = 0; at < wire.size(); at += chunk) {
    if (!receiver.decrypt(ByteSpan(wire).subspan(at, std::min(chunk, wire.size() - at)),
                          plaintext)) {
      __builtin_trap();
    }
  }
  if (receiver.buffered() != 0) __builtin_trap();
  if (!std::equal(plaintext.begin(), plaintext.end(), input.begin(), input.end())) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 2) return 0;
  const uint8_t target = bytes[0];
  const size_t chunk = static_cast<size_t>(bytes[1]) * 7 + 1;  // 1 to 1786 bytes
  const ByteSpan input(bytes + 2, size - 2);
  switch (target % 5) {
    case 0:
      responder_reads_raw_bytes(input, chunk);
      break;
    case 1:
      responder_reads_payload(input);
      break;
    case 2:
      initiator_reads_payload(input);
      break;
    case 3:
      transport_reads_raw_bytes(input, chunk);
      break;
    default:
      transport_round_trip(input, chunk);
      break;
  }
  return 0;
}
