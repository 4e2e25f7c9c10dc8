// pallet_preimage natively, on Balances with holds, configured as the SDK's mock (mock.rs): a
// deposit of 2 + 1 per byte held for HoldReason::Preimage, account 1 the manager. The SDK's
// scenarios (tests.rs): noting with and without deposit, unnoting by owner and manager, requests
// that make noting free and keep the preimage, the order of request and note making no
// difference, refunds only once; the QueryPreimage / StorePreimage workflow (bound, peek, realize,
// hold, drop) leaving no storage behind; ensure_updated moving old reserved deposits to holds; the
// wire forms of the status types and the metadata at Kusama's index.
#include "runtime/pallets/preimage/preimage.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/io/hashing.hpp"
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
namespace preimage = pallets::preimage;
using rt::testing::account;
using traits::tokens::Balance;

// The runtime's RuntimeHoldReason: Preimage(HoldReason::Preimage) only.
enum class TestHoldReason : uint8_t { kPreimage = 0 };
inline bool scale_is_valid(TestHoldReason r) {
  return r == TestHoldReason::kPreimage;
}
inline void canary_type_info(meta::TypeBuilder& b, const TestHoldReason*) {
  b.path({"test_runtime", "RuntimeHoldReason"});
  b.variant(0, "Preimage");
}

const AccountId32 kManager = account(1);
struct Manager {
  static bool contains(const AccountId32& who) { return who == kManager; }
};

struct TestRuntime;
struct PreimageHold {
  static TestHoldReason get() { return TestHoldReason::kPreimage; }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Preimage = preimage::Pallet<TestRuntime, PalletAt<32, "Preimage">>;
  using Pallets = Composition<"test_runtime", System, Balances, Preimage>;
  using RuntimeHoldReason = TestHoldReason;
  using RuntimeFreezeReason = TestHoldReason;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 1;
  static constexpr uint32_t kMaxHolds = 1;

  using Currency = Balances;
  using PreimageManagerOrigin = EnsureSignedBy<Manager>;
  using PreimageConsideration =
      traits::HoldConsideration<Balances, PreimageHold, traits::LinearStoragePrice<2, 1>>;
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Preimage = TestRuntime::Preimage;
using Error = preimage::Error;
using Status = Preimage::Status;
using Ticket = TestRuntime::PreimageConsideration;

static_assert(traits::preimages::QueryPreimage<Preimage>);
static_assert(traits::preimages::StorePreimage<Preimage, Bytes>);

const AccountId32 kAlice = account(2);
const AccountId32 kBob = account(3);
const AccountId32 kPauper = account(9);  // the existential deposit only

DispatchResultWithPostInfo dispatch(Preimage::Call call, const Origin& origin) {
  return rt::testing::dispatch<TestRuntime, Preimage>(std::move(call), origin);
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Preimage>(e));
}

H256 hashed(const Bytes& data) {
  return H256{io::hashing::blake2_256(data)};
}
Balance held(const AccountId32& who) {
  return Balances::balance_on_hold(TestHoldReason::kPreimage, who);
}
Balance free(const AccountId32& who) {
  return Balances::balance(who);
}
bool have(const H256& hash) {
  return Preimage::len(hash.bytes).has_value();
}
std::optional<Bytes> get(const H256& hash) {
  auto bytes = Preimage::fetch(hash.bytes, std::nullopt);
  if (!bytes) return std::nullopt;
  return *bytes;
}
Origin by(const AccountId32& who) {
  return Origin::signed_by(who);
}

