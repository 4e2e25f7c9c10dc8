// pallet_staking's slashing (slashing.rs and the OnOffenceHandler of pallet/impls.rs,
// pallet-staking 42 as polkadot-sdk stable2506 has it: not paged, UnappliedSlashes an era's Vec).
//
// A reported offence of a validator in an era slashes `fraction` of its own stake and of each of
// its nominators' stake behind it in that era's exposure. Nobody is slashed twice for one era: a
// validator's ValidatorSlashInEra keeps the largest fraction, a nominator's NominatorSlashInEra
// what it owes for the era so far, and only a larger report slashes (the difference). Across eras,
// a stash's slashing spans (SlashingSpans; SpanSlash per span) keep the largest slash of each span,
// and again only the difference to a larger one is taken; a slash in the stash's current span ends
// that span (a new one starts after the reporting era). Stashes are no longer chilled on a slash
// (polkadot-sdk#2650), and disabling is Session's (its DisablingStrategy) through
// T::SessionInterface.
//
// Reporters receive SlashRewardFraction of the slash, of which REWARD_F1 (50 %) on the first
// report of a span, paid out of the slashed funds; the rest goes to T::Slash (Kusama: the
// Treasury). A slash is computed when reported and applied at once (SlashDeferDuration 0) or kept
// in UnappliedSlashes for the era `offence era + SlashDeferDuration + 1`, applied when that era
// starts (apply_unapplied_slashes: the era machinery calls it) unless governance cancels it
// (cancel_deferred_slash).
//
// Applying takes the amount from the stash's ledger (the active bond first, then the unlocking
// chunks: those unlocking at or after `slash era + BondingDuration` proportionally with the active
// bond, StakingLedger::slash) and from its staking hold (fungible::hold::Balanced::slash).
//
// The runtime's configuration T may provide, besides what staking.hpp lists:
//   Slash              an OnUnbalanced of Currency's credits (Kusama: ResolveTo<TreasuryAccount,
//                      Balances>); default: dropped (burned), as FRAME's `()`
//   SessionInterface   `report_offence(stash, Perbill severity)`, Session's disabling (Kusama:
//                      pallet_session's report_offence with
//                      UpToLimitWithReEnablingDisablingStrategy; session/disabling.hpp); default:
//                      no disabling
// Currency must have the hold slash: `Currency::slash(reason, who, amount) -> (Credit, missing)`.
//
// Not here: Staking's EventListeners (nomination pools, delegated staking: Kusama's
// `(NominationPools, DelegatedStaking)`) are not told of slashes; virtual stakers' ledgers are
// slashed but hold nothing to take.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/framework/types/weight.hpp"
#include "runtime/pallets/staking/ledger.hpp"
#include "runtime/pallets/staking/types.hpp"

