// pallet_staking's slashing natively (slashing.hpp), on a runtime of System, Balances (holds) and
// Staking at Kusama's indices with Kusama's durations (BondingDuration 28, SlashDeferDuration 27),
// slashed funds resolved into a treasury account, and a Session double recording the offences
// reported for disabling. The eras, exposures and bonded eras are set by hand (the era machinery
// is not in this pallet yet). Expected values follow pallet-staking 42's rules (slashing.rs,
// pallet/impls.rs on_offence) worked out by hand: a validator and its nominators slashed (deferred
// to era + 28, applied at that era's start), spans (a second offence in the same span slashes only
// the difference), reporters' rewards (REWARD_F1 of SlashRewardFraction), cancel_deferred_slash,
// manual_slash, invulnerables, old reports, StakingLedger::slash over unlocking chunks, and
// Session's UpToLimitWithReEnabling disabling strategy.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/session/disabling.hpp"
#include "runtime/pallets/staking/slashing.hpp"
#include "runtime/pallets/staking/staking.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "tests/unit/runtime/staking_test_support.hpp"
#include "tests/unit/runtime/with_endowed_accounts.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace staking = pallets::staking;
using staking::Balance;
using staking::EraIndex;
using staking::Perbill;
using staking::UnappliedSlash;
using staking_testing::TestHoldReason;
using staking_testing::TestVoterList;

const AccountId32 kTreasury = rt::testing::account(99);

// Session's report_offence double: the reports, in order.
struct RecordingSession {
  static std::vector<std::pair<AccountId32, Perbill>>& reports() {
    static std::vector<std::pair<AccountId32, Perbill>> all;
    return all;
  }
  static void report_offence(const AccountId32& stash, Perbill severity) {
    reports().emplace_back(stash, severity);
  }
};

struct SlashRuntime : rt::testing::TestRuntimeBase,
                      staking_testing::KusamaStakingConstants,
                      staking_testing::TestEraConfig {
  using AccountData = balances::AccountData;
  using System = system::Pallet<SlashRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<SlashRuntime, PalletAt<4, "Balances">>;
  using Staking = staking::Pallet<SlashRuntime, PalletAt<6, "Staking">>;
  using Pallets = Composition<"slashing_test", System, Balances, Staking>;
  using RuntimeHoldReason = TestHoldReason;
  using RuntimeFreezeReason = TestHoldReason;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 1;
  static constexpr uint32_t kMaxHolds = 1;

  using Currency = Balances;
  using VoterList = TestVoterList;
  using StakingAdminOrigin = EnsureRoot;
  using ElectionProvider = staking_testing::TestElection<Staking>;
  static TestHoldReason staking_hold_reason() { return TestHoldReason::kStaking; }
  struct TreasuryAccount {
    static AccountId32 get() { return kTreasury; }
  };
  using Slash = traits::fungible::ResolveTo<TreasuryAccount, Balances>;
  using SessionInterface = RecordingSession;
};
// The same with slashes applied when reported (SlashDeferDuration 0).
struct ImmediateRuntime : SlashRuntime {
  using System = system::Pallet<ImmediateRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<ImmediateRuntime, PalletAt<4, "Balances">>;
  using Staking = staking::Pallet<ImmediateRuntime, PalletAt<6, "Staking">>;
  using Pallets = Composition<"slashing_test", System, Balances, Staking>;
  using Currency = Balances;
  struct TreasuryAccount {
    static AccountId32 get() { return kTreasury; }
  };
  using Slash = traits::fungible::ResolveTo<TreasuryAccount, Balances>;
  using ElectionProvider = staking_testing::TestElection<Staking>;
  static constexpr uint32_t kSlashDeferDuration = 0;
};

using System = SlashRuntime::System;
using Balances = SlashRuntime::Balances;
using Staking = SlashRuntime::Staking;
using Call = SlashRuntime::Pallets::Call;
using Error = staking::Error;
using Event = Staking::Event;
using StakingAccount = staking::StakingAccount;
using Details = traits::staking::OffenceDetails<std::tuple<AccountId32, staking::Exposure>>;

static_assert(traits::staking::OnOffenceHandler<Staking::OffenceHandler,
                                                std::tuple<AccountId32, staking::Exposure>>);

