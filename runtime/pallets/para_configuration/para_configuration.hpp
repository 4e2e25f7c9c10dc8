// polkadot-runtime-parachains' `configuration` pallet (Configuration, Kusama index 51): the
// parachain host's configuration (host_configuration.hpp). Root changes one field at a time; a
// change never applies at once but at the session ParasShared schedules (current + 2), merged
// with the other changes already pending for it (schedule_config_update, as FRAME's
// configuration.rs), and the Initializer applies it at that session's start
// (initializer_on_new_session). Parachains read ActiveConfig through its well-known key.
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using ParasShared = …;                       the shared pallet (para_shared), for the session
//   using ParaConfigurationWeightInfo = …;       optional: its own weights (weights.hpp)
// The Canary runtime composes it at index 51 (README.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/para_configuration/host_configuration.hpp"
#include "runtime/pallets/para_configuration/weights.hpp"

namespace canary::rt::pallets::para_configuration {

enum class Error : uint8_t { kInvalidNewValue = 0 };

// `"configuration": {"config": {…}}` in a genesis config.
struct GenesisConfig {
  HostConfiguration config;
  static constexpr auto json_fields() {
    return std::tuple{json_field("config", &GenesisConfig::config)};
  }
};

// The weight class of a setter (the WeightInfo function FRAME's call attribute names).
enum class SetterWeight : uint8_t {
  kBlockNumber,
  kU32,
  kOptionU32,
  kBalance,
  kExecutorParams,
  kPerbill,
  kSchedulerParams,
};

// What configuration.rs' initializer_on_new_session returns.
struct SessionChangeOutcome {
  HostConfiguration prev_config;
  std::optional<HostConfiguration> new_config;
};

namespace detail {

template <class M>
struct MemberOf;
template <class C, class V>
struct MemberOf<V C::*> {
  using Class = C;
  using Value = V;
};

// Writes `value` into the field `member` names: a HostConfiguration member, or a SchedulerParams
// member (the setters of scheduler_params' fields).
template <auto kMember, class V>
void assign(HostConfiguration& config, const V& value) {
  using Class = typename MemberOf<decltype(kMember)>::Class;
  if constexpr (std::is_same_v<Class, SchedulerParams>) {
    config.scheduler_params.*kMember = value;
  } else {
    config.*kMember = value;
  }
}

}  // namespace detail

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "configuration";
  static constexpr const char* kDocs = "The parachain host's configuration.";
  // The HostConfiguration layout of configuration/migration v13 (host_configuration.hpp).
  static constexpr uint16_t kStorageVersion = 12;

  using Weights = WeightInfoOf<T>;

  // --- Storage.
  using ActiveConfig = StorageValue<Pallet, "ActiveConfig", HostConfiguration, ValueQuery,
                                    DocLines<" The active configuration for the current session.">>;
  using PendingConfigs = StorageValue<
      Pallet, "PendingConfigs", std::vector<std::pair<SessionIndex, HostConfiguration>>, ValueQuery,
      DocLines<" Pending configuration changes.", "",
               " This is a list of configuration changes, each with a session index at which it "
               "should",
               " be applied.", "",
               " The list is sorted ascending by session index. Also, this list can only contain "
               "at most",
               " 2 items: for the next session and for the `scheduled_session`.">>;
  using BypassConsistencyCheck = StorageValue<
      Pallet, "BypassConsistencyCheck", bool, ValueQuery,
      DocLines<" If this is set, then the configuration setters will bypass the consistency "
               "checks. This",
               " is meant to be used only as the last resort.">>;
  using Storage = std::tuple<ActiveConfig, PendingConfigs, BypassConsistencyCheck>;

