// sp-arithmetic's rounding modes: every fixed-point and per-thing operation names the one FRAME
// uses, since a result one unit off is a different state root (sp-arithmetic per_things.rs).
#pragma once

#include <cstdint>

namespace canary::rt::arithmetic {

// sp-arithmetic Rounding (for unsigned quantities).
enum class Rounding : uint8_t { kUp, kDown, kNearestPrefUp, kNearestPrefDown };

// sp-arithmetic SignedRounding (for signed quantities): High/Low toward +/-infinity, Major/Minor
// away from/toward zero, the Nearest* ones to the nearest value with ties going as named.
enum class SignedRounding : uint8_t {
  kHigh,
  kLow,
  kNearestPrefHigh,
  kNearestPrefLow,
  kMajor,
  kMinor,
  kNearestPrefMajor,
  kNearestPrefMinor,
};

// Rounding::from_signed: the unsigned rounding of a magnitude that gives the signed result.
constexpr Rounding from_signed(SignedRounding rounding, bool negative) {
  switch (rounding) {
    case SignedRounding::kMajor:
      return Rounding::kUp;
    case SignedRounding::kMinor:
      return Rounding::kDown;
    case SignedRounding::kHigh:
      return negative ? Rounding::kDown : Rounding::kUp;
    case SignedRounding::kLow:
      return negative ? Rounding::kUp : Rounding::kDown;
    case SignedRounding::kNearestPrefMajor:
      return Rounding::kNearestPrefUp;
    case SignedRounding::kNearestPrefMinor:
      return Rounding::kNearestPrefDown;
    case SignedRounding::kNearestPrefHigh:
      return negative ? Rounding::kNearestPrefDown : Rounding::kNearestPrefUp;
    case SignedRounding::kNearestPrefLow:
      return negative ? Rounding::kNearestPrefUp : Rounding::kNearestPrefDown;
  }
  return Rounding::kDown;
}

}  // namespace canary::rt::arithmetic