namespace canary::rt::pallets::staking {

// f_1 in the paper: the share of the reporters' reward paid on the first report of a span.
inline constexpr Perbill kRewardF1 = Perbill::from_percent(50);

// One of a stash's slashing spans: its index, first era and length (none for the ongoing one).
struct SlashingSpan {
  SpanIndex index = 0;
  EraIndex start = 0;
  std::optional<EraIndex> length;
  bool contains_era(EraIndex era) const {
    if (era < start) return false;
    return !length || era_after(start, *length) > era;
  }
};

// The spans, newest (the ongoing one) first: `prior` holds each earlier span's length.
inline std::vector<SlashingSpan> spans_of(const SlashingSpans& s) {
  std::vector<SlashingSpan> out;
  out.reserve(s.count());
  out.push_back({s.span_index, s.last_start, std::nullopt});
  EraIndex last_start = s.last_start;
  SpanIndex index = s.span_index;
  for (const EraIndex length : s.prior) {
    const EraIndex start = era_before(last_start, length);
    last_start = start;
    index = index > 0 ? index - 1 : 0;
    out.push_back({index, start, length});
  }
  return out;
}

// Spans for a stash first slashed now: one span from the start of the bonding window.
inline SlashingSpans new_slashing_spans(EraIndex window_start) {
  SlashingSpans s;
  s.last_start = window_start;
  return s;
}

// Ends the ongoing span: a new one starts at the era after `now`. False (nothing changed) when a
// span already starts there or later.
inline bool end_span(SlashingSpans& s, EraIndex now) {
  const EraIndex next_start = now == UINT32_MAX ? now : now + 1;
  if (next_start <= s.last_start) return false;
  s.prior.insert(s.prior.begin(), next_start - s.last_start);
  s.last_start = next_start;
  if (s.span_index < UINT32_MAX) s.span_index += 1;
  return true;
}

// Forgets the prior spans that ended by `window_start` and moves the ongoing one's start up to it;
// returns the range [first, end) of the span indices forgotten, if any.
inline std::optional<std::pair<SpanIndex, SpanIndex>> prune_spans(SlashingSpans& s,
                                                                  EraIndex window_start) {
  const std::vector<SlashingSpan> all = spans_of(s);
  std::optional<size_t> old;
  for (size_t i = 1; i < all.size(); ++i) {
    if (era_after(all[i].start, *all[i].length) <= window_start) {
      old = i - 1;
      break;
    }
  }
  const auto earliest = [&] {
    const auto n = static_cast<SpanIndex>(s.prior.size());
    return s.span_index > n ? s.span_index - n : 0;
  };
  std::optional<std::pair<SpanIndex, SpanIndex>> pruned;
  if (old) {
    const SpanIndex before = earliest();
    s.prior.resize(*old);
    pruned = std::pair{before, earliest()};
  }
  s.last_start = std::max(s.last_start, window_start);
  return pruned;
}

// StakingLedger::slash: takes up to `value` from the ledger; returns what was taken. With chunks
// unlocking at or after `slash_era + BondingDuration` (funds that were bonded in the slash era),
// the active bond and those chunks are slashed in proportion (rounded up), then the earlier chunks,
// newest first; otherwise the active bond, then the chunks newest first. A part left below
// `minimum_balance` is taken whole.
template <class Ledger>
Balance slash_ledger(Ledger& l, Balance value, Balance minimum_balance, EraIndex slash_era,
                     EraIndex bonding_duration) {
  if (value == 0) return 0;
  auto& chunks = l.unlocking.items;
  const Balance pre_slash_total = l.total;
  const EraIndex slashable_chunks_start = era_after(slash_era, bonding_duration);
  std::optional<arithmetic::Perquintill> ratio;
  std::vector<size_t> priority;
  auto first = std::find_if(chunks.begin(), chunks.end(),
                            [&](const UnlockChunk& c) { return c.era >= slashable_chunks_start; });
  if (first != chunks.end()) {
    const auto first_index = static_cast<size_t>(first - chunks.begin());
    Balance affected = l.active;
    for (size_t i = first_index; i < chunks.size(); ++i) {
      affected = arithmetic::saturating_add(affected, chunks[i].value);
    }
    ratio = arithmetic::Perquintill::from_rational_with_rounding(value, affected,
                                                                 arithmetic::Rounding::kUp)
                .value_or(arithmetic::Perquintill::one());
    for (size_t i = first_index; i < chunks.size(); ++i) priority.push_back(i);
    for (size_t i = first_index; i > 0; --i) priority.push_back(i - 1);
  } else {
    for (size_t i = chunks.size(); i > 0; --i) priority.push_back(i - 1);
  }
  Balance remaining = value;
  const auto slash_out_of = [&](Balance& target) {
    Balance taken = ratio ? ratio->mul_ceil(target) : remaining;
    taken = std::min({taken, target, remaining});
    target -= taken;
    if (target < minimum_balance) {
      // Dust goes with it.
      taken += std::exchange(target, Balance{0});
    }
    l.total = arithmetic::saturating_sub(l.total, taken);
    remaining = arithmetic::saturating_sub(remaining, taken);
  };
  slash_out_of(l.active);
  for (const size_t i : priority) {
    if (remaining == 0) break;
    slash_out_of(chunks[i].value);
  }
  std::erase_if(chunks, [](const UnlockChunk& c) { return c.value == 0; });
  return pre_slash_total - l.total;
}

// The configuration's optional members.
template <class T>
struct SlashHandlerOf {
  using Type = traits::fungible::DropImbalance;
};
template <class T>
  requires requires { typename T::Slash; }
struct SlashHandlerOf<T> {
  using Type = typename T::Slash;
};
template <class T>
concept HasSessionInterface = requires(const AccountId32& who, Perbill severity) {
  T::SessionInterface::report_offence(who, severity);
};

// The offender's stash: the offender itself, or the first element of its identification tuple.
template <class Offender>
AccountId32 offender_stash(const Offender& offender) {
  if constexpr (std::is_same_v<Offender, AccountId32>) {
    return offender;
  } else {
    return std::get<0>(offender);
  }
}

// Slashing for the staking pallet P of the runtime T.
template <class T, class P>
struct Slashing {
  using Currency = typename T::Currency;
  using CreditT = traits::fungible::Credit<Currency>;
  using SlashHandler = typename SlashHandlerOf<T>::Type;
  using Details = traits::staking::OffenceDetails<AccountId32>;

