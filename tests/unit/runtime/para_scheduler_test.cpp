// ParaScheduler and CoretimeAssignmentProvider (polkadot-runtime-parachains scheduler.rs and
// assigner_coretime/mod.rs, stable2506) natively, in the test runtime of
// parachain_host_test_runtime.hpp. Ported from scheduler/tests.rs and assigner_coretime/tests.rs:
// validator groups from the active validators (sizes, max_validators_per_core), group rotation
// and the availability timeout predicate, the claim queue filled from coretime (the first claim
// doubled, lookahead, occupied cores not advanced, cores dropped when their count shrinks), and
// assign_core (appending, updating the last schedule, refusals, shares served in proportion,
// end hints). Byte-level: the storage keys (prefixes computed with an independent xxHash64 and
// checked against the well-known Configuration.ActiveConfig key) and values of ClaimQueue,
// ValidatorGroups, CoreSchedules and CoreDescriptors as Kusama's metadata (spec 1009002)
// describes them.
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/support/hex.hpp"
#include "tests/unit/runtime/parachain_host_test_runtime.hpp"

namespace canary::rt {
namespace {

using namespace parachain_host_test;  // NOLINT(google-build-using-namespace): the test runtime
using coretime::CoreAssignment;
using coretime::PartsOf57600;
using test::hex;

template <class F>
void with_state(F&& f) {
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(0, H256{}, {});
    f();
  });
}

std::vector<std::vector<uint32_t>> groups() {
  std::vector<std::vector<uint32_t>> out;
  for (const auto& g : Scheduler::ValidatorGroups::get()) {
    std::vector<uint32_t> ids;
    ids.reserve(g.size());
    for (const auto v : g) ids.push_back(v.value);
    out.push_back(ids);
  }
  return out;
}

std::map<uint32_t, std::vector<uint32_t>> claims() {
  std::map<uint32_t, std::vector<uint32_t>> out;
  for (const auto& [core, paras] : Scheduler::claim_queue()) {
    for (const ParaId p : paras) out[core.value].push_back(p.value);
  }
  return out;
}

std::string error_of(const DispatchResult& r) {
  return r ? std::string("ok") : runtime::to_string(r.error());
}
std::string err(coretime::Error e) {
  return runtime::to_string(Assigner::error(e));
}

// --- Storage layout.

TEST(ParaScheduler, StorageKeysAreKusamas) {
  // twox128 of the names, from an xxHash64 written apart from the runtime's (its "System" and
  // "Configuration"/"ActiveConfig" are the well-known 26aa394e… and 06de3d8a…b4b49d95…).
  EXPECT_EQ(hex(Scheduler::ValidatorGroups::key()),
            "94eadf0156a8ad5156507773d0471e4a16973e1142f5bd30d9464076794007db");
  EXPECT_EQ(hex(Scheduler::SessionStartBlock::key()),
            "94eadf0156a8ad5156507773d0471e4a9ce0310edffce7a01a96c2039f92dd10");
  EXPECT_EQ(hex(Scheduler::ClaimQueue::key()),
            "94eadf0156a8ad5156507773d0471e4a49f6c9aa90c04982c05388649310f22f");
  // Twox256 of the SCALE key: CoreIndex(0), and (BlockNumber 1, CoreIndex 0).
  EXPECT_EQ(hex(Assigner::CoreDescriptors::key(CoreIndex{0})),
            "638595eebaa445ce03a13547bece90e704e6ac775a3245623103ffec2cb2c92f"
            "b4def25cfda6ef3ac02a707a7013b12ddc9c5f6a3e1994c51754be175bd6a3d4");
  EXPECT_EQ(hex(Assigner::CoreSchedules::key({1, CoreIndex{0}})),
            "638595eebaa445ce03a13547bece90e74a4aebd4fb28ddd34de9226f0abce904"
            "9599a4a217cb299f0997b3a8d645fb8a91861527a0ac25b4e1454f7d27b65927");
}

