// The token, session, staking, preimage, scheduling and polling traits (runtime/framework/traits/):
// Balances satisfies its concepts, minimal test types satisfy the others (and types that lack a
// part do not), and fungible's Credit and Debt imbalances move funds through Balances with the
// total issuance kept equal to what the accounts hold: resolved, settled, offset, or dropped
// (a dropped Credit burns, a dropped Debt mints, as FRAME's DecreaseIssuance and
// IncreaseIssuance).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/framework/extrinsic/check_metadata_hash.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/polling.hpp"
#include "runtime/framework/traits/preimages.hpp"
#include "runtime/framework/traits/schedule.hpp"
#include "runtime/framework/traits/session.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/session/session.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "tests/unit/runtime/with_endowed_accounts.hpp"

namespace canary::rt {
// The test runtime has external linkage: what only the metadata would read (its limits, the
// reasons' type info) is not reported unused.
namespace traits_test {

namespace system = pallets::system;
namespace balances = pallets::balances;
using traits::tokens::Balance;

enum class TestReason : uint8_t { kStaking = 0, kPreimage = 1 };
bool scale_is_valid(TestReason r) {
  return static_cast<uint8_t>(r) <= 1;
}
void canary_type_info(meta::TypeBuilder& b, const TestReason*) {
  b.path({"test_runtime", "RuntimeHoldReason"});
  b.variant(0, "Staking").variant(1, "Preimage");
}

struct TestRuntime {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Pallets = Composition<"test_runtime", System, Balances>;
  using SignedExtra = std::tuple<system::CheckNonce<TestRuntime>, CheckMetadataHash<TestRuntime>>;
  using RuntimeHoldReason = TestReason;
  using RuntimeFreezeReason = TestReason;

  static constexpr Balance kExistentialDeposit = 10;
  static constexpr uint32_t kMaxLocks = 3;
  static constexpr uint32_t kMaxReserves = 2;
  static constexpr uint32_t kMaxFreezes = 2;
  static constexpr uint32_t kMaxHolds = 2;

  static constexpr uint32_t kBlockHashCount = 250;
  static constexpr uint16_t kSs58Prefix = 2;
  static constexpr uint32_t kMaxConsumers = 16;
  static constexpr system::RuntimeDbWeight kDbWeight{25'000'000, 100'000'000};
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion kVersion = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.spec_version = 1;
      out.transaction_version = 1;
      out.system_version = 1;
      return out;
    }();
    return kVersion;
  }
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::from_parts(5'000'000'000, 0), Weight::from_parts(100'000'000, 0),
        Weight::from_parts(2 * kWeightRefTimePerSecond, UINT64_MAX), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(5 * 1024 * 1024, 75);
  }
  static std::optional<Hash256> metadata_hash() { return std::nullopt; }
};
}  // namespace traits_test