using rt::testing::account;
const AccountId32 kValidator = account(10);
const AccountId32 kNominator1 = account(11);
const AccountId32 kNominator2 = account(12);
const AccountId32 kReporter = account(20);
const AccountId32 kReporter2 = account(21);

using staking_testing::error_of;
using staking_testing::module_error;
DispatchResultWithPostInfo dispatch(Staking::Call call, const Origin& origin) {
  return staking_testing::dispatch<SlashRuntime>(std::move(call), origin);
}
std::vector<Event> staking_events() {
  return staking_testing::staking_events<SlashRuntime>();
}

template <class E>
std::vector<E> events_of() {
  return staking_testing::staking_events_of<SlashRuntime, E>();
}
Balance held(const AccountId32& who) {
  return staking_testing::staking_hold<SlashRuntime>(who);
}
Staking::StakingLedger ledger_of(const AccountId32& stash) {
  return staking_testing::ledger_of<SlashRuntime>(stash);
}
Perbill percent(uint32_t p) {
  return Perbill::from_percent(p);
}

// The validator's exposure in `era`: its own 1000, nominator 1's 500 and nominator 2's 1000.
void set_exposure(EraIndex era) {
  Staking::ErasStakersOverview::insert(era, kValidator,
                                       traits::staking::PagedExposureMetadata{2500, 1000, 2, 1});
  Staking::ErasStakersPaged::insert(
      era, kValidator, 0,
      traits::staking::ExposurePage{1500, {{kNominator1, 500}, {kNominator2, 1000}}});
}

// A validator (1000 bonded) backed by two nominators (500 and 1000), in active era 5 (started at
// session 30; eras 3 and 4 at sessions 18 and 24), with exposures for eras 4 and 5 and a 10 %
// reward fraction. Events are cleared.
template <class F>
void with_stakers(F&& f) {
  testing::with_endowed_accounts<SlashRuntime>(
      {{kValidator, 2000},
       {kNominator1, 1000},
       {kNominator2, 2000},
       {kReporter, 100},
       {kReporter2, 100},
       {kTreasury, 100}},
      [&] {
        RecordingSession::reports().clear();
        ASSERT_TRUE(Staking::do_bond(kValidator, 1000, staking::RewardDestination::staked()));
        ASSERT_TRUE(Staking::do_validate(kValidator, staking::ValidatorPrefs{}));
        for (const auto& [who, value] :
             {std::pair{kNominator1, Balance{500}}, std::pair{kNominator2, Balance{1000}}}) {
          ASSERT_TRUE(Staking::do_bond(who, value, staking::RewardDestination::staked()));
          ASSERT_TRUE(Staking::do_nominate(who, {MultiAddress::id(kValidator)}));
        }
        Staking::CurrentEra::put(5);
        Staking::ActiveEra::put(staking::ActiveEraInfo{5, std::nullopt});
        Staking::ErasStartSessionIndex::insert(3, 18);
        Staking::ErasStartSessionIndex::insert(4, 24);
        Staking::ErasStartSessionIndex::insert(5, 30);
        Staking::BondedEras::put({{3, 18}, {4, 24}, {5, 30}});
        set_exposure(4);
        set_exposure(5);
        Staking::SlashRewardFraction::put(percent(10));
        System::reset_events();
        f();
      });
}

Weight report(const std::vector<AccountId32>& offenders, Perbill fraction,
              staking::SessionIndexT session, const std::vector<AccountId32>& reporters) {
  std::vector<Details> details;
  details.reserve(offenders.size());
  for (const AccountId32& who : offenders) {
    details.push_back({{who, staking::Exposure{}}, reporters});
  }
  const std::vector<Perbill> fractions(details.size(), fraction);
  return Staking::OffenceHandler::on_offence(std::span<const Details>(details),
                                             std::span<const Perbill>(fractions), session);
}

