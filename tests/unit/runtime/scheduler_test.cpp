// pallet_scheduler natively, configured as the SDK's mock (substrate/frame/scheduler/src/mock.rs):
// a Logger pallet whose calls record (origin, i) with a stated weight (timed_log fails outside a
// block range), 10 tasks per agenda, MaximumWeight 80 % of a 2·10¹² ref_time block, the mock's
// small TestWeightInfo, ScheduleOrigin Root or account 1, EqualPrivilegeOnly, Preimage (on
// Balances) for calls looked up by hash. The SDK's scenarios (tests.rs): basic, after, periodic,
// preimage lookups (requested while scheduled, CallUnavailable), reschedule, cancel (named and
// not, by origin), weight limits, priorities, permanently overweight tasks, on_initialize's exact
// weight, full agendas (Exhausted, PeriodicFailed), retries (set, multiple, cancel, RetryFailed),
// IncompleteSince carry-over; plus the wire forms, the trait concepts and try-state.
#include "runtime/pallets/scheduler/scheduler.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/preimage/preimage.hpp"
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
namespace scheduler = pallets::scheduler;
using rt::testing::account;
using traits::schedule::DispatchTime;
using traits::schedule::TaskName;
using traits::tokens::Balance;

// --- The mock's Logger pallet.
std::vector<std::pair<Origin, uint32_t>> g_log;                  // NOLINT: the mock's Log
std::optional<std::pair<BlockNumber, BlockNumber>> g_threshold;  // NOLINT: the mock's Threshold

enum class LoggerError : uint8_t { kTooEarly = 0, kTooLate = 1 };

template <class T, class At>
struct Logger {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "logger";
  using Error = LoggerError;
  static constexpr ErrorInfo kErrors[] = {{"TooEarly", "Under the threshold."},
                                          {"TooLate", "Over the threshold."}};

