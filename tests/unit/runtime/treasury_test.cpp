// pallet_treasury natively, in two runtimes.
//
// `Mock` is the SDK's mock (substrate/frame/treasury/src/tests.rs): accounts 0, 1, 2 with 100, 98
// and 1 and the pot at the existential deposit (genesis), SpendPeriod 2, Burn 50 %, PayoutPeriod
// 5, MaxApprovals 100, RejectOrigin Root, spend origins signed by 10..14 with maxima 5, 10, 20,
// 50, 500 and Root with u128::MAX, a test Paymaster whose payments' statuses the test sets, and a
// converter that doubles the amount. The SDK's asset kind `n` and beneficiary `n` are here the
// Kusama types: `asset(n)` (a general index on Asset Hub) and `loc(n)` (a relay account). Its
// cases: spend_local and the spend period (pay, burn, rollover, underflow, several periods), max
// approvals, remove_approval, spends in a batch bounded by the origin's maximum, spend with
// valid_from and expiry, payout, retry after failure, check_status in every payment state,
// void_spend, and the try-state invariants.
//
// `Kusama` is Kusama's configuration (FR-1.7.1: Root or Treasurer rejects, TreasurySpender =
// Root or the custom Spender origins, 6-day periods, 90-day payouts, "py/trsry") with Canary's
// NativePaymaster and NativeBalanceConverter: the origins' maxima, native KSM paid from the pot,
// other assets reported as failed, funds arriving through OnUnbalanced, the inactive issuance,
// the constants' bytes and the metadata's shape against Kusama's (spec 1_009_002).
//
// `TreasuryXcm`: the XCM types' SCALE encodings against polkadot.js.
#include "runtime/pallets/treasury/treasury.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/treasury/assets.hpp"
#include "runtime/pallets/treasury/paymaster.hpp"
#include "runtime/pallets/utility/utility.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/support/hex.hpp"
#include "tests/unit/runtime/metadata_shapes.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace utility = pallets::utility;
namespace origins = pallets::origins;
namespace treasury = pallets::treasury;
using rt::testing::account;
using test::hex;
using test::unhex;
using traits::tokens::Balance;
using treasury::PaymentState;
using treasury::Permill;
using treasury::SpendStatus;
using xcm::VersionedLocatableAsset;
using xcm::VersionedLocation;

// --- XCM values standing for the SDK mock's u32 asset kinds and u128 beneficiaries.
xcm::Junction<4> account_junction(const AccountId32& who) {
  return {xcm::Junction<4>::AccountId32{std::nullopt, who.bytes}};
}
VersionedLocation loc(uint8_t n) {
  return VersionedLocation::of(xcm::Location<4>{0, {{account_junction(account(n))}}});
}
VersionedLocatableAsset asset(uint32_t n) {
  const xcm::Location<4> asset_hub{0, {{{xcm::Junction<4>::Parachain{1000}}}}};
  const xcm::Location<4> id{0, {{{xcm::Junction<4>::GeneralIndex{n}}}}};
  return VersionedLocatableAsset::of(asset_hub, xcm::AssetId<4>::concrete(id));
}
// Native KSM on the relay: (Here, Here).
VersionedLocatableAsset ksm() {
  return VersionedLocatableAsset::of(xcm::Location<4>::here(),
                                     xcm::AssetId<4>::concrete(xcm::Location<4>::here()));
}

// --- The SDK mock's TestPay: what each (beneficiary, asset) was paid, statuses set by the test.
struct TestPay {
  using Beneficiary = VersionedLocation;
  using AssetKind = VersionedLocatableAsset;
  static inline std::map<std::pair<Bytes, Bytes>, Balance> paid_amounts;
  static inline std::map<uint64_t, traits::PaymentStatus> statuses;
  static inline uint64_t last_id = 0;
  static void reset() {
    paid_amounts.clear();
    statuses.clear();
    last_id = 0;
  }
  static Result<uint64_t, DispatchError> pay(const Beneficiary& who, const AssetKind& kind,
                                             Balance amount) {
    paid_amounts[{scale::encode(who), scale::encode(kind)}] += amount;
    return last_id++;
  }
  static traits::PaymentStatus check_payment(uint64_t id) {
    const auto it = statuses.find(id);
    return it == statuses.end() ? traits::PaymentStatus::kUnknown : it->second;
  }
};
Balance paid(uint8_t who, uint32_t asset_id) {
  const auto it =
      TestPay::paid_amounts.find({scale::encode(loc(who)), scale::encode(asset(asset_id))});
  return it == TestPay::paid_amounts.end() ? 0 : it->second;
}
void set_status(uint64_t id, traits::PaymentStatus s) {
  TestPay::statuses[id] = s;
}

// The SDK's TestSpendOrigin.
struct TestSpendOrigin {
  using Success = Balance;
  static std::optional<Balance> try_origin(const Origin& origin) {
    if (origin.is_root()) return ~Balance{0};
    const AccountId32* who = origin.signer();
    if (who == nullptr) return std::nullopt;
    const std::pair<uint8_t, Balance> maxima[] = {{10, 5}, {11, 10}, {12, 20}, {13, 50}, {14, 500}};
    for (const auto& [n, max] : maxima) {
      if (*who == account(n)) return max;
    }
    return std::nullopt;
  }
};
// MulBy<ConstU64<2>>.
struct MulBy2 {
  static std::optional<Balance> from_asset_balance(Balance amount, const VersionedLocatableAsset&) {
    if (amount > (~Balance{0}) / 2) return std::nullopt;
    return amount * 2;
  }
};

struct Mock : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<Mock, PalletAt<0, "System">>;
  using Balances = balances::Pallet<Mock, PalletAt<1, "Balances">>;
  using Treasury = treasury::Pallet<Mock, PalletAt<2, "Treasury">>;
  using Utility = utility::Pallet<Mock, PalletAt<3, "Utility">>;
  using Pallets = Composition<"test_runtime", System, Balances, Treasury, Utility>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using Currency = Balances;

  using TreasuryRejectOrigin = EnsureRoot;
  using TreasurySpendOrigin = TestSpendOrigin;
  using TreasuryPaymaster = TestPay;
  using TreasuryBalanceConverter = MulBy2;
  static constexpr std::string_view kTreasuryPalletId = "py/trsry";
  static constexpr BlockNumber kTreasurySpendPeriod = 2;
  static constexpr BlockNumber kTreasuryPayoutPeriod = 5;
  static constexpr uint32_t kTreasuryMaxApprovals = 100;
  static constexpr Permill kTreasuryBurn = Permill::from_percent(50);
};
using System = Mock::System;
using Balances = Mock::Balances;
using Treasury = Mock::Treasury;
using Utility = Mock::Utility;
using RuntimeCall = Mock::Pallets::Call;
using Error = treasury::Error;

// One extrinsic: the next extrinsic index (FRAME's SpendContext lives for one outermost dispatch),
// then the call in a storage layer of its own.
template <class R, class P>
DispatchResultWithPostInfo dispatch_as_extrinsic(typename P::Call call, const Origin& origin) {
  const uint32_t next = R::System::extrinsic_index().value_or(0) + 1;
  io::storage::set(system::extrinsic_index_key(), scale::encode(next));
  return rt::testing::dispatch<R, P>(std::move(call), origin);
}
DispatchResultWithPostInfo dispatch(Treasury::Call call, const Origin& origin) {
  return dispatch_as_extrinsic<Mock, Treasury>(std::move(call), origin);
}
Origin by(uint8_t n) {
  return Origin::signed_by(account(n));
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Treasury>(e));
}
const std::string kBadOrigin = runtime::to_string(bad_origin());

DispatchResultWithPostInfo spend_local(const Origin& o, Balance amount, uint8_t beneficiary) {
  return dispatch(Treasury::spend_local{amount, MultiAddress::id(account(beneficiary))}, o);
}
DispatchResultWithPostInfo spend(const Origin& o, uint32_t asset_id, Balance amount,
                                 uint8_t beneficiary, std::optional<BlockNumber> valid_from) {
  return dispatch(Treasury::spend{asset(asset_id), amount, loc(beneficiary), valid_from}, o);
}
DispatchResultWithPostInfo payout(treasury::SpendIndex index) {
  return dispatch(Treasury::payout{index}, by(1));
}
DispatchResultWithPostInfo check_status(treasury::SpendIndex index) {
  return dispatch(Treasury::check_status{index}, by(1));
}