TEST(StakingSlashing, AValidatorAndItsNominatorsAreSlashedAtTheDeferredEra) {
  with_stakers([] {
    const Balance issuance = Balances::total_issuance();
    const Weight used = report({kValidator}, percent(10), 31, {kReporter, kReporter2});
    EXPECT_GT(used.ref_time, 0u);
    // Reported in the active era: SlashReported, and Session is told (disabling).
    EXPECT_EQ(events_of<Staking::SlashReported>(),
              (std::vector<Staking::SlashReported>{{kValidator, percent(10), 5}}));
    EXPECT_EQ(RecordingSession::reports(),
              (std::vector<std::pair<AccountId32, Perbill>>{{kValidator, percent(10)}}));
    EXPECT_EQ(Staking::ValidatorSlashInEra::get(5, kValidator),
              (std::tuple<Perbill, Balance>{percent(10), 100}));
    EXPECT_EQ(Staking::NominatorSlashInEra::get(5, kNominator1), Balance{50});
    EXPECT_EQ(Staking::NominatorSlashInEra::get(5, kNominator2), Balance{100});
    // Each stash's span 0 (from the window start, era 0) ended after era 5: span 1 starts at 6.
    EXPECT_EQ(Staking::SlashingSpans::get(kValidator), (staking::SlashingSpans{1, 6, 5, {6}}));
    // REWARD_F1 (50 %) of 10 % of the slash: 5, 2 (2.5 rounded down) and 5.
    EXPECT_EQ(Staking::SpanSlash::get({kValidator, 0}), (staking::SpanRecord{100, 5}));
    EXPECT_EQ(Staking::SpanSlash::get({kNominator1, 0}), (staking::SpanRecord{50, 2}));
    EXPECT_EQ(Staking::SpanSlash::get({kNominator2, 0}), (staking::SpanRecord{100, 5}));
    // Deferred to era 5 + 27 + 1; nothing is taken yet.
    const UnappliedSlash expected{
        kValidator, 100, {{kNominator1, 50}, {kNominator2, 100}}, {kReporter, kReporter2}, 12};
    EXPECT_EQ(Staking::UnappliedSlashes::get(33), std::vector<UnappliedSlash>{expected});
    EXPECT_EQ(held(kValidator), 1000u);
    EXPECT_TRUE(events_of<Staking::Slashed>().empty());

    Staking::apply_unapplied_slashes(32);
    EXPECT_EQ(held(kValidator), 1000u);
    Staking::apply_unapplied_slashes(33);
    EXPECT_TRUE(Staking::UnappliedSlashes::get(33).empty());
    EXPECT_EQ(ledger_of(kValidator).total, 900u);
    EXPECT_EQ(ledger_of(kValidator).active, 900u);
    EXPECT_EQ(held(kValidator), 900u);
    EXPECT_EQ(Balances::total_balance(kValidator), 1900u);
    EXPECT_EQ(ledger_of(kNominator1).active, 450u);
    EXPECT_EQ(held(kNominator1), 450u);
    EXPECT_EQ(ledger_of(kNominator2).active, 900u);
    EXPECT_EQ(held(kNominator2), 900u);
    EXPECT_EQ(
        events_of<Staking::Slashed>(),
        (std::vector<Staking::Slashed>{{kValidator, 100}, {kNominator1, 50}, {kNominator2, 100}}));
    // The reporters share the reward (6 each) out of the 250 slashed; the treasury has the rest.
    EXPECT_EQ(Balances::free_balance(kReporter), 106u);
    EXPECT_EQ(Balances::free_balance(kReporter2), 106u);
    EXPECT_EQ(Balances::free_balance(kTreasury), 100u + 238u);
    EXPECT_EQ(Balances::total_issuance(), issuance);
    // The stashes keep their roles (no chill on slash since polkadot-sdk#2650).
    EXPECT_TRUE(Staking::Validators::contains_key(kValidator));
    EXPECT_TRUE(Staking::Nominators::contains_key(kNominator1));
  });
}

