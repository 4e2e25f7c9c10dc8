// HostConfiguration's checks and NodeFeatures' JSON (host_configuration.hpp).
#include "runtime/pallets/para_configuration/host_configuration.hpp"

#include <array>

namespace canary::rt::pallets::para_configuration {

std::string_view to_string(InconsistentError e) {
  using E = InconsistentError;
  switch (e) {
    case E::kZeroGroupRotationFrequency:
      return "ZeroGroupRotationFrequency";
    case E::kZeroParasAvailabilityPeriod:
      return "ZeroParasAvailabilityPeriod";
    case E::kZeroNoShowSlots:
      return "ZeroNoShowSlots";
    case E::kMaxCodeSizeExceedHardLimit:
      return "MaxCodeSizeExceedHardLimit";
    case E::kMaxHeadDataSizeExceedHardLimit:
      return "MaxHeadDataSizeExceedHardLimit";
    case E::kMaxPovSizeExceedHardLimit:
      return "MaxPovSizeExceedHardLimit";
    case E::kMinimumValidationUpgradeDelayLessThanChainAvailabilityPeriod:
      return "MinimumValidationUpgradeDelayLessThanChainAvailabilityPeriod";
    case E::kValidationUpgradeDelayIsTooLow:
      return "ValidationUpgradeDelayIsTooLow";
    case E::kMaxUpwardMessageSizeExceeded:
      return "MaxUpwardMessageSizeExceeded";
    case E::kMaxHorizontalMessageNumExceeded:
      return "MaxHorizontalMessageNumExceeded";
    case E::kMaxUpwardMessageNumExceeded:
      return "MaxUpwardMessageNumExceeded";
    case E::kMaxHrmpOutboundChannelsExceeded:
      return "MaxHrmpOutboundChannelsExceeded";
    case E::kMaxHrmpInboundChannelsExceeded:
      return "MaxHrmpInboundChannelsExceeded";
    case E::kZeroMinimumBackingVotes:
      return "ZeroMinimumBackingVotes";
    case E::kInconsistentExecutorParams:
      return "InconsistentExecutorParams";
    case E::kLookaheadExceedsTTL:
      return "LookaheadExceedsTTL";
    case E::kLookaheadZero:
      return "LookaheadZero";
    case E::kOnDemandQueueSizeTooLarge:
      return "OnDemandQueueSizeTooLarge";
    case E::kZeroDelayTranches:
      return "ZeroDelayTranches";
  }
  return "Unknown";
}

bool executor_params_consistent(const ExecutorParams& params) {
  // Each kind at most once (ExecutorParamError::DuplicatedParam); the ranges are those the SDK's
  // ExecutorParams::check_consistency names (MAX_MEMORY_PAGES 65536, logical stack
  // [1024, 2 * 65536], prechecking memory [256 MiB, 16 GiB]).
  std::array<bool, 8> seen{};
  for (const ExecutorParam& p : params.params) {
    const size_t index = p.value.index() + 1;
    if (seen[index]) return false;
    seen[index] = true;
    if (const auto* pages = std::get_if<ExecutorParam::MaxMemoryPages>(&p.value)) {
      if (pages->pages > 65'536) return false;
    } else if (const auto* logical = std::get_if<ExecutorParam::StackLogicalMax>(&p.value)) {
      if (logical->max < 1024 || logical->max > 2 * 65'536) return false;
    } else if (const auto* memory = std::get_if<ExecutorParam::PrecheckingMaxMemory>(&p.value)) {
      if (memory->bytes < (uint64_t{256} << 20) || memory->bytes > (uint64_t{16} << 30)) {
        return false;
      }
    }
  }
  return true;
}

Result<void, InconsistentError> check_consistency(const HostConfiguration& c) {
  using E = InconsistentError;
  const SchedulerParams& s = c.scheduler_params;
  if (s.group_rotation_frequency == 0) return unexpected(E::kZeroGroupRotationFrequency);
  if (s.paras_availability_period == 0) return unexpected(E::kZeroParasAvailabilityPeriod);
  if (c.no_show_slots == 0) return unexpected(E::kZeroNoShowSlots);
  if (c.max_code_size > kMaxCodeSize) return unexpected(E::kMaxCodeSizeExceedHardLimit);
  if (c.max_head_data_size > kMaxHeadDataSize) {
    return unexpected(E::kMaxHeadDataSizeExceedHardLimit);
  }
  if (c.max_pov_size > kMaxResponseSize) return unexpected(E::kMaxPovSizeExceedHardLimit);
  if (c.minimum_validation_upgrade_delay <= s.paras_availability_period) {
    return unexpected(E::kMinimumValidationUpgradeDelayLessThanChainAvailabilityPeriod);
  }
  if (c.validation_upgrade_delay <= 1) return unexpected(E::kValidationUpgradeDelayIsTooLow);
  if (c.max_upward_message_size > kMaxUpwardMessageSizeBound) {
    return unexpected(E::kMaxUpwardMessageSizeExceeded);
  }
  if (c.hrmp_max_message_num_per_candidate > kMaxHorizontalMessageNum) {
    return unexpected(E::kMaxHorizontalMessageNumExceeded);
  }
  if (c.max_upward_message_num_per_candidate > kMaxUpwardMessageNum) {
    return unexpected(E::kMaxUpwardMessageNumExceeded);
  }
  if (c.hrmp_max_parachain_outbound_channels > kHrmpMaxOutboundChannelsBound) {
    return unexpected(E::kMaxHrmpOutboundChannelsExceeded);
  }
  if (c.hrmp_max_parachain_inbound_channels > kHrmpMaxInboundChannelsBound) {
    return unexpected(E::kMaxHrmpInboundChannelsExceeded);
  }
  if (c.minimum_backing_votes == 0) return unexpected(E::kZeroMinimumBackingVotes);
  if (!executor_params_consistent(c.executor_params)) {
    return unexpected(E::kInconsistentExecutorParams);
  }
  if (s.ttl < s.lookahead) return unexpected(E::kLookaheadExceedsTTL);
  if (s.lookahead == 0) return unexpected(E::kLookaheadZero);
  if (s.on_demand_queue_max_size > kOnDemandMaxQueueMaxSize) {
    return unexpected(E::kOnDemandQueueSizeTooLarge);
  }
  if (c.n_delay_tranches == 0) return unexpected(E::kZeroDelayTranches);
  return {};
}

namespace {

SchedulerParamsJson mirror_of(const SchedulerParams& s) {
  return {s.group_rotation_frequency,
          s.paras_availability_period,
          s.max_validators_per_core,
          s.lookahead,
          s.num_cores,
          s.max_availability_timeouts,
          s.on_demand_queue_max_size,
          s.on_demand_target_queue_utilization.deconstruct(),
          s.on_demand_fee_variability.deconstruct(),
          s.on_demand_base_fee,
          s.ttl};
}

}  // namespace

json::Value json_encode(const SchedulerParams& value) {
  return rt::json_encode(mirror_of(value));
}

Result<void, std::string> json_decode(const json::Value& value, SchedulerParams& out) {
  // Missing fields keep SchedulerParams' defaults, as serde's #[serde(default)] struct does.
  SchedulerParamsJson mirror = mirror_of(out);
  CANARY_TRY(rt::json_decode(value, mirror));
  if (mirror.on_demand_target_queue_utilization > Perbill::kAccuracy ||
      mirror.on_demand_fee_variability > Perbill::kAccuracy) {
    return unexpected(std::string("a Perbill's parts are at most 1000000000"));
  }
  out = {mirror.group_rotation_frequency,
         mirror.paras_availability_period,
         mirror.max_validators_per_core,
         mirror.lookahead,
         mirror.num_cores,
         mirror.max_availability_timeouts,
         mirror.on_demand_queue_max_size,
         Perbill::from_parts(mirror.on_demand_target_queue_utilization),
         Perbill::from_parts(mirror.on_demand_fee_variability),
         mirror.on_demand_base_fee,
         mirror.ttl};
  return {};
}

json::Value json_encode(const NodeFeatures& value) {
  json::Array data;
  for (uint8_t byte : value.bytes()) data.push_back(json::Value::of(u128{byte}));
  json::Object head;
  head.emplace("width", json::Value::of(u128{8}));
  head.emplace("index", json::Value::of(u128{0}));
  json::Object object;
  object.emplace("order", json::Value::of(std::string("bitvec::order::Lsb0")));
  object.emplace("head", json::Value::of(std::move(head)));
  object.emplace("bits", json::Value::of(u128{value.size()}));
  object.emplace("data", json::Value::of(std::move(data)));
  return json::Value::of(std::move(object));
}

Result<void, std::string> json_decode(const json::Value& value, NodeFeatures& out) {
  const json::Value* bits = value.find("bits");
  const json::Value* data = value.find("data");
  const auto n = bits != nullptr ? bits->unsigned_integer() : std::nullopt;
  const json::Array* bytes = data != nullptr ? data->array() : nullptr;
  if (!n || bytes == nullptr || *n > bytes->size() * 8) {
    return unexpected(std::string("expected a bit vector {\"bits\": n, \"data\": [bytes]}"));
  }
  Bytes packed;
  for (const json::Value& b : *bytes) {
    const auto byte = b.unsigned_integer();
    if (!byte || *byte > 255) return unexpected(std::string("a bit vector's byte is not a u8"));
    packed.push_back(static_cast<uint8_t>(*byte));
  }
  out = NodeFeatures(scale::BitVec::from_bytes(std::move(packed), static_cast<size_t>(*n)));
  return {};
}

}  // namespace canary::rt::pallets::para_configuration
