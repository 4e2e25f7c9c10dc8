// pallet_balances natively, on a runtime of System and Balances (index 4, as on Kusama) with an
// existential deposit of 10: genesis, transfers that reap or keep the sender, dust, locks,
// reserves, holds and freezes, the root calls, the interface other pallets use (withdraw /
// resolve / burn), the total issuance staying equal to the sum of all balances, the wire form of
// calls and events, and the metadata clients decode them with. Expected values come from
// FRAME's rules (substrate/frame/balances) worked out by hand, not from this implementation.
#include "runtime/pallets/balances/balances.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/executive.hpp"
#include "runtime/framework/extrinsic/check_metadata_hash.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/signing.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "tests/unit/runtime/with_endowed_accounts.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
using balances::Balance;

// A stand-in for RuntimeHoldReason / RuntimeFreezeReason with two reasons.
enum class TestReason : uint8_t { kStaking = 0, kPreimage = 1 };
bool scale_is_valid(TestReason r) {
  return static_cast<uint8_t>(r) <= 1;
}
void canary_type_info(meta::TypeBuilder& b, const TestReason*) {
  b.path({"test_runtime", "RuntimeHoldReason"});
  b.variant(0, "Staking").variant(1, "Preimage");
}

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Pallets = Composition<"test_runtime", System, Balances>;
  using SignedExtra =
      std::tuple<system::CheckNonZeroSender<TestRuntime>, system::CheckSpecVersion<TestRuntime>,
                 system::CheckTxVersion<TestRuntime>, system::CheckGenesis<TestRuntime>,
                 system::CheckMortality<TestRuntime>, system::CheckNonce<TestRuntime>,
                 system::CheckWeight<TestRuntime>, CheckMetadataHash<TestRuntime>>;
  using RuntimeHoldReason = TestReason;
  using RuntimeFreezeReason = TestReason;

  static constexpr Balance kExistentialDeposit = 10;
  static constexpr uint32_t kMaxLocks = 3;
  static constexpr uint32_t kMaxReserves = 2;
  static constexpr uint32_t kMaxFreezes = 2;
  static constexpr uint32_t kMaxHolds = 2;

  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion v = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.spec_version = 1;
      out.transaction_version = 1;
      out.apis = {{runtime::kCoreApiId, 5}};
      out.system_version = 1;
      return out;
    }();
    return v;
  }
  static std::optional<Hash256> metadata_hash() { return std::nullopt; }
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Call = TestRuntime::Pallets::Call;
using balances::Precision;
using balances::Preservation;

using rt::testing::account;
const AccountId32 kAlice = account(1);
const AccountId32 kBob = account(2);
const AccountId32 kCharlie = account(3);
const AccountId32 kDave = account(4);

std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
template <class V>
std::string error_of(const Result<V, DispatchError>& r) {
  return r ? std::string("ok") : runtime::to_string(r.error());
}
std::string module_error(uint8_t index) {
  return "Module { index: 4, error: 0x" +
         to_hex(ByteSpan(std::array<uint8_t, 4>{index, 0, 0, 0}), false) + " }";
}

// Dispatches as the executive does: the call's changes stay only if it succeeds.
DispatchResultWithPostInfo dispatch(Balances::Call call, const Origin& origin) {
  return rt::testing::dispatch<TestRuntime, Balances>(std::move(call), origin);
}

// "Pallet.Event" for each event of the block.
std::vector<std::string> event_names() {
  std::vector<std::string> out;
  for (const auto& record : System::EventsOf<>::get()) {
    std::visit(
        [&](const auto& pallet_event) {
          using P = typename std::decay_t<decltype(pallet_event)>::Pallet;
          std::visit(
              [&](const auto& e) {
                out.push_back(std::string(P::kName) + "." +
                              std::string(std::decay_t<decltype(e)>::kName));
              },
              pallet_event.event);
        },
        record.event.value);
  }
  return out;
}
std::vector<Balances::Event> balances_events() {
  std::vector<Balances::Event> out;
  for (const auto& record : System::EventsOf<>::get()) {
    if (const auto* e = std::get_if<PalletEvent<Balances>>(&record.event.value)) {
      out.push_back(e->event);
    }
  }
  return out;
}
void clear_events() {
  System::reset_events();
}

// The sum of every account's free and reserved balance: what the total issuance must equal.
Balance sum_of_balances() {
  Balance sum = 0;
  for (const auto& [who, info] : System::Account::entries())
    sum += info.data.free + info.data.reserved;
  return sum;
}

// Runs `f` in a fresh state endowed with `endowed` at genesis, in block 1.
template <class F>
void with_genesis(const std::vector<std::pair<AccountId32, Balance>>& endowed, F&& f) {
  testing::with_endowed_accounts<TestRuntime>(endowed, std::forward<F>(f));
}