  // --- Errors.
  using Error = para_configuration::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"InvalidNewValue", "The new value for a configuration parameter is invalid."},
  };

  static Weight weight_of(SetterWeight w) {
    switch (w) {
      case SetterWeight::kBlockNumber:
        return Weights::set_config_with_block_number();
      case SetterWeight::kU32:
        return Weights::set_config_with_u32();
      case SetterWeight::kOptionU32:
        return Weights::set_config_with_option_u32();
      case SetterWeight::kBalance:
        return Weights::set_config_with_balance();
      case SetterWeight::kExecutorParams:
        return Weights::set_config_with_executor_params();
      case SetterWeight::kPerbill:
        return Weights::set_config_with_perbill();
      case SetterWeight::kSchedulerParams:
        return Weights::set_config_with_scheduler_params();
    }
    return Weights::set_config_with_u32();
  }

  // configuration.rs schedule_config_update: the change goes on top of the newest pending
  // configuration (else the active one); it is refused (InvalidNewValue) if it makes a
  // consistent configuration inconsistent, unless BypassConsistencyCheck is set; a configuration
  // already broken may be changed (to repair it). The result replaces the pending entry for the
  // scheduled session (or a later one), else is appended for the scheduled session.
  template <class F>
  static DispatchResult schedule_config_update(F&& updater) {
    std::vector<std::pair<SessionIndex, HostConfiguration>> pending = PendingConfigs::get();
    HostConfiguration config = pending.empty() ? ActiveConfig::get() : pending.back().second;
    const bool base_consistent = check_consistency(config).has_value();
    updater(config);
    if (BypassConsistencyCheck::get()) {
      io::log(io::LogLevel::kWarn, "runtime::configuration",
              "Bypassing the consistency check for the configuration change!");
    } else if (auto checked = check_consistency(config); !checked) {
      if (base_consistent) {
        io::log(io::LogLevel::kWarn, "runtime::configuration",
                std::string("Configuration change rejected due to invalid configuration: ") +
                    std::string(to_string(checked.error())));
        return unexpected(pallet_error<Pallet>(Error::kInvalidNewValue));
      }
      io::log(io::LogLevel::kWarn, "runtime::configuration",
              "The new configuration is broken but the old is broken as well. Proceeding");
    }
    const SessionIndex scheduled = T::ParasShared::scheduled_session();
    auto due = std::find_if(pending.begin(), pending.end(),
                            [&](const auto& entry) { return entry.first >= scheduled; });
    if (due != pending.end()) {
      due->second = std::move(config);
    } else {
      pending.emplace_back(scheduled, std::move(config));
    }
    PendingConfigs::put(pending);
    return {};
  }

  // --- Calls: every setter is Root-only and Operational, and schedules its change.
  template <uint8_t kIndexOfCall, FixedString kCallName, auto kMember, FixedString kTypeName,
            SetterWeight kWeight, uint64_t kMaxValue = std::numeric_limits<uint64_t>::max()>
  struct Setter {
    using Value = typename detail::MemberOf<decltype(kMember)>::Value;
    static constexpr uint8_t kScaleIndex = kIndexOfCall;
    static constexpr std::string_view kName = kCallName.view();
    Value value{};
    static constexpr auto fields() {
      return std::tuple{field("new", &Setter::value, kTypeName.chars)};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {weight_of(kWeight), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      if constexpr (std::is_integral_v<Value>) {
        if (static_cast<uint64_t>(value) > kMaxValue) {
          return with_post_info(unexpected(pallet_error<Pallet>(Error::kInvalidNewValue)));
        }
      }
      return with_post_info(schedule_config_update(
          [this](HostConfiguration& config) { detail::assign<kMember>(config, value); }));
    }
  };

  using H = HostConfiguration;
  using S = SchedulerParams;
  using set_validation_upgrade_cooldown =
      Setter<0, "set_validation_upgrade_cooldown", &H::validation_upgrade_cooldown,
             "BlockNumberFor<T>", SetterWeight::kBlockNumber>;
  using set_validation_upgrade_delay =
      Setter<1, "set_validation_upgrade_delay", &H::validation_upgrade_delay, "BlockNumberFor<T>",
             SetterWeight::kBlockNumber>;
  using set_code_retention_period =
      Setter<2, "set_code_retention_period", &H::code_retention_period, "BlockNumberFor<T>",
             SetterWeight::kBlockNumber>;
  using set_max_code_size =
      Setter<3, "set_max_code_size", &H::max_code_size, "u32", SetterWeight::kU32>;
  using set_max_pov_size =
      Setter<4, "set_max_pov_size", &H::max_pov_size, "u32", SetterWeight::kU32>;
  using set_max_head_data_size =
      Setter<5, "set_max_head_data_size", &H::max_head_data_size, "u32", SetterWeight::kU32>;
  using set_coretime_cores =
      Setter<6, "set_coretime_cores", &S::num_cores, "u32", SetterWeight::kU32>;
  using set_max_availability_timeouts =
      Setter<7, "set_max_availability_timeouts", &S::max_availability_timeouts, "u32",
             SetterWeight::kU32>;
  using set_group_rotation_frequency =
      Setter<8, "set_group_rotation_frequency", &S::group_rotation_frequency, "BlockNumberFor<T>",
             SetterWeight::kBlockNumber>;
  using set_paras_availability_period =
      Setter<9, "set_paras_availability_period", &S::paras_availability_period, "BlockNumberFor<T>",
             SetterWeight::kBlockNumber>;
  using set_scheduling_lookahead =
      Setter<11, "set_scheduling_lookahead", &S::lookahead, "u32", SetterWeight::kU32>;
  using set_max_validators_per_core =
      Setter<12, "set_max_validators_per_core", &S::max_validators_per_core, "Option<u32>",
             SetterWeight::kOptionU32>;
  using set_max_validators =
      Setter<13, "set_max_validators", &H::max_validators, "Option<u32>", SetterWeight::kOptionU32>;
  using set_dispute_period =
      Setter<14, "set_dispute_period", &H::dispute_period, "SessionIndex", SetterWeight::kU32>;
  using set_dispute_post_conclusion_acceptance_period =
      Setter<15, "set_dispute_post_conclusion_acceptance_period",
             &H::dispute_post_conclusion_acceptance_period, "BlockNumberFor<T>",
             SetterWeight::kBlockNumber>;
  using set_no_show_slots =
      Setter<18, "set_no_show_slots", &H::no_show_slots, "u32", SetterWeight::kU32>;
  using set_n_delay_tranches =
      Setter<19, "set_n_delay_tranches", &H::n_delay_tranches, "u32", SetterWeight::kU32>;
  using set_zeroth_delay_tranche_width =
      Setter<20, "set_zeroth_delay_tranche_width", &H::zeroth_delay_tranche_width, "u32",
             SetterWeight::kU32>;
  using set_needed_approvals =
      Setter<21, "set_needed_approvals", &H::needed_approvals, "u32", SetterWeight::kU32>;
  using set_relay_vrf_modulo_samples =
      Setter<22, "set_relay_vrf_modulo_samples", &H::relay_vrf_modulo_samples, "u32",
             SetterWeight::kU32>;
  using set_max_upward_queue_count = Setter<23, "set_max_upward_queue_count",
                                            &H::max_upward_queue_count, "u32", SetterWeight::kU32>;
  // The one setter FRAME bounds itself (ensure!(new <= MAX_UPWARD_MESSAGE_SIZE_BOUND)).
  using set_max_upward_queue_size =
      Setter<24, "set_max_upward_queue_size", &H::max_upward_queue_size, "u32", SetterWeight::kU32,
             kMaxUpwardMessageSizeBound>;
  using set_max_downward_message_size =
      Setter<25, "set_max_downward_message_size", &H::max_downward_message_size, "u32",
             SetterWeight::kU32>;
  using set_max_upward_message_size =
      Setter<27, "set_max_upward_message_size", &H::max_upward_message_size, "u32",
             SetterWeight::kU32>;
  using set_max_upward_message_num_per_candidate =
      Setter<28, "set_max_upward_message_num_per_candidate",
             &H::max_upward_message_num_per_candidate, "u32", SetterWeight::kU32>;

  // Deprecated: no effect, any origin, always "this doesn't have any effect".
  struct set_hrmp_open_request_ttl {
    static constexpr uint8_t kScaleIndex = 29;
    static constexpr std::string_view kName = "set_hrmp_open_request_ttl";
    uint32_t value = 0;
    static constexpr auto fields() {
      return std::tuple{field("new", &set_hrmp_open_request_ttl::value, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::set_hrmp_open_request_ttl(), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& /*origin*/) const {
      return with_post_info(unexpected(dispatch_error(DispatchError::Kind::kOther)));
    }
  };

  using set_hrmp_sender_deposit = Setter<30, "set_hrmp_sender_deposit", &H::hrmp_sender_deposit,
                                         "Balance", SetterWeight::kBalance>;
  using set_hrmp_recipient_deposit =
      Setter<31, "set_hrmp_recipient_deposit", &H::hrmp_recipient_deposit, "Balance",
             SetterWeight::kBalance>;
  using set_hrmp_channel_max_capacity =
      Setter<32, "set_hrmp_channel_max_capacity", &H::hrmp_channel_max_capacity, "u32",
             SetterWeight::kU32>;
  using set_hrmp_channel_max_total_size =
      Setter<33, "set_hrmp_channel_max_total_size", &H::hrmp_channel_max_total_size, "u32",
             SetterWeight::kU32>;
  using set_hrmp_max_parachain_inbound_channels =
      Setter<34, "set_hrmp_max_parachain_inbound_channels", &H::hrmp_max_parachain_inbound_channels,
             "u32", SetterWeight::kU32>;
  using set_hrmp_channel_max_message_size =
      Setter<36, "set_hrmp_channel_max_message_size", &H::hrmp_channel_max_message_size, "u32",
             SetterWeight::kU32>;
  using set_hrmp_max_parachain_outbound_channels =
      Setter<37, "set_hrmp_max_parachain_outbound_channels",
             &H::hrmp_max_parachain_outbound_channels, "u32", SetterWeight::kU32>;
  using set_hrmp_max_message_num_per_candidate =
      Setter<39, "set_hrmp_max_message_num_per_candidate", &H::hrmp_max_message_num_per_candidate,
             "u32", SetterWeight::kU32>;
  using set_pvf_voting_ttl =
      Setter<42, "set_pvf_voting_ttl", &H::pvf_voting_ttl, "SessionIndex", SetterWeight::kU32>;
  using set_minimum_validation_upgrade_delay =
      Setter<43, "set_minimum_validation_upgrade_delay", &H::minimum_validation_upgrade_delay,
             "BlockNumberFor<T>", SetterWeight::kBlockNumber>;

  struct set_bypass_consistency_check {
    static constexpr uint8_t kScaleIndex = 44;
    static constexpr std::string_view kName = "set_bypass_consistency_check";
    bool value = false;
    static constexpr auto fields() {
      return std::tuple{field("new", &set_bypass_consistency_check::value, "bool")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {T::kDbWeight.writes(1), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      BypassConsistencyCheck::put(value);
      return PostDispatchInfo{};
    }
  };

  // set_async_backing_params is priced as an Option<u32> setter ("the same size in bytes").
  using set_async_backing_params = Setter<45, "set_async_backing_params", &H::async_backing_params,
                                          "AsyncBackingParams", SetterWeight::kOptionU32>;
  using set_executor_params = Setter<46, "set_executor_params", &H::executor_params,
                                     "ExecutorParams", SetterWeight::kExecutorParams>;
  using set_on_demand_base_fee = Setter<47, "set_on_demand_base_fee", &S::on_demand_base_fee,
                                        "Balance", SetterWeight::kBalance>;
  using set_on_demand_fee_variability =
      Setter<48, "set_on_demand_fee_variability", &S::on_demand_fee_variability, "Perbill",
             SetterWeight::kPerbill>;
  using set_on_demand_queue_max_size =
      Setter<49, "set_on_demand_queue_max_size", &S::on_demand_queue_max_size, "u32",
             SetterWeight::kOptionU32>;
  using set_on_demand_target_queue_utilization =
      Setter<50, "set_on_demand_target_queue_utilization", &S::on_demand_target_queue_utilization,
             "Perbill", SetterWeight::kPerbill>;
  using set_on_demand_ttl =
      Setter<51, "set_on_demand_ttl", &S::ttl, "BlockNumberFor<T>", SetterWeight::kBlockNumber>;
  using set_minimum_backing_votes =
      Setter<52, "set_minimum_backing_votes", &H::minimum_backing_votes, "u32", SetterWeight::kU32>;

  // Sets or clears one node feature bit, growing the bit vector as needed.
  struct set_node_feature {
    static constexpr uint8_t kScaleIndex = 53;
    static constexpr std::string_view kName = "set_node_feature";
    uint8_t index = 0;
    bool value = false;
    static constexpr auto fields() {
      return std::tuple{field("index", &set_node_feature::index, "u8"),
                        field("value", &set_node_feature::value, "bool")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_node_feature(), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      return with_post_info(schedule_config_update([this](HostConfiguration& config) {
        NodeFeatures& features = config.node_features;
        while (features.size() <= index) features.push_back(false);
        features.set(index, value);
      }));
    }
  };

  using set_approval_voting_params =
      Setter<54, "set_approval_voting_params", &H::approval_voting_params, "ApprovalVotingParams",
             SetterWeight::kExecutorParams>;
  using set_scheduler_params =
      Setter<55, "set_scheduler_params", &H::scheduler_params, "SchedulerParams<BlockNumberFor<T>>",
             SetterWeight::kSchedulerParams>;

  using Call = std::variant<
      set_validation_upgrade_cooldown, set_validation_upgrade_delay, set_code_retention_period,
      set_max_code_size, set_max_pov_size, set_max_head_data_size, set_coretime_cores,
      set_max_availability_timeouts, set_group_rotation_frequency, set_paras_availability_period,
      set_scheduling_lookahead, set_max_validators_per_core, set_max_validators, set_dispute_period,
      set_dispute_post_conclusion_acceptance_period, set_no_show_slots, set_n_delay_tranches,
      set_zeroth_delay_tranche_width, set_needed_approvals, set_relay_vrf_modulo_samples,
      set_max_upward_queue_count, set_max_upward_queue_size, set_max_downward_message_size,
      set_max_upward_message_size, set_max_upward_message_num_per_candidate,
      set_hrmp_open_request_ttl, set_hrmp_sender_deposit, set_hrmp_recipient_deposit,
      set_hrmp_channel_max_capacity, set_hrmp_channel_max_total_size,
      set_hrmp_max_parachain_inbound_channels, set_hrmp_channel_max_message_size,
      set_hrmp_max_parachain_outbound_channels, set_hrmp_max_message_num_per_candidate,
      set_pvf_voting_ttl, set_minimum_validation_upgrade_delay, set_bypass_consistency_check,
      set_async_backing_params, set_executor_params, set_on_demand_base_fee,
      set_on_demand_fee_variability, set_on_demand_queue_max_size,
      set_on_demand_target_queue_utilization, set_on_demand_ttl, set_minimum_backing_votes,
      set_node_feature, set_approval_voting_params, set_scheduler_params>;

  // --- The Initializer's hooks (configuration.rs).
  static Weight initializer_initialize(BlockNumber /*now*/) { return Weight::zero(); }
  static void initializer_finalize() {}

  // Applies the newest pending configuration due at `session_index` (those scheduled for later
  // stay pending) and says what was active before and what is now.
  static SessionChangeOutcome initializer_on_new_session(SessionIndex session_index) {
    std::vector<std::pair<SessionIndex, HostConfiguration>> pending = PendingConfigs::get();
    SessionChangeOutcome outcome{ActiveConfig::get(), std::nullopt};
    if (pending.empty()) return outcome;
    std::vector<std::pair<SessionIndex, HostConfiguration>> future;
    size_t due = 0;
    for (auto& entry : pending) {
      if (entry.first <= session_index) {
        ++due;
        outcome.new_config = std::move(entry.second);
      } else {
        future.push_back(std::move(entry));
      }
    }
    if (due > 1) {
      // Changes are only scheduled into the future and this runs at every session change.
      io::log(io::LogLevel::kError, "runtime::configuration",
              "Skipping applying configuration changes scheduled sessions in the past");
    }
    if (outcome.new_config) ActiveConfig::put(*outcome.new_config);
    PendingConfigs::put(future);
    return outcome;
  }

  // configuration.rs force_set_active_config.
  static void force_set_active_config(const HostConfiguration& config) {
    ActiveConfig::put(config);
  }

  // --- Genesis: FRAME panics on an inconsistent configuration; here the build fails.
  using GenesisConfig = para_configuration::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& genesis) {
    if (auto checked = check_consistency(genesis.config); !checked) {
      return unexpected("configuration: host configuration is inconsistent: " +
                        std::string(to_string(checked.error())));
    }
    ActiveConfig::put(genesis.config);
    return {};
  }

  // --- Try-state: the pending list is ascending and holds at most two changes.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    const auto pending = PendingConfigs::get();
    if (pending.size() > 2) return unexpected(std::string("more than two pending configs"));
    for (size_t i = 1; i < pending.size(); ++i) {
      if (pending[i - 1].first >= pending[i].first) {
        return unexpected(std::string("pending configs are not ascending by session"));
      }
    }
    return {};
  }
};

}  // namespace canary::rt::pallets::para_configuration
