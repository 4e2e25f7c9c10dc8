// sp-arithmetic's decimal fixed-point numbers (substrate/primitives/arithmetic/src/fixed_point.rs):
// an integer `inner` standing for inner / kDiv. FixedI64 and FixedU64 (10^9), FixedI128 and
// FixedU128 (10^18), all from one template, with FRAME's exact rounding:
//
//   checked_/saturating_from_rational, From<PerThing>,
//   checked_mul / saturating_mul / checked_div (the traits),
//   checked_mul_int / saturating_mul_int                toward zero (SignedRounding::Minor)
//   from_rational, mul, div (the const inherent fns)    nearest, ties toward -inf (NearestPrefLow;
//                                                       from_rational: NearestPrefDown)
//   checked_rounding_div(x, r)                          as asked (the referenda curves: Low/High)
//   into_perbill                                        nearest, ties down, clamped to [0, 1]
//   try_into_perthing / into_clamped_perthing           Down, clamped
//
// Results that do not fit are nullopt (checked_*), the bound of the result's sign (saturating_*),
// or a panic (the const fns, as in Rust; a compile error in a constant expression).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/io/logging.hpp"

namespace canary::rt::arithmetic {

// An integer a fixed-point number meets (FixedPointOperand): any width, signed or not.
template <class N>
concept FixedOperand = (std::is_integral_v<N> && !std::is_same_v<N, bool>) ||
                       std::is_same_v<N, u128> || std::is_same_v<N, i128>;

namespace detail {

template <FixedOperand N>
constexpr bool kIsSigned = std::is_signed_v<N> || std::is_same_v<N, i128>;

// N's maximum as u128.
template <FixedOperand N>
constexpr u128 max_magnitude() {
  if constexpr (std::is_same_v<N, u128>) {
    return ~u128{0};
  } else if constexpr (std::is_same_v<N, i128>) {
    return ~u128{0} >> 1;
  } else {
    return static_cast<u128>(static_cast<std::make_unsigned_t<N>>(~std::make_unsigned_t<N>{0}) >>
                             (kIsSigned<N> ? 1 : 0));
  }
}
template <FixedOperand N>
constexpr N max_value_of() {
  return static_cast<N>(max_magnitude<N>());
}
template <FixedOperand N>
constexpr N min_value_of() {
  if constexpr (kIsSigned<N>) {
    return static_cast<N>(-static_cast<N>(max_magnitude<N>()) - 1);
  } else {
    return N{0};
  }
}

// sp-arithmetic's I129: a magnitude and a sign, wide enough for every operand.
struct I129 {
  u128 value = 0;
  bool negative = false;
};

template <FixedOperand N>
constexpr I129 to_i129(N n) {
  if constexpr (kIsSigned<N>) {
    // Two's complement negation in u128 gives the magnitude, the minimum's included.
    if (n < 0) return {u128{0} - static_cast<u128>(n), true};
  }
  return {static_cast<u128>(n), false};
}

// N from a magnitude and sign, if it fits.
template <FixedOperand N>
constexpr std::optional<N> from_i129(I129 n) {
  if (!n.negative || n.value == 0) {
    if (n.value > max_magnitude<N>()) return std::nullopt;
    return static_cast<N>(n.value);
  }
  if constexpr (kIsSigned<N>) {
    if (n.value > max_magnitude<N>() + 1) return std::nullopt;
    return static_cast<N>(u128{0} - n.value);  // two's complement back
  } else {
    return std::nullopt;
  }
}

// R's maximum when n * m is positive, its minimum otherwise (to_bound).
template <FixedOperand R, FixedOperand A, FixedOperand B>
constexpr R to_bound(A a, B b) {
  return ((a < A{0}) != (b < B{0})) ? min_value_of<R>() : max_value_of<R>();
}

// Called when a panicking const fn fails: not constexpr, so a constant expression that reaches
// it does not compile; at run time it panics as the Rust code does.
inline void fixed_point_panic(std::string_view message) {
  io::panic(message);
}

}  // namespace detail

template <class InnerT, InnerT kDivValue, class Tag>
struct FixedPoint {
  using Inner = InnerT;
  static constexpr Inner kDiv = kDivValue;
  static constexpr bool kSigned = detail::kIsSigned<Inner>;
  Inner inner = 0;

  static constexpr FixedPoint from_inner(Inner v) { return {v}; }
  constexpr Inner into_inner() const { return inner; }
  static constexpr FixedPoint zero() { return {0}; }
  static constexpr FixedPoint one() { return {kDiv}; }
  static constexpr FixedPoint max_value() { return {detail::max_value_of<Inner>()}; }
  static constexpr FixedPoint min_value() { return {detail::min_value_of<Inner>()}; }
  constexpr bool is_zero() const { return inner == 0; }
  constexpr bool is_positive() const { return inner > 0; }
  constexpr bool is_negative() const { return inner < 0; }

