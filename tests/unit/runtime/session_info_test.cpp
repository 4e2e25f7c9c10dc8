// ParaSessionInfo on the parachain host's test runtime: storage keys, SessionInfo's layout as
// polkadot.js encodes it with Kusama's metadata, the session's information stored at each
// session change (through the Initializer) and pruned beyond the dispute period, as polkadot-sdk's
// polkadot/runtime/parachains/src/session_info/tests.rs checks it.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/testing/test_externalities.hpp"
#include "tests/support/hex.hpp"
#include "tests/unit/runtime/para_candidate_test_support.hpp"
#include "tests/unit/runtime/parachain_host_test_runtime.hpp"

namespace canary::rt {
namespace {

using namespace parachain_host_test;  // NOLINT(google-build-using-namespace): the test runtime
using session_info::AssignmentId;
using session_info::SessionInfo;
using test::hex;
using test::unhex;

// registry.createType('PolkadotPrimitivesV8SessionInfo', {activeValidatorIndices: [2, 0, 1],
// randomSeed: 0xab…, disputePeriod: 6, validators: [0x01…, 0x02…], discoveryKeys: [0x03…],
// assignmentKeys: [0x04…], validatorGroups: [[0, 1], [2]], nCores: 2,
// zerothDelayTrancheWidth: 3, relayVrfModuloSamples: 4, nDelayTranches: 5, noShowSlots: 6,
// neededApprovals: 7}).toHex() with @polkadot/types and Kusama's spec 1_009_002 metadata.
constexpr std::string_view kPjsSessionInfo =
    "0c020000000000000001000000abababababababababababababababababababababababababababababababab"
    "0600000008010101010101010101010101010101010101010101010101010101010101010102020202020202"
    "0202020202020202020202020202020202020202020202020204030303030303030303030303030303030303"
    "0303030303030303030303030303040404040404040404040404040404040404040404040404040404040404"
    "0404040808000000000100000004020000000200000003000000040000000500000006000000"
    "07000000";

ByteArray<32> key_of(uint8_t b) {
  ByteArray<32> k;
  k.fill(b);
  return k;
}

TEST(ParaSessionInfo, StorageKeysAndLayoutAreKusamas) {
  // twox128("ParaSessionInfo") ‖ twox128(item), as @polkadot/util-crypto's xxhashAsHex makes
  // them; Sessions, AccountKeys and SessionExecutorParams use the Identity hasher.
  const std::string prefix = "4da2c41eaffa8e1a791c5d65beeefd1f";
  EXPECT_EQ(hex(SessionInfoPallet::AssignmentKeysUnsafe::key()),
            prefix + "0b46c2d67d222c68b91e1b22cefe7a2b");
  EXPECT_EQ(hex(SessionInfoPallet::EarliestStoredSession::key()),
            prefix + "ff4a51b74593c3708682038efe5323b5");
  EXPECT_EQ(hex(SessionInfoPallet::Sessions::key(7)),
            prefix + "028685274e698e781f7f2766cba0cc83" + "07000000");
  EXPECT_EQ(hex(SessionInfoPallet::AccountKeys::key(7)),
            prefix + "5762b52ec4f696c1235b20491a567f85" + "07000000");
  EXPECT_EQ(hex(SessionInfoPallet::SessionExecutorParams::key(7)),
            prefix + "4e5747352ae927817a9171156fb3da7f" + "07000000");

  SessionInfo info;
  info.active_validator_indices = {prim::ValidatorIndex{2}, prim::ValidatorIndex{0},
                                   prim::ValidatorIndex{1}};
  info.random_seed.fill(0xab);
  info.dispute_period = 6;
  info.validators.items = {ValidatorId{key_of(0x01)}, ValidatorId{key_of(0x02)}};
  info.discovery_keys = {session_info::AuthorityDiscoveryId{key_of(0x03)}};
  info.assignment_keys = {AssignmentId{key_of(0x04)}};
  info.validator_groups.items = {{prim::ValidatorIndex{0}, prim::ValidatorIndex{1}},
                                 {prim::ValidatorIndex{2}}};
  info.n_cores = 2;
  info.zeroth_delay_tranche_width = 3;
  info.relay_vrf_modulo_samples = 4;
  info.n_delay_tranches = 5;
  info.no_show_slots = 6;
  info.needed_approvals = 7;
  EXPECT_EQ(hex(scale::encode(info)), kPjsSessionInfo);
  EXPECT_EQ(scale::decode<SessionInfo>(unhex(kPjsSessionInfo)).value(), info);

  // The pallet as Kusama's metadata lists it: index 61, five storage items, nothing else.
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  const meta::PalletMetadata* p = nullptr;
  for (const auto& pallet : md.pallets) {
    if (pallet.name == "ParaSessionInfo") p = &pallet;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->index, 61);
  ASSERT_TRUE(p->storage.has_value());
  std::vector<std::string> names;
  for (const auto& e : p->storage->entries) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"AssignmentKeysUnsafe", "EarliestStoredSession",
                                             "Sessions", "AccountKeys", "SessionExecutorParams"}));
  EXPECT_FALSE(p->event.has_value());
  EXPECT_FALSE(p->calls.has_value());
  std::string params;
  const auto* t = type_at(md, "polkadot_primitives::v8::SessionInfo", &params);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(shape_of(*t),
            "active_validator_indices:Vec<ValidatorIndex>;random_seed:[u8; "
            "32];dispute_period:SessionIndex;validators:IndexedVec<ValidatorIndex, "
            "ValidatorId>;discovery_keys:Vec<AuthorityDiscoveryId>;assignment_keys:Vec<"
            "AssignmentId>;validator_groups:IndexedVec<GroupIndex, Vec<ValidatorIndex>>;n_cores:"
            "u32;zeroth_delay_tranche_width:u32;relay_vrf_modulo_samples:u32;n_delay_tranches:u32;"
            "no_show_slots:u32;needed_approvals:u32");
  t = type_at(md, "polkadot_primitives::v8::IndexedVec", &params);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(params, "K,V");
  EXPECT_EQ(shape_of(*t), "_:Vec<V>");
}

