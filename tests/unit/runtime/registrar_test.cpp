// paras_registrar (Registrar) natively, driving Paras, with Configuration, ParasShared and Balances
// beside it, configured as polkadot-sdk's registrar mock (ParaDeposit 10, DataDepositPerByte 1,
// accounts with funds) but with a small host configuration (max code 1,000 bytes, max head 100):
// reserve hands out 2000, 2001, … against the deposit; register's checks, its data deposit over
// max_code_size and the onboarding through Paras' PVF pre-check and two session changes;
// force_register with Root's deposit; deregister's refusals, refund and cleanup; the manager's
// lock (add_lock, remove_lock, on_new_head); swaps of a parachain and a parathread; code upgrades
// and heads reaching Paras; the para origin (a stub ParachainsOrigin); weights, genesis,
// try-state; the call and event encodings, the storage keys (prefixes from the shared reference
// twox.py, not from our hashing) and values, and the metadata. Sessions change as the SDK mock's
// run_to_session does it for Paras (ParasShared's session, then Paras' actions queue), with no
// active validators: a PVF is accepted by add_trusted_validation_code (the SDK benchmarks' way).
#include "runtime/pallets/registrar/registrar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/storage_version.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace config = pallets::para_configuration;
namespace shared = pallets::para_shared;
namespace paras = pallets::paras;
namespace registrar = pallets::registrar;
using config::HostConfiguration;
using pallets::para_primitives::HeadData;
using pallets::para_primitives::ParaId;
using pallets::para_primitives::ValidationCode;
using paras::ParaLifecycle;
using rt::testing::account;
using traits::tokens::Balance;

// polkadot-runtime-parachains' origin pallet as far as the Registrar sees it: Origin::Parachain
// (a single variant, so its SCALE form is the ParaId's after the variant byte, which the stub's
// ParaId-valued origin leaves out: the tests only need the value back).
struct ParachainsOrigin {
  static constexpr uint8_t kIndex = 50;
  using PalletOrigin = ParaId;
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Configuration = config::Pallet<TestRuntime, PalletAt<51, "Configuration">>;
  using ParasShared = shared::Pallet<TestRuntime, PalletAt<52, "ParasShared">>;
  using Paras = paras::Pallet<TestRuntime, PalletAt<56, "Paras">>;
  using Registrar = registrar::Pallet<TestRuntime, PalletAt<70, "Registrar">>;
  using Pallets =
      Composition<"test_runtime", System, Balances, Configuration, ParasShared, Paras, Registrar>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using ParasFungible = Balances;
  static constexpr Balance kParasCooldownRemovalMultiplier = 10;
  // Paras' OnNewHead is the Registrar's, as on Kusama.
  static Weight paras_on_new_head(ParaId id, const HeadData& head) {
    return Registrar::on_new_head(id, head);
  }

  // The Registrar's configuration (the SDK mock's values).
  using Currency = Balances;
  static constexpr Balance kParaDeposit = 10;
  static constexpr Balance kDataDepositPerByte = 1;
  static std::optional<ParaId> parachain_origin(const Origin& origin) {
    return origin.pallet_origin<ParachainsOrigin>();
  }
  // OnSwap: recorded (the SDK mock's MockSwap swaps data kept per para).
  static inline std::vector<std::pair<ParaId, ParaId>> swaps{};
  static void registrar_on_swap(ParaId one, ParaId other) { swaps.emplace_back(one, other); }
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Configuration = TestRuntime::Configuration;
using ParasShared = TestRuntime::ParasShared;
using Paras = TestRuntime::Paras;
using Registrar = TestRuntime::Registrar;
using Error = registrar::Error;

// The same runtime without para origins: a member named parachain_origin that is no function
// hides the hook, as a runtime that never declared it (the Canary runtime today).
struct NoParaOriginRuntime : TestRuntime {
  static constexpr int parachain_origin = 0;
};
using RegistrarWithoutParaOrigins =
    registrar::Pallet<NoParaOriginRuntime, PalletAt<70, "Registrar">>;

// A runtime with weights of its own.
struct FlatWeights {
  static Weight reserve() { return Weight::from_parts(1, 1); }
  static Weight register_() { return Weight::from_parts(2, 2); }
  static Weight force_register() { return Weight::from_parts(3, 3); }
  static Weight deregister() { return Weight::from_parts(4, 4); }
  static Weight swap() { return Weight::from_parts(5, 5); }
  static Weight schedule_code_upgrade(uint32_t b) { return Weight::from_parts(6, b); }
  static Weight set_current_head(uint32_t b) { return Weight::from_parts(7, b); }
};
struct BenchmarkedRuntime : TestRuntime {
  using RegistrarWeightInfo = FlatWeights;
};
using BenchmarkedRegistrar = registrar::Pallet<BenchmarkedRuntime, PalletAt<70, "Registrar">>;

const AccountId32 k1 = account(1);
const AccountId32 k2 = account(2);
const AccountId32 k3 = account(3);
const AccountId32 kPoor = account(9);  // no funds
constexpr Balance kFunds = 10'000;
constexpr uint32_t kMaxCodeSize = 1'000;
constexpr uint32_t kMaxHeadSize = 100;
constexpr ParaId p2000{2000};
constexpr ParaId p2001{2001};

HeadData head_of(size_t n, uint8_t fill = 0) {
  return HeadData{Bytes(n, fill)};
}
ValidationCode code_of(size_t n, uint8_t fill = 0) {
  return ValidationCode{Bytes(n, fill)};
}
Origin by(const AccountId32& who) {
  return Origin::signed_by(who);
}
Origin para_origin(ParaId id) {
  return Origin::of_pallet<ParachainsOrigin>(id);
}

DispatchResultWithPostInfo dispatch(Registrar::Call call, const Origin& origin) {
  return rt::testing::dispatch<TestRuntime, Registrar>(std::move(call), origin);
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string error_of(const DispatchResult& r) {
  return r ? std::string("ok") : runtime::to_string(r.error());
}
std::string err(Error e) {
  return runtime::to_string(Registrar::error(e));
}
std::string paras_err(paras::Error e) {
  return runtime::to_string(Paras::error(e));
}
std::string bad_origin_error() {
  return runtime::to_string(bad_origin());
}
Balance reserved(const AccountId32& who) {
  return Balances::reserved_balance(who);
}
Balance free(const AccountId32& who) {
  return Balances::free_balance(who);
}
std::vector<Registrar::Event> registrar_events() {
  return rt::testing::events_of<TestRuntime, Registrar>();
}
std::vector<Paras::Event> paras_events() {
  return rt::testing::events_of<TestRuntime, Paras>();
}
std::optional<ParaLifecycle> lifecycle(ParaId id) {
  return Paras::lifecycle(id);
}

HostConfiguration test_config() {
  HostConfiguration c;
  c.max_code_size = kMaxCodeSize;
  c.max_head_data_size = kMaxHeadSize;
  return c;
}

// A session change as the Initializer makes it for these pallets (no active validators).
void new_session() {
  const uint32_t session = ParasShared::session_index() + 1;
  ParasShared::initializer_on_new_session(session, {}, std::nullopt, {});
  Paras::initializer_on_new_session(session, Configuration::ActiveConfig::get(), 0);
}
void sessions(int n) {
  for (int i = 0; i < n; ++i) new_session();
}

// Accounts 1 to 3 with funds, the test configuration, block 1; try-state at the end.
template <class F>
void with_chain(F&& f) {
  TestRuntime::swaps.clear();
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    Configuration::force_set_active_config(test_config());
    System::initialize(1, H256{}, {});
    for (const AccountId32& who : {k1, k2, k3}) ASSERT_TRUE(Balances::mint_into(who, kFunds));
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

// Paras accepts `code` at once (a trusted PVF concludes its vote, or later ones are known).
void trust(const ValidationCode& code) {
  ASSERT_EQ(error_of(rt::testing::dispatch<TestRuntime, Paras>(
                Paras::add_trusted_validation_code{code}, Origin::root())),
            "ok");
}
// `who` reserves the next id and registers it with a 32-byte head and `code`.
void reserve_and_register(const AccountId32& who, const ValidationCode& code) {
  ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(who))), "ok");
  const ParaId id{Registrar::NextFreeParaId::get().value - 1};
  ASSERT_EQ(error_of(dispatch(Registrar::register_{id, head_of(32), code}, by(who))), "ok");
}

