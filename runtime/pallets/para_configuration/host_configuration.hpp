// polkadot-runtime-parachains' HostConfiguration<BlockNumber> (configuration.rs) and the
// polkadot-primitives structs inside it (AsyncBackingParams, ExecutorParams, ApprovalVotingParams,
// NodeFeatures, SchedulerParams): SCALE byte for byte in FRAME's field order, because parachains
// decode the first ten fields (AbridgedHostConfiguration) from a storage proof of ActiveConfig's
// well-known key. The layout is Kusama's (storage version 12, ending with scheduler_params: the
// HostConfiguration of Kusama's metadata, spec 1009002, has 35 fields; the SDK's later versions
// append max_relay_parent_session_age and provides_window_size, which Kusama does not have).
// JSON names are serde's (snake_case), as in polkadot-sdk's genesis.
// Parachain primitives live outside the runtime (parachain/ may not be included from runtime/),
// so the ones the configuration needs are defined here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::pallets::para_configuration {

using Balance = u128;
using BlockNumberT = uint32_t;
using SessionIndex = uint32_t;
using arithmetic::Perbill;

// polkadot-primitives' limits (v9/mod.rs) and the runtime-parachains bounds check_consistency
// uses (inclusion::MAX_UPWARD_MESSAGE_SIZE_BOUND, hrmp::HRMP_MAX_*_CHANNELS_BOUND,
// parachain-primitives' MAX_HORIZONTAL/UPWARD_MESSAGE_NUM, sc-network's MAX_RESPONSE_SIZE).
inline constexpr uint32_t kMaxCodeSize = 3 * 1024 * 1024;
inline constexpr uint32_t kMaxHeadDataSize = 1 * 1024 * 1024;
inline constexpr uint32_t kMaxPovSize = 10 * 1024 * 1024;
inline constexpr uint32_t kMaxResponseSize = 16 * 1024 * 1024;
inline constexpr uint32_t kMaxUpwardMessageSizeBound = 128 * 1024;
inline constexpr uint32_t kMaxHorizontalMessageNum = 16 * 1024;
inline constexpr uint32_t kMaxUpwardMessageNum = 16 * 1024;
inline constexpr uint32_t kHrmpMaxOutboundChannelsBound = 128;
inline constexpr uint32_t kHrmpMaxInboundChannelsBound = 128;
inline constexpr uint32_t kLegacyMinBackingVotes = 2;
inline constexpr uint32_t kDefaultSchedulingLookahead = 3;
inline constexpr uint32_t kOnDemandDefaultQueueMaxSize = 10'000;
inline constexpr uint32_t kOnDemandMaxQueueMaxSize = 1'000'000'000;

// polkadot_primitives::AsyncBackingParams.
struct AsyncBackingParams {
  uint32_t max_candidate_depth = 0;
  uint32_t allowed_ancestry_len = 0;
  bool operator==(const AsyncBackingParams&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("max_candidate_depth", &AsyncBackingParams::max_candidate_depth, "u32"),
        field("allowed_ancestry_len", &AsyncBackingParams::allowed_ancestry_len, "u32")};
  }
  CANARY_DESCRIBED()
  static constexpr auto json_fields() {
    return std::tuple{
        json_field("max_candidate_depth", &AsyncBackingParams::max_candidate_depth),
        json_field("allowed_ancestry_len", &AsyncBackingParams::allowed_ancestry_len)};
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "async_backing", "AsyncBackingParams"});
    add_fields(b, fields());
  }
};

// polkadot_primitives::ApprovalVotingParams.
struct ApprovalVotingParams {
  uint32_t max_approval_coalesce_count = 1;
  bool operator==(const ApprovalVotingParams&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("max_approval_coalesce_count",
                            &ApprovalVotingParams::max_approval_coalesce_count, "u32")};
  }
  CANARY_DESCRIBED()
  static constexpr auto json_fields() {
    return std::tuple{json_field("max_approval_coalesce_count",
                                 &ApprovalVotingParams::max_approval_coalesce_count)};
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "ApprovalVotingParams"});
    add_fields(b, fields());
  }
};