// Five validators, para 2000, dispute period 2, the assignment keys set by the session handler
// (//V0… stand in for them: any keys do).
template <class F>
void with_sessions(F&& f) {
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    TestRandomness::base = filled(0x42);
    System::initialize(0, H256{}, {});
    HostConfiguration cfg = scheduler_config(3, 10, 5, 2);
    cfg.dispute_period = 2;
    cfg.needed_approvals = 3;
    cfg.no_show_slots = 2;
    cfg.n_delay_tranches = 40;
    cfg.relay_vrf_modulo_samples = 6;
    cfg.zeroth_delay_tranche_width = 1;
    const auto keys = validators(5);
    std::vector<std::pair<AccountId32, AssignmentId>> assignment;
    TestRuntime::session_validators.clear();
    for (const auto& [who, key] : with_accounts(keys)) {
      assignment.emplace_back(who, AssignmentId{key.bytes});
      TestRuntime::session_validators.push_back(who);
    }
    SessionInfoPallet::on_new_session(true, assignment, assignment);
    build_genesis(cfg, {ParaId{2000}}, keys);
    f();
  });
}

TEST(ParaSessionInfo, TheGenesisSessionIsStored) {
  with_sessions([] {
    EXPECT_EQ(SessionInfoPallet::EarliestStoredSession::get(), 0U);
    const auto info = SessionInfoPallet::session_info(0);
    ASSERT_TRUE(info.has_value());
    // The active validators in ParasShared's shuffled order, their indices, the groups and
    // cores the scheduler made, the seed the Initializer drew, the configuration's parameters.
    EXPECT_EQ(info->validators.items, ParasShared::ActiveValidatorKeys::get());
    std::vector<prim::ValidatorIndex> active;
    for (const uint32_t i : ParasShared::ActiveValidatorIndices::get()) {
      active.push_back(prim::ValidatorIndex{i});
    }
    EXPECT_EQ(info->active_validator_indices, active);
    EXPECT_EQ(info->validator_groups.items, Scheduler::ValidatorGroups::get());
    EXPECT_EQ(info->n_cores, 2U);
    const H256 seed = TestRandomness::random(as_bytes(std::string_view("paras")));
    EXPECT_TRUE(std::equal(seed.bytes.begin(), seed.bytes.end(), info->random_seed.begin()));
    EXPECT_EQ(info->dispute_period, 2U);
    EXPECT_EQ(info->needed_approvals, 3U);
    EXPECT_EQ(info->no_show_slots, 2U);
    EXPECT_EQ(info->n_delay_tranches, 40U);
    EXPECT_EQ(info->relay_vrf_modulo_samples, 6U);
    EXPECT_EQ(info->zeroth_delay_tranche_width, 1U);
    EXPECT_EQ(info->assignment_keys.size(), 5U);
    EXPECT_TRUE(info->discovery_keys.empty());  // no AuthorityDiscovery in the test runtime
    // The accounts of the active validators, in the active order.
    const auto accounts = SessionInfoPallet::AccountKeys::get(0);
    ASSERT_TRUE(accounts.has_value());
    ASSERT_EQ(accounts->size(), 5U);
    for (size_t i = 0; i < active.size(); ++i) {
      EXPECT_EQ((*accounts)[i], TestRuntime::session_validators[active[i].value]);
    }
    EXPECT_EQ(SessionInfoPallet::session_executor_params(0),
              std::optional(Configuration::ActiveConfig::get().executor_params));
    EXPECT_FALSE(SessionInfoPallet::session_info(1).has_value());
  });
}

