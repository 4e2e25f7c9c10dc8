// pallet_vesting: balances released linearly over blocks. An account's schedules (at most
// MaxVestingSchedules) keep a lock "vesting " on what is still unvested; the lock only shrinks
// when someone calls vest / vest_other (or a schedule is added, merged or removed), which drops
// finished schedules. vested_transfer moves funds into a new schedule of the receiver;
// merge_schedules turns two schedules into one ending at the later end. Reference semantics:
// polkadot-sdk substrate/frame/vesting (pallet-vesting 42, as Kusama FR-1.7.1 builds it: locks
// through LockableCurrency, the StorageVersion item at V1), metadata as Kusama's (index 28).
//
// The runtime configuration T provides, besides System, Pallets and kDbWeight:
//   Currency                              a traits::LockableCurrency (Kusama: Balances), whose
//                                         kMaxLocks sizes the weights
//   kMinVestedTransfer                    the least a vested transfer moves (Kusama: 100 CENTS)
//   kMaxVestingSchedules                  schedules per account (Kusama: 28)
//   kUnvestedFundsAllowedWithdrawReasons  what the lock does not stop (Kusama: all but TRANSFER
//                                         and RESERVE); the lock holds the other reasons
//   optional VestingWeightInfo (weights.hpp)
// The block number is System's, and BlockNumberToBalance ConvertInto (vesting_info.hpp), as on
// Kusama.
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

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/vesting/vesting_info.hpp"
#include "runtime/pallets/vesting/weights.hpp"

namespace canary::rt::pallets::vesting {

enum class Error : uint8_t {
  kNotVesting = 0,
  kAtMaxVestingSchedules = 1,
  kAmountLow = 2,
  kScheduleIndexOutOfBounds = 3,
  kInvalidScheduleParams = 4,
};

// pallet_vesting::Releases: the pallet's own storage version (the StorageVersion item, older than
// FRAME's storage versions); new chains start at V1.
enum class Releases : uint8_t { kV0 = 0, kV1 = 1 };
inline bool scale_is_valid(Releases r) {
  return static_cast<uint8_t>(r) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const Releases*) {
  b.path({"pallet_vesting", "Releases"});
  b.variant(0, "V0").variant(1, "V1");
}

// The lock's identifier, VESTING_ID.
inline constexpr traits::LockIdentifier kVestingId = {'v', 'e', 's', 't', 'i', 'n', 'g', ' '};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_vesting";
  static constexpr const char* kDocs =
      "A simple pallet providing a means of placing a linear curve on an account's locked\n"
      "balance.";

  using Weights = WeightInfoOf<T>;
  using Currency = typename T::Currency;
  static_assert(traits::LockableCurrency<Currency>);
  static_assert(T::kMaxVestingSchedules > 0, "`MaxVestingSchedules` must ge greater than 0");

  struct MaxVestingSchedulesGet {
    static constexpr uint32_t get() { return T::kMaxVestingSchedules; }
  };
  using Schedules = BoundedVec<VestingInfo, MaxVestingSchedulesGet>;

  // --- Storage.
  using Vesting =
      StorageMap<Pallet, "Vesting", Blake2_128Concat, AccountId32, Schedules, OptionQuery,
                 DocLines<" Information regarding the vesting of a given account.">>;
  using StorageVersion = StorageValue<
      Pallet, "StorageVersion", Releases, ValueQuery,
      DocLines<" Storage version of the pallet.", "",
               " New networks start with latest version, as determined by the genesis build.">>;
  using Storage = std::tuple<Vesting, StorageVersion>;

