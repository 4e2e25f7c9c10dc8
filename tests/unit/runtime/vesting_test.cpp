// pallet_vesting natively, on System + Balances (real locks) + Vesting configured as the SDK's
// mock (substrate/frame/vesting/src/mock.rs: MinVestedTransfer 512, 3 schedules at most;
// accounts 1, 2, 3, 4, 12 and 13 with 10, 20, 30, 40, 10 and 9999 existential deposits of 256;
// genesis schedules (1, 0, 10, 5 ED), (2, 10, 20, 0), (12, 10, 20, 5 ED)), with Kusama's lock
// reasons. The SDK's tests.rs scenarios (amounts recomputed by hand where the SDK uses another
// existential deposit): vesting status over blocks with one and several schedules, locked funds
// refused and vested funds moving after vest / vest_other, vested and forced transfers and their
// refusals, the schedule bound, merges (ongoing, one finished, both finished), forced removal; then
// the genesis refusals, the lock's identifier and reasons, VestingInfo's arithmetic at its edges,
// the storage encodings, weights and the metadata constants.
#include "runtime/pallets/vesting/vesting.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace vesting = pallets::vesting;
using rt::testing::account;
using traits::tokens::Balance;
using traits::tokens::WithdrawReasons;
using vesting::VestingInfo;

constexpr Balance kEd = 256;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<1, "Balances">>;
  using Vesting = vesting::Pallet<TestRuntime, PalletAt<28, "Vesting">>;
  using Pallets = Composition<"test_runtime", System, Balances, Vesting>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = kEd;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;

  using Currency = Balances;
  static constexpr Balance kMinVestedTransfer = 256 * 2;
  static constexpr uint32_t kMaxVestingSchedules = 3;
  static constexpr WithdrawReasons kUnvestedFundsAllowedWithdrawReasons{
      WithdrawReasons::kTransactionPayment | WithdrawReasons::kFee | WithdrawReasons::kTip};
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Vesting = TestRuntime::Vesting;
using VestingStorage = Vesting::Vesting;
using Error = vesting::Error;

const AccountId32 k1 = account(1);
const AccountId32 k2 = account(2);
const AccountId32 k3 = account(3);
const AccountId32 k4 = account(4);
const AccountId32 k12 = account(12);
const AccountId32 k13 = account(13);

DispatchResultWithPostInfo dispatch(Vesting::Call call, const Origin& origin) {
  return rt::testing::dispatch<TestRuntime, Vesting>(std::move(call), origin);
}
DispatchResultWithPostInfo signed_by(const AccountId32& who, Vesting::Call call) {
  return dispatch(std::move(call), Origin::signed_by(who));
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string error_of(const DispatchResult& r) {
  return r ? std::string("ok") : runtime::to_string(r.error());
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Vesting>(e));
}
std::string frozen() {
  return runtime::to_string(token_error(traits::tokens::TokenError::kFrozen));
}
Balance free(const AccountId32& who) {
  return Balances::free_balance(who);
}
DispatchResult transfer(const AccountId32& from, const AccountId32& to, Balance amount) {
  auto moved = Balances::transfer(from, to, amount, traits::tokens::Preservation::kExpendable);
  if (!moved) return unexpected(moved.error());
  return {};
}
std::vector<VestingInfo> schedules_of(const AccountId32& who) {
  const auto s = VestingStorage::get(who);
  return s ? s->items : std::vector<VestingInfo>{};
}
std::vector<Vesting::Event> vesting_events() {
  return rt::testing::events_of<TestRuntime, Vesting>();
}
void set_block(BlockNumber n) {
  System::Number::put(n);
}
MultiAddress id(const AccountId32& who) {
  return MultiAddress::id(who);
}
Vesting::Call vested_transfer(const AccountId32& to, VestingInfo schedule) {
  return Vesting::vested_transfer{id(to), schedule};
}
// Calls vest and checks that `who` has no schedules afterwards (vest may fail: none to begin).
void vest_and_assert_no_vesting(const AccountId32& who) {
  (void)signed_by(who, Vesting::vest{});
  EXPECT_FALSE(VestingStorage::contains_key(who));
}