TEST(ParaScheduler, ValuesEncodeAsKusamas) {
  // BTreeMap<CoreIndex, VecDeque<Assignment>>: Compact length, then (u32, Vec<Assignment>)
  // pairs; Assignment::Pool { para_id, core_index } = 0, Bulk(ParaId) = 1.
  sched::ClaimQueueMap cq;
  cq[CoreIndex{1}] = {Assignment::bulk(ParaId{2000}), Assignment::pool(ParaId{3000}, CoreIndex{1})};
  EXPECT_EQ(hex(scale::encode(cq)),
            "04"
            "01000000"
            "08"
            "01d0070000"
            "00b80b000001000000");
  EXPECT_EQ(scale::decode<sched::ClaimQueueMap>(scale::encode(cq)).value(), cq);
  // Schedule { assignments: [(Task(2000), 57600)], end_hint: None, next_schedule: Some(7) }.
  const coretime::Schedule s{{{CoreAssignment::task(2000), PartsOf57600::full()}}, {}, 7};
  EXPECT_EQ(hex(scale::encode(s)),
            "04"
            "02d0070000"
            "00e1"
            "00"
            "0107000000");
  // CoreDescriptor's default is two Nones (FRAME's fallback 0x0000).
  EXPECT_EQ(hex(scale::encode(coretime::CoreDescriptor{})), "0000");
  // CoreAssignment: Idle = 0, Pool = 1, Task = 2; ordered by variant, then task.
  EXPECT_EQ(hex(scale::encode(CoreAssignment::pool())), "01");
  EXPECT_LT(CoreAssignment::idle(), CoreAssignment::pool());
  EXPECT_LT(CoreAssignment::pool(), CoreAssignment::task(0));
  EXPECT_LT(CoreAssignment::task(1), CoreAssignment::task(2));
}

TEST(ParaScheduler, MetadataHasKusamasItems) {
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  const auto find = [&](const std::string& name) -> const meta::PalletMetadata* {
    for (const auto& pallet : md.pallets) {
      if (pallet.name == name) return &pallet;
    }
    return nullptr;
  };
  const auto* scheduler = find("ParaScheduler");
  ASSERT_NE(scheduler, nullptr);
  EXPECT_EQ(scheduler->index, 55);
  ASSERT_TRUE(scheduler->storage.has_value());
  std::vector<std::string> names;
  for (const auto& item : scheduler->storage->entries) names.push_back(item.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"ValidatorGroups", "SessionStartBlock", "ClaimQueue"}));
  const auto* assigner = find("CoretimeAssignmentProvider");
  ASSERT_NE(assigner, nullptr);
  EXPECT_EQ(assigner->index, 65);
  names.clear();
  ASSERT_TRUE(assigner->storage.has_value());
  for (const auto& item : assigner->storage->entries) names.push_back(item.name);
  EXPECT_EQ(names, (std::vector<std::string>{"CoreSchedules", "CoreDescriptors"}));
}

// --- Groups.

TEST(ParaScheduler, GroupsSplitTheValidatorsOverTheCores) {
  with_state([] {
    // Two parachains: two cores; five validators: groups of 3 and 2, consecutive indices.
    build_genesis(scheduler_config(), {ParaId{2000}, ParaId{2001}}, validators(5));
    EXPECT_EQ(Configuration::ActiveConfig::get().scheduler_params.num_cores, 2U);
    EXPECT_EQ(groups(), (std::vector<std::vector<uint32_t>>{{0, 1, 2}, {3, 4}}));
    EXPECT_EQ(Scheduler::num_availability_cores(), 2U);
    EXPECT_EQ(Scheduler::SessionStartBlock::get(), 1U);
    EXPECT_TRUE(rt::testing::try_state_failures<TestRuntime::Pallets>(0).empty());
  });
}