TEST(Balances, GenesisEndowsAccountsAndSetsTheIssuance) {
  with_genesis({{kAlice, 100}, {kBob, 10}}, [] {
    EXPECT_EQ(Balances::total_issuance(), 110u);
    EXPECT_EQ(Balances::free_balance(kAlice), 100u);
    EXPECT_EQ(System::providers(kAlice), 1u);
    EXPECT_EQ(System::providers(kBob), 1u);
    EXPECT_FALSE(System::account_exists(kCharlie));
    // AccountData's default carries the new-logic flag, as FRAME's ExtraFlags::default.
    EXPECT_TRUE(Balances::account(kAlice).flags.is_new_logic());
    // frame_system's AccountInfo { nonce 0, consumers 0, providers 1, sufficients 0,
    // data { free 100, reserved 0, frozen 0, flags 1 << 127 } }.
    EXPECT_EQ(to_hex(scale::encode(System::Account::get(kAlice))),
              "0x00000000000000000100000000000000"
              "64000000000000000000000000000000"
              "00000000000000000000000000000000"
              "00000000000000000000000000000000"
              "00000000000000000000000000000080");
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

TEST(Balances, TransferAllowDeathReapsTheSenderAndBurnsItsDust) {
  with_genesis({{kAlice, 100}}, [] {
    auto r = dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 95},
                      Origin::signed_by(kAlice));
    ASSERT_EQ(error_of(r), "ok");
    EXPECT_FALSE(System::account_exists(kAlice));  // 5 left < ED 10: reaped
    EXPECT_EQ(Balances::free_balance(kBob), 95u);
    EXPECT_EQ(System::providers(kBob), 1u);
    EXPECT_EQ(Balances::total_issuance(), 95u);  // the dust of 5 is gone
    EXPECT_EQ(sum_of_balances(), 95u);
    EXPECT_EQ(event_names(), (std::vector<std::string>{"System.KilledAccount", "Balances.DustLost",
                                                       "System.NewAccount", "Balances.Endowed",
                                                       "Balances.Transfer"}));
    const auto events = balances_events();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0], Balances::Event(Balances::DustLost{kAlice, 5}));
    EXPECT_EQ(events[1], Balances::Event(Balances::Endowed{kBob, 95}));
    EXPECT_EQ(events[2], Balances::Event(Balances::Transfer{kAlice, kBob, 95}));
    // RuntimeEvent: Balances (4) . Transfer (2) { from, to, amount: u128 LE }.
    const auto records = System::EventsOf<>::get();
    EXPECT_EQ(to_hex(scale::encode(records.back().event)), "0x0402" + to_hex(kAlice.bytes, false) +
                                                               to_hex(kBob.bytes, false) +
                                                               "5f000000000000000000000000000000");
    // DustLost (1) { account, amount }.
    EXPECT_EQ(to_hex(scale::encode(records[1].event)),
              "0x0401" + to_hex(kAlice.bytes, false) + "05000000000000000000000000000000");
  });
}

TEST(Balances, TransferKeepAliveRefusesToKillTheSender) {
  with_genesis({{kAlice, 100}}, [] {
    const uint32_t events_before = System::EventCount::get();
    auto refused = dispatch(Balances::transfer_keep_alive{MultiAddress::id(kBob), 95},
                            Origin::signed_by(kAlice));
    EXPECT_EQ(error_of(refused), "Token(NotExpendable)");
    EXPECT_EQ(Balances::free_balance(kAlice), 100u);
    EXPECT_FALSE(System::account_exists(kBob));
    EXPECT_EQ(System::EventCount::get(), events_before);
    // Down to exactly the existential deposit is fine.
    ASSERT_EQ(error_of(dispatch(Balances::transfer_keep_alive{MultiAddress::id(kBob), 90},
                                Origin::signed_by(kAlice))),
              "ok");
    EXPECT_EQ(Balances::free_balance(kAlice), 10u);
    EXPECT_EQ(Balances::free_balance(kBob), 90u);
    // More than the balance: the funds are not there.
    EXPECT_EQ(error_of(dispatch(Balances::transfer_keep_alive{MultiAddress::id(kBob), 11},
                                Origin::signed_by(kAlice))),
              "Token(FundsUnavailable)");
    // The interface's keep-alive transfer and reducible balance agree.
    EXPECT_EQ(Balances::reducible_balance(kBob, true), 80u);
    EXPECT_EQ(Balances::reducible_balance(kBob, false), 90u);
    EXPECT_EQ(error_of(Balances::transfer(kBob, kAlice, 81, true)), "Token(NotExpendable)");
    EXPECT_EQ(error_of(Balances::transfer(kBob, kAlice, 80, true)), "ok");
  });
}

TEST(Balances, ExistentialDepositEdges) {
  with_genesis({{kAlice, 100}}, [] {
    // A new account needs at least the existential deposit.
    EXPECT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 9},
                                Origin::signed_by(kAlice))),
              "Token(BelowMinimum)");
    EXPECT_FALSE(System::account_exists(kBob));
    ASSERT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 10},
                                Origin::signed_by(kAlice))),
              "ok");
    EXPECT_TRUE(System::account_exists(kBob));
    // An existing account takes any amount.
    ASSERT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 1},
                                Origin::signed_by(kAlice))),
              "ok");
    EXPECT_EQ(Balances::free_balance(kBob), 11u);
    // Everything leaves: reaped without dust.
    clear_events();
    ASSERT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 89},
                                Origin::signed_by(kAlice))),
              "ok");
    EXPECT_FALSE(System::account_exists(kAlice));
    EXPECT_EQ(event_names(),
              (std::vector<std::string>{"System.KilledAccount", "Balances.Transfer"}));
    EXPECT_EQ(Balances::total_issuance(), 100u);
    // A reaped account cannot send; zero is still a valid transfer between existing accounts.
    EXPECT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 1},
                                Origin::signed_by(kAlice))),
              "Token(FundsUnavailable)");
    // Only MultiAddress::Id names an account.
    Balances::transfer_allow_death to_index;
    to_index.dest.value = MultiAddress::Index{};
    to_index.value = 1;
    EXPECT_EQ(error_of(dispatch(to_index, Origin::signed_by(kBob))), "CannotLookup");
    EXPECT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kAlice), 1},
                                Origin::none())),
              "BadOrigin");
  });
}

