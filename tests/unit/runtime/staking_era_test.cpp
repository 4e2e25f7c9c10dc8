// pallet_staking's era machinery natively (era.hpp, rewards.hpp) and the on-chain election
// (framework/election/onchain.hpp). The runtime composes System, Balances, Staking (index 6),
// Session (8) and Historical (34) with Staking as Session's manager through Historical's
// NoteHistoricalRoot, as Kusama does, with the SDK mock's durations (SessionsPerEra 3,
// BondingDuration 3), a short history (5 eras), exposure pages of 4 nominators, slashes deferred
// by one era, and an era payout the test sets. Expected values: pallet-staking 42's rules
// (pallet/impls.rs, lib.rs' EraInfo; the scenarios of its tests.rs: basic_setup_works,
// rewards_should_work, staking_should_work, less_than_needed_candidates_works,
// forcing_new_era_works, era_is_always_same_length, payout_stakers_handles_basic_errors,
// test_multi_page_payout_stakers_by_page, payout_to_any_account_works) worked out by hand, and
// onchain.rs' own tests for the on-chain election.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/framework/election/onchain.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/session/historical.hpp"
#include "runtime/pallets/session/session.hpp"
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
namespace session = pallets::session;
using staking::Balance;
using staking::EraIndex;
using staking::Forcing;
using staking::Perbill;
using staking::RewardDestination;
using staking::StakerStatus;
using staking_testing::TestClock;
using staking_testing::TestHoldReason;
using staking_testing::TestVoterList;
using traits::election::BoundedSupports;
using traits::election::DataProviderBounds;
using traits::election::Support;
using traits::election::Voter;

using rt::testing::account;

// ---------------------------------------------------------------------------------------------
// The on-chain election (onchain.rs' tests: voters 1, 2, 3 of weights 10, 20, 30 over targets
// 10, 20, 30).

struct MockDataProvider {
  static inline uint32_t desired = 2;
  static traits::election::DataProviderResult<std::vector<Voter>> electing_voters(
      DataProviderBounds) {
    return std::vector<Voter>{{account(1), 10, {account(10), account(20)}},
                              {account(2), 20, {account(30), account(20)}},
                              {account(3), 30, {account(10), account(30)}}};
  }
  static traits::election::DataProviderResult<std::vector<AccountId32>> electable_targets(
      DataProviderBounds) {
    return std::vector<AccountId32>{account(10), account(20), account(30)};
  }
  static traits::election::DataProviderResult<uint32_t> desired_targets() { return desired; }
  static BlockNumber next_election_prediction(BlockNumber) { return 0; }
};
template <uint32_t MaxWinners, uint32_t MaxBackers, bool Sort>
struct MockOnChain {
  using DataProvider = MockDataProvider;
  using Accuracy = arithmetic::Perbill;
  static constexpr uint32_t kMaxWinnersPerPage = MaxWinners;
  static constexpr uint32_t kMaxBackersPerWinner = MaxBackers;
  static constexpr bool kSort = Sort;
};
template <uint32_t MaxWinners, uint32_t MaxBackers, bool Sort>
using MockElection = election::OnChainExecution<MockOnChain<MaxWinners, MaxBackers, Sort>>;
static_assert(traits::election::ElectionProvider<MockElection<10, 20, false>>);

TEST(OnChainElection, SeqPhragmenWorks) {
  MockDataProvider::desired = 2;
  auto supports = MockElection<10, 20, false>::elect();
  ASSERT_TRUE(supports.has_value());
  EXPECT_EQ(*supports,
            (BoundedSupports{{account(10), Support{25, {{account(1), 10}, {account(3), 15}}}},
                             {account(30), Support{35, {{account(2), 20}, {account(3), 15}}}}}));
}

TEST(OnChainElection, WithoutSortingResultsBeyondTheBoundsFail) {
  // Three winners wanted, two allowed.
  MockDataProvider::desired = 3;
  auto too_many = MockElection<2, 20, false>::elect();
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error(), election::OnChainError::failed_to_bound());
  EXPECT_EQ(election::to_string(too_many.error()), "FailedToBound");
  // Two backers per winner, one allowed.
  MockDataProvider::desired = 2;
  auto too_many_backers = MockElection<10, 1, false>::elect();
  ASSERT_FALSE(too_many_backers.has_value());
  EXPECT_EQ(too_many_backers.error(), election::OnChainError::failed_to_bound());
}

TEST(OnChainElection, SortingTruncatesWinnersAndBackers) {
  MockDataProvider::desired = 2;
  // One winner allowed: the best backed.
  auto one = MockElection<1, 20, true>::elect();
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(*one,
            (BoundedSupports{{account(30), Support{35, {{account(2), 20}, {account(3), 15}}}}}));
  // One backer each: the largest kept, the totals recomputed, the winners re-sorted by total.
  auto one_backer = MockElection<10, 1, true>::elect();
  ASSERT_TRUE(one_backer.has_value());
  EXPECT_EQ(*one_backer, (BoundedSupports{{account(30), Support{20, {{account(2), 20}}}},
                                          {account(10), Support{15, {{account(3), 15}}}}}));
}

TEST(OnChainElection, DataProviderErrorsAreReported) {
  struct Failing : MockDataProvider {
    static traits::election::DataProviderResult<uint32_t> desired_targets() {
      return unexpected(std::string_view("no seats"));
    }
  };
  struct Config : MockOnChain<10, 20, false> {
    using DataProvider = Failing;
  };
  auto r = election::OnChainExecution<Config>::elect();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(election::to_string(r.error()), "DataProvider(no seats)");
}

// ---------------------------------------------------------------------------------------------
// The era machinery.

