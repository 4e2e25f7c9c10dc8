// pallet_proxy natively, on System + Balances + Proxy + Utility configured as the SDK's mock
// (substrate/frame/proxy/src/tests.rs of pallet-proxy 42: ProxyType Any / JustTransfer /
// JustUtility, deposits 1 + 1 per item, 4 proxies and 2 announcements at most; accounts 1 to 4
// with 10, account 5 with 3; block 1). The SDK's scenarios: announcements (deposits, removal,
// rejection, delays, proxy_announced), filters (directly, through Utility's batches and
// as_derivative, escalation through this pallet's own calls), adding and removing proxies with
// their deposits, pure proxies, poke_deposit; then the pure account's byte layout, the storage
// encoding and the declared weights. Try-state after every test. The mock's BaseCallFilter (no
// System calls but remark) is not modelled: Canary's runtime has no base filter (Kusama's refuses
// only Nis, which Canary lacks).
#include "runtime/pallets/proxy/proxy.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/utility/utility.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace proxy = pallets::proxy;
namespace utility = pallets::utility;
using rt::testing::account;
using traits::tokens::Balance;

// The SDK mock's ProxyType: Any (the default), a transfer-only and a Utility-only type.
enum class MockProxyType : uint8_t { kAny = 0, kJustTransfer = 1, kJustUtility = 2 };
bool scale_is_valid(MockProxyType t) {
  return static_cast<uint8_t>(t) <= 2;
}
[[maybe_unused]] void canary_type_info(meta::TypeBuilder& b, const MockProxyType*) {
  b.path({"pallet_proxy", "tests", "ProxyType"});
  b.variant(0, "Any").variant(1, "JustTransfer").variant(2, "JustUtility");
}

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<1, "Balances">>;
  using Proxy = proxy::Pallet<TestRuntime, PalletAt<2, "Proxy">>;
  using Utility = utility::Pallet<TestRuntime, PalletAt<3, "Utility">>;
  using Pallets = Composition<"test_runtime", System, Balances, Proxy, Utility>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;

  using Currency = Balances;
  using ProxyType = MockProxyType;
  // Changed by the poke_deposit tests (the SDK mock's `parameter_types! { pub static … }`).
  static inline Balance kProxyDepositBase = 1;
  static inline Balance kProxyDepositFactor = 1;
  static inline Balance kAnnouncementDepositBase = 1;
  static inline Balance kAnnouncementDepositFactor = 1;
  static constexpr uint32_t kMaxProxies = 4;
  static constexpr uint32_t kMaxPending = 2;
  template <class Call>
  static bool proxy_filter(const ProxyType& type, const Call& call) {
    const auto [pallet, index] = call.indices();
    switch (type) {
      case MockProxyType::kAny:
        return true;
      case MockProxyType::kJustTransfer:  // Balances::transfer_allow_death
        return pallet == Balances::kIndex && index == 0;
      case MockProxyType::kJustUtility:
        return pallet == Utility::kIndex;
    }
    return false;
  }
  static bool proxy_is_superset(const ProxyType& a, const ProxyType& b) {
    return a == MockProxyType::kAny || a == b;
  }
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Proxy = TestRuntime::Proxy;
using Utility = TestRuntime::Utility;
using Call = TestRuntime::Pallets::Call;
using Error = proxy::Error;
using proxy::Announcement;
using PT = MockProxyType;

const AccountId32 k1 = account(1);
const AccountId32 k2 = account(2);
const AccountId32 k3 = account(3);
const AccountId32 k4 = account(4);
const AccountId32 k5 = account(5);
const AccountId32 k6 = account(6);