TEST(StakingSlashing, ALargerReportInTheSameEraSlashesTheDifferenceAndASmallerNothing) {
  with_stakers([] {
    report({kValidator}, percent(10), 30, {kReporter});
    report({kValidator}, percent(20), 32, {kReporter2});
    EXPECT_EQ(Staking::ValidatorSlashInEra::get(5, kValidator),
              (std::tuple<Perbill, Balance>{percent(20), 200}));
    EXPECT_EQ(Staking::NominatorSlashInEra::get(5, kNominator1), Balance{100});
    EXPECT_EQ(Staking::NominatorSlashInEra::get(5, kNominator2), Balance{200});
    // Era 5 is in span 0 (ended at 6): its record grows; no new span.
    EXPECT_EQ(Staking::SlashingSpans::get(kValidator), (staking::SlashingSpans{1, 6, 5, {6}}));
    // Rewards: 50 % of (10 % of the span's slash − paid): (20 − 5) → 7, (10 − 2) → 4, (20 − 5) → 7.
    EXPECT_EQ(Staking::SpanSlash::get({kValidator, 0}), (staking::SpanRecord{200, 12}));
    EXPECT_EQ(Staking::SpanSlash::get({kNominator1, 0}), (staking::SpanRecord{100, 6}));
    const auto due = Staking::UnappliedSlashes::get(33);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[1],
              (UnappliedSlash{
                  kValidator, 100, {{kNominator1, 50}, {kNominator2, 100}}, {kReporter2}, 18}));
    // A smaller report is reported, but slashes nothing more.
    report({kValidator}, percent(5), 33, {kReporter});
    EXPECT_EQ(events_of<Staking::SlashReported>().size(), 3u);
    EXPECT_EQ(Staking::UnappliedSlashes::get(33).size(), 2u);
    Staking::apply_unapplied_slashes(33);
    EXPECT_EQ(held(kValidator), 800u);
    EXPECT_EQ(held(kNominator1), 400u);
    EXPECT_EQ(held(kNominator2), 800u);
    EXPECT_EQ(Balances::free_balance(kReporter), 100u + 12u);
    EXPECT_EQ(Balances::free_balance(kReporter2), 100u + 18u);
  });
}

TEST(StakingSlashing, AnOffenceOfAnotherEraInTheSameSpanSlashesOnlyTheDifference) {
  with_stakers([] {
    // Era 4 (sessions 24..29): found through BondedEras; not the active era, so no disabling.
    report({kValidator}, percent(10), 25, {kReporter});
    EXPECT_EQ(events_of<Staking::SlashReported>(),
              (std::vector<Staking::SlashReported>{{kValidator, percent(10), 4}}));
    EXPECT_TRUE(RecordingSession::reports().empty());
    EXPECT_EQ(Staking::UnappliedSlashes::get(32).size(), 1u);
    // Era 5 at 20 %: a new maximum for the era, but span 0 was slashed 100 already.
    report({kValidator}, percent(20), 30, {kReporter});
    const auto due = Staking::UnappliedSlashes::get(33);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].own, 100u);
    EXPECT_EQ(due[0].others, (std::vector<std::tuple<AccountId32, Balance>>{{kNominator1, 50},
                                                                            {kNominator2, 100}}));
    EXPECT_EQ(Staking::SpanSlash::get({kValidator, 0}), (staking::SpanRecord{200, 12}));
    Staking::apply_unapplied_slashes(32);
    Staking::apply_unapplied_slashes(33);
    EXPECT_EQ(held(kValidator), 800u);
    EXPECT_EQ(held(kNominator1), 400u);
    EXPECT_EQ(held(kNominator2), 800u);
  });
}

TEST(StakingSlashing, CancelDeferredSlash) {
  with_stakers([] {
    report({kValidator}, percent(10), 30, {kReporter});
    report({kValidator}, percent(20), 30, {kReporter});
    report({kValidator}, percent(30), 30, {kReporter});
    const auto due = Staking::UnappliedSlashes::get(33);
    ASSERT_EQ(due.size(), 3u);
    const auto cancel = [](std::vector<uint32_t> indices) {
      return Staking::cancel_deferred_slash{33, std::move(indices)};
    };
    EXPECT_EQ(error_of(dispatch(cancel({0}), Origin::signed_by(kReporter))), "BadOrigin");
    EXPECT_EQ(error_of(dispatch(cancel({}), Origin::root())), module_error(Error::kEmptyTargets));
    EXPECT_EQ(error_of(dispatch(cancel({1, 1}), Origin::root())),
              module_error(Error::kNotSortedAndUnique));
    EXPECT_EQ(error_of(dispatch(cancel({2, 1}), Origin::root())),
              module_error(Error::kNotSortedAndUnique));
    EXPECT_EQ(error_of(dispatch(cancel({0, 3}), Origin::root())),
              module_error(Error::kInvalidSlashIndex));
    EXPECT_EQ(Staking::UnappliedSlashes::get(33), due);
    ASSERT_EQ(error_of(dispatch(cancel({0, 2}), Origin::root())), "ok");
    EXPECT_EQ(Staking::UnappliedSlashes::get(33), std::vector<UnappliedSlash>{due[1]});
    // Its weight: Kusama's, for two slashes.
    EXPECT_EQ(Call::of<Staking>(cancel({0, 2})).info().call_weight,
              staking::KusamaWeights<SlashRuntime>::cancel_deferred_slash(2));
    Staking::apply_unapplied_slashes(33);
    // Only the second report's 100 more.
    EXPECT_EQ(held(kValidator), 900u);
  });
}

