// Configuration (polkadot-runtime-parachains configuration.rs) and ParasShared (shared.rs)
// natively. HostConfiguration's SCALE form is checked against bytes written out field by field
// here (not through the codec), for FRAME's default and for a Kusama-like configuration whose
// first ten fields (AbridgedHostConfiguration, what parachains decode from a relay storage proof)
// are checked on their own; ActiveConfig sits at polkadot-primitives' well-known key. The
// setters schedule for session + 2 and merge as configuration.rs' tests describe
// (schedule_config_update's four cases), the consistency check refuses what FRAME refuses unless
// bypassed, a broken configuration can be repaired, and the session change applies only what is
// due. ParasShared's shuffle runs on the RFC 8439 ChaCha20 keystream.
#include "runtime/pallets/para_configuration/para_configuration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/support/hex.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace config = pallets::para_configuration;
namespace shared = pallets::para_shared;
using config::HostConfiguration;
using test::hex;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Configuration = config::Pallet<TestRuntime, PalletAt<51, "Configuration">>;
  using ParasShared = shared::Pallet<TestRuntime, PalletAt<52, "ParasShared">>;
  using Pallets = Composition<"test_runtime", System, Configuration, ParasShared>;
};
using Configuration = TestRuntime::Configuration;
using ParasShared = TestRuntime::ParasShared;
using System = TestRuntime::System;