  struct log {  // NOLINT(readability-identifier-naming): the mock's call name
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "log";
    uint32_t i = 0;
    Weight weight;
    static constexpr auto fields() {
      return std::tuple{field("i", &log::i, "u32"), field("weight", &log::weight, "Weight")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {weight}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      g_log.emplace_back(origin, i);
      return PostDispatchInfo{};
    }
  };
  // Fails outside Threshold (inclusive), by default [0, u32::MAX].
  struct timed_log {  // NOLINT(readability-identifier-naming): the mock's call name
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "timed_log";
    uint32_t i = 0;
    Weight weight;
    static constexpr auto fields() {
      return std::tuple{field("i", &timed_log::i, "u32"),
                        field("weight", &timed_log::weight, "Weight")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {weight}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      const BlockNumber now = T::System::block_number();
      const auto [start, end] =
          g_threshold.value_or(std::pair<BlockNumber, BlockNumber>{0, UINT32_MAX});
      if (now < start) return with_post_info(unexpected(pallet_error<Logger>(Error::kTooEarly)));
      if (now > end) return with_post_info(unexpected(pallet_error<Logger>(Error::kTooLate)));
      g_log.emplace_back(origin, i);
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<log, timed_log>;
};

// The mock's TestWeightInfo.
struct TestWeightInfo {
  static Weight service_agendas_base() { return Weight::from_parts(0b0000'0001, 0); }
  static Weight service_agenda_base(uint32_t i) {
    return Weight::from_parts((uint64_t{i} << 8) + 0b0000'0010, 0);
  }
  static Weight service_task_base() { return Weight::from_parts(0b0000'0100, 0); }
  static Weight service_task_periodic() { return Weight::from_parts(0b0000'1100, 0); }
  static Weight service_task_named() { return Weight::from_parts(0b0001'0100, 0); }
  static Weight service_task_fetched(uint32_t s) {
    return Weight::from_parts((uint64_t{s} << 8) + 0b0010'0100, 0);
  }
  static Weight execute_dispatch_signed() { return Weight::from_parts(0b0100'0000, 0); }
  static Weight execute_dispatch_unsigned() { return Weight::from_parts(0b1000'0000, 0); }
  static Weight schedule(uint32_t) { return Weight::from_parts(50, 0); }
  static Weight cancel(uint32_t) { return Weight::from_parts(50, 0); }
  static Weight schedule_named(uint32_t) { return Weight::from_parts(50, 0); }
  static Weight cancel_named(uint32_t) { return Weight::from_parts(50, 0); }
  static Weight schedule_retry(uint32_t) { return Weight::from_parts(100'000, 0); }
  static Weight set_retry() { return Weight::from_parts(50, 0); }
  static Weight set_retry_named() { return Weight::from_parts(50, 0); }
  static Weight cancel_retry() { return Weight::from_parts(50, 0); }
  static Weight cancel_retry_named() { return Weight::from_parts(50, 0); }
};

enum class TestHoldReason : uint8_t { kPreimage = 0 };
inline bool scale_is_valid(TestHoldReason r) {
  return r == TestHoldReason::kPreimage;
}
struct PreimageHold {
  static TestHoldReason get() { return TestHoldReason::kPreimage; }
};

const AccountId32 kOne = account(1);
const AccountId32 kTwo = account(2);
struct One {
  static bool contains(const AccountId32& who) { return who == kOne; }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using LoggerPallet = Logger<TestRuntime, PalletAt<1, "Logger">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Scheduler = scheduler::Pallet<TestRuntime, PalletAt<29, "Scheduler">>;
  using Preimage = preimage::Pallet<TestRuntime, PalletAt<32, "Preimage">>;
  using Pallets = Composition<"test_runtime", System, LoggerPallet, Balances, Scheduler, Preimage>;
  using RuntimeHoldReason = TestHoldReason;
  using RuntimeFreezeReason = TestHoldReason;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 1;
  static constexpr uint32_t kMaxHolds = 1;

  using Currency = Balances;
  using PreimageManagerOrigin = EnsureRoot;
  using PreimageConsideration =
      traits::HoldConsideration<Balances, PreimageHold, traits::LinearStoragePrice<2, 1>>;

  static constexpr uint32_t kSchedulerMaxScheduledPerBlock = 10;
  static Weight scheduler_maximum_weight() {
    const Weight max_block = block_weights().max_block;
    const auto p = arithmetic::Perbill::from_percent(80);
    return Weight::from_parts(p * max_block.ref_time, p * max_block.proof_size);
  }
  using SchedulerOrigin = EitherOfDiverse<EnsureRoot, EnsureSignedBy<One>>;
  using SchedulerOriginPrivilegeCmp = traits::EqualPrivilegeOnly;
  using SchedulerPreimages = Preimage;
  using SchedulerWeightInfo = TestWeightInfo;
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Scheduler = TestRuntime::Scheduler;
using Preimage = TestRuntime::Preimage;
using LoggerCall = TestRuntime::LoggerPallet::Call;
using RuntimeCall = TestRuntime::Pallets::Call;
using OriginCaller = TestRuntime::Pallets::OriginCaller;
using BoundedCall = traits::preimages::Bounded<RuntimeCall>;
using Error = scheduler::Error;
using Agenda = Scheduler::Agenda;
using Retries = Scheduler::Retries;
using Lookup = Scheduler::Lookup;
using IncompleteSince = Scheduler::IncompleteSince;

static_assert(traits::schedule::ScheduleAnon<Scheduler::Schedule, RuntimeCall, OriginCaller>);
static_assert(traits::schedule::ScheduleNamed<Scheduler::Schedule, RuntimeCall, OriginCaller>);

const Weight kMaxWeight = TestRuntime::scheduler_maximum_weight();

Weight div(Weight w, uint64_t d) {
  return Weight::from_parts(w.ref_time / d, w.proof_size / d);
}
// FRAME's `max_weight / 3 * 2` etc.
Weight frac(Weight w, uint64_t num, uint64_t den) {
  return div(w, den).saturating_mul(num);
}

RuntimeCall log_call(uint32_t i, Weight weight = Weight::from_parts(10, 0)) {
  return RuntimeCall::of<TestRuntime::LoggerPallet>(TestRuntime::LoggerPallet::log{i, weight});
}
RuntimeCall timed_log_call(uint32_t i, Weight weight = Weight::from_parts(10, 0)) {
  return RuntimeCall::of<TestRuntime::LoggerPallet>(
      TestRuntime::LoggerPallet::timed_log{i, weight});
}
BoundedCall bound(const RuntimeCall& call) {
  auto bounded = Preimage::bound(call);
  EXPECT_TRUE(bounded);
  return *bounded;
}
// Bounded::Lookup of a call's encoding, as the SDK's tests build it.
BoundedCall lookup_of(const RuntimeCall& call) {
  const Bytes encoded = scale::encode(call);
  return BoundedCall{
      BoundedCall::Lookup{io::hashing::blake2_256(encoded), static_cast<uint32_t>(encoded.size())}};
}
OriginCaller root() {
  return OriginCaller{Origin::root()};
}
TaskName name(uint8_t fill) {
  TaskName out{};
  out.fill(fill);
  return out;
}

using Log = std::vector<std::pair<Origin, uint32_t>>;
Log logged(std::initializer_list<uint32_t> is) {
  Log out;
  for (uint32_t i : is) out.emplace_back(Origin::root(), i);
  return out;
}

// The mock's run_to_block: each block starts (System::initialize; the events cleared, as the
// executive does) and the scheduler serves its agendas.
void run_to_block(BlockNumber n) {
  while (System::block_number() < n) {
    const BlockNumber next = System::block_number() + 1;
    System::reset_events();
    System::initialize(next, H256{}, {});
    Scheduler::on_initialize(next);
  }
}

std::vector<Scheduler::Event> events() {
  return rt::testing::events_of<TestRuntime, Scheduler>();
}
// The last event (none at block 0, where System records none, as FRAME).
std::optional<Scheduler::Event> last_event() {
  auto all = events();
  if (all.empty()) return std::nullopt;
  return all.back();
}
DispatchResultWithPostInfo dispatch(Scheduler::Call call, const Origin& origin) {
  return rt::testing::dispatch<TestRuntime, Scheduler>(std::move(call), origin);
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
template <class V>
std::optional<V> ok(const Result<V, DispatchError>& r) {
  if (!r) return std::nullopt;
  return *r;
}
std::optional<scheduler::TaskAddress> addr(BlockNumber when, uint32_t index) {
  return scheduler::TaskAddress{when, index};
}
template <class V>
std::string error_of(const Result<V, DispatchError>& r) {
  return r ? std::string("ok") : runtime::to_string(r.error());
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Scheduler>(e));
}
size_t agenda_len(BlockNumber when) {
  return Agenda::get(when).size();
}
bool slot_filled(BlockNumber when, uint32_t index) {
  const auto agenda = Agenda::get(when);
  return index < agenda.size() && agenda[index].has_value();
}

// The mock's new_test_ext: block 0, an empty log, accounts 1 and 2 funded (for preimages).
template <class F>
void with_ext(F&& f) {
  g_log.clear();
  g_threshold.reset();
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Balances::mint_into(kOne, 1'000));
    ASSERT_TRUE(Balances::mint_into(kTwo, 1'000));
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(System::block_number()), "");
  });
}

TEST(Scheduler, BasicSchedulingWorks) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(log_call(42))));
    run_to_block(3);
    EXPECT_TRUE(g_log.empty());
    run_to_block(4);
    EXPECT_EQ(g_log, logged({42}));
    EXPECT_EQ(events(), (std::vector<Scheduler::Event>{
                            Scheduler::Dispatched{{4, 0}, std::nullopt, DispatchResult{}}}));
    run_to_block(100);
    EXPECT_EQ(g_log, logged({42}));
    EXPECT_EQ(Agenda::entries().size(), 0U);
  });
}

TEST(Scheduler, SchedulingWithPreimagesWorks) {
  with_ext([] {
    const RuntimeCall call = log_call(42);
    const BoundedCall hashed = lookup_of(call);
    const auto& hash = std::get<BoundedCall::Lookup>(hashed.value).hash;
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(), hashed));
    // Scheduling asked for the preimage; noting it is then free.
    EXPECT_TRUE(Preimage::is_requested(hash));
    ASSERT_TRUE((rt::testing::dispatch<TestRuntime, Preimage>(
        Preimage::note_preimage{scale::encode(call)}, Origin::signed_by(kTwo))));
    EXPECT_TRUE(Preimage::is_requested(hash));
    run_to_block(3);
    EXPECT_TRUE(g_log.empty());
    run_to_block(4);
    // Served: the request is dropped and the preimage nobody else wants goes.
    EXPECT_FALSE(Preimage::len(hash).has_value());
    EXPECT_FALSE(Preimage::is_requested(hash));
    EXPECT_EQ(g_log, logged({42}));
    run_to_block(100);
    EXPECT_EQ(g_log, logged({42}));
  });
}

TEST(Scheduler, ScheduleAfterWorks) {
  with_ext([] {
    run_to_block(2);
    // 3 blocks after the next: 6.
    ASSERT_EQ(ok(Scheduler::do_schedule(DispatchTime::after(3), std::nullopt, 127, root(),
                                        bound(log_call(42)))),
              addr(6, 0));
    run_to_block(5);
    EXPECT_TRUE(g_log.empty());
    run_to_block(6);
    EXPECT_EQ(g_log, logged({42}));
  });
}

TEST(Scheduler, ScheduleAfterZeroWorks) {
  with_ext([] {
    run_to_block(2);
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::after(0), std::nullopt, 127, root(),
                                       bound(log_call(42))));
    run_to_block(3);
    EXPECT_EQ(g_log, logged({42}));
    run_to_block(100);
    EXPECT_EQ(g_log, logged({42}));
  });
}

TEST(Scheduler, PeriodicSchedulingWorks) {
  with_ext([] {
    // At 4, every 3 blocks, 3 times.
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), scheduler::Period{3, 3}, 127, root(),
                                       bound(log_call(42))));
    run_to_block(3);
    EXPECT_TRUE(g_log.empty());
    run_to_block(4);
    EXPECT_EQ(g_log, logged({42}));
    run_to_block(6);
    EXPECT_EQ(g_log, logged({42}));
    run_to_block(7);
    EXPECT_EQ(g_log, logged({42, 42}));
    run_to_block(9);
    EXPECT_EQ(g_log, logged({42, 42}));
    run_to_block(10);
    EXPECT_EQ(g_log, logged({42, 42, 42}));
    run_to_block(100);
    EXPECT_EQ(g_log, logged({42, 42, 42}));
  });
}

TEST(Scheduler, RetrySchedulingWorks) {
  with_ext([] {
    g_threshold = {8, 100};  // fails until block 8
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(timed_log_call(42))));
    EXPECT_TRUE(slot_filled(4, 0));
    // Retried 10 times, every 3 blocks.
    ASSERT_TRUE(dispatch(Scheduler::set_retry{{4, 0}, 10, 3}, Origin::root()));
    EXPECT_EQ(Retries::entries().size(), 1U);
    run_to_block(4);
    EXPECT_EQ(agenda_len(4), 0U);
    EXPECT_TRUE(slot_filled(7, 0));
    EXPECT_TRUE(g_log.empty());
    run_to_block(7);
    EXPECT_EQ(agenda_len(7), 0U);
    EXPECT_TRUE(slot_filled(10, 0));
    EXPECT_EQ(Retries::get({10, 0}), (scheduler::RetryConfig{10, 8, 3}));
    run_to_block(9);
    EXPECT_TRUE(g_log.empty());
    EXPECT_EQ(Retries::entries().size(), 1U);
    run_to_block(10);
    EXPECT_EQ(g_log, logged({42}));
    EXPECT_EQ(Retries::entries().size(), 0U);
    run_to_block(100);
    EXPECT_EQ(g_log, logged({42}));
  });
}

TEST(Scheduler, NamedRetrySchedulingWorks) {
  with_ext([] {
    run_to_block(1);
    g_threshold = {8, 100};
    ASSERT_EQ(ok(Scheduler::do_schedule_named(name(1), DispatchTime::at(4), std::nullopt, 127,
                                              root(), bound(timed_log_call(42)))),
              addr(4, 0));
    ASSERT_TRUE(dispatch(Scheduler::set_retry_named{name(1), 10, 3}, Origin::root()));
    EXPECT_EQ(last_event(), Scheduler::Event(Scheduler::RetrySet{{4, 0}, name(1), 3, 10}));
    run_to_block(4);
    // The retry is an unnamed copy.
    EXPECT_TRUE(slot_filled(7, 0));
    EXPECT_FALSE(Agenda::get(7)[0]->maybe_id.has_value());
    EXPECT_EQ(Lookup::entries().size(), 0U);
    run_to_block(7);
    EXPECT_TRUE(slot_filled(10, 0));
    run_to_block(10);
    EXPECT_EQ(g_log, logged({42}));
    EXPECT_EQ(Retries::entries().size(), 0U);
  });
}

TEST(Scheduler, RetrySchedulingMultipleTasksWorks) {
  with_ext([] {
    g_threshold = {8, 100};
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(timed_log_call(20))));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(timed_log_call(42))));
    EXPECT_EQ(agenda_len(4), 2U);
    // 20: 3 retries every block; 42: 10 every 3 blocks.
    ASSERT_TRUE(dispatch(Scheduler::set_retry{{4, 0}, 3, 1}, Origin::root()));
    ASSERT_TRUE(dispatch(Scheduler::set_retry{{4, 1}, 10, 3}, Origin::root()));
    run_to_block(4);
    EXPECT_EQ(agenda_len(4), 0U);
    EXPECT_EQ(agenda_len(5), 1U);
    EXPECT_EQ(agenda_len(7), 1U);
    run_to_block(5);
    EXPECT_EQ(agenda_len(6), 1U);
    EXPECT_EQ(agenda_len(7), 1U);
    EXPECT_EQ(Retries::entries().size(), 2U);
    run_to_block(6);
    EXPECT_EQ(agenda_len(7), 2U);
    EXPECT_EQ(Retries::entries().size(), 2U);
    // Both fail; 20 had its last retry.
    run_to_block(7);
    EXPECT_EQ(agenda_len(7), 0U);
    EXPECT_EQ(agenda_len(8), 0U);
    EXPECT_EQ(agenda_len(10), 1U);
    EXPECT_EQ(Retries::entries().size(), 1U);
    EXPECT_TRUE(g_log.empty());
    run_to_block(10);
    EXPECT_EQ(g_log, logged({42}));
    EXPECT_EQ(Retries::entries().size(), 0U);
  });
}

TEST(Scheduler, RescheduleWorks) {
  with_ext([] {
    ASSERT_EQ(ok(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                        bound(log_call(42)))),
              addr(4, 0));
    run_to_block(3);
    EXPECT_EQ(ok(Scheduler::do_reschedule({4, 0}, DispatchTime::at(6))), addr(6, 0));
    EXPECT_EQ(error_of(Scheduler::do_reschedule({6, 0}, DispatchTime::at(6))),
              err(Error::kRescheduleNoChange));
    // Through the trait, a missing task is Unavailable.
    EXPECT_EQ(error_of(Scheduler::Schedule::reschedule({4, 0}, DispatchTime::at(8))),
              "Unavailable");
    EXPECT_EQ(ok(Scheduler::Schedule::next_dispatch_time(scheduler::TaskAddress{6, 0})), 6U);
    run_to_block(4);
    EXPECT_TRUE(g_log.empty());
    run_to_block(6);
    EXPECT_EQ(g_log, logged({42}));
  });
}

TEST(Scheduler, RescheduleNamedPeriodicWorks) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule_named(name(1), DispatchTime::at(4), scheduler::Period{3, 3},
                                             127, root(), bound(log_call(42))));
    // An anonymous reschedule of a named task is refused.
    EXPECT_EQ(error_of(Scheduler::do_reschedule({4, 0}, DispatchTime::at(5))), err(Error::kNamed));
    run_to_block(3);
    EXPECT_EQ(ok(Scheduler::do_reschedule_named(name(1), DispatchTime::at(5))), addr(5, 0));
    EXPECT_EQ(ok(Scheduler::do_reschedule_named(name(1), DispatchTime::at(6))), addr(6, 0));
    EXPECT_EQ(error_of(Scheduler::do_reschedule_named(name(1), DispatchTime::at(6))),
              err(Error::kRescheduleNoChange));
    run_to_block(5);
    EXPECT_TRUE(g_log.empty());
    run_to_block(6);
    EXPECT_EQ(g_log, logged({42}));
    EXPECT_EQ(ok(Scheduler::do_reschedule_named(name(1), DispatchTime::at(10))), addr(10, 0));
    run_to_block(9);
    EXPECT_EQ(g_log, logged({42}));
    run_to_block(10);
    EXPECT_EQ(g_log, logged({42, 42}));
    run_to_block(13);
    EXPECT_EQ(g_log, logged({42, 42, 42}));
    run_to_block(100);
    EXPECT_EQ(g_log, logged({42, 42, 42}));
  });
}

