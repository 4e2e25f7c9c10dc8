// pallet_scheduler: dispatches calls at a later block with a stored origin, once or periodically,
// named or anonymous, retried when they fail if asked to. Each block's tasks wait in its Agenda;
// on_initialize serves the agendas up to the current block within MaximumWeight, in priority
// order (0 first), carrying what does not fit over (IncompleteSince). Calls too long to be inline
// are stored as preimages (Bounded::Lookup), requested while scheduled and dropped when served or
// cancelled. Reference semantics: polkadot-sdk substrate/frame/scheduler (pallet-scheduler 43, as
// Kusama FR-1.7.1 builds it; storage version 4); metadata as Kusama's (index 29).
//
// The runtime's configuration T provides, besides System, Pallets and kDbWeight:
//   kSchedulerMaxScheduledPerBlock      tasks per agenda (Kusama: 50)
//   scheduler_maximum_weight()          the weight on_initialize may spend (Kusama: 80 % of the
//                                       block's max_block)
//   SchedulerOrigin                     an EnsureOrigin for the calls (Kusama: Root | AuctionAdmin
//                                       | Treasurer)
//   SchedulerOriginPrivilegeCmp         a traits::PrivilegeCmp (Kusama: EqualOrGreatestRootCmp)
//   SchedulerPreimages                  a QueryPreimage and StorePreimage (Kusama: Preimage)
//   optional SchedulerWeightInfo        (weights.hpp)
// `Pallet::Schedule` is a traits::schedule::ScheduleAnon and ScheduleNamed over the runtime's call
// and OriginCaller, for Referenda and other pallets.
//
// Not modelled: FRAME's BlockNumberProvider (Kusama's is System, the block number here) and the
// migrations from storage versions before 4 (Kusama's agendas are at 4).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/calls/boxed.hpp"
#include "runtime/framework/calls/call_nesting.hpp"
#include "runtime/framework/calls/nested_dispatch.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/preimages.hpp"
#include "runtime/framework/traits/privilege_cmp.hpp"
#include "runtime/framework/traits/schedule.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/framework/types/weight_meter.hpp"
#include "runtime/pallets/scheduler/types.hpp"
#include "runtime/pallets/scheduler/weights.hpp"

namespace canary::rt::pallets::scheduler {

enum class Error : uint8_t {
  kFailedToSchedule = 0,
  kNotFound = 1,
  kTargetBlockNumberInPast = 2,
  kRescheduleNoChange = 3,
  kNamed = 4,
};

// Scheduled and Canceled: a task's address.
template <uint8_t Index, FixedString Name, FixedString Docs>
struct WhenIndexEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  BlockNumber when = 0;
  uint32_t index = 0;
  bool operator==(const WhenIndexEvent&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("when", &WhenIndexEvent::when, "BlockNumberFor<T>"),
                      field("index", &WhenIndexEvent::index, "u32")};
  }
  CANARY_DESCRIBED()
};