TEST(ParaScheduler, MaxValidatorsPerCoreAddsCores) {
  with_state([] {
    // scheduler/tests.rs session_change_takes_only_max_per_core: n_cores = max(num_cores,
    // validators / max_validators_per_core) = max(1, 7 / 2) = 3: groups of 3, 2, 2.
    build_genesis(scheduler_config(3, 10, 5, 2), {ParaId{2000}}, validators(7));
    EXPECT_EQ(groups(), (std::vector<std::vector<uint32_t>>{{0, 1, 2}, {3, 4}, {5, 6}}));
  });
  with_state([] {
    // No cores at all: no groups.
    build_genesis(scheduler_config(), {}, validators(4));
    EXPECT_TRUE(groups().empty());
    EXPECT_EQ(Scheduler::group_validators(GroupIndex{0}), std::nullopt);
  });
}

// --- Rotation.

TEST(ParaScheduler, GroupsRotateOverTheCores) {
  with_state([] {
    // scheduler/tests.rs schedule_rotates_groups: 3 cores, rotation every 10 blocks from the
    // session's first block.
    build_genesis(scheduler_config(3, 10), {ParaId{1}, ParaId{2}, ParaId{3}}, validators(6));
    run_to_block(20, {10});
    const BlockNumber start = Scheduler::SessionStartBlock::get();
    EXPECT_EQ(start, 11U);
    EXPECT_EQ(Scheduler::group_assigned_to_core(CoreIndex{0}, start - 1), std::nullopt);
    EXPECT_EQ(Scheduler::group_assigned_to_core(CoreIndex{0}, start), GroupIndex{0});
    EXPECT_EQ(Scheduler::group_assigned_to_core(CoreIndex{0}, start + 9), GroupIndex{0});
    EXPECT_EQ(Scheduler::group_assigned_to_core(CoreIndex{0}, start + 10), GroupIndex{1});
    EXPECT_EQ(Scheduler::group_assigned_to_core(CoreIndex{2}, start + 10), GroupIndex{0});
    EXPECT_EQ(Scheduler::group_assigned_to_core(CoreIndex{1}, start + 20), GroupIndex{0});
    EXPECT_EQ(Scheduler::group_assigned_to_core(CoreIndex{3}, start), std::nullopt);
    // GroupRotationInfo agrees, and inverts.
    const auto info = Scheduler::group_rotation_info(start + 25);
    EXPECT_EQ(info, (prim::GroupRotationInfo{start, 10, start + 25}));
    EXPECT_EQ(info.group_for_core(CoreIndex{0}, 3), GroupIndex{2});
    EXPECT_EQ(info.core_for_group(GroupIndex{2}, 3), CoreIndex{0});
    EXPECT_EQ(info.last_rotation_at(), start + 20);
    EXPECT_EQ(info.next_rotation_at(), start + 30);
    EXPECT_EQ(hex(scale::encode(info)), "0b0000000a00000024000000");
  });
}

TEST(ParaScheduler, AvailabilityTimesOutOnlyAtTheStartOfARotation) {
  with_state([] {
    // scheduler/tests.rs availability_predicate_works: rotation 10, availability period 5.
    build_genesis(scheduler_config(3, 10, 5), {ParaId{2000}}, validators(3));
    run_to_block(1);  // the session started at block 1
    // Block 1 = the rotation's first block: the next block (2) is within the period.
    EXPECT_TRUE(Scheduler::availability_timeout_check_required());
    const auto early = Scheduler::availability_timeout_predicate();
    EXPECT_FALSE(early(1).timed_out);
    EXPECT_EQ(early(1).live_until, 6U);
    run_to_block(6);  // next block 7 >= 1 + 5: outside the window
    EXPECT_FALSE(Scheduler::availability_timeout_check_required());
    const auto late = Scheduler::availability_timeout_predicate();
    // A candidate pending since block 2 lives until the next rotation (11) + 5.
    EXPECT_FALSE(late(2).timed_out);
    EXPECT_EQ(late(2).live_until, 16U);
    run_to_block(12);  // within the first 5 blocks of the rotation at 11
    const auto next = Scheduler::availability_timeout_predicate();
    EXPECT_TRUE(next(5).timed_out);  // pending since 5: 5 + 5 <= 12
    EXPECT_FALSE(next(8).timed_out);
    EXPECT_EQ(next(8).live_until, 13U);
  });
}

