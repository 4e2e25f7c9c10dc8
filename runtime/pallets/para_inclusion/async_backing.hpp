// What the ParachainHost runtime API's para_backing_state tells a collator and the node's
// prospective-parachains subsystem about a para: the Constraints a new candidate must meet
// (relay parents, sizes, message queues, the head it builds on, the code it runs) and the para's
// candidates pending availability. SCALE byte for byte as polkadot-sdk stable2506
// (polkadot/primitives/src/v8/async_backing.rs, vstaging/async_backing.rs); metadata paths as
// Kusama's metadata (spec 1_009_002): Constraints and the HRMP limitations in
// `polkadot_primitives::v8::async_backing`, BackingState and CandidatePendingAvailability in
// `polkadot_primitives::vstaging::async_backing`. Not stored: built per call.
//
// This CandidatePendingAvailability is the API's view of a pending candidate, not the one
// ParaInclusion stores (types.hpp), hence the namespace.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::para_inclusion::async_backing {

using para_primitives::CandidateCommitments;
using para_primitives::CandidateDescriptorV2;
using para_primitives::CandidateHash;
using para_primitives::HeadData;
using para_primitives::ParaId;
using para_primitives::UpgradeRestriction;
using para_primitives::ValidationCodeHash;

// v8::async_backing::InboundHrmpLimitations<u32>: the watermarks a new candidate may set, sorted.
struct InboundHrmpLimitations {
  std::vector<uint32_t> valid_watermarks;
  bool operator==(const InboundHrmpLimitations&) const = default;
  CANARY_SCALE_FIELDS(valid_watermarks)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "async_backing", "InboundHrmpLimitations"});
    b.param<uint32_t>("N");
    b.field("valid_watermarks", &InboundHrmpLimitations::valid_watermarks, "Vec<N>");
  }
};

// v8::async_backing::OutboundHrmpChannelLimitations: room left in one outbound channel (bytes
// first, as the SDK declares them).
struct OutboundHrmpChannelLimitations {
  uint32_t bytes_remaining = 0;
  uint32_t messages_remaining = 0;
  bool operator==(const OutboundHrmpChannelLimitations&) const = default;
  CANARY_SCALE_FIELDS(bytes_remaining, messages_remaining)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "async_backing", "OutboundHrmpChannelLimitations"});
    b.field("bytes_remaining", &OutboundHrmpChannelLimitations::bytes_remaining, "u32");
    b.field("messages_remaining", &OutboundHrmpChannelLimitations::messages_remaining, "u32");
  }
};

// v8::async_backing::Constraints<u32>: what a new candidate of the para may do.
struct Constraints {
  // The oldest relay parent a candidate may be built on.
  uint32_t min_relay_parent_number = 0;
  uint32_t max_pov_size = 0;
  uint32_t max_code_size = 0;
  // Room left in the para's upward queue, in messages and bytes.
  uint32_t ump_remaining = 0;
  uint32_t ump_remaining_bytes = 0;
  uint32_t max_ump_num_per_candidate = 0;
  // The sent_at of each downward message waiting for the para.
  std::vector<uint32_t> dmp_remaining_messages;
  InboundHrmpLimitations hrmp_inbound;
  std::vector<std::pair<ParaId, OutboundHrmpChannelLimitations>> hrmp_channels_out;
  uint32_t max_hrmp_num_per_candidate = 0;
  // The head the next candidate builds on (the para's included head).
  HeadData required_parent;
  ValidationCodeHash validation_code_hash;
  std::optional<UpgradeRestriction> upgrade_restriction;
  // A scheduled code upgrade: the block it applies from and the new code's hash.
  std::optional<std::pair<uint32_t, ValidationCodeHash>> future_validation_code;
  bool operator==(const Constraints&) const = default;
  CANARY_SCALE_FIELDS(min_relay_parent_number, max_pov_size, max_code_size, ump_remaining,
                      ump_remaining_bytes, max_ump_num_per_candidate, dmp_remaining_messages,
                      hrmp_inbound, hrmp_channels_out, max_hrmp_num_per_candidate, required_parent,
                      validation_code_hash, upgrade_restriction, future_validation_code)
  static void type_info(meta::TypeBuilder& b) {
    using C = Constraints;
    b.path({"polkadot_primitives", "v8", "async_backing", "Constraints"});
    b.param<uint32_t>("N");
    b.field("min_relay_parent_number", &C::min_relay_parent_number, "N");
    b.field("max_pov_size", &C::max_pov_size, "u32");
    b.field("max_code_size", &C::max_code_size, "u32");
    b.field("ump_remaining", &C::ump_remaining, "u32");
    b.field("ump_remaining_bytes", &C::ump_remaining_bytes, "u32");
    b.field("max_ump_num_per_candidate", &C::max_ump_num_per_candidate, "u32");
    b.field("dmp_remaining_messages", &C::dmp_remaining_messages, "Vec<N>");
    b.field("hrmp_inbound", &C::hrmp_inbound, "InboundHrmpLimitations<N>");
    b.field("hrmp_channels_out", &C::hrmp_channels_out,
            "Vec<(Id, OutboundHrmpChannelLimitations)>");
    b.field("max_hrmp_num_per_candidate", &C::max_hrmp_num_per_candidate, "u32");
    b.field("required_parent", &C::required_parent, "HeadData");
    b.field("validation_code_hash", &C::validation_code_hash, "ValidationCodeHash");
    b.field("upgrade_restriction", &C::upgrade_restriction, "Option<UpgradeRestriction>");
    b.field("future_validation_code", &C::future_validation_code,
            "Option<(N, ValidationCodeHash)>");
  }
};

// vstaging::async_backing::CandidatePendingAvailability<H256, u32>.
struct CandidatePendingAvailability {
  CandidateHash candidate_hash;
  CandidateDescriptorV2 descriptor;
  CandidateCommitments commitments;
  uint32_t relay_parent_number = 0;
  // The limit the candidate was backed under (the session's, which does not change within it).
  uint32_t max_pov_size = 0;
  bool operator==(const CandidatePendingAvailability&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash, descriptor, commitments, relay_parent_number, max_pov_size)
  static void type_info(meta::TypeBuilder& b) {
    using P = CandidatePendingAvailability;
    b.path({"polkadot_primitives", "vstaging", "async_backing", "CandidatePendingAvailability"});
    b.param<H256>("H");
    b.param<uint32_t>("N");
    b.field("candidate_hash", &P::candidate_hash, "CandidateHash");
    b.field("descriptor", &P::descriptor, "CandidateDescriptorV2<H>");
    b.field("commitments", &P::commitments, "CandidateCommitments");
    b.field("relay_parent_number", &P::relay_parent_number, "N");
    b.field("max_pov_size", &P::max_pov_size, "u32");
  }
};

// vstaging::async_backing::BackingState<H256, u32>.
struct BackingState {
  Constraints constraints;
  // The para's chain of candidates pending availability, oldest first.
  std::vector<CandidatePendingAvailability> pending_availability;
  bool operator==(const BackingState&) const = default;
  CANARY_SCALE_FIELDS(constraints, pending_availability)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "async_backing", "BackingState"});
    b.param<H256>("H");
    b.param<uint32_t>("N");
    b.field("constraints", &BackingState::constraints, "crate::async_backing::Constraints<N>");
    b.field("pending_availability", &BackingState::pending_availability,
            "Vec<CandidatePendingAvailability<H, N>>");
  }
};

}  // namespace canary::rt::pallets::para_inclusion::async_backing