TEST(Balances, TransferAllHonoursKeepAliveAndLocks) {
  with_genesis({{kAlice, 100}, {kBob, 100}}, [] {
    ASSERT_EQ(error_of(dispatch(Balances::transfer_all{MultiAddress::id(kCharlie), true},
                                Origin::signed_by(kAlice))),
              "ok");
    EXPECT_EQ(Balances::free_balance(kAlice), 10u);
    EXPECT_EQ(Balances::free_balance(kCharlie), 90u);
    ASSERT_TRUE(Balances::set_lock({'s', 't', 'a', 'k', 'i', 'n', 'g', ' '}, kBob, 30,
                                   balances::WithdrawReasons::all()));
    ASSERT_EQ(error_of(dispatch(Balances::transfer_all{MultiAddress::id(kCharlie), false},
                                Origin::signed_by(kBob))),
              "ok");
    EXPECT_EQ(Balances::free_balance(kBob), 30u);  // the lock stays; so does the account
    EXPECT_EQ(Balances::free_balance(kCharlie), 160u);
    ASSERT_EQ(error_of(dispatch(Balances::transfer_all{MultiAddress::id(kCharlie), false},
                                Origin::signed_by(kAlice))),
              "ok");
    EXPECT_FALSE(System::account_exists(kAlice));
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

TEST(Balances, LocksLimitTransfersAndTakeAConsumerReference) {
  const balances::LockIdentifier staking{'s', 't', 'a', 'k', 'i', 'n', 'g', ' '};
  const balances::LockIdentifier vesting{'v', 'e', 's', 't', 'i', 'n', 'g', ' '};
  with_genesis({{kAlice, 100}}, [&] {
    ASSERT_TRUE(Balances::set_lock(staking, kAlice, 60, balances::WithdrawReasons::all()));
    EXPECT_EQ(Balances::account(kAlice).frozen, 60u);
    EXPECT_EQ(System::consumers(kAlice), 1u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Locked{kAlice, 60}));
    // Stored as FRAME stores it: Vec<BalanceLock { id, amount, reasons: All }>.
    EXPECT_EQ(to_hex(*io::storage::get(Balances::Locks::key(kAlice))),
              "0x04" + to_hex(staking, false) + "3c000000000000000000000000000000" + "02");
    EXPECT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 50},
                                Origin::signed_by(kAlice))),
              "Token(Frozen)");
    // Locked funds cannot be reserved either.
    EXPECT_EQ(error_of(Balances::reserve(kAlice, 50)), module_error(1));  // LiquidityRestrictions
    ASSERT_EQ(error_of(dispatch(Balances::transfer_allow_death{MultiAddress::id(kBob), 40},
                                Origin::signed_by(kAlice))),
              "ok");
    // Locks overlap: the largest counts; extending never lowers.
    ASSERT_TRUE(Balances::set_lock(vesting, kAlice, 20, balances::WithdrawReasons::transfer()));
    EXPECT_EQ(Balances::account(kAlice).frozen, 60u);
    ASSERT_TRUE(Balances::extend_lock(staking, kAlice, 30, balances::WithdrawReasons::all()));
    EXPECT_EQ(Balances::balance_locked(staking, kAlice), 60u);
    ASSERT_TRUE(Balances::set_lock(staking, kAlice, 25, balances::WithdrawReasons::all()));
    EXPECT_EQ(Balances::account(kAlice).frozen, 25u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Unlocked{kAlice, 35}));
    // Fee-only locks freeze everything too (FRAME ignores the reasons since the fungible rework).
    EXPECT_EQ(Balances::locks(kAlice)[1].reasons, balances::Reasons::kMisc);
    EXPECT_EQ(Balances::reducible_balance(kAlice, Preservation::kExpendable), 35u);
    ASSERT_TRUE(Balances::remove_lock(staking, kAlice));
    ASSERT_TRUE(Balances::remove_lock(vesting, kAlice));
    EXPECT_EQ(Balances::account(kAlice).frozen, 0u);
    EXPECT_EQ(System::consumers(kAlice), 0u);
    EXPECT_FALSE(io::storage::exists(Balances::Locks::key(kAlice)));
    // A lock on an account that does not exist cannot take its consumer reference: as in FRAME
    // (update_locks) the lock is stored all the same, with Unexpected(FailedToMutateAccount)
    // before its Locked event, and the account stays dead.
    ASSERT_TRUE(Balances::set_lock(staking, kDave, 5, balances::WithdrawReasons::all()));
    const auto events = balances_events();
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(
        events[events.size() - 2],
        Balances::Event(Balances::Unexpected{balances::UnexpectedKind::kFailedToMutateAccount}));
    EXPECT_EQ(events.back(), Balances::Event(Balances::Locked{kDave, 5}));
    EXPECT_EQ(Balances::locks(kDave).size(), 1u);
    EXPECT_FALSE(System::account_exists(kDave));
  });
}