// --- reserve.

TEST(Registrar, ReserveHandsOutIdsFrom2000AndHoldsTheDeposit) {
  with_chain([] {
    // The state's NextFreeParaId is 0 (no genesis): reserve never goes below LOWEST_PUBLIC_ID.
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{0});
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k1))), "ok");
    EXPECT_EQ(Registrar::Paras::get(p2000), (registrar::ParaInfo{k1, 10, std::nullopt}));
    EXPECT_EQ(reserved(k1), 10U);
    EXPECT_EQ(free(k1), kFunds - 10);
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{2001});
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k2))), "ok");
    EXPECT_EQ(Registrar::manager_of(p2001), std::optional<AccountId32>(k2));
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{2002});
    EXPECT_EQ(registrar_events(), (std::vector<Registrar::Event>{Registrar::Reserved{p2000, k1},
                                                                 Registrar::Reserved{p2001, k2}}));
    // Reserving is no registration: Paras knows neither.
    EXPECT_EQ(lifecycle(p2000), std::nullopt);

    // Without funds: Balances' error, nothing kept.
    EXPECT_EQ(error_of(dispatch(Registrar::reserve{}, by(kPoor))),
              runtime::to_string(pallet_error<Balances>(balances::Error::kInsufficientBalance)));
    EXPECT_FALSE(Registrar::Paras::contains_key(ParaId{2002}));
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{2002});
    // Only a signed origin reserves.
    EXPECT_EQ(error_of(dispatch(Registrar::reserve{}, Origin::root())), bad_origin_error());

    // An id Paras already knows is refused (and NextFreeParaId stays, as FRAME's).
    ASSERT_TRUE(Paras::schedule_para_initialize(
                    ParaId{2002}, {head_of(1), code_of(9), paras::ParaKind::kParathread})
                    .has_value());
    EXPECT_EQ(error_of(dispatch(Registrar::reserve{}, by(k3))), err(Error::kAlreadyRegistered));
    EXPECT_EQ(reserved(k3), 0U);
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{2002});
  });
}

// --- register.

TEST(Registrar, RegisterChecksTheReservationTheOwnerAndTheSizes) {
  with_chain([] {
    const ValidationCode code = code_of(32);
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2000, head_of(32), code}, by(k1))),
              err(Error::kNotReserved));
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k1))), "ok");
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2000, head_of(32), code}, by(k2))),
              err(Error::kNotOwner));
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2000, head_of(32), code}, Origin::root())),
              bad_origin_error());
    // Code below MIN_CODE_SIZE (9), above max_code_size, a head above max_head_data_size.
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2000, head_of(32), code_of(8)}, by(k1))),
              err(Error::kInvalidCode));
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2000, head_of(32), code_of(kMaxCodeSize + 1)},
                                by(k1))),
              err(Error::kCodeTooLarge));
    EXPECT_EQ(
        error_of(dispatch(Registrar::register_{p2000, head_of(kMaxHeadSize + 1), code}, by(k1))),
        err(Error::kHeadDataTooLarge));
    // Nothing of that stayed.
    EXPECT_EQ(reserved(k1), 10U);
    EXPECT_EQ(lifecycle(p2000), std::nullopt);
    // The limits themselves are fine; the deposit is then more than k1 has: Balances refuses.
    ASSERT_TRUE(Balances::mint_into(kPoor, 20));
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(kPoor))), "ok");
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2001, head_of(1), code}, by(kPoor))),
              runtime::to_string(pallet_error<Balances>(balances::Error::kInsufficientBalance)));
    EXPECT_EQ(reserved(kPoor), 10U);
    ASSERT_EQ(
        error_of(dispatch(Registrar::register_{p2000, head_of(kMaxHeadSize), code_of(kMaxCodeSize)},
                          by(k1))),
        "ok");
    // Paras knows it now: a second registration is refused.
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2000, head_of(32), code}, by(k1))),
              err(Error::kAlreadyRegistered));
  });
}

