// u128 helpers of sp-arithmetic helpers_128bit.rs: a * b / c with a 256-bit intermediate and
// explicit rounding, the saturating u128 operations fees use, gcd and the integer square root.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/rounding.hpp"

namespace canary::rt::arithmetic {

inline constexpr u128 kU128Max = ~u128{0};

namespace detail {

// The 256-bit product a * b as hi:lo, from 64-bit limbs.
constexpr void multiply_wide(u128 a, u128 b, u128& hi, u128& lo) {
  const u128 mask = (u128{1} << 64) - 1;
  const u128 a_lo = a & mask, a_hi = a >> 64, b_lo = b & mask, b_hi = b >> 64;
  const u128 ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const u128 mid = (ll >> 64) + (lh & mask) + (hl & mask);
  lo = (ll & mask) | (mid << 64);
  hi = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
}

// hi:lo / c by long division, one bit at a time (hi < c, so the quotient fits u128): the
// remainder stays below c, so the bit shifted out of it (carry) means "at least c".
constexpr u128 divide_wide(u128 hi, u128 lo, u128 c, u128& remainder) {
  remainder = hi;
  u128 quotient = 0;
  for (int bit = 127; bit >= 0; --bit) {
    const bool carry = (remainder >> 127) != 0;
    remainder = (remainder << 1) | ((lo >> bit) & 1);
    quotient <<= 1;
    if (carry || remainder >= c) {
      remainder -= c;
      quotient |= 1;
    }
  }
  return quotient;
}

}  // namespace detail

// a * b / c with a 256-bit intermediate, rounded as asked (sp-arithmetic
// multiply_by_rational_with_rounding): nullopt when c is 0 or the result does not fit in u128.
constexpr std::optional<u128> multiply_by_rational(u128 a, u128 b, u128 c, Rounding rounding) {
  if (c == 0) return std::nullopt;
  u128 hi = 0;
  u128 lo = 0;
  detail::multiply_wide(a, b, hi, lo);
  // A quotient of 2^128 or more does not fit.
  if (hi >= c) return std::nullopt;
  u128 remainder = 0;
  u128 quotient = 0;
  if (hi == 0) {
    // The product fits u128, as it does for every fee (balances times parts of a billion): one
    // native division instead of 128 rounds of shifts, which wasm32 makes library calls.
    quotient = lo / c;
    remainder = lo % c;
  } else {
    quotient = detail::divide_wide(hi, lo, c, remainder);
  }
  bool up = false;
  switch (rounding) {
    case Rounding::kUp:
      up = remainder > 0;
      break;
    case Rounding::kDown:
      break;
    case Rounding::kNearestPrefUp:
      up = remainder >= c / 2 + c % 2;
      break;
    case Rounding::kNearestPrefDown:
      up = remainder > c / 2;
      break;
  }
  if (up) {
    if (quotient == kU128Max) return std::nullopt;
    ++quotient;
  }
  return quotient;
}

constexpr u128 saturating_add(u128 a, u128 b) {
  return a > kU128Max - b ? kU128Max : a + b;
}
constexpr u128 saturating_sub(u128 a, u128 b) {
  return a > b ? a - b : 0;
}
constexpr u128 saturating_mul(u128 a, u128 b) {
  return b != 0 && a > kU128Max / b ? kU128Max : a * b;
}

// The greatest common divisor (helpers_128bit::gcd; gcd(x, 0) == x).
constexpr u128 gcd(u128 a, u128 b) {
  while (b != 0) {
    const u128 r = a % b;
    a = b;
    b = r;
  }
  return a;
}

// The integer square root, rounded down (helpers_128bit::sqrt).
constexpr u128 isqrt(u128 n) {
  if (n == 0) return 0;
  // The largest power of four at most n, then the digit-by-digit method.
  u128 bit = u128{1} << 126;
  while (bit > n) bit >>= 2;
  u128 result = 0;
  while (bit != 0) {
    if (n >= result + bit) {
      n -= result + bit;
      result = (result >> 1) + bit;
    } else {
      result >>= 1;
    }
    bit >>= 2;
  }
  return result;
}

}  // namespace canary::rt::arithmetic