// The events about one task: its address and name.
template <uint8_t Index, FixedString Name, FixedString Docs>
struct TaskEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  TaskAddress task;
  std::optional<TaskName> id;
  bool operator==(const TaskEvent&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("task", &TaskEvent::task, "TaskAddress<BlockNumberFor<T>>"),
                      field("id", &TaskEvent::id, "Option<TaskName>")};
  }
  CANARY_DESCRIBED()
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_scheduler";
  static constexpr uint16_t kStorageVersion = 4;

  using Weights = WeightInfoOf<T>;
  using RuntimeCall = typename T::Pallets::Call;
  using OriginCaller = typename T::Pallets::OriginCaller;
  using Preimages = typename T::SchedulerPreimages;
  using PrivilegeCmp = typename T::SchedulerOriginPrivilegeCmp;
  static_assert(traits::preimages::StorePreimage<Preimages, RuntimeCall>);
  static_assert(traits::PrivilegeCmp<PrivilegeCmp>);
  static_assert(EnsureOrigin<typename T::SchedulerOrigin>);

  using Task = Scheduled<RuntimeCall, OriginCaller>;
  using BoundedCall = traits::preimages::Bounded<RuntimeCall>;
  using Address = TaskAddress;
  static constexpr uint32_t kMaxScheduledPerBlock = T::kSchedulerMaxScheduledPerBlock;
  struct MaxScheduledPerBlock {
    static constexpr uint32_t get() { return kMaxScheduledPerBlock; }
  };
  using AgendaOf = BoundedVec<std::optional<Task>, MaxScheduledPerBlock>;

  // --- Storage.
  using IncompleteSince =
      StorageValue<Pallet, "IncompleteSince", BlockNumber, OptionQuery,
                   DocLines<" Block number at which the agenda began incomplete execution.">>;
  using Agenda = StorageMap<
      Pallet, "Agenda", Twox64Concat, BlockNumber, AgendaOf, ValueQuery,
      DocLines<
          " Items to be executed, indexed by the block number that they should be executed on.">>;
  using Retries = StorageMap<
      Pallet, "Retries", Blake2_128Concat, TaskAddress, RetryConfig, OptionQuery,
      DocLines<" Retry configurations for items to be executed, indexed by task address.">>;
  using Lookup = StorageMap<
      Pallet, "Lookup", Twox64Concat, TaskName, TaskAddress, OptionQuery,
      DocLines<
          " Lookup from a name to the block number and index of the task.", "",
          " For v3 -> v4 the previously unbounded identities are Blake2-256 hashed to form the v4",
          " identities.">>;
  using Storage = std::tuple<IncompleteSince, Agenda, Retries, Lookup>;

  // --- Errors.
  using Error = scheduler::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"FailedToSchedule", "Failed to schedule a call"},
      {"NotFound", "Cannot find the scheduled call."},
      {"TargetBlockNumberInPast", "Given target block number is in the past."},
      {"RescheduleNoChange", "Reschedule failed because it does not change scheduled time."},
      {"Named", "Attempt to use a non-named function on a named task."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  using ScheduledEvent = WhenIndexEvent<0, "Scheduled", "Scheduled some task.">;
  using Canceled = WhenIndexEvent<1, "Canceled", "Canceled some task.">;
  struct Dispatched {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "Dispatched";
    static constexpr const char* kDocs = "Dispatched some task.";
    TaskAddress task;
    std::optional<TaskName> id;
    DispatchResult result;
    bool operator==(const Dispatched& other) const {
      const bool same_result = result.has_value() == other.result.has_value() &&
                               (result.has_value() || result.error() == other.result.error());
      return task == other.task && id == other.id && same_result;
    }
    static constexpr auto fields() {
      return std::tuple{field("task", &Dispatched::task, "TaskAddress<BlockNumberFor<T>>"),
                        field("id", &Dispatched::id, "Option<TaskName>"),
                        field("result", &Dispatched::result, "DispatchResult")};
    }
    CANARY_DESCRIBED()
  };
  struct RetrySet {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "RetrySet";
    static constexpr const char* kDocs = "Set a retry configuration for some task.";
    TaskAddress task;
    std::optional<TaskName> id;
    BlockNumber period = 0;
    uint8_t retries = 0;
    bool operator==(const RetrySet&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("task", &RetrySet::task, "TaskAddress<BlockNumberFor<T>>"),
                        field("id", &RetrySet::id, "Option<TaskName>"),
                        field("period", &RetrySet::period, "BlockNumberFor<T>"),
                        field("retries", &RetrySet::retries, "u8")};
    }
    CANARY_DESCRIBED()
  };
  using RetryCancelled =
      TaskEvent<4, "RetryCancelled", "Cancel a retry configuration for some task.">;
  using CallUnavailable =
      TaskEvent<5, "CallUnavailable",
                "The call for the provided hash was not found so the task has been aborted.">;
  using PeriodicFailed =
      TaskEvent<6, "PeriodicFailed",
                "The given task was unable to be renewed since the agenda is full at that block.">;
  using RetryFailed =
      TaskEvent<7, "RetryFailed",
                "The given task was unable to be retried since the agenda is full at that block or "
                "there\nwas not enough weight to reschedule it.">;
  using PermanentlyOverweight =
      TaskEvent<8, "PermanentlyOverweight",
                "The given task can never be executed since it is overweight.">;
  struct AgendaIncomplete {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "AgendaIncomplete";
    static constexpr const char* kDocs = "Agenda is incomplete from `when`.";
    BlockNumber when = 0;
    bool operator==(const AgendaIncomplete&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("when", &AgendaIncomplete::when, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
  };
  using Event =
      std::variant<ScheduledEvent, Canceled, Dispatched, RetrySet, RetryCancelled, CallUnavailable,
                   PeriodicFailed, RetryFailed, PermanentlyOverweight, AgendaIncomplete>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls. Each checks ScheduleOrigin; the task keeps the caller's origin.
  static constexpr const char* kRetryDocs =
      "\n"
      "Tasks which need to be scheduled for a retry are still subject to weight metering and\n"
      "agenda space, same as a regular task. If a periodic task fails, it will be scheduled\n"
      "normally while the task is retrying.\n"
      "\n"
      "Tasks scheduled as a result of a retry for a periodic task are unnamed, non-periodic\n"
      "clones of the original task. Their retry configuration will be derived from the\n"
      "original task's configuration, but will have a lower value for `remaining` than the\n"
      "original `total_retries`.";

  struct schedule {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "schedule";
    static constexpr const char* kDocs = "Anonymously schedule a task.";
    BlockNumber when = 0;
    std::optional<Period> maybe_periodic;
    Priority priority = 0;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{field("when", &schedule::when, "BlockNumberFor<T>"),
                        field("maybe_periodic", &schedule::maybe_periodic,
                              "Option<schedule::Period<BlockNumberFor<T>>>"),
                        field("priority", &schedule::priority, "schedule::Priority"),
                        boxed_field("call", &schedule::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return {Weights::schedule(kMaxScheduledPerBlock)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      return with_post_info(schedule_call(origin, std::nullopt,
                                          traits::schedule::DispatchTime::at(when), maybe_periodic,
                                          priority, *call));
    }
  };

  struct cancel {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "cancel";
    static constexpr const char* kDocs = "Cancel an anonymously scheduled task.";
    BlockNumber when = 0;
    uint32_t index = 0;
    static constexpr auto fields() {
      return std::tuple{field("when", &cancel::when, "BlockNumberFor<T>"),
                        field("index", &cancel::index, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cancel(kMaxScheduledPerBlock)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::SchedulerOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      return with_post_info(do_cancel(origin, TaskAddress{when, index}));
    }
  };

  struct schedule_named {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "schedule_named";
    static constexpr const char* kDocs = "Schedule a named task.";
    TaskName id{};
    BlockNumber when = 0;
    std::optional<Period> maybe_periodic;
    Priority priority = 0;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{
          field("id", &schedule_named::id, "TaskName"),
          field("when", &schedule_named::when, "BlockNumberFor<T>"),
          field("maybe_periodic", &schedule_named::maybe_periodic,
                "Option<schedule::Period<BlockNumberFor<T>>>"),
          field("priority", &schedule_named::priority, "schedule::Priority"),
          boxed_field("call", &schedule_named::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return {Weights::schedule_named(kMaxScheduledPerBlock)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      return with_post_info(schedule_call(origin, id, traits::schedule::DispatchTime::at(when),
                                          maybe_periodic, priority, *call));
    }
  };

  struct cancel_named {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "cancel_named";
    static constexpr const char* kDocs = "Cancel a named scheduled task.";
    TaskName id{};
    static constexpr auto fields() {
      return std::tuple{field("id", &cancel_named::id, "TaskName")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cancel_named(kMaxScheduledPerBlock)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::SchedulerOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      return with_post_info(do_cancel_named(origin, id));
    }
  };

  struct schedule_after {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "schedule_after";
    static constexpr const char* kDocs = "Anonymously schedule a task after a delay.";
    BlockNumber after = 0;
    std::optional<Period> maybe_periodic;
    Priority priority = 0;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{
          field("after", &schedule_after::after, "BlockNumberFor<T>"),
          field("maybe_periodic", &schedule_after::maybe_periodic,
                "Option<schedule::Period<BlockNumberFor<T>>>"),
          field("priority", &schedule_after::priority, "schedule::Priority"),
          boxed_field("call", &schedule_after::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return {Weights::schedule(kMaxScheduledPerBlock)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      return with_post_info(schedule_call(origin, std::nullopt,
                                          traits::schedule::DispatchTime::after(after),
                                          maybe_periodic, priority, *call));
    }
  };

  struct schedule_named_after {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "schedule_named_after";
    static constexpr const char* kDocs = "Schedule a named task after a delay.";
    TaskName id{};
    BlockNumber after = 0;
    std::optional<Period> maybe_periodic;
    Priority priority = 0;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{
          field("id", &schedule_named_after::id, "TaskName"),
          field("after", &schedule_named_after::after, "BlockNumberFor<T>"),
          field("maybe_periodic", &schedule_named_after::maybe_periodic,
                "Option<schedule::Period<BlockNumberFor<T>>>"),
          field("priority", &schedule_named_after::priority, "schedule::Priority"),
          boxed_field("call", &schedule_named_after::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return {Weights::schedule_named(kMaxScheduledPerBlock)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      return with_post_info(schedule_call(origin, id, traits::schedule::DispatchTime::after(after),
                                          maybe_periodic, priority, *call));
    }
  };

  struct set_retry {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "set_retry";
    static constexpr const char* kDocs =
        "Set a retry configuration for a task so that, in case its scheduled run fails, it will\n"
        "be retried after `period` blocks, for a total amount of `retries` retries or until it\n"
        "succeeds.\n"
        "\n"
        "Tasks which need to be scheduled for a retry are still subject to weight metering and\n"
        "agenda space, same as a regular task. If a periodic task fails, it will be scheduled\n"
        "normally while the task is retrying.\n"
        "\n"
        "Tasks scheduled as a result of a retry for a periodic task are unnamed, non-periodic\n"
        "clones of the original task. Their retry configuration will be derived from the\n"
        "original task's configuration, but will have a lower value for `remaining` than the\n"
        "original `total_retries`.";
    TaskAddress task;
    uint8_t retries = 0;
    BlockNumber period = 0;
    static constexpr auto fields() {
      return std::tuple{field("task", &set_retry::task, "TaskAddress<BlockNumberFor<T>>"),
                        field("retries", &set_retry::retries, "u8"),
                        field("period", &set_retry::period, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_retry()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      return with_post_info(do_set_retry(origin, task, std::nullopt, retries, period));
    }
  };

  struct set_retry_named {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "set_retry_named";
    static constexpr const char* kDocs =
        "Set a retry configuration for a named task so that, in case its scheduled run fails, it\n"
        "will be retried after `period` blocks, for a total amount of `retries` retries or until\n"
        "it succeeds.\n"
        "\n"
        "Tasks which need to be scheduled for a retry are still subject to weight metering and\n"
        "agenda space, same as a regular task. If a periodic task fails, it will be scheduled\n"
        "normally while the task is retrying.\n"
        "\n"
        "Tasks scheduled as a result of a retry for a periodic task are unnamed, non-periodic\n"
        "clones of the original task. Their retry configuration will be derived from the\n"
        "original task's configuration, but will have a lower value for `remaining` than the\n"
        "original `total_retries`.";
    TaskName id{};
    uint8_t retries = 0;
    BlockNumber period = 0;
    static constexpr auto fields() {
      return std::tuple{field("id", &set_retry_named::id, "TaskName"),
                        field("retries", &set_retry_named::retries, "u8"),
                        field("period", &set_retry_named::period, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_retry_named()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::SchedulerOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      const auto address = Lookup::get(id);
      if (!address) return with_post_info(unexpected(error(Error::kNotFound)));
      return with_post_info(do_set_retry(origin, *address, id, retries, period));
    }
  };

  struct cancel_retry {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "cancel_retry";
    static constexpr const char* kDocs = "Removes the retry configuration of a task.";
    TaskAddress task;
    static constexpr auto fields() {
      return std::tuple{field("task", &cancel_retry::task, "TaskAddress<BlockNumberFor<T>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cancel_retry()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::SchedulerOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      if (auto ok = do_cancel_retry(origin, task); !ok) return with_post_info(ok);
      deposit_event(RetryCancelled{task, std::nullopt});
      return PostDispatchInfo{};
    }
  };

  struct cancel_retry_named {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "cancel_retry_named";
    static constexpr const char* kDocs = "Cancel the retry configuration of a named task.";
    TaskName id{};
    static constexpr auto fields() {
      return std::tuple{field("id", &cancel_retry_named::id, "TaskName")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cancel_retry_named()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::SchedulerOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      const auto address = Lookup::get(id);
      if (!address) return with_post_info(unexpected(error(Error::kNotFound)));
      if (auto ok = do_cancel_retry(origin, *address); !ok) return with_post_info(ok);
      deposit_event(RetryCancelled{*address, id});
      return PostDispatchInfo{};
    }
  };

  using Call = std::variant<schedule, cancel, schedule_named, cancel_named, schedule_after,
                            schedule_named_after, set_retry, set_retry_named, cancel_retry,
                            cancel_retry_named>;

  // --- Hooks: serve the agendas due, within MaximumWeight.
  static Weight on_initialize(BlockNumber now) {
    WeightMeter meter = WeightMeter::with_limit(T::scheduler_maximum_weight());
    service_agendas(meter, now, UINT32_MAX);
    return meter.consumed();
  }

  // --- The pallet's functions (lib.rs's `impl Pallet`).

  // DispatchTime → block: After(n) is n blocks after the next (this block's agenda is served).
  static Result<BlockNumber, DispatchError> resolve_time(traits::schedule::DispatchTime when) {
    const BlockNumber now = T::System::block_number();
    BlockNumber at = when.n;
    if (when.kind == traits::schedule::DispatchTime::Kind::kAfter) {
      at = saturating_add(saturating_add(now, when.n), 1);
    }
    if (at <= now) return unexpected(error(Error::kTargetBlockNumberInPast));
    return at;
  }

  static Result<TaskAddress, DispatchError> do_schedule(traits::schedule::DispatchTime when,
                                                        std::optional<Period> maybe_periodic,
                                                        Priority priority,
                                                        const OriginCaller& origin,
                                                        BoundedCall call) {
    return do_schedule_task(std::nullopt, when, maybe_periodic, priority, origin, std::move(call));
  }

  static Result<TaskAddress, DispatchError> do_schedule_named(
      const TaskName& id, traits::schedule::DispatchTime when, std::optional<Period> maybe_periodic,
      Priority priority, const OriginCaller& origin, BoundedCall call) {
    // Names are unique.
    if (Lookup::contains_key(id)) return unexpected(error(Error::kFailedToSchedule));
    return do_schedule_task(id, when, maybe_periodic, priority, origin, std::move(call));
  }

  // Cancels a task (named or not). With an origin, it must be at least as privileged as the
  // task's.
  static DispatchResult do_cancel(const std::optional<Origin>& origin, TaskAddress address) {
    const auto [when, index] = address;
    AgendaOf agenda = Agenda::get(when);
    if (index >= agenda.size() || !agenda.items[index]) return unexpected(error(Error::kNotFound));
    if (origin) CANARY_TRY(ensure_privilege(*origin, agenda.items[index]->origin.origin));
    Task task = std::move(*agenda.items[index]);
    agenda.items[index].reset();
    Agenda::insert(when, agenda);
    traits::preimages::drop<Preimages>(task.call);
    if (task.maybe_id) Lookup::remove(*task.maybe_id);
    Retries::remove(address);
    cleanup_agenda(when);
    deposit_event(Canceled{when, index});
    return {};
  }

  static DispatchResult do_cancel_named(const std::optional<Origin>& origin, const TaskName& id) {
    const auto address = Lookup::get(id);
    if (!address) return unexpected(error(Error::kNotFound));
    const auto [when, index] = *address;
    AgendaOf agenda = Agenda::get(when);
    if (index < agenda.size()) {
      if (origin && agenda.items[index]) {
        CANARY_TRY(ensure_privilege(*origin, agenda.items[index]->origin.origin));
        Retries::remove(*address);
        traits::preimages::drop<Preimages>(agenda.items[index]->call);
      }
      agenda.items[index].reset();
      Agenda::insert(when, agenda);
    }
    Lookup::remove(id);
    cleanup_agenda(when);
    deposit_event(Canceled{when, index});
    return {};
  }

  static Result<TaskAddress, DispatchError> do_reschedule(TaskAddress address,
                                                          traits::schedule::DispatchTime new_time) {
    CANARY_TRY_ASSIGN(const BlockNumber at, resolve_time(new_time));
    const auto [when, index] = address;
    if (at == when) return unexpected(error(Error::kRescheduleNoChange));
    AgendaOf agenda = Agenda::get(when);
    if (index >= agenda.size()) return unexpected(error(Error::kNotFound));
    if (agenda.items[index] && agenda.items[index]->maybe_id) {
      return unexpected(error(Error::kNamed));
    }
    if (!agenda.items[index]) return unexpected(error(Error::kNotFound));
    Task task = std::move(*agenda.items[index]);
    agenda.items[index].reset();
    Agenda::insert(when, agenda);
    cleanup_agenda(when);
    deposit_event(Canceled{when, index});
    return place_task(at, std::move(task));
  }

  static Result<TaskAddress, DispatchError> do_reschedule_named(
      const TaskName& id, traits::schedule::DispatchTime new_time) {
    CANARY_TRY_ASSIGN(const BlockNumber at, resolve_time(new_time));
    const auto address = Lookup::get(id);
    if (!address) return unexpected(error(Error::kNotFound));
    const auto [when, index] = *address;
    if (at == when) return unexpected(error(Error::kRescheduleNoChange));
    AgendaOf agenda = Agenda::get(when);
    if (index >= agenda.size() || !agenda.items[index]) return unexpected(error(Error::kNotFound));
    Task task = std::move(*agenda.items[index]);
    agenda.items[index].reset();
    Agenda::insert(when, agenda);
    cleanup_agenda(when);
    deposit_event(Canceled{when, index});
    return place_task(at, std::move(task));
  }

  // --- traits::schedule::ScheduleAnon and ScheduleNamed (v3), over the runtime's OriginCaller:
  // `Pallet::Schedule` (the calls' structs take the trait functions' names in the pallet).
  struct Schedule {
    using Address = TaskAddress;
    static Result<Address, DispatchError> schedule(traits::schedule::DispatchTime when,
                                                   std::optional<Period> maybe_periodic,
                                                   Priority priority, const OriginCaller& origin,
                                                   BoundedCall call) {
      return do_schedule(when, maybe_periodic, priority, origin, std::move(call));
    }
    static DispatchResult cancel(const Address& address) {
      return map_err_to_v3(do_cancel(std::nullopt, address));
    }
    static Result<Address, DispatchError> reschedule(const Address& address,
                                                     traits::schedule::DispatchTime when) {
      return map_err_to_v3(do_reschedule(address, when));
    }
    static Result<BlockNumber, DispatchError> next_dispatch_time(const Address& address) {
      if (address.second >= Agenda::get(address.first).size()) {
        return unexpected(dispatch_error(DispatchError::Kind::kUnavailable));
      }
      return address.first;
    }
    static Result<Address, DispatchError> schedule_named(const TaskName& id,
                                                         traits::schedule::DispatchTime when,
                                                         std::optional<Period> maybe_periodic,
                                                         Priority priority,
                                                         const OriginCaller& origin,
                                                         BoundedCall call) {
      return do_schedule_named(id, when, maybe_periodic, priority, origin, std::move(call));
    }
    static DispatchResult cancel_named(const TaskName& id) {
      return map_err_to_v3(do_cancel_named(std::nullopt, id));
    }
    static Result<Address, DispatchError> reschedule_named(const TaskName& id,
                                                           traits::schedule::DispatchTime when) {
      return map_err_to_v3(do_reschedule_named(id, when));
    }
    static Result<BlockNumber, DispatchError> next_dispatch_time(const TaskName& id) {
      const auto address = Lookup::get(id);
      if (!address) return unexpected(dispatch_error(DispatchError::Kind::kUnavailable));
      return next_dispatch_time(*address);
    }
  };

  // --- Serving the agendas.

  // Serves up to `max` agendas from the earliest incomplete one to `now`.
  static void service_agendas(WeightMeter& meter, BlockNumber now, uint32_t max) {
    if (!meter.try_consume(Weights::service_agendas_base())) return;
    BlockNumber incomplete_since = now + 1;
    BlockNumber when = IncompleteSince::take().value_or(now);
    bool is_first = true;  // the first task of the first agenda
    uint32_t count_down = max;
    const Weight agenda_base = Weights::service_agenda_base(kMaxScheduledPerBlock);
    while (count_down > 0 && when <= now && meter.can_consume(agenda_base)) {
      if (!service_agenda(meter, is_first, now, when, UINT32_MAX)) {
        incomplete_since = std::min(incomplete_since, when);
      }
      is_first = false;
      when = saturating_add(when, 1);
      --count_down;
    }
    incomplete_since = std::min(incomplete_since, when);
    if (incomplete_since <= now) {
      deposit_event(AgendaIncomplete{incomplete_since});
      IncompleteSince::put(incomplete_since);
    } else {
      // The next block starts from now + 1 (FRAME says so even when a block number provider
      // other than System skips blocks).
      IncompleteSince::put(now + 1);
    }
  }

  // Serves Agenda[when] in priority order (stable by index); false if tasks were postponed.
  static bool service_agenda(WeightMeter& meter, bool is_first, BlockNumber now, BlockNumber when,
                             uint32_t max) {
    AgendaOf agenda = Agenda::get(when);
    std::vector<std::pair<uint32_t, Priority>> ordered;
    for (uint32_t i = 0; i < agenda.size(); ++i) {
      if (agenda.items[i]) ordered.emplace_back(i, agenda.items[i]->priority);
    }
    // By priority, then index (FRAME's stable sort_by_key).
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second < b.second : a.first < b.first;
    });
    // Checked in advance by service_agendas (FRAME's debug_assert).
    (void)meter.try_consume(Weights::service_agenda_base(static_cast<uint32_t>(ordered.size())));

    uint32_t postponed = static_cast<uint32_t>(ordered.size()) > max
                             ? static_cast<uint32_t>(ordered.size()) - max
                             : 0;
    uint32_t dropped = 0;
    for (size_t n = 0; n < ordered.size() && n < max; ++n) {
      const uint32_t agenda_index = ordered[n].first;
      auto& slot = agenda.items[agenda_index];
      if (!slot) continue;
      Task task = std::move(*slot);
      slot.reset();
      const Weight base = service_task_weight<Weights>(
          task.call.lookup_len(), task.maybe_id.has_value(), task.maybe_periodic.has_value());
      if (!meter.can_consume(base)) {
        ++postponed;
        slot = std::move(task);
        break;
      }
      auto outcome = service_task(meter, now, when, agenda_index, is_first, std::move(task));
      switch (outcome.kind) {
        case ServiceOutcome::kUnavailable:
          ++dropped;
          slot = std::move(outcome.task);
          break;
        case ServiceOutcome::kOverweight:
          ++postponed;
          slot = std::move(outcome.task);
          break;
        case ServiceOutcome::kDone:
          is_first = false;
          break;
      }
    }
    if (postponed > 0 || dropped > 0) {
      Agenda::insert(when, agenda);
    } else {
      Agenda::remove(when);
    }
    return postponed == 0;
  }

  // --- Try-state: every Lookup entry names a task of that name where it points.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    for (const auto& [name, address] : Lookup::entries()) {
      const AgendaOf agenda = Agenda::get(address.first);
      if (address.second >= agenda.size() || !agenda.items[address.second]) {
        return unexpected(
            std::string("`Lookup` entry points to a missing or empty `Agenda` slot."));
      }
      if (agenda.items[address.second]->maybe_id != name) {
        return unexpected(std::string("`Lookup` entry points to a task whose id does not match."));
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(
        constant(r, "MaximumWeight", T::scheduler_maximum_weight(),
                 {" The maximum weight that may be scheduled per block for any dispatchables."}));
    c.push_back(constant(
        r, "MaxScheduledPerBlock", uint32_t{kMaxScheduledPerBlock},
        {" The maximum number of scheduled calls in the queue for a single block.", "", " NOTE:",
         " + Dependent pallets' benchmarks might require a higher limit for the setting. Set a",
         " higher limit under `runtime-benchmarks` feature."}));
  }

 private:
  static BlockNumber saturating_add(BlockNumber a, BlockNumber b) {
    return a > UINT32_MAX - b ? UINT32_MAX : a + b;
  }

  // The calls' common part: ScheduleOrigin, then the call bounded (noted as a preimage when too
  // long to be inline) and scheduled with the caller's origin.
  static DispatchResult schedule_call(const Origin& origin, const std::optional<TaskName>& id,
                                      traits::schedule::DispatchTime when,
                                      std::optional<Period> maybe_periodic, Priority priority,
                                      const RuntimeCall& call) {
    if (auto ok = ensure_origin<typename T::SchedulerOrigin>(origin); !ok) {
      return unexpected(ok.error());
    }
    CANARY_TRY_ASSIGN(BoundedCall bounded, Preimages::template bound<RuntimeCall>(call));
    const OriginCaller caller{origin};
    if (id) {
      CANARY_TRY(
          do_schedule_named(*id, when, maybe_periodic, priority, caller, std::move(bounded)));
    } else {
      CANARY_TRY(do_schedule(when, maybe_periodic, priority, caller, std::move(bounded)));
    }
    return {};
  }

  static Result<TaskAddress, DispatchError> do_schedule_task(std::optional<TaskName> id,
                                                             traits::schedule::DispatchTime when,
                                                             std::optional<Period> maybe_periodic,
                                                             Priority priority,
                                                             const OriginCaller& origin,
                                                             BoundedCall call) {
    CANARY_TRY_ASSIGN(const BlockNumber at, resolve_time(when));
    const auto lookup_hash = traits::preimages::lookup_hash(call);
    // A period of 0 blocks or fewer than 2 runs is no period; one run is this one.
    if (maybe_periodic && (maybe_periodic->second <= 1 || maybe_periodic->first == 0)) {
      maybe_periodic.reset();
    }
    if (maybe_periodic) --maybe_periodic->second;
    Task task{std::move(id), priority, std::move(call), maybe_periodic, origin};
    auto placed = place_task(at, std::move(task));
    if (!placed) return placed;
    // The call must stay available until it is served.
    if (lookup_hash) Preimages::request(*lookup_hash);
    return placed;
  }

  // Puts a task in Agenda[when] (a free slot at the end, else the first hole), its name in Lookup.
  static Result<TaskAddress, DispatchError> place_task(BlockNumber when, Task task) {
    std::optional<TaskName> name = task.maybe_id;
    auto index = push_to_agenda(when, std::move(task));
    if (!index) return unexpected(index.error());
    const TaskAddress address{when, *index};
    if (name) Lookup::insert(*name, address);
    deposit_event(ScheduledEvent{address.first, address.second});
    return address;
  }
  // As place_task, giving the task back when the agenda is full (Exhausted).
  static Result<TaskAddress, DispatchError> place_task_or_keep(BlockNumber when, Task& task) {
    if (agenda_is_full(when)) return unexpected(dispatch_error(DispatchError::Kind::kExhausted));
    return place_task(when, task);
  }
  static bool agenda_is_full(BlockNumber when) {
    const AgendaOf agenda = Agenda::get(when);
    if (agenda.size() < kMaxScheduledPerBlock) return false;
    return std::none_of(agenda.begin(), agenda.end(),
                        [](const std::optional<Task>& t) { return !t.has_value(); });
  }

  static Result<uint32_t, DispatchError> push_to_agenda(BlockNumber when, Task task) {
    AgendaOf agenda = Agenda::get(when);
    uint32_t index = 0;
    if (agenda.size() < kMaxScheduledPerBlock) {
      agenda.items.emplace_back(std::move(task));
      index = static_cast<uint32_t>(agenda.size() - 1);
    } else {
      const auto hole = std::find_if(agenda.items.begin(), agenda.items.end(),
                                     [](const std::optional<Task>& t) { return !t.has_value(); });
      if (hole == agenda.items.end()) {
        return unexpected(dispatch_error(DispatchError::Kind::kExhausted));
      }
      *hole = std::move(task);
      index = static_cast<uint32_t>(hole - agenda.items.begin());
    }
    Agenda::insert(when, agenda);
    return index;
  }

  // Drops trailing empty slots; an agenda with none left goes.
  static void cleanup_agenda(BlockNumber when) {
    AgendaOf agenda = Agenda::get(when);
    auto last = std::find_if(agenda.items.rbegin(), agenda.items.rend(),
                             [](const std::optional<Task>& t) { return t.has_value(); });
    if (last == agenda.items.rend()) {
      Agenda::remove(when);
      return;
    }
    const auto keep = static_cast<size_t>(agenda.items.rend() - last);
    if (agenda.size() > keep) {
      agenda.items.resize(keep);
      Agenda::insert(when, agenda);
    }
  }

  // Less or incomparable privilege: BadOrigin.
  static DispatchResult ensure_privilege(const Origin& left, const Origin& right) {
    const auto cmp = PrivilegeCmp::cmp_privilege(left, right);
    if (!cmp || *cmp == std::strong_ordering::less) return unexpected(bad_origin());
    return {};
  }

  static DispatchResult do_set_retry(const Origin& origin, TaskAddress address,
                                     const std::optional<TaskName>& id, uint8_t retries,
                                     BlockNumber period) {
    if (auto ok = ensure_origin<typename T::SchedulerOrigin>(origin); !ok) {
      return unexpected(ok.error());
    }
    const AgendaOf agenda = Agenda::get(address.first);
    if (address.second >= agenda.size() || !agenda.items[address.second]) {
      return unexpected(error(Error::kNotFound));
    }
    CANARY_TRY(ensure_privilege(origin, agenda.items[address.second]->origin.origin));
    Retries::insert(address, RetryConfig{retries, retries, period});
    deposit_event(RetrySet{address, id, period, retries});
    return {};
  }

  static DispatchResult do_cancel_retry(const Origin& origin, TaskAddress address) {
    const AgendaOf agenda = Agenda::get(address.first);
    if (address.second >= agenda.size() || !agenda.items[address.second]) {
      return unexpected(error(Error::kNotFound));
    }
    CANARY_TRY(ensure_privilege(origin, agenda.items[address.second]->origin.origin));
    Retries::remove(address);
    return {};
  }

  template <class R>
  static R map_err_to_v3(R result) {
    if (!result && result.error() == error(Error::kNotFound)) {
      return unexpected(dispatch_error(DispatchError::Kind::kUnavailable));
    }
    return result;
  }

  // service_task's outcome: done (the slot empties), or the task back in its slot because its
  // call is unavailable (dropped: it never runs) or it does not fit this block (postponed).
  struct ServiceOutcome {
    enum Kind : uint8_t { kDone, kUnavailable, kOverweight };
    Kind kind = kDone;
    std::optional<Task> task;
  };

  // Runs one task: its name leaves Lookup, its call is fetched, dispatched within the weight left
  // (the first task of a service may not be postponed: overweight then is permanent), retried if
  // it failed and has retries, and placed again if periodic.
  static ServiceOutcome service_task(WeightMeter& meter, BlockNumber now, BlockNumber when,
                                     uint32_t agenda_index, bool is_first, Task task) {
    if (task.maybe_id) Lookup::remove(*task.maybe_id);
    auto peeked = traits::preimages::peek<Preimages>(task.call);
    if (!peeked) {
      deposit_event(CallUnavailable{{when, agenda_index}, task.maybe_id});
      // Not available when needed: no need to keep asking for it.
      traits::preimages::drop<Preimages>(task.call);
      // Why peek failed is unknown: the full weight counts.
      (void)meter.try_consume(service_task_weight<Weights>(
          task.call.lookup_len(), task.maybe_id.has_value(), task.maybe_periodic.has_value()));
      return {ServiceOutcome::kUnavailable, std::move(task)};
    }
    auto& [call, lookup_len] = *peeked;
    (void)meter.try_consume(service_task_weight<Weights>(lookup_len, task.maybe_id.has_value(),
                                                         task.maybe_periodic.has_value()));

    const auto result = execute_dispatch(meter, task.origin.origin, call);
    if (!result) {
      if (is_first) {
        traits::preimages::drop<Preimages>(task.call);
        deposit_event(PermanentlyOverweight{{when, agenda_index}, task.maybe_id});
        return {ServiceOutcome::kUnavailable, std::move(task)};
      }
      return {ServiceOutcome::kOverweight, std::move(task)};
    }
    const bool failed = !result->has_value();
    const auto retry_config = Retries::take(TaskAddress{when, agenda_index});
    deposit_event(Dispatched{{when, agenda_index}, task.maybe_id, *result});
    if (retry_config && failed) {
      schedule_retry(meter, now, when, agenda_index, task, *retry_config);
    }
    if (task.maybe_periodic) {
      auto& [period, count] = *task.maybe_periodic;
      if (count > 1) {
        --count;
      } else {
        task.maybe_periodic.reset();
      }
      const BlockNumber wake = saturating_add(now, period);
      auto placed = place_task_or_keep(wake, task);
      if (placed) {
        if (retry_config) Retries::insert(*placed, *retry_config);
      } else {
        traits::preimages::drop<Preimages>(task.call);
        deposit_event(PeriodicFailed{{when, agenda_index}, task.maybe_id});
      }
    } else {
      traits::preimages::drop<Preimages>(task.call);
    }
    return {ServiceOutcome::kDone, std::nullopt};
  }

  // Dispatches `call` with `origin` if its declared weight (and the dispatch's base) still fits;
  // none when it does not. Counts the call's actual weight when it reports one.
  static std::optional<DispatchResult> execute_dispatch(WeightMeter& meter, const Origin& origin,
                                                        const RuntimeCall& call) {
    const Weight base = origin.signer() != nullptr ? Weights::execute_dispatch_signed()
                                                   : Weights::execute_dispatch_unsigned();
    const Weight declared = call.info().call_weight;
    if (!meter.can_consume(base.saturating_add(declared))) return std::nullopt;
    const DispatchResultWithPostInfo result = dispatch_in_layer(call, origin);
    const PostDispatchInfo& post = result ? *result : result.error().post_info;
    const Weight used = post.actual_weight.value_or(declared);
    (void)meter.try_consume(base);
    (void)meter.try_consume(used);
    return without_post_info(result);
  }

  // A failed task with retries left runs again `period` blocks from now, unnamed and not
  // periodic; RetryFailed when the weight for that or the agenda's room is lacking.
  static void schedule_retry(WeightMeter& meter, BlockNumber now, BlockNumber when,
                             uint32_t agenda_index, const Task& task, RetryConfig config) {
    if (!meter.try_consume(Weights::schedule_retry(kMaxScheduledPerBlock))) {
      deposit_event(RetryFailed{{when, agenda_index}, task.maybe_id});
      return;
    }
    if (config.remaining == 0) return;
    --config.remaining;
    Task retry = task.as_retry();
    auto placed = place_task_or_keep(saturating_add(now, config.period), retry);
    if (placed) {
      Retries::insert(*placed, config);
    } else {
      traits::preimages::drop<Preimages>(retry.call);
      deposit_event(RetryFailed{{when, agenda_index}, retry.maybe_id});
    }
  }
};

}  // namespace canary::rt::pallets::scheduler