using Genesis = std::vector<std::tuple<AccountId32, BlockNumber, BlockNumber, Balance>>;
Genesis default_genesis() {
  return {{k1, 0, 10, 5 * kEd}, {k2, 10, 20, 0}, {k12, 10, 20, 5 * kEd}};
}

// The SDK mock's genesis (Balances, then Vesting's genesis), block 1, try-state at the end.
template <class F>
void with_genesis(const Genesis& vesting_genesis, F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    const std::vector<std::pair<AccountId32, Balance>> endowed = {
        {k1, 10 * kEd}, {k2, 20 * kEd},  {k3, 30 * kEd},
        {k4, 40 * kEd}, {k12, 10 * kEd}, {k13, 9999 * kEd}};
    for (const auto& [who, amount] : endowed) ASSERT_TRUE(Balances::mint_into(who, amount));
    const auto built = Vesting::build_genesis({vesting_genesis});
    ASSERT_TRUE(built) << built.error();
    System::initialize(1, H256{}, {});
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}
template <class F>
void with_default_genesis(F&& f) {
  with_genesis(default_genesis(), std::forward<F>(f));
}

TEST(Vesting, CheckVestingStatus) {
  with_default_genesis([] {
    EXPECT_EQ(free(k1), kEd * 10);
    EXPECT_EQ(free(k2), kEd * 20);
    EXPECT_EQ(free(k12), kEd * 10);
    // 5 ED over 10 blocks from 0; 20 ED over 20 blocks from 10; 5 ED over 20 blocks from 10.
    EXPECT_EQ(schedules_of(k1), (std::vector<VestingInfo>{{kEd * 5, 128, 0}}));
    EXPECT_EQ(schedules_of(k2), (std::vector<VestingInfo>{{kEd * 20, kEd, 10}}));
    EXPECT_EQ(schedules_of(k12), (std::vector<VestingInfo>{{kEd * 5, 64, 10}}));
    // Block 1: one of account 1's ten blocks vested.
    EXPECT_EQ(Vesting::vesting_balance(k1), 128u * 9);
    EXPECT_EQ(Vesting::vesting_balance(k2), free(k2));
    EXPECT_EQ(Vesting::vesting_balance(k12), free(k12) - kEd * 5);
    set_block(10);
    EXPECT_EQ(Vesting::vesting_balance(k1), 0u);
    EXPECT_EQ(Vesting::vesting_balance(k2), free(k2));
    EXPECT_EQ(Vesting::vesting_balance(k12), free(k12) - kEd * 5);
    set_block(30);
    EXPECT_EQ(Vesting::vesting_balance(k1), 0u);
    EXPECT_EQ(Vesting::vesting_balance(k2), 0u);
    EXPECT_EQ(Vesting::vesting_balance(k12), 0u);
    vest_and_assert_no_vesting(k1);
    vest_and_assert_no_vesting(k2);
    vest_and_assert_no_vesting(k12);
    EXPECT_TRUE(Balances::locks(k1).empty());
    EXPECT_EQ(Vesting::vesting_balance(k3), std::nullopt);
  });
}

TEST(Vesting, CheckVestingStatusForMultiScheduleAccount) {
  with_default_genesis([] {
    const VestingInfo sched0{kEd * 20, kEd, 10};
    EXPECT_EQ(schedules_of(k2), (std::vector<VestingInfo>{sched0}));
    EXPECT_EQ(Vesting::vesting_balance(k2), kEd * 20);
    // A second schedule, unlocking since block 0.
    const VestingInfo sched1{kEd * 10, kEd, 0};
    ASSERT_EQ(error_of(signed_by(k4, vested_transfer(k2, sched1))), "ok");
    EXPECT_EQ(free(k2), kEd * 30);
    EXPECT_EQ(schedules_of(k2), (std::vector<VestingInfo>{sched0, sched1}));
    EXPECT_EQ(Vesting::vesting_balance(k2), kEd * 30 - kEd);
    const VestingInfo sched2{kEd * 30, kEd, 5};
    ASSERT_EQ(error_of(signed_by(k4, vested_transfer(k2, sched2))), "ok");
    set_block(9);
    EXPECT_EQ(free(k2), kEd * 60);
    EXPECT_EQ(Vesting::vesting_balance(k2), kEd * 60 - kEd * 9 - kEd * 4);
    set_block(20);
    EXPECT_EQ(Vesting::vesting_balance(k2), kEd * 60 - kEd * 10 - kEd * 15 - kEd * 10);
    set_block(30);
    EXPECT_EQ(Vesting::vesting_balance(k2), kEd * 60 - kEd * 10 - kEd * 25 - kEd * 20);
    set_block(35);
    EXPECT_EQ(Vesting::vesting_balance(k2), 0u);
    EXPECT_EQ(schedules_of(k2).size(), 3u);
    vest_and_assert_no_vesting(k2);
  });
}

