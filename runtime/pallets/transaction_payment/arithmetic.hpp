// sp-arithmetic's fixed-point types with FRAME's exact rounding: the per-things (Perbill,
// Permill, Perquintill: parts of 10^9, 10^6, 10^18 in [0, 1]) and FixedU128 (an unsigned u128
// with 18 decimals). Fees and the fee multiplier are computed with them, and a fee that differs
// by one planck from Kusama's is a different transaction outcome, so every operation reproduces
// sp-arithmetic's rounding (substrate/primitives/arithmetic/src/{per_things,fixed_point,
// helpers_128bit}.rs), not the mathematically nicest one.
//
// Only what the runtime needs is here; the lead may move this into runtime/framework later.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::arithmetic {

// sp-arithmetic Rounding (for unsigned quantities).
enum class Rounding : uint8_t { kUp, kDown, kNearestPrefUp, kNearestPrefDown };

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

// --- Per-things: `Inner` parts of `kAccuracy`, never more than one.

template <class Inner, Inner kAccuracyValue, class Tag>
struct PerThing {
  static constexpr Inner kAccuracy = kAccuracyValue;
  Inner parts = 0;

  static constexpr PerThing from_parts(Inner p) { return {std::min(p, kAccuracy)}; }
  static constexpr PerThing zero() { return {0}; }
  static constexpr PerThing one() { return {kAccuracy}; }
  // The const from_percent: x (at most 100) * accuracy / 100, rounded down.
  static constexpr PerThing from_percent(Inner x) {
    return {static_cast<Inner>(u128{std::min<Inner>(x, 100)} * kAccuracy / 100)};
  }
  // PerThing::from_rational: p/q rounded down; one when q is 0 or p > q (FRAME's fallback).
  static constexpr PerThing from_rational(u128 p, u128 q) {
    if (q == 0 || p > q) return one();
    const auto parts = multiply_by_rational(kAccuracy, p, q, Rounding::kDown);
    return {static_cast<Inner>(*parts)};
  }
  constexpr Inner deconstruct() const { return parts; }
  constexpr bool is_zero() const { return parts == 0; }

  // `self * x` (NearestPrefDown), as sp-arithmetic's overflow-pruning multiplication does it:
  // (x / accuracy) * parts + round((x % accuracy) * parts / accuracy), in N's arithmetic.
  template <class N>
  constexpr N mul(N x) const {
    return mul_rounded(x, Rounding::kNearestPrefDown);
  }
  template <class N>
  constexpr N mul_floor(N x) const {
    return mul_rounded(x, Rounding::kDown);
  }
  template <class N>
  constexpr N mul_ceil(N x) const {
    return mul_rounded(x, Rounding::kUp);
  }

  constexpr PerThing saturating_add(PerThing other) const {
    return from_parts(parts > kAccuracy - other.parts ? kAccuracy : parts + other.parts);
  }
  constexpr PerThing saturating_sub(PerThing other) const {
    return {parts > other.parts ? static_cast<Inner>(parts - other.parts) : Inner{0}};
  }
  constexpr PerThing left_from_one() const { return one().saturating_sub(*this); }

  constexpr auto operator<=>(const PerThing&) const = default;
  CANARY_SCALE_FIELDS(parts)

 private:
  template <class N>
  constexpr N mul_rounded(N x, Rounding rounding) const {
    const N accuracy = static_cast<N>(kAccuracy);
    const u128 rem = static_cast<u128>(x % accuracy);
    // rem < accuracy, so rem * parts fits u128 for every per-thing here (at most 10^36).
    const u128 product = rem * parts;
    u128 correction = product / kAccuracy;
    const u128 left = product % kAccuracy;
    switch (rounding) {
      case Rounding::kUp:
        correction += left > 0 ? 1 : 0;
        break;
      case Rounding::kDown:
        break;
      case Rounding::kNearestPrefUp:
        correction += left >= kAccuracy / 2 + kAccuracy % 2 ? 1 : 0;
        break;
      case Rounding::kNearestPrefDown:
        correction += left > kAccuracy / 2 ? 1 : 0;
        break;
    }
    return static_cast<N>((x / accuracy) * static_cast<N>(parts) + static_cast<N>(correction));
  }
};