// Session keys of one kind.
struct TestKeys {
  ByteArray<32> key{};
  bool operator==(const TestKeys&) const = default;
  static constexpr std::array<session::KeyTypeId, 1> kKeyTypeIds = {session::key_type("test")};
  static constexpr auto fields() { return std::tuple{field("key", &TestKeys::key, "[u8; 32]")}; }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"era_test", "SessionKeys"});
    add_fields(b, fields());
  }
};
TestKeys keys_of(const AccountId32& who) {
  TestKeys k;
  k.key = who.bytes;
  return k;
}
struct NoSessionHandler {
  using Keyed = std::vector<std::pair<AccountId32, TestKeys>>;
  static void on_genesis_session(const Keyed&) {}
  static void on_new_session(bool, const Keyed&, const Keyed&, session::SessionIndex) {}
  static void on_before_session_ending() {}
  static void on_disabled(uint32_t) {}
};

const AccountId32 kTreasury = account(99);

struct EraRuntime : rt::testing::TestRuntimeBase,
                    staking_testing::KusamaStakingConstants,
                    staking_testing::TestEraConfig {
  using AccountData = balances::AccountData;
  using System = system::Pallet<EraRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<EraRuntime, PalletAt<4, "Balances">>;
  using Staking = staking::Pallet<EraRuntime, PalletAt<6, "Staking">>;
  using Session = session::Pallet<EraRuntime, PalletAt<8, "Session">>;
  using Historical = session::historical::Pallet<EraRuntime, PalletAt<34, "Historical">>;
  using Pallets = Composition<"era_test", System, Balances, Staking, Session, Historical>;
  using RuntimeHoldReason = TestHoldReason;
  using RuntimeFreezeReason = TestHoldReason;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 2;
  static constexpr uint32_t kMaxHolds = 2;

  // Staking, with the SDK mock's durations.
  using Currency = Balances;
  using VoterList = TestVoterList;
  using StakingAdminOrigin = EnsureRoot;
  using ElectionProvider = staking_testing::TestElection<Staking>;
  static TestHoldReason staking_hold_reason() { return TestHoldReason::kStaking; }
  static constexpr uint32_t kHistoryDepth = 5;
  static constexpr uint32_t kBondingDuration = 3;
  static constexpr uint32_t kSlashDeferDuration = 1;
  static constexpr uint32_t kMaxExposurePageSize = 4;
  static inline uint32_t sessions = 3;
  static uint32_t sessions_per_era() { return sessions; }
  struct TreasuryAccount {
    static AccountId32 get() { return kTreasury; }
  };
  using RewardRemainder = traits::fungible::ResolveTo<TreasuryAccount, Balances>;
  using Slash = traits::fungible::ResolveTo<TreasuryAccount, Balances>;
  // The era payout the test sets, and the arguments it was asked with.
  static inline std::pair<Balance, Balance> payout{10'000, 2'000};
  static inline std::vector<std::tuple<Balance, Balance, uint64_t>> payout_asked;
  static std::pair<Balance, Balance> era_payout(Balance staked, Balance issuance,
                                                uint64_t duration) {
    payout_asked.emplace_back(staked, issuance, duration);
    return payout;
  }
  struct SessionInterface {
    static void report_offence(const AccountId32&, Perbill) {}
    static void prune_historical_up_to(session::SessionIndex up_to) {
      Historical::prune_up_to(up_to);
    }
  };
  static inline std::optional<BlockNumber> next_session_at;
  static std::optional<BlockNumber> estimate_next_new_session(BlockNumber) {
    return next_session_at;
  }
  static BlockNumber average_session_length() { return 10; }

  // Session and Historical.
  using SessionKeys = TestKeys;
  using SessionManager = session::historical::NoteHistoricalRoot<EraRuntime, Staking>;
  using SessionHandler = NoSessionHandler;
  static bool session_should_end(BlockNumber) { return false; }
  using FullIdentification = staking::Exposure;
  static std::optional<staking::Exposure> full_identification_of(const AccountId32&) {
    return staking::Exposure{};
  }
};
using System = EraRuntime::System;
using Balances = EraRuntime::Balances;
using Staking = EraRuntime::Staking;
using Session = EraRuntime::Session;
using Historical = EraRuntime::Historical;
using Event = Staking::Event;
using StakingAccount = staking::StakingAccount;
using Error = staking::Error;

static_assert(traits::election::ElectionDataProvider<Staking>);
static_assert(traits::SessionManager<Staking>);
static_assert(traits::staking::StakingInterface<Staking::Interface>);

const AccountId32 k11 = account(11);
const AccountId32 k21 = account(21);
const AccountId32 k31 = account(31);
const AccountId32 k41 = account(41);
const AccountId32 k101 = account(101);

