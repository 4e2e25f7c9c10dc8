// Typed storage items: keys byte for byte as FRAME lays them out (checked against keys of the
// real chains in the fixtures), query kinds, mutation, appends, iteration, counted maps.
#include "runtime/framework/storage.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/testing/test_externalities.hpp"

namespace canary::rt {
namespace {

struct System {
  static constexpr std::string_view kName = "System";
};
struct Balances {
  static constexpr std::string_view kName = "Balances";
};
struct Staking {
  static constexpr std::string_view kName = "Staking";
};

using AccountId = ByteArray<32>;

struct AccountData {
  uint64_t free = 0;
  uint64_t reserved = 0;
  bool operator==(const AccountData&) const = default;
  CANARY_SCALE_FIELDS(free, reserved)
};

using Number = StorageValue<System, "Number", uint32_t, ValueQuery>;
using Events = StorageValue<System, "Events", std::vector<uint32_t>, ValueQuery>;
using MaybeValue = StorageValue<System, "MaybeValue", uint64_t>;
using Account = StorageMap<System, "Account", Blake2_128Concat, AccountId, AccountData, ValueQuery>;
using BlockHash = StorageMap<System, "BlockHash", Twox64Concat, uint32_t, Hash256, ValueQuery>;
using TotalIssuance = StorageValue<Balances, "TotalIssuance", uint64_t, ValueQuery>;
using ErasStakers = StorageDoubleMap<Staking, "ErasStakers", Twox64Concat, uint32_t, Twox64Concat,
                                     AccountId, uint64_t>;
using Triple = StorageNMap<Staking, "Triple",
                           std::tuple<NMapKey<Twox64Concat, uint32_t>, NMapKey<Identity, uint8_t>,
                                      NMapKey<Blake2_128Concat, uint16_t>>,
                           uint64_t>;
using Nominators = CountedStorageMap<Staking, "Nominators", Twox64Concat, AccountId, uint32_t>;

AccountId alice() {
  return from_hex_fixed<32>("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
      .value();
}

TEST(Storage, KeysAreFramesLayout) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    // Well-known keys (polkadot.js `api.query.system.number.key()` etc.).
    EXPECT_EQ(to_hex(Number::key()),
              "0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac");
    EXPECT_EQ(to_hex(TotalIssuance::key()),
              "0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80");
    // System.Account(Alice): prefix ‖ blake2_128(Alice) ‖ Alice; this key is in the block
    // fixtures' parent state.
    EXPECT_EQ(to_hex(Account::key(alice())),
              "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
              "de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c855885"
              "4ccde39a5684e7a56da27d");
    // System.BlockHash(0): prefix ‖ twox64(0u32) ‖ 0u32 (also in the fixtures).
    EXPECT_EQ(to_hex(BlockHash::key(0)),
              "0x26aa394eea5630e07c48ae0c9558cef7a44704b568d21667356a5a050c118746"
              "b4def25cfda6ef3a00000000");
    // The counter of a counted map is the item "CounterFor" ‖ name.
    EXPECT_EQ(Nominators::Counter::key(),
              (StorageValue<Staking, "CounterForNominators", uint32_t>::key()));
  });
}

TEST(Storage, QueryKinds) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    EXPECT_EQ(Number::get(), 0u);  // ValueQuery: default when absent
    EXPECT_FALSE(Number::exists());
    EXPECT_EQ(MaybeValue::get(), std::nullopt);  // OptionQuery
    Number::put(7);
    MaybeValue::put(9);
    EXPECT_EQ(Number::get(), 7u);
    EXPECT_EQ(MaybeValue::get(), std::optional<uint64_t>(9));
    EXPECT_EQ(to_hex(io::storage::get(Number::key()).value()), "0x07000000");
    EXPECT_EQ(MaybeValue::take(), std::optional<uint64_t>(9));
    EXPECT_FALSE(MaybeValue::exists());
    // A value that does not decode reads as absent.
    io::storage::set(Number::key(), Bytes{1, 2});
    EXPECT_EQ(Number::get(), 0u);
  });
}

TEST(Storage, MutateWritesBackAndReturns) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    Account::mutate(alice(), [](AccountData& data) { data.free += 100; });
    const uint64_t reserved = Account::mutate(alice(), [](AccountData& data) {
      data.reserved = 5;
      return data.reserved;
    });
    EXPECT_EQ(reserved, 5u);
    EXPECT_EQ(Account::get(alice()), (AccountData{100, 5}));
    // OptionQuery: setting the optional to nullopt deletes.
    MaybeValue::mutate([](std::optional<uint64_t>& v) { v = 3; });
    EXPECT_EQ(MaybeValue::get(), std::optional<uint64_t>(3));
    MaybeValue::mutate([](std::optional<uint64_t>& v) { v.reset(); });
    EXPECT_FALSE(MaybeValue::exists());
  });
}

TEST(Storage, AppendWithoutReading) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    Events::append(uint32_t{1});
    Events::append(uint32_t{2});
    Events::append(uint32_t{3});
    EXPECT_EQ(Events::get(), (std::vector<uint32_t>{1, 2, 3}));
    EXPECT_EQ(Events::decode_len(), std::optional<uint32_t>(3));
    Events::kill();
    EXPECT_EQ(Events::decode_len(), std::nullopt);
  });
}

