// Arithmetic in GF(p), p = 2^255 - 19, the field of Curve25519 / edwards25519, shared by the
// Ed25519 ZIP-215 verifier and the ristretto255 code (sr25519 verification). Variable time: the
// comparisons and encodings branch on values, so only public data (keys, signatures) may pass
// through here; secret-dependent work stays on libsodium.
//
// Elements are five unsigned 51-bit limbs, value = sum v[i] * 2^(51 i), kept only weakly reduced.
// Limb bounds, which every caller must respect:
//  - fe_mul, fe_sq, fe_sub, fe_neg and fe_carry return limbs below 2^52 ("tight");
//  - fe_add does not carry: the sum of two tight elements has limbs below 2^53 ("loose");
//  - fe_mul and fe_sq accept limbs below 2^54, fe_sub accepts a minuend below 2^54 and a
//    subtrahend below 2^54 (it adds 16 p first), so a loose value, or a loose plus a tight one,
//    can feed any of them directly. With 2^54-bounded inputs the widest column of a product stays
//    below 2^116, far from the 128-bit accumulator limit.
// Everything is constexpr, so curve constants are derived from their definitions at compile time.
#pragma once

#include <array>
#include <cstdint>

#include "primitives/util/bytes.hpp"

// The product and the square are inlined everywhere on the host, where sr25519 verification
// wants the speed. On wasm32 (the runtime: one VRF randomness per block) they stay calls: there
// every 64×64-bit product is a __multi3 call, and an inlined fe_mul is ~0.7 KiB of code.
#if defined(__wasm32__)
#define CANARY_FE_MUL_INLINE [[gnu::noinline]]
#else
#define CANARY_FE_MUL_INLINE [[gnu::always_inline]]
#endif

namespace canary::crypto::curve25519 {

struct Fe {
  std::array<uint64_t, 5> v{};
};

namespace fe_detail {

using u64 = uint64_t;
using u128 = unsigned __int128;

inline constexpr u64 kMask51 = (u64{1} << 51) - 1;

constexpr u128 m(u64 x, u64 y) {
  return static_cast<u128>(x) * y;
}

constexpr u64 load64_le(const uint8_t* p) {
  u64 r = 0;
  for (int i = 7; i >= 0; --i) r = (r << 8) | p[i];
  return r;
}

constexpr void store64_le(uint8_t* p, u64 x) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(x >> (8 * i));
}

// Carries five 128-bit column sums into tight limbs; the carry out of the top limb wraps around
// times 19 because 2^255 = 19 mod p. With inputs below 2^54 every column is below 2^114.3 and the
// top one (no factor 19) below 2^110.3, so all carries fit 64 bits and 19 times the top carry
// does too. The carries are taken in parallel, twice, rather than rippled through the columns:
// the second pass leaves every limb below 2^51 + 2^18.
[[gnu::always_inline]] constexpr Fe reduce_wide(u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  const u64 c0 = static_cast<u64>(r0 >> 51), c1 = static_cast<u64>(r1 >> 51),
            c2 = static_cast<u64>(r2 >> 51), c3 = static_cast<u64>(r3 >> 51),
            c4 = static_cast<u64>(r4 >> 51);
  u64 l0 = (static_cast<u64>(r0) & kMask51) + 19 * c4;
  u64 l1 = (static_cast<u64>(r1) & kMask51) + c0;
  u64 l2 = (static_cast<u64>(r2) & kMask51) + c1;
  u64 l3 = (static_cast<u64>(r3) & kMask51) + c2;
  u64 l4 = (static_cast<u64>(r4) & kMask51) + c3;
  const u64 d0 = l0 >> 51, d1 = l1 >> 51, d2 = l2 >> 51, d3 = l3 >> 51, d4 = l4 >> 51;
  Fe out;
  out.v[0] = (l0 & kMask51) + 19 * d4;
  out.v[1] = (l1 & kMask51) + d0;
  out.v[2] = (l2 & kMask51) + d1;
  out.v[3] = (l3 & kMask51) + d2;
  out.v[4] = (l4 & kMask51) + d3;
  return out;
}

}  // namespace fe_detail