DispatchResultWithPostInfo dispatch(Proxy::Call call, const AccountId32& who) {
  return rt::testing::dispatch<TestRuntime, Proxy>(std::move(call), Origin::signed_by(who));
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Proxy>(e));
}
std::string call_filtered() {
  return runtime::to_string(module_error(0, 5));
}
Balance free(const AccountId32& who) {
  return Balances::free_balance(who);
}
Balance reserved(const AccountId32& who) {
  return Balances::reserved_balance(who);
}
std::vector<Proxy::Event> proxy_events() {
  return rt::testing::events_of<TestRuntime, Proxy>();
}
// The result of the last ProxyExecuted: "ok" or the error.
std::string last_executed() {
  const auto events = proxy_events();
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (const auto* e = std::get_if<Proxy::ProxyExecuted>(&*it)) {
      return e->result ? std::string("ok") : runtime::to_string(e->result.error());
    }
  }
  return "none";
}
size_t executed_count() {
  size_t n = 0;
  for (const auto& e : proxy_events()) n += std::holds_alternative<Proxy::ProxyExecuted>(e);
  return n;
}
std::vector<Utility::Event> utility_events() {
  return rt::testing::events_of<TestRuntime, Utility>();
}

Call call_transfer(const AccountId32& dest, Balance value) {
  return Call::of<Balances>(Balances::transfer_allow_death{MultiAddress::id(dest), value});
}
H256 hash_of(const Call& call) {
  return H256{io::hashing::blake2_256(scale::encode(call))};
}
H256 filled(uint8_t byte) {
  H256 h;
  h.bytes.fill(byte);
  return h;
}

Proxy::Call add(const AccountId32& who, PT type, BlockNumber delay) {
  return Proxy::add_proxy{MultiAddress::id(who), type, delay};
}
Proxy::Call remove(const AccountId32& who, PT type, BlockNumber delay) {
  return Proxy::remove_proxy{MultiAddress::id(who), type, delay};
}
Proxy::Call via(const AccountId32& real, const Call& call, std::optional<PT> force = std::nullopt) {
  return Proxy::proxy{MultiAddress::id(real), force, Boxed<Call>(call)};
}
Proxy::Call announced(const AccountId32& delegate, const AccountId32& real, const Call& call) {
  return Proxy::proxy_announced{MultiAddress::id(delegate), MultiAddress::id(real), std::nullopt,
                                Boxed<Call>(call)};
}
Proxy::Call announce(const AccountId32& real, const H256& hash) {
  return Proxy::announce{MultiAddress::id(real), hash};
}
std::vector<Announcement> pending(const AccountId32& delegate) {
  return std::get<0>(Proxy::Announcements::get(delegate)).items;
}
Balance announcement_deposit(const AccountId32& delegate) {
  return std::get<1>(Proxy::Announcements::get(delegate));
}
void set_block(BlockNumber n) {
  System::Number::put(n);
}
void set_extrinsic_index(uint32_t index) {
  io::storage::set(system::extrinsic_index_key(), scale::encode(index));
}

// The SDK mock's genesis, block 1, the default deposits, and try-state at the end.
template <class F>
void with_accounts(F&& f) {
  TestRuntime::kProxyDepositBase = 1;
  TestRuntime::kAnnouncementDepositBase = 1;
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    for (const AccountId32& who : {k1, k2, k3, k4}) ASSERT_TRUE(Balances::mint_into(who, 10));
    ASSERT_TRUE(Balances::mint_into(k5, 3));
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

TEST(Proxy, AnnouncementWorks) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k1)), "ok");
    EXPECT_EQ(proxy_events().back(), Proxy::Event(Proxy::ProxyAdded{k1, k3, PT::kAny, 1}));
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k2)), "ok");
    EXPECT_EQ(reserved(k3), 0);

    ASSERT_EQ(error_of(dispatch(announce(k1, filled(1)), k3)), "ok");
    EXPECT_EQ(pending(k3), (std::vector<Announcement>{{k1, filled(1), 1}}));
    EXPECT_EQ(proxy_events().back(), Proxy::Event(Proxy::Announced{k1, k3, filled(1)}));
    EXPECT_EQ(announcement_deposit(k3), 2);  // base 1 + 1 announcement
    EXPECT_EQ(reserved(k3), 2);

    ASSERT_EQ(error_of(dispatch(announce(k2, filled(2)), k3)), "ok");
    EXPECT_EQ(pending(k3), (std::vector<Announcement>{{k1, filled(1), 1}, {k2, filled(2), 1}}));
    EXPECT_EQ(reserved(k3), 3);

    EXPECT_EQ(error_of(dispatch(announce(k2, filled(3)), k3)), err(Error::kTooMany));
    EXPECT_EQ(reserved(k3), 3);
  });
}