// The SDK mock's genesis: accounts 1 to 5 with 100 each (here the manager, Alice and Bob).
template <class F>
void with_accounts(F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    for (const AccountId32& who : {kManager, kAlice, kBob}) {
      ASSERT_TRUE(Balances::mint_into(who, 100));
    }
    ASSERT_TRUE(Balances::mint_into(kPauper, 1));
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

// Every key and value of the state.
std::vector<std::pair<Bytes, Bytes>> whole_state() {
  std::vector<std::pair<Bytes, Bytes>> out;
  Bytes key;
  while (auto next = io::storage::next_key(key)) {
    key = *next;
    out.emplace_back(key, io::storage::get(key).value_or(Bytes{}));
  }
  return out;
}

// The whole of the pallet's storage, to compare two histories.
auto pallet_state() {
  return std::tuple{Preimage::RequestStatusFor::entries(), Preimage::PreimageFor::entries()};
}

TEST(Preimage, UserNotePreimageHoldsADeposit) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kAlice)));
    EXPECT_EQ(held(kAlice), 3U);
    EXPECT_EQ(free(kAlice), 97U);
    const H256 h = hashed({1});
    EXPECT_TRUE(have(h));
    EXPECT_EQ(get(h), Bytes{1});
    EXPECT_EQ(Preimage::RequestStatusFor::get(h),
              (Status{Status::Unrequested{{kAlice, Ticket{3}}, 1}}));
    EXPECT_EQ(error_of(dispatch(Preimage::note_preimage{{1}}, by(kAlice))),
              err(Error::kAlreadyNoted));
    // Funds unavailable: the hold fails.
    EXPECT_EQ(error_of(dispatch(Preimage::note_preimage{{2}}, by(kPauper))),
              "Token(FundsUnavailable)");
  });
}

TEST(Preimage, UserPaysTheFeeAndTheManagerDoesNot) {
  with_accounts([] {
    auto by_user = dispatch(Preimage::note_preimage{{1}}, by(kAlice));
    ASSERT_TRUE(by_user);
    EXPECT_EQ(by_user->pays_fee, Pays::kYes);
    auto by_manager = dispatch(Preimage::note_preimage{{2}}, by(kManager));
    ASSERT_TRUE(by_manager);
    EXPECT_EQ(by_manager->pays_fee, Pays::kNo);
  });
}

TEST(Preimage, ManagerNotePreimageIsFreeAndRequested) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kManager)));
    EXPECT_EQ(held(kManager), 0U);
    EXPECT_EQ(free(kManager), 100U);
    const H256 h = hashed({1});
    EXPECT_EQ(get(h), Bytes{1});
    EXPECT_TRUE(Preimage::is_requested(h.bytes));
    // Noting it again is fine for the manager.
    EXPECT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kManager)));
  });
}

TEST(Preimage, UserUnnotePreimage) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kAlice)));
    EXPECT_EQ(error_of(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kBob))),
              err(Error::kNotAuthorized));
    EXPECT_EQ(error_of(dispatch(Preimage::unnote_preimage{hashed({2})}, by(kAlice))),
              err(Error::kNotNoted));
    ASSERT_TRUE(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kAlice)));
    EXPECT_EQ(error_of(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kAlice))),
              err(Error::kNotNoted));
    EXPECT_FALSE(have(hashed({1})));
    EXPECT_EQ(get(hashed({1})), std::nullopt);
    EXPECT_EQ(held(kAlice), 0U);
    EXPECT_EQ(free(kAlice), 100U);
    EXPECT_EQ((rt::testing::events_of<TestRuntime, Preimage>()),
              (std::vector<Preimage::Event>{Preimage::Noted{hashed({1})},
                                            Preimage::Cleared{hashed({1})}}));
  });
}

TEST(Preimage, ManagerUnnotesItsOwnAndUsersPreimages) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kManager)));
    EXPECT_EQ(error_of(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kManager))),
              err(Error::kNotNoted));
    EXPECT_FALSE(have(hashed({1})));

    ASSERT_TRUE(dispatch(Preimage::note_preimage{{2}}, by(kAlice)));
    ASSERT_TRUE(dispatch(Preimage::unnote_preimage{hashed({2})}, by(kManager)));
    EXPECT_FALSE(have(hashed({2})));
    EXPECT_EQ(held(kAlice), 0U);  // the owner gets the deposit back
  });
}

