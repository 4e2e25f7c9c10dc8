// pallet_multisig natively, on System + Balances + Multisig configured as the SDK's mock
// (substrate/frame/multisig/src/tests.rs: DepositBase 1, DepositFactor 1, MaxSignatories 3;
// accounts 1 to 4 with 10, account 5 with 2). The SDK's scenarios: deposits taken and returned,
// cancellation, timepoints, 2-of-3 and 3-of-3 through approve_as_multi and as_multi, several
// operations at once, a call reissued after it ran, threshold and signatory checks, duplicate
// approvals, the stateless threshold 1, the weight check, approvals without the call; then
// poke_deposit, the multisig account against polkadot.js's createKeyMulti, weights as declared and
// reported, storage keys and the metadata at Kusama's index.
#include "runtime/pallets/multisig/multisig.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/io/hashing.hpp"
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
namespace multisig = pallets::multisig;
using rt::testing::account;
using traits::tokens::Balance;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<1, "Balances">>;
  using Multisig = multisig::Pallet<TestRuntime, PalletAt<31, "Multisig">>;
  using Pallets = Composition<"test_runtime", System, Balances, Multisig>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;

  using Currency = Balances;
  static constexpr Balance kMultisigDepositBase = 1;
  static constexpr Balance kMultisigDepositFactor = 1;
  static constexpr uint32_t kMaxSignatories = 3;
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Multisig = TestRuntime::Multisig;
using Call = TestRuntime::Pallets::Call;
using Error = multisig::Error;
using multisig::Timepoint;

const AccountId32 k1 = account(1);
const AccountId32 k2 = account(2);
const AccountId32 k3 = account(3);
const AccountId32 k4 = account(4);
const AccountId32 k5 = account(5);
const AccountId32 k6 = account(6);
const AccountId32 k7 = account(7);

DispatchResultWithPostInfo dispatch(Multisig::Call call, const AccountId32& who) {
  return rt::testing::dispatch<TestRuntime, Multisig>(std::move(call), Origin::signed_by(who));
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Multisig>(e));
}
Balance free(const AccountId32& who) {
  return Balances::free_balance(who);
}
Balance reserved(const AccountId32& who) {
  return Balances::reserved_balance(who);
}
std::vector<Multisig::Event> multisig_events() {
  return rt::testing::events_of<TestRuntime, Multisig>();
}
Timepoint now() {
  return Multisig::timepoint();
}

Call call_transfer(const AccountId32& dest, Balance value) {
  return Call::of<Balances>(Balances::transfer_allow_death{MultiAddress::id(dest), value});
}
Hash256 hash_of(const Call& call) {
  return io::hashing::blake2_256(scale::encode(call));
}
Weight weight_of(const Call& call) {
  return call.info().call_weight;
}

Multisig::Call as_multi(uint16_t threshold, std::vector<AccountId32> others,
                        std::optional<Timepoint> tp, const Call& call, Weight max_weight) {
  return Multisig::as_multi{threshold, std::move(others), tp, Boxed<Call>(call), max_weight};
}
Multisig::Call approve(uint16_t threshold, std::vector<AccountId32> others,
                       std::optional<Timepoint> tp, const Hash256& hash) {
  return Multisig::approve_as_multi{threshold, std::move(others), tp, hash, Weight::zero()};
}
Multisig::Call cancel(uint16_t threshold, std::vector<AccountId32> others, Timepoint tp,
                      const Hash256& hash) {
  return Multisig::cancel_as_multi{threshold, std::move(others), tp, hash};
}

