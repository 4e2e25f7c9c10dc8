// pallet_session's disabling of offenders (disabling.rs and Pallet::report_offence, polkadot-sdk
// stable2506): Staking reports each offender of the active era with the offence's severity (its
// slash fraction), and the DisablingStrategy decides whom to disable and whom to re-enable.
// Kusama (FR-1.7.1) uses UpToLimitWithReEnablingDisablingStrategy with its default limit factor 3:
// at most (n - 1) / 3 of the n validators are disabled; at the limit, a new offender replaces the
// least severe disabled one if that one's offence is no more severe, else stays enabled. An
// offender already disabled only has its severity raised. Validators outside the current set
// are not disabled. DisabledValidators is cleared when the set changes (Pallet::rotate_session).
//
// UpToLimitWithReEnabling<Session>::report_offence(stash, severity) is Staking's
// `SessionInterface` (slashing.hpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <tuple>
#include <vector>

#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/pallets/session/session.hpp"

namespace canary::rt::pallets::session {

// pallet_session::disabling::DisablingDecision: the index (in the current set) to disable, and
// the one to re-enable.
struct DisablingDecision {
  std::optional<uint32_t> disable;
  std::optional<uint32_t> reenable;
  bool operator==(const DisablingDecision&) const = default;
};

template <class Session, uint32_t kLimitFactor = 3>
struct UpToLimitWithReEnabling {
  using Disabled = std::vector<std::tuple<uint32_t, OffenceSeverity>>;

  // How many of `validators` may be disabled at once.
  static size_t disable_limit(size_t validators) {
    return validators == 0 ? 0 : (validators - 1) / kLimitFactor;
  }

  static DisablingDecision decision(const AccountId32& offender, OffenceSeverity severity,
                                    const Disabled& currently_disabled) {
    const auto active_set = Session::validators();
    auto at = std::find(active_set.begin(), active_set.end(), offender);
    if (at == active_set.end()) return {};
    const auto offender_index = static_cast<uint32_t>(at - active_set.begin());
    for (const auto& [index, old_severity] : currently_disabled) {
      if (index != offender_index) continue;
      if (severity > old_severity) return {offender_index, std::nullopt};
      return {};
    }
    if (currently_disabled.size() < disable_limit(active_set.size())) {
      return {offender_index, std::nullopt};
    }
    // At the limit: re-enable the least severe offender (the first of them) if it is no more
    // severe than this one.
    std::optional<std::tuple<uint32_t, OffenceSeverity>> smallest;
    for (const auto& entry : currently_disabled) {
      if (std::get<1>(entry) > severity) continue;
      if (!smallest || std::get<1>(entry) < std::get<1>(*smallest)) smallest = entry;
    }
    if (!smallest) return {};
    return {offender_index, std::get<0>(*smallest)};
  }

  // pallet_session::Pallet::report_offence: applies the strategy's decision (ValidatorDisabled
  // and the session handlers' on_disabled for a newly disabled one; ValidatorReenabled).
  static void report_offence(const AccountId32& validator, arithmetic::Perbill fraction) {
    const OffenceSeverity severity{fraction.deconstruct()};
    const DisablingDecision d = decision(validator, severity, Session::DisabledValidators::get());
    if (d.disable) (void)Session::disable_index(*d.disable, severity);
    if (d.reenable) {
      const auto validators = Session::validators();
      Session::DisabledValidators::mutate([&](Disabled& disabled) {
        auto it = std::find_if(disabled.begin(), disabled.end(), [&](const auto& entry) {
          return std::get<0>(entry) == *d.reenable;
        });
        if (it == disabled.end()) return;
        disabled.erase(it);
        if (*d.reenable < validators.size()) {
          Session::deposit_event(typename Session::ValidatorReenabled{validators[*d.reenable]});
        }
      });
    }
  }
};

}  // namespace canary::rt::pallets::session