TEST(Registrar, RegisterHoldsTheDataDepositAndOnboardsAParathread) {
  with_chain([] {
    new_session();  // session 1, as the SDK's register_works starts
    const ValidationCode code = code_of(32, 7);
    const HeadData head = head_of(32, 3);
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k1))), "ok");
    EXPECT_EQ(reserved(k1), 10U);
    ASSERT_EQ(error_of(dispatch(Registrar::register_{p2000, head, code}, by(k1))), "ok");
    // ParaDeposit + DataDepositPerByte × (32 head bytes + max_code_size), not the code's 32.
    const Balance deposit = 10 + 32 + kMaxCodeSize;
    EXPECT_EQ(reserved(k1), deposit);
    EXPECT_EQ(free(k1), kFunds - deposit);
    EXPECT_EQ(Registrar::Paras::get(p2000), (registrar::ParaInfo{k1, deposit, std::nullopt}));
    EXPECT_EQ(registrar_events().back(), Registrar::Event(Registrar::Registered{p2000, k1}));

    // Paras: onboarding as a parathread, the code stored and under a PVF vote whose cause is
    // this para's onboarding, the genesis arguments waiting without it.
    EXPECT_EQ(lifecycle(p2000), ParaLifecycle::kOnboarding);
    const auto genesis = Paras::UpcomingParasGenesis::get(p2000);
    ASSERT_TRUE(genesis.has_value());
    EXPECT_EQ(genesis->para_kind, paras::ParaKind::kParathread);
    EXPECT_EQ(genesis->genesis_head, head);
    EXPECT_TRUE(genesis->validation_code.bytes.empty());
    EXPECT_EQ(Paras::CodeByHash::get(code.hash()), code);
    const auto vote = Paras::PvfActiveVoteMap::get(code.hash());
    ASSERT_TRUE(vote.has_value());
    ASSERT_EQ(vote->causes.size(), 1U);
    EXPECT_EQ(vote->causes[0], (paras::PvfCheckCause{paras::PvfCheckCause::Onboarding{p2000}}));
    EXPECT_EQ(paras_events(),
              (std::vector<Paras::Event>{Paras::PvfCheckStarted{code.hash(), p2000}}));

    // Accepted, it onboards two sessions on (SESSION_DELAY), not one.
    trust(code);
    new_session();
    EXPECT_EQ(lifecycle(p2000), ParaLifecycle::kOnboarding);
    new_session();
    EXPECT_EQ(lifecycle(p2000), ParaLifecycle::kParathread);
    EXPECT_TRUE(Registrar::is_parathread(p2000));
    EXPECT_FALSE(Registrar::is_parachain(p2000));
    EXPECT_EQ(Paras::Heads::get(p2000), head);
    EXPECT_EQ(Paras::current_code(p2000), code);
    // The deposit stays while registered.
    EXPECT_EQ(reserved(k1), deposit);
  });
}

TEST(Registrar, ForceRegisterTakesRootsDepositForAnyId) {
  with_chain([] {
    const ValidationCode code = code_of(16);
    Registrar::Call call = Registrar::force_register{k3, 123, ParaId{1000}, head_of(4), code};
    EXPECT_EQ(error_of(dispatch(call, by(k3))), bad_origin_error());
    // A system parachain's id, unreserved, with Root's deposit rather than the data deposit.
    ASSERT_EQ(error_of(dispatch(call, Origin::root())), "ok");
    EXPECT_EQ(reserved(k3), 123U);
    EXPECT_EQ(Registrar::Paras::get(ParaId{1000}), (registrar::ParaInfo{k3, 123, std::nullopt}));
    EXPECT_EQ(lifecycle(ParaId{1000}), ParaLifecycle::kOnboarding);
    EXPECT_EQ(registrar_events().back(), Registrar::Event(Registrar::Registered{ParaId{1000}, k3}));
    // NextFreeParaId is reserve's business only.
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{0});

    // Over a reservation: the difference to what the id holds is returned (10 → 4)…
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k1))), "ok");
    ASSERT_EQ(error_of(dispatch(Registrar::force_register{k1, 4, p2000, head_of(4), code},
                                Origin::root())),
              "ok");
    EXPECT_EQ(reserved(k1), 4U);
    EXPECT_EQ(free(k1), kFunds - 4);
    // …or reserved (10 → 25), and someone else's reservation is not Root's to take over.
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k2))), "ok");
    EXPECT_EQ(error_of(dispatch(Registrar::force_register{k1, 25, p2001, head_of(4), code},
                                Origin::root())),
              err(Error::kNotOwner));
    ASSERT_EQ(error_of(dispatch(Registrar::force_register{k2, 25, p2001, head_of(4), code},
                                Origin::root())),
              "ok");
    EXPECT_EQ(reserved(k2), 25U);
    // The sizes are checked for Root too.
    EXPECT_EQ(error_of(dispatch(Registrar::force_register{k3, 0, ParaId{1001}, head_of(4),
                                                          code_of(kMaxCodeSize + 1)},
                                Origin::root())),
              err(Error::kCodeTooLarge));
  });
}

// --- deregister.