// The SDK mock's genesis, block 1, and try-state at the end.
template <class F>
void with_accounts(F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    for (const AccountId32& who : {k1, k2, k3, k4}) ASSERT_TRUE(Balances::mint_into(who, 10));
    ASSERT_TRUE(Balances::mint_into(k5, 2));
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

// 5 from each of 1, 2 and 3 into the multisig of {1, 2, 3} with `threshold`.
AccountId32 fund_multisig(uint16_t threshold) {
  const AccountId32 multi = multisig::multi_account_id({k1, k2, k3}, threshold);
  for (const AccountId32& who : {k1, k2, k3}) {
    EXPECT_TRUE(Balances::transfer(who, multi, 5, traits::tokens::Preservation::kExpendable));
  }
  return multi;
}

TEST(Multisig, AccountIdIsPolkadotJsCreateKeyMulti) {
  // @polkadot/util-crypto createKeyMulti([0x01…, 0x02…, 0x03…], t), computed with polkadot.js 13.
  EXPECT_EQ(to_hex(multisig::multi_account_id({k1, k2, k3}, 2).bytes),
            "0x3ffd20eb97bafd6f5af8d026cd11101f1553fa9cb4b8a37d1721314fbbb48fc5");
  EXPECT_EQ(to_hex(multisig::multi_account_id({k1, k2, k3}, 1).bytes),
            "0xef9f6722a8156468aae20f6c8f31741afe004b27fa18f8c38b11a0427ca99fe6");
  EXPECT_EQ(to_hex(multisig::multi_account_id({k1, k2, k3}, 3).bytes),
            "0xbcff74fa7cdf50bb3d401ecadf1660c15bbce384e3b82f219d0e3897088216ee");
}

TEST(Multisig, DepositIsTakenAndReturned) {
  with_accounts([] {
    fund_multisig(2);
    const Call call = call_transfer(k6, 15);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k2, k3}, std::nullopt, call, Weight::zero()), k1)),
              "ok");
    // DepositBase 1 + threshold 2 × DepositFactor 1.
    EXPECT_EQ(free(k1), 2u);
    EXPECT_EQ(reserved(k1), 3u);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, now(), call, weight_of(call)), k2)), "ok");
    EXPECT_EQ(free(k1), 5u);
    EXPECT_EQ(reserved(k1), 0u);
    EXPECT_EQ(free(k6), 15u);
  });
}

TEST(Multisig, CancelReturnsDeposit) {
  with_accounts([] {
    const Hash256 hash = hash_of(call_transfer(k6, 15));
    ASSERT_EQ(error_of(dispatch(approve(3, {k2, k3}, std::nullopt, hash), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(approve(3, {k1, k3}, now(), hash), k2)), "ok");
    EXPECT_EQ(free(k1), 6u);
    EXPECT_EQ(reserved(k1), 4u);
    ASSERT_EQ(error_of(dispatch(cancel(3, {k2, k3}, now(), hash), k1)), "ok");
    EXPECT_EQ(free(k1), 10u);
    EXPECT_EQ(reserved(k1), 0u);
    const AccountId32 multi = multisig::multi_account_id({k1, k2, k3}, 3);
    EXPECT_FALSE(Multisig::Multisigs::contains_key(multi, hash));
    const auto events = multisig_events();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(std::get<Multisig::MultisigCancelled>(events[2]),
              (Multisig::MultisigCancelled{k1, now(), multi, hash}));
  });
}

TEST(Multisig, TimepointCheckingWorks) {
  with_accounts([] {
    fund_multisig(2);
    const Call call = call_transfer(k6, 15);
    const Hash256 hash = hash_of(call);
    EXPECT_EQ(error_of(dispatch(approve(2, {k1, k3}, now(), hash), k2)),
              err(Error::kUnexpectedTimepoint));
    ASSERT_EQ(error_of(dispatch(approve(2, {k2, k3}, std::nullopt, hash), k1)), "ok");
    EXPECT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, std::nullopt, call, Weight::zero()), k2)),
              err(Error::kNoTimepoint));
    Timepoint later = now();
    later.index = 1;
    EXPECT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, later, call, Weight::zero()), k2)),
              err(Error::kWrongTimepoint));
  });
}

TEST(Multisig, TwoOfThreeWorks) {
  with_accounts([] {
    const AccountId32 multi = fund_multisig(2);
    const Call call = call_transfer(k6, 15);
    const Hash256 hash = hash_of(call);
    ASSERT_EQ(error_of(dispatch(approve(2, {k2, k3}, std::nullopt, hash), k1)), "ok");
    EXPECT_EQ(free(k6), 0u);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, now(), call, weight_of(call)), k2)), "ok");
    EXPECT_EQ(free(k6), 15u);
    EXPECT_EQ(free(multi), 0u);
    const auto events = multisig_events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(std::get<Multisig::NewMultisig>(events[0]), (Multisig::NewMultisig{k1, multi, hash}));
    const auto& executed = std::get<Multisig::MultisigExecuted>(events[1]);
    EXPECT_EQ(executed.approving, k2);
    EXPECT_EQ(executed.timepoint, (Timepoint{1, 0}));
    EXPECT_EQ(executed.multisig, multi);
    EXPECT_EQ(executed.call_hash, hash);
    EXPECT_TRUE(executed.result.has_value());
  });
}