TEST(ParaSessionInfo, SessionsBeyondTheDisputePeriodArePruned) {
  with_sessions([] {
    run_block(1);
    // Sessions 1, 2, 3, 4 start at blocks 2, 3, 4, 5.
    run_to_block(2, {2});
    EXPECT_TRUE(SessionInfoPallet::session_info(1).has_value());
    EXPECT_TRUE(SessionInfoPallet::session_info(0).has_value());
    EXPECT_EQ(SessionInfoPallet::EarliestStoredSession::get(), 0U);
    run_to_block(3, {3});
    EXPECT_TRUE(SessionInfoPallet::session_info(0).has_value());
    EXPECT_EQ(SessionInfoPallet::EarliestStoredSession::get(), 0U);
    run_to_block(4, {4});
    // Session 3 keeps 1..=3: session 0 goes with its accounts and executor parameters.
    EXPECT_EQ(SessionInfoPallet::EarliestStoredSession::get(), 1U);
    EXPECT_FALSE(SessionInfoPallet::session_info(0).has_value());
    EXPECT_FALSE(SessionInfoPallet::AccountKeys::get(0).has_value());
    EXPECT_FALSE(SessionInfoPallet::session_executor_params(0).has_value());
    EXPECT_TRUE(SessionInfoPallet::session_info(1).has_value());
    run_to_block(5, {5});
    EXPECT_EQ(SessionInfoPallet::EarliestStoredSession::get(), 2U);
    EXPECT_FALSE(SessionInfoPallet::session_info(1).has_value());
    for (uint32_t s = 2; s <= 4; ++s) {
      EXPECT_TRUE(SessionInfoPallet::session_info(s).has_value()) << s;
      EXPECT_TRUE(SessionInfoPallet::AccountKeys::get(s).has_value()) << s;
    }
  });
}

TEST(ParaSessionInfo, ANewPalletOnALiveChainStartsItsWindowAtTheNextSession) {
  with_sessions([] {
    run_block(1);
    // As if the pallet had just been added: nothing stored.
    SessionInfoPallet::Sessions::remove(0);
    SessionInfoPallet::AccountKeys::remove(0);
    SessionInfoPallet::SessionExecutorParams::remove(0);
    SessionInfoPallet::EarliestStoredSession::kill();
    run_to_block(2, {2});
    EXPECT_EQ(SessionInfoPallet::EarliestStoredSession::get(), 1U);
    EXPECT_TRUE(SessionInfoPallet::session_info(1).has_value());
  });
}

}  // namespace
}  // namespace canary::rt
