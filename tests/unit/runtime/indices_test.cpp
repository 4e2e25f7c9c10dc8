// pallet_indices natively, on a mock currency with free and reserved balances: claiming reserves
// the deposit, transferring moves the reservation, freeing returns it, freezing burns it, root
// assigns without deposit and reimburses the previous owner, poke_deposit re-bases the deposit;
// FRAME's errors, events, storage layout and metadata.
#include "runtime/pallets/indices/indices.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace indices = pallets::indices;

// Free and reserved balances in storage; burned amounts counted.
template <class T, class At>
struct MockCurrency {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_mock_currency";
  using Free = StorageMap<MockCurrency, "Free", Blake2_128Concat, AccountId32, u128, ValueQuery>;
  using Reserved =
      StorageMap<MockCurrency, "Reserved", Blake2_128Concat, AccountId32, u128, ValueQuery>;
  using Burned = StorageValue<MockCurrency, "Burned", u128, ValueQuery>;

  static DispatchResult reserve(const AccountId32& who, u128 amount) {
    if (Free::get(who) < amount) return unexpected(dispatch_error(DispatchError::Kind::kToken, 0));
    Free::insert(who, Free::get(who) - amount);
    Reserved::insert(who, Reserved::get(who) + amount);
    return {};
  }
  static u128 unreserve(const AccountId32& who, u128 amount) {
    const u128 moved = std::min(amount, Reserved::get(who));
    Reserved::insert(who, Reserved::get(who) - moved);
    Free::insert(who, Free::get(who) + moved);
    return amount - moved;
  }
  static Result<u128, DispatchError> repatriate_reserved(const AccountId32& from,
                                                         const AccountId32& to, u128 amount,
                                                         traits::tokens::BalanceStatus status) {
    EXPECT_EQ(status, traits::tokens::BalanceStatus::kReserved);
    const u128 moved = std::min(amount, Reserved::get(from));
    Reserved::insert(from, Reserved::get(from) - moved);
    Reserved::insert(to, Reserved::get(to) + moved);
    return amount - moved;
  }
  static u128 slash_reserved(const AccountId32& who, u128 amount) {
    const u128 slashed = std::min(amount, Reserved::get(who));
    Reserved::insert(who, Reserved::get(who) - slashed);
    Burned::put(Burned::get() + slashed);
    return amount - slashed;
  }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Indices = indices::Pallet<TestRuntime, PalletAt<3, "Indices">>;
  using Balances = MockCurrency<TestRuntime, PalletAt<4, "Balances">>;
  using Pallets = Composition<"test_runtime", System, Indices, Balances>;
  using Currency = Balances;
  // Kusama: 100 CENTS.
  static inline u128 kIndexDeposit = u128{100} * 333'333'333;
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::zero(), Weight::zero(), Weight::from_parts(kWeightRefTimePerSecond, 0), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(1024, 75);
  }
};
using System = TestRuntime::System;
using Indices = TestRuntime::Indices;
using Balances = TestRuntime::Balances;
using Call = TestRuntime::Pallets::Call;
using Entry = indices::IndexEntry;

constexpr u128 kDeposit = 33'333'333'300;
using rt::testing::account;
const AccountId32 kAlice = account(1);
const AccountId32 kBob = account(2);

DispatchResultWithPostInfo run(Indices::Call call, const Origin& origin) {
  return Call::of<Indices>(std::move(call)).dispatch(origin);
}
DispatchError err(Indices::Error e) {
  return module_error(3, static_cast<uint8_t>(e));
}

std::vector<Indices::Event> indices_events() {
  std::vector<Indices::Event> out;
  for (const auto& record : System::EventsOf<>::get()) {
    if (const auto* e = std::get_if<PalletEvent<Indices>>(&record.event.value)) {
      out.push_back(e->event);
    }
  }
  return out;
}

template <class F>
void with_accounts(F&& f) {
  TestRuntime::kIndexDeposit = kDeposit;
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    Balances::Free::insert(kAlice, 100 * kDeposit);
    Balances::Free::insert(kBob, 100 * kDeposit);
    f();
  });
}