// make_free_balance_be.
template <class B>
void set_free(const AccountId32& who, Balance amount) {
  const Balance free = B::free_balance(who);
  if (amount > free) {
    ASSERT_TRUE(B::mint_into(who, amount - free));
  } else if (amount < free) {
    ASSERT_TRUE(B::burn_from(who, free - amount, traits::tokens::Preservation::kExpendable,
                             traits::tokens::Precision::kExact, traits::tokens::Fortitude::kForce));
  }
}
void set_pot(Balance amount) {
  set_free<Balances>(Treasury::account_id(), amount);
}
// The block moves to n (System's block number is Treasury's BlockNumberProvider), then Treasury's
// on_initialize.
void at_block(BlockNumber n) {
  System::reset_events();
  System::initialize(n, H256{}, {});
}
void on_initialize(BlockNumber n) {
  at_block(n);
  Treasury::on_initialize(n);
}
std::optional<uint64_t> payment_id(treasury::SpendIndex i) {
  const auto spend = Treasury::Spends::get(i);
  EXPECT_TRUE(spend.has_value()) << "no spend " << i;
  if (!spend || spend->status.attempt() == nullptr) return std::nullopt;
  return spend->status.attempt()->id;
}
std::vector<Treasury::Event> events() {
  return rt::testing::events_of<Mock, Treasury>();
}
template <class E>
bool last_event_is(const E& e) {
  const auto all = events();
  return !all.empty() && std::holds_alternative<E>(all.back()) && std::get<E>(all.back()) == e;
}
std::vector<treasury::ProposalIndex> approvals() {
  return Treasury::Approvals::get().items;
}

// The SDK's ExtBuilder: 0, 1, 2 hold 100, 98, 1, the pot the existential deposit (Treasury's
// genesis), block 1; try-state afterwards.
template <class F>
void with_ext(F&& f, bool treasury_genesis = true) {
  TestPay::reset();
  Treasury::spend_context().reset();
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Balances::build_genesis({{{account(0), 100}, {account(1), 98}, {account(2), 1}}}));
    if (treasury_genesis) ASSERT_TRUE(Treasury::build_genesis({}));
    at_block(1);
    f();
    EXPECT_EQ(rt::testing::try_state_failures<Mock::Pallets>(System::block_number()), "");
  });
}

TEST(Treasury, GenesisConfigWorks) {
  with_ext([] {
    EXPECT_EQ(Treasury::pot(), 0);
    EXPECT_EQ(Balances::free_balance(Treasury::account_id()), 1);
    EXPECT_EQ(Treasury::ProposalCount::get(), 0);
    EXPECT_EQ(Balances::total_issuance(), 200);
  });
}

TEST(Treasury, PotAccountIsModlAndThePalletId) {
  with_ext([] {
    EXPECT_EQ(hex(Treasury::account_id().bytes),
              "6d6f646c70792f74727372790000000000000000000000000000000000000000");
  });
}

TEST(Treasury, SpendLocalOriginPermissioningWorks) {
  with_ext([] {
    EXPECT_EQ(error_of(spend_local(by(1), 1, 1)), kBadOrigin);
    EXPECT_EQ(error_of(spend_local(by(10), 6, 1)), err(Error::kInsufficientPermission));
    EXPECT_EQ(error_of(spend_local(by(11), 11, 1)), err(Error::kInsufficientPermission));
    EXPECT_EQ(error_of(spend_local(by(12), 21, 1)), err(Error::kInsufficientPermission));
    EXPECT_EQ(error_of(spend_local(by(13), 51, 1)), err(Error::kInsufficientPermission));
    EXPECT_EQ(Treasury::ProposalCount::get(), 0);
  });
}

TEST(Treasury, SpendLocalOriginWorks) {
  with_ext([] {
    set_pot(101);
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(spend_local(by(10), 5, 6));
    EXPECT_TRUE(spend_local(by(11), 10, 6));
    EXPECT_TRUE(spend_local(by(12), 20, 6));
    EXPECT_TRUE(spend_local(by(13), 50, 6));
    EXPECT_TRUE(last_event_is(Treasury::SpendApproved{6, 50, account(6)}));
    on_initialize(1);
    EXPECT_EQ(Balances::free_balance(account(6)), 0);
    on_initialize(2);
    EXPECT_EQ(Balances::free_balance(account(6)), 100);
    EXPECT_EQ(Treasury::pot(), 0);  // 100 spent; the burn of nothing left
  });
}

TEST(Treasury, MintingWorks) {
  with_ext([] {
    set_pot(101);
    EXPECT_EQ(Treasury::pot(), 100);
  });
}

TEST(Treasury, AcceptedSpendProposalIgnoredOutsideSpendPeriod) {
  with_ext([] {
    set_pot(101);
    EXPECT_TRUE(spend_local(by(14), 100, 3));
    on_initialize(1);
    EXPECT_EQ(Balances::free_balance(account(3)), 0);
    EXPECT_EQ(Treasury::pot(), 100);
  });
}

TEST(Treasury, UnusedPotShouldDiminish) {
  with_ext([] {
    const Balance initial = Balances::total_issuance();
    set_pot(101);
    EXPECT_EQ(Balances::total_issuance(), initial + 100);
    on_initialize(2);
    EXPECT_EQ(Treasury::pot(), 50);
    EXPECT_EQ(Balances::total_issuance(), initial + 50);
    // The events of the period: the pot reported inactive, Spending, Burnt, Rollover.
    EXPECT_EQ(events(), (std::vector<Treasury::Event>{Treasury::UpdatedInactive{0, 100},
                                                      Treasury::Spending{100}, Treasury::Burnt{50},
                                                      Treasury::Rollover{50}}));
    EXPECT_EQ(Treasury::LastSpendPeriod::get(), BlockNumber{2});
  });
}

TEST(Treasury, AcceptedSpendProposalEnactedOnSpendPeriod) {
  with_ext([] {
    set_pot(101);
    EXPECT_TRUE(spend_local(by(14), 100, 3));
    on_initialize(2);
    EXPECT_EQ(Balances::free_balance(account(3)), 100);
    EXPECT_EQ(Treasury::pot(), 0);
    // Burn is not zero and nothing was missed: Burnt, of nothing (as FRAME).
    EXPECT_EQ(events(), (std::vector<Treasury::Event>{Treasury::UpdatedInactive{0, 100},
                                                      Treasury::Spending{100},
                                                      Treasury::Awarded{0, 100, account(3)},
                                                      Treasury::Burnt{0}, Treasury::Rollover{0}}));
    EXPECT_TRUE(approvals().empty());
    EXPECT_FALSE(Treasury::Proposals::get(0));
  });
}

TEST(Treasury, PotUnderflowShouldNotDiminish) {
  with_ext([] {
    set_pot(101);
    EXPECT_TRUE(spend_local(by(14), 150, 3));
    on_initialize(2);
    EXPECT_EQ(Treasury::pot(), 100);  // missed an approval: nothing burnt
    EXPECT_EQ(approvals(), (std::vector<treasury::ProposalIndex>{0}));
    set_pot(201);
    on_initialize(4);
    EXPECT_EQ(Balances::free_balance(account(3)), 150);
    EXPECT_EQ(Treasury::pot(), 25);
  });
}

TEST(Treasury, TreasuryAccountDoesntGetDeleted) {
  with_ext([] {
    set_pot(101);
    const Balance treasury_balance = Balances::free_balance(Treasury::account_id());
    EXPECT_TRUE(spend_local(by(14), treasury_balance, 3));
    on_initialize(2);
    EXPECT_EQ(Treasury::pot(), 100);
    EXPECT_TRUE(spend_local(by(14), Treasury::pot(), 3));
    on_initialize(4);
    EXPECT_EQ(Treasury::pot(), 0);
    EXPECT_EQ(Balances::free_balance(Treasury::account_id()), 1);
  });
}