TEST(Preimage, RequestedThenNotedCannotBeUnnotedUntilUnrequested) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::request_preimage{hashed({1})}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kManager)));
    EXPECT_EQ(get(hashed({1})), Bytes{1});  // still here
    ASSERT_TRUE(dispatch(Preimage::unrequest_preimage{hashed({1})}, by(kManager)));
    EXPECT_FALSE(have(hashed({1})));
  });
}

TEST(Preimage, RequestAndNoteOrderMakesNoDifference) {
  decltype(pallet_state()) one_way;
  with_accounts([&] {
    ASSERT_TRUE(dispatch(Preimage::request_preimage{hashed({1})}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kAlice)));
    one_way = pallet_state();
  });
  with_accounts([&] {
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kAlice)));
    ASSERT_TRUE(dispatch(Preimage::request_preimage{hashed({1})}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kAlice)));
    EXPECT_EQ(pallet_state(), one_way);
  });
}

TEST(Preimage, RequestedThenUserNotedIsFree) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::request_preimage{hashed({1})}, by(kManager)));
    auto noted = dispatch(Preimage::note_preimage{{1}}, by(kAlice));
    ASSERT_TRUE(noted);
    EXPECT_EQ(noted->pays_fee, Pays::kNo);
    EXPECT_EQ(held(kAlice), 0U);
    EXPECT_EQ(free(kAlice), 100U);
    EXPECT_EQ(get(hashed({1})), Bytes{1});
  });
}

TEST(Preimage, UnrequestCountsDownRequests) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::request_preimage{hashed({1})}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::request_preimage{hashed({1})}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kAlice)));
    EXPECT_EQ(error_of(dispatch(Preimage::unrequest_preimage{hashed({2})}, by(kManager))),
              err(Error::kNotRequested));
    ASSERT_TRUE(dispatch(Preimage::unrequest_preimage{hashed({1})}, by(kManager)));
    EXPECT_TRUE(have(hashed({1})));
    ASSERT_TRUE(dispatch(Preimage::unrequest_preimage{hashed({1})}, by(kManager)));
    EXPECT_EQ(error_of(dispatch(Preimage::unrequest_preimage{hashed({1})}, by(kManager))),
              err(Error::kNotRequested));
    // Requested only once: one Requested event.
    const auto events = rt::testing::events_of<TestRuntime, Preimage>();
    const Preimage::Event requested{Preimage::Requested{hashed({1})}};
    EXPECT_EQ(std::count(events.begin(), events.end(), requested), 1);
  });
}

TEST(Preimage, OnlyTheManagerRequests) {
  with_accounts([] {
    EXPECT_EQ(error_of(dispatch(Preimage::request_preimage{hashed({1})}, by(kAlice))), "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Preimage::unrequest_preimage{hashed({1})}, by(kAlice))),
              "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Preimage::note_preimage{{1}}, Origin::none())), "BadOrigin");
  });
}

TEST(Preimage, UserNotedThenRequestedIsRefundedOnceOnly) {
  with_accounts([] {
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1, 1, 1}}, by(kAlice)));
    EXPECT_EQ(held(kAlice), 5U);
    ASSERT_TRUE(dispatch(Preimage::note_preimage{{1}}, by(kAlice)));
    EXPECT_EQ(held(kAlice), 8U);
    ASSERT_TRUE(dispatch(Preimage::request_preimage{hashed({1})}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::unrequest_preimage{hashed({1})}, by(kManager)));
    ASSERT_TRUE(dispatch(Preimage::unnote_preimage{hashed({1})}, by(kAlice)));
    // The deposit of {1, 1, 1} is still held.
    EXPECT_EQ(held(kAlice), 5U);
  });
}