namespace {

namespace fungible = traits::fungible;
using traits::tokens::Balance;
using traits::tokens::Fortitude;
using traits::tokens::Precision;
using traits::tokens::Preservation;
using traits_test::TestRuntime;
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Credit = Balances::Credit;
using Debt = Balances::Debt;

// --- Balances provides the token traits.
static_assert(fungible::Inspect<Balances>);
static_assert(fungible::Mutate<Balances>);
static_assert(fungible::InspectHold<Balances> && fungible::MutateHold<Balances>);
static_assert(fungible::InspectFreeze<Balances> && fungible::MutateFreeze<Balances>);
static_assert(fungible::Balanced<Balances>);
static_assert(traits::Currency<Balances>);
static_assert(traits::ReservableCurrency<Balances>);
static_assert(traits::NamedReservableCurrency<Balances>);
static_assert(traits::LockableCurrency<Balances>);
// Imbalances are values that must be accounted for: moved, never copied.
static_assert(!std::is_copy_constructible_v<Credit> &&
              std::is_nothrow_move_constructible_v<Credit>);
static_assert(!std::is_convertible_v<Credit, Debt>);
// A type without the parts is not one.
static_assert(!fungible::Inspect<pallets::session::StaticSessionManager>);
static_assert(!traits::Currency<pallets::session::StaticSessionManager>);

// --- OnUnbalanced: a handler that puts credits into an account (a treasury).
AccountId32 account(uint8_t n) {
  AccountId32 a;
  a.bytes.fill(n);
  return a;
}
const AccountId32 kAlice = account(1);
const AccountId32 kBob = account(2);
const AccountId32 kTreasury = account(9);

struct ToTreasury {
  static void on_unbalanced(Credit credit) {
    Credit left = Balances::resolve(kTreasury, std::move(credit));
    (void)left;  // what the treasury cannot take is burned
  }
};
static_assert(fungible::OnUnbalanced<ToTreasury, Credit>);
static_assert(fungible::OnUnbalanced<fungible::DropImbalance, Credit>);
static_assert(fungible::OnUnbalanced<fungible::DropImbalance, Debt>);
static_assert(!fungible::OnUnbalanced<ToTreasury, Debt>);

// --- Session: the pallet's own helpers and minimal types.
struct TestKey {
  uint8_t id = 0;
};
struct TestKeys {
  TestKey key;
};
struct TestOneHandler {
  static void on_genesis_session(const std::vector<std::pair<AccountId32, TestKey>>&) {}
  static void on_new_session(bool, const std::vector<std::pair<AccountId32, TestKey>>&,
                             const std::vector<std::pair<AccountId32, TestKey>>&,
                             traits::SessionIndex) {}
  static void on_disabled(uint32_t) {}
};
struct TestValidatorSet {
  static traits::SessionIndex session_index() { return 0; }
  static std::vector<AccountId32> validators() { return {}; }
};
static_assert(traits::SessionManager<pallets::session::StaticSessionManager>);
static_assert(traits::OneSessionHandler<TestOneHandler, TestKey>);
static_assert(!traits::OneSessionHandler<TestOneHandler, TestKeys>);
static_assert(traits::SessionHandler<
              pallets::session::SessionHandlers<
                  TestKeys, pallets::session::KeyHandler<TestOneHandler, &TestKeys::key>>,
              TestKeys>);
static_assert(traits::ValidatorSet<TestValidatorSet>);
static_assert(!traits::ValidatorSet<TestOneHandler>);

// --- Staking: minimal types, each satisfying one concept.
namespace staking = traits::staking;
struct TestDataProvider {
  static staking::DataProviderResult<std::vector<AccountId32>> electable_targets(
      staking::DataProviderBounds) {
    return std::vector<AccountId32>{kAlice};
  }
  static staking::DataProviderResult<std::vector<staking::Voter>> electing_voters(
      staking::DataProviderBounds) {
    return std::vector<staking::Voter>{};
  }
  static staking::DataProviderResult<uint32_t> desired_targets() { return uint32_t{1}; }
  static BlockNumber next_election_prediction(BlockNumber now) { return now + 10; }
};
struct TestElection {
  using DataProvider = TestDataProvider;
  enum class Error : uint8_t { kNoSolution };
  static Result<staking::Supports, Error> elect() { return staking::Supports{}; }
  static bool ongoing() { return false; }
};
struct TestOffences {
  static Weight on_offence(std::span<const staking::OffenceDetails<AccountId32>>,
                           std::span<const arithmetic::Perbill>, traits::SessionIndex) {
    return Weight::zero();
  }
};
struct TestStaking {
  static Balance minimum_nominator_bond() { return 1; }
  static Balance minimum_validator_bond() { return 1; }
  static Result<AccountId32, DispatchError> stash_by_ctrl(const AccountId32& who) { return who; }
  static staking::EraIndex bonding_duration() { return 28; }
  static staking::EraIndex current_era() { return 0; }
  static Result<staking::Stake, DispatchError> stake(const AccountId32&) {
    return staking::Stake{};
  }
  static Result<bool, DispatchError> is_unbonding(const AccountId32&) { return false; }
  static DispatchResult bond(const AccountId32&, Balance, const AccountId32&) { return {}; }
  static DispatchResult nominate(const AccountId32&, const std::vector<AccountId32>&) { return {}; }
  static DispatchResult chill(const AccountId32&) { return {}; }
  static DispatchResult bond_extra(const AccountId32&, Balance) { return {}; }
  static DispatchResult unbond(const AccountId32&, Balance) { return {}; }
  static Result<bool, DispatchError> withdraw_unbonded(const AccountId32&, uint32_t) {
    return true;
  }
  static uint32_t desired_validator_count() { return 1; }
  static bool election_ongoing() { return false; }
  static DispatchResult force_unstake(const AccountId32&) { return {}; }
  static bool is_exposed_in_era(const AccountId32&, staking::EraIndex) { return false; }
  static bool is_validator(const AccountId32&) { return false; }
  static std::optional<std::vector<AccountId32>> nominations(const AccountId32&) {
    return std::nullopt;
  }
};
static_assert(staking::ElectionDataProvider<TestDataProvider>);
static_assert(staking::ElectionProvider<TestElection>);
static_assert(!staking::ElectionProvider<TestDataProvider>);
static_assert(staking::OnOffenceHandler<TestOffences, AccountId32>);
static_assert(staking::StakingInterface<TestStaking>);
static_assert(!staking::StakingInterface<TestElection>);

// --- Preimages and scheduling: a stand-in call, preimages kept by hash, a scheduler.
struct TestCall {
  uint8_t index = 0;
};
struct TestPreimages {
  static constexpr size_t kMaxLength = 4 * 1024 * 1024;
  static std::optional<uint32_t> len(const Hash256&) { return std::nullopt; }
  static Result<Bytes, DispatchError> fetch(const Hash256&, std::optional<uint32_t>) {
    return unexpected(dispatch_error(DispatchError::Kind::kUnavailable));
  }
  static bool is_requested(const Hash256&) { return false; }
  static void request(const Hash256&) {}
  static void unrequest(const Hash256&) {}
  static Result<Hash256, DispatchError> note(const Bytes&) { return Hash256{}; }
  static void unnote(const Hash256&) {}
  static Result<traits::preimages::Bounded<TestCall>, DispatchError> bound(const TestCall& call) {
    using B = traits::preimages::Bounded<TestCall>;
    return B{B::Inline{Bytes{call.index}}};
  }
};
static_assert(traits::preimages::QueryPreimage<TestPreimages>);
static_assert(traits::preimages::StorePreimage<TestPreimages, TestCall>);
static_assert(!traits::preimages::StorePreimage<TestStaking, TestCall>);

namespace schedule = traits::schedule;
struct TestScheduler {
  using Address = std::pair<BlockNumber, uint32_t>;  // pallet_scheduler's TaskAddress
  static Result<Address, DispatchError> schedule(schedule::DispatchTime when,
                                                 std::optional<schedule::Period>,
                                                 schedule::Priority, const Origin&,
                                                 const traits::preimages::Bounded<TestCall>&) {
    return Address{when.n, 0};
  }
  static DispatchResult cancel(const Address&) { return {}; }
  static Result<Address, DispatchError> reschedule(const Address&, schedule::DispatchTime when) {
    return Address{when.n, 0};
  }
  static Result<BlockNumber, DispatchError> next_dispatch_time(const Address& address) {
    return address.first;
  }
  static Result<Address, DispatchError> schedule_named(
      const schedule::TaskName&, schedule::DispatchTime when, std::optional<schedule::Period>,
      schedule::Priority, const Origin&, const traits::preimages::Bounded<TestCall>&) {
    return Address{when.n, 0};
  }
  static DispatchResult cancel_named(const schedule::TaskName&) { return {}; }
  static Result<Address, DispatchError> reschedule_named(const schedule::TaskName&,
                                                         schedule::DispatchTime when) {
    return Address{when.n, 0};
  }
  static Result<BlockNumber, DispatchError> next_dispatch_time(const schedule::TaskName&) {
    return BlockNumber{0};
  }
};
static_assert(schedule::ScheduleAnon<TestScheduler, TestCall>);
static_assert(schedule::ScheduleNamed<TestScheduler, TestCall>);
static_assert(!schedule::ScheduleAnon<TestPreimages, TestCall>);

// --- Polling: one track, polls by index.
struct TestTally {
  uint32_t ayes = 0;
  uint32_t nays = 0;
};
struct TestPolls {
  using Index = uint32_t;
  using Votes = Balance;
  using Class = uint16_t;
  using Moment = BlockNumber;
  using Status = traits::PollStatus<TestTally*, Moment, Class>;
  static inline TestTally tally;
  static std::vector<Class> classes() { return {0}; }
  static std::optional<std::pair<TestTally, Class>> as_ongoing(Index index) {
    if (index != 0) return std::nullopt;
    return std::pair<TestTally, Class>{tally, 0};
  }
  template <class F>
  static auto access_poll(Index index, F&& f) {
    if (index != 0) return f(Status{typename Status::None{}});
    return f(Status{typename Status::Ongoing{&tally, 0}});
  }
  template <class F>
  static auto try_access_poll(Index index, F&& f) {
    return access_poll(index, std::forward<F>(f));
  }
  static std::pair<Class, uint32_t> max_ongoing() { return {0, 1}; }
};
static_assert(traits::Polling<TestPolls, TestTally>);
static_assert(!traits::Polling<TestStaking, TestTally>);

// The sum of every account's free and reserved balance: what the total issuance must equal.
Balance sum_of_balances() {
  Balance sum = 0;
  for (const auto& [who, info] : System::Account::entries()) {
    sum += info.data.free + info.data.reserved;
  }
  return sum;
}

// Runs `f` in a fresh state endowed with `endowed` at genesis, in block 1.
template <class F>
void with_genesis(const std::vector<std::pair<AccountId32, Balance>>& endowed, F&& f) {
  testing::with_endowed_accounts<TestRuntime>(endowed, std::forward<F>(f));
}

TEST(Traits, PollingHandsOutTheTally) {
  const int ayes = TestPolls::access_poll(0, [](TestPolls::Status status) {
    auto* ongoing = std::get_if<TestPolls::Status::Ongoing>(&status.status);
    if (ongoing == nullptr) return -1;
    ongoing->tally->ayes += 3;
    return static_cast<int>(ongoing->tally->ayes);
  });
  EXPECT_EQ(ayes, 3);
  EXPECT_EQ(TestPolls::as_ongoing(0)->first.ayes, 3u);
  EXPECT_FALSE(TestPolls::as_ongoing(1).has_value());
}

TEST(Traits, ImbalancesSplitMergeAndOffset) {
  with_genesis({{kAlice, 100}}, [] {
    auto credit = Balances::withdraw(kAlice, 60, Precision::kExact, Preservation::kPreserve,
                                     Fortitude::kPolite);
    ASSERT_TRUE(credit.has_value());
    Credit part = credit->extract(25);
    EXPECT_EQ(part.peek(), 25u);
    EXPECT_EQ(credit->peek(), 35u);
    Credit none = part.extract(100);  // at most what there is
    EXPECT_EQ(none.peek(), 25u);
    EXPECT_EQ(part.peek(), 0u);
    credit->subsume(std::move(none));
    EXPECT_EQ(credit->peek(), 60u);

    auto debt = Balances::deposit(kBob, 40, Precision::kExact);
    ASSERT_TRUE(debt.has_value());
    auto rest = std::move(*credit).offset(std::move(*debt));  // 60 against 40: a credit of 20
    ASSERT_TRUE(std::holds_alternative<Credit>(rest));
    EXPECT_EQ(std::get<Credit>(rest).peek(), 20u);
    EXPECT_EQ(credit->peek(), 0u);
    EXPECT_EQ(debt->peek(), 0u);
    Credit rest_credit = std::move(std::get<Credit>(rest));
    EXPECT_EQ(Balances::resolve(kBob, std::move(rest_credit)).peek(), 0u);
    EXPECT_EQ(Balances::free_balance(kAlice), 40u);
    EXPECT_EQ(Balances::free_balance(kBob), 60u);
    EXPECT_EQ(Balances::total_issuance(), 100u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

TEST(Traits, CreditResolvedIntoAnotherAccountKeepsTheIssuance) {
  with_genesis({{kAlice, 100}}, [] {
    auto credit = Balances::withdraw(kAlice, 30, Precision::kExact, Preservation::kPreserve,
                                     Fortitude::kPolite);
    ASSERT_TRUE(credit.has_value());
    EXPECT_EQ(credit->peek(), 30u);
    EXPECT_EQ(Balances::free_balance(kAlice), 70u);
    EXPECT_EQ(Balances::total_issuance(), 100u);  // not yet accounted for
    Credit left = Balances::resolve(kBob, std::move(*credit));
    EXPECT_EQ(left.peek(), 0u);
    EXPECT_EQ(Balances::free_balance(kBob), 30u);
    EXPECT_EQ(Balances::total_issuance(), 100u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

TEST(Traits, DroppedCreditIsBurnedAndDroppedDebtMinted) {
  with_genesis({{kAlice, 100}}, [] {
    {
      auto credit = Balances::withdraw(kAlice, 30, Precision::kExact, Preservation::kPreserve,
                                       Fortitude::kPolite);
      ASSERT_TRUE(credit.has_value());
    }  // dropped
    EXPECT_EQ(Balances::free_balance(kAlice), 70u);
    EXPECT_EQ(Balances::total_issuance(), 70u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
    {
      auto debt = Balances::deposit(kBob, 50, Precision::kExact);
      ASSERT_TRUE(debt.has_value());
      EXPECT_EQ(Balances::total_issuance(), 70u);
    }  // dropped: the deposit becomes new issuance
    EXPECT_EQ(Balances::free_balance(kBob), 50u);
    EXPECT_EQ(Balances::total_issuance(), 120u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

TEST(Traits, DebtSettledFromAnotherAccountKeepsTheIssuance) {
  with_genesis({{kAlice, 100}}, [] {
    auto debt = Balances::deposit(kBob, 40, Precision::kExact);
    ASSERT_TRUE(debt.has_value());
    Debt left = Balances::settle(kAlice, std::move(*debt), Preservation::kPreserve);
    EXPECT_EQ(left.peek(), 0u);
    EXPECT_EQ(Balances::free_balance(kAlice), 60u);
    EXPECT_EQ(Balances::free_balance(kBob), 40u);
    EXPECT_EQ(Balances::total_issuance(), 100u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());

    // Alice cannot pay 60 and keep the existential deposit: the debt comes back, nothing moved.
    auto more = Balances::deposit(kBob, 60, Precision::kExact);
    ASSERT_TRUE(more.has_value());
    Debt unpaid = Balances::settle(kAlice, std::move(*more), Preservation::kPreserve);
    EXPECT_EQ(unpaid.peek(), 60u);
    EXPECT_EQ(Balances::free_balance(kAlice), 60u);
    Credit from_alice = Balances::withdraw(kAlice, 50, Precision::kExact, Preservation::kPreserve,
                                           Fortitude::kPolite)
                            .value();
    auto rest = std::move(from_alice).offset(std::move(unpaid));
    ASSERT_TRUE(std::holds_alternative<Debt>(rest));
    EXPECT_EQ(std::get<Debt>(rest).peek(), 10u);
  });  // the debt of 10 left is dropped at the end of the scope: minted
}

TEST(Traits, CreditTheReceiverCannotTakeComesBackAndIsBurned) {
  with_genesis({{kAlice, 100}}, [] {
    auto credit = Balances::withdraw(kAlice, 5, Precision::kExact, Preservation::kPreserve,
                                     Fortitude::kPolite);
    ASSERT_TRUE(credit.has_value());
    // Bob does not exist and 5 is below the existential deposit of 10.
    Credit left = Balances::resolve(kBob, std::move(*credit));
    EXPECT_EQ(left.peek(), 5u);
    EXPECT_EQ(Balances::free_balance(kBob), 0u);
    {
      Credit dropped = std::move(left);
    }
    EXPECT_EQ(Balances::total_issuance(), 95u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
    // resolve_into, the plain-amount form, does the same.
    EXPECT_EQ(Balances::resolve_into(kBob, 5), 5u);
    EXPECT_EQ(Balances::total_issuance(), 90u);
  });
}

TEST(Traits, IssueRescindAndPair) {
  with_genesis({{kAlice, 100}}, [] {
    Credit issued = Balances::issue(50);
    EXPECT_EQ(Balances::total_issuance(), 150u);
    EXPECT_EQ(Balances::resolve(kBob, std::move(issued)).peek(), 0u);
    EXPECT_EQ(Balances::free_balance(kBob), 50u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());

    Debt rescinded = Balances::rescind(20);
    EXPECT_EQ(Balances::total_issuance(), 130u);
    EXPECT_EQ(Balances::settle(kBob, std::move(rescinded), Preservation::kPreserve).peek(), 0u);
    EXPECT_EQ(Balances::free_balance(kBob), 30u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());

    {
      auto [debt, credit] = Balances::pair(25);
      EXPECT_EQ(debt.peek(), 25u);
      EXPECT_EQ(credit.peek(), 25u);
    }  // both dropped: burned and minted back
    EXPECT_EQ(Balances::total_issuance(), 130u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

TEST(Traits, OnUnbalancedTakesTheCredit) {
  with_genesis({{kAlice, 100}}, [] {
    auto fee = Balances::withdraw(kAlice, 20, Precision::kExact, Preservation::kProtect,
                                  Fortitude::kPolite);
    ASSERT_TRUE(fee.has_value());
    ToTreasury::on_unbalanced(std::move(*fee));
    EXPECT_EQ(Balances::free_balance(kTreasury), 20u);
    auto burned = Balances::withdraw(kAlice, 20, Precision::kExact, Preservation::kProtect,
                                     Fortitude::kPolite);
    ASSERT_TRUE(burned.has_value());
    fungible::DropImbalance::on_unbalanced(std::move(*burned));
    EXPECT_EQ(Balances::free_balance(kAlice), 60u);
    EXPECT_EQ(Balances::total_issuance(), 80u);
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

}  // namespace
}  // namespace canary::rt