TEST(Scheduler, CancelNamedAndAnonymous) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule_named(name(1), DispatchTime::at(4), std::nullopt, 127,
                                             root(), bound(log_call(69))));
    auto address =
        Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(), bound(log_call(42)));
    ASSERT_TRUE(address);
    // The same name twice is refused.
    EXPECT_EQ(error_of(Scheduler::do_schedule_named(name(1), DispatchTime::at(5), std::nullopt, 127,
                                                    root(), bound(log_call(1)))),
              err(Error::kFailedToSchedule));
    run_to_block(3);
    ASSERT_TRUE(Scheduler::do_cancel_named(std::nullopt, name(1)));
    ASSERT_TRUE(Scheduler::do_cancel(std::nullopt, *address));
    EXPECT_EQ(events(), (std::vector<Scheduler::Event>{Scheduler::Canceled{4, 0},
                                                       Scheduler::Canceled{4, 1}}));
    EXPECT_EQ(error_of(Scheduler::do_cancel(std::nullopt, *address)), err(Error::kNotFound));
    EXPECT_EQ(error_of(Scheduler::Schedule::cancel_named(name(1))), "Unavailable");
    // Both slots emptied: the agenda is gone.
    EXPECT_EQ(Agenda::entries().size(), 0U);
    run_to_block(100);
    EXPECT_TRUE(g_log.empty());
  });
}