TEST(Preimage, SizesUpToFourMebibytes) {
  with_accounts([] {
    std::vector<Bytes> blobs;
    blobs.reserve(8);
    for (uint32_t i = 0; i < 7; ++i) blobs.emplace_back(size_t{128} << (i * 2), 0);
    blobs.emplace_back(preimage::kMaxSize, 0);
    for (const Bytes& b : blobs) ASSERT_TRUE(dispatch(Preimage::note_preimage{b}, by(kManager)));
    EXPECT_EQ(Preimage::PreimageFor::entries().size(), 8U);
    EXPECT_EQ(Preimage::RequestStatusFor::entries().size(), 8U);
    EXPECT_EQ(
        error_of(dispatch(Preimage::note_preimage{Bytes(preimage::kMaxSize + 1, 0)}, by(kManager))),
        err(Error::kTooBig));
    for (const Bytes& b : blobs) {
      ASSERT_TRUE(dispatch(Preimage::unnote_preimage{hashed(b)}, by(kManager)));
    }
    EXPECT_TRUE(Preimage::PreimageFor::entries().empty());
    EXPECT_TRUE(Preimage::RequestStatusFor::entries().empty());
  });
}

// StorePreimage and QueryPreimage together leave no storage behind (the events aside).
TEST(Preimage, QueryAndStoreWorkflow) {
  with_accounts([] {
    System::reset_events();
    const auto before = whole_state();
    const Bytes data(512, 1);
    const Bytes encoded = scale::encode(data);
    auto bound = Preimage::bound(data);
    ASSERT_TRUE(bound);
    const auto* lookup = std::get_if<traits::preimages::Bounded<Bytes>::Lookup>(&bound->value);
    ASSERT_NE(lookup, nullptr) << "should not be inline";
    EXPECT_EQ(lookup->hash, io::hashing::blake2_256(encoded));
    EXPECT_EQ(lookup->len, encoded.size());
    const Hash256 hash = lookup->hash;
    const uint32_t len = lookup->len;

    EXPECT_TRUE(Preimage::is_requested(hash));
    EXPECT_TRUE(traits::preimages::have<Preimage>(*bound));
    EXPECT_EQ(Preimage::len(hash), len);
    EXPECT_EQ(Preimage::fetch(hash, len).value(), encoded);
    EXPECT_EQ(Preimage::fetch(hash, std::nullopt).value(), encoded);
    EXPECT_EQ(Preimage::fetch(hash, 0).error().kind, DispatchError::Kind::kUnavailable);

    auto peeked = traits::preimages::peek<Preimage>(*bound);
    ASSERT_TRUE(peeked);
    EXPECT_EQ(peeked->first, data);
    EXPECT_EQ(peeked->second, len);
    Preimage::request(hash);
    Preimage::request(hash);
    auto count = [&] {
      const auto status = Preimage::RequestStatusFor::get(H256{hash});
      return status ? std::get<Status::Requested>(status->value).count : 0U;
    };
    EXPECT_EQ(count(), 3U);
    auto realized = traits::preimages::realize<Preimage>(*bound);
    ASSERT_TRUE(realized);
    EXPECT_EQ(realized->first, data);
    EXPECT_EQ(count(), 2U);
    traits::preimages::drop<Preimage>(*bound);
    EXPECT_EQ(count(), 1U);
    EXPECT_TRUE(traits::preimages::have<Preimage>(*bound));
    Preimage::unnote(hash);
    EXPECT_FALSE(traits::preimages::have<Preimage>(*bound));
    EXPECT_EQ(Preimage::fetch(hash, len).error().kind, DispatchError::Kind::kUnavailable);
    EXPECT_FALSE(Preimage::is_requested(hash));
    // The events aside, the state is as before.
    System::reset_events();
    EXPECT_EQ(whole_state(), before);
  });
}

TEST(Preimage, InlineValuesNeedNoPreimage) {
  with_accounts([] {
    const Bytes small(10, 7);
    auto bound = Preimage::bound(small);
    ASSERT_TRUE(bound);
    EXPECT_TRUE(std::holds_alternative<traits::preimages::Bounded<Bytes>::Inline>(bound->value));
    EXPECT_TRUE(Preimage::RequestStatusFor::entries().empty());
    auto peeked = traits::preimages::peek<Preimage>(*bound);
    ASSERT_TRUE(peeked);
    EXPECT_EQ(peeked->first, small);
    EXPECT_EQ(peeked->second, std::nullopt);
  });
}