TEST(Vesting, UnvestedBalanceShouldNotTransfer) {
  with_default_genesis([] {
    // 2560 free, 1152 still vesting at block 1: 1409 is one too many.
    EXPECT_EQ(Vesting::vesting_balance(k1), 1152u);
    EXPECT_EQ(error_of(transfer(k1, k2, 2560 - 1152 + 1)), frozen());
    // Reserving is held by the lock too (RESERVE is not among the allowed reasons).
    EXPECT_NE(error_of(Balances::reserve(k1, 2560 - 1152 + 1)), "ok");
  });
}

TEST(Vesting, VestedBalanceShouldTransfer) {
  with_default_genesis([] {
    ASSERT_EQ(error_of(signed_by(k1, Vesting::vest{})), "ok");
    EXPECT_EQ(vesting_events(), (std::vector<Vesting::Event>{Vesting::VestingUpdated{k1, 1152}}));
    EXPECT_EQ(error_of(transfer(k1, k2, 2560 - 1152)), "ok");
  });
}

TEST(Vesting, VestedBalanceShouldTransferWithMultiSchedule) {
  with_default_genesis([] {
    const VestingInfo sched0{5 * kEd, 128, 0};
    ASSERT_EQ(error_of(signed_by(k13, vested_transfer(k1, sched0))), "ok");
    EXPECT_EQ(schedules_of(k1), (std::vector<VestingInfo>{sched0, sched0}));
    EXPECT_EQ(free(k1), 3840u);
    // 256 unlocked at block 1 (128 from each), 1280 liquid from genesis.
    EXPECT_EQ(Vesting::vesting_balance(k1), 2304u);
    ASSERT_EQ(error_of(signed_by(k1, Vesting::vest{})), "ok");
    EXPECT_EQ(error_of(transfer(k1, k2, 1536)), "ok");
  });
}

TEST(Vesting, NonVestedCannotVest) {
  with_default_genesis([] {
    EXPECT_FALSE(VestingStorage::contains_key(k4));
    EXPECT_EQ(error_of(signed_by(k4, Vesting::vest{})), err(Error::kNotVesting));
    EXPECT_EQ(error_of(signed_by(k3, Vesting::vest_other{id(k4)})), err(Error::kNotVesting));
  });
}

TEST(Vesting, VestedBalanceShouldTransferUsingVestOther) {
  with_default_genesis([] {
    EXPECT_EQ(Vesting::vesting_balance(k1), 1152u);
    ASSERT_EQ(error_of(signed_by(k2, Vesting::vest_other{id(k1)})), "ok");
    EXPECT_EQ(error_of(transfer(k1, k2, 2560 - 1152)), "ok");
    // An address form Kusama cannot look up.
    MultiAddress raw;
    raw.value = MultiAddress::Raw{Bytes{1, 2}};
    EXPECT_EQ(error_of(signed_by(k2, Vesting::vest_other{raw})),
              runtime::to_string(dispatch_error(DispatchError::Kind::kCannotLookup)));
  });
}

TEST(Vesting, ExtraBalanceShouldTransfer) {
  with_default_genesis([] {
    ASSERT_EQ(error_of(transfer(k3, k1, 10 * kEd)), "ok");
    ASSERT_EQ(error_of(transfer(k3, k2, 10 * kEd)), "ok");
    EXPECT_EQ(free(k1), 20 * kEd);
    EXPECT_EQ(free(k2), 30 * kEd);
    EXPECT_EQ(Vesting::vesting_balance(k1), 1152u);
    ASSERT_EQ(error_of(signed_by(k1, Vesting::vest{})), "ok");
    EXPECT_EQ(error_of(transfer(k1, k3, 20 * kEd - 1152)), "ok");
    EXPECT_EQ(Vesting::vesting_balance(k2), 20 * kEd);
    ASSERT_EQ(error_of(signed_by(k2, Vesting::vest{})), "ok");
    EXPECT_EQ(error_of(transfer(k2, k3, 10 * kEd)), "ok");
    EXPECT_EQ(error_of(transfer(k2, k3, 1)), frozen());
  });
}