  static_assert(
      requires(const typename Currency::HoldReason& reason, const AccountId32& who,
               Balance amount) {
        { Currency::slash(reason, who, amount) } -> std::same_as<std::pair<CreditT, Balance>>;
      },
      "Staking's Currency must slash holds (fungible::hold::Balanced::slash)");
  static_assert(traits::fungible::OnUnbalanced<SlashHandler, CreditT>);

  // What compute_slash needs (slashing.rs SlashParams).
  struct Params {
    AccountId32 stash;
    Perbill slash;
    const Exposure* exposure = nullptr;
    EraIndex slash_era = 0;
    EraIndex window_start = 0;
    EraIndex now = 0;
    Perbill reward_proportion;
  };

  // A stash's spans under inspection (InspectingSpans): what is slashed and paid out accrues in
  // the caller's counters; the spans are written back (pruned to the window) when it goes out of
  // scope, if a slash or reward changed them.
  class InspectingSpans {
   public:
    InspectingSpans(const AccountId32& stash, EraIndex window_start, Balance& paid_out,
                    Balance& slash_of, Perbill reward_proportion)
        : window_start_(window_start),
          stash_(stash),
          paid_out_(paid_out),
          slash_of_(slash_of),
          reward_proportion_(reward_proportion) {
      if (auto stored = P::SlashingSpans::get(stash)) {
        spans_ = std::move(*stored);
      } else {
        spans_ = new_slashing_spans(window_start);
        P::SlashingSpans::insert(stash, spans_);
      }
    }
    InspectingSpans(const InspectingSpans&) = delete;
    InspectingSpans& operator=(const InspectingSpans&) = delete;
    ~InspectingSpans() {
      if (!dirty_) return;
      if (auto pruned = prune_spans(spans_, window_start_)) {
        for (SpanIndex i = pruned->first; i < pruned->second; ++i)
          P::SpanSlash::remove({stash_, i});
      }
      P::SlashingSpans::insert(stash_, spans_);
    }

    SpanIndex span_index() const { return spans_.span_index; }
    void end_span(EraIndex now) { dirty_ = staking::end_span(spans_, now) || dirty_; }
    std::optional<SlashingSpan> era_span(EraIndex era) const {
      for (const SlashingSpan& span : spans_of(spans_)) {
        if (span.contains_era(era)) return span;
      }
      return std::nullopt;
    }

    // Compares the era's slash with its span's largest: a larger one is recorded and the
    // difference slashed; the reporters' reward (REWARD_F1 of the reward fraction of the span's
    // slash, less what was paid out already) is paid on a new or equal maximum. Returns the span
    // of the era, if the era is in one.
    std::optional<SpanIndex> compare_and_update_span_slash(EraIndex slash_era, Balance slash) {
      const std::optional<SlashingSpan> target = era_span(slash_era);
      if (!target) return std::nullopt;
      const std::tuple<AccountId32, SpanIndex> key{stash_, target->index};
      SpanRecord record = P::SpanSlash::get(key);
      bool changed = false;
      Balance reward = 0;
      const auto reward_of = [&] {
        const Balance due = reward_proportion_ * slash;
        return kRewardF1 * arithmetic::saturating_sub(due, record.paid_out);
      };
      if (record.slashed < slash) {
        const Balance difference = slash - record.slashed;
        record.slashed = slash;
        reward = reward_of();
        slash_of_ += difference;
        spans_.last_nonzero_slash = std::max(spans_.last_nonzero_slash, slash_era);
        changed = true;
      } else if (record.slashed == slash) {
        reward = reward_of();
      }
      if (reward != 0) {
        changed = true;
        record.paid_out += reward;
        paid_out_ += reward;
      }
      if (changed) {
        dirty_ = true;
        P::SpanSlash::insert(key, record);
      }
      return target->index;
    }