using staking_testing::error_of;
using staking_testing::module_error;
DispatchResultWithPostInfo dispatch(Staking::Call call, const Origin& origin) {
  return staking_testing::dispatch<EraRuntime>(std::move(call), origin);
}
template <class E>
std::vector<E> events_of() {
  return staking_testing::staking_events_of<EraRuntime, E>();
}
Balance held(const AccountId32& who) {
  return staking_testing::staking_hold<EraRuntime>(who);
}
Balance free_of(const AccountId32& who) {
  return Balances::balance(who);
}
Staking::StakingLedger ledger_of(const AccountId32& stash) {
  return staking_testing::ledger_of<EraRuntime>(stash);
}
EraIndex active_era() {
  return Staking::ActiveEra::get().value_or(staking::ActiveEraInfo{}).index;
}
std::vector<AccountId32> sorted(std::vector<AccountId32> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The SDK mock's stakers: validators 11 and 21 (1000 each) and 31 (500), nominator 101 (500)
// behind `nominations` (default: 11 only), two seats; every staker has session keys.
struct Setup {
  uint32_t validator_count = 2;
  uint32_t minimum_validator_count = 0;
  std::vector<AccountId32> nominations{k11};
  bool with_31 = true;
  Forcing force_era = Forcing::kNotForcing;
};

// Genesis as a chain builds it (Balances, Staking, then Session, whose first set Staking elects),
// then the first block's on_finalize at time 0 notes the era's start.
template <class F>
void with_genesis(const Setup& setup, F&& f) {
  testing::with_endowed_accounts<EraRuntime>(
      {{k11, 2'000},
       {k21, 2'000},
       {k31, 2'000},
       {k41, 4'000},
       {k101, 2'000},
       {kTreasury, 10},
       {account(200), 10}},
      [&] {
        TestVoterList::unsafe_clear();
        TestClock::now() = 0;
        EraRuntime::sessions = 3;
        EraRuntime::payout = {10'000, 2'000};
        EraRuntime::payout_asked.clear();
        EraRuntime::next_session_at.reset();
        staking::GenesisConfig config;
        config.validator_count = setup.validator_count;
        config.minimum_validator_count = setup.minimum_validator_count;
        config.force_era = setup.force_era;
        config.stakers = {{k11, k11, 1'000, StakerStatus::validator()},
                          {k21, k21, 1'000, StakerStatus::validator()},
                          {k101, k101, 500, StakerStatus::nominator(setup.nominations)}};
        if (setup.with_31) config.stakers.push_back({k31, k31, 500, StakerStatus::validator()});
        ASSERT_TRUE(Staking::build_genesis(config).has_value());
        Session::GenesisConfig keys;
        for (const AccountId32& who : {k11, k21, k31, k41}) {
          keys.keys.emplace_back(who, who, keys_of(who));
        }
        ASSERT_TRUE(Session::build_genesis(keys).has_value());
        Staking::on_finalize(1);
        System::reset_events();
        f();
      });
}

// Ends the current session (Session's rotation), at `time_ms`, then finalizes the block that
// started the next one.
void rotate_at(uint64_t time_ms) {
  TestClock::now() = time_ms;
  Session::rotate_session();
  Staking::on_finalize(System::block_number());
}
// Rotates until session `index` is the current one, one hour of time per session.
void start_session(session::SessionIndex index) {
  while (Session::current_index() < index) {
    rotate_at(uint64_t{Session::current_index() + 1} * 3'600'000);
  }
}
// Starts the active era `era` (with SessionsPerEra sessions per era and no forcing).
void start_active_era(EraIndex era) {
  start_session(era * EraRuntime::sessions);
  ASSERT_EQ(active_era(), era);
}

TEST(StakingEra, BasicSetupWorks) {
  with_genesis({}, [] {
    // Genesis elected era 0: the two best backed of 11 (1000 + 500 from 101), 21 (1000) and 31.
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<EraIndex>(0));
    EXPECT_EQ(Staking::ActiveEra::get(), (staking::ActiveEraInfo{0, uint64_t{0}}));
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(0), std::optional<uint32_t>(0));
    EXPECT_EQ(Staking::BondedEras::get(), (std::vector<std::tuple<EraIndex, uint32_t>>{{0, 0}}));
    EXPECT_EQ(sorted(Session::validators()), sorted({k11, k21}));
    EXPECT_EQ(Staking::eras_stakers(0, k11), (staking::Exposure{1'500, 1'000, {{k101, 500}}}));
    EXPECT_EQ(Staking::eras_stakers(0, k21), (staking::Exposure{1'000, 1'000, {}}));
    EXPECT_EQ(Staking::eras_stakers(0, k31), staking::Exposure{});
    EXPECT_EQ(Staking::ErasStakersOverview::get(0, k11),
              (traits::staking::PagedExposureMetadata{1'500, 1'000, 1, 1}));
    // Without nominators: no page, but one page to claim (the validator's own).
    EXPECT_EQ(Staking::ErasStakersOverview::get(0, k21),
              (traits::staking::PagedExposureMetadata{1'000, 1'000, 0, 0}));
    EXPECT_FALSE(Staking::ErasStakersPaged::get(0, k21, 0).has_value());
    EXPECT_EQ(Staking::eras_stakers_page_count(0, k21), 1u);
    // The StakingApi's pending_rewards: FRAME counts the overview's pages (none for 21).
    EXPECT_TRUE(Staking::pending_rewards(0, k11));
    EXPECT_FALSE(Staking::pending_rewards(0, k21));
    EXPECT_FALSE(Staking::pending_rewards(0, k31));
    EXPECT_EQ(Staking::ErasTotalStake::get(0), Balance{2'500});
    EXPECT_EQ(Staking::ErasValidatorPrefs::get(0, k11), staking::ValidatorPrefs{});
    EXPECT_EQ(Staking::CurrentPlannedSession::get(), 1u);
    EXPECT_EQ(Staking::MinimumActiveStake::get(), Balance{500});
    // Historical stored the roots of sessions 0 and 1 (the genesis set twice).
    EXPECT_TRUE(Historical::historical_root(0).has_value());
    EXPECT_EQ(Historical::historical_root(1), Historical::historical_root(0));
    EXPECT_EQ(Historical::StoredRange::get(),
              (std::optional<std::tuple<uint32_t, uint32_t>>{{0, 2}}));
  });
}

TEST(StakingEra, ElectionDataProviderReadsTheVoterListAndTheValidators) {
  with_genesis({.nominations = {k11, k21, account(77)}}, [] {
    // The VoterList by weight: 11 and 21 (1000), 101 and 31 (500).
    const auto voters = Staking::electing_voters({}).value();
    ASSERT_EQ(voters.size(), 4u);
    for (const Voter& v : voters) {
      if (v.who == k101) {
        // Nominations are handed over as they are (the election drops the unknown 77).
        EXPECT_EQ(v.targets, sorted({k11, k21, account(77)}));
        EXPECT_EQ(v.weight, 500u);
      } else {
        EXPECT_EQ(v.targets, std::vector<AccountId32>{v.who});
      }
    }
    EXPECT_EQ(voters[0].weight, 1'000u);
    EXPECT_EQ(voters[3].weight, 500u);
    // At most two: the heaviest.
    const auto two = Staking::electing_voters({.count = 2}).value();
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(sorted({two[0].who, two[1].who}), sorted({k11, k21}));
    // No nominator among them: FRAME stores u64::MAX.
    EXPECT_EQ(Staking::MinimumActiveStake::get(), Balance{UINT64_MAX});
    // A size bound: each self-vote is 1 + 72 bytes by FRAME's count; 150 bytes take two.
    System::reset_events();
    const auto sized = Staking::electing_voters({.size = 150}).value();
    EXPECT_EQ(sized.size(), 2u);
    EXPECT_EQ(events_of<Staking::SnapshotVotersSizeExceeded>(),
              std::vector<Staking::SnapshotVotersSizeExceeded>{{146}});
    // Targets: every validator; a count bound below their number is an error, a size bound
    // stops early with an event.
    EXPECT_EQ(sorted(Staking::electable_targets({}).value()), sorted({k11, k21, k31}));
    EXPECT_FALSE(Staking::electable_targets({.count = 2}).has_value());
    System::reset_events();
    EXPECT_EQ(Staking::electable_targets({.size = 70}).value().size(), 2u);
    EXPECT_EQ(events_of<Staking::SnapshotTargetsSizeExceeded>(),
              std::vector<Staking::SnapshotTargetsSizeExceeded>{{66}});
    EXPECT_EQ(Staking::desired_targets().value(), 2u);
    // The election drops 77 and still elects 11 and 21.
    EXPECT_EQ(sorted(Session::validators()), sorted({k11, k21}));
  });
}

TEST(StakingEra, NextElectionPredictionFollowsTheSessions) {
  with_genesis({}, [] {
    // Session 0 of era 0 (planned session 1), the session ends at block 10, 10 blocks a session:
    // the election is due when session 2 ends, 3 sessions into the era.
    EraRuntime::next_session_at = 10;
    EXPECT_EQ(Staking::next_election_prediction(4), 4u + 6u + 10u);
    Staking::ForceEra::put(Forcing::kForceNew);
    EXPECT_EQ(Staking::next_election_prediction(4), 10u);
    Staking::ForceEra::put(Forcing::kForceNone);
    EXPECT_EQ(Staking::next_election_prediction(4), UINT32_MAX);
  });
}

TEST(StakingEra, StakingShouldWork) {
  with_genesis({}, [] {
    // 41 bonds 2000 and validates in session 1: it is elected for era 1, planned when session 3
    // is (in session 2), active from session 3.
    start_session(1);
    ASSERT_EQ(error_of(dispatch(Staking::bond{2'000, RewardDestination::stash()},
                                Origin::signed_by(k41))),
              "ok");
    ASSERT_EQ(error_of(dispatch(Staking::validate{}, Origin::signed_by(k41))), "ok");
    start_session(2);
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<EraIndex>(1));
    EXPECT_EQ(active_era(), 0u);
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(1), std::optional<uint32_t>(3));
    EXPECT_EQ(events_of<Staking::StakersElected>().size(), 1u);
    EXPECT_EQ(sorted(Session::validators()), sorted({k11, k21}));
    // Queued for the next session.
    std::vector<AccountId32> queued;
    for (const auto& entry : Session::QueuedKeys::get()) queued.push_back(std::get<0>(entry));
    EXPECT_EQ(sorted(queued), sorted({k41, k11}));
    start_session(3);
    EXPECT_EQ(active_era(), 1u);
    EXPECT_EQ(sorted(Session::validators()), sorted({k41, k11}));
    EXPECT_EQ(Staking::eras_stakers(1, k41), (staking::Exposure{2'000, 2'000, {}}));
    EXPECT_EQ(Staking::BondedEras::get(),
              (std::vector<std::tuple<EraIndex, uint32_t>>{{0, 0}, {1, 3}}));
    // Era 0 ended with session 2: its payout was asked for 2500 staked over 3 hours.
    ASSERT_EQ(EraRuntime::payout_asked.size(), 1u);
    EXPECT_EQ(std::get<0>(EraRuntime::payout_asked[0]), Balance{2'500});
    EXPECT_EQ(std::get<2>(EraRuntime::payout_asked[0]), uint64_t{3 * 3'600'000});
    EXPECT_EQ(events_of<Staking::EraPaid>(), (std::vector<Staking::EraPaid>{{0, 10'000, 2'000}}));
    EXPECT_EQ(Staking::ErasValidatorReward::get(0), std::optional<Balance>(10'000));
    // The remainder went to the treasury (RewardRemainder).
    EXPECT_EQ(free_of(kTreasury), Balance{2'010});
    // The new era's start is its first block's time.
    EXPECT_EQ(Staking::ActiveEra::get(), (staking::ActiveEraInfo{1, uint64_t{3 * 3'600'000}}));
  });
}

TEST(StakingEra, LessThanNeededCandidatesWorks) {
  // Four seats, three candidates: all three are elected.
  with_genesis({.validator_count = 4, .minimum_validator_count = 1}, [] {
    EXPECT_EQ(sorted(Session::validators()), sorted({k11, k21, k31}));
    EXPECT_EQ(Staking::eras_stakers(0, k31), (staking::Exposure{500, 500, {}}));
  });
}

TEST(StakingEra, TooFewCandidatesFailTheElectionAndKeepTheSet) {
  with_genesis({.minimum_validator_count = 2}, [] {
    start_session(1);
    // 21 and 31 leave: one candidate for a minimum of two.
    ASSERT_EQ(error_of(dispatch(Staking::chill{}, Origin::signed_by(k21))), "ok");
    ASSERT_EQ(error_of(dispatch(Staking::chill{}, Origin::signed_by(k31))), "ok");
    System::reset_events();
    start_session(2);
    EXPECT_EQ(events_of<Staking::StakingElectionFailed>().size(), 1u);
    EXPECT_TRUE(events_of<Staking::StakersElected>().empty());
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<EraIndex>(0));
    start_session(4);
    // No era was planned: era 0 goes on with its set, and tries again every session.
    EXPECT_EQ(active_era(), 0u);
    EXPECT_EQ(sorted(Session::validators()), sorted({k11, k21}));
    EXPECT_EQ(events_of<Staking::StakingElectionFailed>().size(), 3u);
  });
}

TEST(StakingEra, GenesisWithoutEnoughCandidatesStartsEraZeroWithSessionsSet) {
  with_genesis({.minimum_validator_count = 5}, [] {
    // The election failed: era 0 starts anyway, and Session keeps the keys' owners.
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<EraIndex>(0));
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(0), std::optional<uint32_t>(0));
    EXPECT_EQ(active_era(), 0u);
    EXPECT_EQ(sorted(Session::validators()), sorted({k11, k21, k31, k41}));
    EXPECT_FALSE(Staking::ErasStakersOverview::get(0, k11).has_value());
  });
}

TEST(StakingEra, ForcingNewEraWorks) {
  with_genesis({}, [] {
    // Normal: a new era every 3 sessions.
    start_session(3);
    EXPECT_EQ(active_era(), 1u);
    // ForceNone: none.
    ASSERT_EQ(error_of(dispatch(Staking::force_no_eras{}, Origin::root())), "ok");
    start_session(9);
    EXPECT_EQ(active_era(), 1u);
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<EraIndex>(1));
    // ForceNew: the next session plans one, then back to normal.
    ASSERT_EQ(error_of(dispatch(Staking::force_new_era{}, Origin::root())), "ok");
    start_session(10);
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(2), std::optional<uint32_t>(11));
    EXPECT_EQ(Staking::ForceEra::get(), Forcing::kNotForcing);
    start_session(11);
    EXPECT_EQ(active_era(), 2u);
    start_session(13);
    EXPECT_EQ(active_era(), 2u);
    // ForceAlways: an era every session.
    ASSERT_EQ(error_of(dispatch(Staking::force_new_era_always{}, Origin::root())), "ok");
    start_session(15);
    EXPECT_EQ(active_era(), 4u);
    start_session(16);
    EXPECT_EQ(active_era(), 5u);
    EXPECT_EQ(Staking::ForceEra::get(), Forcing::kForceAlways);
  });
}

TEST(StakingEra, EraIsAlwaysSameLength) {
  with_genesis({}, [] {
    start_session(3);
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(1), std::optional<uint32_t>(3));
    start_session(6);
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(2), std::optional<uint32_t>(6));
    // Forced in session 7: the rotation into session 8 plans era 3 for session 9; the next era
    // comes SessionsPerEra sessions after that.
    start_session(7);
    ASSERT_EQ(error_of(dispatch(Staking::force_new_era{}, Origin::root())), "ok");
    start_session(8);
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(3), std::optional<uint32_t>(9));
    start_session(11);
    EXPECT_EQ(Staking::ErasStartSessionIndex::get(4), std::optional<uint32_t>(12));
    EXPECT_EQ(active_era(), 3u);
    start_session(12);
    EXPECT_EQ(active_era(), 4u);
  });
}

TEST(StakingEra, AnEraOutsideTheHistoryIsCleared) {
  with_genesis({}, [] {
    Staking::note_author(k11);
    start_active_era(1);
    ASSERT_TRUE(Staking::ErasStakersOverview::get(0, k11).has_value());
    ASSERT_TRUE(Staking::ErasStakersPaged::get(0, k11, 0).has_value());
    // Era 6 is planned (HistoryDepth 5): era 0 goes.
    start_active_era(5);
    EXPECT_TRUE(Staking::ErasStakersOverview::get(0, k11).has_value());
    start_active_era(6);
    EXPECT_FALSE(Staking::ErasStakersOverview::get(0, k11).has_value());
    EXPECT_FALSE(Staking::ErasStakersPaged::get(0, k11, 0).has_value());
    EXPECT_FALSE(Staking::ErasValidatorReward::get(0).has_value());
    EXPECT_EQ(Staking::ErasRewardPoints::get(0), staking::EraRewardPoints{});
    EXPECT_EQ(Staking::ErasTotalStake::get(0), Balance{0});
    EXPECT_FALSE(Staking::ErasStartSessionIndex::get(0).has_value());
    EXPECT_EQ(Staking::ErasValidatorPrefs::get(0, k11), staking::ValidatorPrefs{});
    EXPECT_TRUE(Staking::ErasStakersOverview::get(1, k11).has_value());
    // Bonded eras keep BondingDuration + 1: eras 3 to 6; Historical kept from era 3's session.
    EXPECT_EQ(Staking::BondedEras::get(),
              (std::vector<std::tuple<EraIndex, uint32_t>>{{3, 9}, {4, 12}, {5, 15}, {6, 18}}));
    EXPECT_FALSE(Historical::historical_root(8).has_value());
    EXPECT_TRUE(Historical::historical_root(9).has_value());
  });
}

TEST(StakingEra, EraPointsAndTheStartOfTheEra) {
  with_genesis({}, [] {
    Staking::note_author(k11);
    Staking::note_author(k11);
    Staking::reward_by_ids({{k21, 5}, {k11, 1}});
    const staking::EraRewardPoints points = Staking::ErasRewardPoints::get(0);
    EXPECT_EQ(points.total, 46u);
    EXPECT_EQ(points.individual.at(k11), 41u);
    EXPECT_EQ(points.individual.at(k21), 5u);
    // The start is noted once.
    TestClock::now() = 99;
    Staking::on_finalize(2);
    EXPECT_EQ(Staking::ActiveEra::get(), (staking::ActiveEraInfo{0, uint64_t{0}}));
  });
}

// Era 0's payout: 10,000 to validators, 11 authored 2 blocks (40 points) and 21 one (20).
void end_era_zero_with_points() {
  Staking::note_author(k11);
  Staking::note_author(k11);
  Staking::note_author(k21);
  start_active_era(1);
}

TEST(StakingEra, RewardsShouldWork) {
  with_genesis({}, [] {
    // 101 is paid to its stash, 11 and 21 (genesis) add to their bonds.
    ASSERT_EQ(
        error_of(dispatch(Staking::set_payee{RewardDestination::stash()}, Origin::signed_by(k101))),
        "ok");
    end_era_zero_with_points();
    System::reset_events();
    const Balance issuance = Balances::total_issuance();
    const Balance free_101 = free_of(k101);
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, Origin::signed_by(account(200)))),
              "ok");
    // 11: from_rational(40, 60) = 666_666_666 parts of 10,000 = 6666.67 -> 6667; no commission;
    // its own 1000 of 1500: 666_666_666 parts of 6667 = 4444.67 -> 4445; 101's 500 of 1500:
    // 333_333_333 parts of 6667 = 2222.33 -> 2222.
    EXPECT_EQ(events_of<Staking::PayoutStarted>(),
              (std::vector<Staking::PayoutStarted>{{0, k11, 0, std::nullopt}}));
    EXPECT_EQ(events_of<Staking::Rewarded>(),
              (std::vector<Staking::Rewarded>{{k11, RewardDestination::staked(), 4'445},
                                              {k101, RewardDestination::stash(), 2'222}}));
    EXPECT_EQ(ledger_of(k11).active, Balance{1'000 + 4'445});
    EXPECT_EQ(ledger_of(k11).total, Balance{1'000 + 4'445});
    EXPECT_EQ(held(k11), Balance{1'000 + 4'445});
    EXPECT_EQ(free_of(k101), free_101 + 2'222);
    EXPECT_EQ(Balances::total_issuance(), issuance + 6'667);
    EXPECT_EQ(Staking::ClaimedRewards::get(0, k11), std::vector<staking::Page>{0});
    // 21: 333_333_333 parts of 10,000 = 3333.33 -> 3333, all its own.
    System::reset_events();
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 0}, Origin::signed_by(account(200)))),
              "ok");
    EXPECT_EQ(events_of<Staking::Rewarded>(),
              (std::vector<Staking::Rewarded>{{k21, RewardDestination::staked(), 3'333}}));
    // Paid once.
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 0}, Origin::signed_by(account(200)))),
              module_error(Error::kAlreadyClaimed));
  });
}

TEST(StakingEra, CommissionComesFromTheErasSnapshot) {
  with_genesis({}, [] {
    // 11 sets 10 % in era 0: era 1's snapshot has it.
    ASSERT_EQ(error_of(dispatch(
                  Staking::validate{staking::ValidatorPrefs{Perbill::from_percent(10), false}},
                  Origin::signed_by(k11))),
              "ok");
    start_active_era(1);
    EXPECT_EQ(Staking::ErasValidatorPrefs::get(1, k11).commission, Perbill::from_percent(10));
    Staking::note_author(k11);
    // 11 changes its mind: era 1 still pays 10 %.
    ASSERT_EQ(error_of(dispatch(
                  Staking::validate{staking::ValidatorPrefs{Perbill::from_percent(50), false}},
                  Origin::signed_by(k11))),
              "ok");
    start_active_era(2);
    System::reset_events();
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 1}, Origin::signed_by(account(200)))),
              "ok");
    // All 20 points: 10,000; commission 1000; own 666_666_666 parts of 9000 = 5999.99 -> 6000,
    // plus the page's whole commission: 7000; 101: 333_333_333 parts of 9000 = 3000.
    EXPECT_EQ(events_of<Staking::Rewarded>(),
              (std::vector<Staking::Rewarded>{{k11, RewardDestination::staked(), 7'000},
                                              {k101, RewardDestination::staked(), 3'000}}));
  });
}

TEST(StakingEra, PayoutToAnyAccountWorks) {
  with_genesis({}, [] {
    const AccountId32 kPayee = account(150);
    ASSERT_EQ(error_of(dispatch(Staking::set_payee{RewardDestination::account(kPayee)},
                                Origin::signed_by(k101))),
              "ok");
    ASSERT_EQ(
        error_of(dispatch(Staking::set_payee{RewardDestination::none()}, Origin::signed_by(k21))),
        "ok");
    end_era_zero_with_points();
    System::reset_events();
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, Origin::signed_by(k11))), "ok");
    // The payee account, new, is created with its reward.
    EXPECT_EQ(free_of(kPayee), Balance{2'222});
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 0}, Origin::signed_by(k11))), "ok");
    // None: no payment and no event.
    EXPECT_EQ(events_of<Staking::Rewarded>(),
              (std::vector<Staking::Rewarded>{{k11, RewardDestination::staked(), 4'445},
                                              {k101, RewardDestination::account(kPayee), 2'222}}));
    EXPECT_EQ(ledger_of(k21).active, Balance{1'000});
  });
}

TEST(StakingEra, PayoutStakersHandlesBasicErrors) {
  with_genesis({}, [] {
    const Origin caller = Origin::signed_by(account(200));
    Staking::note_author(k11);
    // Era 0 has not ended: no reward yet (and nothing is marked claimed).
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, caller)),
              module_error(Error::kInvalidEraToReward));
    EXPECT_TRUE(Staking::ClaimedRewards::get(0, k11).empty());
    start_active_era(1);
    // A future era, a page beyond the exposure's, not a stash.
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 2}, caller)),
              module_error(Error::kInvalidEraToReward));
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers_by_page{k11, 0, 1}, caller)),
              module_error(Error::kInvalidPage));
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{account(200), 0}, caller)),
              module_error(Error::kNotStash));
    // Unsigned: refused.
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, Origin::none())), "BadOrigin");
    // The failures charge only the weight of an empty payout.
    const auto light = dispatch(Staking::payout_stakers{k11, 2}, caller);
    ASSERT_FALSE(light.has_value());
    EXPECT_EQ(
        light.error().post_info.actual_weight,
        std::optional<Weight>(staking::KusamaWeights<EraRuntime>::payout_stakers_alive_staked(0)));
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, caller)), "ok");
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, caller)),
              module_error(Error::kAlreadyClaimed));
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers_by_page{k11, 0, 0}, caller)),
              module_error(Error::kAlreadyClaimed));
    // Eras older than HistoryDepth (5) are gone.
    start_active_era(7);
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 1}, caller)),
              module_error(Error::kInvalidEraToReward));
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 2}, caller)), "ok");
  });
}