TEST(Vesting, LiquidFundsShouldTransferWithDelayedVesting) {
  with_default_genesis([] {
    EXPECT_EQ(free(k12), 2560u);
    EXPECT_EQ(Vesting::vesting_balance(k12), 2560u - 256 * 5);
    EXPECT_EQ(schedules_of(k12), (std::vector<VestingInfo>{{256 * 5, 64, 10}}));
    EXPECT_EQ(error_of(transfer(k12, k3, 256 * 5)), "ok");
  });
}

TEST(Vesting, VestedTransferWorks) {
  with_default_genesis([] {
    EXPECT_EQ(free(k3), 256u * 30);
    EXPECT_EQ(free(k4), 256u * 40);
    EXPECT_FALSE(VestingStorage::contains_key(k4));
    const VestingInfo schedule{256 * 5, 64, 10};
    ASSERT_EQ(error_of(signed_by(k3, vested_transfer(k4, schedule))), "ok");
    // pallet-vesting 42 has no VestingCreated: only the update.
    EXPECT_EQ(vesting_events(), (std::vector<Vesting::Event>{Vesting::VestingUpdated{k4, 1280}}));
    EXPECT_EQ(schedules_of(k4), (std::vector<VestingInfo>{schedule}));
    EXPECT_EQ(free(k3), 256u * 25);
    EXPECT_EQ(free(k4), 256u * 45);
    EXPECT_EQ(Vesting::vesting_balance(k4), 256u * 5);
    set_block(20);
    EXPECT_EQ(Vesting::vesting_balance(k4), 10u * 64);
    set_block(30);
    EXPECT_EQ(Vesting::vesting_balance(k4), 0u);
    vest_and_assert_no_vesting(k4);
    EXPECT_EQ(std::get<Vesting::VestingCompleted>(vesting_events().back()),
              (Vesting::VestingCompleted{k4}));
  });
}

TEST(Vesting, VestedTransferCorrectlyFails) {
  with_default_genesis([] {
    const Balance min = TestRuntime::kMinVestedTransfer;
    EXPECT_EQ(error_of(signed_by(k3, vested_transfer(k4, {min - 1, 64, 10}))),
              err(Error::kAmountLow));
    EXPECT_EQ(error_of(signed_by(k13, vested_transfer(k4, {min, 0, 10}))),
              err(Error::kInvalidScheduleParams));
    EXPECT_EQ(error_of(signed_by(k3, vested_transfer(k4, {0, 1, 10}))), err(Error::kAmountLow));
    // More than the sender has: the transfer's error, nothing left behind.
    EXPECT_EQ(error_of(signed_by(k3, vested_transfer(k4, {31 * kEd, 64, 10}))),
              runtime::to_string(token_error(traits::tokens::TokenError::kFundsUnavailable)));
    EXPECT_EQ(free(k2), kEd * 20);
    EXPECT_EQ(free(k4), kEd * 40);
    vest_and_assert_no_vesting(k4);
  });
}

TEST(Vesting, VestedTransferAllowsMaxSchedules) {
  with_default_genesis([] {
    const VestingInfo sched{TestRuntime::kMinVestedTransfer, 1, 10};
    for (int i = 0; i < 3; ++i) {
      ASSERT_EQ(error_of(signed_by(k13, vested_transfer(k4, sched))), "ok");
    }
    EXPECT_EQ(Vesting::vesting_balance(k4), 3u * 512);
    EXPECT_EQ(free(k4), 40 * kEd + 3 * 512);
    EXPECT_EQ(error_of(signed_by(k13, vested_transfer(k4, sched))),
              err(Error::kAtMaxVestingSchedules));
    EXPECT_EQ(free(k4), 40 * kEd + 3 * 512);
    // Ended at 10 + 512: vest drops all three.
    set_block(10 + 512);
    vest_and_assert_no_vesting(k4);
  });
}