TEST(Indices, ClaimReservesTheDeposit) {
  with_accounts([] {
    ASSERT_TRUE(run(Indices::claim{7}, Origin::signed_by(kAlice)));
    EXPECT_EQ(Indices::Accounts::get(7), (Entry{kAlice, kDeposit, false}));
    EXPECT_EQ(Balances::Reserved::get(kAlice), kDeposit);
    EXPECT_EQ(Balances::Free::get(kAlice), 99 * kDeposit);
    EXPECT_EQ(Indices::lookup_index(7), kAlice);
    EXPECT_EQ(run(Indices::claim{7}, Origin::signed_by(kBob)).error().error,
              err(Indices::Error::kInUse));
    EXPECT_EQ(run(Indices::claim{8}, Origin::root()).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    // Cannot afford the deposit: nothing assigned.
    const AccountId32 poor = account(3);
    Balances::Free::insert(poor, kDeposit - 1);
    EXPECT_FALSE(run(Indices::claim{9}, Origin::signed_by(poor)).has_value());
    EXPECT_FALSE(Indices::Accounts::contains_key(9));
    const auto events = indices_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(std::get<Indices::IndexAssigned>(events[0]), (Indices::IndexAssigned{kAlice, 7}));
  });
}

TEST(Indices, TransferMovesTheReservation) {
  with_accounts([] {
    ASSERT_TRUE(run(Indices::claim{7}, Origin::signed_by(kAlice)));
    EXPECT_EQ(run(Indices::transfer{MultiAddress::id(kAlice), 7}, Origin::signed_by(kAlice))
                  .error()
                  .error,
              err(Indices::Error::kNotTransfer));
    EXPECT_EQ(
        run(Indices::transfer{MultiAddress::id(kAlice), 8}, Origin::signed_by(kBob)).error().error,
        err(Indices::Error::kNotAssigned));
    EXPECT_EQ(
        run(Indices::transfer{MultiAddress::id(kAlice), 7}, Origin::signed_by(kBob)).error().error,
        err(Indices::Error::kNotOwner));
    ASSERT_TRUE(run(Indices::transfer{MultiAddress::id(kBob), 7}, Origin::signed_by(kAlice)));
    EXPECT_EQ(Indices::Accounts::get(7), (Entry{kBob, kDeposit, false}));
    EXPECT_EQ(Balances::Reserved::get(kAlice), u128{0});
    EXPECT_EQ(Balances::Reserved::get(kBob), kDeposit);
    EXPECT_EQ(Balances::Free::get(kAlice), 99 * kDeposit);  // Alice's deposit went to Bob
  });
}

TEST(Indices, FreeReturnsTheDeposit) {
  with_accounts([] {
    ASSERT_TRUE(run(Indices::claim{7}, Origin::signed_by(kAlice)));
    EXPECT_EQ(run(Indices::free{7}, Origin::signed_by(kBob)).error().error,
              err(Indices::Error::kNotOwner));
    ASSERT_TRUE(run(Indices::free{7}, Origin::signed_by(kAlice)));
    EXPECT_FALSE(Indices::Accounts::contains_key(7));
    EXPECT_EQ(Balances::Free::get(kAlice), 100 * kDeposit);
    EXPECT_EQ(std::get<Indices::IndexFreed>(indices_events().back()).index, 7u);
    EXPECT_EQ(run(Indices::free{7}, Origin::signed_by(kAlice)).error().error,
              err(Indices::Error::kNotAssigned));
  });
}

TEST(Indices, FreezeBurnsTheDepositAndIsPermanent) {
  with_accounts([] {
    ASSERT_TRUE(run(Indices::claim{7}, Origin::signed_by(kAlice)));
    ASSERT_TRUE(run(Indices::freeze{7}, Origin::signed_by(kAlice)));
    EXPECT_EQ(Indices::Accounts::get(7), (Entry{kAlice, 0, true}));
    EXPECT_EQ(Balances::Reserved::get(kAlice), u128{0});
    EXPECT_EQ(Balances::Burned::get(), kDeposit);
    EXPECT_EQ(std::get<Indices::IndexFrozen>(indices_events().back()),
              (Indices::IndexFrozen{7, kAlice}));
    for (auto call : {Indices::Call(Indices::free{7}), Indices::Call(Indices::freeze{7}),
                      Indices::Call(Indices::poke_deposit{7}),
                      Indices::Call(Indices::transfer{MultiAddress::id(kBob), 7})}) {
      EXPECT_EQ(run(call, Origin::signed_by(kAlice)).error().error,
                err(Indices::Error::kPermanent));
    }
    // Root may still move it.
    ASSERT_TRUE(run(Indices::force_transfer{MultiAddress::id(kBob), 7, false}, Origin::root()));
    EXPECT_EQ(Indices::Accounts::get(7), (Entry{kBob, 0, false}));
  });
}

TEST(Indices, ForceTransferReimbursesTheOwner) {
  with_accounts([] {
    ASSERT_TRUE(run(Indices::claim{7}, Origin::signed_by(kAlice)));
    EXPECT_FALSE(
        run(Indices::force_transfer{MultiAddress::id(kBob), 7, true}, Origin::signed_by(kAlice))
            .has_value());
    ASSERT_TRUE(run(Indices::force_transfer{MultiAddress::id(kBob), 7, true}, Origin::root()));
    EXPECT_EQ(Indices::Accounts::get(7), (Entry{kBob, 0, true}));
    EXPECT_EQ(Balances::Free::get(kAlice), 100 * kDeposit);
    EXPECT_EQ(Balances::Reserved::get(kBob), u128{0});
    EXPECT_EQ(std::get<Indices::IndexAssigned>(indices_events().back()),
              (Indices::IndexAssigned{kBob, 7}));
  });
}

TEST(Indices, PokeDeposit) {
  with_accounts([] {
    ASSERT_TRUE(run(Indices::claim{7}, Origin::signed_by(kAlice)));
    // Unchanged: nothing happens, the caller pays.
    auto same = run(Indices::poke_deposit{7}, Origin::signed_by(kAlice));
    ASSERT_TRUE(same.has_value());
    EXPECT_EQ(same->pays_fee, Pays::kYes);
    // Deposit raised: the difference is reserved, free of charge.
    TestRuntime::kIndexDeposit = kDeposit + 500;
    auto raised = run(Indices::poke_deposit{7}, Origin::signed_by(kAlice));
    ASSERT_TRUE(raised.has_value());
    EXPECT_EQ(raised->pays_fee, Pays::kNo);
    EXPECT_EQ(Balances::Reserved::get(kAlice), kDeposit + 500);
    EXPECT_EQ(std::get<Indices::DepositPoked>(indices_events().back()),
              (Indices::DepositPoked{kAlice, 7, kDeposit, kDeposit + 500}));
    // Lowered: the difference comes back.
    TestRuntime::kIndexDeposit = 10;
    ASSERT_TRUE(run(Indices::poke_deposit{7}, Origin::signed_by(kAlice)));
    EXPECT_EQ(Balances::Reserved::get(kAlice), u128{10});
    EXPECT_EQ(Indices::Accounts::get(7), (Entry{kAlice, 10, false}));
  });
}

TEST(Indices, WireFormatStorageAndMetadata) {
  // Indices (3) . transfer (1) { new: MultiAddress::Id (0) (bob), index: u32 = 7 }.
  const Call transfer = Call::of<Indices>(Indices::transfer{MultiAddress::id(kBob), 7});
  EXPECT_EQ(to_hex(scale::encode(transfer)),
            "0x030100" + to_hex(kBob.bytes).substr(2) + "07000000");
  // force_transfer (3) { new, index, freeze: bool }.
  EXPECT_EQ(to_hex(scale::encode(
                Call::of<Indices>(Indices::force_transfer{MultiAddress::id(kBob), 1, true}))),
            "0x030300" + to_hex(kBob.bytes).substr(2) + "0100000001");
  // The map's key: twox128("Indices") ‖ twox128("Accounts") ‖ blake2_128(7u32) ‖ 7u32; the value
  // (AccountId, Balance, bool).
  const Bytes key = Indices::Accounts::key(7);
  ASSERT_EQ(key.size(), 32u + 16u + 4u);
  EXPECT_EQ(to_hex(ByteSpan(key).subspan(48)), "0x07000000");
  EXPECT_EQ(scale::encode(Entry{kAlice, 5, true}).size(), 32u + 16u + 1u);

  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets[1];
  EXPECT_EQ(pallet.name, "Indices");
  EXPECT_EQ(pallet.index, 3);
  ASSERT_EQ(pallet.constants.size(), 1u);
  EXPECT_EQ(pallet.constants[0].name, "Deposit");
  const auto& calls = std::get<meta::VariantDef>(types[pallet.calls->id].def).variants;
  ASSERT_EQ(calls.size(), 6u);
  EXPECT_EQ(calls[3].name, "force_transfer");
  EXPECT_EQ(calls[1].fields[0].name, "new");
  const auto& errors = std::get<meta::VariantDef>(types[pallet.error->id].def).variants;
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[4].name, "Permanent");
  const auto& events = std::get<meta::VariantDef>(types[pallet.event->id].def).variants;
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2].name, "IndexFrozen");
}

}  // namespace
}  // namespace canary::rt
