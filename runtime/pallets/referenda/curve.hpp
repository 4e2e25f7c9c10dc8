// pallet_referenda::types::Curve: the approval and support thresholds of a track as functions of
// the fraction x of the decision period elapsed (threshold), their inverse (delay: the earliest x
// at which a level y passes), and the const constructors Kusama's tracks are written with
// (make_linear, make_reciprocal). The arithmetic is FRAME's, rounding for rounding (polkadot-sdk
// substrate/frame/referenda/src/types.rs, pallet-referenda 42): Perbill products floor,
// LinearDecreasing divides down (threshold) and up (delay), Reciprocal divides its factor with
// SignedRounding::Low (threshold) and High (delay), and a level above a Reciprocal curve's maximum
// has delay one ("never"), not zero, because try_into_perthing refuses negative values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/fixed_point.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/arithmetic/rounding.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::pallets::referenda {

using arithmetic::FixedI64;
using arithmetic::Perbill;

struct Curve {
  // Linear from `ceil` at x = 0 down to `floor` at x = length, then flat.
  struct LinearDecreasing {
    static constexpr uint8_t kScaleIndex = 0;
    Perbill length;
    Perbill floor;
    Perbill ceil;
    constexpr bool operator==(const LinearDecreasing&) const = default;
    CANARY_SCALE_FIELDS(length, floor, ceil)
  };
  // `begin`, then `step` lower every `period`, never below `end`.
  struct SteppedDecreasing {
    static constexpr uint8_t kScaleIndex = 1;
    Perbill begin;
    Perbill end;
    Perbill step;
    Perbill period;
    constexpr bool operator==(const SteppedDecreasing&) const = default;
    CANARY_SCALE_FIELDS(begin, end, step, period)
  };
  // factor / (x + x_offset) + y_offset, clamped to [0, 1].
  struct Reciprocal {
    static constexpr uint8_t kScaleIndex = 2;
    FixedI64 factor;
    FixedI64 x_offset;
    FixedI64 y_offset;
    constexpr bool operator==(const Reciprocal&) const = default;
    CANARY_SCALE_FIELDS(factor, x_offset, y_offset)
  };

  std::variant<LinearDecreasing, SteppedDecreasing, Reciprocal> value;
  constexpr bool operator==(const Curve&) const = default;

  static constexpr Curve linear(Perbill length, Perbill floor, Perbill ceil) {
    return {LinearDecreasing{length, floor, ceil}};
  }
  static constexpr Curve stepped(Perbill begin, Perbill end, Perbill step, Perbill period) {
    return {SteppedDecreasing{begin, end, step, period}};
  }
  static constexpr Curve reciprocal(FixedI64 factor, FixedI64 x_offset, FixedI64 y_offset) {
    return {Reciprocal{factor, x_offset, y_offset}};
  }

  // Curve::make_linear(length, period, floor, ceil): down from ceil to floor over length/period.
  static constexpr Curve make_linear(uint64_t length, uint64_t period, FixedI64 floor,
                                     FixedI64 ceil) {
    return linear(FixedI64::from_rational(length, period).into_perbill(), floor.into_perbill(),
                  ceil.into_perbill());
  }

  // Curve::make_reciprocal(delay, period, level, floor, ceil): the reciprocal curve from ceil
  // (at 0) towards floor that is at `level` after delay/period, found by FRAME's bisection over
  // the factor in steps of one raw unit (ties go to the upper bound).
  static constexpr Curve make_reciprocal(uint64_t delay, uint64_t period, FixedI64 level,
                                         FixedI64 floor, FixedI64 ceil) {
    const Perbill x = FixedI64::from_rational(delay, period).into_perbill();
    struct Bound {
      FixedI64 factor;
      Reciprocal curve;
      FixedI64 distance;
    };
    const FixedI64 far = FixedI64::from_inner(INT64_MAX);
    Bound low{FixedI64::from_u32(0), reciprocal_from_parts(FixedI64::from_u32(0), floor, ceil),
              far};
    Bound high{FixedI64::from_u32(1), reciprocal_from_parts(FixedI64::from_u32(1), floor, ceil),
               far};
    const FixedI64 two = FixedI64::from_u32(2);
    while (high.factor.sub(low.factor).into_inner() > 1) {
      const FixedI64 factor = low.factor.add(high.factor).div(two);
      const Reciprocal curve = reciprocal_from_parts(factor, floor, ceil);
      const FixedI64 curve_level = FixedI64::from_perbill(const_threshold(curve, x));
      if (curve_level.into_inner() > level.into_inner()) {
        high = Bound{factor, curve, curve_level.sub(level)};
      } else {
        low = Bound{factor, curve, level.sub(curve_level)};
      }
    }
    return {low.distance.into_inner() < high.distance.into_inner() ? low.curve : high.curve};
  }