TEST(StakingSlashing, ManualSlash) {
  with_stakers([] {
    const auto slash = [](EraIndex era, uint32_t p) {
      return Staking::manual_slash{kValidator, era, percent(p)};
    };
    EXPECT_EQ(error_of(dispatch(slash(5, 10), Origin::signed_by(kReporter))), "BadOrigin");
    EXPECT_EQ(error_of(dispatch(slash(6, 10), Origin::root())),
              module_error(Error::kInvalidEraToReward));
    // No start session for era 2.
    EXPECT_EQ(error_of(dispatch(slash(2, 10), Origin::root())),
              module_error(Error::kInvalidEraToReward));
    ASSERT_EQ(error_of(dispatch(slash(4, 10), Origin::root())), "ok");
    // An offence at era 4's first session, without reporters.
    EXPECT_EQ(events_of<Staking::SlashReported>(),
              (std::vector<Staking::SlashReported>{{kValidator, percent(10), 4}}));
    const auto due = Staking::UnappliedSlashes::get(32);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_TRUE(due[0].reporters.empty());
    Staking::apply_unapplied_slashes(32);
    // No reporter: the whole 250 goes to the treasury.
    EXPECT_EQ(Balances::free_balance(kTreasury), 100u + 250u);
    EXPECT_EQ(Call::of<Staking>(slash(4, 10)).info().call_weight,
              staking::KusamaWeights<SlashRuntime>::manual_slash());
  });
}

TEST(StakingSlashing, InvulnerablesAndReportsOutsideTheBondedErasAreIgnored) {
  with_stakers([] {
    Staking::Invulnerables::put({kValidator});
    report({kValidator}, percent(10), 30, {kReporter});
    EXPECT_TRUE(staking_events().empty());
    EXPECT_TRUE(RecordingSession::reports().empty());
    EXPECT_FALSE(Staking::ValidatorSlashInEra::get(5, kValidator).has_value());
    EXPECT_TRUE(Staking::UnappliedSlashes::get(33).empty());
    Staking::Invulnerables::put({});
    // Session 10 is before the first bonded era (session 18).
    report({kValidator}, percent(10), 10, {kReporter});
    EXPECT_TRUE(staking_events().empty());
    EXPECT_FALSE(Staking::SlashingSpans::get(kValidator).has_value());
    // Without an active era, nothing happens either.
    Staking::ActiveEra::kill();
    report({kValidator}, percent(10), 30, {kReporter});
    EXPECT_TRUE(staking_events().empty());
  });
}