// polkadot_primitives::SchedulerParams<BlockNumber>; its Default is the SDK's.
struct SchedulerParams {
  BlockNumberT group_rotation_frequency = 1;
  BlockNumberT paras_availability_period = 1;
  std::optional<uint32_t> max_validators_per_core;
  uint32_t lookahead = 1;
  uint32_t num_cores = 0;
  uint32_t max_availability_timeouts = 0;  // deprecated, kept for the layout
  uint32_t on_demand_queue_max_size = kOnDemandDefaultQueueMaxSize;
  Perbill on_demand_target_queue_utilization = Perbill::from_percent(25);
  Perbill on_demand_fee_variability = Perbill::from_percent(3);
  Balance on_demand_base_fee = 10'000'000;
  BlockNumberT ttl = 5;  // deprecated, kept for the layout
  bool operator==(const SchedulerParams&) const = default;
  static constexpr auto fields() {
    using S = SchedulerParams;
    return std::tuple{
        field("group_rotation_frequency", &S::group_rotation_frequency, "BlockNumber"),
        field("paras_availability_period", &S::paras_availability_period, "BlockNumber"),
        field("max_validators_per_core", &S::max_validators_per_core, "Option<u32>"),
        field("lookahead", &S::lookahead, "u32"),
        field("num_cores", &S::num_cores, "u32"),
        field("max_availability_timeouts", &S::max_availability_timeouts, "u32"),
        field("on_demand_queue_max_size", &S::on_demand_queue_max_size, "u32"),
        field("on_demand_target_queue_utilization", &S::on_demand_target_queue_utilization,
              "Perbill"),
        field("on_demand_fee_variability", &S::on_demand_fee_variability, "Perbill"),
        field("on_demand_base_fee", &S::on_demand_base_fee, "Balance"),
        field("ttl", &S::ttl, "BlockNumber")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "SchedulerParams"});
    b.param<BlockNumberT>("BlockNumber");
    add_fields(b, fields());
  }
};

// SchedulerParams' JSON: serde writes a Perbill as its parts (a JSON integer); the per-things
// have no JSON form of their own, so the fields pass through this mirror.
struct SchedulerParamsJson {
  BlockNumberT group_rotation_frequency = 0;
  BlockNumberT paras_availability_period = 0;
  std::optional<uint32_t> max_validators_per_core;
  uint32_t lookahead = 0;
  uint32_t num_cores = 0;
  uint32_t max_availability_timeouts = 0;
  uint32_t on_demand_queue_max_size = 0;
  uint32_t on_demand_target_queue_utilization = 0;
  uint32_t on_demand_fee_variability = 0;
  Balance on_demand_base_fee = 0;
  BlockNumberT ttl = 0;
  static constexpr auto json_fields() {
    using S = SchedulerParamsJson;
    return std::tuple{
        json_field("group_rotation_frequency", &S::group_rotation_frequency),
        json_field("paras_availability_period", &S::paras_availability_period),
        json_field("max_validators_per_core", &S::max_validators_per_core),
        json_field("lookahead", &S::lookahead),
        json_field("num_cores", &S::num_cores),
        json_field("max_availability_timeouts", &S::max_availability_timeouts),
        json_field("on_demand_queue_max_size", &S::on_demand_queue_max_size),
        json_field("on_demand_target_queue_utilization", &S::on_demand_target_queue_utilization),
        json_field("on_demand_fee_variability", &S::on_demand_fee_variability),
        json_field("on_demand_base_fee", &S::on_demand_base_fee),
        json_field("ttl", &S::ttl)};
  }
};
json::Value json_encode(const SchedulerParams& value);
Result<void, std::string> json_decode(const json::Value& value, SchedulerParams& out);