   private:
    bool dirty_ = false;
    EraIndex window_start_;
    AccountId32 stash_;
    SlashingSpans spans_;
    Balance& paid_out_;
    Balance& slash_of_;
    Perbill reward_proportion_;
  };

  // The validator's whole exposure in the era: the overview and its pages, or the legacy
  // ErasStakers entry (EraInfo::get_full_exposure).
  static Exposure full_exposure(EraIndex era, const AccountId32& validator) {
    auto overview = P::ErasStakersOverview::get(era, validator);
    if (!overview) return P::ErasStakers::get(era, validator);
    Exposure out{overview->total, overview->own, {}};
    out.others.reserve(overview->nominator_count);
    for (Page page = 0; page < overview->page_count; ++page) {
      if (auto p = P::ErasStakersPaged::get(era, validator, page)) {
        out.others.insert(out.others.end(), p->others.begin(), p->others.end());
      }
    }
    return out;
  }

  // Computes the slash of a validator and its nominators (the reporters are the caller's to add),
  // updating the slashing metadata; none when the report is no larger than one already made for
  // the era, or slashes nothing.
  static std::optional<UnappliedSlash> compute_slash(const Params& params) {
    Balance reward_payout = 0;
    Balance val_slashed = 0;
    const Exposure& exposure = *params.exposure;
    const Balance own_slash = params.slash * exposure.own;
    if (params.slash * exposure.total == 0) {
      // Nothing to slash, but the span ends if the offence is in the current one.
      kick_out_if_recent(params);
      return std::nullopt;
    }
    Perbill prior_slash_p;
    if (auto prior = P::ValidatorSlashInEra::get(params.slash_era, params.stash)) {
      prior_slash_p = std::get<0>(*prior);
    }
    // Proportions, not amounts, are compared (no rounding issues).
    if (params.slash.deconstruct() <= prior_slash_p.deconstruct()) return std::nullopt;
    P::ValidatorSlashInEra::insert(params.slash_era, params.stash,
                                   std::tuple<Perbill, Balance>{params.slash, own_slash});
    {
      InspectingSpans spans(params.stash, params.window_start, reward_payout, val_slashed,
                            params.reward_proportion);
      const std::optional<SpanIndex> target =
          spans.compare_and_update_span_slash(params.slash_era, own_slash);
      if (target == spans.span_index()) spans.end_span(params.now);
    }
    UnappliedSlash out;
    out.validator = params.stash;
    out.own = val_slashed;
    reward_payout += slash_nominators(params, prior_slash_p, out.others);
    out.payout = reward_payout;
    return out;
  }

  // Slashes nothing, but ends the stash's span if the offence falls in its current one.
  static void kick_out_if_recent(const Params& params) {
    Balance reward_payout = 0;
    Balance val_slashed = 0;
    InspectingSpans spans(params.stash, params.window_start, reward_payout, val_slashed,
                          params.reward_proportion);
    const std::optional<SlashingSpan> span = spans.era_span(params.slash_era);
    if (span && span->index == spans.span_index()) spans.end_span(params.now);
  }

  // Each nominator's era slash grows by the new fraction's share of its exposure less the prior
  // fraction's; its span decides what of it is due. Returns the reporters' reward.
  static Balance slash_nominators(const Params& params, Perbill prior_slash_p,
                                  std::vector<std::tuple<AccountId32, Balance>>& slashed) {
    Balance reward_payout = 0;
    slashed.reserve(params.exposure->others.size());
    for (const IndividualExposure& nominator : params.exposure->others) {
      Balance nom_slashed = 0;
      const Balance prior = prior_slash_p * nominator.value;
      const Balance now = params.slash * nominator.value;
      Balance era_slash = P::NominatorSlashInEra::get(params.slash_era, nominator.who).value_or(0);
      era_slash += arithmetic::saturating_sub(now, prior);
      P::NominatorSlashInEra::insert(params.slash_era, nominator.who, era_slash);
      {
        InspectingSpans spans(nominator.who, params.window_start, reward_payout, nom_slashed,
                              params.reward_proportion);
        const std::optional<SpanIndex> target =
            spans.compare_and_update_span_slash(params.slash_era, era_slash);
        if (target == spans.span_index()) spans.end_span(params.now);
      }
      slashed.emplace_back(nominator.who, nom_slashed);
    }
    return reward_payout;
  }