  // The level needed to pass at x.
  constexpr Perbill threshold(Perbill x) const {
    if (const auto* l = std::get_if<LinearDecreasing>(&value)) {
      return l->ceil.saturating_sub(
          std::min(x, l->length).saturating_div(l->length, arithmetic::Rounding::kDown) *
          l->ceil.saturating_sub(l->floor));
    }
    if (const auto* s = std::get_if<SteppedDecreasing>(&value)) {
      const Perbill down = std::min(s->step.int_mul(x.int_div(s->period)), s->begin);
      return std::max(s->begin.saturating_sub(down), s->end);
    }
    const auto& r = std::get<Reciprocal>(value);
    const auto yp = r.factor.checked_rounding_div(FixedI64::from_per_thing(x).add(r.x_offset),
                                                  arithmetic::SignedRounding::kLow);
    if (!yp) return Perbill::one();
    return yp->add(r.y_offset).template into_clamped_perthing<Perbill>();
  }

  // The smallest x at which the level y passes (one: never within the period).
  constexpr Perbill delay(Perbill y) const {
    if (const auto* l = std::get_if<LinearDecreasing>(&value)) {
      if (y < l->floor) return Perbill::one();
      if (y > l->ceil) return Perbill::zero();
      return l->ceil.saturating_sub(y)
          .saturating_div(l->ceil.saturating_sub(l->floor), arithmetic::Rounding::kUp)
          .saturating_mul(l->length);
    }
    if (const auto* s = std::get_if<SteppedDecreasing>(&value)) {
      if (y < s->end) return Perbill::one();
      const Perbill above = s->begin.saturating_sub(std::min(y, s->begin));
      return s->period.int_mul(above.saturating_add(s->step.less_epsilon()).int_div(s->step));
    }
    const auto& r = std::get<Reciprocal>(value);
    const auto term = r.factor.checked_rounding_div(FixedI64::from_per_thing(y).sub(r.y_offset),
                                                    arithmetic::SignedRounding::kHigh);
    if (!term) return Perbill::one();
    return term->sub(r.x_offset).template try_into_perthing<Perbill>().value_or(Perbill::one());
  }

  // Whether the level y passes at x.
  constexpr bool passing(Perbill x, Perbill y) const { return y >= threshold(x); }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_referenda", "types", "Curve"});
    meta::Registry& r = b.registry();
    b.variant(0, "LinearDecreasing",
              {meta::field_of<Perbill>(r, "length", "Perbill"),
               meta::field_of<Perbill>(r, "floor", "Perbill"),
               meta::field_of<Perbill>(r, "ceil", "Perbill")});
    b.variant(1, "SteppedDecreasing",
              {meta::field_of<Perbill>(r, "begin", "Perbill"),
               meta::field_of<Perbill>(r, "end", "Perbill"),
               meta::field_of<Perbill>(r, "step", "Perbill"),
               meta::field_of<Perbill>(r, "period", "Perbill")});
    b.variant(2, "Reciprocal",
              {meta::field_of<FixedI64>(r, "factor", "FixedI64"),
               meta::field_of<FixedI64>(r, "x_offset", "FixedI64"),
               meta::field_of<FixedI64>(r, "y_offset", "FixedI64")});
  }

 private:
  // pos_quad_solution(a, b, c): the positive root of a·x² + b·x + c, with the const ops.
  static constexpr FixedI64 pos_quad_solution(FixedI64 a, FixedI64 b, FixedI64 c) {
    const FixedI64 two = FixedI64::from_u32(2);
    const FixedI64 four = FixedI64::from_u32(4);
    return b.neg().add(b.mul(b).sub(four.mul(a).mul(c)).sqrt()).div(two.mul(a));
  }
  static constexpr Reciprocal reciprocal_from_parts(FixedI64 factor, FixedI64 floor,
                                                    FixedI64 ceil) {
    const FixedI64 delta = ceil.sub(floor);
    const FixedI64 x_offset = pos_quad_solution(delta, delta, factor.neg());
    const FixedI64 y_offset = floor.sub(factor.div(FixedI64::from_u32(1).add(x_offset)));
    return {factor, x_offset, y_offset};
  }
  // const_threshold for a Reciprocal curve: into_perbill (nearest) rather than the clamp.
  static constexpr Perbill const_threshold(const Reciprocal& r, Perbill x) {
    const auto yp = r.factor.checked_rounding_div(FixedI64::from_perbill(x).add(r.x_offset),
                                                  arithmetic::SignedRounding::kLow);
    if (!yp) return Perbill::one();
    return yp->add(r.y_offset).into_perbill();
  }
};

}  // namespace canary::rt::pallets::referenda
