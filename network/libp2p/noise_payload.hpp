// libp2p's Noise handshake payload (libp2p specs, noise, "The libp2p Handshake Payload"): messages
// 2 and 3 carry a NoiseHandshakePayload protobuf in which the sender names its libp2p identity key
// and signs its Noise static key with it. That signature is what ties the encrypted channel to a
// PeerId. Only ed25519 identities are accepted: Polkadot nodes use nothing else.
#pragma once

#include <string_view>

#include "network/libp2p/noise_error.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// The signed message is this prefix followed by the 32-byte X25519 static public key.
inline constexpr std::string_view kNoiseStaticKeySignaturePrefix = "noise-libp2p-static-key:";

// Who is at the other end, as proven by a verified payload.
struct NoiseRemoteIdentity {
  crypto::ed25519::PublicKey ed25519_key{};
  // The PublicKey protobuf exactly as received. Honest peers send the canonical encoding
  // (08 01 12 20 ++ key); a PeerId is the identity multihash of that canonical encoding, so derive
  // it from ed25519_key rather than trusting these bytes to be canonical.
  Bytes identity_key;
  // The remote's X25519 static key that the signature covers.
  ByteArray<32> noise_static_key{};
};

// The serialised payload this node sends: its identity key and the signature over its static key.
Bytes encode_noise_handshake_payload(const crypto::ed25519::Keypair& identity,
                                     const ByteArray<32>& noise_static_key);

// Decodes a remote payload and checks that its identity key signs the remote's static key.
// Extensions (stream muxers, WebTransport hashes) are ignored: nothing in Polkadot uses them.
Result<NoiseRemoteIdentity, NoiseError> verify_noise_handshake_payload(
    ByteSpan payload, const ByteArray<32>& remote_noise_static_key);

}  // namespace canary::network
