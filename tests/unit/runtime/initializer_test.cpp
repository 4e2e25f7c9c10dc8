// The Initializer (polkadot-runtime-parachains initializer.rs, stable2506) natively, composing
// Configuration, ParasShared, Paras, ParaScheduler and CoretimeAssignmentProvider
// (parachain_host_test_runtime.hpp). Ported from initializer.rs' tests: the genesis session is
// applied at once, later ones are buffered during the block and applied at its end (only the
// newest), HasInitialized lives only within a block, the pallets learn the session in FRAME's
// order (the pending configuration is active before the validators are grouped),
// force_approve deposits POL1's ForceApprove (Root only, Operational). The validators are
// shuffled with BLAKE2b-256("paras" ‖ randomness) as the seed. Byte-level: the storage keys
// (prefixes from an independent xxHash64) and BufferedSessionChange's layout as Kusama's
// metadata (spec 1009002) describes it.
#include "runtime/pallets/initializer/initializer.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/traits/session.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/support/hex.hpp"
#include "tests/unit/runtime/parachain_host_test_runtime.hpp"

namespace canary::rt {
namespace {

using namespace parachain_host_test;  // NOLINT(google-build-using-namespace): the test runtime
using test::hex;

// pallet_session reaches it as the `para` key's handler (Kusama's SessionKeys.para_validator).
static_assert(traits::OneSessionHandler<Initializer, ValidatorId>);

template <class F>
void with_state(F&& f) {
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    TestRandomness::base = H256{};
    System::initialize(0, H256{}, {});
    f();
  });
}

std::array<uint8_t, 32> paras_seed() {
  const H256 r = TestRandomness::random(as_bytes(std::string_view("paras")));
  std::array<uint8_t, 32> out{};
  std::copy(r.bytes.begin(), r.bytes.end(), out.begin());
  return out;
}

// The keys ParasShared should have made active: `all` shuffled with the session's seed.
std::vector<ValidatorId> shuffled(const std::vector<ValidatorId>& all) {
  std::vector<ValidatorId> out;
  for (uint32_t i : shared::shuffled_indices(static_cast<uint32_t>(all.size()), paras_seed())) {
    out.push_back(all[i]);
  }
  return out;
}

TEST(Initializer, StorageKeysAndLayoutAreKusamas) {
  EXPECT_EQ(hex(Initializer::HasInitialized::key()),
            "31a3a2ce3603138b8b352e8f192ca55ac9e06aebb5bcb51e5f883784b1269289");
  EXPECT_EQ(hex(Initializer::BufferedSessionChanges::key()),
            "31a3a2ce3603138b8b352e8f192ca55afe916363577f9f8ca28ca8966d649c1a");
  // BufferedSessionChange { validators, queued, session_index }.
  ValidatorId a;
  a.bytes.fill(0xaa);
  const init::BufferedSessionChange change{{a}, {}, 7};
  EXPECT_EQ(hex(scale::encode(change)), "04" + std::string(64, 'a') + "00" + "07000000");
  // force_approve is call 0 with a u32.
  EXPECT_EQ(hex(scale::encode(TestRuntime::Pallets::Call::of<Initializer>(
                Initializer::force_approve{0x01020304}))),
            "3900"
            "04030201");
}

TEST(Initializer, MetadataHasKusamasItemsAndCall) {
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  const meta::PalletMetadata* p = nullptr;
  for (const auto& pallet : md.pallets) {
    if (pallet.name == "Initializer") p = &pallet;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->index, 57);
  ASSERT_TRUE(p->storage.has_value());
  ASSERT_EQ(p->storage->entries.size(), 2U);
  EXPECT_EQ(p->storage->entries[0].name, "HasInitialized");
  EXPECT_EQ(p->storage->entries[1].name, "BufferedSessionChanges");
  EXPECT_TRUE(p->calls.has_value());
  EXPECT_FALSE(p->event.has_value());
}

TEST(Initializer, GenesisSessionIsAppliedAtOnce) {
  with_state([] {
    TestRandomness::base.bytes.fill(7);
    const auto keys = validators(6);
    build_genesis(scheduler_config(), {ParaId{2000}, ParaId{2001}}, keys);
    EXPECT_TRUE(Initializer::BufferedSessionChanges::get().empty());
    EXPECT_EQ(ParasShared::session_index(), 0U);
    EXPECT_EQ(ParasShared::ActiveValidatorKeys::get(), shuffled(keys));
    EXPECT_NE(ParasShared::ActiveValidatorKeys::get(), keys);  // the seed did shuffle them
    EXPECT_EQ(Scheduler::ValidatorGroups::get().size(), 2U);
    EXPECT_EQ(Scheduler::SessionStartBlock::get(), 1U);
  });
}