TEST(Scheduler, CancelNamedPeriodicScheduling) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule_named(name(1), DispatchTime::at(4), scheduler::Period{3, 3},
                                             127, root(), bound(log_call(42))));
    ASSERT_TRUE(Scheduler::do_schedule_named(name(2), DispatchTime::at(8), std::nullopt, 127,
                                             root(), bound(log_call(69))));
    run_to_block(4);
    EXPECT_EQ(g_log, logged({42}));
    // The periodic task is found under its name at its next block.
    EXPECT_EQ(Lookup::get(name(1)), addr(7, 0));
    run_to_block(6);
    ASSERT_TRUE(Scheduler::do_cancel_named(std::nullopt, name(1)));
    run_to_block(100);
    EXPECT_EQ(g_log, logged({42, 69}));
  });
}

TEST(Scheduler, RespectsWeightLimits) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(log_call(42, frac(kMaxWeight, 2, 3)))));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(log_call(69, frac(kMaxWeight, 2, 3)))));
    // 69 and 42 do not fit together: 69 waits a block, and the agenda is incomplete.
    run_to_block(4);
    EXPECT_EQ(g_log, logged({42}));
    EXPECT_EQ(IncompleteSince::get(), 4U);
    EXPECT_EQ(last_event(), Scheduler::Event(Scheduler::AgendaIncomplete{4}));
    run_to_block(5);
    EXPECT_EQ(g_log, logged({42, 69}));
    EXPECT_EQ(IncompleteSince::get(), 6U);
    EXPECT_EQ(events(), (std::vector<Scheduler::Event>{
                            Scheduler::Dispatched{{4, 1}, std::nullopt, DispatchResult{}}}));
  });
}

