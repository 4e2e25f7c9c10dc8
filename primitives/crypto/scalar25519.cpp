// The extended Euclidean algorithm on r0 = L, r1 = k keeps r_i = t_i k (mod L) with the t_i
// alternating in sign (t_0 = 0, t_1 = 1, t_2 = -q_1, ...) and r_i |t_(i+1)| <= L. Stopping at the
// first r_i below 2^127 therefore gives u = r_i < 2^127 and |t_i| <= L / r_(i-1) < 2^253 / 2^127,
// so both are short. Magnitudes T_i = |t_i| follow T_(i+1) = T_(i-1) + q_i T_i.
//
// Each quotient is found bit by bit (shift and subtract), which keeps the arithmetic to 256-bit
// compare, subtract and shift; the quotients are mostly tiny, so this costs a few hundred
// 256-bit operations in all.
#include "primitives/crypto/scalar25519.hpp"

#include <cstdint>

namespace canary::crypto::scalar25519 {
namespace {

using u64 = uint64_t;
using u128 = unsigned __int128;

struct U256 {
  u128 lo = 0, hi = 0;
};

U256 load(const ByteArray<32>& b) {
  U256 r;
  for (int i = 15; i >= 0; --i) r.lo = (r.lo << 8) | b[static_cast<size_t>(i)];
  for (int i = 31; i >= 16; --i) r.hi = (r.hi << 8) | b[static_cast<size_t>(i)];
  return r;
}

void store(u128 v, ByteArray<32>& out) {
  out = {};
  for (size_t i = 0; i < 16; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

int bit_length(u128 v) {
  const u64 hi = static_cast<u64>(v >> 64), lo = static_cast<u64>(v);
  if (hi != 0) return 128 - __builtin_clzll(hi);
  if (lo != 0) return 64 - __builtin_clzll(lo);
  return 0;
}

int bit_length(const U256& v) {
  return v.hi != 0 ? 128 + bit_length(v.hi) : bit_length(v.lo);
}

bool greater_equal(const U256& a, const U256& b) {
  return a.hi != b.hi ? a.hi > b.hi : a.lo >= b.lo;
}

void subtract(U256& a, const U256& b) {
  const u128 borrow = a.lo < b.lo ? 1 : 0;
  a.lo -= b.lo;
  a.hi -= b.hi + borrow;
}

U256 shift_left(const U256& a, int n) {  // 0 <= n < 256
  if (n == 0) return a;
  if (n >= 128) return {0, a.lo << (n - 128)};
  return {a.lo << n, (a.hi << n) | (a.lo >> (128 - n))};
}

void shift_right_1(U256& a) {
  a.lo = (a.lo >> 1) | (a.hi << 127);
  a.hi >>= 1;
}

// L, little-endian halves.
constexpr U256 kOrder = {(static_cast<u128>(0x14def9dea2f79cd6) << 64) | 0x5812631a5cf5d3ed,
                         static_cast<u128>(0x1000000000000000) << 64};

}  // namespace

ShortMultiple short_multiple(const ByteArray<32>& k) {
  U256 r_prev = kOrder, r = load(k);
  u128 t_prev = 0, t = 1;
  bool negative = false;  // the sign of t_i: + for odd i (starting at i = 1), - for even i
  while (bit_length(r) > 127) {
    // r_next = r_prev mod r, t_next = t_prev + (r_prev div r) t.
    U256 rem = r_prev;
    u128 t_next = t_prev;
    // rem < 2^253 and r >= 2^127, so the shift is at most 126 (the mask only says so).
    int shift = (bit_length(rem) - bit_length(r)) & 127;
    U256 divisor = shift > 0 ? shift_left(r, shift) : r;
    for (; shift >= 0; --shift) {
      if (greater_equal(rem, divisor)) {
        subtract(rem, divisor);
        t_next += t << shift;  // stays below 2^126: see the bound above
      }
      shift_right_1(divisor);
    }
    r_prev = r;
    r = rem;
    t_prev = t;
    t = t_next;
    negative = !negative;
  }
  ShortMultiple out;
  store(r.lo, out.u);
  store(t, out.t);
  out.negative = negative;
  return out;
}

}  // namespace canary::crypto::scalar25519