TEST(Initializer, SessionChangeIsBufferedThenAppliedAtTheEndOfTheBlock) {
  with_state([] {
    build_genesis(scheduler_config(), {ParaId{2000}}, validators(3));
    System::initialize(1, H256{}, {});
    TestRuntime::Pallets::on_initialize(1);
    EXPECT_TRUE(Initializer::HasInitialized::get().has_value());
    const auto next = validators(4);
    Initializer::on_new_session(true, with_accounts(next), with_accounts(next), 1);
    // Buffered: nothing changed yet within the block.
    EXPECT_TRUE(Initializer::upcoming_session_change());
    ASSERT_EQ(Initializer::BufferedSessionChanges::get().size(), 1U);
    EXPECT_EQ(Initializer::BufferedSessionChanges::get()[0].session_index, 1U);
    EXPECT_EQ(ParasShared::session_index(), 0U);
    EXPECT_EQ(ParasShared::ActiveValidatorKeys::get().size(), 3U);
    skip_paras_inherent();
    TestRuntime::Pallets::on_finalize(1);
    // Applied at the end: the next block observes session 1.
    EXPECT_FALSE(Initializer::upcoming_session_change());
    EXPECT_FALSE(Initializer::HasInitialized::exists());
    EXPECT_FALSE(Initializer::BufferedSessionChanges::exists());
    EXPECT_EQ(ParasShared::session_index(), 1U);
    EXPECT_EQ(ParasShared::ActiveValidatorKeys::get(), shuffled(next));
    EXPECT_EQ(Scheduler::SessionStartBlock::get(), 2U);
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

TEST(Initializer, OnlyTheNewestBufferedChangeIsApplied) {
  with_state([] {
    build_genesis(scheduler_config(), {ParaId{2000}}, validators(2));
    System::initialize(1, H256{}, {});
    TestRuntime::Pallets::on_initialize(1);
    const auto first = validators(3);
    const auto second = validators(5);
    Initializer::on_new_session(true, with_accounts(first), with_accounts(first), 1);
    Initializer::on_new_session(true, with_accounts(second), with_accounts(second), 2);
    skip_paras_inherent();
    TestRuntime::Pallets::on_finalize(1);
    EXPECT_EQ(ParasShared::session_index(), 2U);
    EXPECT_EQ(ParasShared::ActiveValidatorKeys::get().size(), 5U);
  });
}

TEST(Initializer, PendingConfigurationIsActiveBeforeTheSchedulerGroups) {
  with_state([] {
    const auto keys = validators(6);
    build_genesis(scheduler_config(), {ParaId{2000}}, keys);
    EXPECT_EQ(Scheduler::ValidatorGroups::get().size(), 1U);
    // A configuration due at session 2 (as the setters schedule it from session 0).
    auto cfg = Configuration::ActiveConfig::get();
    cfg.scheduler_params.max_validators_per_core = 2;
    cfg.scheduler_params.lookahead = 2;
    Configuration::PendingConfigs::put({{2, cfg}});
    run_to_block(1, {1}, keys);
    EXPECT_EQ(Scheduler::ValidatorGroups::get().size(), 1U);
    run_to_block(2, {2}, keys);
    // 6 validators, 2 per core: 3 groups; the queue filled with the new lookahead.
    EXPECT_EQ(Configuration::ActiveConfig::get().scheduler_params.lookahead, 2U);
    EXPECT_EQ(Scheduler::ValidatorGroups::get().size(), 3U);
    EXPECT_EQ(Scheduler::claim_queue().at(CoreIndex{0}),
              (std::vector<ParaId>{ParaId{2000}, ParaId{2000}}));
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(2), "");
  });
}

TEST(Initializer, ForceApproveDepositsTheConsensusLog) {
  with_state([] {
    run_block(1);
    System::initialize(2, H256{}, {});
    const Initializer::force_approve call{5};
    const DispatchInfo info = call.info();
    EXPECT_EQ(info.dispatch_class, DispatchClass::kOperational);
    EXPECT_EQ(info.call_weight, Weight::from_parts(8'344'953, 0));
    EXPECT_FALSE(
        (rt::testing::dispatch<TestRuntime, Initializer>(call, Origin::signed_by(AccountId32{})))
            .has_value());
    ASSERT_TRUE(
        (rt::testing::dispatch<TestRuntime, Initializer>(call, Origin::root())).has_value());
    const auto digest = System::Digest::get();
    ASSERT_EQ(digest.size(), 1U);
    const auto* log = std::get_if<block::DigestConsensus>(&digest[0]);
    ASSERT_NE(log, nullptr);
    EXPECT_EQ(log->engine, prim::kPolkadotEngineId);
    // ConsensusLog::ForceApprove(5) = index 3, then the u32.
    EXPECT_EQ(hex(log->data), "0305000000");
    // The weight grows with the digest.
    EXPECT_EQ(call.info().call_weight, Weight::from_parts(8'344'953 + 892, 0));
  });
}

}  // namespace
}  // namespace canary::rt