TEST(Preimage, RequestsOfUnknownLengthCannotBeFetched) {
  with_accounts([] {
    const Hash256 hash = io::hashing::blake2_256(Bytes(10, 1));
    Preimage::request(hash);
    EXPECT_TRUE(Preimage::is_requested(hash));
    EXPECT_EQ(Preimage::len(hash), std::nullopt);
    EXPECT_FALSE(Preimage::fetch(hash, std::nullopt));
    Preimage::request(hash);
    EXPECT_EQ(Preimage::RequestStatusFor::entries().size(), 1U);
    Preimage::unrequest(hash);
    EXPECT_TRUE(Preimage::is_requested(hash));
    Preimage::unrequest(hash);
    EXPECT_FALSE(Preimage::is_requested(hash));
    EXPECT_TRUE(Preimage::RequestStatusFor::entries().empty());
  });
}

// A StatusFor entry from before holds: its reserve becomes a hold of the new price.
TEST(Preimage, EnsureUpdatedMovesReservesToHolds) {
  with_accounts([] {
    const Bytes data{1, 2, 3, 4};
    const H256 h = hashed(data);
    ASSERT_TRUE(Balances::reserve(kAlice, 10));
    Preimage::StatusFor::insert(
        h, preimage::OldRequestStatus{preimage::OldRequestStatus::Unrequested{{kAlice, 10}, 4}});
    Preimage::PreimageFor::insert(std::tuple{h, uint32_t{4}}, preimage::PreimageBytes{data});

    EXPECT_EQ(error_of(dispatch(Preimage::ensure_updated{{}}, by(kBob))), err(Error::kTooFew));
    EXPECT_EQ(error_of(dispatch(Preimage::ensure_updated{std::vector<H256>(1025, h)}, by(kBob))),
              err(Error::kTooMany));
    // One of two updated: below 90 %, the caller pays.
    auto half = dispatch(Preimage::ensure_updated{{h, hashed({9})}}, by(kBob));
    ASSERT_TRUE(half);
    EXPECT_EQ(half->pays_fee, Pays::kYes);
    // The reserve is gone: what is reserved now is the hold (holds count as reserved).
    EXPECT_EQ(held(kAlice), 6U);  // 2 + 4 bytes
    EXPECT_EQ(Balances::reserved_balance(kAlice), held(kAlice));
    EXPECT_FALSE(Preimage::StatusFor::get(h));
    EXPECT_EQ(Preimage::RequestStatusFor::get(h),
              (Status{Status::Unrequested{{kAlice, Ticket{6}}, 4}}));
    EXPECT_EQ(get(h), data);
  });
}

TEST(Preimage, EnsureUpdatedIsFreeWhenMostAreUpdated) {
  with_accounts([] {
    const H256 h = hashed({5});
    Preimage::StatusFor::insert(
        h, preimage::OldRequestStatus{preimage::OldRequestStatus::Requested{std::nullopt, 1, 1}});
    Preimage::PreimageFor::insert(std::tuple{h, uint32_t{1}}, preimage::PreimageBytes{Bytes{5}});
    auto all = dispatch(Preimage::ensure_updated{{h}}, by(kBob));
    ASSERT_TRUE(all);
    EXPECT_EQ(all->pays_fee, Pays::kNo);
    EXPECT_EQ(Preimage::RequestStatusFor::get(h), (Status{Status::Requested{std::nullopt, 1, 1}}));
  });
}

// Try-state finds bytes nobody noted and a noted preimage whose bytes are gone.
TEST(Preimage, TryStateFindsStrayAndMissingPreimages) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    const H256 h = hashed({7});
    Preimage::PreimageFor::insert(std::tuple{h, uint32_t{1}}, preimage::PreimageBytes{Bytes{7}});
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1),
              "Preimage: PreimageFor holds a preimage nobody noted");
    Preimage::PreimageFor::remove(std::tuple{h, uint32_t{1}});
    Preimage::RequestStatusFor::insert(h, Status{Status::Requested{std::nullopt, 1, 1}});
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1),
              "Preimage: a noted preimage is missing from PreimageFor");
  });
}