// polkadot_primitives::ExecutorParam (v9/executor_params.rs): one PVF execution parameter.
enum class PvfPrepKind : uint8_t { kPrecheck = 0, kPrepare = 1 };
enum class PvfExecKind : uint8_t { kBacking = 0, kApproval = 1 };
inline bool scale_is_valid(PvfPrepKind k) {
  return static_cast<uint8_t>(k) <= 1;
}
inline bool scale_is_valid(PvfExecKind k) {
  return static_cast<uint8_t>(k) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const PvfPrepKind*) {
  b.path({"polkadot_primitives", "v8", "PvfPrepKind"});
  b.variant(0, "Precheck");
  b.variant(1, "Prepare");
}
inline void canary_type_info(meta::TypeBuilder& b, const PvfExecKind*) {
  b.path({"polkadot_primitives", "v8", "PvfExecKind"});
  b.variant(0, "Backing");
  b.variant(1, "Approval");
}

struct ExecutorParam {
  struct MaxMemoryPages {
    static constexpr uint8_t kScaleIndex = 1;
    uint32_t pages;
    bool operator==(const MaxMemoryPages&) const = default;
    CANARY_SCALE_FIELDS(pages)
  };
  struct StackLogicalMax {
    static constexpr uint8_t kScaleIndex = 2;
    uint32_t max;
    bool operator==(const StackLogicalMax&) const = default;
    CANARY_SCALE_FIELDS(max)
  };
  struct StackNativeMax {
    static constexpr uint8_t kScaleIndex = 3;
    uint32_t max;
    bool operator==(const StackNativeMax&) const = default;
    CANARY_SCALE_FIELDS(max)
  };
  struct PrecheckingMaxMemory {
    static constexpr uint8_t kScaleIndex = 4;
    uint64_t bytes;
    bool operator==(const PrecheckingMaxMemory&) const = default;
    CANARY_SCALE_FIELDS(bytes)
  };
  struct PvfPrepTimeout {
    static constexpr uint8_t kScaleIndex = 5;
    PvfPrepKind kind;
    uint64_t ms;
    bool operator==(const PvfPrepTimeout&) const = default;
    CANARY_SCALE_FIELDS(kind, ms)
  };
  struct PvfExecTimeout {
    static constexpr uint8_t kScaleIndex = 6;
    PvfExecKind kind;
    uint64_t ms;
    bool operator==(const PvfExecTimeout&) const = default;
    CANARY_SCALE_FIELDS(kind, ms)
  };
  struct WasmExtBulkMemory {
    static constexpr uint8_t kScaleIndex = 7;
    bool operator==(const WasmExtBulkMemory&) const = default;
    CANARY_SCALE_FIELDS()
  };
  std::variant<MaxMemoryPages, StackLogicalMax, StackNativeMax, PrecheckingMaxMemory,
               PvfPrepTimeout, PvfExecTimeout, WasmExtBulkMemory>
      value;
  bool operator==(const ExecutorParam&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "executor_params", "ExecutorParam"});
    meta::Registry& r = b.registry();
    b.variant(1, "MaxMemoryPages", {meta::field_of<uint32_t>(r, {}, "u32")});
    b.variant(2, "StackLogicalMax", {meta::field_of<uint32_t>(r, {}, "u32")});
    b.variant(3, "StackNativeMax", {meta::field_of<uint32_t>(r, {}, "u32")});
    b.variant(4, "PrecheckingMaxMemory", {meta::field_of<uint64_t>(r, {}, "u64")});
    b.variant(5, "PvfPrepTimeout",
              {meta::field_of<PvfPrepKind>(r, {}, "PvfPrepKind"),
               meta::field_of<uint64_t>(r, {}, "u64")});
    b.variant(6, "PvfExecTimeout",
              {meta::field_of<PvfExecKind>(r, {}, "PvfExecKind"),
               meta::field_of<uint64_t>(r, {}, "u64")});
    b.variant(7, "WasmExtBulkMemory");
  }
};