TEST(StakingEra, LegacyClaimedRewardsAreHonoured) {
  with_genesis({}, [] {
    Staking::note_author(k11);
    start_active_era(1);
    auto l = Staking::ledger(StakingAccount::stash(k11));
    ASSERT_TRUE(l.has_value());
    ASSERT_TRUE(l->data.legacy_claimed_rewards.try_push(0));
    ASSERT_TRUE(l->update().has_value());
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, Origin::signed_by(k11))),
              module_error(Error::kAlreadyClaimed));
    EXPECT_EQ(
        error_of(dispatch(Staking::payout_stakers_by_page{k11, 0, 0}, Origin::signed_by(k11))),
        module_error(Error::kAlreadyClaimed));
  });
}

TEST(StakingEra, MultiPagePayoutStakersByPage) {
  with_genesis({}, [] {
    // Ten nominators of 100 each behind 21: pages of 4, 4 and 2.
    std::vector<AccountId32> nominators;
    for (uint8_t i = 0; i < 10; ++i) {
      const AccountId32 n = account(static_cast<uint8_t>(120 + i));
      nominators.push_back(n);
      ASSERT_TRUE(Balances::mint_into(n, 1'000).has_value());
      ASSERT_EQ(
          error_of(dispatch(Staking::bond{100, RewardDestination::stash()}, Origin::signed_by(n))),
          "ok");
      ASSERT_EQ(
          error_of(dispatch(Staking::nominate{{MultiAddress::id(k21)}}, Origin::signed_by(n))),
          "ok");
    }
    start_active_era(1);
    const staking::Exposure exposure = Staking::eras_stakers(1, k21);
    EXPECT_EQ(exposure.total, Balance{2'000});
    EXPECT_EQ(exposure.others.size(), 10u);
    EXPECT_EQ(Staking::ErasStakersOverview::get(1, k21),
              (traits::staking::PagedExposureMetadata{2'000, 1'000, 10, 3}));
    EXPECT_EQ(Staking::eras_stakers_page_count(1, k21), 3u);
    EXPECT_EQ(Staking::ErasStakersPaged::get(1, k21, 2).value().others.size(), 2u);
    EXPECT_EQ(Staking::ErasStakersPaged::get(1, k21, 0).value().page_total, Balance{400});
    // 21 alone earns era 1, with 10 % commission... set for era 2 only; era 1 pays none.
    Staking::note_author(k21);
    start_active_era(2);
    const Origin caller = Origin::signed_by(account(200));
    System::reset_events();
    EXPECT_TRUE(Staking::pending_rewards(1, k21));
    // Page 1 first: four nominators, 100 of 2000 each: 50_000_000 parts of 10,000 = 500; the
    // validator gets the page's share of the commission (none) and no own stake: nothing.
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers_by_page{k21, 1, 1}, caller)), "ok");
    EXPECT_EQ(events_of<Staking::PayoutStarted>(),
              (std::vector<Staking::PayoutStarted>{{1, k21, 1, staking::Page{0}}}));
    auto rewarded = events_of<Staking::Rewarded>();
    ASSERT_EQ(rewarded.size(), 4u);
    for (const auto& r : rewarded) EXPECT_EQ(r.amount, Balance{500});
    // Then payout_stakers takes the first unclaimed: page 0 (the own stake: half, 5000), then 2.
    System::reset_events();
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 1}, caller)), "ok");
    EXPECT_EQ(events_of<Staking::PayoutStarted>(),
              (std::vector<Staking::PayoutStarted>{{1, k21, 0, staking::Page{2}}}));
    rewarded = events_of<Staking::Rewarded>();
    ASSERT_EQ(rewarded.size(), 5u);
    EXPECT_EQ(rewarded[0], (Staking::Rewarded{k21, RewardDestination::staked(), 5'000}));
    System::reset_events();
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 1}, caller)), "ok");
    EXPECT_EQ(events_of<Staking::PayoutStarted>(),
              (std::vector<Staking::PayoutStarted>{{1, k21, 2, std::nullopt}}));
    EXPECT_EQ(events_of<Staking::Rewarded>().size(), 2u);
    EXPECT_EQ(Staking::ClaimedRewards::get(1, k21), (std::vector<staking::Page>{1, 0, 2}));
    EXPECT_FALSE(Staking::pending_rewards(1, k21));
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 1}, caller)),
              module_error(Error::kAlreadyClaimed));
    EXPECT_EQ(error_of(dispatch(Staking::payout_stakers_by_page{k21, 1, 3}, caller)),
              module_error(Error::kInvalidPage));
    // Every nominator was paid 500 to its stash.
    for (const AccountId32& n : nominators) EXPECT_EQ(free_of(n), Balance{1'000 - 100 + 500});
  });
}