TEST(Treasury, InexistentAccountWorks) {
  with_ext(
      [] {
        EXPECT_EQ(Balances::free_balance(Treasury::account_id()), 0);
        EXPECT_EQ(Treasury::pot(), 0);
        EXPECT_TRUE(spend_local(by(14), 99, 3));
        EXPECT_TRUE(spend_local(by(14), 1, 3));
        on_initialize(2);
        EXPECT_EQ(Treasury::pot(), 0);
        EXPECT_EQ(Balances::free_balance(account(3)), 0);
        set_pot(100);
        EXPECT_EQ(Treasury::pot(), 99);
        on_initialize(4);
        EXPECT_EQ(Treasury::pot(), 0);
        EXPECT_EQ(Balances::free_balance(account(3)), 99);
      },
      /*treasury_genesis=*/false);
}

TEST(Treasury, MaxApprovalsLimited) {
  with_ext([] {
    set_pot(~Balance{0} / 4);
    for (uint32_t i = 0; i < Mock::kTreasuryMaxApprovals; ++i) {
      ASSERT_TRUE(spend_local(by(14), 100, 3)) << i;
    }
    EXPECT_EQ(error_of(spend_local(by(14), 100, 3)), err(Error::kTooManyApprovals));
    EXPECT_EQ(Treasury::ProposalCount::get(), Mock::kTreasuryMaxApprovals);
  });
}

TEST(Treasury, RemoveAlreadyRemovedApprovalFails) {
  with_ext([] {
    set_pot(101);
    EXPECT_TRUE(spend_local(by(14), 100, 3));
    EXPECT_EQ(approvals(), (std::vector<treasury::ProposalIndex>{0}));
    EXPECT_EQ(error_of(dispatch(Treasury::remove_approval{0}, by(14))), kBadOrigin);
    EXPECT_TRUE(dispatch(Treasury::remove_approval{0}, Origin::root()));
    EXPECT_TRUE(approvals().empty());
    EXPECT_EQ(error_of(dispatch(Treasury::remove_approval{0}, Origin::root())),
              err(Error::kProposalNotApproved));
  });
}

TEST(Treasury, SeveralSpendPeriodsBurnAtOnce) {
  // pallet-treasury 41: a gap of three periods burns 1 - (1 - Burn)^3 of the pot at once.
  with_ext([] {
    set_pot(801);
    on_initialize(1);  // LastSpendPeriod backfilled to 0
    EXPECT_EQ(Treasury::LastSpendPeriod::get(), BlockNumber{0});
    on_initialize(7);
    EXPECT_EQ(Treasury::pot(), 100);
    EXPECT_EQ(Treasury::LastSpendPeriod::get(), BlockNumber{6});
    on_initialize(7);
    EXPECT_EQ(Treasury::pot(), 100);  // not again within the period
  });
}

RuntimeCall treasury_call(Treasury::Call call) {
  return RuntimeCall::of<Treasury>(std::move(call));
}
DispatchResultWithPostInfo batch_all(std::vector<RuntimeCall> calls, const Origin& origin) {
  return dispatch_as_extrinsic<Mock, Utility>(Utility::batch_all{std::move(calls)}, origin);
}

TEST(Treasury, SpendingLocalInBatchRespectsMaxTotal) {
  with_ext([] {
    EXPECT_TRUE(batch_all({treasury_call(Treasury::spend_local{2, MultiAddress::id(account(100))}),
                           treasury_call(Treasury::spend_local{2, MultiAddress::id(account(101))})},
                          by(10)));
    EXPECT_EQ(error_of(batch_all(
                  {treasury_call(Treasury::spend_local{2, MultiAddress::id(account(100))}),
                   treasury_call(Treasury::spend_local{4, MultiAddress::id(account(101))})},
                  by(10))),
              err(Error::kInsufficientPermission));
  });
}

TEST(Treasury, SpendingInBatchRespectsMaxTotal) {
  with_ext([] {
    EXPECT_TRUE(batch_all({treasury_call(Treasury::spend{asset(1), 1, loc(100), std::nullopt}),
                           treasury_call(Treasury::spend{asset(1), 1, loc(101), std::nullopt})},
                          by(10)));
    EXPECT_EQ(
        error_of(batch_all({treasury_call(Treasury::spend{asset(1), 2, loc(100), std::nullopt}),
                            treasury_call(Treasury::spend{asset(1), 2, loc(101), std::nullopt})},
                           by(10))),
        err(Error::kInsufficientPermission));
  });
}

TEST(Treasury, SpendOriginWorks) {
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 1, 6, std::nullopt));
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_EQ(error_of(spend(by(10), 1, 3, 6, std::nullopt)), err(Error::kInsufficientPermission));
    EXPECT_TRUE(spend(by(11), 1, 5, 6, std::nullopt));
    EXPECT_EQ(error_of(spend(by(11), 1, 6, 6, std::nullopt)), err(Error::kInsufficientPermission));
    EXPECT_TRUE(spend(by(12), 1, 10, 6, std::nullopt));
    EXPECT_EQ(error_of(spend(by(12), 1, 11, 6, std::nullopt)), err(Error::kInsufficientPermission));
    EXPECT_EQ(Treasury::SpendCount::get(), 4);
    EXPECT_EQ(Treasury::Spends::entries().size(), 4);
  });
}

TEST(Treasury, SpendWorks) {
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_EQ(Treasury::SpendCount::get(), 1);
    EXPECT_EQ(Treasury::Spends::get(0),
              (SpendStatus{asset(1), 2, loc(6), 1, 6, PaymentState::pending()}));
    EXPECT_TRUE(last_event_is(Treasury::AssetSpendApproved{0, asset(1), 2, loc(6), 1, 6}));
  });
}

TEST(Treasury, SpendExpires) {
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    at_block(6);
    EXPECT_EQ(error_of(payout(0)), err(Error::kSpendExpired));
    EXPECT_EQ(error_of(spend(by(10), 1, 2, 6, BlockNumber{0})), err(Error::kSpendExpired));
  });
}

TEST(Treasury, SpendPayoutWorks) {
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_TRUE(payout(0));
    EXPECT_EQ(paid(6, 1), 2);
    EXPECT_EQ(Treasury::SpendCount::get(), 1);
    const auto id = payment_id(0);
    ASSERT_TRUE(id);
    EXPECT_TRUE(last_event_is(Treasury::Paid{0, *id}));
    set_status(*id, traits::PaymentStatus::kSuccess);
    const auto checked = check_status(0);
    ASSERT_TRUE(checked);
    EXPECT_EQ(checked->pays_fee, Pays::kNo);
    EXPECT_TRUE(last_event_is(Treasury::SpendProcessed{0}));
    EXPECT_EQ(error_of(payout(0)), err(Error::kInvalidIndex));
  });
}

TEST(Treasury, PayoutRetryWorks) {
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_TRUE(payout(0));
    EXPECT_EQ(paid(6, 1), 2);
    const auto id = payment_id(0);
    ASSERT_TRUE(id);
    set_status(*id, traits::PaymentStatus::kFailure);
    TestPay::paid_amounts.clear();
    EXPECT_EQ(error_of(payout(0)), err(Error::kAlreadyAttempted));
    EXPECT_TRUE(check_status(0));
    EXPECT_TRUE(last_event_is(Treasury::PaymentFailed{0, *id}));
    EXPECT_EQ(Treasury::Spends::get(0)->status, PaymentState::failed());
    EXPECT_TRUE(payout(0));
    EXPECT_EQ(paid(6, 1), 2);
  });
}

TEST(Treasury, PayoutRestartsThePayoutPeriod) {
  // pallet-treasury 41: after an attempt the spend expires a PayoutPeriod later.
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));  // valid 1, expires 6
    at_block(4);
    EXPECT_TRUE(payout(0));
    EXPECT_EQ(Treasury::Spends::get(0)->expire_at, BlockNumber{9});
  });
}

TEST(Treasury, SpendValidFromWorks) {
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 2, 6, BlockNumber{2}));
    EXPECT_EQ(error_of(payout(0)), err(Error::kEarlyPayout));
    at_block(2);
    EXPECT_TRUE(payout(0));
    at_block(5);
    // valid_from in the past is fine while the payout period has not passed.
    EXPECT_TRUE(spend(by(10), 1, 2, 6, BlockNumber{4}));
    EXPECT_TRUE(payout(1));
  });
}