TEST(Balances, ReservesMoveFundsAndCountTowardsFreezes) {
  with_genesis({{kAlice, 100}, {kBob, 50}}, [] {
    ASSERT_TRUE(Balances::reserve(kAlice, 30));
    EXPECT_EQ(Balances::free_balance(kAlice), 70u);
    EXPECT_EQ(Balances::reserved_balance(kAlice), 30u);
    EXPECT_EQ(System::consumers(kAlice), 1u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Reserved{kAlice, 30}));
    auto too_much = Balances::reserve(kAlice, 71);
    ASSERT_FALSE(too_much);
    EXPECT_EQ(runtime::to_string(too_much.error()), module_error(2));  // InsufficientBalance
    // A freeze covers free + reserved: a lock of 50 leaves 50 - 30 = 20 untouchable in free, and
    // the existential deposit stays (the consumer reference keeps the provider).
    ASSERT_TRUE(Balances::set_lock({'l', 'o', 'c', 'k', 0, 0, 0, 0}, kAlice, 50,
                                   balances::WithdrawReasons::all()));
    EXPECT_EQ(Balances::reducible_balance(kAlice, Preservation::kExpendable), 50u);
    ASSERT_TRUE(Balances::remove_lock({'l', 'o', 'c', 'k', 0, 0, 0, 0}, kAlice));
    // Unreserving more than reserved returns the rest.
    EXPECT_EQ(Balances::unreserve(kAlice, 50), 20u);
    EXPECT_EQ(Balances::free_balance(kAlice), 100u);
    EXPECT_EQ(System::consumers(kAlice), 0u);
    // Repatriation: into an existing account's free or reserved balance, never a dead one.
    ASSERT_TRUE(Balances::reserve(kAlice, 40));
    EXPECT_EQ(
        Balances::repatriate_reserved(kAlice, kBob, 15, balances::BalanceStatus::kFree).value(),
        0u);
    EXPECT_EQ(Balances::free_balance(kBob), 65u);
    EXPECT_EQ(Balances::repatriate_reserved(kAlice, kBob, 100, balances::BalanceStatus::kReserved)
                  .value(),
              75u);  // only 25 were left
    EXPECT_EQ(Balances::reserved_balance(kBob), 25u);
    EXPECT_EQ(Balances::reserved_balance(kAlice), 0u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::ReserveRepatriated{
                                            kAlice, kBob, 25, balances::BalanceStatus::kReserved}));
    ASSERT_TRUE(Balances::reserve(kAlice, 5));
    EXPECT_EQ(runtime::to_string(
                  Balances::repatriate_reserved(kAlice, kCharlie, 5, balances::BalanceStatus::kFree)
                      .error()),
              module_error(6));  // DeadAccount
    EXPECT_EQ(sum_of_balances(), Balances::total_issuance());
  });
}

TEST(Balances, NamedReservesAreBounded) {
  with_genesis({{kAlice, 100}}, [] {
    const balances::ReserveIdentifier a{'a', 0, 0, 0, 0, 0, 0, 0};
    const balances::ReserveIdentifier b{'b', 0, 0, 0, 0, 0, 0, 0};
    const balances::ReserveIdentifier c{'c', 0, 0, 0, 0, 0, 0, 0};
    ASSERT_TRUE(Balances::reserve_named(b, kAlice, 10));
    ASSERT_TRUE(Balances::reserve_named(a, kAlice, 5));
    ASSERT_TRUE(Balances::reserve_named(b, kAlice, 1));
    // Sorted by id, as FRAME's binary search keeps them.
    const auto reserves = Balances::reserves(kAlice);
    ASSERT_EQ(reserves.size(), 2u);
    EXPECT_EQ(reserves[0], (balances::ReserveData{a, 5}));
    EXPECT_EQ(reserves[1], (balances::ReserveData{b, 11}));
    EXPECT_EQ(Balances::reserved_balance(kAlice), 16u);
    auto third = Balances::reserve_named(c, kAlice, 1);
    ASSERT_FALSE(third);
    EXPECT_EQ(runtime::to_string(third.error()), module_error(7));  // TooManyReserves
    EXPECT_EQ(Balances::reserved_balance(kAlice), 16u);
    EXPECT_EQ(Balances::unreserve_named(a, kAlice, 7), 2u);
    EXPECT_EQ(Balances::reserves(kAlice).size(), 1u);
    EXPECT_EQ(Balances::unreserve_named(b, kAlice, 11), 0u);
    EXPECT_FALSE(io::storage::exists(Balances::Reserves::key(kAlice)));
    EXPECT_EQ(Balances::reserved_balance(kAlice), 0u);
    EXPECT_EQ(System::consumers(kAlice), 0u);
  });
}

