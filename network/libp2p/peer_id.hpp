// A libp2p PeerId (libp2p specs, peer-ids): the multihash of the peer's public key in libp2p's
// PublicKey protobuf envelope. Encodings of at most 42 bytes are inlined with the identity
// multihash (0x00 ‖ length ‖ encoding): every ed25519 key, so a Polkadot PeerId carries its key
// and reads "12D3KooW…" in base58btc. Longer encodings (RSA, ECDSA) are hashed with sha2-256
// (0x12 0x20 ‖ digest, "Qm…").
//
// Accepted on parsing, as rust-libp2p (libp2p-identity) does: identity multihashes of at most 42
// bytes whatever their digest holds (a secp256k1 key is 37), and sha2-256 multihashes, which we
// additionally require to carry a 32-byte digest. The text form is the base58btc multihash only;
// the CIDv1 form ("bafz…") that the spec also allows is not used by Polkadot and not parsed.
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

namespace proto {
class PublicKey;
}

enum class PeerIdError : uint8_t {
  kInvalidBase58,     // a character outside the base58btc alphabet
  kInvalidMultihash,  // a bad varint, or a length that does not match the digest that follows
  kUnsupportedHash,   // neither identity (≤ 42 bytes) nor sha2-256 (32 bytes)
};

const char* to_string(PeerIdError e);

class PeerId {
 public:
  // The longest key encoding inlined with the identity multihash.
  static constexpr size_t kMaxInlineKeyLength = 42;
  // The longest PeerId text this parser looks at: an identity multihash of 44 bytes takes at most
  // 61 base58 characters. Longer text is refused before the (quadratic) base58 decoding.
  static constexpr size_t kMaxTextLength = 128;

  static PeerId from_ed25519(const crypto::ed25519::PublicKey& key);
  // Hashes the canonical encoding of {key.Type, key.Data} (unknown fields dropped), as
  // rust-libp2p re-encodes a decoded key: a key received in a non-canonical encoding still maps
  // to the PeerId its owner computes.
  static PeerId from_public_key(const proto::PublicKey& key);

  // The multihash bytes, as multiaddr's /p2p and Kademlia carry them.
  static Result<PeerId, PeerIdError> from_bytes(ByteSpan multihash);
  static Result<PeerId, PeerIdError> from_base58(std::string_view text);

  const Bytes& bytes() const { return multihash_; }
  std::string to_base58() const;

  // The key of an identity multihash whose digest is exactly the canonical ed25519 envelope
  // (08 01 12 20 ‖ key); nullopt for hashed PeerIds and for other key types.
  std::optional<crypto::ed25519::PublicKey> ed25519_public_key() const;

  friend bool operator==(const PeerId&, const PeerId&) = default;
  friend std::strong_ordering operator<=>(const PeerId&, const PeerId&) = default;

 private:
  explicit PeerId(Bytes multihash) : multihash_(std::move(multihash)) {}

  Bytes multihash_;  // always a valid multihash of a supported kind
};

}  // namespace canary::network

// PeerIds key the peer tables.
template <>
struct std::hash<canary::network::PeerId> {
  size_t operator()(const canary::network::PeerId& id) const noexcept;
};
