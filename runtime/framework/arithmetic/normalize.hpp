// sp-arithmetic's `normalize` (Normalizable, for unsigned integers and per-things) and
// `ThresholdOrd::tcmp` (substrate/primitives/arithmetic/src/lib.rs). npos-elections uses both: a
// voter's edge weights and an assignment's ratios are normalised to sum to exactly the budget
// (or one), and election scores are compared up to a threshold.
//
// normalize(input, target): the values moved so that they sum to `target`, the order of the
// items kept. The difference is spread `diff / n` at a time over the items sorted by value (a
// stable sort), the smallest first when the sum is short (moving to the next one at
// `target / n`), the largest first when it is over (moving to the next at the smallest value,
// saturating at zero and carrying what could not be taken); the remainder `diff % n` one unit at
// a time the same way. Errors (as sp-arithmetic's strings): the sum or the count does not fit T.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"

namespace canary::rt::arithmetic {

inline constexpr const char* kNormalizeSumOverflow = "sum of input cannot fit in `T`";
inline constexpr const char* kNormalizeCountOverflow = "length of `inputs` cannot fit in `T`";

template <UnsignedOperand T>
Result<std::vector<T>, const char*> normalize(std::span<const T> input, T targeted_sum) {
  const T max = static_cast<T>(~T{0});
  T sum = 0;
  for (const T t : input) {
    if (t > static_cast<T>(max - sum)) return unexpected(kNormalizeSumOverflow);
    sum = static_cast<T>(sum + t);
  }
  const size_t count = input.size();
  if (static_cast<u128>(count) > static_cast<u128>(max)) {
    return unexpected(kNormalizeCountOverflow);
  }
  if (count == 0) return std::vector<T>{};
  const T diff =
      targeted_sum > sum ? static_cast<T>(targeted_sum - sum) : static_cast<T>(sum - targeted_sum);
  if (diff == 0) return std::vector<T>(input.begin(), input.end());

  const T count_t = static_cast<T>(count);
  const bool needs_bump = targeted_sum > sum;
  const T per_round = static_cast<T>(diff / count_t);
  T leftover = static_cast<T>(diff % count_t);

  // (original index, value), sorted once by value, equal values in input order (Rust's
  // sort_by_key is stable).
  std::vector<std::pair<size_t, T>> items;
  items.reserve(count);
  for (size_t i = 0; i < count; ++i) items.emplace_back(i, input[i]);
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });

  if (needs_bump) {
    // Raise from the smallest; at `threshold` move on to the next one (cyclically).
    size_t min_index = 0;
    const T threshold = static_cast<T>(targeted_sum / count_t);
    if (per_round != 0) {
      for (size_t i = 0; i < count; ++i) {
        items[min_index].second = static_cast<T>(items[min_index].second + per_round);
        if (items[min_index].second >= threshold) min_index = (min_index + 1) % count;
      }
    }
    while (leftover != 0) {
      items[min_index].second = static_cast<T>(items[min_index].second + 1);
      if (items[min_index].second >= threshold) min_index = (min_index + 1) % count;
      leftover = static_cast<T>(leftover - 1);
    }
  } else {
    // Lower from the largest; at the smallest value move on to the previous one (cyclically).
    size_t max_index = count - 1;
    const T threshold = items.front().second;
    const auto previous = [count](size_t index) { return index == 0 ? count - 1 : index - 1; };
    if (per_round != 0) {
      for (size_t i = 0; i < count; ++i) {
        T& value = items[max_index].second;
        if (value >= per_round) {
          value = static_cast<T>(value - per_round);
        } else {
          leftover = static_cast<T>(leftover + (per_round - value));
          value = 0;
        }
        if (value <= threshold) max_index = previous(max_index);
      }
    }
    while (leftover != 0) {
      T& value = items[max_index].second;
      if (value >= 1) {
        value = static_cast<T>(value - 1);
        if (value <= threshold) max_index = previous(max_index);
        leftover = static_cast<T>(leftover - 1);
      } else {
        max_index = previous(max_index);
      }
    }
  }

  std::vector<T> output(count);
  for (const auto& [index, value] : items) output[index] = value;
  return output;
}

// Normalizable for per-things: the parts, widened to the per-thing's upper type, normalised to
// `targeted_sum`'s parts, then saturated back into the inner type (from_parts clamps at one).
template <PerThingType P>
Result<std::vector<P>, const char*> normalize(std::span<const P> input, P targeted_sum) {
  using Upper = typename P::Upper;
  using Inner = typename P::Inner;
  std::vector<Upper> uppers;
  uppers.reserve(input.size());
  for (const P p : input) uppers.push_back(static_cast<Upper>(p.deconstruct()));
  auto normalized =
      normalize<Upper>(std::span<const Upper>(uppers), static_cast<Upper>(targeted_sum.parts));
  if (!normalized) return unexpected(normalized.error());
  std::vector<P> output;
  output.reserve(input.size());
  const Upper inner_max = static_cast<Upper>(static_cast<Inner>(~Inner{0}));
  for (const Upper u : *normalized) {
    output.push_back(P::from_parts(static_cast<Inner>(std::min(u, inner_max))));
  }
  return output;
}

// ThresholdOrd::tcmp: `self` against `other` with `threshold` of slack either side: greater only
// above other + threshold, less only below other - threshold (both saturating), equal otherwise.
template <UnsignedOperand T>
constexpr std::strong_ordering tcmp(T self, T other, T threshold) {
  if (threshold == 0) return self <=> other;
  const T max = static_cast<T>(~T{0});
  const T upper = other > static_cast<T>(max - threshold) ? max : static_cast<T>(other + threshold);
  const T lower = other > threshold ? static_cast<T>(other - threshold) : T{0};
  if (upper <= lower) return self <=> other;  // defensive only
  if (self > lower && self > upper) return std::strong_ordering::greater;
  if (self < lower && self < upper) return std::strong_ordering::less;
  return std::strong_ordering::equal;
}

}  // namespace canary::rt::arithmetic