TEST(Storage, MapIterationAndClearing) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    for (uint32_t n = 0; n < 5; ++n) BlockHash::insert(n, Hash256{static_cast<uint8_t>(n)});
    auto entries = BlockHash::entries();
    ASSERT_EQ(entries.size(), 5u);
    std::vector<uint32_t> numbers;
    for (const auto& [n, hash] : entries) {
      EXPECT_EQ(hash[0], n);
      numbers.push_back(n);
    }
    std::sort(numbers.begin(), numbers.end());
    EXPECT_EQ(numbers, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
    EXPECT_TRUE(BlockHash::contains_key(3));
    BlockHash::remove(3);
    EXPECT_FALSE(BlockHash::contains_key(3));
    BlockHash::clear();
    EXPECT_TRUE(BlockHash::entries().empty());
    // Other items are untouched.
    Number::put(1);
    BlockHash::clear();
    EXPECT_EQ(Number::get(), 1u);
  });
}

TEST(Storage, DoubleAndNMaps) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    AccountId bob = alice();
    bob[0] ^= 1;
    ErasStakers::insert(1, alice(), 10);
    ErasStakers::insert(1, bob, 20);
    ErasStakers::insert(2, alice(), 30);
    EXPECT_EQ(ErasStakers::get(1, bob), std::optional<uint64_t>(20));
    EXPECT_EQ(ErasStakers::entries_of(1).size(), 2u);
    ErasStakers::clear_prefix(1);
    EXPECT_TRUE(ErasStakers::entries_of(1).empty());
    EXPECT_EQ(ErasStakers::get(2, alice()), std::optional<uint64_t>(30));
    // Key = prefix ‖ twox64(1u32) ‖ 1u32 ‖ alice-twox64 ‖ …: the first-key prefix is a prefix.
    const Bytes full = ErasStakers::key(2, alice());
    const Bytes first = ErasStakers::prefix(2);
    EXPECT_TRUE(std::equal(first.begin(), first.end(), full.begin()));
    EXPECT_EQ(full.size(), 32u + 8 + 4 + 8 + 32);

    Triple::insert(7, 1, 300, 99);
    EXPECT_EQ(Triple::get(7, 1, 300), std::optional<uint64_t>(99));
    EXPECT_EQ(Triple::key(7, 1, 300).size(), 32u + 12 + 1 + 18);
  });
}

TEST(Storage, CountedMapKeepsItsCount) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    AccountId bob = alice();
    bob[0] ^= 1;
    Nominators::insert(alice(), 1);
    Nominators::insert(alice(), 2);  // overwrite: no new entry
    Nominators::insert(bob, 3);
    EXPECT_EQ(Nominators::count(), 2u);
    Nominators::mutate(bob, [](std::optional<uint32_t>& v) { v.reset(); });
    EXPECT_EQ(Nominators::count(), 1u);
    Nominators::mutate(bob, [](std::optional<uint32_t>& v) { v = 4; });
    EXPECT_EQ(Nominators::count(), 2u);
    Nominators::remove(alice());
    EXPECT_EQ(Nominators::count(), 1u);
    Nominators::clear();
    EXPECT_EQ(Nominators::count(), 0u);
  });
}

// Typed reads keep their decoded values in the io layer's mirror: every other way of changing the
// key must be seen by the next typed read.
TEST(Storage, TypedReadsSeeEveryWrite) {
  testing::TestExternalities ext;
  const AccountId who = alice();
  const Bytes key = Account::key(who);
  ext.execute_with([&] {
    Account::insert(who, AccountData{1, 2});
    EXPECT_EQ(Account::get(who), (AccountData{1, 2}));
    // Raw writes, clears and appends of the same key.
    io::storage::set(key, scale::encode(AccountData{3, 4}));
    EXPECT_EQ(Account::get(who), (AccountData{3, 4}));
    io::storage::clear(key);
    EXPECT_EQ(Account::get(who), AccountData{});
    Events::put({1});
    EXPECT_EQ(Events::get(), std::vector<uint32_t>{1});
    io::storage::append(Events::key(), scale::encode(uint32_t{2}));
    EXPECT_EQ(Events::get(), (std::vector<uint32_t>{1, 2}));
    // Prefix removal, and a rolled-back transaction.
    Account::insert(who, AccountData{5, 6});
    EXPECT_EQ(Account::get(who), (AccountData{5, 6}));
    (void)io::storage::clear_prefix(Account::prefix());
    EXPECT_EQ(Account::get(who), AccountData{});
    Account::insert(who, AccountData{7, 8});
    io::storage::start_transaction();
    Account::mutate(who, [](AccountData& data) { data.free = 9; });
    EXPECT_EQ(Account::get(who), (AccountData{9, 8}));
    io::storage::rollback_transaction();
    EXPECT_EQ(Account::get(who), (AccountData{7, 8}));
    // The same key read as another type decodes its own value.
    io::storage::set(Number::key(), scale::encode(uint32_t{5}));
    EXPECT_EQ(Number::get(), 5u);
    EXPECT_EQ((StorageValue<System, "Number", std::optional<uint32_t>>::get()), std::nullopt);
  });
  // Between calls the state changes without the io layer: the next call reads it afresh.
  (void)ext.overlay().set(key, scale::encode(AccountData{10, 11}));
  ext.execute_with([&] { EXPECT_EQ(Account::get(who), (AccountData{10, 11})); });
  // A value that does not decode reads as absent, however often it is read.
  (void)ext.overlay().set(key, Bytes{1, 2, 3});
  ext.execute_with([&] {
    EXPECT_EQ(Account::try_get(who), std::nullopt);
    EXPECT_EQ(Account::try_get(who), std::nullopt);
  });
}