// --- The claim queue.

TEST(ParaScheduler, ClaimQueueFillsFromCoretimeWithTheFirstClaimDoubled) {
  with_state([] {
    build_genesis(scheduler_config(3), {ParaId{2000}, ParaId{2001}}, validators(4));
    // The genesis assignments begin at block 1: at genesis nothing is served yet.
    EXPECT_TRUE(Scheduler::ClaimQueue::get().empty());
    run_to_block(1);
    // ParaInherent advances the queue once per block (here by hand: it is not written yet).
    Scheduler::advance_claim_queue({});
    EXPECT_EQ(claims(), (std::map<uint32_t, std::vector<uint32_t>>{{0, {2000, 2000, 2000}},
                                                                   {1, {2001, 2001, 2001}}}));
    EXPECT_EQ(Scheduler::next_up_on_available(CoreIndex{1}), ParaId{2001});
    EXPECT_EQ(Scheduler::claim_queue_len(), 6U);
    // Later blocks pop one and push one; an occupied core keeps its queue as it is.
    run_to_block(2);
    Scheduler::advance_claim_queue({CoreIndex{1}});
    EXPECT_EQ(Scheduler::claim_queue_len(), 6U);
    EXPECT_EQ(Assigner::CoreDescriptors::get(CoreIndex{0}).current_work->assignments.size(), 1U);
    EXPECT_TRUE(rt::testing::try_state_failures<TestRuntime::Pallets>(2).empty());
  });
}

TEST(ParaScheduler, SessionChangeFillsAndDropsCores) {
  with_state([] {
    build_genesis(scheduler_config(2), {ParaId{2000}, ParaId{2001}}, validators(4));
    // The session applied at the end of block 2 fills the queues with the new lookahead.
    run_to_block(2, {2});
    EXPECT_EQ(claims(),
              (std::map<uint32_t, std::vector<uint32_t>>{{0, {2000, 2000}}, {1, {2001, 2001}}}));
    // Lowering num_cores drops core 1's claims at the next session (bulk claims are dropped,
    // not returned).
    auto cfg = Configuration::ActiveConfig::get();
    cfg.scheduler_params.num_cores = 1;
    ASSERT_TRUE(Configuration::PendingConfigs::get().empty());
    Configuration::PendingConfigs::put({{ParasShared::session_index() + 1, cfg}});
    run_to_block(3, {3});
    EXPECT_EQ(claims(), (std::map<uint32_t, std::vector<uint32_t>>{{0, {2000, 2000}}}));
    EXPECT_EQ(groups().size(), 1U);
  });
}

TEST(ParaScheduler, LookaheadOfOneIsNotDoubled) {
  with_state([] {
    build_genesis(scheduler_config(1), {ParaId{2000}}, validators(2));
    run_to_block(1);
    Scheduler::advance_claim_queue({});
    EXPECT_EQ(claims(), (std::map<uint32_t, std::vector<uint32_t>>{{0, {2000}}}));
  });
}

// --- assign_core.

