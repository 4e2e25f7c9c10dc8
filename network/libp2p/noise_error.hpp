// Why a Noise handshake or a Noise transport stopped. Every error is final: the state machine that
// returned it refuses further input, and the connection must be closed (libp2p specs, noise).
#pragma once

#include <cstdint>
#include <string_view>

namespace canary::network {

enum class NoiseError : uint8_t {
  // Cipher: the 2^64-1 nonce is reserved, so a cipher that reached it may not be used again.
  kNonceExhausted,
  // Cipher: the AEAD tag did not match (tampered, reordered, replayed or wrongly keyed bytes).
  kAuthenticationFailed,
  // Handshake: a remote X25519 key of small order (the Diffie-Hellman result is all zeros).
  kLowOrderKey,
  // Handshake: a message shorter than its keys and tags.
  kMessageTooShort,
  // Handshake: a message, or a payload that would make one, over the 65535-byte Noise limit.
  kMessageTooLarge,
  // Handshake: message 1 carries bytes after the initiator's ephemeral key.
  kUnexpectedPayload,
  // Handshake: a message read or written out of the XX pattern's turn (a caller's mistake).
  kOutOfTurn,
  // libp2p payload: not a NoiseHandshakePayload protobuf.
  kPayloadMalformed,
  // libp2p payload: identity_key is not a PublicKey protobuf, or its ed25519 key is not 32 bytes.
  kIdentityKeyMalformed,
  // libp2p payload: an identity key other than ed25519 (Polkadot nodes only use ed25519).
  kUnsupportedKeyType,
  // libp2p payload: identity_sig does not sign "noise-libp2p-static-key:" ++ the static key.
  kBadIdentitySignature,
  // Transport: a frame shorter than the 16-byte authentication tag.
  kFrameTooShort,
};

std::string_view to_string(NoiseError error);

}  // namespace canary::network