TEST(Registrar, DeregisterReturnsTheDepositsAndSchedulesCleanup) {
  with_chain([] {
    const ValidationCode code = code_of(32);
    reserve_and_register(k1, code);
    // Still onboarding: not a parathread (polkadot-sdk accepts only Parathread or unknown).
    EXPECT_EQ(error_of(dispatch(Registrar::deregister{p2000}, by(k1))), err(Error::kNotParathread));
    trust(code);
    sessions(2);
    ASSERT_EQ(lifecycle(p2000), ParaLifecycle::kParathread);
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2000, p2001}, by(k1))), "ok");
    // Someone else is neither the manager, Root nor the para.
    EXPECT_EQ(error_of(dispatch(Registrar::deregister{p2000}, by(k2))), bad_origin_error());
    ASSERT_EQ(error_of(dispatch(Registrar::deregister{p2000}, by(k1))), "ok");
    // Everything back now, the pending swap gone; Paras offboards at the scheduled session.
    EXPECT_EQ(reserved(k1), 0U);
    EXPECT_EQ(free(k1), kFunds);
    EXPECT_FALSE(Registrar::Paras::contains_key(p2000));
    EXPECT_FALSE(Registrar::PendingSwap::contains_key(p2000));
    EXPECT_EQ(registrar_events().back(), Registrar::Event(Registrar::Deregistered{p2000}));
    EXPECT_EQ(lifecycle(p2000), ParaLifecycle::kOffboardingParathread);
    EXPECT_EQ(Paras::ActionsQueue::get(ParasShared::scheduled_session()),
              std::vector<ParaId>{p2000});
    sessions(2);
    EXPECT_EQ(lifecycle(p2000), std::nullopt);
    EXPECT_FALSE(Paras::Heads::contains_key(p2000));
    // Gone from both: a second deregistration only repeats the event.
    ASSERT_EQ(error_of(dispatch(Registrar::deregister{p2000}, Origin::root())), "ok");

    // A reserved id that never registered: the ParaDeposit returns.
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k2))), "ok");
    EXPECT_EQ(reserved(k2), 10U);
    ASSERT_EQ(error_of(dispatch(Registrar::deregister{p2001}, by(k2))), "ok");
    EXPECT_EQ(reserved(k2), 0U);
    // An id nobody reserved: a signed caller is told it is not registered.
    EXPECT_EQ(error_of(dispatch(Registrar::deregister{ParaId{2100}}, by(k2))),
              err(Error::kNotRegistered));
  });
}

TEST(Registrar, DeregisterRefusesParachainsAndAcceptsARejectedOnboarding) {
  with_chain([] {
    const ValidationCode code = code_of(32);
    reserve_and_register(k1, code);
    trust(code);
    sessions(2);
    ASSERT_EQ(error_of(Registrar::make_parachain(p2000)), "ok");
    EXPECT_EQ(error_of(Registrar::make_parachain(p2000)), err(Error::kNotParathread));
    sessions(2);
    ASSERT_EQ(lifecycle(p2000), ParaLifecycle::kParachain);
    EXPECT_EQ(error_of(dispatch(Registrar::deregister{p2000}, Origin::root())),
              err(Error::kNotParathread));
    EXPECT_EQ(error_of(Registrar::make_parathread(p2001)), err(Error::kNotParachain));

    // A PVF that is never accepted expires after pvf_voting_ttl (2) sessions: Paras forgets the
    // onboarding and the id can go (the SDK's "skip pre-check and deregister").
    const ValidationCode other = code_of(32, 1);
    reserve_and_register(k2, other);
    EXPECT_EQ(lifecycle(p2001), ParaLifecycle::kOnboarding);
    sessions(2);
    EXPECT_EQ(lifecycle(p2001), std::nullopt);
    ASSERT_EQ(error_of(dispatch(Registrar::deregister{p2001}, by(k2))), "ok");
    EXPECT_EQ(reserved(k2), 0U);
  });
}

// --- Locks and origins.

TEST(Registrar, TheLockKeepsTheManagerOutButNotTheParaOrRoot) {
  with_chain([] {
    reserve_and_register(k1, code_of(32));
    // Someone else cannot lock it.
    EXPECT_EQ(error_of(dispatch(Registrar::add_lock{p2000}, by(k2))), bad_origin_error());
    // The para's first head locks it (Paras' OnNewHead).
    Paras::note_new_head(p2000, HeadData{}, 1);
    EXPECT_EQ(Registrar::Paras::get(p2000)->locked, std::optional<bool>(true));
    // The manager is out: ParaLocked for everything that checks the manager.
    for (Registrar::Call call :
         {Registrar::Call{Registrar::add_lock{p2000}},
          Registrar::Call{Registrar::deregister{p2000}},
          Registrar::Call{Registrar::swap{p2000, p2001}},
          Registrar::Call{Registrar::set_current_head{p2000, head_of(1)}},
          Registrar::Call{Registrar::schedule_code_upgrade{p2000, code_of(16)}}}) {
      EXPECT_EQ(error_of(dispatch(call, by(k1))), err(Error::kParaLocked));
    }
    // The manager may never lift a lock; another para may not either.
    EXPECT_EQ(error_of(dispatch(Registrar::remove_lock{p2000}, by(k1))), bad_origin_error());
    EXPECT_EQ(error_of(dispatch(Registrar::remove_lock{p2000}, para_origin(p2001))),
              err(Error::kNotOwner));
    // The para can.
    ASSERT_EQ(error_of(dispatch(Registrar::remove_lock{p2000}, para_origin(p2000))), "ok");
    EXPECT_EQ(Registrar::Paras::get(p2000)->locked, std::optional<bool>(false));
    EXPECT_TRUE(Registrar::ensure_root_para_or_owner(by(k1), p2000).has_value());
    // A lock removed explicitly is not set again by a new head.
    EXPECT_EQ(Registrar::on_new_head(p2000, HeadData{}), TestRuntime::kDbWeight.reads(1));
    EXPECT_EQ(Registrar::Paras::get(p2000)->locked, std::optional<bool>(false));
    // The manager locks itself out; Root unlocks and locks.
    ASSERT_EQ(error_of(dispatch(Registrar::add_lock{p2000}, by(k1))), "ok");
    EXPECT_EQ(Registrar::Paras::get(p2000)->locked, std::optional<bool>(true));
    ASSERT_EQ(error_of(dispatch(Registrar::remove_lock{p2000}, Origin::root())), "ok");
    EXPECT_FALSE(Registrar::Paras::get(p2000)->is_locked());
    ASSERT_EQ(error_of(dispatch(Registrar::add_lock{p2000}, para_origin(p2000))), "ok");
    EXPECT_TRUE(Registrar::Paras::get(p2000)->is_locked());
    // Locked and registering again: ParaLocked before anything else (do_register's order).
    EXPECT_EQ(error_of(dispatch(Registrar::register_{p2000, head_of(1), code_of(9)}, by(k1))),
              err(Error::kParaLocked));
    // Unknown ids: Root passes the origin check and nothing happens.
    EXPECT_EQ(error_of(dispatch(Registrar::add_lock{ParaId{3000}}, Origin::root())), "ok");
    EXPECT_FALSE(Registrar::Paras::contains_key(ParaId{3000}));
    EXPECT_EQ(error_of(dispatch(Registrar::add_lock{ParaId{3000}}, by(k1))),
              err(Error::kNotRegistered));
    EXPECT_EQ(error_of(dispatch(Registrar::add_lock{ParaId{3000}}, Origin::none())),
              bad_origin_error());
  });
}

