// ZIP-215 Ed25519 verification on our own arithmetic. Everything here handles public data only
// (keys, signatures, messages), so it is written for clarity and uses variable-time algorithms.
//
// Field: GF(p), p = 2^255 - 19, elements as five 51-bit limbs (value = sum v[i] * 2^(51 i)).
// Curve: -x^2 + y^2 = 1 + d x^2 y^2 with d = -121665/121666 (RFC 8032 §5.1), points in extended
// twisted-Edwards coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x y = T/Z (Hisil-Wong-Carter-Dawson
// 2008, "Twisted Edwards curves revisited"). The a = -1 formulas used below are complete on
// Ed25519 because d is not a square, so no special cases (identity, doubling, small order) exist.
#include "primitives/crypto/ed25519_zip215.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace canary::crypto::ed25519 {
namespace {

using u64 = uint64_t;
using u128 = unsigned __int128;

constexpr u64 kMask51 = (u64{1} << 51) - 1;

// ---------------------------------------------------------------------------------------------
// Field arithmetic. Invariant: every function returns limbs below 2^52 ("weakly reduced"), which
// keeps all products and sums of the next operation far from the 128-bit accumulator limit.

struct Fe {
  std::array<u64, 5> v{};
};

u64 load64_le(const uint8_t* p) {
  u64 r = 0;
  for (int i = 7; i >= 0; --i) r = (r << 8) | p[i];
  return r;
}

void store64_le(uint8_t* p, u64 x) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(x >> (8 * i));
}

Fe fe_from_u64(u64 x) {
  Fe r;
  r.v[0] = x & kMask51;
  r.v[1] = x >> 51;
  return r;
}

// Reads bits 0..254 and ignores bit 255 (the sign of x in a point encoding). Values in [p, 2^255)
// are kept as they are: they are valid, unreduced representatives of y - p, which is exactly what
// ZIP-215 asks for non-canonical y.
Fe fe_from_bytes(const uint8_t s[32]) {
  const u64 w0 = load64_le(s), w1 = load64_le(s + 8), w2 = load64_le(s + 16),
            w3 = load64_le(s + 24);
  Fe r;
  r.v[0] = w0 & kMask51;
  r.v[1] = ((w0 >> 51) | (w1 << 13)) & kMask51;
  r.v[2] = ((w1 >> 38) | (w2 << 26)) & kMask51;
  r.v[3] = ((w2 >> 25) | (w3 << 39)) & kMask51;
  r.v[4] = (w3 >> 12) & kMask51;
  return r;
}

// One carry pass; the carry out of the top limb wraps around times 19 because 2^255 = 19 (mod p).
Fe fe_carry(Fe a) {
  u64 c;
  c = a.v[0] >> 51, a.v[0] &= kMask51, a.v[1] += c;
  c = a.v[1] >> 51, a.v[1] &= kMask51, a.v[2] += c;
  c = a.v[2] >> 51, a.v[2] &= kMask51, a.v[3] += c;
  c = a.v[3] >> 51, a.v[3] &= kMask51, a.v[4] += c;
  c = a.v[4] >> 51, a.v[4] &= kMask51, a.v[0] += 19 * c;
  return a;
}

Fe fe_add(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + b.v[i];
  return fe_carry(r);
}

// a - b computed as a + 16p - b so that no limb goes negative (b's limbs are below 2^52 < 16p's).
Fe fe_sub(const Fe& a, const Fe& b) {
  constexpr u64 k16p0 = 16 * ((u64{1} << 51) - 19);
  constexpr u64 k16pi = 16 * ((u64{1} << 51) - 1);
  Fe r;
  r.v[0] = a.v[0] + k16p0 - b.v[0];
  for (int i = 1; i < 5; ++i) r.v[i] = a.v[i] + k16pi - b.v[i];
  return fe_carry(r);
}

Fe fe_neg(const Fe& a) {
  return fe_sub(Fe{}, a);
}