TEST(Proxy, RemoveAnnouncementWorks) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k2)), "ok");
    ASSERT_EQ(error_of(dispatch(announce(k1, filled(1)), k3)), "ok");
    ASSERT_EQ(error_of(dispatch(announce(k2, filled(2)), k3)), "ok");
    EXPECT_EQ(error_of(dispatch(Proxy::remove_announcement{MultiAddress::id(k1), filled(0)}, k3)),
              err(Error::kNotFound));
    ASSERT_EQ(error_of(dispatch(Proxy::remove_announcement{MultiAddress::id(k1), filled(1)}, k3)),
              "ok");
    EXPECT_EQ(pending(k3), (std::vector<Announcement>{{k2, filled(2), 1}}));
    EXPECT_EQ(reserved(k3), 2);
    EXPECT_EQ(announcement_deposit(k3), 2);
    // The last one goes with its entry and its whole deposit.
    ASSERT_EQ(error_of(dispatch(Proxy::remove_announcement{MultiAddress::id(k2), filled(2)}, k3)),
              "ok");
    EXPECT_FALSE(Proxy::Announcements::contains_key(k3));
    EXPECT_EQ(reserved(k3), 0);
    EXPECT_EQ(free(k3), 10);
  });
}

TEST(Proxy, RejectAnnouncementWorks) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k2)), "ok");
    ASSERT_EQ(error_of(dispatch(announce(k1, filled(1)), k3)), "ok");
    ASSERT_EQ(error_of(dispatch(announce(k2, filled(2)), k3)), "ok");
    const auto reject = [](const H256& hash) {
      return Proxy::reject_announcement{MultiAddress::id(k3), hash};
    };
    EXPECT_EQ(error_of(dispatch(reject(filled(0)), k1)), err(Error::kNotFound));
    // Only the real account of the announcement may reject it.
    EXPECT_EQ(error_of(dispatch(reject(filled(1)), k4)), err(Error::kNotFound));
    ASSERT_EQ(error_of(dispatch(reject(filled(1)), k1)), "ok");
    EXPECT_EQ(pending(k3), (std::vector<Announcement>{{k2, filled(2), 1}}));
    EXPECT_EQ(reserved(k3), 2);
  });
}

TEST(Proxy, AnnouncerMustBeProxy) {
  with_accounts(
      [] { EXPECT_EQ(error_of(dispatch(announce(k1, H256{}), k2)), err(Error::kNotProxy)); });
}

TEST(Proxy, CallingProxyDoesNotRemoveAnnouncement) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kAny, 0), k1)), "ok");
    const Call call = call_transfer(k6, 1);
    const H256 hash = hash_of(call);
    ASSERT_EQ(error_of(dispatch(announce(k1, hash), k2)), "ok");
    ASSERT_EQ(error_of(dispatch(via(k1, call), k2)), "ok");
    EXPECT_EQ(pending(k2), (std::vector<Announcement>{{k1, hash, 1}}));
  });
}

TEST(Proxy, DelayedRequiresPreAnnouncement) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kAny, 1), k1)), "ok");
    const Call call = call_transfer(k6, 1);
    EXPECT_EQ(error_of(dispatch(via(k1, call), k2)), err(Error::kUnannounced));
    EXPECT_EQ(error_of(dispatch(announced(k2, k1, call), k4)), err(Error::kUnannounced));
    ASSERT_EQ(error_of(dispatch(announce(k1, hash_of(call)), k2)), "ok");
    // Still block 1: the delay of 1 has not passed.
    EXPECT_EQ(error_of(dispatch(announced(k2, k1, call), k4)), err(Error::kUnannounced));
    set_block(2);
    ASSERT_EQ(error_of(dispatch(announced(k2, k1, call), k4)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(free(k6), 1);
    EXPECT_FALSE(Proxy::Announcements::contains_key(k2));
    EXPECT_EQ(reserved(k2), 0);
  });
}

