// RFC 9496 §4.3 with a = -1 and d the edwards25519 constant, written from the specification's
// formulas. CT_SELECT / CT_NEG / CT_ABS become ordinary branches: all inputs are public.
#include "primitives/crypto/ristretto255.hpp"

namespace canary::crypto::ristretto255 {
namespace {

using namespace curve25519;

constexpr Fe kOne = fe_from_u64(1);

// INVSQRT_A_MINUS_D = 1 / sqrt(a - d) with a = -1, the non-negative root (RFC 9496 §4.1).
constexpr Fe kInvSqrtAMinusD = fe_sqrt_ratio_m1(kOne, fe_sub(fe_neg(kOne), kEdwardsD)).root;

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

}  // namespace canary::crypto::ristretto255