TEST(Multisig, ThreeOfThreeWorks) {
  with_accounts([] {
    fund_multisig(3);
    const Call call = call_transfer(k6, 15);
    const Hash256 hash = hash_of(call);
    ASSERT_EQ(error_of(dispatch(approve(3, {k2, k3}, std::nullopt, hash), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(approve(3, {k1, k3}, now(), hash), k2)), "ok");
    EXPECT_EQ(free(k6), 0u);
    ASSERT_EQ(error_of(dispatch(as_multi(3, {k1, k2}, now(), call, weight_of(call)), k3)), "ok");
    EXPECT_EQ(free(k6), 15u);
  });
}

TEST(Multisig, CancelOnlyByTheDepositor) {
  with_accounts([] {
    const Hash256 hash = hash_of(call_transfer(k6, 15));
    ASSERT_EQ(error_of(dispatch(approve(3, {k2, k3}, std::nullopt, hash), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(approve(3, {k1, k3}, now(), hash), k2)), "ok");
    EXPECT_EQ(error_of(dispatch(cancel(3, {k1, k3}, now(), hash), k2)), err(Error::kNotOwner));
    Timepoint other = now();
    other.height = 2;
    EXPECT_EQ(error_of(dispatch(cancel(3, {k2, k3}, other, hash), k1)),
              err(Error::kWrongTimepoint));
    EXPECT_EQ(error_of(dispatch(cancel(3, {k2, k3}, now(), Hash256{}), k1)), err(Error::kNotFound));
    EXPECT_EQ(error_of(dispatch(cancel(3, {k2, k3}, now(), hash), k1)), "ok");
  });
}

TEST(Multisig, TwoOfThreeAsMultiWorks) {
  with_accounts([] {
    fund_multisig(2);
    const Call call = call_transfer(k6, 15);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k2, k3}, std::nullopt, call, Weight::zero()), k1)),
              "ok");
    EXPECT_EQ(free(k6), 0u);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, now(), call, weight_of(call)), k2)), "ok");
    EXPECT_EQ(free(k6), 15u);
  });
}

TEST(Multisig, TwoOfThreeWithManyCallsWorks) {
  with_accounts([] {
    fund_multisig(2);
    const Call call1 = call_transfer(k6, 10);
    const Call call2 = call_transfer(k7, 5);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k2, k3}, std::nullopt, call1, Weight::zero()), k1)),
              "ok");
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, std::nullopt, call2, Weight::zero()), k2)),
              "ok");
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k2}, now(), call1, weight_of(call1)), k3)), "ok");
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k2}, now(), call2, weight_of(call2)), k3)), "ok");
    EXPECT_EQ(free(k6), 10u);
    EXPECT_EQ(free(k7), 5u);
  });
}

TEST(Multisig, TwoOfThreeCannotReissueSameCall) {
  with_accounts([] {
    const AccountId32 multi = fund_multisig(2);
    const Call call = call_transfer(k6, 10);
    const Hash256 hash = hash_of(call);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k2, k3}, std::nullopt, call, Weight::zero()), k1)),
              "ok");
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, now(), call, weight_of(call)), k2)), "ok");
    EXPECT_EQ(free(multi), 5u);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k2, k3}, std::nullopt, call, Weight::zero()), k1)),
              "ok");
    // The multisig has 5 left: the second transfer of 10 fails, the approval still succeeds and
    // the event records the inner error.
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k1, k2}, now(), call, weight_of(call)), k3)), "ok");
    const auto events = multisig_events();
    const auto& executed = std::get<Multisig::MultisigExecuted>(events.back());
    EXPECT_EQ(executed.approving, k3);
    EXPECT_EQ(executed.multisig, multi);
    EXPECT_EQ(executed.call_hash, hash);
    ASSERT_FALSE(executed.result.has_value());
    EXPECT_EQ(executed.result.error(), token_error(traits::tokens::TokenError::kFundsUnavailable));
    EXPECT_EQ(free(multi), 5u);
    EXPECT_EQ(reserved(k1), 0u);
  });
}

TEST(Multisig, MinimumThresholdCheckWorks) {
  with_accounts([] {
    const Call call = call_transfer(k6, 15);
    for (uint16_t threshold : {0, 1}) {
      EXPECT_EQ(
          error_of(dispatch(as_multi(threshold, {k2}, std::nullopt, call, Weight::zero()), k1)),
          err(Error::kMinimumThreshold));
    }
  });
}