// polkadot_primitives::ExecutorParams(Vec<ExecutorParam>).
struct ExecutorParams {
  std::vector<ExecutorParam> params;
  bool operator==(const ExecutorParams&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, params);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, params); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "executor_params", "ExecutorParams"});
    b.typed_field<std::vector<ExecutorParam>>({}, "Vec<ExecutorParam>");
  }
};
// serde writes ExecutorParams as the array of its parameters; only the empty set (every
// preset's) is read from JSON for now.
inline json::Value json_encode(const ExecutorParams& /*value*/) {
  return json::Value::of(json::Array{});
}
inline Result<void, std::string> json_decode(const json::Value& value, ExecutorParams& out) {
  const json::Array* array = value.array();
  if (array == nullptr || !array->empty()) {
    return unexpected(std::string("only an empty executor_params array is supported"));
  }
  out = {};
  return {};
}

// polkadot_primitives::NodeFeatures: BitVec<u8, Lsb0>. A member of this namespace so that its JSON
// form is found by argument-dependent lookup; SCALE and metadata are scale::BitVec's.
struct NodeFeatures : scale::BitVec {
  using scale::BitVec::BitVec;
  NodeFeatures() = default;
  explicit NodeFeatures(scale::BitVec bits) : scale::BitVec(std::move(bits)) {}
  bool operator==(const NodeFeatures&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, static_cast<const scale::BitVec&>(*this));
  }
  void scale_decode(scale::Decoder& in) {
    scale::decode_from(in, static_cast<scale::BitVec&>(*this));
  }
  static void type_info(meta::TypeBuilder& b) { meta::TypeInfo<scale::BitVec>::describe(b); }
};
// bitvec's serde form: {"order": "bitvec::order::Lsb0", "head": {"width": 8, "index": 0},
// "bits": n, "data": [bytes]}; only "bits" and "data" are read.
json::Value json_encode(const NodeFeatures& value);
Result<void, std::string> json_decode(const json::Value& value, NodeFeatures& out);

// polkadot-runtime-parachains' HostConfiguration<BlockNumber>; defaults are FRAME's Default.
struct HostConfiguration {
  // AbridgedHostConfiguration: parachains depend on these ten, in this order.
  uint32_t max_code_size = kMaxCodeSize;
  uint32_t max_head_data_size = 0;
  uint32_t max_upward_queue_count = 0;
  uint32_t max_upward_queue_size = 0;
  uint32_t max_upward_message_size = 0;
  uint32_t max_upward_message_num_per_candidate = 0;
  uint32_t hrmp_max_message_num_per_candidate = 0;
  BlockNumberT validation_upgrade_cooldown = 0;
  BlockNumberT validation_upgrade_delay = 2;
  AsyncBackingParams async_backing_params;
  // The rest.
  uint32_t max_pov_size = 0;
  uint32_t max_downward_message_size = 0;
  uint32_t hrmp_max_parachain_outbound_channels = 0;
  Balance hrmp_sender_deposit = 0;
  Balance hrmp_recipient_deposit = 0;
  uint32_t hrmp_channel_max_capacity = 0;
  uint32_t hrmp_channel_max_total_size = 0;
  uint32_t hrmp_max_parachain_inbound_channels = 0;
  uint32_t hrmp_channel_max_message_size = 0;
  ExecutorParams executor_params;
  BlockNumberT code_retention_period = 0;
  std::optional<uint32_t> max_validators;
  SessionIndex dispute_period = 6;
  BlockNumberT dispute_post_conclusion_acceptance_period = 100;
  uint32_t no_show_slots = 1;
  uint32_t n_delay_tranches = 1;
  uint32_t zeroth_delay_tranche_width = 0;
  uint32_t needed_approvals = 0;
  uint32_t relay_vrf_modulo_samples = 0;
  SessionIndex pvf_voting_ttl = 2;
  BlockNumberT minimum_validation_upgrade_delay = 2;
  uint32_t minimum_backing_votes = kLegacyMinBackingVotes;
  NodeFeatures node_features;
  ApprovalVotingParams approval_voting_params;
  SchedulerParams scheduler_params;