TEST(Vesting, ForceVestedTransferWorks) {
  with_default_genesis([] {
    const VestingInfo schedule{256 * 5, 64, 10};
    const Vesting::Call call = Vesting::force_vested_transfer{id(k3), id(k4), schedule};
    EXPECT_EQ(error_of(signed_by(k4, call)),
              runtime::to_string(dispatch_error(DispatchError::Kind::kBadOrigin)));
    ASSERT_EQ(error_of(dispatch(call, Origin::root())), "ok");
    EXPECT_EQ(schedules_of(k4), (std::vector<VestingInfo>{schedule}));
    EXPECT_EQ(free(k3), 256u * 25);
    EXPECT_EQ(free(k4), 256u * 45);
    EXPECT_EQ(error_of(dispatch(Vesting::force_vested_transfer{id(k3), id(k4), {511, 64, 10}},
                                Origin::root())),
              err(Error::kAmountLow));
  });
}

// Account 2: genesis sched0 {5120, 256, 10} and sched1 {2560, 128, 5} from account 13.
void two_schedules_for_account_2() {
  ASSERT_EQ(error_of(signed_by(k13, vested_transfer(k2, {2560, 128, 5}))), "ok");
  ASSERT_EQ(schedules_of(k2), (std::vector<VestingInfo>{{5120, 256, 10}, {2560, 128, 5}}));
}

TEST(Vesting, MergeOngoingSchedules) {
  with_default_genesis([] {
    two_schedules_for_account_2();
    set_block(6);
    ASSERT_EQ(error_of(signed_by(k2, Vesting::merge_schedules{0, 1})), "ok");
    // At 6: 5120 (not started) + 2560 − 128 = 7552 locked, from max(6, 10, 5) = 10 to the later
    // end max(10 + 20, 5 + 20) = 30: 7552 / 20 = 377 a block (rounded down).
    EXPECT_EQ(schedules_of(k2), (std::vector<VestingInfo>{{7552, 377, 10}}));
    EXPECT_EQ(std::get<Vesting::VestingUpdated>(vesting_events().back()),
              (Vesting::VestingUpdated{k2, 7552}));
    ASSERT_EQ(Balances::locks(k2).size(), 1u);
    EXPECT_EQ(Balances::locks(k2)[0].amount, 7552u);
    // 7680 free: 128 can leave, 129 cannot.
    EXPECT_EQ(error_of(transfer(k2, k3, 129)), frozen());
    EXPECT_EQ(error_of(transfer(k2, k3, 128)), "ok");
  });
}

TEST(Vesting, MergeFinishedAndOngoingSchedules) {
  with_default_genesis([] {
    two_schedules_for_account_2();
    // At 26 sched1 ended (5 + 20 ≤ 26): sched0 stays as it is, 5120 − 16 × 256 = 1024 locked.
    set_block(26);
    ASSERT_EQ(error_of(signed_by(k2, Vesting::merge_schedules{1, 0})), "ok");
    EXPECT_EQ(schedules_of(k2), (std::vector<VestingInfo>{{5120, 256, 10}}));
    EXPECT_EQ(Balances::locks(k2)[0].amount, 1024u);
  });
}

TEST(Vesting, MergeFinishedSchedulesRemovesThem) {
  with_default_genesis([] {
    two_schedules_for_account_2();
    set_block(30);
    ASSERT_EQ(error_of(signed_by(k2, Vesting::merge_schedules{0, 1})), "ok");
    EXPECT_FALSE(VestingStorage::contains_key(k2));
    EXPECT_TRUE(Balances::locks(k2).empty());
    EXPECT_EQ(std::get<Vesting::VestingCompleted>(vesting_events().back()),
              (Vesting::VestingCompleted{k2}));
  });
}

TEST(Vesting, MergeRefusals) {
  with_default_genesis([] {
    // The same index twice: nothing happens, not even an event.
    ASSERT_EQ(error_of(signed_by(k2, Vesting::merge_schedules{0, 0})), "ok");
    EXPECT_TRUE(vesting_events().empty());
    EXPECT_EQ(error_of(signed_by(k2, Vesting::merge_schedules{0, 1})),
              err(Error::kScheduleIndexOutOfBounds));
    EXPECT_EQ(error_of(signed_by(k4, Vesting::merge_schedules{0, 1})), err(Error::kNotVesting));
  });
}