// Carries five 128-bit column sums into weakly reduced limbs (the top carry wraps times 19).
Fe fe_reduce_wide(u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  r1 += r0 >> 51;
  r2 += r1 >> 51;
  r3 += r2 >> 51;
  r4 += r3 >> 51;
  Fe out;
  out.v[1] = static_cast<u64>(r1) & kMask51;
  out.v[2] = static_cast<u64>(r2) & kMask51;
  out.v[3] = static_cast<u64>(r3) & kMask51;
  out.v[4] = static_cast<u64>(r4) & kMask51;
  const u128 low = static_cast<u128>(static_cast<u64>(r0) & kMask51) + (r4 >> 51) * 19;
  out.v[0] = static_cast<u64>(low) & kMask51;
  out.v[1] += static_cast<u64>(low >> 51);
  return out;
}

u128 m(u64 x, u64 y) {
  return static_cast<u128>(x) * y;
}

// Schoolbook product; the terms whose weight reaches 2^255 are folded back times 19.
Fe fe_mul(const Fe& a, const Fe& b) {
  const u64 b1_19 = 19 * b.v[1], b2_19 = 19 * b.v[2], b3_19 = 19 * b.v[3], b4_19 = 19 * b.v[4];
  return fe_reduce_wide(
      m(a.v[0], b.v[0]) + m(a.v[1], b4_19) + m(a.v[2], b3_19) + m(a.v[3], b2_19) + m(a.v[4], b1_19),
      m(a.v[0], b.v[1]) + m(a.v[1], b.v[0]) + m(a.v[2], b4_19) + m(a.v[3], b3_19) +
          m(a.v[4], b2_19),
      m(a.v[0], b.v[2]) + m(a.v[1], b.v[1]) + m(a.v[2], b.v[0]) + m(a.v[3], b4_19) +
          m(a.v[4], b3_19),
      m(a.v[0], b.v[3]) + m(a.v[1], b.v[2]) + m(a.v[2], b.v[1]) + m(a.v[3], b.v[0]) +
          m(a.v[4], b4_19),
      m(a.v[0], b.v[4]) + m(a.v[1], b.v[3]) + m(a.v[2], b.v[2]) + m(a.v[3], b.v[1]) +
          m(a.v[4], b.v[0]));
}

// fe_mul(a, a) with the symmetric cross products merged (15 instead of 25 multiplications).
Fe fe_sq(const Fe& a) {
  const u64 a0_2 = 2 * a.v[0], a1_2 = 2 * a.v[1];
  const u64 a3_19 = 19 * a.v[3], a4_19 = 19 * a.v[4];
  return fe_reduce_wide(m(a.v[0], a.v[0]) + m(a1_2, a4_19) + m(2 * a.v[2], a3_19),
                        m(a0_2, a.v[1]) + m(a.v[3], a3_19) + m(2 * a.v[2], a4_19),
                        m(a0_2, a.v[2]) + m(a.v[1], a.v[1]) + m(2 * a.v[3], a4_19),
                        m(a0_2, a.v[3]) + m(a1_2, a.v[2]) + m(a.v[4], a4_19),
                        m(a0_2, a.v[4]) + m(a1_2, a.v[3]) + m(a.v[2], a.v[2]));
}

Fe fe_sq_n(Fe a, int n) {
  for (int i = 0; i < n; ++i) a = fe_sq(a);
  return a;
}

// Canonical little-endian encoding of the value reduced into [0, p).
ByteArray<32> fe_to_bytes(const Fe& a) {
  Fe h = fe_carry(fe_carry(a));  // every limb < 2^51 now, value < 2^255 + small
  // q = 1 iff h >= p, i.e. iff h + 19 overflows 2^255.
  u64 q = (h.v[0] + 19) >> 51;
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
  store64_le(out.data(), h.v[0] | (h.v[1] << 51));
  store64_le(out.data() + 8, (h.v[1] >> 13) | (h.v[2] << 38));
  store64_le(out.data() + 16, (h.v[2] >> 26) | (h.v[3] << 25));
  store64_le(out.data() + 24, (h.v[3] >> 39) | (h.v[4] << 12));
  return out;
}