constexpr Fe fe_from_u64(uint64_t x) {
  Fe r;
  r.v[0] = x & fe_detail::kMask51;
  r.v[1] = x >> 51;
  return r;
}

// Reads bits 0..254 and ignores bit 255. Values in [p, 2^255) are kept as they are: valid,
// unreduced representatives of the value minus p (callers that need canonical input compare the
// re-encoding with the input).
constexpr Fe fe_from_bytes(const ByteArray<32>& s) {
  using fe_detail::kMask51;
  using fe_detail::load64_le;
  const uint64_t w0 = load64_le(s.data()), w1 = load64_le(s.data() + 8),
                 w2 = load64_le(s.data() + 16), w3 = load64_le(s.data() + 24);
  Fe r;
  r.v[0] = w0 & kMask51;
  r.v[1] = ((w0 >> 51) | (w1 << 13)) & kMask51;
  r.v[2] = ((w1 >> 38) | (w2 << 26)) & kMask51;
  r.v[3] = ((w2 >> 25) | (w3 << 39)) & kMask51;
  r.v[4] = (w3 >> 12) & kMask51;
  return r;
}

// One carry pass, the five carries taken in parallel: any limbs below 2^64 become tight (below
// 2^51 + 2^18).
constexpr Fe fe_carry(const Fe& a) {
  using fe_detail::kMask51;
  const uint64_t c0 = a.v[0] >> 51, c1 = a.v[1] >> 51, c2 = a.v[2] >> 51, c3 = a.v[3] >> 51,
                 c4 = a.v[4] >> 51;
  Fe r;
  r.v[0] = (a.v[0] & kMask51) + 19 * c4;
  r.v[1] = (a.v[1] & kMask51) + c0;
  r.v[2] = (a.v[2] & kMask51) + c1;
  r.v[3] = (a.v[3] & kMask51) + c2;
  r.v[4] = (a.v[4] & kMask51) + c3;
  return r;
}

// No carry (see the bounds above).
constexpr Fe fe_add(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + b.v[i];
  return r;
}

// a - b as a + 16 p - b, so that no limb goes negative, then one carry pass.
constexpr Fe fe_sub(const Fe& a, const Fe& b) {
  constexpr uint64_t k16p0 = 16 * ((uint64_t{1} << 51) - 19);
  constexpr uint64_t k16pi = 16 * ((uint64_t{1} << 51) - 1);
  Fe r;
  r.v[0] = a.v[0] + k16p0 - b.v[0];
  for (int i = 1; i < 5; ++i) r.v[i] = a.v[i] + k16pi - b.v[i];
  return fe_carry(r);
}

constexpr Fe fe_neg(const Fe& a) {
  return fe_sub(Fe{}, a);
}

// Schoolbook product; the terms whose weight reaches 2^255 are folded back times 19.
CANARY_FE_MUL_INLINE constexpr Fe fe_mul(const Fe& a, const Fe& b) {
  using fe_detail::m;
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  const uint64_t b1_19 = 19 * b1, b2_19 = 19 * b2, b3_19 = 19 * b3, b4_19 = 19 * b4;
  return fe_detail::reduce_wide(
      m(a0, b0) + m(a1, b4_19) + m(a2, b3_19) + m(a3, b2_19) + m(a4, b1_19),
      m(a0, b1) + m(a1, b0) + m(a2, b4_19) + m(a3, b3_19) + m(a4, b2_19),
      m(a0, b2) + m(a1, b1) + m(a2, b0) + m(a3, b4_19) + m(a4, b3_19),
      m(a0, b3) + m(a1, b2) + m(a2, b1) + m(a3, b0) + m(a4, b4_19),
      m(a0, b4) + m(a1, b3) + m(a2, b2) + m(a3, b1) + m(a4, b0));
}