TEST(Multisig, TooManySignatoriesFails) {
  with_accounts([] {
    const Call call = call_transfer(k6, 15);
    EXPECT_EQ(error_of(dispatch(as_multi(2, {k2, k3, k4}, std::nullopt, call, Weight::zero()), k1)),
              err(Error::kTooManySignatories));
    EXPECT_EQ(error_of(dispatch(Multisig::as_multi_threshold_1{{}, Boxed<Call>(call)}, k1)),
              err(Error::kTooFewSignatories));
  });
}

TEST(Multisig, SignatoriesMustBeSortedAndExcludeTheSender) {
  with_accounts([] {
    const Hash256 hash = hash_of(call_transfer(k6, 15));
    EXPECT_EQ(error_of(dispatch(approve(2, {k3, k2}, std::nullopt, hash), k1)),
              err(Error::kSignatoriesOutOfOrder));
    EXPECT_EQ(error_of(dispatch(approve(2, {k2, k2}, std::nullopt, hash), k1)),
              err(Error::kSignatoriesOutOfOrder));
    EXPECT_EQ(error_of(dispatch(approve(2, {k1, k3}, std::nullopt, hash), k1)),
              err(Error::kSenderInSignatories));
    // The sender goes in its place: 2 with {1, 3} is the multisig of {1, 2, 3}.
    ASSERT_EQ(error_of(dispatch(approve(2, {k1, k3}, std::nullopt, hash), k2)), "ok");
    EXPECT_TRUE(
        (Multisig::Multisigs::contains_key(multisig::multi_account_id({k1, k2, k3}, 2), hash)));
  });
}

TEST(Multisig, DuplicateApprovalsAreIgnored) {
  with_accounts([] {
    const Hash256 hash = hash_of(call_transfer(k6, 15));
    ASSERT_EQ(error_of(dispatch(approve(2, {k2, k3}, std::nullopt, hash), k1)), "ok");
    EXPECT_EQ(error_of(dispatch(approve(2, {k2, k3}, now(), hash), k1)),
              err(Error::kAlreadyApproved));
    ASSERT_EQ(error_of(dispatch(approve(2, {k1, k3}, now(), hash), k2)), "ok");
    // At the threshold already: without the call a third approval is useless.
    EXPECT_EQ(error_of(dispatch(approve(2, {k1, k2}, now(), hash), k3)),
              err(Error::kAlreadyApproved));
    const auto m = Multisig::Multisigs::get(multisig::multi_account_id({k1, k2, k3}, 2), hash);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->approvals.items, (std::vector<AccountId32>{k1, k2}));
    EXPECT_EQ(m->depositor, k1);
    EXPECT_EQ(m->deposit, 3u);
  });
}

TEST(Multisig, OneOfThreeWorks) {
  with_accounts([] {
    fund_multisig(1);
    const Call call = call_transfer(k6, 15);
    EXPECT_EQ(error_of(dispatch(approve(1, {k2, k3}, std::nullopt, hash_of(call)), k1)),
              err(Error::kMinimumThreshold));
    EXPECT_EQ(error_of(dispatch(as_multi(1, {k2, k3}, std::nullopt, call, Weight::zero()), k1)),
              err(Error::kMinimumThreshold));
    ASSERT_EQ(error_of(dispatch(Multisig::as_multi_threshold_1{{k2, k3}, Boxed<Call>(call)}, k1)),
              "ok");
    EXPECT_EQ(free(k6), 15u);
    // Stateless: no deposit, no storage, no event of the pallet.
    EXPECT_EQ(reserved(k1), 0u);
    EXPECT_TRUE(multisig_events().empty());
  });
}

TEST(Multisig, ThresholdOneForwardsTheInnerError) {
  with_accounts([] {
    // The multisig of {1, 2} with threshold 1 holds nothing.
    const auto r =
        dispatch(Multisig::as_multi_threshold_1{{k2}, Boxed<Call>(call_transfer(k6, 15))}, k1);
    EXPECT_EQ(error_of(r),
              runtime::to_string(token_error(traits::tokens::TokenError::kFundsUnavailable)));
  });
}

TEST(Multisig, WeightCheckWorks) {
  with_accounts([] {
    fund_multisig(2);
    const Call call = call_transfer(k6, 15);
    ASSERT_EQ(error_of(dispatch(as_multi(2, {k2, k3}, std::nullopt, call, Weight::zero()), k1)),
              "ok");
    EXPECT_EQ(free(k6), 0u);
    EXPECT_EQ(error_of(dispatch(as_multi(2, {k1, k3}, now(), call, Weight::zero()), k2)),
              err(Error::kMaxWeightTooLow));
  });
}