TEST(Balances, ForceCallsRequireRoot) {
  with_genesis({{kAlice, 100}}, [] {
    const Origin alice = Origin::signed_by(kAlice);
    EXPECT_EQ(
        error_of(dispatch(
            Balances::force_transfer{MultiAddress::id(kAlice), MultiAddress::id(kBob), 50}, alice)),
        "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Balances::force_set_balance{MultiAddress::id(kBob), 50}, alice)),
              "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Balances::force_unreserve{MultiAddress::id(kAlice), 1}, alice)),
              "BadOrigin");
    EXPECT_EQ(
        error_of(dispatch(
            Balances::force_adjust_total_issuance{balances::AdjustmentDirection::kIncrease, 1},
            alice)),
        "BadOrigin");
    EXPECT_EQ(Balances::total_issuance(), 100u);

    ASSERT_EQ(error_of(dispatch(
                  Balances::force_transfer{MultiAddress::id(kAlice), MultiAddress::id(kBob), 50},
                  Origin::root())),
              "ok");
    EXPECT_EQ(Balances::free_balance(kBob), 50u);

    // force_set_balance creates, with the issuance following.
    clear_events();
    ASSERT_EQ(error_of(dispatch(Balances::force_set_balance{MultiAddress::id(kCharlie), 70},
                                Origin::root())),
              "ok");
    EXPECT_EQ(Balances::total_issuance(), 170u);
    EXPECT_EQ(event_names(), (std::vector<std::string>{"System.NewAccount", "Balances.Endowed",
                                                       "Balances.Issued", "Balances.BalanceSet"}));
    // … and below the existential deposit wipes the account.
    clear_events();
    ASSERT_EQ(error_of(dispatch(Balances::force_set_balance{MultiAddress::id(kCharlie), 9},
                                Origin::root())),
              "ok");
    EXPECT_FALSE(System::account_exists(kCharlie));
    EXPECT_EQ(Balances::total_issuance(), 100u);
    EXPECT_EQ(balances_events(), (std::vector<Balances::Event>{Balances::Rescinded{70},
                                                               Balances::BalanceSet{kCharlie, 0}}));

    ASSERT_TRUE(Balances::reserve(kAlice, 20));
    ASSERT_EQ(
        error_of(dispatch(Balances::force_unreserve{MultiAddress::id(kAlice), 15}, Origin::root())),
        "ok");
    EXPECT_EQ(Balances::reserved_balance(kAlice), 5u);

    EXPECT_EQ(
        error_of(dispatch(
            Balances::force_adjust_total_issuance{balances::AdjustmentDirection::kIncrease, 0},
            Origin::root())),
        module_error(11));  // DeltaZero
    ASSERT_EQ(
        error_of(dispatch(
            Balances::force_adjust_total_issuance{balances::AdjustmentDirection::kDecrease, 30},
            Origin::root())),
        "ok");
    EXPECT_EQ(Balances::total_issuance(), 70u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::TotalIssuanceForced{100, 70}));
    Balances::InactiveIssuance::put(65);
    EXPECT_EQ(
        error_of(dispatch(
            Balances::force_adjust_total_issuance{balances::AdjustmentDirection::kDecrease, 10},
            Origin::root())),
        module_error(10));  // IssuanceDeactivated
    EXPECT_EQ(Balances::active_issuance(), 5u);
  });
}

TEST(Balances, WithdrawResolveAndBurnKeepTheIssuanceBalanced) {
  with_genesis({{kAlice, 100}, {kBob, 100}}, [] {
    // A fee: taken, then split between an existing account and one too small to create.
    auto fee = Balances::withdraw(kAlice, 30, balances::WithdrawReasons::transaction_payment(),
                                  balances::Existence::kKeepAlive);
    ASSERT_EQ(error_of(fee), "ok");
    EXPECT_EQ(*fee, 30u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Withdraw{kAlice, 30}));
    EXPECT_EQ(Balances::total_issuance(), 200u);  // unchanged until resolved
    EXPECT_EQ(sum_of_balances(), 170u);
    EXPECT_EQ(Balances::resolve_into(kBob, 24), 0u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Deposit{kBob, 24}));
    EXPECT_EQ(Balances::resolve_into(kCharlie, 6), 6u);  // below ED for a new account: burned
    EXPECT_FALSE(System::account_exists(kCharlie));
    EXPECT_EQ(Balances::total_issuance(), 194u);
    EXPECT_EQ(sum_of_balances(), 194u);

    // The fee path (FungibleAdapter): only what leaves the account alive can be paid.
    EXPECT_TRUE(Balances::can_withdraw(kAlice, 60));
    EXPECT_FALSE(Balances::can_withdraw(kAlice, 61));
    EXPECT_FALSE(Balances::can_withdraw(kCharlie, 1));
    EXPECT_EQ(Balances::withdraw_consequence(kAlice, 70).kind,
              balances::WithdrawCheck::Kind::kReducedToZero);
    EXPECT_EQ(error_of(Balances::withdraw(kAlice, 61)), "Token(FundsUnavailable)");
    // Keep-alive withdrawals stop at the existential deposit; allow-death ones reap.
    EXPECT_EQ(error_of(Balances::withdraw(kAlice, 61, balances::WithdrawReasons::all(),
                                          balances::Existence::kKeepAlive)),
              "Token(FundsUnavailable)");
    auto all = Balances::withdraw(kAlice, 65, balances::WithdrawReasons::all(),
                                  balances::Existence::kAllowDeath);
    ASSERT_EQ(error_of(all), "ok");
    EXPECT_FALSE(System::account_exists(kAlice));
    Balances::burn_issuance(*all);  // 65 taken, 5 dust burned on the way
    EXPECT_EQ(Balances::total_issuance(), 124u);
    EXPECT_EQ(sum_of_balances(), 124u);

    // Minting and burning move the issuance with the balance.
    EXPECT_EQ(Balances::deposit_creating(kDave, 5), 0u);  // below ED, nothing
    clear_events();
    EXPECT_EQ(Balances::deposit_creating(kDave, 50), 50u);
    EXPECT_EQ(event_names(), (std::vector<std::string>{"Balances.Deposit", "System.NewAccount",
                                                       "Balances.Endowed", "Balances.Issued"}));
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Issued{50}));
    EXPECT_EQ(error_of(Balances::mint_into(kDave, 1)), "ok");
    EXPECT_EQ(Balances::total_issuance(), 175u);
    ASSERT_EQ(error_of(dispatch(Balances::burn{20, true}, Origin::signed_by(kDave))), "ok");
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Burned{kDave, 20}));
    EXPECT_EQ(error_of(dispatch(Balances::burn{25, true}, Origin::signed_by(kDave))),
              "Token(FundsUnavailable)");
    ASSERT_EQ(error_of(dispatch(Balances::burn{31, false}, Origin::signed_by(kDave))), "ok");
    EXPECT_FALSE(System::account_exists(kDave));
    EXPECT_EQ(Balances::total_issuance(), 124u);
    EXPECT_EQ(sum_of_balances(), 124u);

    // Slashing takes what is there (and leaves the issuance to the caller).
    EXPECT_EQ(Balances::slash(kBob, 1000), 124u);
    Balances::burn_issuance(124);
    EXPECT_EQ(Balances::total_issuance(), 0u);
    EXPECT_EQ(sum_of_balances(), 0u);
  });
}