  // Takes `value` from the stash's ledger and staking hold (a Slashed event); what the hold lacks
  // is taken off the reporters' reward.
  static void do_slash(const AccountId32& stash, Balance value, Balance& reward_payout,
                       CreditT& slashed_imbalance, EraIndex slash_era) {
    auto l = P::ledger(StakingAccount::stash(stash));
    if (!l) return;
    value =
        slash_ledger(l->data, value, Currency::minimum_balance(), slash_era, T::kBondingDuration);
    if (value == 0) return;
    if (!P::is_virtual_staker(stash)) {
      auto [imbalance, missing] = Currency::slash(P::hold_reason(), stash, value);
      slashed_imbalance.subsume(std::move(imbalance));
      reward_payout = arithmetic::saturating_sub(reward_payout, missing);
    }
    (void)l->update();
    P::deposit_event(typename P::Slashed{stash, value});
  }

  // Applies a computed slash: the validator, then its nominators, then the reporters' reward.
  static void apply_slash(const UnappliedSlash& slash, EraIndex slash_era) {
    CreditT imbalance;
    Balance reward_payout = slash.payout;
    if (slash.own > 0) do_slash(slash.validator, slash.own, reward_payout, imbalance, slash_era);
    for (const auto& [nominator, amount] : slash.others) {
      if (amount > 0) do_slash(nominator, amount, reward_payout, imbalance, slash_era);
    }
    pay_reporters(reward_payout, std::move(imbalance), slash.reporters);
  }

  // The reward (at most what was slashed) shared equally among the reporters; the rest, and the
  // remainder of the division, goes to T::Slash.
  static void pay_reporters(Balance reward_payout, CreditT imbalance,
                            const std::vector<AccountId32>& reporters) {
    if (reward_payout == 0 || reporters.empty()) {
      SlashHandler::on_unbalanced(std::move(imbalance));
      return;
    }
    CreditT rewards = imbalance.extract(std::min(reward_payout, imbalance.peek()));
    const Balance per_reporter = rewards.peek() / reporters.size();
    for (const AccountId32& reporter : reporters) {
      // What the reporter cannot take is burned.
      CreditT left = Currency::resolve(reporter, rewards.extract(per_reporter));
      (void)left;
    }
    imbalance.subsume(std::move(rewards));
    SlashHandler::on_unbalanced(std::move(imbalance));
  }

  // The deferred slashes due at the start of `active_era` (era start calls this).
  static void apply_unapplied_slashes(EraIndex active_era) {
    const std::vector<UnappliedSlash> due = P::UnappliedSlashes::take(active_era);
    const EraIndex slash_era = era_before(active_era, T::kSlashDeferDuration);
    for (const UnappliedSlash& slash : due) apply_slash(slash, slash_era);
  }

  // The era's slashing records, when it leaves the bonding window.
  static void clear_era_metadata(EraIndex obsolete_era) {
    (void)P::ValidatorSlashInEra::clear_prefix(obsolete_era);
    (void)P::NominatorSlashInEra::clear_prefix(obsolete_era);
  }