TEST(Treasury, VoidSpendWorks) {
  with_ext([] {
    EXPECT_TRUE(spend(by(10), 1, 2, 6, BlockNumber{1}));
    EXPECT_TRUE(payout(0));
    EXPECT_EQ(error_of(dispatch(Treasury::void_spend{0}, Origin::root())),
              err(Error::kAlreadyAttempted));
    EXPECT_TRUE(spend(by(10), 1, 2, 6, BlockNumber{10}));
    EXPECT_EQ(error_of(dispatch(Treasury::void_spend{1}, by(10))), kBadOrigin);
    EXPECT_TRUE(dispatch(Treasury::void_spend{1}, Origin::root()));
    EXPECT_TRUE(last_event_is(Treasury::AssetSpendVoided{1}));
    EXPECT_FALSE(Treasury::Spends::get(1));
    EXPECT_EQ(error_of(dispatch(Treasury::void_spend{1}, Origin::root())),
              err(Error::kInvalidIndex));
  });
}

TEST(Treasury, CheckStatusWorks) {
  with_ext([] {
    // Spend 0 expired: removed, free.
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    at_block(7);
    auto info = check_status(0);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->pays_fee, Pays::kNo);
    EXPECT_TRUE(last_event_is(Treasury::SpendProcessed{0}));

    // Spend 1: failed, then expired.
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_EQ(error_of(check_status(1)), err(Error::kNotAttempted));
    EXPECT_TRUE(payout(1));
    auto id = payment_id(1);
    ASSERT_TRUE(id);
    set_status(*id, traits::PaymentStatus::kFailure);
    at_block(13);
    info = check_status(1);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->pays_fee, Pays::kYes);
    EXPECT_TRUE(last_event_is(Treasury::PaymentFailed{1, *id}));
    info = check_status(1);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->pays_fee, Pays::kNo);
    EXPECT_TRUE(last_event_is(Treasury::SpendProcessed{1}));

    // Spend 2: succeeded.
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_TRUE(payout(2));
    id = payment_id(2);
    ASSERT_TRUE(id);
    set_status(*id, traits::PaymentStatus::kSuccess);
    info = check_status(2);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->pays_fee, Pays::kNo);
    EXPECT_TRUE(last_event_is(Treasury::SpendProcessed{2}));

    // Spend 3: in progress.
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_TRUE(payout(3));
    id = payment_id(3);
    ASSERT_TRUE(id);
    set_status(*id, traits::PaymentStatus::kInProgress);
    EXPECT_EQ(error_of(check_status(3)), err(Error::kInconclusive));

    // Spend 4: status unknown, removed.
    EXPECT_TRUE(spend(by(10), 1, 2, 6, std::nullopt));
    EXPECT_TRUE(payout(4));
    id = payment_id(4);
    ASSERT_TRUE(id);
    set_status(*id, traits::PaymentStatus::kUnknown);
    info = check_status(4);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->pays_fee, Pays::kNo);
    EXPECT_TRUE(last_event_is(Treasury::SpendProcessed{4}));
  });
}

TEST(Treasury, TryStateInvariants) {
  Treasury::spend_context().reset();
  testing::TestExternalities ext;
  ext.execute_with([] {
    at_block(1);
    ASSERT_TRUE(spend_local(by(14), 1, 3));
    EXPECT_TRUE(Treasury::try_state(1));
    Treasury::ProposalCount::put(0);
    EXPECT_FALSE(Treasury::try_state(1));
    Treasury::ProposalCount::put(1);
    Treasury::Proposals::insert(1, *Treasury::Proposals::get(0));
    Treasury::Proposals::remove(0);
    EXPECT_FALSE(Treasury::try_state(1));  // a key not below ProposalCount
    Treasury::ProposalCount::put(2);
    EXPECT_FALSE(Treasury::try_state(1));  // approval 0 has no proposal
    Treasury::Approvals::put({{1}});
    EXPECT_TRUE(Treasury::try_state(1));

    ASSERT_TRUE(spend(by(10), 1, 1, 6, std::nullopt));
    EXPECT_TRUE(Treasury::try_state(1));
    Treasury::SpendCount::put(0);
    EXPECT_FALSE(Treasury::try_state(1));
    Treasury::SpendCount::put(1);
    SpendStatus s = *Treasury::Spends::get(0);
    std::swap(s.valid_from, s.expire_at);
    Treasury::Spends::insert(0, s);
    EXPECT_FALSE(Treasury::try_state(1));
  });
}

TEST(Treasury, CallsRoundTripAndDecodeAsKusamaEncodesThem) {
  // Treasury.spend(V4 (Here, Here), 1 KSM, V4 (0, X1(AccountId32 {None, 0x01…})), Some(20)) at
  // Kusama's index 18, as polkadot.js encodes it with Kusama's metadata (spec 1_009_002):
  //   registry.createType('Call', {callIndex: [18, 5], args: {...}}).toHex()
  const Bytes bytes = unhex(
      "12050400000000070010a5d4e804000101000101010101010101010101010101010101010101010101010101"
      "0101010101010114000000");
  const ByteSpan call(bytes.data() + 1, bytes.size() - 1);  // the pallet index 18 comes first
  auto decoded = scale::decode<Treasury::Call>(call);
  ASSERT_TRUE(decoded);
  const auto* s = std::get_if<Treasury::spend>(&*decoded);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->asset_kind, ksm());
  EXPECT_EQ(s->amount, Balance{1'000'000'000'000});
  VersionedLocation beneficiary = VersionedLocation::of(
      xcm::Location<4>{0, {{{xcm::Junction<4>::AccountId32{std::nullopt, account(1).bytes}}}}});
  EXPECT_EQ(s->beneficiary, beneficiary);
  EXPECT_EQ(s->valid_from, BlockNumber{20});
  EXPECT_EQ(hex(scale::encode(*decoded)), hex(call));
}

// --- Kusama's configuration with Canary's native paymaster and converter.

struct KusamaRt : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<KusamaRt, PalletAt<0, "System">>;
  using Balances = balances::Pallet<KusamaRt, PalletAt<4, "Balances">>;
  using Treasury = treasury::Pallet<KusamaRt, PalletAt<18, "Treasury">>;
  using Origins = origins::Pallet<KusamaRt, PalletAt<43, "Origins">>;
  using Pallets = Composition<"test_runtime", System, Balances, Treasury, Origins>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = origins::kQuid / 100;  // Kusama's 1 CENT
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using Currency = Balances;

  static constexpr uint32_t kDays = 14'400;
  using TreasuryRejectOrigin = EitherOfDiverse<EnsureRoot, origins::Treasurer<Origins>>;
  using TreasurySpendOrigin =
      EitherOf<EnsureRootWithSuccess<~Balance{0}>, origins::Spender<Origins>>;
  using TreasuryPaymaster = treasury::NativePaymaster<Balances, treasury::PotAccountOf<KusamaRt>>;
  using TreasuryBalanceConverter = treasury::NativeBalanceConverter;
  static constexpr std::string_view kTreasuryPalletId = "py/trsry";
  static constexpr BlockNumber kTreasurySpendPeriod = 6 * kDays;
  static constexpr BlockNumber kTreasuryPayoutPeriod = 90 * kDays;
  static constexpr uint32_t kTreasuryMaxApprovals = 100;
  static constexpr Permill kTreasuryBurn = Permill::zero();
};
using KTreasury = KusamaRt::Treasury;
using KBalances = KusamaRt::Balances;
using Paymaster = KusamaRt::TreasuryPaymaster;
constexpr Balance kUnits = 1'000'000'000'000;

Origin custom(origins::Origin o) {
  return KusamaRt::Origins::origin(o);
}
DispatchResultWithPostInfo kdispatch(KTreasury::Call call, const Origin& origin) {
  return dispatch_as_extrinsic<KusamaRt, KTreasury>(std::move(call), origin);
}
void kat_block(BlockNumber n) {
  KusamaRt::System::reset_events();
  KusamaRt::System::initialize(n, H256{}, {});
}
std::string kerr(Error e) {
  return runtime::to_string(pallet_error<KTreasury>(e));
}
std::vector<KTreasury::Event> kevents() {
  return rt::testing::events_of<KusamaRt, KTreasury>();
}
// KSM held on Asset Hub, as Kusama's own spends name it: (0, X1(Parachain(1000))), (1, Here).
VersionedLocatableAsset ksm_on_asset_hub() {
  return VersionedLocatableAsset::of(xcm::Location<3>{0, {{{xcm::Junction<3>::Parachain{1000}}}}},
                                     xcm::AssetId<3>::concrete(xcm::Location<3>{1, {}}));
}