TEST(Registrar, WithoutAParachainOriginOnlyRootAndTheManagerPass) {
  with_chain([] {
    reserve_and_register(k1, code_of(32));
    EXPECT_TRUE(Registrar::ensure_root_or_para(para_origin(p2000), p2000).has_value());
    EXPECT_EQ(error_of(RegistrarWithoutParaOrigins::ensure_root_or_para(para_origin(p2000), p2000)),
              bad_origin_error());
    EXPECT_TRUE(RegistrarWithoutParaOrigins::ensure_root_or_para(Origin::root(), p2000));
    EXPECT_TRUE(RegistrarWithoutParaOrigins::ensure_root_para_or_owner(by(k1), p2000));
    EXPECT_EQ(error_of(RegistrarWithoutParaOrigins::ensure_root_para_or_owner(by(k2), p2000)),
              bad_origin_error());
  });
}

// --- swap.

TEST(Registrar, SwapTradesAParachainAndAParathreadAtTheScheduledSession) {
  with_chain([] {
    // Cannot even start with an unknown para.
    EXPECT_EQ(error_of(dispatch(Registrar::swap{p2000, p2001}, Origin::root())),
              err(Error::kNotRegistered));
    const ValidationCode code = code_of(32);
    reserve_and_register(k1, code);
    reserve_and_register(k2, code);
    trust(code);
    // Both onboarding: the first half is noted, the confirmation refused.
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2000, p2001}, Origin::root())), "ok");
    EXPECT_EQ(error_of(dispatch(Registrar::swap{p2001, p2000}, Origin::root())),
              err(Error::kCannotSwap));
    sessions(2);
    // Two parathreads cannot swap either.
    EXPECT_EQ(error_of(dispatch(Registrar::swap{p2001, p2000}, Origin::root())),
              err(Error::kCannotSwap));
    // Swapping an id with itself clears its pending swap.
    EXPECT_EQ(Registrar::PendingSwap::get(p2000), std::optional<ParaId>(p2001));
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2000, p2000}, by(k1))), "ok");
    EXPECT_FALSE(Registrar::PendingSwap::contains_key(p2000));

    ASSERT_EQ(error_of(Registrar::make_parachain(p2000)), "ok");
    sessions(2);
    ASSERT_EQ(lifecycle(p2000), ParaLifecycle::kParachain);
    ASSERT_EQ(lifecycle(p2001), ParaLifecycle::kParathread);
    EXPECT_EQ(Registrar::parachains(), std::vector<ParaId>{p2000});
    // Each para asks for it, the first as itself, the second through its manager.
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2000, p2001}, para_origin(p2000))), "ok");
    EXPECT_EQ(Registrar::PendingSwap::get(p2000), std::optional<ParaId>(p2001));
    EXPECT_TRUE(TestRuntime::swaps.empty());
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2001, p2000}, by(k2))), "ok");
    EXPECT_EQ(registrar_events().back(), Registrar::Event(Registrar::Swapped{p2001, p2000}));
    EXPECT_TRUE(Registrar::PendingSwap::entries().empty());
    // OnSwap(to_upgrade, to_downgrade); the lifecycles change at the scheduled session.
    EXPECT_EQ(TestRuntime::swaps, (std::vector<std::pair<ParaId, ParaId>>{{p2001, p2000}}));
    EXPECT_EQ(lifecycle(p2000), ParaLifecycle::kDowngradingParachain);
    EXPECT_EQ(lifecycle(p2001), ParaLifecycle::kUpgradingParathread);
    // In transition: not swappable.
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2000, p2001}, Origin::root())), "ok");
    EXPECT_EQ(error_of(dispatch(Registrar::swap{p2001, p2000}, Origin::root())),
              err(Error::kCannotSwap));
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2000, p2000}, Origin::root())), "ok");
    sessions(2);
    EXPECT_EQ(lifecycle(p2000), ParaLifecycle::kParathread);
    EXPECT_EQ(lifecycle(p2001), ParaLifecycle::kParachain);
    EXPECT_EQ(Registrar::parachains(), std::vector<ParaId>{p2001});
    // The managers and deposits stay with their ids.
    EXPECT_EQ(Registrar::manager_of(p2000), std::optional<AccountId32>(k1));
    EXPECT_EQ(Registrar::manager_of(p2001), std::optional<AccountId32>(k2));

    // Two parachains swap only what OnSwap manages.
    ASSERT_EQ(error_of(Registrar::make_parachain(p2000)), "ok");
    sessions(2);
    TestRuntime::swaps.clear();
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2000, p2001}, Origin::root())), "ok");
    ASSERT_EQ(error_of(dispatch(Registrar::swap{p2001, p2000}, Origin::root())), "ok");
    EXPECT_EQ(TestRuntime::swaps, (std::vector<std::pair<ParaId, ParaId>>{{p2001, p2000}}));
    EXPECT_EQ(lifecycle(p2000), ParaLifecycle::kParachain);
    EXPECT_EQ(lifecycle(p2001), ParaLifecycle::kParachain);
  });
}

// --- Code and heads.