// fe_mul(a, a) with the symmetric cross products merged (15 instead of 25 multiplications).
CANARY_FE_MUL_INLINE constexpr Fe fe_sq(const Fe& a) {
  using fe_detail::m;
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t a0_2 = 2 * a0, a1_2 = 2 * a1, a2_2 = 2 * a2, a3_2 = 2 * a3;
  const uint64_t a3_19 = 19 * a3, a4_19 = 19 * a4;
  return fe_detail::reduce_wide(
      m(a0, a0) + m(a1_2, a4_19) + m(a2_2, a3_19), m(a0_2, a1) + m(a3, a3_19) + m(a2_2, a4_19),
      m(a0_2, a2) + m(a1, a1) + m(a3_2, a4_19), m(a0_2, a3) + m(a1_2, a2) + m(a4, a4_19),
      m(a0_2, a4) + m(a1_2, a3) + m(a2, a2));
}

// a^(2^n).
constexpr Fe fe_sq_n(Fe a, int n) {
  for (int i = 0; i < n; ++i) a = fe_sq(a);
  return a;
}

// Canonical little-endian encoding of the value reduced into [0, p).
constexpr ByteArray<32> fe_to_bytes(const Fe& a) {
  using fe_detail::kMask51;
  // Two rippled carry passes: limbs 1..4 below 2^51, limb 0 below 2^51 + 19.
  Fe h = a;
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 4; ++i) {
      h.v[i + 1] += h.v[i] >> 51;
      h.v[i] &= kMask51;
    }
    h.v[0] += 19 * (h.v[4] >> 51);
    h.v[4] &= kMask51;
  }
  // q = 1 iff h >= p, i.e. iff h + 19 reaches 2^255.
  uint64_t q = (h.v[0] + 19) >> 51;
  q = (h.v[1] + q) >> 51;
  q = (h.v[2] + q) >> 51;
  q = (h.v[3] + q) >> 51;
  q = (h.v[4] + q) >> 51;
  h.v[0] += 19 * q;  // adding 19 q and dropping bit 255 subtracts p q
  for (int i = 0; i < 4; ++i) {
    h.v[i + 1] += h.v[i] >> 51;
    h.v[i] &= kMask51;
  }
  h.v[4] &= kMask51;
  ByteArray<32> out{};
  fe_detail::store64_le(out.data(), h.v[0] | (h.v[1] << 51));
  fe_detail::store64_le(out.data() + 8, (h.v[1] >> 13) | (h.v[2] << 38));
  fe_detail::store64_le(out.data() + 16, (h.v[2] >> 26) | (h.v[3] << 25));
  fe_detail::store64_le(out.data() + 24, (h.v[3] >> 39) | (h.v[4] << 12));
  return out;
}

constexpr bool fe_is_zero(const Fe& a) {
  const ByteArray<32> b = fe_to_bytes(a);
  uint8_t acc = 0;
  for (uint8_t x : b) acc |= x;
  return acc == 0;
}

constexpr bool fe_equal(const Fe& a, const Fe& b) {
  return fe_is_zero(fe_sub(a, b));
}

// RFC 8032 §5.1.2 / RFC 9496 IS_NEGATIVE: the canonical encoding is odd.
constexpr bool fe_is_negative(const Fe& a) {
  return (fe_to_bytes(a)[0] & 1) != 0;
}

// RFC 9496 CT_ABS (here variable time): the non-negative one of a and -a.
constexpr Fe fe_abs(const Fe& a) {
  return fe_is_negative(a) ? fe_neg(a) : a;
}

