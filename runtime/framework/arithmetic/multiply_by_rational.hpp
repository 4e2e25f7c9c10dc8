// u128 helpers of sp-arithmetic helpers_128bit.rs: a * b / c with a 256-bit intermediate and
// explicit rounding, plus the saturating u128 operations fees use.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/rounding.hpp"

namespace canary::rt::arithmetic {

inline constexpr u128 kU128Max = ~u128{0};

namespace detail {

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
  // The 256-bit product hi:lo from 64-bit limbs.
  const u128 mask = (u128{1} << 64) - 1;
  const u128 a_lo = a & mask, a_hi = a >> 64, b_lo = b & mask, b_hi = b >> 64;
  const u128 ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const u128 mid = (ll >> 64) + (lh & mask) + (hl & mask);
  const u128 lo = (ll & mask) | (mid << 64);
  const u128 hi = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
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

}  // namespace canary::rt::arithmetic