TEST(Registrar, ScheduleCodeUpgradeAndSetCurrentHeadReachParas) {
  with_chain([] {
    const ValidationCode code = code_of(32);
    reserve_and_register(k1, code);
    trust(code);
    sessions(2);
    System::reset_events();
    // The para's code must be within Paras' limits (Paras' own error).
    EXPECT_EQ(error_of(dispatch(Registrar::schedule_code_upgrade{p2000, code_of(8)}, by(k1))),
              paras_err(paras::Error::kInvalidCode));
    EXPECT_EQ(error_of(dispatch(Registrar::schedule_code_upgrade{p2000, code_of(kMaxCodeSize + 1)},
                                by(k1))),
              paras_err(paras::Error::kInvalidCode));
    EXPECT_EQ(error_of(dispatch(Registrar::schedule_code_upgrade{p2000, code_of(16)}, by(k2))),
              bad_origin_error());
    // The manager schedules it; a known code is accepted at once and applies at the expected
    // block whatever the para does (ApplyAtExpectedBlock: FutureCodeUpgradesAt, no GoAhead
    // signal list).
    const ValidationCode next = code_of(40, 5);
    trust(next);
    ASSERT_EQ(error_of(dispatch(Registrar::schedule_code_upgrade{p2000, next}, by(k1))), "ok");
    EXPECT_EQ(Paras::FutureCodeHash::get(p2000), next.hash());
    const auto at = Paras::FutureCodeUpgradesAt::get();
    ASSERT_EQ(at.size(), 1U);
    EXPECT_EQ(std::get<0>(at[0]), p2000);
    EXPECT_TRUE(Paras::UpcomingUpgrades::get().empty());
    const auto events = paras_events();
    EXPECT_NE(
        std::find(events.begin(), events.end(), Paras::Event{Paras::CodeUpgradeScheduled{p2000}}),
        events.end());
    // A second upgrade while one is pending: Paras refuses.
    EXPECT_EQ(
        error_of(dispatch(Registrar::schedule_code_upgrade{p2000, code_of(48)}, Origin::root())),
        paras_err(paras::Error::kCannotUpgradeCode));

    // The head: set now, by the manager, Root or the para.
    ASSERT_EQ(error_of(dispatch(Registrar::set_current_head{p2000, head_of(5, 9)}, by(k1))), "ok");
    EXPECT_EQ(Paras::Heads::get(p2000), head_of(5, 9));
    EXPECT_EQ(paras_events().back(), Paras::Event{Paras::CurrentHeadUpdated{p2000}});
    ASSERT_EQ(
        error_of(dispatch(Registrar::set_current_head{p2000, head_of(6, 1)}, para_origin(p2000))),
        "ok");
    EXPECT_EQ(Paras::Heads::get(p2000), head_of(6, 1));
    EXPECT_EQ(
        error_of(dispatch(Registrar::set_current_head{p2000, head_of(6, 2)}, para_origin(p2001))),
        err(Error::kNotOwner));
    // Root may set a head for an id the Registrar does not know (FRAME does not check).
    ASSERT_EQ(
        error_of(dispatch(Registrar::set_current_head{ParaId{7}, head_of(1)}, Origin::root())),
        "ok");
    EXPECT_EQ(Paras::Heads::get(ParaId{7}), head_of(1));
  });
}

// --- Weights, genesis, try-state.

TEST(Registrar, WeightsAreKusamasUnlessTheRuntimeHasItsOwn) {
  using Kusama = registrar::KusamaWeights<TestRuntime>;
  const auto db = TestRuntime::kDbWeight;
  EXPECT_EQ(Registrar::reserve{}.info().call_weight,
            Weight::from_parts(41'580'000, 3'524).saturating_add(db.reads_writes(3, 2)));
  EXPECT_EQ(Registrar::register_{}.info().call_weight,
            Weight::from_parts(6'488'181'000, 3'780).saturating_add(db.reads_writes(7, 8)));
  EXPECT_EQ(Registrar::force_register{}.info().call_weight, Kusama::force_register());
  EXPECT_EQ(Registrar::deregister{}.info().call_weight,
            Weight::from_parts(75'190'000, 3'927).saturating_add(db.reads_writes(6, 4)));
  EXPECT_EQ(Registrar::swap{}.info().call_weight,
            Weight::from_parts(86'390'000, 6'640).saturating_add(db.reads_writes(10, 8)));
  EXPECT_EQ(
      (Registrar::schedule_code_upgrade{p2000, code_of(100)}.info().call_weight),
      Weight::from_parts(33'792'451 + 100 * 2'074, 3'666).saturating_add(db.reads_writes(9, 7)));
  EXPECT_EQ((Registrar::set_current_head{p2000, head_of(10)}.info().call_weight),
            Weight::from_parts(24'681'825 + 10 * 814, 0).saturating_add(db.writes(1)));
  // FRAME's in-call weights of the lock calls.
  EXPECT_EQ(Registrar::add_lock{}.info().call_weight, db.reads_writes(1, 1));
  EXPECT_EQ(Registrar::remove_lock{}.info().call_weight, db.reads_writes(1, 1));
  EXPECT_EQ(Registrar::reserve{}.info().dispatch_class, DispatchClass::kNormal);
  EXPECT_EQ(BenchmarkedRegistrar::reserve{}.info().call_weight, Weight::from_parts(1, 1));
  EXPECT_EQ((BenchmarkedRegistrar::schedule_code_upgrade{p2000, code_of(12)}.info().call_weight),
            Weight::from_parts(6, 12));
  EXPECT_EQ(BenchmarkedRegistrar::add_lock{}.info().call_weight, db.reads_writes(1, 1));
}

TEST(Registrar, GenesisSetsTheFirstIdReserveHandsOut) {
  rt::testing::TestExternalities ext;
  ext.execute_with([] {
    const auto config = json::parse(R"({"registrar": {"nextFreeParaId": 2500}})").value();
    ASSERT_TRUE(TestRuntime::Pallets::build_genesis_json(config));
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{2500});
    // FRAME's OnGenesis writes the in-code storage version, 1.
    EXPECT_EQ(on_chain_storage_version<Registrar>(), 1);
    Configuration::force_set_active_config(test_config());
    System::initialize(1, H256{}, {});
    ASSERT_TRUE(Balances::mint_into(k1, kFunds));
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k1))), "ok");
    EXPECT_TRUE(Registrar::Paras::contains_key(ParaId{2500}));
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{2501});
    const auto misspelt = json::parse(R"({"registrar": {"next_free_para_id": 1}})").value();
    EXPECT_FALSE(TestRuntime::Pallets::build_genesis_json(misspelt));
  });
  // The default is LOWEST_PUBLIC_ID, as FRAME's.
  rt::testing::TestExternalities defaults;
  defaults.execute_with([] {
    ASSERT_TRUE(Registrar::build_genesis({}));
    EXPECT_EQ(Registrar::NextFreeParaId::get(), ParaId{2000});
  });
  const std::string json = json::write(TestRuntime::Pallets::default_genesis_json());
  EXPECT_NE(json.find(R"("registrar":{"nextFreeParaId":2000})"), std::string::npos) << json;
}

