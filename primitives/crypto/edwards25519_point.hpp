// Points of edwards25519, -x^2 + y^2 = 1 + d x^2 y^2 with d = -121665/121666 (RFC 8032 §5.1), in
// extended twisted-Edwards coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x y = T/Z (Hisil-Wong-Carter-
// Dawson 2008, "Twisted Edwards curves revisited"). The a = -1 formulas are complete on this
// curve because d is not a square, so there are no special cases (identity, doubling, torsion).
//
// Shared by the Ed25519 ZIP-215 verifier and ristretto255 (sr25519 verification). Variable time:
// public data only.
#pragma once

#include <span>

#include "primitives/crypto/curve25519_field.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::crypto::edwards25519 {

using curve25519::Fe;

// Coordinates are tight field elements (curve25519_field.hpp), as every function here returns.
struct Point {
  Fe x, y, z, t;
};

inline constexpr Point kIdentity{Fe{}, curve25519::fe_from_u64(1), curve25519::fe_from_u64(1),
                                 Fe{}};

// The base point B of RFC 8032 §5.1 (y = 4/5, x positive), which is also the ristretto255
// generator.
const Point& base_point();

Point add(const Point& p, const Point& q);
Point sub(const Point& p, const Point& q);
Point dbl(const Point& p);
Point neg(const Point& p);

// The Edwards identity (0, 1) itself, not its ristretto255 coset.
bool is_identity(const Point& p);

// RFC 8032 §5.1.2 encoding (canonical y, sign of x in bit 255).
ByteArray<32> compress(const Point& p);

// [a]P + [b]B for 256-bit little-endian scalars a, b (any value; no reduction needed), by Straus'
// interleaved double-and-add with width-5 NAF for P and width-8 NAF over a precomputed table of
// odd multiples of B.
Point double_scalar_mul_base(const ByteArray<32>& a, const Point& p, const ByteArray<32>& b);

// [a]P + [b]Q, both points variable (width-5 NAF each).
Point double_scalar_mul(const ByteArray<32>& a, const Point& p, const ByteArray<32>& b,
                        const Point& q);

// [a]P + [b]Q + [c]B. c is split into 128-bit halves over precomputed tables of B and 2^128 B,
// so when a and b are below 2^128 (scalar25519::short_multiple) only 128 doublings are needed.
// Correct for any scalars.
Point triple_scalar_mul_base(const ByteArray<32>& a, const Point& p, const ByteArray<32>& b,
                             const Point& q, const ByteArray<32>& c);

// [s_0]P_0 + ... + [s_(n-1)]P_(n-1) for 256-bit little-endian scalars (any value), by Pippenger's
// bucket method with signed digits: per window of c bits, each point is added once into the
// bucket of its digit, and the buckets are summed with about 2^c additions; c grows with n, so a
// point costs roughly 256 / c additions instead of the ~50 of a Straus term (batch verification
// of thousands of signatures). `scalars` and `points` have the same size.
Point multi_scalar_mul(std::span<const ByteArray<32>> scalars, std::span<const Point> points);

}  // namespace canary::crypto::edwards25519