// Typed items go straight to the mirror entries of keys they read before (EntryMemo): many keys
// of one map, read, written and removed in turn, each read back as itself.
TEST(Storage, RepeatedReadsOfManyKeysStayApart) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    std::vector<AccountId> who(40);
    for (size_t i = 0; i < who.size(); ++i) {
      who[i].fill(static_cast<uint8_t>(i));
      who[i][31] = static_cast<uint8_t>(i * 7);
      Account::insert(who[i], AccountData{i, 0});
    }
    for (int round = 0; round < 3; ++round) {
      for (size_t i = 0; i < who.size(); ++i) {
        const size_t j = (i * 13 + static_cast<size_t>(round)) % who.size();
        EXPECT_EQ(Account::get(who[j]).free, j + static_cast<size_t>(round) * 1000);
        Account::mutate(who[j], [](AccountData& data) { data.reserved += 1; });
      }
      for (size_t i = 0; i < who.size(); ++i) {
        Account::mutate(who[i], [](AccountData& data) { data.free += 1000; });
      }
    }
    for (size_t i = 0; i < who.size(); ++i) {
      EXPECT_EQ(Account::get(who[i]), (AccountData{i + 3000, 3}));
    }
    Account::remove(who[5]);
    EXPECT_EQ(Account::try_get(who[5]), std::nullopt);
    EXPECT_EQ(Account::get(who[6]), (AccountData{3006, 3}));
    // A value written raw under a key read before is what the next typed read sees.
    io::storage::set(Account::key(who[6]), scale::encode(AccountData{1, 1}));
    EXPECT_EQ(Account::get(who[6]), (AccountData{1, 1}));
    Number::put(7);
    io::storage::set(Number::key(), scale::encode(uint32_t{8}));
    EXPECT_EQ(Number::get(), 8u);
    Number::mutate([](uint32_t& n) { n += 1; });
    EXPECT_EQ(Number::get(), 9u);
  });
}

// A mutation of a key read before writes straight to its mirror entry; when the function it runs
// ends the mirror's generation (a rolled-back transaction empties the mirror, freeing its entries),
// the write finds the key again instead.
TEST(Storage, MutationsOfRememberedKeysSurviveTheMirrorEmptied) {
  testing::TestExternalities ext;
  const AccountId who = alice();
  ext.execute_with([&] {
    Account::insert(who, AccountData{1, 0});
    EXPECT_EQ(Account::get(who).free, 1u);  // remembered
    Account::mutate(who, [](AccountData& data) {
      io::storage::start_transaction();
      Number::put(3);
      io::storage::rollback_transaction();
      data.free = 2;
    });
    EXPECT_EQ(Account::get(who), (AccountData{2, 0}));
    EXPECT_EQ(Number::get(), 0u);
    Number::put(4);
    Number::mutate([](uint32_t& n) {
      io::storage::start_transaction();
      io::storage::rollback_transaction();
      n += 1;
    });
    EXPECT_EQ(Number::get(), 5u);
    // Removal through a remembered entry, and an insert over it.
    MaybeValue::put(6);
    MaybeValue::mutate([](std::optional<uint64_t>& v) { v.reset(); });
    EXPECT_EQ(MaybeValue::get(), std::nullopt);
    EXPECT_FALSE(MaybeValue::exists());
    Account::insert(who, AccountData{7, 7});
    EXPECT_EQ(Account::get(who), (AccountData{7, 7}));
  });
  ext.execute_with([&] {
    EXPECT_EQ(Account::get(who), (AccountData{7, 7}));
    EXPECT_EQ(Number::get(), 5u);
    EXPECT_EQ(MaybeValue::get(), std::nullopt);
  });
}

TEST(Storage, ChangesReachTheStateRoot) {
  testing::TestExternalities ext;
  const Hash256 before = ext.execute_with([] { return io::storage::root(io::StateVersion::kV1); });
  EXPECT_EQ(before, ext.genesis_root());
  ext.execute_with([] {
    Number::put(1);
    io::storage::start_transaction();
    Number::put(2);
    io::storage::rollback_transaction();
    EXPECT_EQ(Number::get(), 1u);
  });
  const Hash256 after = ext.execute_with([] { return io::storage::root(io::StateVersion::kV1); });
  EXPECT_NE(after, before);
}

}  // namespace
}  // namespace canary::rt