TEST(Scheduler, RetryRespectsWeightLimits) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(8), std::nullopt, 127, root(),
                                       bound(log_call(42, frac(kMaxWeight, 2, 3)))));
    g_threshold = {8, 100};
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(timed_log_call(20, frac(kMaxWeight, 2, 3)))));
    ASSERT_TRUE(dispatch(Scheduler::set_retry{{4, 0}, 10, 1}, Origin::root()));
    run_to_block(4);
    EXPECT_TRUE(slot_filled(5, 0));
    EXPECT_TRUE(slot_filled(8, 0));
    run_to_block(7);
    EXPECT_EQ(agenda_len(8), 2U);
    EXPECT_TRUE(g_log.empty());
    // 42 first (earlier in the agenda); 20 does not fit beside it.
    run_to_block(8);
    EXPECT_FALSE(slot_filled(8, 0));
    EXPECT_TRUE(slot_filled(8, 1));
    EXPECT_EQ(Retries::entries().size(), 1U);
    EXPECT_EQ(g_log, logged({42}));
    run_to_block(9);
    EXPECT_EQ(Agenda::entries().size(), 0U);
    EXPECT_EQ(Retries::entries().size(), 0U);
    EXPECT_EQ(g_log, logged({42, 20}));
  });
}

TEST(Scheduler, RetryFailsWithoutWeightForTheRetry) {
  with_ext([] {
    const Weight agendas = TestWeightInfo::service_agendas_base();
    const Weight agenda = TestWeightInfo::service_agenda_base(10);
    const Weight task = scheduler::service_task_weight<TestWeightInfo>(std::nullopt, false, false);
    // Everything fits but the retry's scheduling.
    const Weight call_weight =
        kMaxWeight.saturating_sub(agendas).saturating_sub(agenda).saturating_sub(task);
    g_threshold = {8, 100};
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(timed_log_call(20, call_weight))));
    ASSERT_TRUE(dispatch(Scheduler::set_retry{{4, 0}, 10, 1}, Origin::root()));
    run_to_block(4);
    EXPECT_EQ(Agenda::entries().size(), 0U);
    EXPECT_EQ(Retries::entries().size(), 0U);
    EXPECT_TRUE(g_log.empty());
    EXPECT_EQ(last_event(), Scheduler::Event(Scheduler::RetryFailed{{4, 0}, std::nullopt}));
  });
}

TEST(Scheduler, PermanentlyOverweightCallStaysButNeverRuns) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(log_call(42, kMaxWeight))));
    run_to_block(4);
    EXPECT_EQ(last_event(),
              Scheduler::Event(Scheduler::PermanentlyOverweight{{4, 0}, std::nullopt}));
    run_to_block(100);
    EXPECT_TRUE(g_log.empty());
    EXPECT_TRUE(slot_filled(4, 0));
    EXPECT_EQ(IncompleteSince::get(), 101U);
  });
}

TEST(Scheduler, PeriodicFailureWhenTheNextAgendaIsFull) {
  with_ext([] {
    const BoundedCall call = bound(log_call(42, frac(kMaxWeight, 2, 3)));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), scheduler::Period{4, UINT32_MAX}, 127,
                                       root(), call));
    run_to_block(20);
    EXPECT_EQ(g_log.size(), 5U);
    // Block 28 is full.
    for (uint32_t i = 0; i < TestRuntime::kSchedulerMaxScheduledPerBlock; ++i) {
      ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(28), std::nullopt, 120, root(), call));
    }
    EXPECT_EQ(
        error_of(Scheduler::do_schedule(DispatchTime::at(28), std::nullopt, 120, root(), call)),
        "Exhausted");
    run_to_block(24);
    EXPECT_EQ(g_log.size(), 6U);
    EXPECT_EQ(last_event(), Scheduler::Event(Scheduler::PeriodicFailed{{24, 0}, std::nullopt}));
  });
}

TEST(Scheduler, UnavailablePreimageIsDroppedWithCallUnavailable) {
  with_ext([] {
    const RuntimeCall call = log_call(42, frac(kMaxWeight, 2, 3));
    const BoundedCall hashed = lookup_of(call);
    const auto& hash = std::get<BoundedCall::Lookup>(hashed.value).hash;
    EXPECT_FALSE(Preimage::is_requested(hash));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), scheduler::Period{4, UINT32_MAX}, 127,
                                       root(), hashed));
    EXPECT_TRUE(Preimage::is_requested(hash));
    ASSERT_TRUE((rt::testing::dispatch<TestRuntime, Preimage>(
        Preimage::note_preimage{scale::encode(call)}, Origin::signed_by(kOne))));
    run_to_block(4);
    EXPECT_EQ(g_log.size(), 1U);
    // The preimage goes (as the SDK's test makes it go: unnote, then request again).
    Preimage::unnote(hash);
    Preimage::request(hash);
    run_to_block(8);
    EXPECT_EQ(events(),
              (std::vector<Scheduler::Event>{Scheduler::CallUnavailable{{8, 0}, std::nullopt}}));
    run_to_block(100);
    EXPECT_EQ(g_log.size(), 1U);
    EXPECT_FALSE(Preimage::is_requested(hash));
    // The task stays where it failed, never to run.
    EXPECT_TRUE(slot_filled(8, 0));
  });
}

TEST(Scheduler, RespectsPriorityOrdering) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 1, root(),
                                       bound(log_call(42, div(kMaxWeight, 3)))));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 0, root(),
                                       bound(log_call(69, div(kMaxWeight, 3)))));
    run_to_block(4);
    EXPECT_EQ(g_log, logged({69, 42}));
  });
}