TEST(Proxy, ProxyAnnouncedRemovesAnnouncementAndReturnsDeposit) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k2)), "ok");
    const Call call = call_transfer(k6, 1);
    const H256 hash = hash_of(call);
    ASSERT_EQ(error_of(dispatch(announce(k1, hash), k3)), "ok");
    ASSERT_EQ(error_of(dispatch(announce(k2, hash), k3)), "ok");
    EXPECT_EQ(reserved(k3), 3);
    EXPECT_EQ(error_of(dispatch(announced(k3, k1, call), k4)), err(Error::kUnannounced));
    set_block(2);
    ASSERT_EQ(error_of(dispatch(announced(k3, k1, call), k4)), "ok");
    EXPECT_EQ(pending(k3), (std::vector<Announcement>{{k2, hash, 1}}));
    EXPECT_EQ(reserved(k3), 2);
    EXPECT_EQ(free(k6), 1);
    EXPECT_EQ(free(k1), 10 - 2 - 1);  // the proxy deposit (2) and the transfer
  });
}

TEST(Proxy, FilteringWorks) {
  with_accounts([] {
    ASSERT_TRUE(Balances::mint_into(k1, 990));
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kAny, 0), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kJustTransfer, 0), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k4, PT::kJustUtility, 0), k1)), "ok");
    EXPECT_EQ(reserved(k1), 4);

    // A transfer: Any and JustTransfer may, JustUtility may not (the proxy call itself is Ok).
    const Call transfer = call_transfer(k6, 1);
    ASSERT_EQ(error_of(dispatch(via(k1, transfer), k2)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    ASSERT_EQ(error_of(dispatch(via(k1, transfer), k3)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    ASSERT_EQ(error_of(dispatch(via(k1, transfer), k4)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    EXPECT_EQ(free(k6), 2);

    // as_derivative carries the transfer from a new Signed origin: JustTransfer may not make the
    // Utility call; JustUtility may, but as_derivative's origin keeps the filter (FRAME's
    // as_derivative adds the derivative account to the same origin), so its transfer is refused.
    const AccountId32 derivative = utility::derivative_account_id(k1, 0);
    ASSERT_TRUE(Balances::mint_into(derivative, 1000));
    const Call as_derivative = Call::of<Utility>(Utility::as_derivative{0, Boxed<Call>(transfer)});
    ASSERT_EQ(error_of(dispatch(via(k1, as_derivative), k2)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    ASSERT_EQ(error_of(dispatch(via(k1, as_derivative), k3)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    ASSERT_EQ(error_of(dispatch(via(k1, as_derivative), k4)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    EXPECT_EQ(free(derivative), 999);

    // A batch: the filter follows the origin into its calls (BatchInterrupted, the batch Ok).
    const Call batch = Call::of<Utility>(Utility::batch{{transfer}});
    ASSERT_EQ(error_of(dispatch(via(k1, batch), k2)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_TRUE(std::holds_alternative<Utility::BatchCompleted>(utility_events().back()));
    ASSERT_EQ(error_of(dispatch(via(k1, batch), k3)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    ASSERT_EQ(error_of(dispatch(via(k1, batch), k4)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    // The last event, kept: a pointer into utility_events()'s temporary would dangle.
    Utility::Event last = utility_events().back();
    const auto* interrupted = std::get_if<Utility::BatchInterrupted>(&last);
    ASSERT_NE(interrupted, nullptr);
    EXPECT_EQ(interrupted->index, 0u);
    EXPECT_EQ(runtime::to_string(interrupted->error), call_filtered());
    EXPECT_EQ(free(k6), 4);

    // add_proxy(Any) in a batch: only a proxy whose type is a superset of Any.
    const Call add_any = Call::of<Proxy>(add(k5, PT::kAny, 0));
    const Call add_batch = Call::of<Utility>(Utility::batch{{add_any}});
    ASSERT_EQ(error_of(dispatch(via(k1, add_batch), k2)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(std::get<0>(Proxy::Proxies::get(k1)).size(), 4u);
    ASSERT_EQ(error_of(dispatch(via(k1, add_batch), k3)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    ASSERT_EQ(error_of(dispatch(via(k1, add_batch), k4)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    last = utility_events().back();
    interrupted = std::get_if<Utility::BatchInterrupted>(&last);
    ASSERT_NE(interrupted, nullptr);
    EXPECT_EQ(runtime::to_string(interrupted->error), call_filtered());

    // remove_proxies only for Any.
    const Call remove_all = Call::of<Proxy>(Proxy::remove_proxies{});
    ASSERT_EQ(error_of(dispatch(via(k1, remove_all), k3)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    ASSERT_EQ(error_of(dispatch(via(k1, remove_all), k4)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    EXPECT_EQ(reserved(k1), 5);
    ASSERT_EQ(error_of(dispatch(via(k1, remove_all), k2)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(reserved(k1), 0);
    EXPECT_FALSE(Proxy::Proxies::contains_key(k1));
  });
}

TEST(Proxy, AddRemoveProxiesWorks) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kAny, 0), k1)), "ok");
    EXPECT_EQ(error_of(dispatch(add(k2, PT::kAny, 0), k1)), err(Error::kDuplicate));
    EXPECT_EQ(reserved(k1), 2);
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kJustTransfer, 0), k1)), "ok");
    EXPECT_EQ(reserved(k1), 3);
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 0), k1)), "ok");
    EXPECT_EQ(reserved(k1), 4);
    ASSERT_EQ(error_of(dispatch(add(k4, PT::kJustUtility, 0), k1)), "ok");
    EXPECT_EQ(reserved(k1), 5);
    EXPECT_EQ(error_of(dispatch(add(k4, PT::kAny, 0), k1)), err(Error::kTooMany));
    // Sorted by (delegate, type, delay).
    const auto stored = Proxy::Proxies::get(k1);
    const auto& list = std::get<0>(stored).items;
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list[0], (Proxy::Definition{k2, PT::kAny, 0}));
    EXPECT_EQ(list[1], (Proxy::Definition{k2, PT::kJustTransfer, 0}));
    EXPECT_EQ(list[3], (Proxy::Definition{k4, PT::kJustUtility, 0}));

    EXPECT_EQ(error_of(dispatch(remove(k3, PT::kJustTransfer, 0), k1)), err(Error::kNotFound));
    ASSERT_EQ(error_of(dispatch(remove(k4, PT::kJustUtility, 0), k1)), "ok");
    EXPECT_EQ(proxy_events().back(),
              Proxy::Event(Proxy::ProxyRemoved{k1, k4, PT::kJustUtility, 0}));
    EXPECT_EQ(reserved(k1), 4);
    ASSERT_EQ(error_of(dispatch(remove(k3, PT::kAny, 0), k1)), "ok");
    EXPECT_EQ(reserved(k1), 3);
    ASSERT_EQ(error_of(dispatch(remove(k2, PT::kAny, 0), k1)), "ok");
    EXPECT_EQ(reserved(k1), 2);
    ASSERT_EQ(error_of(dispatch(remove(k2, PT::kJustTransfer, 0), k1)), "ok");
    EXPECT_EQ(proxy_events().back(),
              Proxy::Event(Proxy::ProxyRemoved{k1, k2, PT::kJustTransfer, 0}));
    EXPECT_EQ(reserved(k1), 0);
    EXPECT_FALSE(Proxy::Proxies::contains_key(k1));
    EXPECT_EQ(error_of(dispatch(add(k1, PT::kAny, 0), k1)), err(Error::kNoSelfProxy));
  });
}

TEST(Proxy, CannotAddProxyWithoutBalance) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 0), k5)), "ok");
    EXPECT_EQ(reserved(k5), 2);
    // One more would reserve the last unit (the existential deposit) of account 5.
    EXPECT_NE(error_of(dispatch(add(k4, PT::kAny, 0), k5)), "ok");
    EXPECT_EQ(reserved(k5), 2);
    EXPECT_EQ(std::get<0>(Proxy::Proxies::get(k5)).size(), 1u);
  });
}

TEST(Proxy, ProxyingWorks) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kJustTransfer, 0), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 0), k1)), "ok");
    const Call call = call_transfer(k6, 1);
    EXPECT_EQ(error_of(dispatch(via(k1, call), k4)), err(Error::kNotProxy));
    EXPECT_EQ(error_of(dispatch(via(k1, call, PT::kAny), k2)), err(Error::kNotProxy));
    ASSERT_EQ(error_of(dispatch(via(k1, call), k2)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(free(k6), 1);

    // transfer_keep_alive is not JustTransfer's; Any may.
    const Call keep_alive =
        Call::of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(k6), 1});
    ASSERT_EQ(error_of(dispatch(via(k1, keep_alive), k2)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    ASSERT_EQ(error_of(dispatch(via(k1, keep_alive), k3)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(free(k6), 2);
    // A failing inner call: the proxy call is Ok, the event carries the error, nothing changed.
    const Call too_much = call_transfer(k6, 1000);
    ASSERT_EQ(error_of(dispatch(via(k1, too_much), k3)), "ok");
    EXPECT_NE(last_executed(), "ok");
    EXPECT_EQ(free(k6), 2);
    // Not signed.
    EXPECT_EQ(error_of(rt::testing::dispatch<TestRuntime, Proxy>(via(k1, call), Origin::none())),
              runtime::to_string(bad_origin()));
  });
}

// A proxy of a proxy: Proxy.proxy is itself a call the outer proxy's type must allow, and the
// inner proxy's dispatch starts a fresh origin with the inner type's filter only.
TEST(Proxy, ProxyOfAProxyFollowsEachTypesFilter) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kAny, 0), k1)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kJustTransfer, 0), k2)), "ok");
    ASSERT_EQ(error_of(dispatch(add(k4, PT::kAny, 0), k2)), "ok");
    const Call transfer = call_transfer(k6, 1);
    const Call inner = Call::of<Proxy>(via(k1, transfer));
    // 3 acts for 2 with JustTransfer: Proxy.proxy is not a transfer.
    ASSERT_EQ(error_of(dispatch(via(k2, inner), k3)), "ok");
    EXPECT_EQ(last_executed(), call_filtered());
    EXPECT_EQ(free(k6), 0);
    // 4 acts for 2 with Any, 2 for 1 with Any: two ProxyExecuted, the transfer from 1.
    const size_t before = executed_count();
    ASSERT_EQ(error_of(dispatch(via(k2, inner), k4)), "ok");
    EXPECT_EQ(executed_count(), before + 2);
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(free(k6), 1);
    EXPECT_EQ(free(k1), 10 - 2 - 1);
  });
}

