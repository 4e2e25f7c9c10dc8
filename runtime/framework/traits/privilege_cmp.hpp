// frame_support::traits::PrivilegeCmp: how the privileges of two origins compare (Scheduler: only
// an origin at least as privileged as the one that scheduled a task may cancel it or set its
// retries). `cmp_privilege(left, right)` is none when they cannot be compared.
#pragma once

#include <compare>
#include <concepts>
#include <optional>

#include "runtime/framework/origins/origin.hpp"

namespace canary::rt::traits {

template <class P>
concept PrivilegeCmp = requires(const Origin& left, const Origin& right) {
  { P::cmp_privilege(left, right) } -> std::same_as<std::optional<std::strong_ordering>>;
};

// frame_support::traits::EqualPrivilegeOnly: equal origins compare equal, nothing else compares.
struct EqualPrivilegeOnly {
  static std::optional<std::strong_ordering> cmp_privilege(const Origin& left,
                                                           const Origin& right) {
    if (left == right) return std::strong_ordering::equal;
    return std::nullopt;
  }
};

// frame_support::traits::EqualOrGreatestRootCmp, which Kusama writes out as its own
// OriginPrivilegeCmp (polkadot-fellows relay/kusama/src/lib.rs): equal origins compare equal,
// Root is above any other, nothing else compares.
struct EqualOrGreatestRootCmp {
  static std::optional<std::strong_ordering> cmp_privilege(const Origin& left,
                                                           const Origin& right) {
    if (left == right) return std::strong_ordering::equal;
    if (left.is_root()) return std::strong_ordering::greater;
    if (right.is_root()) return std::strong_ordering::less;
    return std::nullopt;
  }
};

}  // namespace canary::rt::traits