TEST(StakingEra, CommissionIsSharedAcrossPagesByStake) {
  with_genesis({}, [] {
    for (uint8_t i = 0; i < 5; ++i) {
      const AccountId32 n = account(static_cast<uint8_t>(120 + i));
      ASSERT_TRUE(Balances::mint_into(n, 1'000).has_value());
      ASSERT_EQ(
          error_of(dispatch(Staking::bond{200, RewardDestination::stash()}, Origin::signed_by(n))),
          "ok");
      ASSERT_EQ(
          error_of(dispatch(Staking::nominate{{MultiAddress::id(k21)}}, Origin::signed_by(n))),
          "ok");
    }
    ASSERT_EQ(error_of(dispatch(
                  Staking::validate{staking::ValidatorPrefs{Perbill::from_percent(10), false}},
                  Origin::signed_by(k21))),
              "ok");
    start_active_era(1);
    Staking::note_author(k21);
    start_active_era(2);
    // Exposure 2000: own 1000, pages of 800 and 200. Payout 10,000, commission 1000, leftover
    // 9000. Page 0: own 1/2 of 9000 = 4500, plus (1000 + 800) / 2000 = 9/10 of 1000 = 900;
    // page 1: 1/10 of 1000 = 100. Each nominator: 1/10 of 9000 = 900.
    System::reset_events();
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 1}, Origin::signed_by(k21))), "ok");
    auto page0 = events_of<Staking::Rewarded>();
    ASSERT_EQ(page0.size(), 5u);
    EXPECT_EQ(page0[0], (Staking::Rewarded{k21, RewardDestination::staked(), 5'400}));
    for (size_t i = 1; i < page0.size(); ++i) EXPECT_EQ(page0[i].amount, Balance{900});
    System::reset_events();
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k21, 1}, Origin::signed_by(k21))), "ok");
    auto page1 = events_of<Staking::Rewarded>();
    ASSERT_EQ(page1.size(), 2u);
    EXPECT_EQ(page1[0], (Staking::Rewarded{k21, RewardDestination::staked(), 100}));
    EXPECT_EQ(page1[1].amount, Balance{900});
  });
}