TEST(Balances, HoldsAndFreezes) {
  with_genesis({{kAlice, 100}}, [] {
    ASSERT_TRUE(Balances::hold(TestReason::kPreimage, kAlice, 30));
    EXPECT_EQ(Balances::balance_on_hold(TestReason::kPreimage, kAlice), 30u);
    EXPECT_EQ(Balances::reserved_balance(kAlice), 30u);
    EXPECT_EQ(Balances::free_balance(kAlice), 70u);
    EXPECT_EQ(System::consumers(kAlice), 1u);
    // The last provider keeps its existential deposit.
    EXPECT_EQ(error_of(Balances::hold(TestReason::kStaking, kAlice, 61)),
              "Token(FundsUnavailable)");
    EXPECT_EQ(error_of(Balances::hold(TestReason::kStaking, kBob, 1)), "Token(CannotCreateHold)");
    EXPECT_EQ(error_of(Balances::release(TestReason::kPreimage, kAlice, 31, Precision::kExact)),
              "Token(FundsUnavailable)");
    EXPECT_EQ(Balances::release(TestReason::kPreimage, kAlice, 10, Precision::kExact).value(), 10u);
    EXPECT_EQ(Balances::release(TestReason::kPreimage, kAlice, 100, Precision::kBestEffort).value(),
              20u);
    EXPECT_EQ(Balances::reserved_balance(kAlice), 0u);
    EXPECT_EQ(System::consumers(kAlice), 0u);

    ASSERT_TRUE(Balances::set_freeze(TestReason::kStaking, kAlice, 50));
    EXPECT_EQ(Balances::account(kAlice).frozen, 50u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Frozen{kAlice, 50}));
    ASSERT_TRUE(Balances::extend_freeze(TestReason::kPreimage, kAlice, 70));
    EXPECT_EQ(Balances::account(kAlice).frozen, 70u);
    EXPECT_EQ(error_of(Balances::transfer(kAlice, kBob, 31, Preservation::kExpendable)),
              "Token(Frozen)");
    ASSERT_TRUE(Balances::thaw(TestReason::kPreimage, kAlice));
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Thawed{kAlice, 20}));
    ASSERT_TRUE(Balances::thaw(TestReason::kStaking, kAlice));
    EXPECT_EQ(Balances::account(kAlice).frozen, 0u);
    EXPECT_FALSE(io::storage::exists(Balances::Freezes::key(kAlice)));
    EXPECT_EQ(System::consumers(kAlice), 0u);
  });
}

TEST(Balances, UpgradeAccountsIsFreeWhenMostNeededIt) {
  with_genesis({{kAlice, 100}, {kBob, 100}}, [] {
    auto nothing = dispatch(Balances::upgrade_accounts{{kAlice, kBob}}, Origin::signed_by(kAlice));
    ASSERT_TRUE(nothing.has_value());
    EXPECT_EQ(nothing->pays_fee, Pays::kYes);
    // An account from before the reference-counting rework, with a reserve and no consumer ref.
    System::Account::mutate(kBob, [](system::AccountInfo<balances::AccountData>& info) {
      info.data.flags.bits = 0;
      info.data.free = 80;
      info.data.reserved = 20;
    });
    auto upgraded = dispatch(Balances::upgrade_accounts{{kBob}}, Origin::signed_by(kAlice));
    ASSERT_TRUE(upgraded.has_value());
    EXPECT_EQ(upgraded->pays_fee, Pays::kNo);
    EXPECT_TRUE(Balances::account(kBob).flags.is_new_logic());
    EXPECT_EQ(System::consumers(kBob), 1u);
    EXPECT_EQ(balances_events().back(), Balances::Event(Balances::Upgraded{kBob}));
  });
}