namespace fe_detail {

// z^(2^250 - 1) and z^11, the common prefix of the addition chains for p - 2 and (p - 5) / 8.
constexpr void pow_2_250_1(const Fe& z, Fe& z_250_1, Fe& z11) {
  const Fe z2 = fe_sq(z);
  const Fe z9 = fe_mul(fe_sq_n(z2, 2), z);
  z11 = fe_mul(z9, z2);
  const Fe z_5_0 = fe_mul(fe_sq(z11), z9);  // z^(2^5 - 1)
  const Fe z_10_0 = fe_mul(fe_sq_n(z_5_0, 5), z_5_0);
  const Fe z_20_0 = fe_mul(fe_sq_n(z_10_0, 10), z_10_0);
  const Fe z_40_0 = fe_mul(fe_sq_n(z_20_0, 20), z_20_0);
  const Fe z_50_0 = fe_mul(fe_sq_n(z_40_0, 10), z_10_0);
  const Fe z_100_0 = fe_mul(fe_sq_n(z_50_0, 50), z_50_0);
  const Fe z_200_0 = fe_mul(fe_sq_n(z_100_0, 100), z_100_0);
  z_250_1 = fe_mul(fe_sq_n(z_200_0, 50), z_50_0);
}

}  // namespace fe_detail

// z^(p - 2) = z^(2^255 - 21) = z^-1 (Fermat); 0 maps to 0.
constexpr Fe fe_invert(const Fe& z) {
  Fe t, z11;
  fe_detail::pow_2_250_1(z, t, z11);
  return fe_mul(fe_sq_n(t, 5), z11);
}

// z^((p - 5) / 8) = z^(2^252 - 3), the exponent of the square-root-of-a-ratio trick.
constexpr Fe fe_pow_p58(const Fe& z) {
  Fe t, z11;
  fe_detail::pow_2_250_1(z, t, z11);
  return fe_mul(fe_sq_n(t, 2), z);
}

// sqrt(-1) = 2^((p-1)/4): 2 is a non-square mod p (p = 5 mod 8), so 2^((p-1)/2) = -1;
// (p-1)/4 = 2 (p-5)/8 + 1. (This root is the even one, as RFC 9496 §4.1 SQRT_M1.)
inline constexpr Fe kSqrtM1 = fe_mul(fe_sq(fe_pow_p58(fe_from_u64(2))), fe_from_u64(2));

// RFC 9496 §4.2 SQRT_RATIO_M1(u, v):
//   (true, +sqrt(u/v))            if u/v is a non-zero square,
//   (true, 0)                     if u = 0,
//   (false, 0)                    if v = 0 and u != 0,
//   (false, +sqrt(SQRT_M1 * u/v)) otherwise,
// where "+" is the non-negative root.
struct SqrtRatio {
  bool was_square;
  Fe root;
};

constexpr SqrtRatio fe_sqrt_ratio_m1(const Fe& u, const Fe& v) {
  const Fe v3 = fe_mul(fe_sq(v), v);
  const Fe v7 = fe_mul(fe_sq(v3), v);
  Fe r = fe_mul(fe_mul(u, v3), fe_pow_p58(fe_mul(u, v7)));  // candidate (u v^3)(u v^7)^((p-5)/8)
  const Fe check = fe_mul(v, fe_sq(r));
  const Fe neg_u = fe_neg(u);
  const bool correct_sign = fe_equal(check, u);
  const bool flipped_sign = fe_equal(check, neg_u);
  const bool flipped_sign_i = fe_equal(check, fe_mul(neg_u, kSqrtM1));
  if (flipped_sign || flipped_sign_i) r = fe_mul(r, kSqrtM1);
  return {correct_sign || flipped_sign, fe_abs(r)};
}

// The edwards25519 constant d = -121665 / 121666 (RFC 8032 §5.1) and 2 d.
inline constexpr Fe kEdwardsD =
    fe_carry(fe_mul(fe_neg(fe_from_u64(121665)), fe_invert(fe_from_u64(121666))));
inline constexpr Fe kEdwardsD2 = fe_carry(fe_add(kEdwardsD, kEdwardsD));

}  // namespace canary::crypto::curve25519