  // The OnOffenceHandler's body (Pallet::on_offence): each offender of the offence's era, unless
  // invulnerable, is reported (SlashReported), disabled through Session if the offence is in the
  // active era, and slashed now or queued for `era + SlashDeferDuration + 1`. Reports from before
  // the bonding window, or before any era, are ignored. Returns the weight used.
  static Weight on_offence(std::span<const Details> offenders,
                           std::span<const Perbill> slash_fractions, SessionIndexT slash_session) {
    Weight consumed = Weight::zero();
    const auto add_db_reads_writes = [&](uint64_t reads, uint64_t writes) {
      consumed = consumed.saturating_add(T::kDbWeight.reads_writes(reads, writes));
    };
    const Perbill reward_proportion = P::SlashRewardFraction::get();
    const std::optional<ActiveEraInfo> active = P::ActiveEra::get();
    add_db_reads_writes(1, 0);
    if (!active) return consumed;
    const EraIndex active_era = active->index;
    const SessionIndexT active_era_start = P::ErasStartSessionIndex::get(active_era).value_or(0);
    add_db_reads_writes(1, 0);
    const EraIndex window_start = era_before(active_era, T::kBondingDuration);
    EraIndex slash_era = active_era;
    if (slash_session < active_era_start) {
      const auto eras = P::BondedEras::get();
      add_db_reads_writes(1, 0);
      auto it = std::find_if(eras.rbegin(), eras.rend(), [&](const auto& era_session) {
        return std::get<1>(era_session) <= slash_session;
      });
      if (it == eras.rend()) return consumed;
      slash_era = std::get<0>(*it);
    }
    add_db_reads_writes(1, 1);
    const std::vector<AccountId32> invulnerables = P::Invulnerables::get();
    add_db_reads_writes(1, 0);
    const size_t n = std::min(offenders.size(), slash_fractions.size());
    for (size_t i = 0; i < n; ++i) {
      const AccountId32& stash = offenders[i].offender;
      const Perbill fraction = slash_fractions[i];
      if (std::find(invulnerables.begin(), invulnerables.end(), stash) != invulnerables.end()) {
        continue;
      }
      P::deposit_event(typename P::SlashReported{stash, fraction, slash_era});
      if (slash_era == active_era) {
        add_db_reads_writes(2, 2);
        if constexpr (HasSessionInterface<T>) T::SessionInterface::report_offence(stash, fraction);
      }
      const Exposure exposure = full_exposure(slash_era, stash);
      Params params{stash,        fraction,   &exposure,        slash_era,
                    window_start, active_era, reward_proportion};
      std::optional<UnappliedSlash> unapplied = compute_slash(params);
      if (!unapplied) {
        add_db_reads_writes(4, 5);  // the spans, kick_out_if_recent
        continue;
      }
      const uint64_t nominators = unapplied->others.size();
      const uint64_t reporters = offenders[i].reporters.size();
      const uint64_t upper_bound = 3;  // Validator/NominatorSlashInEra and the spans
      add_db_reads_writes(upper_bound + nominators * upper_bound,
                          upper_bound + nominators * upper_bound);
      unapplied->reporters = offenders[i].reporters;
      if (T::kSlashDeferDuration == 0) {
        apply_slash(*unapplied, slash_era);
        add_db_reads_writes((1 + nominators) * 6 + 2 * reporters,
                            (1 + nominators) * 5 + 2 * reporters);
      } else {
        const EraIndex due = era_after(slash_era, T::kSlashDeferDuration + 1);
        P::UnappliedSlashes::mutate(due, [&](std::vector<UnappliedSlash>& later) {
          later.push_back(std::move(*unapplied));
        });
        add_db_reads_writes(1, 1);
      }
    }
    return consumed;
  }
};

// FRAME's FilterHistoricalOffences<Staking, R>: a ReportOffence that passes on to R only the
// offences from the bonding window (at or after BondedEras' first session); an older one is
// dropped with OldSlashingReportDiscarded (and counts as reported). Kusama's BABE and GRANDPA
// report to Offences directly; a runtime may put this in front.
template <class P, class R>
struct FilterHistoricalOffences {
  template <class O>
  static Result<void, traits::staking::OffenceError> report_offence(
      const std::vector<AccountId32>& reporters, const O& offence) {
    const SessionIndexT session = offence.session_index();
    const auto bonded_eras = P::BondedEras::get();
    if (!bonded_eras.empty() && session >= std::get<1>(bonded_eras.front())) {
      return R::report_offence(reporters, offence);
    }
    P::deposit_event(typename P::OldSlashingReportDiscarded{session});
    return {};
  }
  template <class Offender, class TimeSlot>
  static bool is_known_offence(std::span<const Offender> offenders, const TimeSlot& time_slot) {
    return R::is_known_offence(offenders, time_slot);
  }
};

}  // namespace canary::rt::pallets::staking