// The wire forms: RequestStatus<AccountId32, HoldConsideration> with the ticket a plain u128.
TEST(Preimage, StatusEncodings) {
  const Status unrequested{Status::Unrequested{{kAlice, Ticket{3}}, 1}};
  Bytes expected{0x00};
  expected.insert(expected.end(), kAlice.bytes.begin(), kAlice.bytes.end());
  const Bytes three = scale::encode(Balance{3});
  expected.insert(expected.end(), three.begin(), three.end());
  expected.insert(expected.end(), {1, 0, 0, 0});
  EXPECT_EQ(scale::encode(unrequested), expected);
  EXPECT_EQ(scale::decode<Status>(expected).value(), unrequested);
  const Status requested{Status::Requested{std::nullopt, 2, std::nullopt}};
  EXPECT_EQ(to_hex(scale::encode(requested)), "0x01000200000000");
  EXPECT_EQ(scale::decode<Status>(scale::encode(requested)).value(), requested);
}

TEST(Preimage, StorageKeysAreKusamas) {
  const H256 h = hashed({1});
  // twox128("Preimage") ‖ twox128("PreimageFor") ‖ identity((hash, len)); the prefixes as
  // @polkadot/util-crypto's xxhashAsHex computes them.
  const Bytes key = Preimage::PreimageFor::key(std::tuple{h, uint32_t{1}});
  EXPECT_EQ(to_hex(key), "0xd8f314b7f4e6b095f0f8ee4656a448257c7dda85c9c297999fd02215e8c8f9de" +
                             to_hex(h.bytes, false) + "01000000");
  const Bytes status_key = Preimage::RequestStatusFor::key(h);
  EXPECT_EQ(to_hex(status_key),
            "0xd8f314b7f4e6b095f0f8ee4656a44825502c260d5bbb4525ca0ced5cd9435240" +
                to_hex(h.bytes, false));
}

// Kusama's layout (META-1009002, Preimage at 32): storage, calls, events and errors in order; the
// ticket named as FRAME names it; Balances' Holds typed with the runtime's hold reason.
TEST(Preimage, MetadataIsKusamas) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets[2];
  EXPECT_EQ(pallet.name, "Preimage");
  EXPECT_EQ(pallet.index, 32);
  ASSERT_TRUE(pallet.storage);
  std::vector<std::string> storage;
  for (const auto& e : pallet.storage->entries) storage.push_back(e.name);
  EXPECT_EQ(storage, (std::vector<std::string>{"StatusFor", "RequestStatusFor", "PreimageFor"}));
  const auto names = [&](uint32_t id) {
    std::vector<std::string> out;
    for (const auto& v : std::get<meta::VariantDef>(types[id].def).variants) out.push_back(v.name);
    return out;
  };
  EXPECT_EQ(names(pallet.calls->id),
            (std::vector<std::string>{"note_preimage", "unnote_preimage", "request_preimage",
                                      "unrequest_preimage", "ensure_updated"}));
  EXPECT_EQ(names(pallet.event->id), (std::vector<std::string>{"Noted", "Requested", "Cleared"}));
  EXPECT_EQ(names(pallet.error->id),
            (std::vector<std::string>{"TooBig", "AlreadyNoted", "NotAuthorized", "NotNoted",
                                      "Requested", "NotRequested", "TooMany", "TooFew"}));
  bool ticket_named = false;
  bool hold_reason_named = false;
  for (const auto& type : types) {
    const std::vector<std::string>& path = type.path;
    ticket_named |= path == std::vector<std::string>{"frame_support", "traits", "tokens",
                                                     "fungible", "HoldConsideration"};
    hold_reason_named |= path == std::vector<std::string>{"test_runtime", "RuntimeHoldReason"};
  }
  EXPECT_TRUE(ticket_named);
  EXPECT_TRUE(hold_reason_named);
}

}  // namespace
}  // namespace canary::rt