TEST(Scheduler, RespectsPriorityOrderingWithSoftDeadlines) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 255, root(),
                                       bound(log_call(42, frac(kMaxWeight, 2, 5)))));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(log_call(69, frac(kMaxWeight, 2, 5)))));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 126, root(),
                                       bound(log_call(2600, frac(kMaxWeight, 4, 5)))));
    // 2600 goes first; 69 and 42 do not fit beside it.
    run_to_block(4);
    EXPECT_EQ(g_log, logged({2600}));
    run_to_block(5);
    EXPECT_EQ(g_log, logged({2600, 69, 42}));
  });
}

TEST(Scheduler, OnInitializeWeightIsCorrect) {
  with_ext([] {
    using W = TestWeightInfo;
    const Weight call_weight = Weight::from_parts(25, 0);
    auto plus = [&](uint64_t n) { return call_weight.saturating_add(Weight::from_parts(n, 0)); };
    ASSERT_TRUE(Scheduler::do_schedule_named(name(1), DispatchTime::at(3), std::nullopt, 255,
                                             root(), bound(log_call(3, plus(1)))));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(2), scheduler::Period{1000, 3}, 128, root(),
                                       bound(log_call(42, plus(2)))));
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(2), std::nullopt, 127, root(),
                                       bound(log_call(69, plus(3)))));
    ASSERT_TRUE(Scheduler::do_schedule_named(name(2), DispatchTime::at(1),
                                             scheduler::Period{1000, 3}, 126, root(),
                                             bound(log_call(2600, plus(4)))));
    auto sum = [](std::initializer_list<Weight> ws) {
      Weight out;
      for (const Weight& w : ws) out = out.saturating_add(w);
      return out;
    };
    // The named periodic only.
    EXPECT_EQ(Scheduler::on_initialize(1),
              sum({W::service_agendas_base(), W::service_agenda_base(1),
                   scheduler::service_task_weight<W>(std::nullopt, true, true),
                   W::execute_dispatch_unsigned(), plus(4)}));
    EXPECT_EQ(IncompleteSince::get(), 2U);
    EXPECT_EQ(g_log, logged({2600}));
    // The anonymous and the anonymous periodic.
    EXPECT_EQ(Scheduler::on_initialize(2),
              sum({W::service_agendas_base(), W::service_agenda_base(2),
                   scheduler::service_task_weight<W>(std::nullopt, false, true),
                   W::execute_dispatch_unsigned(), plus(3),
                   scheduler::service_task_weight<W>(std::nullopt, false, false),
                   W::execute_dispatch_unsigned(), plus(2)}));
    EXPECT_EQ(g_log, logged({2600, 69, 42}));
    // The named only.
    EXPECT_EQ(Scheduler::on_initialize(3),
              sum({W::service_agendas_base(), W::service_agenda_base(1),
                   scheduler::service_task_weight<W>(std::nullopt, true, false),
                   W::execute_dispatch_unsigned(), plus(1)}));
    EXPECT_EQ(g_log, logged({2600, 69, 42, 3}));
    // None.
    EXPECT_EQ(Scheduler::on_initialize(4),
              sum({W::service_agendas_base(), W::service_agenda_base(0)}));
  });
}

TEST(Scheduler, RootCallsWork) {
  with_ext([] {
    ASSERT_TRUE(dispatch(Scheduler::schedule_named{name(1), 4, std::nullopt, 127, log_call(69)},
                         Origin::root()));
    ASSERT_TRUE(dispatch(Scheduler::schedule{4, std::nullopt, 127, log_call(42)}, Origin::root()));
    run_to_block(3);
    EXPECT_EQ(agenda_len(4), 2U);
    ASSERT_TRUE(dispatch(Scheduler::cancel_named{name(1)}, Origin::root()));
    ASSERT_TRUE(dispatch(Scheduler::cancel{4, 1}, Origin::root()));
    run_to_block(100);
    EXPECT_TRUE(g_log.empty());
  });
}

TEST(Scheduler, FailsToScheduleTaskInThePast) {
  with_ext([] {
    run_to_block(3);
    EXPECT_EQ(
        error_of(dispatch(Scheduler::schedule_named{name(1), 2, std::nullopt, 127, log_call(69)},
                          Origin::root())),
        err(Error::kTargetBlockNumberInPast));
    EXPECT_EQ(
        error_of(dispatch(Scheduler::schedule{2, std::nullopt, 127, log_call(42)}, Origin::root())),
        err(Error::kTargetBlockNumberInPast));
    EXPECT_EQ(
        error_of(dispatch(Scheduler::schedule{3, std::nullopt, 127, log_call(42)}, Origin::root())),
        err(Error::kTargetBlockNumberInPast));
  });
}

TEST(Scheduler, UsesAndChecksTheOrigin) {
  with_ext([] {
    // Account 1 may schedule (ScheduleOrigin); its tasks run as account 1.
    ASSERT_TRUE(dispatch(Scheduler::schedule_named{name(1), 4, std::nullopt, 127, log_call(69)},
                         Origin::signed_by(kOne)));
    ASSERT_TRUE(
        dispatch(Scheduler::schedule{4, std::nullopt, 127, log_call(42)}, Origin::signed_by(kOne)));
    // Account 2 may not.
    EXPECT_EQ(error_of(dispatch(Scheduler::schedule{4, std::nullopt, 127, log_call(1)},
                                Origin::signed_by(kTwo))),
              "BadOrigin");
    EXPECT_EQ(
        error_of(dispatch(Scheduler::schedule_named{name(2), 4, std::nullopt, 127, log_call(1)},
                          Origin::signed_by(kTwo))),
        "BadOrigin");
    run_to_block(3);
    EXPECT_EQ(agenda_len(4), 2U);
    // Cancelling needs the same privilege (EqualPrivilegeOnly: not even Root).
    EXPECT_EQ(error_of(dispatch(Scheduler::cancel_named{name(1)}, Origin::signed_by(kTwo))),
              "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Scheduler::cancel{4, 1}, Origin::signed_by(kTwo))), "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Scheduler::cancel_named{name(1)}, Origin::root())), "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Scheduler::cancel{4, 1}, Origin::root())), "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Scheduler::set_retry{{4, 1}, 1, 1}, Origin::root())), "BadOrigin");
    run_to_block(5);
    EXPECT_EQ(g_log, (Log{{Origin::signed_by(kOne), 69}, {Origin::signed_by(kOne), 42}}));
  });
}