  // --- Construction.

  // n (the const from_u32; n * kDiv fits every type here).
  static constexpr FixedPoint from_u32(uint32_t n) {
    return {static_cast<Inner>(static_cast<Inner>(n) * kDiv)};
  }
  // n, or the bound of n's sign when it does not fit.
  template <FixedOperand N>
  static constexpr FixedPoint saturating_from_integer(N n) {
    detail::I129 v = detail::to_i129(n);
    v.value = arithmetic::saturating_mul(v.value, static_cast<u128>(kDiv));
    return {detail::from_i129<Inner>(v).value_or(detail::to_bound<Inner>(n, 0))};
  }
  template <FixedOperand N>
  static constexpr std::optional<FixedPoint> checked_from_integer(N n) {
    const detail::I129 v = detail::to_i129(n);
    if (v.value > detail::max_magnitude<u128>() / static_cast<u128>(kDiv)) {
      return std::nullopt;
    }
    const auto r = detail::from_i129<Inner>({v.value * static_cast<u128>(kDiv), v.negative});
    if (!r) return std::nullopt;
    return FixedPoint{*r};
  }
  // n / d toward zero; nullopt when d is 0 or the result does not fit.
  template <FixedOperand N, FixedOperand D>
  static constexpr std::optional<FixedPoint> checked_from_rational(N n, D d) {
    if (d == 0) return std::nullopt;
    const detail::I129 a = detail::to_i129(n);
    const detail::I129 b = detail::to_i129(d);
    const bool negative = a.negative != b.negative;
    const auto value = multiply_by_rational(a.value, static_cast<u128>(kDiv), b.value,
                                            from_signed(SignedRounding::kMinor, negative));
    if (!value) return std::nullopt;
    const auto r = detail::from_i129<Inner>({*value, negative});
    if (!r) return std::nullopt;
    return FixedPoint{*r};
  }
  // n / d toward zero, the bound of the result's sign when it does not fit. FRAME panics on
  // d == 0; here that saturates too, since callers pass constants.
  template <FixedOperand N, FixedOperand D>
  static constexpr FixedPoint saturating_from_rational(N n, D d) {
    return checked_from_rational(n, d).value_or(FixedPoint{detail::to_bound<Inner>(n, d)});
  }
  // From<PerThing>: parts / accuracy toward zero.
  template <PerThingType P>
  static constexpr FixedPoint from_per_thing(P p) {
    return saturating_from_rational(p.deconstruct(), P::kAccuracy);
  }

  // --- The const inherent fns (build-time constants: the referenda curves).