TEST(StakingSlashing, WithoutDeferralASlashIsAppliedWhenReported) {
  using IStaking = ImmediateRuntime::Staking;
  using IBalances = ImmediateRuntime::Balances;
  testing::with_endowed_accounts<ImmediateRuntime>(
      {{kValidator, 2000}, {kNominator1, 1000}, {kReporter, 100}, {kTreasury, 100}}, [] {
        ASSERT_TRUE(IStaking::do_bond(kValidator, 1000, staking::RewardDestination::staked()));
        ASSERT_TRUE(IStaking::do_bond(kNominator1, 500, staking::RewardDestination::staked()));
        IStaking::ActiveEra::put(staking::ActiveEraInfo{5, std::nullopt});
        IStaking::ErasStartSessionIndex::insert(5, 30);
        IStaking::BondedEras::put({{5, 30}});
        IStaking::ErasStakersOverview::insert(
            5, kValidator, traits::staking::PagedExposureMetadata{1500, 1000, 1, 1});
        IStaking::ErasStakersPaged::insert(
            5, kValidator, 0, traits::staking::ExposurePage{500, {{kNominator1, 500}}});
        IStaking::SlashRewardFraction::put(percent(10));
        const Balance issuance = IBalances::total_issuance();
        const std::vector<traits::staking::OffenceDetails<AccountId32>> details = {
            {kValidator, {kReporter}}};
        const std::vector<Perbill> fractions = {percent(50)};
        (void)IStaking::OffenceHandler::on_offence(
            std::span<const traits::staking::OffenceDetails<AccountId32>>(details),
            std::span<const Perbill>(fractions), 30);
        EXPECT_TRUE(IStaking::UnappliedSlashes::get(6).empty());
        // 500 and 250 slashed; the reward: 50 % of 10 % of each, 25 + 12 (12.5 rounded down).
        EXPECT_EQ(IBalances::balance_on_hold(TestHoldReason::kStaking, kValidator), 500u);
        EXPECT_EQ(IBalances::balance_on_hold(TestHoldReason::kStaking, kNominator1), 250u);
        EXPECT_EQ(IBalances::free_balance(kReporter), 100u + 37u);
        EXPECT_EQ(IBalances::free_balance(kTreasury), 100u + 713u);
        EXPECT_EQ(IBalances::total_issuance(), issuance);
      });
}

TEST(StakingSlashing, BalancesSlashesAHold) {
  with_stakers([] {
    const Balance issuance = Balances::total_issuance();
    {
      auto [credit, missing] = Balances::slash(TestHoldReason::kStaking, kValidator, 1200);
      EXPECT_EQ(credit.peek(), 1000u);
      EXPECT_EQ(missing, 200u);
      EXPECT_EQ(held(kValidator), 0u);
      EXPECT_EQ(Balances::total_balance(kValidator), 1000u);
    }
    // The credit dropped: burned.
    EXPECT_EQ(Balances::total_issuance(), issuance - 1000);
  });
}

// An offence for FilterHistoricalOffences: only its session matters.
struct TestOffence {
  staking::SessionIndexT session = 0;
  staking::SessionIndexT session_index() const { return session; }
};
struct RecordingReporter {
  static std::vector<staking::SessionIndexT>& passed() {
    static std::vector<staking::SessionIndexT> p;
    return p;
  }
  static Result<void, traits::staking::OffenceError> report_offence(
      const std::vector<AccountId32>& /*reporters*/, const TestOffence& offence) {
    passed().push_back(offence.session);
    return {};
  }
};

TEST(StakingSlashing, FilterHistoricalOffencesDiscardsReportsBeforeTheBondedEras) {
  with_stakers([] {
    using Filter = staking::FilterHistoricalOffences<Staking, RecordingReporter>;
    RecordingReporter::passed().clear();
    EXPECT_TRUE(Filter::report_offence({kReporter}, TestOffence{17}).has_value());
    EXPECT_TRUE(Filter::report_offence({kReporter}, TestOffence{18}).has_value());
    EXPECT_EQ(RecordingReporter::passed(), std::vector<staking::SessionIndexT>{18});
    EXPECT_EQ(events_of<Staking::OldSlashingReportDiscarded>(),
              std::vector<Staking::OldSlashingReportDiscarded>{{17}});
  });
}

TEST(StakingSlashing, NominatorsUnlockingChunksAreSlashed) {
  with_stakers([] {
    // Nominator 1 unbonds 300 in era 6: the chunk unlocks at 34.
    Staking::CurrentEra::put(6);
    ASSERT_TRUE(Staking::do_unbond(kNominator1, 300).has_value());
    ASSERT_EQ(ledger_of(kNominator1).unlocking.items,
              (std::vector<staking::UnlockChunk>{{300, 34}}));
    report({kValidator}, percent(10), 30, {});
    // Applied with slash era 6: chunks from era 34 share the slash with the active bond, 10 % each.
    Staking::apply_unapplied_slashes(33);
    const auto l = ledger_of(kNominator1);
    EXPECT_EQ(l.active, 180u);
    EXPECT_EQ(l.unlocking.items, (std::vector<staking::UnlockChunk>{{270, 34}}));
    EXPECT_EQ(l.total, 450u);
    EXPECT_EQ(held(kNominator1), 450u);
  });
}