struct PerbillTag {
  static constexpr const char* kName = "Perbill";
};
struct PermillTag {
  static constexpr const char* kName = "Permill";
};
struct PerquintillTag {
  static constexpr const char* kName = "Perquintill";
};
using Perbill = PerThing<uint32_t, 1'000'000'000, PerbillTag>;
using Permill = PerThing<uint32_t, 1'000'000, PermillTag>;
using Perquintill = PerThing<uint64_t, 1'000'000'000'000'000'000, PerquintillTag>;

// sp_arithmetic::per_things::<Name>(Inner): a tuple struct.
template <class Inner, Inner kAccuracy, class Tag>
void canary_type_info(meta::TypeBuilder& b, const PerThing<Inner, kAccuracy, Tag>*) {
  b.path({"sp_arithmetic", "per_things", Tag::kName});
  b.typed_field<Inner>(std::nullopt, sizeof(Inner) == 4 ? "u32" : "u64");
}

// --- FixedU128: inner / 10^18, unsigned.

struct FixedU128 {
  static constexpr u128 kDiv = 1'000'000'000'000'000'000;
  u128 inner = 0;

  static constexpr FixedU128 from_inner(u128 v) { return {v}; }
  static constexpr FixedU128 from_u32(uint32_t n) { return {u128{n} * kDiv}; }
  static constexpr FixedU128 zero() { return {0}; }
  static constexpr FixedU128 one() { return {kDiv}; }
  static constexpr FixedU128 max_value() { return {kU128Max}; }
  static constexpr FixedU128 saturating_from_integer(u128 n) {
    return {arithmetic::saturating_mul(n, kDiv)};
  }
  // n / d rounded down (FixedPointNumber::saturating_from_rational); the maximum on overflow.
  // FRAME panics on d == 0; here it saturates, since callers pass constants.
  static constexpr FixedU128 saturating_from_rational(u128 n, u128 d) {
    return {multiply_by_rational(n, kDiv, d, Rounding::kDown).value_or(kU128Max)};
  }
  // The const from_rational (NearestPrefDown), used by `const` parameter definitions.
  static constexpr FixedU128 from_rational(u128 n, u128 d) {
    return {multiply_by_rational(kDiv, n, d, Rounding::kNearestPrefDown).value_or(kU128Max)};
  }
  constexpr u128 into_inner() const { return inner; }

  // CheckedMul: self * other rounded down; Saturating: the maximum on overflow.
  constexpr std::optional<FixedU128> checked_mul(FixedU128 other) const {
    const auto v = multiply_by_rational(inner, other.inner, kDiv, Rounding::kDown);
    if (!v) return std::nullopt;
    return FixedU128{*v};
  }
  constexpr FixedU128 saturating_mul(FixedU128 other) const {
    return checked_mul(other).value_or(max_value());
  }
  // CheckedDiv: self / other rounded down; nullopt on division by zero or overflow.
  constexpr std::optional<FixedU128> checked_div(FixedU128 other) const {
    if (other.inner == 0) return std::nullopt;
    const auto v = multiply_by_rational(inner, kDiv, other.inner, Rounding::kDown);
    if (!v) return std::nullopt;
    return FixedU128{*v};
  }
  constexpr FixedU128 saturating_add(FixedU128 other) const {
    return {arithmetic::saturating_add(inner, other.inner)};
  }
  constexpr FixedU128 saturating_sub(FixedU128 other) const {
    return {arithmetic::saturating_sub(inner, other.inner)};
  }
  // self * n for an integer, rounded down; the maximum on overflow (saturating_mul_int).
  constexpr u128 saturating_mul_int(u128 n) const {
    return multiply_by_rational(inner, n, kDiv, Rounding::kDown).value_or(kU128Max);
  }
  constexpr FixedU128 clamp(FixedU128 low, FixedU128 high) const {
    return inner < low.inner ? low : (inner > high.inner ? high : *this);
  }

  constexpr auto operator<=>(const FixedU128&) const = default;
  CANARY_SCALE_FIELDS(inner)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_arithmetic", "fixed_point", "FixedU128"});
    b.typed_field<u128>(std::nullopt, "u128");
  }
};

}  // namespace canary::rt::arithmetic