template <class F>
void with_kusama(F&& f) {
  KTreasury::spend_context().reset();
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(KBalances::build_genesis({{{account(1), 100 * kUnits}}}));
    ASSERT_TRUE(KTreasury::build_genesis({}));
    KusamaRt::System::initialize(1, H256{}, {});
    f();
    EXPECT_EQ(rt::testing::try_state_failures<KusamaRt::Pallets>(KusamaRt::System::block_number()),
              "");
  });
}

TEST(TreasuryKusama, SpendOriginsHaveKusamasMaxima) {
  with_kusama([] {
    using O = origins::Origin;
    const std::pair<O, Balance> maxima[] = {
        {O::kSmallTipper, 250 * origins::kQuid},   {O::kBigTipper, origins::kGrand},
        {O::kSmallSpender, 10 * origins::kGrand},  {O::kMediumSpender, 100 * origins::kGrand},
        {O::kBigSpender, 1'000 * origins::kGrand}, {O::kTreasurer, 10'000 * origins::kGrand}};
    for (const auto& [o, max] : maxima) {
      EXPECT_TRUE(kdispatch(KTreasury::spend_local{max, MultiAddress::id(account(2))}, custom(o)));
      EXPECT_EQ(error_of(kdispatch(KTreasury::spend_local{max + 1, MultiAddress::id(account(2))},
                                   custom(o))),
                kerr(Error::kInsufficientPermission));
      EXPECT_TRUE(kdispatch(KTreasury::spend{ksm(), max, loc(2), std::nullopt}, custom(o)));
      EXPECT_EQ(
          error_of(kdispatch(KTreasury::spend{ksm(), max + 1, loc(2), std::nullopt}, custom(o))),
          kerr(Error::kInsufficientPermission));
    }
    EXPECT_TRUE(kdispatch(KTreasury::spend_local{~Balance{0}, MultiAddress::id(account(2))},
                          Origin::root()));
    EXPECT_EQ(error_of(kdispatch(KTreasury::spend_local{1, MultiAddress::id(account(2))},
                                 custom(O::kStakingAdmin))),
              kBadOrigin);
    EXPECT_EQ(error_of(kdispatch(KTreasury::spend_local{1, MultiAddress::id(account(2))}, by(1))),
              kBadOrigin);
    // Reject: Root or Treasurer, not a spender.
    EXPECT_EQ(error_of(kdispatch(KTreasury::remove_approval{0}, custom(O::kBigSpender))),
              kBadOrigin);
    EXPECT_TRUE(kdispatch(KTreasury::remove_approval{0}, custom(O::kTreasurer)));
    EXPECT_TRUE(kdispatch(KTreasury::void_spend{0}, Origin::root()));
  });
}

TEST(TreasuryKusama, NativeSpendIsPaidFromThePot) {
  with_kusama([] {
    set_free<KBalances>(KTreasury::account_id(), 10 * kUnits);
    const Balance pot = KTreasury::pot();
    EXPECT_TRUE(kdispatch(KTreasury::spend{ksm(), 3 * kUnits, loc(7), std::nullopt},
                          custom(origins::Origin::kMediumSpender)));
    EXPECT_TRUE(kdispatch(KTreasury::payout{0}, by(1)));
    EXPECT_EQ(KBalances::free_balance(account(7)), 3 * kUnits);
    EXPECT_EQ(KTreasury::pot(), pot - 3 * kUnits);
    EXPECT_EQ(KTreasury::Spends::get(0)->status, PaymentState::attempted(Paymaster::kPaidNatively));
    const auto checked = kdispatch(KTreasury::check_status{0}, by(1));
    ASSERT_TRUE(checked);
    EXPECT_EQ(checked->pays_fee, Pays::kNo);
    EXPECT_FALSE(KTreasury::Spends::get(0));
    // More than the pot holds (keeping it alive): PayoutError, the spend as it was.
    EXPECT_TRUE(kdispatch(KTreasury::spend{ksm(), 8 * kUnits, loc(7), std::nullopt},
                          custom(origins::Origin::kMediumSpender)));
    EXPECT_EQ(error_of(kdispatch(KTreasury::payout{1}, by(1))), kerr(Error::kPayoutError));
    EXPECT_EQ(KTreasury::Spends::get(1)->status, PaymentState::pending());
  });
}

TEST(TreasuryKusama, OtherAssetsAreReportedFailedUntilXcm) {
  with_kusama([] {
    set_free<KBalances>(KTreasury::account_id(), 10 * kUnits);
    const Balance pot = KTreasury::pot();
    // KSM on Asset Hub converts one to one (Kusama's UnityOrOuterConversion) but needs XCM.
    EXPECT_TRUE(kdispatch(KTreasury::spend{ksm_on_asset_hub(), kUnits, loc(7), std::nullopt},
                          custom(origins::Origin::kSmallSpender)));
    EXPECT_TRUE(kdispatch(KTreasury::payout{0}, by(1)));
    EXPECT_EQ(KTreasury::pot(), pot);
    EXPECT_TRUE(kdispatch(KTreasury::check_status{0}, by(1)));
    EXPECT_EQ(KTreasury::Spends::get(0)->status, PaymentState::failed());
    EXPECT_TRUE(std::holds_alternative<KTreasury::PaymentFailed>(kevents().back()));
    EXPECT_TRUE(kdispatch(KTreasury::void_spend{0}, custom(origins::Origin::kTreasurer)));
    // Native KSM to a beneficiary that is not a relay account: likewise.
    EXPECT_TRUE(kdispatch(KTreasury::spend{ksm(), kUnits,
                                           VersionedLocation::of(xcm::Location<4>{
                                               0, {{{xcm::Junction<4>::Parachain{1000}}}}}),
                                           std::nullopt},
                          custom(origins::Origin::kSmallSpender)));
    EXPECT_TRUE(kdispatch(KTreasury::payout{1}, by(1)));
    EXPECT_EQ(KTreasury::Spends::get(1)->status,
              PaymentState::attempted(Paymaster::kNotDeliverable));
    // An asset without a rate (USDT on Asset Hub) does not convert.
    const auto usdt = VersionedLocatableAsset::of(
        xcm::Location<4>{0, {{{xcm::Junction<4>::Parachain{1000}}}}},
        xcm::AssetId<4>::concrete(xcm::Location<4>{
            0,
            {{{xcm::Junction<4>::PalletInstance{50}}, {xcm::Junction<4>::GeneralIndex{1984}}}}}));
    EXPECT_EQ(error_of(kdispatch(KTreasury::spend{usdt, 1, loc(7), std::nullopt}, Origin::root())),
              kerr(Error::kFailedToConvertBalance));
    EXPECT_EQ(KTreasury::pot(), pot);
  });
}

TEST(TreasuryKusama, FundsArriveThroughOnUnbalanced) {
  with_kusama([] {
    const Balance issuance = KBalances::total_issuance();
    const Balance pot = KTreasury::pot();
    // A slashed deposit or a fee: withdrawn elsewhere, then handed to the Treasury.
    ASSERT_TRUE(KBalances::withdraw(account(1), 5 * kUnits,
                                    traits::tokens::WithdrawReasons::transfer(),
                                    traits::tokens::Existence::kKeepAlive));
    KTreasury::on_unbalanced(5 * kUnits);
    EXPECT_EQ(KTreasury::pot(), pot + 5 * kUnits);
    EXPECT_EQ(KBalances::total_issuance(), issuance);
    EXPECT_TRUE(std::holds_alternative<KTreasury::Deposit>(kevents().back()));
    EXPECT_EQ(std::get<KTreasury::Deposit>(kevents().back()).value, 5 * kUnits);
    // A fungible credit (Staking's remainder): no event.
    const size_t before = kevents().size();
    KTreasury::on_unbalanced(KBalances::issue(2 * kUnits));
    EXPECT_EQ(KTreasury::pot(), pot + 7 * kUnits);
    EXPECT_EQ(KBalances::total_issuance(), issuance + 2 * kUnits);
    EXPECT_EQ(kevents().size(), before);
  });
}