TEST(StakingSlashing, LedgerSlashTakesActiveThenChunks) {
  using Ledger = Staking::StakingLedger;
  const auto with_chunks = [](Balance active, std::vector<staking::UnlockChunk> chunks) {
    Ledger l;
    l.active = active;
    l.total = active;
    for (const auto& c : chunks) l.total += c.value;
    l.unlocking.items = std::move(chunks);
    return l;
  };
  // No chunk from slash era + 28 on: the active bond, then the newest chunks.
  Ledger a = with_chunks(100, {{50, 10}, {50, 20}});
  EXPECT_EQ(staking::slash_ledger(a, 180, 1, 0, 28), 180u);
  EXPECT_EQ(a.active, 0u);
  EXPECT_EQ(a.unlocking.items, (std::vector<staking::UnlockChunk>{{20, 10}}));
  EXPECT_EQ(a.total, 20u);
  // Chunks from era 30 on share the slash with the active bond (500 of 1000: 50 %); the earlier
  // chunk is not reached.
  Ledger b = with_chunks(600, {{100, 20}, {200, 30}, {200, 31}});
  EXPECT_EQ(staking::slash_ledger(b, 500, 1, 2, 28), 500u);
  EXPECT_EQ(b.active, 300u);
  EXPECT_EQ(b.unlocking.items,
            (std::vector<staking::UnlockChunk>{{100, 20}, {100, 30}, {100, 31}}));
  EXPECT_EQ(b.total, 600u);
  // What would stay below the minimum balance goes too.
  Ledger c = with_chunks(105, {});
  EXPECT_EQ(staking::slash_ledger(c, 100, 10, 0, 28), 105u);
  EXPECT_EQ(c.total, 0u);
  // More than there is: everything.
  Ledger d = with_chunks(10, {{5, 3}});
  EXPECT_EQ(staking::slash_ledger(d, 100, 1, 0, 28), 15u);
  EXPECT_TRUE(d.unlocking.items.empty());
}

TEST(StakingSlashing, SpansEndPruneAndList) {
  staking::SlashingSpans s = staking::new_slashing_spans(10);
  EXPECT_FALSE(staking::end_span(s, 9));
  EXPECT_TRUE(staking::end_span(s, 12));
  EXPECT_TRUE(staking::end_span(s, 20));
  EXPECT_EQ(s, (staking::SlashingSpans{2, 21, 0, {8, 3}}));
  const auto spans = staking::spans_of(s);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[1].index, 1u);
  EXPECT_EQ(spans[1].start, 13u);
  EXPECT_TRUE(spans[1].contains_era(20));
  EXPECT_FALSE(spans[1].contains_era(21));
  EXPECT_EQ(spans[2].start, 10u);
  // A window from era 14: span 0 (10..12) is gone.
  EXPECT_EQ(staking::prune_spans(s, 14), (std::pair<uint32_t, uint32_t>{0, 1}));
  EXPECT_EQ(s.prior, std::vector<EraIndex>{8});
  // From era 30: every prior span, and the ongoing one starts at 30.
  EXPECT_EQ(staking::prune_spans(s, 30), (std::pair<uint32_t, uint32_t>{1, 2}));
  EXPECT_EQ(s, (staking::SlashingSpans{2, 30, 0, {}}));
}