// A deterministic mix of operations; after each, the issuance equals the sum of all balances.
TEST(Balances, TotalIssuanceInvariantUnderRandomOperations) {
  with_genesis({{kAlice, 1000}, {kBob, 500}, {kCharlie, 50}}, [] {
    uint64_t state = 0x9e3779b97f4a7c15;
    const auto next = [&](uint64_t bound) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      return state % bound;
    };
    const AccountId32 who[] = {kAlice, kBob, kCharlie, kDave, account(5)};
    size_t succeeded = 0;
    for (int step = 0; step < 600; ++step) {
      const AccountId32& a = who[next(5)];
      const AccountId32& b = who[next(5)];
      // Small amounts, or nearly everything the account has (which is where dust appears).
      const Balance free = Balances::free_balance(a);
      const Balance amount = next(2) == 0 ? next(120) : balances::saturating_sub(free, next(12));
      bool ok = false;
      switch (next(9)) {
        case 0:
          ok = dispatch(Balances::transfer_allow_death{MultiAddress::id(b), amount},
                        Origin::signed_by(a))
                   .has_value();
          break;
        case 1:
          ok = dispatch(Balances::transfer_keep_alive{MultiAddress::id(b), amount},
                        Origin::signed_by(a))
                   .has_value();
          break;
        case 2:
          ok = Balances::reserve(a, amount).has_value();
          break;
        case 3:
          ok = Balances::unreserve(a, amount) < amount;
          break;
        case 4: {
          auto taken = Balances::withdraw(
              a, amount, balances::WithdrawReasons::all(),
              next(2) ? balances::Existence::kKeepAlive : balances::Existence::kAllowDeath);
          if (taken) (void)Balances::resolve_into(b, *taken);
          ok = taken.has_value();
          break;
        }
        case 5:
          ok = Balances::set_lock({'l', 0, 0, 0, 0, 0, 0, 0}, a, amount,
                                  balances::WithdrawReasons::all())
                   .has_value();
          break;
        case 6:
          ok = dispatch(Balances::burn{amount, next(2) == 1}, Origin::signed_by(a)).has_value();
          break;
        case 7:
          ok = Balances::deposit_creating(a, amount) != 0;
          break;
        case 8:
          ok = Balances::repatriate_reserved(
                   a, b, amount,
                   next(2) ? balances::BalanceStatus::kFree : balances::BalanceStatus::kReserved)
                   .has_value();
          break;
        default:
          break;
      }
      succeeded += ok ? 1 : 0;
      ASSERT_EQ(sum_of_balances(), Balances::total_issuance()) << "step " << step;
      for (const AccountId32& x : who) {
        const auto data = Balances::account(x);
        // Every stored account holds at least the existential deposit, or something reserved.
        if (System::account_exists(x) && System::providers(x) > 0 && data.reserved == 0) {
          ASSERT_TRUE(data.free == 0 || data.free >= 10) << "step " << step;
        }
      }
    }
    EXPECT_GT(succeeded, 100u);  // the mix exercised real changes, not only refusals
    size_t dust_events = 0;
    for (const auto& e : balances_events()) {
      dust_events += std::holds_alternative<Balances::DustLost>(e) ? 1 : 0;
    }
    EXPECT_GT(dust_events, 0u) << "succeeded " << succeeded;
  });
}

TEST(Balances, CallEncodingMatchesFrame) {
  // Balances (4) . transfer_keep_alive (3) { dest: MultiAddress::Id, value: Compact(12345) }.
  const Call call =
      Call::of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(kBob), 12345});
  const std::string expected = "0x040300" + to_hex(kBob.bytes, false) + "e5c0";
  EXPECT_EQ(to_hex(scale::encode(call)), expected);
  auto decoded = scale::decode<Call>(from_hex(expected).value());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(to_hex(scale::encode(*decoded)), expected);
  // force_unreserve's amount is a plain u128; force_adjust_total_issuance's direction comes first.
  EXPECT_EQ(to_hex(scale::encode(
                Call::of<Balances>(Balances::force_unreserve{MultiAddress::id(kBob), 1}))),
            "0x040500" + to_hex(kBob.bytes, false) + "01000000000000000000000000000000");
  EXPECT_EQ(to_hex(scale::encode(Call::of<Balances>(Balances::force_adjust_total_issuance{
                balances::AdjustmentDirection::kDecrease, 1}))),
            "0x04090104");
  EXPECT_EQ(to_hex(scale::encode(Call::of<Balances>(Balances::burn{1, true}))), "0x040a0401");
  // Index 1 (the removed set_balance_deprecated) and 7 (the removed transfer) do not decode.
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x0401").value()).has_value());
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x0407").value()).has_value());
  // Kusama's weights, with this runtime's database weights.
  EXPECT_EQ(call.info().call_weight,
            Weight::from_parts(60'831'000 + 25'000'000 + 100'000'000, 3'593));
}

TEST(Balances, SignedTransferThroughTheExecutive) {
  using Exec = Executive<TestRuntime>;
  const keys::KeyPair alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  const AccountId32 who = testing::account_of(alice);
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Balances::build_genesis({{{who, 1'000}}}).has_value());
    System::BlockHash::insert(0, H256{});
    block::Header header;
    header.number = 1;
    Exec::initialize_block(header);
    TestRuntime::SignedExtra extra;
    std::get<system::CheckNonce<TestRuntime>>(extra).nonce = 0;
    const Bytes xt = testing::sign_extrinsic<Exec>(
        alice, Call::of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(kBob), 995}),
        extra);
    auto applied = Exec::apply_extrinsic(xt);
    ASSERT_TRUE(applied.has_value());
    ASSERT_FALSE(applied->has_value());
    EXPECT_EQ(runtime::to_string(applied->error()), "Token(NotExpendable)");
    std::get<system::CheckNonce<TestRuntime>>(extra).nonce = 1;
    const Bytes ok = testing::sign_extrinsic<Exec>(
        alice, Call::of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(kBob), 990}),
        extra);
    auto done = Exec::apply_extrinsic(ok);
    ASSERT_TRUE(done.has_value() && done->has_value());
    EXPECT_EQ(Balances::free_balance(kBob), 990u);
    EXPECT_EQ(System::account_nonce(who), 2u);
    EXPECT_EQ(event_names(), (std::vector<std::string>{
                                 "System.ExtrinsicFailed", "System.NewAccount", "Balances.Endowed",
                                 "Balances.Transfer", "System.ExtrinsicSuccess"}));
  });
}

