// Ed25519 verification under the ZIP-215 rules, the acceptance rules of ed25519-zebra, which
// Substrate's sp-core (and hence every Polkadot runtime's `ext_crypto_ed25519_verify`) uses:
//  - A and R must decode to curve points; non-canonical encodings (y >= p, or x = 0 with the sign
//    bit set) and points of small order are accepted;
//  - s must be canonical (s < L);
//  - the cofactored equation [8]([s]B - R - [k]A) = identity must hold, where
//    k = SHA-512(R_bytes || A_bytes || M) mod L over the encodings exactly as given.
// References: zcash/zips zip-0215.rst; ZcashFoundation/ed25519-zebra src/verification_key.rs.
//
// This is the slow path on our own arithmetic (curve25519_field.hpp, edwards25519_point.hpp;
// variable time: all inputs are public). `ed25519::verify` only reaches it when libsodium's
// stricter verifier has rejected.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::crypto::ed25519 {

// Full ZIP-215 verification, without the libsodium fast path.
bool verify_zip215(const ByteArray<64>& signature, ByteSpan message,
                   const ByteArray<32>& public_key);

// Decodes a point encoding under the ZIP-215 rules and re-encodes it canonically; nullopt when the
// bytes are not the encoding of a curve point. (y + p encodes the same point as y; x = 0 with the
// sign bit set encodes the same point as with it clear.)
std::optional<ByteArray<32>> zip215_canonical_point(const ByteArray<32>& encoding);

}  // namespace canary::crypto::ed25519