TEST(TreasuryKusama, ThePotIsInactiveIssuance) {
  with_kusama([] {
    set_free<KBalances>(KTreasury::account_id(), 10 * kUnits);
    kat_block(2);
    KTreasury::on_initialize(2);
    EXPECT_EQ(KTreasury::Deactivated::get(), KTreasury::pot());
    EXPECT_EQ(KBalances::inactive_issuance(), KTreasury::pot());
    EXPECT_EQ(KBalances::active_issuance(), KBalances::total_issuance() - KTreasury::pot());
    EXPECT_EQ(kevents(),
              (std::vector<KTreasury::Event>{KTreasury::UpdatedInactive{0, KTreasury::pot()}}));
    // The pot shrinks: reactivated, then deactivated anew.
    const Balance old_pot = KTreasury::pot();
    set_free<KBalances>(KTreasury::account_id(), 4 * kUnits);
    kat_block(3);
    KTreasury::on_initialize(3);
    EXPECT_EQ(KBalances::inactive_issuance(), KTreasury::pot());
    EXPECT_EQ(
        kevents(),
        (std::vector<KTreasury::Event>{KTreasury::UpdatedInactive{old_pot, KTreasury::pot()}}));
    // Unchanged: no event.
    kat_block(4);
    KTreasury::on_initialize(4);
    EXPECT_TRUE(kevents().empty());
  });
}

