// A fixed-width unsigned integer of kLimbs 64-bit limbs with the few floor operations
// sp-arithmetic's BigUint is used for in FRAME (pallet-staking-reward-fn's Taylor series): add,
// subtract, compare, multiply by a u128 and divide by a u64, every division rounding down. The
// width is fixed, so a caller proves its bound; multiply and add report an overflow (nullopt)
// instead of wrapping. No allocation, no floating point: compiled natively and for wasm32.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::rt::arithmetic {

template <size_t kLimbs>
struct WideUint {
  static_assert(kLimbs >= 2, "a WideUint holds at least a u128");

  // Little-endian: limbs[0] is the least significant.
  std::array<uint64_t, kLimbs> limbs{};

  static constexpr WideUint from(u128 x) {
    WideUint r;
    r.limbs[0] = static_cast<uint64_t>(x);
    r.limbs[1] = static_cast<uint64_t>(x >> 64);
    return r;
  }

  constexpr bool is_zero() const {
    for (const uint64_t limb : limbs) {
      if (limb != 0) return false;
    }
    return true;
  }

  // The value as a u128; nullopt when it does not fit.
  constexpr std::optional<u128> to_u128() const {
    for (size_t i = 2; i < kLimbs; ++i) {
      if (limbs[i] != 0) return std::nullopt;
    }
    return (static_cast<u128>(limbs[1]) << 64) | limbs[0];
  }

  // this + other; nullopt on overflow.
  constexpr std::optional<WideUint> checked_add(const WideUint& other) const {
    WideUint r;
    uint64_t carry = 0;
    for (size_t i = 0; i < kLimbs; ++i) {
      const u128 sum = static_cast<u128>(limbs[i]) + other.limbs[i] + carry;
      r.limbs[i] = static_cast<uint64_t>(sum);
      carry = static_cast<uint64_t>(sum >> 64);
    }
    if (carry != 0) return std::nullopt;
    return r;
  }

  // this - other; nullopt when other is greater.
  constexpr std::optional<WideUint> checked_sub(const WideUint& other) const {
    if (*this < other) return std::nullopt;
    WideUint r;
    uint64_t borrow = 0;
    for (size_t i = 0; i < kLimbs; ++i) {
      const uint64_t a = limbs[i];
      const uint64_t b = other.limbs[i];
      r.limbs[i] = a - b - borrow;
      borrow = (a < b || (a == b && borrow != 0)) ? 1 : 0;
    }
    return r;
  }

  // this * m; nullopt on overflow.
  constexpr std::optional<WideUint> checked_mul(u128 m) const {
    const auto low = mul_u64(static_cast<uint64_t>(m), 0);
    const auto high = mul_u64(static_cast<uint64_t>(m >> 64), 1);
    if (!low || !high) return std::nullopt;
    return low->checked_add(*high);
  }

  // floor(this / d); d must not be zero (the quotient of a zero d is zero).
  constexpr WideUint div_floor(uint64_t d) const {
    WideUint q;
    if (d == 0) return q;
    u128 rem = 0;
    for (size_t i = kLimbs; i-- > 0;) {
      const u128 cur = (rem << 64) | limbs[i];
      q.limbs[i] = static_cast<uint64_t>(cur / d);
      rem = cur % d;
    }
    return q;
  }

  friend constexpr std::strong_ordering operator<=>(const WideUint& a, const WideUint& b) {
    for (size_t i = kLimbs; i-- > 0;) {
      if (a.limbs[i] != b.limbs[i]) return a.limbs[i] <=> b.limbs[i];
    }
    return std::strong_ordering::equal;
  }
  friend constexpr bool operator==(const WideUint& a, const WideUint& b) = default;

 private:
  // this * m * 2^(64 * shift); nullopt on overflow.
  constexpr std::optional<WideUint> mul_u64(uint64_t m, size_t shift) const {
    WideUint r;
    uint64_t carry = 0;
    for (size_t i = 0; i < kLimbs; ++i) {
      const u128 product = static_cast<u128>(limbs[i]) * m + carry;
      const uint64_t digit = static_cast<uint64_t>(product);
      carry = static_cast<uint64_t>(product >> 64);
      if (i + shift < kLimbs) {
        r.limbs[i + shift] = digit;
      } else if (digit != 0) {
        return std::nullopt;
      }
    }
    if (carry != 0) return std::nullopt;
    return r;
  }
};

}  // namespace canary::rt::arithmetic
