// RFC 9496 §4.3 with a = -1 and d the edwards25519 constant, written from the specification's
// formulas. CT_SELECT / CT_NEG / CT_ABS become ordinary branches: all inputs are public.
#include "primitives/crypto/ristretto255.hpp"

#include <cstddef>

namespace canary::crypto::ristretto255 {
namespace {

using namespace curve25519;

constexpr Fe kOne = fe_from_u64(1);

// INVSQRT_A_MINUS_D = 1 / sqrt(a - d) with a = -1, the non-negative root (RFC 9496 §4.1).
constexpr Fe kInvSqrtAMinusD = fe_sqrt_ratio_m1(kOne, fe_sub(fe_neg(kOne), kEdwardsD)).root;

// The other constants of RFC 9496 §4.1, derived from d and checked against the RFC's decimal
// values (little-endian below). SQRT_AD_MINUS_ONE = sqrt(a d - 1) is the RFC's root, the
// negative (odd) one: the other would map every input to the negated point.
constexpr Fe kOneMinusDSq = fe_sub(kOne, fe_sq(kEdwardsD));
constexpr Fe kDMinusOneSq = fe_sq(fe_sub(kEdwardsD, kOne));
constexpr Fe kSqrtAdMinusOne = fe_neg(fe_sqrt_ratio_m1(fe_sub(fe_neg(kEdwardsD), kOne), kOne).root);

constexpr bool encodes_to(const Fe& a, const char* hex) {
  constexpr auto nibble = [](char c) {
    return static_cast<uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  };
  const ByteArray<32> bytes = fe_to_bytes(a);
  for (size_t i = 0; i < 32; ++i) {
    if (bytes[i] != ((nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]))) return false;
  }
  return true;
}
// 1159843021668779879193775521855586647937357759715417654439879720876111806838
static_assert(encodes_to(kOneMinusDSq,
                         "76c15f94c1097ce20f355ecd38a1812ce4df70beddab9499d7e0b3b2a8729002"));
// 40440834346308536858101042469323190826248399146238708352240133220865137265952
static_assert(encodes_to(kDMinusOneSq,
                         "204ded44aa5aad3199191eb02c4a9ed2eb4e9b522fd3dc4c41226cf67ab36859"));
// 25063068953384623474111414158702152701244531502492656460079210482610430750235
static_assert(encodes_to(kSqrtAdMinusOne,
                         "1b2e7b49a0f6977ebd54781b0c8e9daffdd1f531c9fc3c0fac48832bbf316937"));

// RFC 9496 §4.3.4 MAP(t) for 32 bytes; fe_from_bytes drops bit 255 and keeps a value in
// [p, 2^255) as an unreduced representative, which is the "reduce mod p" of the RFC. The result
// (W0 W3 : W2 W1 : W1 W3 : W0 W2) are the extended coordinates of the completed point
// (W0 : W1, W2 : W3), as curve25519-dalek's elligator_ristretto_flavor returns it.
Point map(const uint8_t* half) {
  ByteArray<32> bytes{};
  for (size_t i = 0; i < 32; ++i) bytes[i] = half[i];
  const Fe t = fe_from_bytes(bytes);
  const Fe r = fe_mul(kSqrtM1, fe_sq(t));
  const Fe u = fe_mul(fe_add(r, kOne), kOneMinusDSq);
  const Fe v = fe_mul(fe_sub(fe_neg(kOne), fe_mul(r, kEdwardsD)), fe_add(r, kEdwardsD));
  const SqrtRatio sqrt = fe_sqrt_ratio_m1(u, v);
  Fe s = sqrt.root;
  Fe c = fe_neg(kOne);
  if (!sqrt.was_square) {
    s = fe_neg(fe_abs(fe_mul(s, t)));
    c = r;
  }
  const Fe n = fe_sub(fe_mul(fe_mul(c, fe_sub(r, kOne)), kDMinusOneSq), v);
  const Fe ss = fe_sq(s);
  const Fe w0 = fe_mul(fe_add(s, s), v);
  const Fe w1 = fe_mul(n, kSqrtAdMinusOne);
  const Fe w2 = fe_sub(kOne, ss);
  const Fe w3 = fe_add(kOne, ss);  // loose: only multiplied
  return Point{fe_mul(w0, w3), fe_mul(w2, w1), fe_mul(w1, w3), fe_mul(w0, w2)};
}

}  // namespace

std::optional<Point> decode(const ByteArray<32>& encoding) {
  // 1. s < p (the re-encoding of a canonical value is the input itself; bit 255 set or a value
  //    in [p, 2^255) both re-encode differently). 2. s must not be negative.
  const Fe s = fe_from_bytes(encoding);
  if (fe_to_bytes(s) != encoding) return std::nullopt;
  if ((encoding[0] & 1) != 0) return std::nullopt;
  // 3.
  const Fe ss = fe_sq(s);
  const Fe u1 = fe_sub(kOne, ss);
  const Fe u2 = fe_add(kOne, ss);  // loose
  const Fe u2_sqr = fe_sq(u2);
  const Fe v = fe_sub(fe_neg(fe_mul(kEdwardsD, fe_sq(u1))), u2_sqr);  // -(D u1^2) - u2^2
  const SqrtRatio invsqrt = fe_sqrt_ratio_m1(kOne, fe_mul(v, u2_sqr));
  const Fe den_x = fe_mul(invsqrt.root, u2);
  const Fe den_y = fe_mul(fe_mul(invsqrt.root, den_x), v);
  const Fe x = fe_abs(fe_mul(fe_add(s, s), den_x));
  const Fe y = fe_mul(u1, den_y);
  const Fe t = fe_mul(x, y);
  // 4.
  if (!invsqrt.was_square || fe_is_negative(t) || fe_is_zero(y)) return std::nullopt;
  return Point{x, y, kOne, t};
}

ByteArray<32> encode(const Point& p) {
  const Fe u1 = fe_mul(fe_add(p.z, p.y), fe_sub(p.z, p.y));
  const Fe u2 = fe_mul(p.x, p.y);
  // u1 u2^2 is always a square here (P is on the curve), so was_square is ignored.
  const Fe invsqrt = fe_sqrt_ratio_m1(kOne, fe_mul(u1, fe_sq(u2))).root;
  const Fe den1 = fe_mul(invsqrt, u1);
  const Fe den2 = fe_mul(invsqrt, u2);
  const Fe z_inv = fe_mul(fe_mul(den1, den2), p.t);
  const bool rotate = fe_is_negative(fe_mul(p.t, z_inv));
  Fe x = p.x, y = p.y, den_inv = den2;
  if (rotate) {
    x = fe_mul(p.y, kSqrtM1);  // iY0
    y = fe_mul(p.x, kSqrtM1);  // iX0
    den_inv = fe_mul(den1, kInvSqrtAMinusD);
  }
  if (fe_is_negative(fe_mul(x, z_inv))) y = fe_neg(y);
  return fe_to_bytes(fe_abs(fe_mul(den_inv, fe_sub(p.z, y))));
}

bool equal(const Point& p, const Point& q) {
  return fe_equal(fe_mul(p.x, q.y), fe_mul(p.y, q.x)) ||
         fe_equal(fe_mul(p.y, q.y), fe_mul(p.x, q.x));
}

bool is_identity(const Point& p) {
  return fe_is_zero(p.x) || fe_is_zero(p.y);
}

Point from_uniform_bytes(const ByteArray<64>& bytes) {
  return edwards25519::add(map(bytes.data()), map(bytes.data() + 32));
}

}  // namespace canary::crypto::ristretto255