TEST(Registrar, TryStateFindsASelfSwapAndAnUncoveredDeposit) {
  with_chain([] {
    reserve_and_register(k1, code_of(32));
    EXPECT_TRUE(Registrar::try_state(1));
    Registrar::PendingSwap::insert(p2001, p2001);
    auto self_swap = Registrar::try_state(1);
    ASSERT_FALSE(self_swap);
    EXPECT_EQ(self_swap.error(), "Registrar: PendingSwap of para 2001 names itself");
    Registrar::PendingSwap::remove(p2001);
    // A deposit the manager no longer has reserved (only a bug could do this).
    ASSERT_EQ(Balances::unreserve(k1, 5), 0U);
    auto uncovered = Registrar::try_state(1);
    ASSERT_FALSE(uncovered);
    EXPECT_EQ(uncovered.error(),
              "Registrar: a manager's reserved balance is below the deposits it holds");
    ASSERT_EQ(error_of(Balances::reserve(k1, 5)), "ok");
  });
}

// --- Wire forms and metadata.

TEST(Registrar, CallsAndEventsEncodeAsFrames) {
  const std::string id2000 = "d0070000";
  const std::string alice = to_hex(k1.bytes).substr(2);
  auto enc = [](const auto& v) { return to_hex(scale::encode(v)).substr(2); };
  // Registrar's Call without the pallet byte: the call index, then the fields.
  EXPECT_EQ(enc(Registrar::Call{Registrar::reserve{}}), "05");
  EXPECT_EQ(enc(Registrar::Call{Registrar::register_{p2000, HeadData{{1, 2}}, code_of(9, 0xaa)}}),
            "00" + id2000 + "080102" + "24" + std::string(18, 'a'));
  // force_register: the account, the deposit as a plain u128 (not compact), the id, …
  EXPECT_EQ(
      enc(Registrar::Call{Registrar::force_register{k1, 5, ParaId{1000}, HeadData{}, code_of(9)}}),
      "01" + alice + "05" + std::string(30, '0') + "e8030000" + "00" + "24" + std::string(18, '0'));
  EXPECT_EQ(enc(Registrar::Call{Registrar::deregister{p2000}}), "02" + id2000);
  EXPECT_EQ(enc(Registrar::Call{Registrar::swap{p2000, p2001}}), "03" + id2000 + "d1070000");
  EXPECT_EQ(enc(Registrar::Call{Registrar::remove_lock{p2000}}), "04" + id2000);
  EXPECT_EQ(enc(Registrar::Call{Registrar::add_lock{p2000}}), "06" + id2000);
  EXPECT_EQ(enc(Registrar::Call{Registrar::schedule_code_upgrade{p2000, code_of(9, 1)}}),
            "07" + id2000 + "24" + std::string("010101010101010101"));
  EXPECT_EQ(enc(Registrar::Call{Registrar::set_current_head{p2000, HeadData{{7}}}}),
            "08" + id2000 + "0407");
  const auto decoded = scale::decode<Registrar::Call>(from_hex("0x06d0070000").value());
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(std::holds_alternative<Registrar::add_lock>(*decoded));
  EXPECT_FALSE(scale::decode<Registrar::Call>(from_hex("0x09").value()));
  // In the runtime's call: the pallet's index first.
  EXPECT_EQ(to_hex(scale::encode(TestRuntime::Pallets::Call::of<Registrar>(Registrar::reserve{}))),
            "0x4605");

  EXPECT_EQ(enc(Registrar::Event{Registrar::Registered{p2000, k1}}), "00" + id2000 + alice);
  EXPECT_EQ(enc(Registrar::Event{Registrar::Deregistered{p2000}}), "01" + id2000);
  EXPECT_EQ(enc(Registrar::Event{Registrar::Reserved{p2000, k1}}), "02" + id2000 + alice);
  EXPECT_EQ(enc(Registrar::Event{Registrar::Swapped{p2000, p2001}}), "03" + id2000 + "d1070000");
}

TEST(Registrar, StorageKeysAndValuesAreFrames) {
  // twox128("Registrar"), twox128 of each item, Twox64Concat(ParaId): from the shared reference
  // implementation (design/reference/staking-governance-data/twox.py), not from our hashing;
  // Twox64Concat(2000) is also the one of Paras.Heads' well-known key (paras_test.cpp).
  const std::string registrar = "3fba98689ebed1138735e0e7a5a790ab";
  EXPECT_EQ(to_hex(Registrar::Paras::key(p2000)),
            "0x" + registrar + "cd710b30bd2eab0352ddcc26417aa194" + "63f5a4efb16ffa83d0070000");
  EXPECT_EQ(to_hex(Registrar::PendingSwap::key(p2001)),
            "0x" + registrar + "050d60f58013e1a094de5dc9f24ea109" + "4e6de0c642f36091d1070000");
  EXPECT_EQ(to_hex(Registrar::NextFreeParaId::key()),
            "0x" + registrar + "ee99a84ccbfb4b82e714617e5e06f6f7");
  with_chain([&] {
    ASSERT_EQ(error_of(dispatch(Registrar::reserve{}, by(k1))), "ok");
    // ParaInfo: the manager, the deposit as u128, `locked` as Rust's Option<bool> (None: 00).
    const std::string info = to_hex(k1.bytes).substr(2) + "0a" + std::string(30, '0');
    EXPECT_EQ(to_hex(io::storage::get(Registrar::Paras::key(p2000)).value()), "0x" + info + "00");
    EXPECT_EQ(to_hex(io::storage::get(Registrar::NextFreeParaId::key()).value()), "0xd1070000");
    Registrar::apply_lock(p2000);
    EXPECT_EQ(to_hex(io::storage::get(Registrar::Paras::key(p2000)).value()), "0x" + info + "0101");
    Registrar::release_lock(p2000);
    EXPECT_EQ(to_hex(io::storage::get(Registrar::Paras::key(p2000)).value()), "0x" + info + "0100");
    // PendingSwap: the other ParaId (swap's first half, for a para Paras knows).
    Registrar::PendingSwap::insert(p2000, p2001);
    EXPECT_EQ(to_hex(io::storage::get(Registrar::PendingSwap::key(p2000)).value()), "0xd1070000");
    Registrar::PendingSwap::remove(p2000);
  });
}