TEST(Multisig, HandlesNoPreimageAfterAllApprove) {
  with_accounts([] {
    fund_multisig(3);
    const Call call = call_transfer(k6, 15);
    const Hash256 hash = hash_of(call);
    ASSERT_EQ(error_of(dispatch(approve(3, {k2, k3}, std::nullopt, hash), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(approve(3, {k1, k3}, now(), hash), k2)), "ok");
    ASSERT_EQ(error_of(dispatch(approve(3, {k1, k2}, now(), hash), k3)), "ok");
    EXPECT_EQ(free(k6), 0u);
    ASSERT_EQ(error_of(dispatch(as_multi(3, {k1, k2}, now(), call, weight_of(call)), k3)), "ok");
    EXPECT_EQ(free(k6), 15u);
  });
}

TEST(Multisig, PokeDepositFollowsTheConfiguredDeposit) {
  with_accounts([] {
    const Hash256 hash = hash_of(call_transfer(k6, 15));
    const AccountId32 multi = multisig::multi_account_id({k1, k2, k3}, 2);
    ASSERT_EQ(error_of(dispatch(approve(2, {k2, k3}, std::nullopt, hash), k1)), "ok");
    // Unchanged: nothing happens and the caller pays.
    auto same = dispatch(Multisig::poke_deposit{2, {k2, k3}, hash}, k1);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->pays_fee, Pays::kYes);
    EXPECT_EQ(multisig_events().size(), 1u);
    // An operation opened when the deposit was higher (5): the excess comes back, free of fee.
    Multisig::Multisigs::mutate(multi, hash, [](auto& m) { m->deposit = 5; });
    ASSERT_TRUE(Balances::reserve(k1, 2));
    EXPECT_EQ(reserved(k1), 5u);
    auto poked = dispatch(Multisig::poke_deposit{2, {k2, k3}, hash}, k1);
    ASSERT_TRUE(poked);
    EXPECT_EQ(poked->pays_fee, Pays::kNo);
    EXPECT_EQ(reserved(k1), 3u);
    EXPECT_EQ(free(k1), 7u);
    EXPECT_EQ(Multisig::Multisigs::get(multi, hash)->deposit, 3u);
    EXPECT_EQ(std::get<Multisig::DepositPoked>(multisig_events().back()),
              (Multisig::DepositPoked{k1, hash, 5, 3}));
    // Lower (1): the difference is reserved.
    Multisig::Multisigs::mutate(multi, hash, [](auto& m) { m->deposit = 1; });
    ASSERT_EQ(Balances::unreserve(k1, 2), 0u);
    ASSERT_TRUE((dispatch(Multisig::poke_deposit{2, {k2, k3}, hash}, k1)));
    EXPECT_EQ(reserved(k1), 3u);
    // Only the depositor, only an open operation.
    EXPECT_EQ(error_of(dispatch(Multisig::poke_deposit{2, {k1, k3}, hash}, k2)),
              err(Error::kNotOwner));
    EXPECT_EQ(error_of(dispatch(Multisig::poke_deposit{2, {k2, k3}, Hash256{}}, k1)),
              err(Error::kNotFound));
    EXPECT_EQ(error_of(dispatch(Multisig::poke_deposit{1, {k2, k3}, hash}, k1)),
              err(Error::kMinimumThreshold));
  });
}

TEST(Multisig, NoDepositNoOperation) {
  with_accounts([] {
    // Account 5 has 2, the existential deposit 1: it cannot reserve 3.
    const Hash256 hash = hash_of(call_transfer(k6, 1));
    EXPECT_FALSE((dispatch(approve(2, {k1, k2}, std::nullopt, hash), k5)));
    EXPECT_FALSE(
        (Multisig::Multisigs::contains_key(multisig::multi_account_id({k1, k2, k5}, 2), hash)));
    EXPECT_EQ(free(k5), 2u);
  });
}