TEST(Vesting, ForceRemoveVestingSchedule) {
  with_default_genesis([] {
    two_schedules_for_account_2();
    const Vesting::Call remove0 = Vesting::force_remove_vesting_schedule{id(k2), 0};
    EXPECT_EQ(error_of(signed_by(k2, remove0)),
              runtime::to_string(dispatch_error(DispatchError::Kind::kBadOrigin)));
    EXPECT_EQ(error_of(dispatch(Vesting::force_remove_vesting_schedule{id(k2), 2}, Origin::root())),
              err(Error::kInvalidScheduleParams));
    auto removed = dispatch(remove0, Origin::root());
    ASSERT_TRUE(removed);
    // The actual weight counts the schedules there were (2), not the bound.
    EXPECT_EQ(removed->actual_weight, Vesting::Weights::force_remove_vesting_schedule(50, 2));
    // sched1 alone at block 1: 2560 locked (it starts at 5).
    EXPECT_EQ(schedules_of(k2), (std::vector<VestingInfo>{{2560, 128, 5}}));
    EXPECT_EQ(Balances::locks(k2)[0].amount, 2560u);
    ASSERT_TRUE(dispatch(remove0, Origin::root()));
    EXPECT_FALSE(VestingStorage::contains_key(k2));
    EXPECT_TRUE(Balances::locks(k2).empty());
    EXPECT_EQ(error_of(dispatch(remove0, Origin::root())), err(Error::kInvalidScheduleParams));
  });
}

TEST(Vesting, TheLockIsVestingWithKusamasReasons) {
  with_default_genesis([] {
    const auto locks = Balances::locks(k1);
    ASSERT_EQ(locks.size(), 1u);
    EXPECT_EQ(std::string(locks[0].id.begin(), locks[0].id.end()), "vesting ");
    EXPECT_EQ(locks[0].amount, 1280u);
    // TRANSFER | RESERVE without TRANSACTION_PAYMENT is FRAME's Reasons::Misc.
    EXPECT_EQ(locks[0].reasons, balances::Reasons::kMisc);
    EXPECT_EQ(Vesting::StorageVersion::get(), vesting::Releases::kV1);
  });
}

TEST(Vesting, GenesisRefusesWhatFrameRefuses) {
  const auto build = [](const Genesis& g) {
    std::string out = "ok";
    testing::TestExternalities ext;
    ext.execute_with([&] {
      ASSERT_TRUE(Balances::mint_into(k1, 10 * kEd));
      if (auto r = Vesting::build_genesis({g}); !r) out = r.error();
    });
    return out;
  };
  EXPECT_EQ(build({{k1, 0, 10, 0}}), "ok");
  EXPECT_EQ(build({{k2, 0, 10, 0}}), "Currencies must be init'd before vesting");
  EXPECT_EQ(build({{k1, 0, 10, 10 * kEd}}), "Invalid VestingInfo params at genesis");
  // Length above the locked amount: 0 a block.
  EXPECT_EQ(build({{k1, 0, 10 * kEd + 1, 0}}), "Invalid VestingInfo params at genesis");
  EXPECT_EQ(build({{k1, 0, 10, 0}, {k1, 0, 10, 0}, {k1, 0, 10, 0}, {k1, 0, 10, 0}}),
            "Too many vesting schedules at genesis.");
}