TEST(CoretimeAssignmentProvider, AssignCoreAppendsOrUpdatesTheLast) {
  with_state([] {
    const CoreIndex core{0};
    const coretime::Assignments full{{CoreAssignment::task(1), PartsOf57600::full()}};
    EXPECT_EQ(error_of(Assigner::assign_core(core, 10, {}, std::nullopt)),
              err(coretime::Error::kAssignmentsEmpty));
    ASSERT_TRUE(Assigner::assign_core(core, 10, full, std::nullopt).has_value());
    ASSERT_TRUE(Assigner::assign_core(core, 20, full, 30).has_value());
    // Before the last: refused; at the last: its assignments grow, its end_hint is the new one.
    EXPECT_EQ(error_of(Assigner::assign_core(core, 15, full, std::nullopt)),
              err(coretime::Error::kDisallowedInsert));
    ASSERT_TRUE(
        Assigner::assign_core(core, 20, {{CoreAssignment::task(2), PartsOf57600{0}}}, std::nullopt)
            .has_value());
    EXPECT_EQ(Assigner::CoreDescriptors::get(core).queue, (coretime::QueueDescriptor{10, 20}));
    EXPECT_EQ(Assigner::CoreSchedules::get({10, core})->next_schedule, 20U);
    const auto last = Assigner::CoreSchedules::get({20, core});
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->assignments.size(), 2U);
    EXPECT_EQ(last->end_hint, std::nullopt);
    EXPECT_EQ(last->next_schedule, std::nullopt);
  });
}

std::vector<uint32_t> pops(CoreIndex core, BlockNumber from, BlockNumber to) {
  std::vector<uint32_t> out;
  for (BlockNumber n = from; n <= to; ++n) {
    System::initialize(n, H256{}, {});
    const auto a = Assigner::pop_assignment_for_core(core);
    out.push_back(a ? a->para_id().value : 0);
  }
  return out;
}

TEST(CoretimeAssignmentProvider, SharesAreServedInProportion) {
  with_state([] {
    // assigner_coretime/tests.rs equal_assignments_served_equally: ABAB…
    const CoreIndex core{0};
    ASSERT_TRUE(Assigner::assign_core(core, 1,
                                      {{CoreAssignment::task(1), PartsOf57600{28800}},
                                       {CoreAssignment::task(2), PartsOf57600{28800}}},
                                      std::nullopt)
                    .has_value());
    EXPECT_EQ(pops(core, 1, 6), (std::vector<uint32_t>{1, 2, 1, 2, 1, 2}));
  });
  with_state([] {
    // unequal_assignment_proportions: 3/4 and 1/4 (step = the smallest share): AAAB…
    const CoreIndex core{0};
    ASSERT_TRUE(Assigner::assign_core(core, 1,
                                      {{CoreAssignment::task(1), PartsOf57600{43200}},
                                       {CoreAssignment::task(2), PartsOf57600{14400}}},
                                      std::nullopt)
                    .has_value());
    EXPECT_EQ(pops(core, 1, 8), (std::vector<uint32_t>{1, 1, 1, 2, 1, 1, 1, 2}));
  });
}

TEST(CoretimeAssignmentProvider, SchedulesStartAtTheirBlockAndEndAtTheirHint) {
  with_state([] {
    const CoreIndex core{0};
    ASSERT_TRUE(Assigner::assign_core(core, 3, {{CoreAssignment::task(7), PartsOf57600::full()}}, 6)
                    .has_value());
    ASSERT_TRUE(Assigner::assign_core(core, 8, {{CoreAssignment::idle(), PartsOf57600::full()}},
                                      std::nullopt)
                    .has_value());
    ASSERT_TRUE(Assigner::assign_core(core, 9, {{CoreAssignment::task(9), PartsOf57600::full()}},
                                      std::nullopt)
                    .has_value());
    // Nothing before 3, para 7 until its end hint (6), nothing until 8, idle at 8, 9 on.
    EXPECT_EQ(pops(core, 1, 10), (std::vector<uint32_t>{0, 0, 7, 7, 7, 0, 0, 0, 9, 9}));
    // The queue is used up; schedules were taken as they became current.
    EXPECT_EQ(Assigner::CoreDescriptors::get(core).queue, std::nullopt);
    EXPECT_FALSE(Assigner::CoreSchedules::get({3, core}).has_value());
  });
  with_state([] {
    // A schedule whose end hint passed before it was reached is skipped.
    const CoreIndex core{0};
    ASSERT_TRUE(Assigner::assign_core(core, 2, {{CoreAssignment::task(1), PartsOf57600::full()}}, 3)
                    .has_value());
    ASSERT_TRUE(Assigner::assign_core(core, 4, {{CoreAssignment::task(2), PartsOf57600::full()}},
                                      std::nullopt)
                    .has_value());
    EXPECT_EQ(pops(core, 5, 6), (std::vector<uint32_t>{2, 2}));
  });
}

