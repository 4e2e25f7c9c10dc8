// sp-arithmetic's Rational128 (substrate/primitives/arithmetic/src/rational.rs): n / d with u128
// parts, compared exactly (256-bit cross products), added and subtracted over the least common
// multiple of the denominators. npos-elections' scores and PhragMMS use it.
#pragma once

#include <compare>
#include <optional>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"

namespace canary::rt::arithmetic {

class Rational128 {
 public:
  constexpr Rational128() = default;

  static constexpr Rational128 zero() { return {0, 1}; }
  static constexpr Rational128 one() { return {1, 1}; }
  static constexpr Rational128 min_value() { return {0, 1}; }
  static constexpr Rational128 max_value() { return {kU128Max, 1}; }
  // n / d, a zero d taken as 1 (Rational128::from).
  static constexpr Rational128 from(u128 n, u128 d) { return {n, d == 0 ? 1 : d}; }
  // n / d as given: a zero d compares above everything (from_unchecked).
  static constexpr Rational128 from_unchecked(u128 n, u128 d) { return {n, d}; }
  // An integer: n / 1 (From<T: Into<u128>>).
  static constexpr Rational128 from_integer(u128 n) { return {n, 1}; }

  constexpr u128 n() const { return n_; }
  constexpr u128 d() const { return d_; }
  constexpr bool is_zero() const { return n_ == 0; }

  // The same value over `den`, n * den / d to the nearest (ties down); nullopt when it does not
  // fit or d is zero (to_den).
  constexpr std::optional<Rational128> to_den(u128 den) const {
    if (den == d_) return *this;
    const auto n = multiply_by_rational(n_, den, d_, Rounding::kNearestPrefDown);
    if (!n) return std::nullopt;
    return Rational128{*n, den};
  }
  // The least common multiple of both denominators; nullopt when it does not fit u128 or a
  // denominator is zero (checked_lcm).
  constexpr std::optional<u128> lcm(const Rational128& other) const {
    if (d_ == 0 || other.d_ == 0) return std::nullopt;
    if (d_ == other.d_) return d_;
    return multiply_by_rational(d_, other.d_, gcd(d_, other.d_), Rounding::kNearestPrefDown);
  }
  // Saturating add/sub of numerators that assume the same denominator (lazy_saturating_*).
  constexpr Rational128 lazy_saturating_add(Rational128 other) const {
    return other.is_zero() ? *this : Rational128{saturating_add(n_, other.n_), d_};
  }
  constexpr Rational128 lazy_saturating_sub(Rational128 other) const {
    return other.is_zero() ? *this : Rational128{saturating_sub(n_, other.n_), d_};
  }
  // Both over their lcm, then the numerators added or subtracted; nullopt on a zero
  // denominator, overflow or (sub) a negative result.
  constexpr std::optional<Rational128> checked_add(Rational128 other) const {
    Rational128 a;
    Rational128 b;
    if (!over_lcm(other, a, b) || a.n_ > kU128Max - b.n_) return std::nullopt;
    return Rational128{a.n_ + b.n_, a.d_};
  }
  constexpr std::optional<Rational128> checked_sub(Rational128 other) const {
    Rational128 a;
    Rational128 b;
    if (!over_lcm(other, a, b) || b.n_ > a.n_) return std::nullopt;
    return Rational128{a.n_ - b.n_, a.d_};
  }

  // Exact: n1 * d2 against n2 * d1 in 256 bits; a zero denominator is above every other value.
  friend constexpr std::strong_ordering operator<=>(const Rational128& a, const Rational128& b) {
    if (a.d_ == b.d_) return a.n_ <=> b.n_;
    if (a.d_ == 0) return std::strong_ordering::greater;
    if (b.d_ == 0) return std::strong_ordering::less;
    return cross(a, b);
  }
  friend constexpr bool operator==(const Rational128& a, const Rational128& b) {
    if (a.d_ == b.d_) return a.n_ == b.n_;
    return cross(a, b) == std::strong_ordering::equal;
  }

 private:
  constexpr Rational128(u128 n, u128 d) : n_(n), d_(d) {}

  static constexpr std::strong_ordering cross(const Rational128& a, const Rational128& b) {
    u128 left_hi = 0, left_lo = 0, right_hi = 0, right_lo = 0;
    detail::multiply_wide(a.n_, b.d_, left_hi, left_lo);
    detail::multiply_wide(b.n_, a.d_, right_hi, right_lo);
    if (left_hi != right_hi) return left_hi <=> right_hi;
    return left_lo <=> right_lo;
  }

  // Both values over the lcm of their denominators; false when that does not work out.
  constexpr bool over_lcm(Rational128 other, Rational128& a, Rational128& b) const {
    const auto l = lcm(other);
    if (!l) return false;
    const auto scaled_self = to_den(*l);
    const auto scaled_other = other.to_den(*l);
    if (!scaled_self || !scaled_other) return false;
    a = *scaled_self;
    b = *scaled_other;
    return true;
  }

  u128 n_ = 0;
  u128 d_ = 1;
};

}  // namespace canary::rt::arithmetic
