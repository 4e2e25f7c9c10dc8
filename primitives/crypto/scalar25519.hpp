// Scalar helpers mod L = 2^252 + 27742317777372353535851937790883648493 (the order of the
// edwards25519 base point and of ristretto255) for variable-time verification on public data.
#pragma once

#include "primitives/util/bytes.hpp"

namespace canary::crypto::scalar25519 {

// A short multiple of a scalar: u = (negative ? -t : t) * k (mod L) with 0 <= u < 2^127 and
// 0 < t < 2^127, both little-endian. A Schnorr-type check R = s B - k A can then be multiplied
// by ±t and run with two 127-bit scalars instead of one 253-bit one, halving the doublings (the
// lattice-reduction trick of T. Pornin, "Optimized Lattice Basis Reduction in Dimension 2, and
// Fast Schnorr and EdDSA Signature Verification", 2020; found here with the plain extended
// Euclidean algorithm on (L, k), stopped halfway).
struct ShortMultiple {
  ByteArray<32> u;
  ByteArray<32> t;
  bool negative;
};

// Requires k < L (a reduced scalar).
ShortMultiple short_multiple(const ByteArray<32>& k);

}  // namespace canary::crypto::scalar25519