TEST(Scheduler, OriginCancelsItsOwnTasks) {
  with_ext([] {
    ASSERT_TRUE(dispatch(Scheduler::schedule_named{name(1), 4, std::nullopt, 127, log_call(69)},
                         Origin::signed_by(kOne)));
    ASSERT_TRUE(
        dispatch(Scheduler::schedule{4, std::nullopt, 127, log_call(42)}, Origin::signed_by(kOne)));
    ASSERT_TRUE(dispatch(Scheduler::cancel_named{name(1)}, Origin::signed_by(kOne)));
    ASSERT_TRUE(dispatch(Scheduler::cancel{4, 1}, Origin::signed_by(kOne)));
    run_to_block(100);
    EXPECT_TRUE(g_log.empty());
  });
}

TEST(Scheduler, EqualOrGreatestRootCmp) {
  using Cmp = traits::EqualOrGreatestRootCmp;
  EXPECT_EQ(Cmp::cmp_privilege(Origin::root(), Origin::signed_by(kOne)),
            std::strong_ordering::greater);
  EXPECT_EQ(Cmp::cmp_privilege(Origin::signed_by(kOne), Origin::root()),
            std::strong_ordering::less);
  EXPECT_EQ(Cmp::cmp_privilege(Origin::signed_by(kOne), Origin::signed_by(kOne)),
            std::strong_ordering::equal);
  EXPECT_EQ(Cmp::cmp_privilege(Origin::signed_by(kOne), Origin::signed_by(kTwo)), std::nullopt);
}

TEST(Scheduler, CancelRemovesTheRetryEntry) {
  with_ext([] {
    g_threshold = {99, 100};
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(timed_log_call(20))));
    ASSERT_TRUE(Scheduler::do_schedule_named(name(1), DispatchTime::at(4), std::nullopt, 127,
                                             root(), bound(timed_log_call(42))));
    ASSERT_TRUE(dispatch(Scheduler::set_retry{{4, 0}, 10, 1}, Origin::root()));
    ASSERT_TRUE(dispatch(Scheduler::set_retry_named{name(1), 10, 1}, Origin::root()));
    EXPECT_EQ(Retries::entries().size(), 2U);
    run_to_block(4);
    EXPECT_EQ(agenda_len(5), 2U);
    run_to_block(5);
    EXPECT_EQ(agenda_len(6), 2U);
    EXPECT_EQ(Retries::entries().size(), 2U);
    // Retries are unnamed.
    EXPECT_EQ(Lookup::entries().size(), 0U);
    ASSERT_TRUE(dispatch(Scheduler::cancel{6, 0}, Origin::root()));
    run_to_block(6);
    EXPECT_EQ(agenda_len(7), 1U);
    EXPECT_EQ(Retries::entries().size(), 1U);
    ASSERT_TRUE(dispatch(Scheduler::cancel{7, 0}, Origin::root()));
    run_to_block(7);
    EXPECT_EQ(agenda_len(8), 0U);
    EXPECT_EQ(Retries::entries().size(), 0U);
  });
}

TEST(Scheduler, CancelRetriesWorks) {
  with_ext([] {
    g_threshold = {99, 100};
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                       bound(timed_log_call(20))));
    ASSERT_TRUE(Scheduler::do_schedule_named(name(1), DispatchTime::at(4), std::nullopt, 127,
                                             root(), bound(timed_log_call(42))));
    ASSERT_TRUE(dispatch(Scheduler::set_retry{{4, 0}, 10, 1}, Origin::root()));
    ASSERT_TRUE(dispatch(Scheduler::set_retry_named{name(1), 10, 1}, Origin::root()));
    run_to_block(3);
    ASSERT_TRUE(dispatch(Scheduler::cancel_retry{{4, 0}}, Origin::root()));
    EXPECT_EQ(Retries::entries().size(), 1U);
    ASSERT_TRUE(dispatch(Scheduler::cancel_retry_named{name(1)}, Origin::root()));
    EXPECT_EQ(Retries::entries().size(), 0U);
    EXPECT_EQ(events(),
              (std::vector<Scheduler::Event>{Scheduler::RetryCancelled{{4, 0}, std::nullopt},
                                             Scheduler::RetryCancelled{{4, 1}, name(1)}}));
    EXPECT_EQ(error_of(dispatch(Scheduler::cancel_retry_named{name(9)}, Origin::root())),
              err(Error::kNotFound));
    run_to_block(4);
    EXPECT_EQ(agenda_len(4), 0U);
    EXPECT_EQ(Retries::entries().size(), 0U);
  });
}

TEST(Scheduler, CancelAndScheduleFillsHoles) {
  with_ext([] {
    std::vector<scheduler::TaskAddress> addresses;
    for (uint32_t i = 0; i < TestRuntime::kSchedulerMaxScheduledPerBlock; ++i) {
      auto address = Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                            bound(log_call(i)));
      ASSERT_TRUE(address);
      addresses.push_back(*address);
    }
    EXPECT_EQ(error_of(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                              bound(log_call(100)))),
              "Exhausted");
    // Holes are refilled, lowest index first.
    for (const auto index : {2U, 3U, 7U})
      ASSERT_TRUE(Scheduler::do_cancel(std::nullopt, {4, index}));
    for (const auto index : {2U, 3U, 7U}) {
      EXPECT_EQ(ok(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                          bound(log_call(100 + index)))),
                addr(4, index));
    }
    run_to_block(4);
    EXPECT_EQ(g_log, logged({0, 1, 102, 103, 4, 5, 6, 107, 8, 9}));
  });
}