TEST(TreasuryKusama, SpendPeriodIsSixDays) {
  with_kusama([] {
    ASSERT_TRUE(kdispatch(KTreasury::spend_local{kUnits, MultiAddress::id(account(9))},
                          custom(origins::Origin::kBigTipper)));
    set_free<KBalances>(KTreasury::account_id(), 10 * kUnits);
    kat_block(86'399);
    KTreasury::on_initialize(86'399);
    EXPECT_EQ(KBalances::free_balance(account(9)), 0);
    kat_block(86'400);
    KTreasury::on_initialize(86'400);
    EXPECT_EQ(KBalances::free_balance(account(9)), kUnits);
    EXPECT_EQ(KTreasury::LastSpendPeriod::get(), BlockNumber{86'400});
  });
}

// Kusama's constants (metadata 1_009_002, Treasury's `constants`).
TEST(TreasuryKusama, ConstantsAreKusamas) {
  meta::RuntimeMetadata metadata;
  KusamaRt::Pallets::add_metadata(metadata);
  const meta::PalletMetadata* pallet = nullptr;
  for (const auto& p : metadata.pallets) {
    if (p.name == "Treasury") pallet = &p;
  }
  ASSERT_NE(pallet, nullptr);
  EXPECT_EQ(pallet->index, 18);
  std::vector<std::pair<std::string, std::string>> constants;
  constants.reserve(pallet->constants.size());
  for (const auto& c : pallet->constants) constants.emplace_back(c.name, hex(c.value));
  EXPECT_EQ(
      constants,
      (std::vector<std::pair<std::string, std::string>>{
          {"SpendPeriod", "80510100"},
          {"Burn", "00000000"},
          {"PalletId", "70792f7472737279"},
          {"MaxApprovals", "64000000"},
          {"PayoutPeriod", "80c61300"},
          {"pot_account", "6d6f646c70792f74727372790000000000000000000000000000000000000000"}}));
  std::vector<std::string> storage;
  storage.reserve(pallet->storage->entries.size());
  for (const auto& e : pallet->storage->entries) storage.push_back(e.name);
  EXPECT_EQ(storage,
            (std::vector<std::string>{"ProposalCount", "Proposals", "Deactivated", "Approvals",
                                      "SpendCount", "Spends", "LastSpendPeriod"}));
}

// Kusama's Treasury types (metadata 1_009_002: the call 155, event 52, error 723, the storage
// values Proposal 718, Approvals 719, SpendStatus 720, the constants' Permill 185 and PalletId
// 722), by this script, run with NODE_PATH=tests/interop/node_modules:
//   const t = require('@polkadot/types-support/metadata/v15/kusama-types.json');
//   const T = new Map(t.map(x => [x.id, x.type]));
//   function shapes(roots) {   // the same numbering and format as shapes()
//     const num = new Map(), lines = [];
//     function visit(id) {
//       if (num.has(id)) return '#' + num.get(id);
//       const n = num.size; num.set(id, n); const ty = T.get(id), d = ty.def;
//       const params = ty.params.map(p => p.name + '=' + (p.type == null ? '-' : visit(p.type)));
//       const f = fs => fs.map(x => (x.name ?? '_') + ':' + (x.typeName ?? '_') + ':' +
//                                   visit(x.type)).join(',');
//       let def;
//       if (d.composite) def = '{' + f(d.composite.fields) + '}';
//       else if (d.variant) def = '[' + d.variant.variants.map(v => v.index + ' ' + v.name + '(' +
//                                                               f(v.fields) + ')').join(',') + ']';
//       else if (d.sequence) def = 'Vec<' + visit(d.sequence.type) + '>';
//       else if (d.array) def = '[' + visit(d.array.type) + ';' + d.array.len + ']';
//       else if (d.tuple) def = '(' + d.tuple.map(visit).join(',') + ')';
//       else if (d.primitive) def = 'prim:' + d.primitive.toLowerCase();
//       else if (d.compact) def = 'Compact<' + visit(d.compact.type) + '>';
//       lines[n] = n + ': ' + ty.path.join('::') + '<' + params.join(',') + '> ' + def;
//       return '#' + n;
//     }
//     roots.forEach(visit); return lines.join('\n');
//   }
//   console.log(shapes([155, 52, 723, 718, 719, 720, 185, 722]));
constexpr std::string_view kKusamaShapes =
    R"(0: pallet_treasury::pallet::Call<T=-,I=-> [3 spend_local(amount:BalanceOf<T, I>:#1,beneficiary:AccountIdLookupOf<T>:#3),4 remove_approval(proposal_id:ProposalIndex:#11),5 spend(asset_kind:Box<T::AssetKind>:#13,amount:AssetBalanceOf<T, I>:#1,beneficiary:Box<BeneficiaryLookupOf<T, I>>:#53,valid_from:Option<BlockNumberFor<T, I>>:#54),6 payout(index:SpendIndex:#12),7 check_status(index:SpendIndex:#12),8 void_spend(index:SpendIndex:#12)]
1: <> Compact<#2>
2: <> prim:u128
3: sp_runtime::multiaddress::MultiAddress<AccountId=#4,AccountIndex=#7> [0 Id(_:AccountId:#4),1 Index(_:AccountIndex:#8),2 Raw(_:Vec<u8>:#9),3 Address32(_:[u8; 32]:#5),4 Address20(_:[u8; 20]:#10)]
4: sp_core::crypto::AccountId32<> {_:[u8; 32]:#5}
5: <> [#6;32]
6: <> prim:u8
7: <> ()
8: <> Compact<#7>
9: <> Vec<#6>
10: <> [#6;20]
11: <> Compact<#12>
12: <> prim:u32
13: polkadot_runtime_common::impls::VersionedLocatableAsset<> [3 V3(location:xcm::v3::Location:#14,asset_id:xcm::v3::AssetId:#24),4 V4(location:xcm::v4::Location:#25,asset_id:xcm::v4::AssetId:#38),5 V5(location:xcm::v5::Location:#39,asset_id:xcm::v5::AssetId:#52)]
14: staging_xcm::v3::multilocation::MultiLocation<> {parents:u8:#6,interior:Junctions:#15}
15: xcm::v3::junctions::Junctions<> [0 Here(),1 X1(_:Junction:#16),2 X2(_:Junction:#16,_:Junction:#16),3 X3(_:Junction:#16,_:Junction:#16,_:Junction:#16),4 X4(_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16),5 X5(_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16),6 X6(_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16),7 X7(_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16),8 X8(_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16,_:Junction:#16)]
16: xcm::v3::junction::Junction<> [0 Parachain(_:u32:#11),1 AccountId32(network:Option<NetworkId>:#17,id:[u8; 32]:#5),2 AccountIndex64(network:Option<NetworkId>:#17,index:u64:#20),3 AccountKey20(network:Option<NetworkId>:#17,key:[u8; 20]:#10),4 PalletInstance(_:u8:#6),5 GeneralIndex(_:u128:#1),6 GeneralKey(length:u8:#6,data:[u8; 32]:#5),7 OnlyChild(),8 Plurality(id:BodyId:#21,part:BodyPart:#23),9 GlobalConsensus(_:NetworkId:#18)]
17: Option<T=#18> [0 None(),1 Some(_:_:#18)]
18: xcm::v3::junction::NetworkId<> [0 ByGenesis(_:[u8; 32]:#5),1 ByFork(block_number:u64:#19,block_hash:[u8; 32]:#5),2 Polkadot(),3 Kusama(),4 Westend(),5 Rococo(),6 Wococo(),7 Ethereum(chain_id:u64:#20),8 BitcoinCore(),9 BitcoinCash(),10 PolkadotBulletin()]
19: <> prim:u64
20: <> Compact<#19>
21: xcm::v3::junction::BodyId<> [0 Unit(),1 Moniker(_:[u8; 4]:#22),2 Index(_:u32:#11),3 Executive(),4 Technical(),5 Legislative(),6 Judicial(),7 Defense(),8 Administration(),9 Treasury()]
22: <> [#6;4]
23: xcm::v3::junction::BodyPart<> [0 Voice(),1 Members(count:u32:#11),2 Fraction(nom:u32:#11,denom:u32:#11),3 AtLeastProportion(nom:u32:#11,denom:u32:#11),4 MoreThanProportion(nom:u32:#11,denom:u32:#11)]
24: xcm::v3::multiasset::AssetId<> [0 Concrete(_:MultiLocation:#14),1 Abstract(_:[u8; 32]:#5)]
25: staging_xcm::v4::location::Location<> {parents:u8:#6,interior:Junctions:#26}
26: staging_xcm::v4::junctions::Junctions<> [0 Here(),1 X1(_:Arc<[Junction; 1]>:#27),2 X2(_:Arc<[Junction; 2]>:#31),3 X3(_:Arc<[Junction; 3]>:#32),4 X4(_:Arc<[Junction; 4]>:#33),5 X5(_:Arc<[Junction; 5]>:#34),6 X6(_:Arc<[Junction; 6]>:#35),7 X7(_:Arc<[Junction; 7]>:#36),8 X8(_:Arc<[Junction; 8]>:#37)]
27: <> [#28;1]
28: staging_xcm::v4::junction::Junction<> [0 Parachain(_:u32:#11),1 AccountId32(network:Option<NetworkId>:#29,id:[u8; 32]:#5),2 AccountIndex64(network:Option<NetworkId>:#29,index:u64:#20),3 AccountKey20(network:Option<NetworkId>:#29,key:[u8; 20]:#10),4 PalletInstance(_:u8:#6),5 GeneralIndex(_:u128:#1),6 GeneralKey(length:u8:#6,data:[u8; 32]:#5),7 OnlyChild(),8 Plurality(id:BodyId:#21,part:BodyPart:#23),9 GlobalConsensus(_:NetworkId:#30)]
29: Option<T=#30> [0 None(),1 Some(_:_:#30)]
30: staging_xcm::v4::junction::NetworkId<> [0 ByGenesis(_:[u8; 32]:#5),1 ByFork(block_number:u64:#19,block_hash:[u8; 32]:#5),2 Polkadot(),3 Kusama(),4 Westend(),5 Rococo(),6 Wococo(),7 Ethereum(chain_id:u64:#20),8 BitcoinCore(),9 BitcoinCash(),10 PolkadotBulletin()]
31: <> [#28;2]
32: <> [#28;3]
33: <> [#28;4]
34: <> [#28;5]
35: <> [#28;6]
36: <> [#28;7]
37: <> [#28;8]
38: staging_xcm::v4::asset::AssetId<> {_:Location:#25}
39: staging_xcm::v5::location::Location<> {parents:u8:#6,interior:Junctions:#40}
40: staging_xcm::v5::junctions::Junctions<> [0 Here(),1 X1(_:Arc<[Junction; 1]>:#41),2 X2(_:Arc<[Junction; 2]>:#45),3 X3(_:Arc<[Junction; 3]>:#46),4 X4(_:Arc<[Junction; 4]>:#47),5 X5(_:Arc<[Junction; 5]>:#48),6 X6(_:Arc<[Junction; 6]>:#49),7 X7(_:Arc<[Junction; 7]>:#50),8 X8(_:Arc<[Junction; 8]>:#51)]
41: <> [#42;1]
42: staging_xcm::v5::junction::Junction<> [0 Parachain(_:u32:#11),1 AccountId32(network:Option<NetworkId>:#43,id:[u8; 32]:#5),2 AccountIndex64(network:Option<NetworkId>:#43,index:u64:#20),3 AccountKey20(network:Option<NetworkId>:#43,key:[u8; 20]:#10),4 PalletInstance(_:u8:#6),5 GeneralIndex(_:u128:#1),6 GeneralKey(length:u8:#6,data:[u8; 32]:#5),7 OnlyChild(),8 Plurality(id:BodyId:#21,part:BodyPart:#23),9 GlobalConsensus(_:NetworkId:#44)]
43: Option<T=#44> [0 None(),1 Some(_:_:#44)]
44: staging_xcm::v5::junction::NetworkId<> [0 ByGenesis(_:[u8; 32]:#5),1 ByFork(block_number:u64:#19,block_hash:[u8; 32]:#5),2 Polkadot(),3 Kusama(),7 Ethereum(chain_id:u64:#20),8 BitcoinCore(),9 BitcoinCash(),10 PolkadotBulletin()]
45: <> [#42;2]
46: <> [#42;3]
47: <> [#42;4]
48: <> [#42;5]
49: <> [#42;6]
50: <> [#42;7]
51: <> [#42;8]
52: staging_xcm::v5::asset::AssetId<> {_:Location:#39}
53: xcm::VersionedLocation<> [3 V3(_:v3::MultiLocation:#14),4 V4(_:v4::Location:#25),5 V5(_:v5::Location:#39)]
54: Option<T=#12> [0 None(),1 Some(_:_:#12)]
55: pallet_treasury::pallet::Event<T=-,I=-> [0 Spending(budget_remaining:BalanceOf<T, I>:#2),1 Awarded(proposal_index:ProposalIndex:#12,award:BalanceOf<T, I>:#2,account:T::AccountId:#4),2 Burnt(burnt_funds:BalanceOf<T, I>:#2),3 Rollover(rollover_balance:BalanceOf<T, I>:#2),4 Deposit(value:BalanceOf<T, I>:#2),5 SpendApproved(proposal_index:ProposalIndex:#12,amount:BalanceOf<T, I>:#2,beneficiary:T::AccountId:#4),6 UpdatedInactive(reactivated:BalanceOf<T, I>:#2,deactivated:BalanceOf<T, I>:#2),7 AssetSpendApproved(index:SpendIndex:#12,asset_kind:T::AssetKind:#13,amount:AssetBalanceOf<T, I>:#2,beneficiary:T::Beneficiary:#53,valid_from:BlockNumberFor<T, I>:#12,expire_at:BlockNumberFor<T, I>:#12),8 AssetSpendVoided(index:SpendIndex:#12),9 Paid(index:SpendIndex:#12,payment_id:<T::Paymaster as Pay>::Id:#19),10 PaymentFailed(index:SpendIndex:#12,payment_id:<T::Paymaster as Pay>::Id:#19),11 SpendProcessed(index:SpendIndex:#12)]
56: pallet_treasury::pallet::Error<T=-,I=-> [0 InvalidIndex(),1 TooManyApprovals(),2 InsufficientPermission(),3 ProposalNotApproved(),4 FailedToConvertBalance(),5 SpendExpired(),6 EarlyPayout(),7 AlreadyAttempted(),8 PayoutError(),9 NotAttempted(),10 Inconclusive()]
57: pallet_treasury::Proposal<AccountId=#4,Balance=#2> {proposer:AccountId:#4,value:Balance:#2,beneficiary:AccountId:#4,bond:Balance:#2}
58: bounded_collections::bounded_vec::BoundedVec<T=#12,S=-> {_:Vec<T>:#59}
59: <> Vec<#12>
60: pallet_treasury::SpendStatus<AssetKind=#13,AssetBalance=#2,Beneficiary=#53,BlockNumber=#12,PaymentId=#19> {asset_kind:AssetKind:#13,amount:AssetBalance:#2,beneficiary:Beneficiary:#53,valid_from:BlockNumber:#12,expire_at:BlockNumber:#12,status:PaymentState<PaymentId>:#61}
61: pallet_treasury::PaymentState<Id=#19> [0 Pending(),1 Attempted(id:Id:#19),2 Failed()]
62: sp_arithmetic::per_things::Permill<> {_:u32:#12}
63: frame_support::PalletId<> {_:[u8; 8]:#64}
64: <> [#6;8])";

TEST(TreasuryKusama, MetadataTypesAreKusamas) {
  meta::RuntimeMetadata metadata;
  KusamaRt::Pallets::add_metadata(metadata);
  const meta::PalletMetadata* pallet = nullptr;
  for (const auto& p : metadata.pallets) {
    if (p.name == "Treasury") pallet = &p;
  }
  ASSERT_NE(pallet, nullptr);
  const auto value_of = [&](const char* name) -> meta::TypeId {
    for (const auto& e : pallet->storage->entries) {
      if (e.name != name) continue;
      if (const auto* m = std::get_if<meta::StorageMapType>(&e.type)) return m->value;
      return std::get<meta::StoragePlain>(e.type).value;
    }
    ADD_FAILURE() << "no storage item " << name;
    return 0;
  };
  const auto constant_type = [&](const char* name) -> meta::TypeId {
    for (const auto& c : pallet->constants) {
      if (c.name == name) return c.type;
    }
    ADD_FAILURE() << "no constant " << name;
    return 0;
  };
  const std::string ours =
      shapes(metadata.registry, {pallet->calls->id, pallet->event->id, pallet->error->id,
                                 value_of("Proposals"), value_of("Approvals"), value_of("Spends"),
                                 constant_type("Burn"), constant_type("PalletId")});
  EXPECT_EQ(ours, std::string(kKusamaShapes) + "\n");
}

// --- The XCM types against polkadot.js: each value built with @polkadot/types from Kusama's
// metadata (spec 1_009_002), `registry.createType('Lookup93' | 'Lookup53', value).toHex()`
// (93: xcm::VersionedLocation, 53: VersionedLocatableAsset).

template <class T>
void expect_encoding(const T& value, std::string_view expected_hex) {
  EXPECT_EQ(hex(scale::encode(value)), expected_hex);
  const Bytes bytes = unhex(expected_hex);
  auto decoded = scale::decode<T>(bytes);
  ASSERT_TRUE(decoded) << expected_hex;
  EXPECT_EQ(*decoded, value) << expected_hex;
}

TEST(TreasuryXcm, VersionedLocationMatchesPolkadotJs) {
  // {V4: {parents: 0, interior: {X1: [{AccountId32: {network: null, id: 0x01…}}]}}}
  expect_encoding(loc(1),
                  "04000101000101010101010101010101010101010101010101010101010101010101010101");
  // {V3: {parents: 0, interior: {X1: {AccountId32: {network: 'Kusama', id: 0x02…}}}}}
  using J3 = xcm::Junction<3>;
  expect_encoding(
      VersionedLocation::of(xcm::Location<3>{
          0,
          {{{J3::AccountId32{xcm::NetworkId<3>{xcm::NetworkId<3>::Kusama{}}, account(2).bytes}}}}}),
      "0300010101030202020202020202020202020202020202020202020202020202020202020202");
  // {V5: {parents: 1, interior: {X2: [{Parachain: 1000}, {GeneralIndex: 1984}]}}}
  using J5 = xcm::Junction<5>;
  expect_encoding(VersionedLocation::of(
                      xcm::Location<5>{1, {{{J5::Parachain{1000}}, {J5::GeneralIndex{1984}}}}}),
                  "05010200a10f05011f");
  // {V3: {parents: 0, interior: {X3: [{Plurality: {id: {Index: 5}, part: {Fraction: {nom: 1,
  //  denom: 3}}}}, {GlobalConsensus: 'Westend'}, {AccountKey20: {network: {ByFork:
  //  {blockNumber: 7, blockHash: 0x09…}}, key: 0x0a…}}]}}}
  ByteArray<32> nines;
  nines.fill(0x09);
  ByteArray<20> tens;
  tens.fill(0x0a);
  expect_encoding(
      VersionedLocation::of(xcm::Location<3>{
          0,
          {{{J3::Plurality{xcm::BodyId{xcm::BodyId::Index{5}},
                           xcm::BodyPart{xcm::BodyPart::Ratio<2>{1, 3}}}},
            {J3::GlobalConsensus{xcm::NetworkId<3>{xcm::NetworkId<3>::Named<4>{}}}},
            {J3::AccountKey20{xcm::NetworkId<3>{xcm::NetworkId<3>::ByFork{7, nines}}, tens}}}}}),
      "03000308021402040c09040301010700000000000000090909090909090909090909090909090909090909090909"
      "09"
      "090909090909090a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a");
  // {V4: {parents: 2, interior: {X2: [{GeneralKey: {length: 3, data: 0x0b…}}, {AccountIndex64:
  //  {network: {Ethereum: {chainId: 1}}, index: 300}}]}}}
  using J4 = xcm::Junction<4>;
  ByteArray<32> elevens;
  elevens.fill(0x0b);
  expect_encoding(
      VersionedLocation::of(xcm::Location<4>{
          2,
          {{{J4::GeneralKey{3, elevens}},
            {J4::AccountIndex64{xcm::NetworkId<4>{xcm::NetworkId<4>::Ethereum{1}}, 300}}}}}),
      "04020206030b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b02010704b104");
}

TEST(TreasuryXcm, VersionedLocatableAssetMatchesPolkadotJs) {
  // {V4: {location: {parents: 0, interior: 'Here'}, asset_id: {parents: 0, interior: 'Here'}}}
  expect_encoding(ksm(), "0400000000");
  // {V3: {location: {parents: 0, interior: {X1: {Parachain: 1000}}}, asset_id: {Concrete:
  //  {parents: 1, interior: 'Here'}}}}
  expect_encoding(ksm_on_asset_hub(), "03000100a10f000100");
  // {V5: {location: {parents: 0, interior: {X1: [{Parachain: 1000}]}}, asset_id: {parents: 0,
  //  interior: {X2: [{PalletInstance: 50}, {GeneralIndex: 1984}]}}}}
  using J5 = xcm::Junction<5>;
  expect_encoding(
      VersionedLocatableAsset::of(xcm::Location<5>{0, {{{J5::Parachain{1000}}}}},
                                  xcm::AssetId<5>::concrete(xcm::Location<5>{
                                      0, {{{J5::PalletInstance{50}}, {J5::GeneralIndex{1984}}}}})),
      "05000100a10f0002043205011f");
  // {V3: {location: {parents: 0, interior: 'Here'}, asset_id: {Abstract: 0x07…}}}
  ByteArray<32> sevens;
  sevens.fill(0x07);
  expect_encoding(VersionedLocatableAsset::of(xcm::Location<3>::here(),
                                              xcm::AssetId<3>{xcm::Location<3>::here(), sevens}),
                  "030000010707070707070707070707070707070707070707070707070707070707070707");
}

TEST(TreasuryXcm, RefusesWhatXcmRefuses) {
  const auto refused = [](std::string_view h) {
    return !scale::decode<VersionedLocation>(unhex(h)).has_value();
  };
  EXPECT_TRUE(refused("02000000"));     // no V2 in staging-xcm 18
  EXPECT_TRUE(refused("06000000"));     // no V6
  EXPECT_TRUE(refused("0400090000"));   // nine junctions
  EXPECT_TRUE(refused("0500010904"));   // v5 has no Westend (NetworkId 4)
  EXPECT_FALSE(refused("0400010904"));  // v4 has
  EXPECT_TRUE(refused("04000100"));     // X1 without its junction
  EXPECT_TRUE(refused("0400010a"));     // junction 10
  EXPECT_TRUE(refused("040000ff"));     // bytes left over
  EXPECT_FALSE(scale::decode<VersionedLocatableAsset>(unhex("03000002")).has_value());  // AssetId 2
  // Eight junctions is the most.
  EXPECT_FALSE(
      refused("040008"
              "04010402040304040405040604070408"));
}

}  // namespace
}  // namespace canary::rt