// --- Bytes written out by hand, little-endian, as SCALE lays them out.
void u32_le(Bytes& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void u128_le(Bytes& out, uint64_t v) {  // values below 2^64 here
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  for (int i = 0; i < 8; ++i) out.push_back(0);
}
void option_u32(Bytes& out, std::optional<uint32_t> v) {
  out.push_back(v ? 1 : 0);
  if (v) u32_le(out, *v);
}

// The SDK's Default for HostConfiguration (configuration.rs) and SchedulerParams, field by field.
Bytes default_config_bytes() {
  Bytes b;
  u32_le(b, 3 * 1024 * 1024);                // max_code_size = MAX_CODE_SIZE
  for (int i = 0; i < 6; ++i) u32_le(b, 0);  // head data .. hrmp_max_message_num_per_candidate
  u32_le(b, 0);                              // validation_upgrade_cooldown
  u32_le(b, 2);                              // validation_upgrade_delay
  u32_le(b, 0);                              // async_backing_params.max_candidate_depth
  u32_le(b, 0);                              // async_backing_params.allowed_ancestry_len
  u32_le(b, 0);                              // max_pov_size
  u32_le(b, 0);                              // max_downward_message_size
  u32_le(b, 0);                              // hrmp_max_parachain_outbound_channels
  u128_le(b, 0);                             // hrmp_sender_deposit
  u128_le(b, 0);                             // hrmp_recipient_deposit
  for (int i = 0; i < 4; ++i) u32_le(b, 0);  // hrmp capacity, total size, inbound, message size
  b.push_back(0);                            // executor_params: empty vector
  u32_le(b, 0);                              // code_retention_period
  option_u32(b, std::nullopt);               // max_validators
  u32_le(b, 6);                              // dispute_period
  u32_le(b, 100);                            // dispute_post_conclusion_acceptance_period
  u32_le(b, 1);                              // no_show_slots
  u32_le(b, 1);                              // n_delay_tranches
  u32_le(b, 0);                              // zeroth_delay_tranche_width
  u32_le(b, 0);                              // needed_approvals
  u32_le(b, 0);                              // relay_vrf_modulo_samples
  u32_le(b, 2);                              // pvf_voting_ttl
  u32_le(b, 2);                              // minimum_validation_upgrade_delay
  u32_le(b, 2);                              // minimum_backing_votes = LEGACY_MIN_BACKING_VOTES
  b.push_back(0);                            // node_features: no bits
  u32_le(b, 1);                              // approval_voting_params.max_approval_coalesce_count
  // scheduler_params (SchedulerParams::default)
  u32_le(b, 1);                 // group_rotation_frequency
  u32_le(b, 1);                 // paras_availability_period
  option_u32(b, std::nullopt);  // max_validators_per_core
  u32_le(b, 1);                 // lookahead
  u32_le(b, 0);                 // num_cores
  u32_le(b, 0);                 // max_availability_timeouts
  u32_le(b, 10'000);            // on_demand_queue_max_size
  u32_le(b, 250'000'000);       // on_demand_target_queue_utilization: 25 %
  u32_le(b, 30'000'000);        // on_demand_fee_variability: 3 %
  u128_le(b, 10'000'000);       // on_demand_base_fee
  u32_le(b, 5);                 // ttl
  return b;
}

// The values of Kusama's genesis preset (parachain-facts.md §2.2, FEL genesis_config_presets.rs).
HostConfiguration kusama_like() {
  HostConfiguration c;
  c.validation_upgrade_cooldown = 2;
  c.validation_upgrade_delay = 2;
  c.code_retention_period = 1200;
  c.max_code_size = 3 * 1024 * 1024;
  c.max_pov_size = 10 * 1024 * 1024;
  c.max_head_data_size = 32 * 1024;
  c.max_upward_queue_count = 8;
  c.max_upward_queue_size = 1024 * 1024;
  c.max_downward_message_size = 1024 * 1024;
  c.max_upward_message_size = 50 * 1024;
  c.max_upward_message_num_per_candidate = 5;
  c.hrmp_sender_deposit = 0;
  c.hrmp_recipient_deposit = 0;
  c.hrmp_channel_max_capacity = 8;
  c.hrmp_channel_max_total_size = 8 * 1024;
  c.hrmp_max_parachain_inbound_channels = 4;
  c.hrmp_channel_max_message_size = 1024 * 1024;
  c.hrmp_max_parachain_outbound_channels = 4;
  c.hrmp_max_message_num_per_candidate = 5;
  c.dispute_period = 6;
  c.no_show_slots = 2;
  c.n_delay_tranches = 25;
  c.needed_approvals = 2;
  c.relay_vrf_modulo_samples = 2;
  c.zeroth_delay_tranche_width = 0;
  c.minimum_validation_upgrade_delay = 5;
  c.async_backing_params = {2, 2};
  c.minimum_backing_votes = 1;
  c.scheduler_params.group_rotation_frequency = 20;
  c.scheduler_params.paras_availability_period = 4;
  c.scheduler_params.lookahead = 3;
  for (size_t bit : {0U, 1U, 3U}) {
    while (c.node_features.size() <= bit) c.node_features.push_back(false);
    c.node_features.set(bit, true);
  }
  return c;
}

TEST(ParaConfiguration, DefaultEncodesAsTheSdkDefault) {
  const Bytes expected = default_config_bytes();
  EXPECT_EQ(hex(scale::encode(HostConfiguration{})), hex(expected));
  auto decoded = scale::decode<HostConfiguration>(expected);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, HostConfiguration{});
  EXPECT_TRUE(config::check_consistency(HostConfiguration{}).has_value());
}

TEST(ParaConfiguration, AbridgedPrefixIsTheFirstTenFields) {
  const HostConfiguration c = kusama_like();
  Bytes abridged;
  u32_le(abridged, 3 * 1024 * 1024);  // max_code_size
  u32_le(abridged, 32 * 1024);        // max_head_data_size
  u32_le(abridged, 8);                // max_upward_queue_count
  u32_le(abridged, 1024 * 1024);      // max_upward_queue_size
  u32_le(abridged, 50 * 1024);        // max_upward_message_size
  u32_le(abridged, 5);                // max_upward_message_num_per_candidate
  u32_le(abridged, 5);                // hrmp_max_message_num_per_candidate
  u32_le(abridged, 2);                // validation_upgrade_cooldown
  u32_le(abridged, 2);                // validation_upgrade_delay
  u32_le(abridged, 2);                // async_backing_params.max_candidate_depth
  u32_le(abridged, 2);                // async_backing_params.allowed_ancestry_len
  const Bytes encoded = scale::encode(c);
  ASSERT_GT(encoded.size(), abridged.size());
  EXPECT_EQ(hex(Bytes(encoded.begin(), encoded.begin() + 44)), hex(abridged));
  // node_features {0, 1, 3}: Compact(4 bits) = 0x10, one byte 0b1011; then coalesce count 1.
  // (Fixed-size fields up to node_features: 150 bytes, with no executor params and no
  // max_validators.)
  EXPECT_EQ(hex(Bytes(encoded.begin() + 150, encoded.begin() + 152)), "100b");
  EXPECT_TRUE(config::check_consistency(c).has_value());
  auto decoded = scale::decode<HostConfiguration>(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, c);
}

TEST(ParaConfiguration, ExecutorParamsEncodeAsPolkadotPrimitives) {
  config::ExecutorParams params;
  params.params.push_back({config::ExecutorParam::MaxMemoryPages{8192}});
  params.params.push_back(
      {config::ExecutorParam::PvfExecTimeout{config::PvfExecKind::kApproval, 12'000}});
  params.params.push_back({config::ExecutorParam::WasmExtBulkMemory{}});
  EXPECT_EQ(hex(scale::encode(params)), "0c01002000000601e02e00000000000007");
  EXPECT_TRUE(config::executor_params_consistent(params));
  params.params.push_back({config::ExecutorParam::MaxMemoryPages{1}});
  EXPECT_FALSE(config::executor_params_consistent(params));  // duplicated
}

TEST(ParaConfiguration, ActiveConfigIsAtTheWellKnownKey) {
  EXPECT_EQ(hex(Configuration::ActiveConfig::key()),
            "06de3d8a54d27e44a9d5ce189618f22db4b49d95320d9021994c850f25b8e385");
}

TEST(ParaConfiguration, MetadataNamesTheSdkTypes) {
  meta::Registry registry;
  registry.id<HostConfiguration>();
  bool found = false;
  for (const auto& t : registry.types()) {
    if (t.path == std::vector<std::string>{"polkadot_runtime_parachains", "configuration",
                                           "HostConfiguration"}) {
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

DispatchResultWithPostInfo dispatch(Configuration::Call call,
                                    const Origin& origin = Origin::root()) {
  return rt::testing::dispatch<TestRuntime, Configuration>(std::move(call), origin);
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string error_text(const Result<void, std::string>& r) {
  return r ? std::string() : r.error();
}
std::string invalid_new_value() {
  return runtime::to_string(pallet_error<Configuration>(config::Error::kInvalidNewValue));
}

template <class F>
void on_chain(F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    ASSERT_TRUE(Configuration::build_genesis({kusama_like()}));
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

TEST(ParaConfiguration, SettersScheduleForTheSessionAfterNext) {
  on_chain([] {
    ParasShared::CurrentSessionIndex::put(5);
    ASSERT_EQ(error_of(dispatch(Configuration::set_max_code_size{1000})), "ok");
    const auto pending = Configuration::PendingConfigs::get();
    ASSERT_EQ(pending.size(), 1U);
    EXPECT_EQ(pending[0].first, 7U);
    EXPECT_EQ(pending[0].second.max_code_size, 1000U);
    EXPECT_EQ(Configuration::ActiveConfig::get(), kusama_like());
    // A second change in the same session goes into the same pending entry.
    ASSERT_EQ(error_of(dispatch(Configuration::set_group_rotation_frequency{30})), "ok");
    const auto merged = Configuration::PendingConfigs::get();
    ASSERT_EQ(merged.size(), 1U);
    EXPECT_EQ(merged[0].second.max_code_size, 1000U);
    EXPECT_EQ(merged[0].second.scheduler_params.group_rotation_frequency, 30U);
  });
}

TEST(ParaConfiguration, ChangesInTheNextSessionBuildOnThePendingOne) {
  on_chain([] {
    ParasShared::CurrentSessionIndex::put(5);
    ASSERT_TRUE(dispatch(Configuration::set_max_code_size{1000}));
    ParasShared::CurrentSessionIndex::put(6);  // (7, X) is due next session
    ASSERT_TRUE(dispatch(Configuration::set_max_pov_size{2000}));
    const auto pending = Configuration::PendingConfigs::get();
    ASSERT_EQ(pending.size(), 2U);
    EXPECT_EQ(pending[0].first, 7U);
    EXPECT_EQ(pending[0].second.max_pov_size, kusama_like().max_pov_size);
    EXPECT_EQ(pending[1].first, 8U);
    EXPECT_EQ(pending[1].second.max_code_size, 1000U);  // based on X
    EXPECT_EQ(pending[1].second.max_pov_size, 2000U);

    // Session 7 applies X only; session 8 the rest.
    auto outcome = Configuration::initializer_on_new_session(7);
    EXPECT_EQ(outcome.prev_config, kusama_like());
    ASSERT_TRUE(outcome.new_config);
    EXPECT_EQ(Configuration::ActiveConfig::get().max_code_size, 1000U);
    EXPECT_EQ(Configuration::ActiveConfig::get().max_pov_size, kusama_like().max_pov_size);
    EXPECT_EQ(Configuration::PendingConfigs::get().size(), 1U);
    outcome = Configuration::initializer_on_new_session(8);
    ASSERT_TRUE(outcome.new_config);
    EXPECT_EQ(Configuration::ActiveConfig::get().max_pov_size, 2000U);
    EXPECT_TRUE(Configuration::PendingConfigs::get().empty());
    // Nothing pending: nothing changes.
    outcome = Configuration::initializer_on_new_session(9);
    EXPECT_FALSE(outcome.new_config);
  });
}

TEST(ParaConfiguration, OnlyRootSets) {
  on_chain([] {
    EXPECT_EQ(error_of(dispatch(Configuration::set_max_code_size{1000},
                                Origin::signed_by(rt::testing::account(1)))),
              "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Configuration::set_bypass_consistency_check{true},
                                Origin::signed_by(rt::testing::account(1)))),
              "BadOrigin");
    EXPECT_TRUE(Configuration::PendingConfigs::get().empty());
  });
}

TEST(ParaConfiguration, InconsistentValuesAreRefused) {
  on_chain([] {
    EXPECT_EQ(error_of(dispatch(Configuration::set_no_show_slots{0})), invalid_new_value());
    EXPECT_EQ(error_of(dispatch(Configuration::set_max_code_size{3 * 1024 * 1024 + 1})),
              invalid_new_value());
    EXPECT_EQ(error_of(dispatch(Configuration::set_validation_upgrade_delay{1})),
              invalid_new_value());
    EXPECT_EQ(error_of(dispatch(Configuration::set_minimum_validation_upgrade_delay{4})),
              invalid_new_value());  // not above paras_availability_period (4)
    EXPECT_EQ(error_of(dispatch(Configuration::set_scheduling_lookahead{0})), invalid_new_value());
    EXPECT_EQ(error_of(dispatch(Configuration::set_max_upward_queue_size{128 * 1024 + 1})),
              invalid_new_value());
    EXPECT_EQ(error_of(dispatch(Configuration::set_hrmp_max_parachain_outbound_channels{129})),
              invalid_new_value());
    EXPECT_EQ(error_of(dispatch(Configuration::set_minimum_backing_votes{0})), invalid_new_value());
    EXPECT_EQ(error_of(dispatch(Configuration::set_n_delay_tranches{0})), invalid_new_value());
    EXPECT_TRUE(Configuration::PendingConfigs::get().empty());
    EXPECT_EQ(error_of(dispatch(Configuration::set_hrmp_open_request_ttl{1})), "Other");
  });
}

TEST(ParaConfiguration, BypassAllowsInconsistentValues) {
  on_chain([] {
    ASSERT_TRUE(dispatch(Configuration::set_bypass_consistency_check{true}));
    EXPECT_TRUE(Configuration::BypassConsistencyCheck::get());
    ASSERT_EQ(error_of(dispatch(Configuration::set_no_show_slots{0})), "ok");
    EXPECT_EQ(Configuration::PendingConfigs::get()[0].second.no_show_slots, 0U);
  });
}

TEST(ParaConfiguration, ABrokenConfigurationCanBeRepaired) {
  on_chain([] {
    HostConfiguration broken = kusama_like();
    broken.no_show_slots = 0;
    broken.n_delay_tranches = 0;
    Configuration::force_set_active_config(broken);
    // Still broken after this change, but so was the base: accepted.
    ASSERT_EQ(error_of(dispatch(Configuration::set_no_show_slots{2})), "ok");
    ASSERT_EQ(error_of(dispatch(Configuration::set_n_delay_tranches{25})), "ok");
    EXPECT_TRUE(config::check_consistency(Configuration::PendingConfigs::get()[0].second));
  });
}

TEST(ParaConfiguration, NodeFeatureGrowsTheBitVector) {
  on_chain([] {
    Configuration::force_set_active_config(
        HostConfiguration{.scheduler_params = kusama_like().scheduler_params});
    ASSERT_EQ(error_of(dispatch(Configuration::set_node_feature{5, true})), "ok");
    const auto features = Configuration::PendingConfigs::get()[0].second.node_features;
    EXPECT_EQ(features.size(), 6U);
    EXPECT_EQ(hex(scale::encode(features)), "1820");
  });
}

TEST(ParaConfiguration, GenesisTakesSerdeNamesAndRefusesInconsistency) {
  const char* text = R"({"config": {"max_code_size": 1000, "validation_upgrade_delay": 3,
      "async_backing_params": {"max_candidate_depth": 3, "allowed_ancestry_len": 2},
      "max_validators": 10, "executor_params": [],
      "node_features": {"order": "bitvec::order::Lsb0", "head": {"width": 8, "index": 0},
                        "bits": 2, "data": [2]},
      "scheduler_params": {"group_rotation_frequency": 20, "paras_availability_period": 4,
                           "lookahead": 3, "on_demand_fee_variability": 30000000},
      "minimum_validation_upgrade_delay": 5}})";
  auto value = json::parse(text);
  ASSERT_TRUE(value);
  config::GenesisConfig genesis;
  ASSERT_EQ(error_text(json_decode(*value, genesis)), "");
  EXPECT_EQ(genesis.config.max_code_size, 1000U);
  EXPECT_EQ(genesis.config.async_backing_params.max_candidate_depth, 3U);
  EXPECT_EQ(genesis.config.max_validators, std::optional<uint32_t>{10});
  EXPECT_TRUE(genesis.config.node_features.get(1));
  EXPECT_FALSE(genesis.config.node_features.get(0));
  EXPECT_EQ(genesis.config.scheduler_params.on_demand_fee_variability.deconstruct(), 30'000'000U);
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Configuration::build_genesis(genesis));
    EXPECT_EQ(Configuration::ActiveConfig::get(), genesis.config);
    genesis.config.no_show_slots = 0;
    EXPECT_EQ(error_text(Configuration::build_genesis(genesis)),
              "configuration: host configuration is inconsistent: ZeroNoShowSlots");
  });
  auto unknown = json::parse(R"({"config": {"max_code_sizes": 1}})");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(json_decode(*unknown, genesis));
}

// --- ParasShared.

TEST(ParasShared, ChaCha20IsTheRfc8439Keystream) {
  // RFC 8439 A.1 test vector 1: zero key, zero nonce, block 0: 76 b8 e0 ad a0 f1 3d 90 ...
  shared::ChaCha20Rng rng(std::array<uint8_t, 32>{});
  EXPECT_EQ(rng.next_u32(), 0xade0b876U);
  EXPECT_EQ(rng.next_u32(), 0x903df1a0U);
  for (int i = 2; i < 16; ++i) rng.next_u32();
  // Block 1 (RFC 8439 A.1 test vector 2's keystream starts 9f 07 e7 be).
  EXPECT_EQ(rng.next_u32(), 0xbee7079fU);
}

TEST(ParasShared, NewSessionShufflesAndTruncatesTheValidators) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    std::vector<shared::ValidatorId> validators(10);
    for (size_t i = 0; i < validators.size(); ++i) {
      validators[i].bytes.fill(static_cast<uint8_t>(i));
    }
    ParasShared::add_allowed_relay_parent(H256{}, H256{}, {}, 1, 2);
    std::array<uint8_t, 32> seed{};
    seed[0] = 7;
    const auto keys = ParasShared::initializer_on_new_session(3, seed, 6, validators);
    EXPECT_EQ(ParasShared::CurrentSessionIndex::get(), 3U);
    EXPECT_EQ(ParasShared::scheduled_session(), 5U);
    EXPECT_TRUE(ParasShared::AllowedRelayParents::get().buffer.empty());
    const auto indices = ParasShared::ActiveValidatorIndices::get();
    ASSERT_EQ(indices.size(), 6U);
    ASSERT_EQ(keys.size(), 6U);
    for (size_t i = 0; i < indices.size(); ++i) EXPECT_EQ(keys[i], validators[indices[i]]);
    EXPECT_EQ(ParasShared::ActiveValidatorKeys::get(), keys);
    // A permutation, the same for the same seed, another for another seed.
    auto all = shared::shuffled_indices(10, seed);
    EXPECT_EQ(std::vector<uint32_t>(all.begin(), all.begin() + 6), indices);
    std::vector<uint32_t> sorted = all;
    std::sort(sorted.begin(), sorted.end());
    for (uint32_t i = 0; i < 10; ++i) EXPECT_EQ(sorted[i], i);
    seed[0] = 8;
    EXPECT_NE(shared::shuffled_indices(10, seed), all);
  });
}

TEST(ParasShared, TrackerKeepsTheLastAncestors) {
  shared::AllowedRelayParentsTracker tracker;
  for (uint8_t n = 1; n <= 5; ++n) {
    H256 hash;
    hash.bytes.fill(n);
    tracker.update(hash, hash, {}, n, 2);
  }
  ASSERT_EQ(tracker.buffer.size(), 3U);
  H256 three;
  three.bytes.fill(3);
  ASSERT_TRUE(tracker.acquire_info(three));
  EXPECT_EQ(tracker.acquire_info(three)->second, 3U);
  H256 two;
  two.bytes.fill(2);
  EXPECT_FALSE(tracker.acquire_info(two));
  // SCALE: Vec of (relay_parent, state_root, claim_queue), then latest_number.
  const Bytes encoded = scale::encode(tracker);
  EXPECT_EQ(encoded.size(), 1 + 3 * (32 + 32 + 1) + 4U);
}

}  // namespace
}  // namespace canary::rt