TEST(Proxy, PureWorks) {
  with_accounts([] {
    ASSERT_TRUE(Balances::mint_into(k1, 1));  // an extra one for the existential deposit
    ASSERT_EQ(error_of(dispatch(Proxy::create_pure{PT::kAny, 0, 0}, k1)), "ok");
    const AccountId32 anon = Proxy::pure_account_now(k1, PT::kAny, 0);
    EXPECT_EQ(anon, proxy::pure_account(k1, PT::kAny, 0, 1, 0));
    EXPECT_EQ(proxy_events().back(), Proxy::Event(Proxy::PureCreated{anon, k1, PT::kAny, 0}));
    EXPECT_EQ(reserved(k1), 2);

    // Other pure accounts, as long as the parameters differ.
    ASSERT_EQ(error_of(dispatch(Proxy::create_pure{PT::kJustTransfer, 0, 0}, k1)), "ok");
    ASSERT_EQ(error_of(dispatch(Proxy::create_pure{PT::kAny, 0, 1}, k1)), "ok");
    const AccountId32 anon2 = Proxy::pure_account_now(k2, PT::kAny, 0);
    ASSERT_EQ(error_of(dispatch(Proxy::create_pure{PT::kAny, 0, 0}, k2)), "ok");
    EXPECT_EQ(error_of(dispatch(Proxy::create_pure{PT::kAny, 0, 0}, k1)), err(Error::kDuplicate));
    set_extrinsic_index(1);
    ASSERT_EQ(error_of(dispatch(Proxy::create_pure{PT::kAny, 0, 0}, k1)), "ok");
    set_extrinsic_index(0);
    set_block(2);
    ASSERT_EQ(error_of(dispatch(Proxy::create_pure{PT::kAny, 0, 0}, k1)), "ok");
    EXPECT_EQ(reserved(k1), 10);  // five pure accounts, 2 each
    EXPECT_EQ(free(k1), 1);

    const Call call = call_transfer(k6, 1);
    ASSERT_TRUE(Balances::transfer(k3, anon, 5, traits::tokens::Preservation::kExpendable));
    EXPECT_EQ(free(k6), 0);
    ASSERT_EQ(error_of(dispatch(via(anon, call), k1)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(free(k6), 1);

    // kill_pure of (1, Any, 0, block 1, extrinsic 0) made by another pure account: NoPermission
    // (in the event: the proxy call itself is Ok).
    const Call kill = Call::of<Proxy>(
        Proxy::kill_pure{MultiAddress::id(k1), PT::kAny, 0, /*height=*/1, /*ext_index=*/0});
    ASSERT_EQ(error_of(dispatch(via(anon2, kill), k2)), "ok");
    EXPECT_EQ(last_executed(), err(Error::kNoPermission));
    EXPECT_EQ(error_of(dispatch(Proxy::kill_pure{MultiAddress::id(k1), PT::kAny, 0, 1, 0}, k1)),
              err(Error::kNoPermission));
    EXPECT_EQ(free(k1), 1);
    // By the pure account itself, through its spawner's Any proxy: the deposit goes back.
    ASSERT_EQ(error_of(dispatch(via(anon, kill), k1)), "ok");
    EXPECT_EQ(last_executed(), "ok");
    EXPECT_EQ(proxy_events()[proxy_events().size() - 2],
              Proxy::Event(Proxy::PureKilled{anon, k1, PT::kAny, 0}));
    EXPECT_EQ(free(k1), 3);
    EXPECT_EQ(error_of(dispatch(via(anon, kill), k1)), err(Error::kNotProxy));
  });
}

TEST(Proxy, PokeDepositForProxiesAndAnnouncements) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k3, PT::kAny, 1), k1)), "ok");
    EXPECT_EQ(reserved(k1), 2);
    ASSERT_EQ(error_of(dispatch(announce(k1, filled(1)), k3)), "ok");
    EXPECT_EQ(reserved(k3), 2);

    // Unchanged: Ok, the fee paid, no event.
    auto unchanged = dispatch(Proxy::poke_deposit{}, k1);
    ASSERT_TRUE(unchanged);
    EXPECT_EQ(unchanged->pays_fee, Pays::kYes);
    EXPECT_TRUE(std::holds_alternative<Proxy::Announced>(proxy_events().back()));

    TestRuntime::kProxyDepositBase = 2;
    auto poked = dispatch(Proxy::poke_deposit{}, k1);
    ASSERT_TRUE(poked);
    EXPECT_EQ(poked->pays_fee, Pays::kNo);
    EXPECT_EQ(reserved(k1), 3);
    EXPECT_EQ(std::get<1>(Proxy::Proxies::get(k1)), 3);
    EXPECT_EQ(proxy_events().back(),
              Proxy::Event(Proxy::DepositPoked{k1, proxy::DepositKind::kProxies, 2, 3}));

    TestRuntime::kAnnouncementDepositBase = 2;
    poked = dispatch(Proxy::poke_deposit{}, k3);
    ASSERT_TRUE(poked);
    EXPECT_EQ(poked->pays_fee, Pays::kNo);
    EXPECT_EQ(reserved(k3), 3);
    EXPECT_EQ(proxy_events().back(),
              Proxy::Event(Proxy::DepositPoked{k3, proxy::DepositKind::kAnnouncements, 2, 3}));

    // Lowered again: the difference is unreserved.
    TestRuntime::kProxyDepositBase = 1;
    poked = dispatch(Proxy::poke_deposit{}, k1);
    ASSERT_TRUE(poked);
    EXPECT_EQ(reserved(k1), 2);
    EXPECT_EQ(free(k1), 8);
  });
}

