// sp-arithmetic's per-things (Percent, PerU16, Permill, Perbill, Perquintill: parts of 100,
// 65535, 10^6, 10^9, 10^18 in [0, 1]) with FRAME's exact rounding
// (substrate/primitives/arithmetic/src/per_things.rs):
//
//   from_rational(p, q)           Down; one() when q == 0 or p > q
//   from_rational_with_rounding   as asked; nullopt when q == 0 or p > q
//   a * b (per-thing × per-thing) floor;   a / b: from_rational(a, b)
//   p * n, p.mul(n) (× an integer) nearest, ties down; mul_floor / mul_ceil
//   saturating_reciprocal_mul(n)  n / p nearest, ties up; _floor / _ceil
//   square, saturating_pow        floor at every step (from_rational(p², ACC²))
//
// SCALE: the inner integer; a decoded value above ACCURACY is refused ("Value is greater than
// allowed maximum!"), while Compact<P> (compact_as.hpp: a compact_field of a described struct,
// or CompactValue<P>) saturates to one (CompactAs::decode_from is from_parts).
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::arithmetic {

// An unsigned integer a per-thing multiplies (a balance, a count): u8 … u64, u128.
template <class N>
concept UnsignedOperand =
    (std::is_unsigned_v<N> && !std::is_same_v<N, bool>) || std::is_same_v<N, u128>;

namespace detail {

template <UnsignedOperand N>
constexpr N max_of() {
  return static_cast<N>(~N{0});
}

// Whether `left / denom` (the fraction after an integer division) rounds the quotient up.
constexpr bool rounds_up(u128 left, u128 denom, Rounding rounding) {
  switch (rounding) {
    case Rounding::kUp:
      return left > 0;
    case Rounding::kDown:
      return false;
    case Rounding::kNearestPrefUp:
      return left >= denom / 2 + denom % 2;
    case Rounding::kNearestPrefDown:
      return left > denom / 2;
  }
  return false;
}

// rational_mul_correction: the error of `x / denom * numer`, i.e. (x % denom) * numer / denom
// rounded as asked (numer, denom at most the accuracy, so the product fits u128).
template <UnsignedOperand N>
constexpr N mul_correction(N x, u128 numer, u128 denom, Rounding rounding) {
  const u128 rem = static_cast<u128>(x % static_cast<N>(denom));
  const u128 product = rem * numer;
  const u128 correction = product / denom + (rounds_up(product % denom, denom, rounding) ? 1 : 0);
  return static_cast<N>(correction);
}

}  // namespace detail

// --- Per-things: `Inner` parts of `kAccuracy`, never more than one. `Upper` holds kAccuracy².

template <class InnerT, InnerT kAccuracyValue, class UpperT, class Tag>
struct PerThing {
  using Inner = InnerT;
  using Upper = UpperT;
  static constexpr Inner kAccuracy = kAccuracyValue;
  Inner parts = 0;

  static constexpr PerThing from_parts(Inner p) { return {std::min(p, kAccuracy)}; }
  static constexpr PerThing zero() { return {0}; }
  static constexpr PerThing one() { return {kAccuracy}; }
  // The const from_percent: min(x, 100) * accuracy / 100, rounded down.
  static constexpr PerThing from_percent(Inner x) {
    return {static_cast<Inner>(static_cast<Upper>(std::min<Inner>(x, 100)) * kAccuracy / 100)};
  }
  // The const from_perthousand (not on Percent): min(x, 1000) * accuracy / 1000, rounded down.
  static constexpr PerThing from_perthousand(Inner x)
    requires(kAccuracyValue > 100)
  {
    return {static_cast<Inner>(static_cast<Upper>(std::min<Inner>(x, 1000)) * kAccuracy / 1000)};
  }
  // p/q rounded as asked; nullopt when q is 0 or p > q (sp-arithmetic's Err(())).
  static constexpr std::optional<PerThing> from_rational_with_rounding(u128 p, u128 q,
                                                                       Rounding rounding) {
    if (q == 0 || p > q) return std::nullopt;
    const auto parts = multiply_by_rational(kAccuracy, p, q, rounding);
    if (!parts || *parts > kAccuracy) return std::nullopt;
    return PerThing{static_cast<Inner>(*parts)};
  }
  // p/q rounded down; one when q is 0 or p > q (FRAME's fallback).
  static constexpr PerThing from_rational(u128 p, u128 q) {
    return from_rational_with_rounding(p, q, Rounding::kDown).value_or(one());
  }

  constexpr Inner deconstruct() const { return parts; }
  constexpr bool is_zero() const { return parts == 0; }
  constexpr bool is_one() const { return parts == kAccuracy; }
  constexpr PerThing less_epsilon() const {
    return is_zero() ? *this : PerThing{static_cast<Inner>(parts - 1)};
  }
  constexpr PerThing plus_epsilon() const {
    return is_one() ? *this : PerThing{static_cast<Inner>(parts + 1)};
  }

  // --- Per-thing × integer.

  // `self * x` (ops::Mul<N>, NearestPrefDown), as sp-arithmetic's overflow-pruning
  // multiplication does it: (x / accuracy) * parts + round((x % accuracy) * parts / accuracy).
  template <UnsignedOperand N>
  constexpr N mul(N x) const {
    return mul_rounded(x, Rounding::kNearestPrefDown);
  }
  template <UnsignedOperand N>
  constexpr N operator*(N x) const {
    return mul(x);
  }
  template <UnsignedOperand N>
  constexpr N mul_floor(N x) const {
    return mul_rounded(x, Rounding::kDown);
  }
  template <UnsignedOperand N>
  constexpr N mul_ceil(N x) const {
    return mul_rounded(x, Rounding::kUp);
  }
  // x / self, saturating at N's maximum: nearest with ties up, down, up. sp-arithmetic panics
  // dividing by zero parts; here that saturates (0 stays 0).
  template <UnsignedOperand N>
  constexpr N saturating_reciprocal_mul(N x) const {
    return reciprocal_mul_rounded(x, Rounding::kNearestPrefUp);
  }
  template <UnsignedOperand N>
  constexpr N saturating_reciprocal_mul_floor(N x) const {
    return reciprocal_mul_rounded(x, Rounding::kDown);
  }
  template <UnsignedOperand N>
  constexpr N saturating_reciprocal_mul_ceil(N x) const {
    return reciprocal_mul_rounded(x, Rounding::kUp);
  }

  // --- Per-thing × per-thing.

  // a * b / accuracy, rounded down (ops::Mul; also saturating_mul and checked_mul).
  friend constexpr PerThing operator*(PerThing a, PerThing b) {
    return from_parts(static_cast<Inner>(static_cast<Upper>(a.parts) * b.parts / kAccuracy));
  }
  constexpr PerThing saturating_mul(PerThing other) const { return *this * other; }
  // a / b: from_rational(a, b) (Down; one when b is zero or a > b).
  friend constexpr PerThing operator/(PerThing a, PerThing b) {
    return from_rational(a.parts, b.parts);
  }
  // self / rhs rounded as asked, one when rhs < self or rhs is zero.
  constexpr PerThing saturating_div(PerThing rhs, Rounding rounding) const {
    return from_rational_with_rounding(parts, rhs.parts, rounding).value_or(one());
  }
  constexpr PerThing saturating_add(PerThing other) const {
    return from_parts(parts > kAccuracy - other.parts ? kAccuracy : parts + other.parts);
  }
  constexpr PerThing saturating_sub(PerThing other) const {
    return {parts > other.parts ? static_cast<Inner>(parts - other.parts) : Inner{0}};
  }
  constexpr std::optional<PerThing> checked_add(PerThing other) const {
    if (parts > kAccuracy - other.parts) return std::nullopt;
    return PerThing{static_cast<Inner>(parts + other.parts)};
  }
  constexpr std::optional<PerThing> checked_sub(PerThing other) const {
    if (other.parts > parts) return std::nullopt;
    return PerThing{static_cast<Inner>(parts - other.parts)};
  }
  constexpr PerThing left_from_one() const { return one().saturating_sub(*this); }
  // self², rounded down: from_rational(p², accuracy²).
  constexpr PerThing square() const {
    return from_rational(static_cast<u128>(parts) * parts,
                         static_cast<u128>(kAccuracy) * kAccuracy);
  }
  // self^exp by squaring, flooring at every step (Pow<usize>): one for exp 0 or self one.
  constexpr PerThing saturating_pow(size_t exp) const {
    if (exp == 0 || is_one()) return one();
    PerThing base = *this;
    PerThing result = *this;
    size_t rest = exp - 1;
    while (rest > 0 && !result.is_zero()) {
      if (rest % 2 != 0) {
        result = result * base;
        rest -= 1;
      }
      base = base.square();
      rest /= 2;
    }
    return result;
  }
  // Integer operations on the parts: saturating at one, and the quotient of parts.
  constexpr PerThing int_mul(Inner b) const {
    const u128 product = static_cast<u128>(parts) * b;
    return from_parts(product > kAccuracy ? kAccuracy : static_cast<Inner>(product));
  }
  constexpr Inner int_div(PerThing b) const { return parts / b.parts; }

  constexpr auto operator<=>(const PerThing&) const = default;

  // SCALE: the parts; more than the accuracy is refused, as sp-arithmetic's Decode does.
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, parts);
  }
  void scale_decode(scale::Decoder& in) {
    Inner raw{};
    scale::decode_from(in, raw);
    if (in.ok() && raw > kAccuracy) {
      in.fail(scale::DecodeError::kInvalidValue);  // "Value is greater than allowed maximum!"
      return;
    }
    parts = raw;
  }
  // CompactAs: the parts, compact; decoding saturates at one (from_parts).
  using CompactAs = Inner;
  constexpr Inner compact_encode_as() const { return parts; }
  static constexpr PerThing compact_decode_from(Inner raw) { return from_parts(raw); }

  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_arithmetic", "per_things", Tag::kName});
    b.typed_field<Inner>(std::nullopt, Tag::kInnerName);
  }

 private:
  // N must hold the accuracy (sp-arithmetic's `Inner: Into<N>`).
  template <UnsignedOperand N>
  constexpr N mul_rounded(N x, Rounding rounding) const {
    static_assert(sizeof(N) >= sizeof(Inner), "the operand type must hold the accuracy");
    const N accuracy = static_cast<N>(kAccuracy);
    // (x / accuracy) * parts cannot overflow: it is at most x.
    return static_cast<N>((x / accuracy) * static_cast<N>(parts) +
                          detail::mul_correction(x, parts, kAccuracy, rounding));
  }
  template <UnsignedOperand N>
  constexpr N reciprocal_mul_rounded(N x, Rounding rounding) const {
    static_assert(sizeof(N) >= sizeof(Inner), "the operand type must hold the accuracy");
    if (parts == 0) return x == 0 ? N{0} : detail::max_of<N>();
    const N quotient = x / static_cast<N>(parts);
    const N correction = detail::mul_correction(x, kAccuracy, parts, rounding);
    const N accuracy = static_cast<N>(kAccuracy);
    // quotient.saturating_mul(accuracy).saturating_add(correction)
    if (quotient > detail::max_of<N>() / accuracy) return detail::max_of<N>();
    const N scaled = static_cast<N>(quotient * accuracy);
    if (scaled > static_cast<N>(detail::max_of<N>() - correction)) return detail::max_of<N>();
    return static_cast<N>(scaled + correction);
  }
};