TEST(CoretimeAssignmentProvider, AssignCoretimeAddsACoreFromTheNextBlock) {
  with_state([] {
    Configuration::force_set_active_config(scheduler_config());
    ASSERT_TRUE(Assigner::assign_coretime(ParaId{2000}).has_value());
    ASSERT_TRUE(Assigner::assign_coretime(ParaId{2001}).has_value());
    EXPECT_EQ(Configuration::ActiveConfig::get().scheduler_params.num_cores, 2U);
    const auto s = Assigner::CoreSchedules::get({1, CoreIndex{1}});
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->assignments,
              (coretime::Assignments{{CoreAssignment::task(2001), PartsOf57600::full()}}));
  });
}

// --- The scheduler against a mock provider (scheduler/tests.rs' MockAssigner): what it pops,
// reports processed, duplicates and pushes back.

struct MockProvider {
  static inline std::map<uint32_t, std::deque<Assignment>> queues;
  static inline std::vector<uint32_t> processed, duplicated, pushed_back;
  static std::optional<Assignment> pop_assignment_for_core(CoreIndex core) {
    auto& q = queues[core.value];
    if (q.empty()) return std::nullopt;
    Assignment a = q.front();
    q.pop_front();
    return a;
  }
  static void report_processed(const Assignment& a) { processed.push_back(a.para_id().value); }
  static void push_back_assignment(const Assignment& a) {
    pushed_back.push_back(a.para_id().value);
  }
  static void assignment_duplicated(const Assignment& a) {
    duplicated.push_back(a.para_id().value);
  }
};
static_assert(sched::AssignmentProvider<MockProvider>);

struct MockRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<MockRuntime, PalletAt<0, "System">>;
  using Configuration = config::Pallet<MockRuntime, PalletAt<51, "Configuration">>;
  using ParasShared = shared::Pallet<MockRuntime, PalletAt<52, "ParasShared">>;
  using ParaScheduler = sched::Pallet<MockRuntime, PalletAt<55, "ParaScheduler">>;
  using Pallets = Composition<"mock_runtime", System, Configuration, ParasShared, ParaScheduler>;
  using SchedulerAssignmentProvider = MockProvider;
};

std::map<uint32_t, std::vector<uint32_t>> mock_claims() {
  std::map<uint32_t, std::vector<uint32_t>> out;
  for (const auto& [core, entries] : MockRuntime::ParaScheduler::ClaimQueue::get()) {
    for (const Assignment& a : entries) out[core.value].push_back(a.para_id().value);
  }
  return out;
}