TEST(StakingSlashing, CallsMetadata) {
  meta::RuntimeMetadata metadata;
  SlashRuntime::Pallets::add_metadata(metadata);
  const auto it = std::find_if(metadata.pallets.begin(), metadata.pallets.end(),
                               [](const auto& p) { return p.name == "Staking"; });
  ASSERT_NE(it, metadata.pallets.end());
  const auto& types = metadata.registry.types();
  const auto& variants = std::get<meta::VariantDef>(types[it->calls->id].def).variants;
  std::vector<std::string> fields;
  for (const auto& v : variants) {
    if (v.index != 17 && v.index != 33) continue;
    std::string line = std::to_string(v.index) + " " + v.name + "(";
    for (const auto& f : v.fields)
      line += f.name.value_or("") + ": " + f.type_name.value_or("") + ";";
    fields.push_back(line + ")");
  }
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "17 cancel_deferred_slash(era: EraIndex;slash_indices: Vec<u32>;)",
                        "33 manual_slash(validator_stash: T::AccountId;era: EraIndex;"
                        "slash_fraction: Perbill;)"}));
  // The constants' values are the runtime's.
  ASSERT_EQ(it->constants.size(), 7u);
  EXPECT_EQ(to_hex(it->constants[3].value), "0x1b000000");
}

// A Session double for the disabling strategy: its validators and disabled list in memory.
struct FakeSession {
  struct ValidatorReenabled {
    AccountId32 validator;
  };
  static std::vector<AccountId32>& set() {
    static std::vector<AccountId32> v;
    return v;
  }
  static std::vector<std::tuple<uint32_t, pallets::session::OffenceSeverity>>& disabled() {
    static std::vector<std::tuple<uint32_t, pallets::session::OffenceSeverity>> d;
    return d;
  }
  static std::vector<AccountId32>& reenabled() {
    static std::vector<AccountId32> r;
    return r;
  }
  struct DisabledValidators {
    static auto get() { return disabled(); }
    template <class F>
    static void mutate(F&& f) {
      f(disabled());
    }
  };
  static std::vector<AccountId32> validators() { return set(); }
  static bool disable_index(uint32_t i, pallets::session::OffenceSeverity severity) {
    auto& d = disabled();
    auto it = std::find_if(d.begin(), d.end(), [&](const auto& e) { return std::get<0>(e) == i; });
    if (it != d.end()) {
      if (std::get<1>(*it) >= severity) return false;
      std::get<1>(*it) = severity;
      return true;
    }
    d.emplace_back(i, severity);
    std::sort(d.begin(), d.end());
    return true;
  }
  static void deposit_event(ValidatorReenabled e) { reenabled().push_back(e.validator); }
};

TEST(StakingSlashing, SessionDisablesUpToALimitAndReEnablesSmallerOffenders) {
  using Strategy = pallets::session::UpToLimitWithReEnabling<FakeSession>;
  using Severity = pallets::session::OffenceSeverity;
  FakeSession::set().clear();
  for (uint8_t i = 0; i < 7; ++i) FakeSession::set().push_back(account(100 + i));
  FakeSession::disabled().clear();
  FakeSession::reenabled().clear();
  // 7 validators: at most (7 − 1) / 3 = 2 disabled.
  EXPECT_EQ(Strategy::disable_limit(7), 2u);
  Strategy::report_offence(account(101), percent(10));
  Strategy::report_offence(account(102), percent(5));
  // Not in the set: nothing.
  Strategy::report_offence(account(1), percent(50));
  EXPECT_EQ(FakeSession::disabled(),
            (std::vector<std::tuple<uint32_t, Severity>>{{1, Severity{percent(10).parts}},
                                                         {2, Severity{percent(5).parts}}}));
  // At the limit, a smaller offence changes nothing; a larger one replaces the smallest.
  Strategy::report_offence(account(103), percent(1));
  EXPECT_EQ(FakeSession::disabled().size(), 2u);
  Strategy::report_offence(account(104), percent(7));
  EXPECT_EQ(FakeSession::disabled(),
            (std::vector<std::tuple<uint32_t, Severity>>{{1, Severity{percent(10).parts}},
                                                         {4, Severity{percent(7).parts}}}));
  EXPECT_EQ(FakeSession::reenabled(), std::vector<AccountId32>{account(102)});
  // A disabled validator's severity only grows.
  Strategy::report_offence(account(104), percent(20));
  EXPECT_EQ(std::get<1>(FakeSession::disabled()[1]), Severity{percent(20).parts});
  Strategy::report_offence(account(104), percent(3));
  EXPECT_EQ(std::get<1>(FakeSession::disabled()[1]), Severity{percent(20).parts});
}

}  // namespace
}  // namespace canary::rt