  // --- Errors.
  using Error = vesting::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotVesting", "The account given is not vesting."},
      {"AtMaxVestingSchedules",
       "The account already has `MaxVestingSchedules` count of schedules and thus\n"
       "cannot add another one. Consider merging existing schedules in order to add another."},
      {"AmountLow", "Amount being transferred is too low to create a vesting schedule."},
      {"ScheduleIndexOutOfBounds", "An index was out of bounds of the vesting schedules."},
      {"InvalidScheduleParams",
       "Failed to create a new schedule because some parameter was invalid."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct VestingUpdated {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "VestingUpdated";
    static constexpr const char* kDocs =
        "The amount vested has been updated. This could indicate a change in funds available.\n"
        "The balance given is the amount which is left unvested (and thus locked).";
    AccountId32 account;
    Balance unvested = 0;
    bool operator==(const VestingUpdated&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("account", &VestingUpdated::account, "T::AccountId"),
                        field("unvested", &VestingUpdated::unvested, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct VestingCompleted {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "VestingCompleted";
    static constexpr const char* kDocs = "An \\[account\\] has become fully vested.";
    AccountId32 account;
    bool operator==(const VestingCompleted&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("account", &VestingCompleted::account, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<VestingUpdated, VestingCompleted>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls. Their weights are the worst case: MaxLocks locks, MaxVestingSchedules schedules.
  static constexpr uint32_t kL = T::kMaxLocks;
  static constexpr uint32_t kS = T::kMaxVestingSchedules;

  struct vest {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "vest";
    static constexpr const char* kDocs =
        "Unlock any vested funds of the sender account.\n\n"
        "The dispatch origin for this call must be _Signed_ and the sender must have funds still\n"
        "locked under this pallet.\n\n"
        "Emits either `VestingCompleted` or `VestingUpdated`.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {weight_max(Weights::vest_locked(kL, kS), Weights::vest_unlocked(kL, kS))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return with_post_info(do_vest(*who));
    }
  };

  struct vest_other {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "vest_other";
    static constexpr const char* kDocs =
        "Unlock any vested funds of a `target` account.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "- `target`: The account whose vested funds should be unlocked. Must have funds still\n"
        "locked under this pallet.\n\n"
        "Emits either `VestingCompleted` or `VestingUpdated`.";
    MultiAddress target;
    static constexpr auto fields() {
      return std::tuple{field("target", &vest_other::target, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {weight_max(Weights::vest_other_locked(kL, kS), Weights::vest_other_unlocked(kL, kS))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      auto account = lookup_account(target);
      if (!account) return with_post_info(unexpected(account.error()));
      return with_post_info(do_vest(*account));
    }
  };

  struct vested_transfer {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "vested_transfer";
    static constexpr const char* kDocs =
        "Create a vested transfer.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "- `target`: The account receiving the vested funds.\n"
        "- `schedule`: The vesting schedule attached to the transfer.\n\n"
        "NOTE: This will unlock all schedules through the current block.";
    MultiAddress target;
    VestingInfo schedule;
    static constexpr auto fields() {
      return std::tuple{field("target", &vested_transfer::target, "AccountIdLookupOf<T>"),
                        field("schedule", &vested_transfer::schedule,
                              "VestingInfo<BalanceOf<T>, BlockNumberFor<T>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::vested_transfer(kL, kS)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto source = ensure_signed(origin);
      if (!source) return with_post_info(unexpected(source.error()));
      auto to = lookup_account(target);
      if (!to) return with_post_info(unexpected(to.error()));
      return with_post_info(do_vested_transfer(*source, *to, schedule));
    }
  };

  struct force_vested_transfer {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "force_vested_transfer";
    static constexpr const char* kDocs =
        "Force a vested transfer.\n\n"
        "The dispatch origin for this call must be _Root_.\n\n"
        "- `source`: The account whose funds should be transferred.\n"
        "- `target`: The account that should be transferred the vested funds.\n"
        "- `schedule`: The vesting schedule attached to the transfer.\n\n"
        "NOTE: This will unlock all schedules through the current block.";
    MultiAddress source;
    MultiAddress target;
    VestingInfo schedule;
    static constexpr auto fields() {
      return std::tuple{field("source", &force_vested_transfer::source, "AccountIdLookupOf<T>"),
                        field("target", &force_vested_transfer::target, "AccountIdLookupOf<T>"),
                        field("schedule", &force_vested_transfer::schedule,
                              "VestingInfo<BalanceOf<T>, BlockNumberFor<T>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_vested_transfer(kL, kS)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      auto to = lookup_account(target);
      if (!to) return with_post_info(unexpected(to.error()));
      auto from = lookup_account(source);
      if (!from) return with_post_info(unexpected(from.error()));
      return with_post_info(do_vested_transfer(*from, *to, schedule));
    }
  };

  struct merge_schedules {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "merge_schedules";
    static constexpr const char* kDocs =
        "Merge two vesting schedules together, creating a new vesting schedule that unlocks over\n"
        "the highest possible start and end blocks. If both schedules have already started the\n"
        "current block will be used as the schedule start; with the caveat that if one schedule\n"
        "is finished by the current block, the other will be treated as the new merged schedule,\n"
        "unmodified.\n\n"
        "NOTE: If `schedule1_index == schedule2_index` this is a no-op.\n"
        "NOTE: This will unlock all schedules through the current block prior to merging.\n"
        "NOTE: If both schedules have ended by the current block, no new schedule will be created\n"
        "and both will be removed.\n\n"
        "The dispatch origin for this call must be _Signed_.";
    uint32_t schedule1_index = 0;
    uint32_t schedule2_index = 0;
    static constexpr auto fields() {
      return std::tuple{field("schedule1_index", &merge_schedules::schedule1_index, "u32"),
                        field("schedule2_index", &merge_schedules::schedule2_index, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {weight_max(Weights::not_unlocking_merge_schedules(kL, kS),
                         Weights::unlocking_merge_schedules(kL, kS))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      if (schedule1_index == schedule2_index) return PostDispatchInfo{};
      const auto schedules = Vesting::get(*who);
      if (!schedules) return with_post_info(unexpected(error(Error::kNotVesting)));
      auto updated = exec_action(schedules->items, Action::merge(schedule1_index, schedule2_index));
      if (!updated) return with_post_info(unexpected(updated.error()));
      return with_post_info(write(*who, updated->first, updated->second));
    }
  };

  struct force_remove_vesting_schedule {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "force_remove_vesting_schedule";
    static constexpr const char* kDocs =
        "Force remove a vesting schedule\n\n"
        "The dispatch origin for this call must be _Root_.\n\n"
        "- `target`: An account that has a vesting schedule\n"
        "- `schedule_index`: The vesting schedule index that should be removed";
    MultiAddress target;
    uint32_t schedule_index = 0;
    static constexpr auto fields() {
      return std::tuple{
          field("target", &force_remove_vesting_schedule::target,
                "<T::Lookup as StaticLookup>::Source"),
          field("schedule_index", &force_remove_vesting_schedule::schedule_index, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_remove_vesting_schedule(kL, kS)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      auto who = lookup_account(target);
      if (!who) return with_post_info(unexpected(who.error()));
      const auto schedules = Vesting::get(*who);
      const uint32_t count = schedules ? static_cast<uint32_t>(schedules->size()) : 0;
      if (schedule_index >= count) {
        return with_post_info(unexpected(error(Error::kInvalidScheduleParams)));
      }
      if (auto removed = remove_vesting_schedule(*who, schedule_index); !removed) {
        return with_post_info(removed);
      }
      return PostDispatchInfo{Weights::force_remove_vesting_schedule(kL, count), Pays::kYes};
    }
  };

  using Call = std::variant<vest, vest_other, vested_transfer, force_vested_transfer,
                            merge_schedules, force_remove_vesting_schedule>;

  // --- Genesis: `vesting: [(who, begin, length, liquid)]`: all but `liquid` of the account's
  // free balance vests over `length` blocks from `begin`.
  struct GenesisConfig {
    std::vector<std::tuple<AccountId32, BlockNumber, BlockNumber, Balance>> vesting;
    static constexpr auto json_fields() {
      return std::tuple{json_field("vesting", &GenesisConfig::vesting)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    StorageVersion::put(Releases::kV1);
    for (const auto& [who, begin, length, liquid] : config.vesting) {
      const Balance balance = Currency::free_balance(who);
      if (balance == 0) return unexpected(std::string("Currencies must be init'd before vesting"));
      const Balance locked = balance > liquid ? balance - liquid : 0;
      const Balance per_block = locked / (length == 0 ? Balance{1} : Balance{length});
      const VestingInfo info{locked, per_block, begin};
      if (!info.is_valid()) return unexpected(std::string("Invalid VestingInfo params at genesis"));
      Schedules schedules = Vesting::get(who).value_or(Schedules{});
      if (!schedules.try_push(info)) {
        return unexpected(std::string("Too many vesting schedules at genesis."));
      }
      Vesting::insert(who, schedules);
      if (auto locked_ok = Currency::set_lock(kVestingId, who, locked, lock_reasons());
          !locked_ok) {
        return unexpected(std::string("the vesting lock cannot be set at genesis"));
      }
    }
    return {};
  }

  // --- VestingSchedule (frame_support::traits::VestingSchedule) and VestedTransfer.

  // What is still vesting and cannot leave the account: the schedules' locked amounts at this
  // block, at most the free balance; none for an account without schedules.
  static std::optional<Balance> vesting_balance(const AccountId32& who) {
    const auto schedules = Vesting::get(who);
    if (!schedules) return std::nullopt;
    const BlockNumber now = T::System::block_number();
    Balance total = 0;
    for (const VestingInfo& s : schedules->items) total = saturating_add(total, s.locked_at(now));
    return std::min(Currency::free_balance(who), total);
  }

  // Adds a schedule to `who` (whose balance it does not change) and updates the lock; nothing for
  // a zero amount.
  static DispatchResult add_vesting_schedule(const AccountId32& who, Balance locked,
                                             Balance per_block, BlockNumber starting_block) {
    if (locked == 0) return {};
    const VestingInfo schedule{locked, per_block, starting_block};
    if (!schedule.is_valid()) return unexpected(error(Error::kInvalidScheduleParams));
    Schedules schedules = Vesting::get(who).value_or(Schedules{});
    if (!schedules.try_push(schedule)) return unexpected(error(Error::kAtMaxVestingSchedules));
    CANARY_TRY_ASSIGN(auto updated, exec_action(std::move(schedules.items), Action::passive()));
    return write(who, updated.first, updated.second);
  }

  // Whether add_vesting_schedule would succeed.
  static DispatchResult can_add_vesting_schedule(const AccountId32& who, Balance locked,
                                                 Balance per_block, BlockNumber starting_block) {
    if (!VestingInfo{locked, per_block, starting_block}.is_valid()) {
      return unexpected(error(Error::kInvalidScheduleParams));
    }
    const auto schedules = Vesting::get(who);
    if (schedules && schedules->size() >= T::kMaxVestingSchedules) {
      return unexpected(error(Error::kAtMaxVestingSchedules));
    }
    return {};
  }

  static DispatchResult remove_vesting_schedule(const AccountId32& who, uint32_t schedule_index) {
    const auto schedules = Vesting::get(who);
    if (!schedules) return unexpected(error(Error::kNotVesting));
    CANARY_TRY_ASSIGN(auto updated, exec_action(schedules->items, Action::remove(schedule_index)));
    return write(who, updated.first, updated.second);
  }

  // VestedTransfer::vested_transfer: do_vested_transfer in a storage transaction of its own.
  static DispatchResult vested_transfer_of(const AccountId32& source, const AccountId32& target,
                                           Balance locked, Balance per_block,
                                           BlockNumber starting_block) {
    io::storage::start_transaction();
    DispatchResult result = do_vested_transfer(source, target, {locked, per_block, starting_block});
    if (result) {
      io::storage::commit_transaction();
    } else {
      io::storage::rollback_transaction();
    }
    return result;
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "MinVestedTransfer", Balance{T::kMinVestedTransfer},
                         {" The minimum amount transferred to call `vested_transfer`."}));
    c.push_back(constant(r, "MaxVestingSchedules", uint32_t{T::kMaxVestingSchedules}, {}));
  }

  // --- Try-state: an account's schedules are there only if it has some, each valid.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    for (const auto& [who, schedules] : Vesting::entries()) {
      if (schedules.items.empty()) return unexpected(std::string("an empty Vesting entry"));
      for (const VestingInfo& s : schedules.items) {
        if (!s.is_valid()) return unexpected(std::string("an invalid schedule"));
      }
    }
    return {};
  }

 private:
  static constexpr Balance saturating_add(Balance a, Balance b) {
    return a > ~Balance{0} - b ? ~Balance{0} : a + b;
  }
  static Weight weight_max(const Weight& a, const Weight& b) {
    return {std::max(a.ref_time, b.ref_time), std::max(a.proof_size, b.proof_size)};
  }
  // The reasons the lock holds: all but the configured allowed ones.
  static traits::WithdrawReasons lock_reasons() {
    return traits::WithdrawReasons{static_cast<uint8_t>(
        traits::WithdrawReasons::all().bits & ~T::kUnvestedFundsAllowedWithdrawReasons.bits)};
  }

  // FRAME's VestingAction: which schedules leave (none, one, or two to be merged).
  struct Action {
    enum class Kind : uint8_t { kPassive, kRemove, kMerge } kind = Kind::kPassive;
    size_t index1 = 0;
    size_t index2 = 0;
    static Action passive() { return {}; }
    static Action remove(size_t index) { return {Kind::kRemove, index, 0}; }
    static Action merge(size_t a, size_t b) { return {Kind::kMerge, a, b}; }
    bool should_remove(size_t index) const {
      switch (kind) {
        case Kind::kPassive:
          return false;
        case Kind::kRemove:
          return index == index1;
        case Kind::kMerge:
          return index == index1 || index == index2;
      }
      return false;
    }
  };

  // The schedules the action keeps that still lock something now, and what they lock.
  static std::pair<std::vector<VestingInfo>, Balance> report_schedule_updates(
      const std::vector<VestingInfo>& schedules, const Action& action) {
    const BlockNumber now = T::System::block_number();
    std::vector<VestingInfo> kept;
    Balance total = 0;
    for (size_t i = 0; i < schedules.size(); ++i) {
      if (action.should_remove(i)) continue;
      const Balance locked_now = schedules[i].locked_at(now);
      if (locked_now == 0) continue;
      total = saturating_add(total, locked_now);
      kept.push_back(schedules[i]);
    }
    return {std::move(kept), total};
  }

  // Two schedules as one, both unlocked up to now: none if both ended, the other if one ended;
  // otherwise what both lock now, from the latest start (now at the earliest) to the later end.
  static std::optional<VestingInfo> merge_vesting_info(BlockNumber now, const VestingInfo& s1,
                                                       const VestingInfo& s2) {
    const Balance end1 = s1.ending_block_as_balance();
    const Balance end2 = s2.ending_block_as_balance();
    const Balance now_b = now;
    if (end1 <= now_b && end2 <= now_b) return std::nullopt;
    if (end1 <= now_b) return s2;
    if (end2 <= now_b) return s1;
    const Balance locked = saturating_add(s1.locked_at(now), s2.locked_at(now));
    const Balance ending = std::max(end1, end2);
    const BlockNumber starting = std::max({now, s1.starting_block, s2.starting_block});
    const Balance start_b = starting;
    Balance duration = ending > start_b ? ending - start_b : 0;
    if (duration == 0) duration = 1;
    Balance per_block = locked / duration;
    if (per_block == 0) per_block = 1;
    return VestingInfo{locked, per_block, starting};
  }

  static Result<std::pair<std::vector<VestingInfo>, Balance>, DispatchError> exec_action(
      const std::vector<VestingInfo>& schedules, const Action& action) {
    if (action.kind != Action::Kind::kMerge) return report_schedule_updates(schedules, action);
    // The indices are those before finished schedules are dropped.
    if (action.index1 >= schedules.size() || action.index2 >= schedules.size()) {
      return unexpected(error(Error::kScheduleIndexOutOfBounds));
    }
    const VestingInfo s1 = schedules[action.index1];
    const VestingInfo s2 = schedules[action.index2];
    auto [kept, locked_now] = report_schedule_updates(schedules, action);
    const BlockNumber now = T::System::block_number();
    if (const auto merged = merge_vesting_info(now, s1, s2)) {
      kept.push_back(*merged);
      locked_now = saturating_add(locked_now, merged->locked_at(now));
    }
    return std::pair{std::move(kept), locked_now};
  }

  // write_vesting then write_lock: the schedules (removed when none is left; more than the bound
  // is AtMaxVestingSchedules), the lock on what they lock now, and the event.
  static DispatchResult write(const AccountId32& who, const std::vector<VestingInfo>& schedules,
                              Balance locked_now) {
    auto bounded = Schedules::try_from(schedules);
    if (!bounded) return unexpected(error(Error::kAtMaxVestingSchedules));
    if (bounded->size() == 0) {
      Vesting::remove(who);
    } else {
      Vesting::insert(who, *bounded);
    }
    if (locked_now == 0) {
      CANARY_TRY(Currency::remove_lock(kVestingId, who));
      deposit_event(VestingCompleted{who});
    } else {
      CANARY_TRY(Currency::set_lock(kVestingId, who, locked_now, lock_reasons()));
      deposit_event(VestingUpdated{who, locked_now});
    }
    return {};
  }

  static DispatchResult do_vest(const AccountId32& who) {
    const auto schedules = Vesting::get(who);
    if (!schedules) return unexpected(error(Error::kNotVesting));
    CANARY_TRY_ASSIGN(auto updated, exec_action(schedules->items, Action::passive()));
    return write(who, updated.first, updated.second);
  }

  static DispatchResult do_vested_transfer(const AccountId32& source, const AccountId32& target,
                                           const VestingInfo& schedule) {
    if (schedule.locked < Balance{T::kMinVestedTransfer}) {
      return unexpected(error(Error::kAmountLow));
    }
    if (!schedule.is_valid()) return unexpected(error(Error::kInvalidScheduleParams));
    CANARY_TRY(can_add_vesting_schedule(target, schedule.locked, schedule.per_block,
                                        schedule.starting_block));
    CANARY_TRY(Currency::transfer(source, target, schedule.locked, /*keep_alive=*/false));
    return add_vesting_schedule(target, schedule.locked, schedule.per_block,
                                schedule.starting_block);
  }
};

}  // namespace canary::rt::pallets::vesting
