// The test runtime of the parachain host's scheduling tests (para_scheduler_test.cpp,
// initializer_test.cpp, para_inclusion_test.cpp, para_inherent_test.cpp, session_info_test.cpp):
// System, Balances, Configuration, ParasShared, ParaInclusion, ParaInherent, ParaScheduler, Paras,
// Initializer, ParaSessionInfo, CoretimeAssignmentProvider and Coretime (its assign_core) at
// Kusama's indices, Paras assigning genesis parachains a core through
// CoretimeAssignmentProvider (Kusama's AssignCoretime), and a randomness the test sets (Kusama's is
// BABE's RandomnessFromOneEpochAgo). Blocks run as the executive runs them: System's initialize,
// the Initializer's on_initialize, …, its on_finalize (which applies a buffered session change).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "primitives/keys/key_pair.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/assigner_coretime/assigner_coretime.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/coretime/coretime.hpp"
#include "runtime/pallets/initializer/initializer.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_inclusion/para_inclusion.hpp"
#include "runtime/pallets/para_inherent/para_inherent.hpp"
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/session_info/session_info.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt::parachain_host_test {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace config = pallets::para_configuration;
namespace shared = pallets::para_shared;
namespace paras = pallets::paras;
namespace prim = pallets::para_primitives;
namespace sched = pallets::para_scheduler;
namespace coretime = pallets::assigner_coretime;
namespace init = pallets::initializer;
namespace inclusion = pallets::para_inclusion;
namespace inherent = pallets::para_inherent;
namespace session_info = pallets::session_info;

// The randomness apply_new_session draws its seed from: BLAKE2b-256("paras" ‖ kBase), as BABE's
// RandomnessFromOneEpochAgo with kBase as its Randomness.
struct TestRandomness {
  static inline H256 base{};
  static H256 random(ByteSpan subject) {
    Bytes input(subject.begin(), subject.end());
    input.insert(input.end(), base.bytes.begin(), base.bytes.end());
    return H256{io::hashing::blake2_256(input)};
  }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Configuration = config::Pallet<TestRuntime, PalletAt<51, "Configuration">>;
  using ParasShared = shared::Pallet<TestRuntime, PalletAt<52, "ParasShared">>;
  using ParaInclusion = inclusion::Pallet<TestRuntime, PalletAt<53, "ParaInclusion">>;
  using ParaInherent = inherent::Pallet<TestRuntime, PalletAt<54, "ParaInherent">>;
  using ParaScheduler = sched::Pallet<TestRuntime, PalletAt<55, "ParaScheduler">>;
  using Paras = paras::Pallet<TestRuntime, PalletAt<56, "Paras">>;
  using Initializer = init::Pallet<TestRuntime, PalletAt<57, "Initializer">>;
  using ParaSessionInfo = session_info::Pallet<TestRuntime, PalletAt<61, "ParaSessionInfo">>;
  using CoretimeAssignmentProvider =
      coretime::Pallet<TestRuntime, PalletAt<65, "CoretimeAssignmentProvider">>;
  using Coretime = pallets::coretime::Pallet<TestRuntime, PalletAt<74, "Coretime">>;
  using Pallets = Composition<"test_runtime", System, Balances, Configuration, ParasShared,
                              ParaInclusion, ParaInherent, ParaScheduler, Paras, Initializer,
                              ParaSessionInfo, CoretimeAssignmentProvider, Coretime>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr traits::tokens::Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using ParasFungible = Balances;
  static constexpr traits::tokens::Balance kParasCooldownRemovalMultiplier = 10;
  static DispatchResult paras_assign_coretime(prim::ParaId id) {
    return CoretimeAssignmentProvider::assign_coretime(id);
  }
  using SchedulerAssignmentProvider = CoretimeAssignmentProvider;
  using ParachainsRandomness = TestRandomness;
  // ParaSessionInfo's AccountKeys: the accounts with_accounts gives the validators.
  static inline std::vector<AccountId32> session_validators{};
  static std::vector<AccountId32> validator_accounts() { return session_validators; }
};
using System = TestRuntime::System;
using Configuration = TestRuntime::Configuration;
using ParasShared = TestRuntime::ParasShared;
using Inclusion = TestRuntime::ParaInclusion;
using Scheduler = TestRuntime::ParaScheduler;
using Paras = TestRuntime::Paras;
using Initializer = TestRuntime::Initializer;
using ParaInherent = TestRuntime::ParaInherent;
using SessionInfoPallet = TestRuntime::ParaSessionInfo;
using Assigner = TestRuntime::CoretimeAssignmentProvider;
using Coretime = TestRuntime::Coretime;
using config::HostConfiguration;
using prim::CoreIndex;
using prim::GroupIndex;
using prim::ParaId;
using sched::Assignment;
using shared::ValidatorId;

// n validators' `para` keys: sr25519 keys of //V0, //V1, … (any distinct keys do).
inline std::vector<ValidatorId> validators(size_t n) {
  std::vector<ValidatorId> out;
  for (size_t i = 0; i < n; ++i) {
    const std::string suri = "//V" + std::to_string(i);
    const Bytes pk = keys::KeyPair::from_suri(keys::Scheme::kSr25519, suri).value().public_key();
    ValidatorId id;
    std::copy(pk.begin(), pk.end(), id.bytes.begin());
    out.push_back(id);
  }
  return out;
}

inline std::vector<std::pair<AccountId32, ValidatorId>> with_accounts(
    const std::vector<ValidatorId>& keys) {
  std::vector<std::pair<AccountId32, ValidatorId>> out;
  for (size_t i = 0; i < keys.size(); ++i) {
    AccountId32 who{};
    who.bytes[0] = static_cast<uint8_t>(i + 1);
    out.emplace_back(who, keys[i]);
  }
  return out;
}

inline paras::ParaGenesisArgs parachain_args() {
  return paras::ParaGenesisArgs{prim::HeadData{{1, 2, 3}},
                                prim::ValidationCode{{1, 2, 3, 4, 5, 6, 7, 8, 9}},
                                paras::ParaKind::kParachain};
}

// A default configuration the consistency check accepts, with the scheduler's parameters set.
inline HostConfiguration scheduler_config(uint32_t lookahead = 3, uint32_t rotation = 10,
                                          uint32_t availability_period = 5,
                                          std::optional<uint32_t> max_per_core = std::nullopt) {
  HostConfiguration c;
  c.scheduler_params.lookahead = lookahead;
  c.scheduler_params.group_rotation_frequency = rotation;
  c.scheduler_params.paras_availability_period = availability_period;
  c.scheduler_params.max_validators_per_core = max_per_core;
  return c;
}

// The genesis as a chain spec builds it: the configuration, the paras (each parachain assigned
// a new core), then pallet_session's genesis session (applied at once).
inline void build_genesis(const HostConfiguration& cfg, const std::vector<ParaId>& parachains,
                          const std::vector<ValidatorId>& keys) {
  Configuration::force_set_active_config(cfg);
  paras::GenesisConfig genesis;
  for (const ParaId id : parachains) genesis.paras.emplace_back(id, parachain_args());
  ASSERT_TRUE(Paras::build_genesis(genesis).has_value());
  Initializer::on_genesis_session(with_accounts(keys));
}

// The scheduling tests' blocks carry no paras inherent (they drive the claim queue themselves):
// they note it as included so that ParaInherent's on_finalize lets them end.
inline void skip_paras_inherent() {
  ParaInherent::Included::put(std::tuple<>{});
}

// One block as the executive runs it, without the paras inherent (skip_paras_inherent).
inline void run_block(BlockNumber n) {
  System::initialize(n, H256{}, {});
  TestRuntime::Pallets::on_initialize(n);
  skip_paras_inherent();
  TestRuntime::Pallets::on_finalize(n);
}

// Runs blocks after the current one up to `to`; `new_sessions` lists the blocks during which
// pallet_session starts a session (announced in on_initialize, as Session's on_initialize does,
// and applied at that block's end).
inline void run_to_block(BlockNumber to, const std::vector<BlockNumber>& new_sessions = {},
                         const std::vector<ValidatorId>& keys = validators(5)) {
  while (System::block_number() < to) {
    const BlockNumber n = System::block_number() + 1;
    System::initialize(n, H256{}, {});
    TestRuntime::Pallets::on_initialize(n);
    if (std::find(new_sessions.begin(), new_sessions.end(), n) != new_sessions.end()) {
      const uint32_t session = ParasShared::session_index() + 1;
      Initializer::on_new_session(true, with_accounts(keys), with_accounts(keys), session);
    }
    skip_paras_inherent();
    TestRuntime::Pallets::on_finalize(n);
  }
}

}  // namespace canary::rt::parachain_host_test