bool fe_equal(const Fe& a, const Fe& b) {
  return fe_to_bytes(a) == fe_to_bytes(b);
}

bool fe_is_zero(const Fe& a) {
  return fe_to_bytes(a) == ByteArray<32>{};
}

// RFC 8032 §5.1.2: x is "negative" when its canonical encoding is odd.
bool fe_is_negative(const Fe& a) {
  return (fe_to_bytes(a)[0] & 1) != 0;
}

// z^(2^250 - 1) and z^11, the common prefix of the addition chains for p - 2 and (p - 5) / 8.
void fe_pow_2_250_1(const Fe& z, Fe& z_250_1, Fe& z11) {
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

// z^(p - 2) = z^(2^255 - 21) = z^-1 (Fermat).
Fe fe_invert(const Fe& z) {
  Fe t, z11;
  fe_pow_2_250_1(z, t, z11);
  return fe_mul(fe_sq_n(t, 5), z11);
}

// z^((p - 5) / 8) = z^(2^252 - 3), the exponent of the square-root-of-a-ratio trick.
Fe fe_pow_p58(const Fe& z) {
  Fe t, z11;
  fe_pow_2_250_1(z, t, z11);
  return fe_mul(fe_sq_n(t, 2), z);
}

// ---------------------------------------------------------------------------------------------
// Points.

struct Point {
  Fe x, y, z, t;
};

// A point prepared for addition: (Y + X, Y - X, 2 Z, 2 d T).
struct Cached {
  Fe y_plus_x, y_minus_x, z2, t2d;
};

// Odd multiples P, 3P, ..., 15P for width-5 signed digits.
using OddMultiples = std::array<Cached, 8>;

// d, 2d and sqrt(-1), derived once from their definitions rather than typed in as magic limbs.
struct FieldConstants {
  Fe d, d2, sqrt_m1;
};

const FieldConstants& field_constants() {
  static const FieldConstants k = [] {
    FieldConstants c;
    // d = -121665 / 121666 (RFC 8032 §5.1).
    c.d = fe_mul(fe_neg(fe_from_u64(121665)), fe_invert(fe_from_u64(121666)));
    c.d2 = fe_add(c.d, c.d);
    // sqrt(-1) = 2^((p-1)/4): 2 is a non-square mod p (p = 5 mod 8), so 2^((p-1)/2) = -1.
    // (p-1)/4 = 2 (p-5)/8 + 1.
    const Fe two = fe_from_u64(2);
    c.sqrt_m1 = fe_mul(fe_sq(fe_pow_p58(two)), two);
    return c;
  }();
  return k;
}

Point identity() {
  Point p;
  p.y = fe_from_u64(1);
  p.z = fe_from_u64(1);
  return p;
}

Cached to_cached(const Point& p) {
  return {fe_add(p.y, p.x), fe_sub(p.y, p.x), fe_add(p.z, p.z), fe_mul(p.t, field_constants().d2)};
}

// add-2008-hwcd-3 with a = -1; `subtract` adds -Q, which swaps Y+X / Y-X and negates T.
Point add(const Point& p, const Cached& q, bool subtract = false) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), subtract ? q.y_plus_x : q.y_minus_x);
  const Fe b = fe_mul(fe_add(p.y, p.x), subtract ? q.y_minus_x : q.y_plus_x);
  const Fe c = fe_mul(p.t, q.t2d);
  const Fe d = fe_mul(p.z, q.z2);
  const Fe e = fe_sub(b, a);
  const Fe f = subtract ? fe_add(d, c) : fe_sub(d, c);
  const Fe g = subtract ? fe_sub(d, c) : fe_add(d, c);
  const Fe h = fe_add(b, a);
  return {fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

// dbl-2008-hwcd with a = -1 (all four intermediate signs flipped, which cancels in the products).
Point dbl(const Point& p) {
  const Fe a = fe_sq(p.x);
  const Fe b = fe_sq(p.y);
  const Fe c = fe_add(fe_sq(p.z), fe_sq(p.z));
  const Fe h = fe_add(a, b);
  const Fe e = fe_sub(h, fe_sq(fe_add(p.x, p.y)));
  const Fe g = fe_sub(a, b);
  const Fe f = fe_add(c, g);
  return {fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

bool is_identity(const Point& p) {
  return fe_is_zero(p.x) && fe_equal(p.y, p.z);
}

// RFC 8032 §5.1.3 decoding with the two ZIP-215 relaxations: y is not required to be < p, and
// x = 0 with the sign bit set is accepted (it decodes to x = 0).
std::optional<Point> decompress(const ByteArray<32>& s) {
  const FieldConstants& k = field_constants();
  const Fe one = fe_from_u64(1);
  const Fe y = fe_from_bytes(s.data());
  const Fe yy = fe_sq(y);
  const Fe u = fe_sub(yy, one);               // y^2 - 1
  const Fe v = fe_add(fe_mul(yy, k.d), one);  // d y^2 + 1, never 0 since -1/d is not a square
  // Candidate root x = u v^3 (u v^7)^((p-5)/8) of x^2 = u / v.
  const Fe v3 = fe_mul(fe_sq(v), v);
  const Fe v7 = fe_mul(fe_sq(v3), v);
  Fe x = fe_mul(fe_mul(u, v3), fe_pow_p58(fe_mul(u, v7)));
  const Fe vxx = fe_mul(v, fe_sq(x));
  if (!fe_equal(vxx, u)) {
    if (!fe_equal(vxx, fe_neg(u))) return std::nullopt;  // u / v is not a square: not on the curve
    x = fe_mul(x, k.sqrt_m1);
  }
  const bool sign = (s[31] >> 7) != 0;
  if (fe_is_negative(x) != sign) x = fe_neg(x);  // for x = 0 this is a no-op, as ZIP-215 wants
  return Point{x, y, one, fe_mul(x, y)};
}

ByteArray<32> compress(const Point& p) {
  const Fe zinv = fe_invert(p.z);
  const Fe x = fe_mul(p.x, zinv);
  const Fe y = fe_mul(p.y, zinv);
  ByteArray<32> out = fe_to_bytes(y);
  out[31] |= static_cast<uint8_t>(fe_is_negative(x) ? 0x80 : 0);
  return out;
}

OddMultiples odd_multiples(const Point& p) {
  OddMultiples table;
  const Cached p2 = to_cached(dbl(p));
  Point acc = p;
  table[0] = to_cached(acc);
  for (size_t i = 1; i < table.size(); ++i) {
    acc = add(acc, p2);
    table[i] = to_cached(acc);
  }
  return table;
}

// The odd multiples of the base point B, the point with y = 4/5 and positive x (RFC 8032 §5.1),
// whose encoding is 0x58 followed by 31 bytes 0x66.
const OddMultiples& base_table() {
  static const OddMultiples table = [] {
    ByteArray<32> b{};
    b.fill(0x66);
    b[0] = 0x58;
    return odd_multiples(*decompress(b));
  }();
  return table;
}

// ---------------------------------------------------------------------------------------------
// Scalars (integers below 2^253, little-endian 32 bytes).

// L = 2^252 + 27742317777372353535851937790883648493, the prime order of B.
constexpr std::array<uint8_t, 32> kOrderL = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

bool scalar_is_canonical(const uint8_t s[32]) {
  for (int i = 31; i >= 0; --i) {
    if (s[i] != kOrderL[static_cast<size_t>(i)]) return s[i] < kOrderL[static_cast<size_t>(i)];
  }
  return false;  // s == L
}

// Width-5 non-adjacent form: digits in {0, ±1, ±3, ..., ±15}, any nonzero digit followed by at
// least four zeros, sum digit[i] 2^i = the scalar. Computed by the textbook loop: while n > 0, if n
// is odd take the digit n mods 32 and subtract it, then halve.
std::array<int8_t, 256> wnaf5(const uint8_t s[32]) {
  std::array<u64, 5> n{load64_le(s), load64_le(s + 8), load64_le(s + 16), load64_le(s + 24), 0};
  std::array<int8_t, 256> digits{};
  const auto nonzero = [&n] { return (n[0] | n[1] | n[2] | n[3] | n[4]) != 0; };
  for (size_t i = 0; i < digits.size() && nonzero(); ++i) {
    if (n[0] & 1) {
      int digit = static_cast<int>(n[0] & 31);
      if (digit >= 16) digit -= 32;
      digits[i] = static_cast<int8_t>(digit);
      if (digit > 0) {  // n -= digit; the low limb is >= digit, no borrow
        n[0] -= static_cast<u64>(digit);
      } else {  // n += -digit, with carry
        const u64 before = n[0];
        n[0] += static_cast<u64>(-digit);
        if (n[0] < before) {
          for (size_t j = 1; j < n.size(); ++j) {
            if (++n[j] != 0) break;
          }
        }
      }
    }
    for (size_t j = 0; j + 1 < n.size(); ++j) n[j] = (n[j] >> 1) | (n[j + 1] << 63);
    n[4] >>= 1;
  }
  return digits;
}

// [a]A' + [b]B with A' given by its odd-multiples table (Straus' interleaving, one doubling chain).
Point double_scalar_mul(const uint8_t a[32], const OddMultiples& a_table, const uint8_t b[32],
                        const OddMultiples& b_table) {
  const auto da = wnaf5(a);
  const auto db = wnaf5(b);
  int top = 255;
  while (top >= 0 && da[static_cast<size_t>(top)] == 0 && db[static_cast<size_t>(top)] == 0) --top;
  Point acc = identity();
  for (int i = top; i >= 0; --i) {
    acc = dbl(acc);
    const int x = da[static_cast<size_t>(i)];
    const int y = db[static_cast<size_t>(i)];
    if (x > 0) acc = add(acc, a_table[static_cast<size_t>(x / 2)]);
    if (x < 0) acc = add(acc, a_table[static_cast<size_t>(-x / 2)], /*subtract=*/true);
    if (y > 0) acc = add(acc, b_table[static_cast<size_t>(y / 2)]);
    if (y < 0) acc = add(acc, b_table[static_cast<size_t>(-y / 2)], /*subtract=*/true);
  }
  return acc;
}

Point negate(const Point& p) {
  return {fe_neg(p.x), p.y, p.z, fe_neg(p.t)};
}

}  // namespace

bool verify_zip215(const ByteArray<64>& signature, ByteSpan message,
                   const ByteArray<32>& public_key) {
  const uint8_t* r_bytes = signature.data();
  const uint8_t* s_bytes = signature.data() + 32;
  if (!scalar_is_canonical(s_bytes)) return false;
  const auto a = decompress(public_key);
  if (!a) return false;
  ByteArray<32> r_encoding{};
  std::memcpy(r_encoding.data(), r_bytes, 32);
  const auto r = decompress(r_encoding);
  if (!r) return false;

  // k = SHA-512(R_bytes || A_bytes || M) mod L, over the bytes exactly as received.
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r_bytes, 32);
  crypto_hash_sha512_update(&st, public_key.data(), 32);
  if (!message.empty()) crypto_hash_sha512_update(&st, message.data(), message.size());
  uint8_t h[64];
  crypto_hash_sha512_final(&st, h);
  uint8_t k[32];
  crypto_core_ed25519_scalar_reduce(k, h);

  // [8]([s]B - [k]A - R) == identity.
  const Point sb_minus_ka = double_scalar_mul(k, odd_multiples(negate(*a)), s_bytes, base_table());
  const Point diff = add(sb_minus_ka, to_cached(*r), /*subtract=*/true);
  return is_identity(dbl(dbl(dbl(diff))));
}

std::optional<ByteArray<32>> zip215_canonical_point(const ByteArray<32>& encoding) {
  const auto p = decompress(encoding);
  if (!p) return std::nullopt;
  return compress(*p);
}

}  // namespace canary::crypto::ed25519