struct PercentTag {
  static constexpr const char* kName = "Percent";
  static constexpr const char* kInnerName = "u8";
};
struct PerU16Tag {
  static constexpr const char* kName = "PerU16";
  static constexpr const char* kInnerName = "u16";
};
struct PermillTag {
  static constexpr const char* kName = "Permill";
  static constexpr const char* kInnerName = "u32";
};
struct PerbillTag {
  static constexpr const char* kName = "Perbill";
  static constexpr const char* kInnerName = "u32";
};
struct PerquintillTag {
  static constexpr const char* kName = "Perquintill";
  static constexpr const char* kInnerName = "u64";
};
using Percent = PerThing<uint8_t, 100, uint16_t, PercentTag>;
using PerU16 = PerThing<uint16_t, 65'535, uint32_t, PerU16Tag>;
using Permill = PerThing<uint32_t, 1'000'000, uint64_t, PermillTag>;
using Perbill = PerThing<uint32_t, 1'000'000'000, uint64_t, PerbillTag>;
using Perquintill = PerThing<uint64_t, 1'000'000'000'000'000'000, u128, PerquintillTag>;

// Whether T is one of the per-things.
template <class T>
struct IsPerThing : std::false_type {};
template <class Inner, Inner kAccuracy, class Upper, class Tag>
struct IsPerThing<PerThing<Inner, kAccuracy, Upper, Tag>> : std::true_type {};
template <class T>
concept PerThingType = IsPerThing<T>::value;

}  // namespace canary::rt::arithmetic