TEST(Balances, Metadata) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  ASSERT_EQ(metadata.pallets.size(), 2u);
  const meta::PalletMetadata& pallet = metadata.pallets[1];
  EXPECT_EQ(pallet.name, "Balances");
  EXPECT_EQ(pallet.index, 4u);
  const auto& types = metadata.registry.types();

  std::vector<std::string> storage;
  for (const auto& e : pallet.storage->entries) storage.push_back(e.name);
  EXPECT_EQ(storage, (std::vector<std::string>{"TotalIssuance", "InactiveIssuance", "Account",
                                               "Locks", "Reserves", "Holds", "Freezes"}));
  const auto& locks = std::get<meta::StorageMapType>(pallet.storage->entries[3].type);
  EXPECT_EQ(
      types[locks.value].path,
      (std::vector<std::string>{"bounded_collections", "weak_bounded_vec", "WeakBoundedVec"}));
  EXPECT_EQ(types[types[locks.value].params[0].type->value].path,
            (std::vector<std::string>{"pallet_balances", "types", "BalanceLock"}));
  const auto& holds = std::get<meta::StorageMapType>(pallet.storage->entries[5].type);
  EXPECT_EQ(types[types[holds.value].params[0].type->value].path,
            (std::vector<std::string>{"frame_support", "traits", "tokens", "misc", "IdAmount"}));

  std::vector<std::string> constants;
  for (const auto& c : pallet.constants) constants.push_back(c.name);
  EXPECT_EQ(constants, (std::vector<std::string>{"ExistentialDeposit", "MaxLocks", "MaxReserves",
                                                 "MaxFreezes"}));
  EXPECT_EQ(to_hex(pallet.constants[0].value), "0x0a000000000000000000000000000000");

  const auto variants_of = [&](meta::TypeId id) {
    std::vector<std::pair<uint8_t, std::string>> out;
    for (const auto& v : std::get<meta::VariantDef>(types[id].def).variants) {
      out.emplace_back(v.index, v.name);
    }
    return out;
  };
  EXPECT_EQ(variants_of(pallet.calls->id),
            (std::vector<std::pair<uint8_t, std::string>>{{0, "transfer_allow_death"},
                                                          {2, "force_transfer"},
                                                          {3, "transfer_keep_alive"},
                                                          {4, "transfer_all"},
                                                          {5, "force_unreserve"},
                                                          {6, "upgrade_accounts"},
                                                          {8, "force_set_balance"},
                                                          {9, "force_adjust_total_issuance"},
                                                          {10, "burn"}}));
  const auto events = variants_of(pallet.event->id);
  ASSERT_EQ(events.size(), 23u);
  const char* names[] = {"Endowed",
                         "DustLost",
                         "Transfer",
                         "BalanceSet",
                         "Reserved",
                         "Unreserved",
                         "ReserveRepatriated",
                         "Deposit",
                         "Withdraw",
                         "Slashed",
                         "Minted",
                         "Burned",
                         "Suspended",
                         "Restored",
                         "Upgraded",
                         "Issued",
                         "Rescinded",
                         "Locked",
                         "Unlocked",
                         "Frozen",
                         "Thawed",
                         "TotalIssuanceForced",
                         "Unexpected"};
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i], (std::pair<uint8_t, std::string>{static_cast<uint8_t>(i), names[i]}));
  }
  // Unexpected(UnexpectedKind): one field without a name, as scale-info describes a tuple variant.
  const auto& unexpected =
      std::get<meta::VariantDef>(types[pallet.event->id].def).variants.back().fields;
  ASSERT_EQ(unexpected.size(), 1u);
  EXPECT_FALSE(unexpected[0].name.has_value());
  EXPECT_EQ(unexpected[0].type_name, std::optional<std::string>("UnexpectedKind"));
  EXPECT_EQ(types[unexpected[0].type].path,
            (std::vector<std::string>{"pallet_balances", "pallet", "UnexpectedKind"}));
  EXPECT_EQ(to_hex(scale::encode(Balances::Event(
                Balances::Unexpected{balances::UnexpectedKind::kFailedToMutateAccount}))),
            "0x1601");
  const auto errors = variants_of(pallet.error->id);
  ASSERT_EQ(errors.size(), 12u);
  EXPECT_EQ(errors[4].second, "Expendability");
  EXPECT_EQ(errors[11].second, "DeltaZero");
  EXPECT_EQ(types[pallet.calls->id].path,
            (std::vector<std::string>{"pallet_balances", "pallet", "Call"}));

  // System.Account holds AccountInfo<Nonce, AccountData<u128>> with FRAME's paths.
  const auto& account =
      std::get<meta::StorageMapType>(metadata.pallets[0].storage->entries[0].type);
  const auto& info = types[account.value];
  EXPECT_EQ(info.path, (std::vector<std::string>{"frame_system", "AccountInfo"}));
  const auto& data = types[info.params[1].type->value];
  EXPECT_EQ(data.path, (std::vector<std::string>{"pallet_balances", "types", "AccountData"}));
  const auto& data_fields = std::get<meta::CompositeDef>(data.def).fields;
  ASSERT_EQ(data_fields.size(), 4u);
  EXPECT_EQ(types[data_fields[3].type].path,
            (std::vector<std::string>{"pallet_balances", "types", "ExtraFlags"}));
  EXPECT_GT(meta::encode_v15(metadata).size(), 1000u);
}

}  // namespace
}  // namespace canary::rt