std::vector<std::pair<uint8_t, std::string>> variants_of(const meta::Registry& r, meta::TypeId id) {
  std::vector<std::pair<uint8_t, std::string>> out;
  for (const auto& v : std::get<meta::VariantDef>(r.types().at(id).def).variants) {
    out.emplace_back(v.index, v.name);
  }
  return out;
}

TEST(Registrar, MetadataNamesFramesItemsCallsEventsErrorsAndConstants) {
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  const meta::PalletMetadata* p = nullptr;
  for (const auto& pallet : md.pallets) {
    if (pallet.name == "Registrar") p = &pallet;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->index, 70);
  ASSERT_TRUE(p->storage.has_value());
  EXPECT_EQ(p->storage->prefix, "Registrar");
  const auto& types = md.registry.types();
  ASSERT_EQ(p->storage->entries.size(), 3U);
  using H = hash::StorageHasher;
  for (size_t i : {0U, 1U}) {
    const auto& map = std::get<meta::StorageMapType>(p->storage->entries[i].type);
    EXPECT_EQ(map.hashers, std::vector<H>{H::kTwox64Concat});
    EXPECT_EQ(types[map.key].path,
              (std::vector<std::string>{"polkadot_parachain_primitives", "primitives", "Id"}));
    EXPECT_EQ(p->storage->entries[i].modifier, meta::StorageEntryModifier::kOptional);
  }
  EXPECT_EQ(p->storage->entries[0].name, "PendingSwap");
  EXPECT_EQ(p->storage->entries[1].name, "Paras");
  EXPECT_EQ(p->storage->entries[2].name, "NextFreeParaId");
  EXPECT_TRUE(std::holds_alternative<meta::StoragePlain>(p->storage->entries[2].type));
  EXPECT_EQ(p->storage->entries[2].modifier, meta::StorageEntryModifier::kDefault);
  EXPECT_EQ(to_hex(p->storage->entries[2].default_value), "0x00000000");
  // Paras' value: ParaInfo<AccountId32, u128> with `locked: Option<bool>`.
  const auto& info = types[std::get<meta::StorageMapType>(p->storage->entries[1].type).value];
  EXPECT_EQ(info.path,
            (std::vector<std::string>{"polkadot_runtime_common", "paras_registrar", "ParaInfo"}));
  ASSERT_EQ(info.params.size(), 2U);
  EXPECT_EQ(info.params[0].name, "Account");
  EXPECT_EQ(info.params[1].name, "Balance");
  const auto& fields = std::get<meta::CompositeDef>(info.def).fields;
  ASSERT_EQ(fields.size(), 3U);
  EXPECT_EQ(fields[2].name, std::optional<std::string>("locked"));
  EXPECT_EQ(types[fields[2].type].path, std::vector<std::string>{"Option"});

  using V = std::vector<std::pair<uint8_t, std::string>>;
  EXPECT_EQ(variants_of(md.registry, p->calls->id), (V{{0, "register"},
                                                       {1, "force_register"},
                                                       {2, "deregister"},
                                                       {3, "swap"},
                                                       {4, "remove_lock"},
                                                       {5, "reserve"},
                                                       {6, "add_lock"},
                                                       {7, "schedule_code_upgrade"},
                                                       {8, "set_current_head"}}));
  EXPECT_EQ(
      types[p->calls->id].path,
      (std::vector<std::string>{"polkadot_runtime_common", "paras_registrar", "pallet", "Call"}));
  EXPECT_EQ(variants_of(md.registry, p->event->id),
            (V{{0, "Registered"}, {1, "Deregistered"}, {2, "Reserved"}, {3, "Swapped"}}));
  const auto& registered = std::get<meta::VariantDef>(types[p->event->id].def).variants[0];
  ASSERT_EQ(registered.fields.size(), 2U);
  EXPECT_EQ(registered.fields[0].name, std::optional<std::string>("para_id"));
  EXPECT_EQ(registered.fields[1].name, std::optional<std::string>("manager"));
  EXPECT_EQ(variants_of(md.registry, p->error->id), (V{{0, "NotRegistered"},
                                                       {1, "AlreadyRegistered"},
                                                       {2, "NotOwner"},
                                                       {3, "CodeTooLarge"},
                                                       {4, "HeadDataTooLarge"},
                                                       {5, "NotParachain"},
                                                       {6, "NotParathread"},
                                                       {7, "CannotDeregister"},
                                                       {8, "CannotDowngrade"},
                                                       {9, "CannotUpgrade"},
                                                       {10, "ParaLocked"},
                                                       {11, "NotReserved"},
                                                       {12, "InvalidCode"},
                                                       {13, "CannotSwap"}}));
  ASSERT_EQ(p->constants.size(), 2U);
  EXPECT_EQ(p->constants[0].name, "ParaDeposit");
  EXPECT_EQ(to_hex(p->constants[0].value), "0x0a" + std::string(30, '0'));
  EXPECT_EQ(p->constants[1].name, "DataDepositPerByte");
  EXPECT_EQ(to_hex(p->constants[1].value), "0x01" + std::string(30, '0'));
  EXPECT_FALSE(meta::encode_v15(md).empty());
}

}  // namespace
}  // namespace canary::rt
