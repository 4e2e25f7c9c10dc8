// sp-arithmetic's FixedU128 (an unsigned u128 with 18 decimals) with FRAME's exact rounding
// (substrate/primitives/arithmetic/src/fixed_point.rs).
#pragma once

#include <optional>
#include <string>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::arithmetic {

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

// sp-arithmetic's serde: the inner value as a string of decimal digits ("1000000000000000000" is
// one); found by the JSON codec (json/json_codec.hpp) by argument-dependent lookup.
inline json::Value json_encode(const FixedU128& value) {
  return json::Value::of(json::write(json::Value::of(value.inner)));
}
inline Result<void, std::string> json_decode(const json::Value& value, FixedU128& out) {
  const std::string* text = value.string();
  const auto inner =
      text != nullptr ? json::Value{json::Number{*text}}.unsigned_integer() : std::nullopt;
  if (!inner) return unexpected(std::string("expected a FixedU128 (its inner u128 as a string)"));
  out = FixedU128::from_inner(*inner);
  return {};
}

}  // namespace canary::rt::arithmetic