  bool operator==(const HostConfiguration&) const = default;

  static constexpr auto fields() {
    using H = HostConfiguration;
    return std::tuple{
        field("max_code_size", &H::max_code_size, "u32"),
        field("max_head_data_size", &H::max_head_data_size, "u32"),
        field("max_upward_queue_count", &H::max_upward_queue_count, "u32"),
        field("max_upward_queue_size", &H::max_upward_queue_size, "u32"),
        field("max_upward_message_size", &H::max_upward_message_size, "u32"),
        field("max_upward_message_num_per_candidate", &H::max_upward_message_num_per_candidate,
              "u32"),
        field("hrmp_max_message_num_per_candidate", &H::hrmp_max_message_num_per_candidate, "u32"),
        field("validation_upgrade_cooldown", &H::validation_upgrade_cooldown, "BlockNumber"),
        field("validation_upgrade_delay", &H::validation_upgrade_delay, "BlockNumber"),
        field("async_backing_params", &H::async_backing_params, "AsyncBackingParams"),
        field("max_pov_size", &H::max_pov_size, "u32"),
        field("max_downward_message_size", &H::max_downward_message_size, "u32"),
        field("hrmp_max_parachain_outbound_channels", &H::hrmp_max_parachain_outbound_channels,
              "u32"),
        field("hrmp_sender_deposit", &H::hrmp_sender_deposit, "Balance"),
        field("hrmp_recipient_deposit", &H::hrmp_recipient_deposit, "Balance"),
        field("hrmp_channel_max_capacity", &H::hrmp_channel_max_capacity, "u32"),
        field("hrmp_channel_max_total_size", &H::hrmp_channel_max_total_size, "u32"),
        field("hrmp_max_parachain_inbound_channels", &H::hrmp_max_parachain_inbound_channels,
              "u32"),
        field("hrmp_channel_max_message_size", &H::hrmp_channel_max_message_size, "u32"),
        field("executor_params", &H::executor_params, "ExecutorParams"),
        field("code_retention_period", &H::code_retention_period, "BlockNumber"),
        field("max_validators", &H::max_validators, "Option<u32>"),
        field("dispute_period", &H::dispute_period, "SessionIndex"),
        field("dispute_post_conclusion_acceptance_period",
              &H::dispute_post_conclusion_acceptance_period, "BlockNumber"),
        field("no_show_slots", &H::no_show_slots, "u32"),
        field("n_delay_tranches", &H::n_delay_tranches, "u32"),
        field("zeroth_delay_tranche_width", &H::zeroth_delay_tranche_width, "u32"),
        field("needed_approvals", &H::needed_approvals, "u32"),
        field("relay_vrf_modulo_samples", &H::relay_vrf_modulo_samples, "u32"),
        field("pvf_voting_ttl", &H::pvf_voting_ttl, "SessionIndex"),
        field("minimum_validation_upgrade_delay", &H::minimum_validation_upgrade_delay,
              "BlockNumber"),
        field("minimum_backing_votes", &H::minimum_backing_votes, "u32"),
        field("node_features", &H::node_features, "NodeFeatures"),
        field("approval_voting_params", &H::approval_voting_params, "ApprovalVotingParams"),
        field("scheduler_params", &H::scheduler_params, "SchedulerParams<BlockNumber>")};
  }
  CANARY_DESCRIBED()