// FRAME's pure_account bytes: blake2_256 over "modlpy/proxy____" ‖ spawner ‖ height u32 LE ‖
// ext_index u32 LE ‖ proxy type ‖ index u16 LE (62 bytes here), the hash itself the account.
TEST(Proxy, PureAccountLayout) {
  Bytes entropy;
  for (const char c : std::string_view("modlpy/proxy____"))
    entropy.push_back(static_cast<uint8_t>(c));
  const AccountId32 spawner = account(7);
  entropy.insert(entropy.end(), spawner.bytes.begin(), spawner.bytes.end());
  for (const uint8_t b : {0x05, 0x01, 0x00, 0x00}) entropy.push_back(b);  // height 261
  for (const uint8_t b : {0x02, 0x00, 0x00, 0x00}) entropy.push_back(b);  // extrinsic 2
  entropy.push_back(0x01);                                                // JustTransfer
  for (const uint8_t b : {0x03, 0x00}) entropy.push_back(b);              // index 3
  ASSERT_EQ(entropy.size(), 16u + 32 + 4 + 4 + 1 + 2);
  testing::TestExternalities ext;
  ext.execute_with([&] {
    EXPECT_EQ(proxy::pure_account(spawner, PT::kJustTransfer, 3, 261, 2).bytes,
              io::hashing::blake2_256(entropy));
  });
}