TEST(StakingEra, MaxStakedRewardsCapsTheValidatorsPayout) {
  with_genesis({}, [] {
    Staking::MaxStakedRewards::put(staking::Percent::from_percent(50));
    start_active_era(1);
    // 10,000 + 2,000: validators at most 6,000, the rest 6,000.
    EXPECT_EQ(events_of<Staking::EraPaid>(), (std::vector<Staking::EraPaid>{{0, 6'000, 6'000}}));
    EXPECT_EQ(Staking::ErasValidatorReward::get(0), std::optional<Balance>(6'000));
  });
}

TEST(StakingEra, LargeStakesAndRewardsDoNotOverflow) {
  with_genesis({}, [] {
    // A reward near the top of u128: the products stay within the per-thing arithmetic.
    EraRuntime::payout = {Balance{1} << 120, 0};
    Staking::note_author(k11);
    start_active_era(1);
    ASSERT_EQ(error_of(dispatch(Staking::payout_stakers{k11, 0}, Origin::signed_by(k11))), "ok");
    const auto rewarded = events_of<Staking::Rewarded>();
    ASSERT_EQ(rewarded.size(), 2u);
    EXPECT_LE(rewarded[0].amount + rewarded[1].amount, Balance{1} << 120);
    EXPECT_GT(rewarded[0].amount, rewarded[1].amount);
  });
}

TEST(StakingEra, DeferredSlashesAreAppliedWhenTheirEraStarts) {
  with_genesis({}, [] {
    start_active_era(1);
    // An offence of 11 in era 1 (session 4), 10 %: deferred by one era, due at era 3's start.
    using Details = traits::staking::OffenceDetails<AccountId32>;
    const std::vector<Details> offenders{{k11, {}}};
    const std::vector<Perbill> fractions{Perbill::from_percent(10)};
    start_session(4);
    (void)Staking::OffenceHandler::on_offence(std::span<const Details>(offenders),
                                              std::span<const Perbill>(fractions), 4);
    EXPECT_EQ(Staking::UnappliedSlashes::get(3).size(), 1u);
    const Balance before = ledger_of(k11).active;
    System::reset_events();
    start_active_era(2);
    EXPECT_EQ(ledger_of(k11).active, before);
    EXPECT_TRUE(events_of<Staking::Slashed>().empty());
    start_active_era(3);
    // 10 % of 11's own 1000 and of 101's 500.
    EXPECT_EQ(events_of<Staking::Slashed>(),
              (std::vector<Staking::Slashed>{{k11, 100}, {k101, 50}}));
    EXPECT_EQ(ledger_of(k11).active, before - 100);
    EXPECT_TRUE(Staking::UnappliedSlashes::get(3).empty());
    // Era 1's slashing metadata goes when era 1 leaves BondedEras (at era 5's start).
    EXPECT_TRUE(Staking::ValidatorSlashInEra::get(1, k11).has_value());
    start_active_era(5);
    EXPECT_FALSE(Staking::ValidatorSlashInEra::get(1, k11).has_value());
  });
}

TEST(StakingEra, ElectionOngoingAsksTheElectionProvider) {
  with_genesis({}, [] { EXPECT_FALSE(Staking::Interface::election_ongoing()); });
}

}  // namespace
}  // namespace canary::rt