TEST(Scheduler, CancelTrimsTrailingHoles) {
  with_ext([] {
    for (uint32_t i = 0; i < 3; ++i) {
      ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(4), std::nullopt, 127, root(),
                                         bound(log_call(i))));
    }
    ASSERT_TRUE(Scheduler::do_cancel(std::nullopt, {4, 1}));
    EXPECT_EQ(agenda_len(4), 3U);
    ASSERT_TRUE(Scheduler::do_cancel(std::nullopt, {4, 2}));
    EXPECT_EQ(agenda_len(4), 1U);
    ASSERT_TRUE(Scheduler::do_cancel(std::nullopt, {4, 0}));
    EXPECT_FALSE(Agenda::contains_key(4));
  });
}

TEST(Scheduler, IncompleteSinceCarriesOverAgendas) {
  with_ext([] {
    // Three heavy tasks at block 2 (one fits per block) and a light one at block 3.
    for (uint32_t i = 1; i <= 3; ++i) {
      ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(2), std::nullopt, 127, root(),
                                         bound(log_call(i, frac(kMaxWeight, 2, 3)))));
    }
    ASSERT_TRUE(Scheduler::do_schedule(DispatchTime::at(3), std::nullopt, 127, root(),
                                       bound(log_call(30))));
    run_to_block(2);
    EXPECT_EQ(g_log, logged({1}));
    EXPECT_EQ(IncompleteSince::get(), 2U);
    EXPECT_EQ(last_event(), Scheduler::Event(Scheduler::AgendaIncomplete{2}));
    // Block 3 goes on with block 2's agenda, then serves its own.
    run_to_block(3);
    EXPECT_EQ(g_log, logged({1, 2, 30}));
    EXPECT_EQ(IncompleteSince::get(), 2U);
    run_to_block(4);
    EXPECT_EQ(g_log, logged({1, 2, 30, 3}));
    EXPECT_EQ(IncompleteSince::get(), 5U);
    EXPECT_EQ(Agenda::entries().size(), 0U);
  });
}

TEST(Scheduler, CallsLongerThanInlineAreNotedAndRequested) {
  with_ext([] {
    // A batch-like call: a 200-byte `i` range cannot be inline; Preimage::bound notes it.
    const RuntimeCall call = RuntimeCall::of<Preimage>(Preimage::note_preimage{Bytes(200, 7)});
    ASSERT_TRUE(dispatch(Scheduler::schedule{4, std::nullopt, 127, call}, Origin::root()));
    const auto task = Agenda::get(4)[0];
    ASSERT_TRUE(task.has_value());
    const auto* lookup = std::get_if<BoundedCall::Lookup>(&task->call.value);
    ASSERT_NE(lookup, nullptr);
    EXPECT_EQ(lookup->len, scale::encode(call).size());
    EXPECT_TRUE(Preimage::is_requested(lookup->hash));
    // Noted by bound (a request) and requested by the scheduler: two requests.
    EXPECT_EQ(std::get<Preimage::Status::Requested>(
                  Preimage::RequestStatusFor::get(H256{lookup->hash})->value)
                  .count,
              2U);
    const Hash256 hash = lookup->hash;
    run_to_block(4);
    EXPECT_EQ(events().at(0),
              Scheduler::Event(Scheduler::Dispatched{{4, 0}, std::nullopt, DispatchResult{}}));
    // One request (bound's) remains after the scheduler's drop.
    EXPECT_TRUE(Preimage::is_requested(hash));
  });
}

TEST(Scheduler, WireForms) {
  // Bounded: Legacy 0 ‖ hash, Inline 1 ‖ compact length ‖ bytes, Lookup 2 ‖ hash ‖ len (u32 LE).
  Hash256 h{};
  h.fill(0xab);
  const BoundedCall lookup{BoundedCall::Lookup{h, 0x01020304}};
  Bytes expected{2};
  expected.insert(expected.end(), h.begin(), h.end());
  for (uint8_t b : {0x04, 0x03, 0x02, 0x01}) expected.push_back(b);
  EXPECT_EQ(scale::encode(lookup), expected);
  auto decoded_lookup = scale::decode<BoundedCall>(expected);
  ASSERT_TRUE(decoded_lookup.has_value());
  EXPECT_EQ(*decoded_lookup, lookup);
  EXPECT_EQ(scale::encode(BoundedCall{BoundedCall::Inline{{1, 2}}}), (Bytes{1, 8, 1, 2}));
  // BoundedInline holds at most 128 bytes.
  Bytes too_long{1};
  const Bytes prefix = scale::encode(Bytes(129, 0));
  too_long.insert(too_long.end(), prefix.begin(), prefix.end());
  EXPECT_FALSE(scale::decode<BoundedCall>(too_long).has_value());
  // RetryConfig: u8, u8, u32.
  EXPECT_EQ(scale::encode(scheduler::RetryConfig{3, 2, 5}), (Bytes{3, 2, 5, 0, 0, 0}));
  // Scheduled: Option<name>, priority, call, Option<period>, OriginCaller (system Root = 0 0).
  const Scheduler::Task task{std::nullopt, 63, BoundedCall{BoundedCall::Inline{{9}}},
                             scheduler::Period{2, 3}, root()};
  EXPECT_EQ(scale::encode(task), (Bytes{0, 63, 1, 4, 9, 1, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0}));
  auto decoded = scale::decode<Scheduler::Task>(scale::encode(task));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, task);
}

TEST(Scheduler, TryStateFindsABrokenLookup) {
  with_ext([] {
    ASSERT_TRUE(Scheduler::do_schedule_named(name(1), DispatchTime::at(4), std::nullopt, 127,
                                             root(), bound(log_call(1))));
    EXPECT_TRUE(Scheduler::try_state(0));
    Lookup::insert(name(2), {4, 0});
    EXPECT_EQ(Scheduler::try_state(0).error(),
              "`Lookup` entry points to a task whose id does not match.");
    Lookup::insert(name(2), {5, 0});
    EXPECT_EQ(Scheduler::try_state(0).error(),
              "`Lookup` entry points to a missing or empty `Agenda` slot.");
    Lookup::remove(name(2));
  });
}

}  // namespace
}  // namespace canary::rt