TEST(ParaScheduler, PoolClaimsOfDroppedCoresGoBackInOrder) {
  rt::testing::TestExternalities ext;
  ext.execute_with([] {
    using S = MockRuntime::ParaScheduler;
    MockRuntime::System::initialize(1, H256{}, {});
    MockProvider::queues = {};
    MockProvider::processed = MockProvider::duplicated = MockProvider::pushed_back = {};
    for (uint32_t p : {1U, 2U, 3U, 4U}) {
      MockProvider::queues[0].push_back(Assignment::pool(ParaId{p}, CoreIndex{0}));
      MockProvider::queues[1].push_back(Assignment::pool(ParaId{p + 10}, CoreIndex{1}));
    }
    init::SessionChangeNotification n;
    n.validators = validators(4);
    n.new_config = scheduler_config(3);
    n.new_config.scheduler_params.num_cores = 2;
    MockRuntime::Configuration::force_set_active_config(n.new_config);
    S::initializer_on_new_session(n);
    // An empty queue gets its first claim twice (reported duplicated), then up to lookahead 3.
    EXPECT_EQ(mock_claims(),
              (std::map<uint32_t, std::vector<uint32_t>>{{0, {1, 1, 2}}, {1, {11, 11, 12}}}));
    EXPECT_EQ(MockProvider::duplicated, (std::vector<uint32_t>{1, 11}));
    // Advancing serves the front claim (reported processed) and tops the queue up.
    S::advance_claim_queue({CoreIndex{1}});
    EXPECT_EQ(MockProvider::processed, (std::vector<uint32_t>{1}));
    EXPECT_EQ(mock_claims().at(0), (std::vector<uint32_t>{1, 2, 3}));
    // Down to one core: core 1's claims go back last first, so they come out in order again.
    n.prev_config = n.new_config;
    n.new_config.scheduler_params.num_cores = 1;
    MockRuntime::Configuration::force_set_active_config(n.new_config);
    S::initializer_on_new_session(n);
    EXPECT_EQ(MockProvider::pushed_back, (std::vector<uint32_t>{12, 11, 11}));
    EXPECT_EQ(mock_claims(), (std::map<uint32_t, std::vector<uint32_t>>{{0, {1, 2, 3}}}));
    EXPECT_EQ(S::ValidatorGroups::get().size(), 1U);
  });
}

// --- Coretime's calls.

TEST(Coretime, AssignCoreFromRootStoresTheScheduleAndSaysSo) {
  with_state([] {
    build_genesis(scheduler_config(), {}, validators(2));
    run_to_block(1);  // no events at genesis
    const Coretime::assign_core call{
        1, 10, {{CoreAssignment::task(2000), PartsOf57600::full()}}, std::nullopt};
    // Call 4 of pallet 74: core u16, begin u32, the assignments, end_hint (Kusama's metadata).
    EXPECT_EQ(hex(scale::encode(TestRuntime::Pallets::Call::of<Coretime>(call))),
              "4a04"
              "0100"
              "0a000000"
              "0402d007000000e1"
              "00");
    EXPECT_EQ(call.info().call_weight,
              Weight::from_parts(17'832'153 + 17'216, 3'545)
                  .saturating_add(TestRuntime::kDbWeight.reads_writes(1, 2)));
    EXPECT_FALSE(
        (rt::testing::dispatch<TestRuntime, Coretime>(call, Origin::signed_by(AccountId32{})))
            .has_value());
    ASSERT_TRUE((rt::testing::dispatch<TestRuntime, Coretime>(call, Origin::root())).has_value());
    const std::vector<Coretime::Event> expected{Coretime::CoreAssigned{CoreIndex{1}}};
    EXPECT_EQ((rt::testing::events_of<TestRuntime, Coretime>()), expected);
    EXPECT_EQ(Assigner::CoreDescriptors::get(CoreIndex{1}).queue,
              (coretime::QueueDescriptor{10, 10}));
    // Refused by the assigner: its error, nothing stored.
    const Coretime::assign_core early{1, 5, call.assignment, std::nullopt};
    const auto refused = rt::testing::dispatch<TestRuntime, Coretime>(early, Origin::root());
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(runtime::to_string(refused.error().error), err(coretime::Error::kDisallowedInsert));
  });
}

TEST(Coretime, RequestCoreCountSchedulesTheConfiguration) {
  with_state([] {
    build_genesis(scheduler_config(), {}, validators(2));
    ASSERT_TRUE((rt::testing::dispatch<TestRuntime, Coretime>(Coretime::request_core_count{4},
                                                              Origin::root()))
                    .has_value());
    const auto pending = Configuration::PendingConfigs::get();
    ASSERT_EQ(pending.size(), 1U);
    EXPECT_EQ(pending[0].first, 2U);
    EXPECT_EQ(pending[0].second.scheduler_params.num_cores, 4U);
    EXPECT_EQ(Configuration::ActiveConfig::get().scheduler_params.num_cores, 0U);
  });
}

}  // namespace
}  // namespace canary::rt
