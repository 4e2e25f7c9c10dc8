// ristretto255 (RFC 9496 §4) on our edwards25519 arithmetic: decoding with every validity check,
// encoding, equality of group elements, and the element derivation (hash-to-group) function. A
// ristretto255 element is a coset of the 4-torsion subgroup of edwards25519, represented by any
// point of the coset; the group law is the Edwards one (edwards25519_point.hpp). Variable time: for
// public data (sr25519 verification) only.
#pragma once

#include <optional>

#include "primitives/crypto/edwards25519_point.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::crypto::ristretto255 {

using edwards25519::Point;

// RFC 9496 §4.3.1 DECODE: nullopt unless the bytes are the canonical encoding (s < p, s
// non-negative) of a group element (was_square, t non-negative, y nonzero).
std::optional<Point> decode(const ByteArray<32>& encoding);

// RFC 9496 §4.3.2 ENCODE: the canonical encoding of the element P represents.
ByteArray<32> encode(const Point& p);

// RFC 9496 §4.3.3 EQUALS: whether P and Q represent the same element (no inversion needed).
bool equal(const Point& p, const Point& q);

// EQUALS(P, identity): X = 0 or Y = 0.
bool is_identity(const Point& p);

// RFC 9496 §4.3.4 element derivation: the Elligator-based one-way MAP of each 32-byte half (bit
// 255 masked, the value reduced mod p), the two points added. What libsodium's
// crypto_core_ristretto255_from_hash and curve25519-dalek's RistrettoPoint::from_uniform_bytes
// compute, the latter under schnorrkel's VRF input hash (PublicKey::vrf_hash).
Point from_uniform_bytes(const ByteArray<64>& bytes);

}  // namespace canary::crypto::ristretto255
