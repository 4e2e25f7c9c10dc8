// sp-arithmetic's per-things (Perbill, Permill, Perquintill: parts of 10^9, 10^6, 10^18 in
// [0, 1]) with FRAME's exact rounding (substrate/primitives/arithmetic/src/per_things.rs).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::arithmetic {

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

}  // namespace canary::rt::arithmetic