  // a / b to the nearest, ties down; panics when b is 0 or the result does not fit.
  static constexpr FixedPoint from_rational(u128 a, u128 b) {
    return from_rational_with_rounding(a, b, Rounding::kNearestPrefDown);
  }
  static constexpr FixedPoint from_rational_with_rounding(u128 a, u128 b, Rounding rounding) {
    if (b == 0) detail::fixed_point_panic("attempt to divide by zero in from_rational");
    const auto value = multiply_by_rational(static_cast<u128>(kDiv), a, b, rounding);
    const auto r = value ? detail::from_i129<Inner>({*value, false}) : std::nullopt;
    if (!r) detail::fixed_point_panic("overflow in from_rational");
    return {r.value_or(0)};
  }
  // from_perbill: the const from_rational(parts, 10^9).
  static constexpr FixedPoint from_perbill(Perbill p) {
    return from_rational(p.deconstruct(), 1'000'000'000);
  }
  // The const add/sub: Rust's release builds wrap on overflow; so do these.
  constexpr FixedPoint add(FixedPoint rhs) const {
    return {static_cast<Inner>(static_cast<u128>(inner) + static_cast<u128>(rhs.inner))};
  }
  constexpr FixedPoint sub(FixedPoint rhs) const {
    return {static_cast<Inner>(static_cast<u128>(inner) - static_cast<u128>(rhs.inner))};
  }
  constexpr FixedPoint neg() const {
    return {static_cast<Inner>(u128{0} - static_cast<u128>(inner))};
  }
  friend constexpr FixedPoint operator+(FixedPoint a, FixedPoint b) { return a.add(b); }
  friend constexpr FixedPoint operator-(FixedPoint a, FixedPoint b) { return a.sub(b); }
  friend constexpr FixedPoint operator-(FixedPoint a) { return a.neg(); }
  // self * other / self / other to the nearest, ties toward -infinity (NearestPrefLow); panics
  // on overflow or division by zero.
  constexpr FixedPoint mul(FixedPoint other) const {
    const auto r = const_checked_mul(other);
    if (!r) detail::fixed_point_panic("attempt to multiply with overflow");
    return r.value_or(FixedPoint{});
  }
  constexpr FixedPoint div(FixedPoint other) const {
    const auto r = const_checked_div(other);
    if (!r) detail::fixed_point_panic("attempt to divide with overflow or NaN");
    return r.value_or(FixedPoint{});
  }
  constexpr std::optional<FixedPoint> const_checked_mul(FixedPoint other) const {
    return const_checked_mul_with_rounding(other, SignedRounding::kNearestPrefLow);
  }
  constexpr std::optional<FixedPoint> const_checked_mul_with_rounding(
      FixedPoint other, SignedRounding rounding) const {
    const detail::I129 a = detail::to_i129(inner);
    const detail::I129 b = detail::to_i129(other.inner);
    const bool negative = a.negative != b.negative;
    return from_magnitude(multiply_by_rational(a.value, b.value, static_cast<u128>(kDiv),
                                               from_signed(rounding, negative)),
                          negative);
  }
  constexpr std::optional<FixedPoint> const_checked_div(FixedPoint other) const {
    return checked_rounding_div(other, SignedRounding::kNearestPrefLow);
  }
  // self / other rounded as asked; nullopt on division by zero or overflow.
  constexpr std::optional<FixedPoint> checked_rounding_div(FixedPoint other,
                                                           SignedRounding rounding) const {
    if (other.inner == 0) return std::nullopt;
    const detail::I129 a = detail::to_i129(inner);
    const detail::I129 b = detail::to_i129(other.inner);
    const bool negative = a.negative != b.negative;
    return from_magnitude(multiply_by_rational(a.value, static_cast<u128>(kDiv), b.value,
                                               from_signed(rounding, negative)),
                          negative);
  }
  // The square root of a non-negative value: isqrt(inner * kDiv), or isqrt(inner) *
  // isqrt(kDiv) when the product does not fit u128 (try_sqrt); nullopt for a negative value.
  constexpr std::optional<FixedPoint> try_sqrt() const {
    if (inner == 0) return FixedPoint{0};
    if (inner < 0) return std::nullopt;
    const u128 v = static_cast<u128>(inner);
    const u128 div = static_cast<u128>(kDiv);
    const u128 r = v > (~u128{0}) / div ? isqrt(v) * isqrt(div) : isqrt(v * div);
    return FixedPoint{static_cast<Inner>(r)};
  }
  constexpr FixedPoint sqrt() const {
    const auto r = try_sqrt();
    if (!r) detail::fixed_point_panic("sqrt overflow or negative input");
    return r.value_or(FixedPoint{});
  }

  // --- The traits (CheckedMul, CheckedDiv, Saturating): toward zero.

  constexpr std::optional<FixedPoint> checked_mul(FixedPoint other) const {
    return const_checked_mul_with_rounding(other, SignedRounding::kMinor);
  }
  constexpr FixedPoint saturating_mul(FixedPoint other) const {
    return checked_mul(other).value_or(FixedPoint{detail::to_bound<Inner>(inner, other.inner)});
  }
  constexpr std::optional<FixedPoint> checked_div(FixedPoint other) const {
    return checked_rounding_div(other, SignedRounding::kMinor);
  }
  constexpr std::optional<FixedPoint> checked_add(FixedPoint other) const {
    Inner r{};
    if (__builtin_add_overflow(inner, other.inner, &r)) return std::nullopt;
    return FixedPoint{r};
  }
  constexpr std::optional<FixedPoint> checked_sub(FixedPoint other) const {
    Inner r{};
    if (__builtin_sub_overflow(inner, other.inner, &r)) return std::nullopt;
    return FixedPoint{r};
  }
  constexpr FixedPoint saturating_add(FixedPoint other) const {
    return checked_add(other).value_or(other.inner < 0 ? min_value() : max_value());
  }
  constexpr FixedPoint saturating_sub(FixedPoint other) const {
    return checked_sub(other).value_or(other.inner > 0 || !kSigned ? min_value() : max_value());
  }
  // self^exp by squaring, saturating at every step.
  constexpr FixedPoint saturating_pow(uint32_t exp) const {
    FixedPoint result = one();
    FixedPoint base = *this;
    while (exp != 0) {
      if ((exp & 1) != 0) result = result.saturating_mul(base);
      exp >>= 1;
      // The last squaring does not change the result; skipping it only avoids the work.
      if (exp != 0) base = base.saturating_mul(base);
    }
    return result;
  }
  constexpr FixedPoint saturating_abs() const {
    if (inner >= 0) return *this;
    return inner == detail::min_value_of<Inner>() ? max_value() : neg();
  }
  // 1 / self; nullopt for zero.
  constexpr std::optional<FixedPoint> reciprocal() const { return one().checked_div(*this); }

  // --- With integers: self * n and self / d toward zero.

  template <FixedOperand N>
  constexpr std::optional<N> checked_mul_int(N n) const {
    const detail::I129 a = detail::to_i129(inner);
    const detail::I129 b = detail::to_i129(n);
    const bool negative = a.negative != b.negative;
    const auto value = multiply_by_rational(a.value, b.value, static_cast<u128>(kDiv),
                                            from_signed(SignedRounding::kMinor, negative));
    if (!value) return std::nullopt;
    return detail::from_i129<N>({*value, negative});
  }
  template <FixedOperand N>
  constexpr N saturating_mul_int(N n) const {
    return checked_mul_int(n).value_or(detail::to_bound<N>(inner, n));
  }
  template <FixedOperand N>
  constexpr std::optional<N> checked_div_int(N d) const {
    const detail::I129 a = detail::to_i129(inner);
    const detail::I129 b = detail::to_i129(d);
    if (b.value == 0) return std::nullopt;
    return detail::from_i129<N>(
        {a.value / b.value / static_cast<u128>(kDiv), a.negative != b.negative});
  }
  // self * n + n, saturating (saturating_mul_acc_int).
  template <FixedOperand N>
  constexpr N saturating_mul_acc_int(N n) const {
    if (is_negative() && n > N{0}) {
      // n - |self| * n: n is positive, so only an unsigned N can go below its minimum.
      const N product = zero().saturating_sub(*this).saturating_mul_int(n);
      if constexpr (detail::kIsSigned<N>) {
        return static_cast<N>(n - product);
      } else {
        return n > product ? static_cast<N>(n - product) : N{0};
      }
    }
    const N product = saturating_mul_int(n);
    N r{};
    if (__builtin_add_overflow(product, n, &r)) {
      return n < N{0} ? detail::min_value_of<N>() : detail::max_value_of<N>();
    }
    return r;
  }

  // --- Into per-things.

  // Clamped to [0, 1], nearest with ties down (the const into_perbill).
  constexpr Perbill into_perbill() const {
    if (inner <= 0) return Perbill::zero();
    if (inner >= kDiv) return Perbill::one();
    const auto value = multiply_by_rational(static_cast<u128>(inner), 1'000'000'000,
                                            static_cast<u128>(kDiv), Rounding::kNearestPrefDown);
    return value ? Perbill::from_parts(static_cast<uint32_t>(*value)) : Perbill::zero();
  }
  // inner / kDiv rounded down if self is in [0, 1]; otherwise nullopt (FRAME's Err with the
  // clamped value, which into_clamped_perthing returns).
  template <PerThingType P>
  constexpr std::optional<P> try_into_perthing() const {
    if (inner < 0 || inner > kDiv) return std::nullopt;
    return P::from_rational(static_cast<u128>(inner), static_cast<u128>(kDiv));
  }
  template <PerThingType P>
  constexpr P into_clamped_perthing() const {
    if (inner < 0) return P::zero();
    if (inner > kDiv) return P::one();
    return P::from_rational(static_cast<u128>(inner), static_cast<u128>(kDiv));
  }

  constexpr FixedPoint clamp(FixedPoint low, FixedPoint high) const {
    return inner < low.inner ? low : (inner > high.inner ? high : *this);
  }

  constexpr auto operator<=>(const FixedPoint&) const = default;
  CANARY_SCALE_FIELDS(inner)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_arithmetic", "fixed_point", Tag::kName});
    b.typed_field<Inner>(std::nullopt, Tag::kInnerName);
  }