TEST(Vesting, VestingInfoArithmetic) {
  // 1000 over 3 a block: 334 blocks (the last one partial).
  const VestingInfo a{1000, 3, 10};
  EXPECT_EQ(a.ending_block_as_balance(), 10u + 334);
  EXPECT_EQ(a.locked_at(5), 1000u);
  EXPECT_EQ(a.locked_at(11), 997u);
  EXPECT_EQ(a.locked_at(10 + 333), 1u);
  EXPECT_EQ(a.locked_at(10 + 334), 0u);
  // per_block 0 counts as 1 (but is not valid); per_block above locked ends after one block.
  EXPECT_FALSE((VestingInfo{5, 0, 0}.is_valid()));
  EXPECT_EQ((VestingInfo{5, 0, 0}.locked_at(2)), 3u);
  EXPECT_EQ((VestingInfo{5, 9, 7}.ending_block_as_balance()), 8u);
  // An overflowing product means everything vested (FRAME's checked_mul … unwrap_or(0)).
  const Balance huge = Balance{1} << 127;
  EXPECT_EQ((VestingInfo{10, huge, 0}.locked_at(3)), 0u);
  EXPECT_EQ((VestingInfo{10, huge, 0}.locked_at(1)), 0u);
}

TEST(Vesting, StorageEncodingAndKeys) {
  with_default_genesis([] {
    // VestingInfo: locked u128 ‖ per_block u128 ‖ starting_block u32, in a BoundedVec.
    Bytes expected = {0x04, 0x00, 0x05};
    expected.resize(1 + 16, 0);
    expected.push_back(128);
    expected.resize(1 + 32, 0);
    expected.insert(expected.end(), {0, 0, 0, 0});
    const auto raw = io::storage::get(VestingStorage::key(k1));
    ASSERT_TRUE(raw.has_value());
    EXPECT_EQ(to_hex(*raw), to_hex(expected));
    // twox128("Vesting") ‖ twox128("Vesting") (@polkadot/util-crypto xxhashAsHex).
    EXPECT_EQ(to_hex(ByteSpan(VestingStorage::key(k1)).first(32)),
              "0x5f27b51b5ec208ee9cb25b55d87282435f27b51b5ec208ee9cb25b55d8728243");
    // StorageVersion holds Releases::V1, one byte.
    const auto version = io::storage::get(Vesting::StorageVersion::key());
    ASSERT_TRUE(version.has_value());
    EXPECT_EQ(to_hex(*version), "0x01");
  });
}

TEST(Vesting, CallEncodingAndWeights) {
  using Call = TestRuntime::Pallets::Call;
  // Vesting.vested_transfer(Id(4), {512, 1, 10}) at index 28: pallet 28, call 2, MultiAddress Id,
  // the schedule as stored.
  const Call call = Call::of<Vesting>(vested_transfer(k4, {512, 1, 10}));
  Bytes expected = {28, 2, 0};
  expected.insert(expected.end(), k4.bytes.begin(), k4.bytes.end());
  expected.insert(expected.end(), {0x00, 0x02});
  expected.resize(expected.size() + 14, 0);
  expected.push_back(1);
  expected.resize(expected.size() + 15, 0);
  expected.insert(expected.end(), {10, 0, 0, 0});
  EXPECT_EQ(to_hex(scale::encode(call)), to_hex(expected));
  // Declared weights: the worst case of MaxLocks (50) and MaxVestingSchedules (3). Kusama's
  // vested_transfer(l, s) = 103'155'768 + 87'840 l + 194'363 s + 4 reads + 3 writes.
  EXPECT_EQ(call.info().call_weight.ref_time,
            103'155'768u + 87'840u * 50 + 194'363u * 3 + 4u * 25'000'000 + 3u * 100'000'000);
  const Weight vest = Call::of<Vesting>(Vesting::vest{}).info().call_weight;
  EXPECT_EQ(vest.ref_time, std::max(Vesting::Weights::vest_locked(50, 3).ref_time,
                                    Vesting::Weights::vest_unlocked(50, 3).ref_time));
}

TEST(Vesting, VestedTransferTraitIsAllOrNothing) {
  with_default_genesis([] {
    EXPECT_EQ(error_of(Vesting::vested_transfer_of(k3, k4, 511, 1, 10)), err(Error::kAmountLow));
    EXPECT_EQ(error_of(Vesting::vested_transfer_of(k3, k4, 512, 1, 10)), "ok");
    EXPECT_EQ(schedules_of(k4), (std::vector<VestingInfo>{{512, 1, 10}}));
    EXPECT_EQ(error_of(Vesting::add_vesting_schedule(k4, 0, 1, 10)), "ok");
    EXPECT_EQ(schedules_of(k4).size(), 1u);
  });
}

}  // namespace
}  // namespace canary::rt