  static constexpr auto json_fields() {
    using H = HostConfiguration;
    return std::tuple{
        json_field("max_code_size", &H::max_code_size),
        json_field("max_head_data_size", &H::max_head_data_size),
        json_field("max_upward_queue_count", &H::max_upward_queue_count),
        json_field("max_upward_queue_size", &H::max_upward_queue_size),
        json_field("max_upward_message_size", &H::max_upward_message_size),
        json_field("max_upward_message_num_per_candidate",
                   &H::max_upward_message_num_per_candidate),
        json_field("hrmp_max_message_num_per_candidate", &H::hrmp_max_message_num_per_candidate),
        json_field("validation_upgrade_cooldown", &H::validation_upgrade_cooldown),
        json_field("validation_upgrade_delay", &H::validation_upgrade_delay),
        json_field("async_backing_params", &H::async_backing_params),
        json_field("max_pov_size", &H::max_pov_size),
        json_field("max_downward_message_size", &H::max_downward_message_size),
        json_field("hrmp_max_parachain_outbound_channels",
                   &H::hrmp_max_parachain_outbound_channels),
        json_field("hrmp_sender_deposit", &H::hrmp_sender_deposit),
        json_field("hrmp_recipient_deposit", &H::hrmp_recipient_deposit),
        json_field("hrmp_channel_max_capacity", &H::hrmp_channel_max_capacity),
        json_field("hrmp_channel_max_total_size", &H::hrmp_channel_max_total_size),
        json_field("hrmp_max_parachain_inbound_channels", &H::hrmp_max_parachain_inbound_channels),
        json_field("hrmp_channel_max_message_size", &H::hrmp_channel_max_message_size),
        json_field("executor_params", &H::executor_params),
        json_field("code_retention_period", &H::code_retention_period),
        json_field("max_validators", &H::max_validators),
        json_field("dispute_period", &H::dispute_period),
        json_field("dispute_post_conclusion_acceptance_period",
                   &H::dispute_post_conclusion_acceptance_period),
        json_field("no_show_slots", &H::no_show_slots),
        json_field("n_delay_tranches", &H::n_delay_tranches),
        json_field("zeroth_delay_tranche_width", &H::zeroth_delay_tranche_width),
        json_field("needed_approvals", &H::needed_approvals),
        json_field("relay_vrf_modulo_samples", &H::relay_vrf_modulo_samples),
        json_field("pvf_voting_ttl", &H::pvf_voting_ttl),
        json_field("minimum_validation_upgrade_delay", &H::minimum_validation_upgrade_delay),
        json_field("minimum_backing_votes", &H::minimum_backing_votes),
        json_field("node_features", &H::node_features),
        json_field("approval_voting_params", &H::approval_voting_params),
        json_field("scheduler_params", &H::scheduler_params)};
  }

  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "configuration", "HostConfiguration"});
    b.param<BlockNumberT>("BlockNumber");
    add_fields(b, fields());
  }
};

// configuration.rs' InconsistentError: why check_consistency refuses a configuration.
enum class InconsistentError : uint8_t {
  kZeroGroupRotationFrequency,
  kZeroParasAvailabilityPeriod,
  kZeroNoShowSlots,
  kMaxCodeSizeExceedHardLimit,
  kMaxHeadDataSizeExceedHardLimit,
  kMaxPovSizeExceedHardLimit,
  kMinimumValidationUpgradeDelayLessThanChainAvailabilityPeriod,
  kValidationUpgradeDelayIsTooLow,
  kMaxUpwardMessageSizeExceeded,
  kMaxHorizontalMessageNumExceeded,
  kMaxUpwardMessageNumExceeded,
  kMaxHrmpOutboundChannelsExceeded,
  kMaxHrmpInboundChannelsExceeded,
  kZeroMinimumBackingVotes,
  kInconsistentExecutorParams,
  kLookaheadExceedsTTL,
  kLookaheadZero,
  kOnDemandQueueSizeTooLarge,
  kZeroDelayTranches,
};

std::string_view to_string(InconsistentError e);

// HostConfiguration::check_consistency, the rules in FRAME's order (the first broken one is
// reported). ExecutorParams' own check is executor_params_consistent.
Result<void, InconsistentError> check_consistency(const HostConfiguration& config);

// ExecutorParams::check_consistency (v9/executor_params.rs): each kind at most once, values in
// their documented ranges.
bool executor_params_consistent(const ExecutorParams& params);

}  // namespace canary::rt::pallets::para_configuration