 private:
  static constexpr std::optional<FixedPoint> from_magnitude(std::optional<u128> value,
                                                            bool negative) {
    if (!value) return std::nullopt;
    const auto r = detail::from_i129<Inner>({*value, negative});
    if (!r) return std::nullopt;
    return FixedPoint{*r};
  }
};

struct FixedI64Tag {
  static constexpr const char* kName = "FixedI64";
  static constexpr const char* kInnerName = "i64";
};
struct FixedU64Tag {
  static constexpr const char* kName = "FixedU64";
  static constexpr const char* kInnerName = "u64";
};
struct FixedI128Tag {
  static constexpr const char* kName = "FixedI128";
  static constexpr const char* kInnerName = "i128";
};
struct FixedU128Tag {
  static constexpr const char* kName = "FixedU128";
  static constexpr const char* kInnerName = "u128";
};
using FixedI64 = FixedPoint<int64_t, 1'000'000'000, FixedI64Tag>;
using FixedU64 = FixedPoint<uint64_t, 1'000'000'000, FixedU64Tag>;
using FixedI128 = FixedPoint<i128, 1'000'000'000'000'000'000, FixedI128Tag>;
using FixedU128 = FixedPoint<u128, 1'000'000'000'000'000'000, FixedU128Tag>;

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