TEST(Proxy, StorageAndCallEncoding) {
  with_accounts([] {
    ASSERT_EQ(error_of(dispatch(add(k2, PT::kJustUtility, 7), k1)), "ok");
    // Twox64Concat(account) after twox128("Proxy") ++ twox128("Proxies").
    const Bytes key = Proxy::Proxies::key(k1);
    EXPECT_EQ(to_hex(ByteSpan(key).subspan(0, 32)),
              to_hex(io::hashing::twox_128(to_bytes("Proxy"))) +
                  to_hex(io::hashing::twox_128(to_bytes("Proxies"))).substr(2));
    const auto raw = io::storage::get(key);
    ASSERT_TRUE(raw.has_value());
    // One definition (delegate, type 2, delay 7), deposit 2 as u128.
    std::string value = "0x04";
    for (int i = 0; i < 32; ++i) value += "02";
    value +=
        "02"
        "07000000"
        "02000000000000000000000000000000";
    EXPECT_EQ(to_hex(*raw), value);
    // kill_pure(Id(1), Any, 0, 1, 2): pallet 2, call 5, MultiAddress::Id, the account, the type,
    // index u16, then height and ext_index compact.
    const Call call = Call::of<Proxy>(Proxy::kill_pure{MultiAddress::id(k1), PT::kAny, 0, 1, 2});
    std::string expected =
        "0x0205"
        "00";
    for (int i = 0; i < 32; ++i) expected += "01";
    expected +=
        "00"
        "0000"
        "04"
        "08";
    EXPECT_EQ(to_hex(scale::encode(call)), expected);
  });
}

TEST(Proxy, DeclaredWeightsAddTheInnerCall) {
  with_accounts([] {
    const Call transfer = call_transfer(k6, 1);
    const DispatchInfo inner = transfer.info();
    const DispatchInfo outer = Call::of<Proxy>(via(k1, transfer)).info();
    const Weight own = proxy::KusamaWeights<TestRuntime>::proxy(4).saturating_add(
        TestRuntime::kDbWeight.reads_writes(1, 1));
    EXPECT_EQ(outer.call_weight, own.saturating_add(inner.call_weight));
    EXPECT_EQ(outer.dispatch_class, inner.dispatch_class);
    // Kusama's proxy(p): 19_179_673 + 30_768 × p ref time, 4_706 proof, one read.
    EXPECT_EQ(proxy::KusamaWeights<TestRuntime>::proxy(4),
              Weight::from_parts(19'179'673 + 4 * 30'768, 4'706)
                  .saturating_add(TestRuntime::kDbWeight.reads(1)));
  });
}

}  // namespace
}  // namespace canary::rt