TEST(Multisig, WeightsAsDeclaredAndReported) {
  using W = Multisig::Weights;
  with_accounts([] {
    fund_multisig(2);
    const Call call = call_transfer(k6, 15);
    const auto z = static_cast<uint32_t>(scale::encode(call).size());
    const Weight max = weight_of(call);
    const Call outer = Call::of<Multisig>(as_multi(2, {k2, k3}, std::nullopt, call, max));
    // Declared: the largest of create, approve and complete, plus max_weight.
    const Weight create = W::as_multi_create(2, z);
    const Weight complete = W::as_multi_complete(2, z);
    EXPECT_GT(complete.ref_time, create.ref_time);
    EXPECT_EQ(outer.info().call_weight.ref_time, complete.ref_time + max.ref_time);
    // Kusama's numbers: complete(2, z) = 49'611'977 + 2 × 195'891 + z × 2'815 + 2 reads + 2
    // writes (25 µs and 100 µs).
    EXPECT_EQ(complete.ref_time, 49'611'977u + 2u * 195'891u + uint64_t{z} * 2'815u +
                                     2u * 25'000'000u + 2u * 100'000'000u);
    auto opened = dispatch(as_multi(2, {k2, k3}, std::nullopt, call, max), k1);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->actual_weight, create);
    // The inner transfer reports no weight: the declared weight stands.
    auto done = dispatch(as_multi(2, {k1, k3}, now(), call, max), k2);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->actual_weight, std::nullopt);
    // Threshold 1: its own weight, the inner origin's account, the inner call.
    const Call single = Call::of<Multisig>(Multisig::as_multi_threshold_1{{k2}, Boxed<Call>(call)});
    EXPECT_EQ(single.info().call_weight,
              W::as_multi_threshold_1(z)
                  .saturating_add(TestRuntime::kDbWeight.reads_writes(1, 1))
                  .saturating_add(max));
  });
}

TEST(Multisig, StorageKeyAndEncoding) {
  with_accounts([] {
    const Hash256 hash = hash_of(call_transfer(k6, 15));
    ASSERT_EQ(error_of(dispatch(approve(2, {k2, k3}, std::nullopt, hash), k1)), "ok");
    const AccountId32 multi = multisig::multi_account_id({k1, k2, k3}, 2);
    const Bytes key = Multisig::Multisigs::key(multi, hash);
    // twox128("Multisig") ‖ twox128("Multisigs") ‖ twox64(multi) ‖ multi ‖ blake2_128(hash) ‖ hash
    // (prefix as @polkadot/util-crypto's xxhashAsHex computes it).
    EXPECT_EQ(to_hex(ByteSpan(key).first(32)),
              "0x7474449cca95dc5d0c00e71735a6d17d3cd15a3fd6e04e47bee3922dbfa92c8d");
    ASSERT_EQ(key.size(), 32u + 8 + 32 + 16 + 32);
    EXPECT_TRUE(std::equal(multi.bytes.begin(), multi.bytes.end(), key.begin() + 40));
    EXPECT_TRUE(std::equal(hash.begin(), hash.end(), key.end() - 32));
    // Multisig { when: (1, 0), deposit: 3 (u128), depositor: 1, approvals: [1] }.
    const auto raw = io::storage::get(key);
    ASSERT_TRUE(raw.has_value());
    Bytes expected = {1, 0, 0, 0, 0, 0, 0, 0, 3};
    expected.resize(4 + 4 + 16, 0);
    expected.insert(expected.end(), k1.bytes.begin(), k1.bytes.end());
    expected.push_back(0x04);
    expected.insert(expected.end(), k1.bytes.begin(), k1.bytes.end());
    EXPECT_EQ(to_hex(*raw), to_hex(expected));
  });
}

TEST(Multisig, CallEncodingIsFrames) {
  // Multisig.approve_as_multi(2, [2, 3], None, hash, Weight(1, 2)) at index 31: pallet 31, call 2,
  // threshold u16, Vec (compact 2), None, [u8; 32], Weight as two compacts.
  Hash256 hash{};
  hash.fill(0xab);
  const Call call = Call::of<Multisig>(approve(2, {k2, k3}, std::nullopt, hash));
  Bytes expected = {31, 2, 2, 0, 8};
  expected.insert(expected.end(), k2.bytes.begin(), k2.bytes.end());
  expected.insert(expected.end(), k3.bytes.begin(), k3.bytes.end());
  expected.push_back(0);
  expected.insert(expected.end(), hash.begin(), hash.end());
  expected.push_back(0);
  expected.push_back(0);
  EXPECT_EQ(to_hex(scale::encode(call)), to_hex(expected));
  auto decoded = scale::decode<Call>(expected);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(scale::encode(*decoded), expected);
}

}  // namespace
}  // namespace canary::rt
