// What the ParachainHost runtime API answers, as the node reads it (polkadot-sdk
// `polkadot/primitives/src/v9/mod.rs`, `v9/async_backing.rs`, `vstaging/`; parachain-facts §1.12,
// §2.4): validator keys and groups with their rotation, the availability cores, the session's
// information, candidate events, the async backing parameters and constraints, node features,
// approval voting parameters, on-chain disputes. SCALE byte for byte as polkadot-sdk (as Kusama's
// metadata, spec 1_009_002, describes each answer), checked against polkadot.js and against the
// Canary runtime's own encodings (runtime/pallets/para_inclusion/api_types.hpp, async_backing.hpp,
// session_info/types.hpp): the runtime is a separate program, so the node has its own copy.
//
// The candidate types (descriptor, receipts, validation data, claim queue) are
// parachain/primitives/candidate.hpp's, the executor parameters executor_params.hpp's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

using ValidatorIndex = uint32_t;
using GroupIndex = uint32_t;
using CandidateHash = Hash256;

// The sr25519 public keys of the parachain key types (`para`, `asgn`, `audi`, `coll`): 32 raw
// bytes on the wire, the type of crypto::sr25519::PublicKey and protocol::ValidatorId.
using ValidatorId = ByteArray<32>;
using AssignmentId = ByteArray<32>;
using AuthorityDiscoveryId = ByteArray<32>;
using CollatorId = ByteArray<32>;

// GroupRotationInfo<BlockNumber>: the groups move one core forward every group_rotation_frequency
// blocks since the session started. validator_groups answers it for the child of the block asked
// (`now` is that child's number).
struct GroupRotationInfo {
  uint32_t session_start_block = 0;
  uint32_t group_rotation_frequency = 0;
  uint32_t now = 0;
  bool operator==(const GroupRotationInfo&) const = default;
  CANARY_SCALE_FIELDS(session_start_block, group_rotation_frequency, now)

  // The group that backs `core` among `cores` (capped at u32::MAX): (core + rotations) mod cores;
  // the core's own index when the frequency is 0, group 0 when there are no cores.
  GroupIndex group_for_core(CoreIndex core, size_t cores) const;
  // The inverse: (group + cores − rotations mod cores) mod cores, with the same special cases.
  CoreIndex core_for_group(GroupIndex group, size_t cores) const;
  // The first block of the next rotation after `now` (now 10, frequency 5: 15), and of the
  // current one (10), in u32 arithmetic as polkadot-sdk. A zero frequency (which polkadot-sdk
  // divides by, and the configuration forbids) never rotates: both are `now`.
  uint32_t next_rotation_at() const;
  uint32_t last_rotation_at() const;
  // The same rotation info one rotation later (`now` = next_rotation_at()).
  GroupRotationInfo bump_rotation() const;
};

// validator_groups' answer, (Vec<Vec<ValidatorIndex>>, GroupRotationInfo): a tuple is its fields
// one after the other.
struct ValidatorGroups {
  std::vector<std::vector<ValidatorIndex>> groups;
  GroupRotationInfo rotation;
  bool operator==(const ValidatorGroups&) const = default;
  CANARY_SCALE_FIELDS(groups, rotation)
};

// OccupiedCoreAssumption: what a caller asking for a para's validation data or code assumes of
// the candidate pending availability on its core.
enum class OccupiedCoreAssumption : uint8_t {
  kIncluded = 0,  // it became available and was enacted
  kTimedOut = 1,  // it timed out and was dropped
  kFree = 2,      // there is none
};
inline bool scale_is_valid(OccupiedCoreAssumption assumption) {
  return static_cast<uint8_t>(assumption) <= 2;
}

// ScheduledCore: the para a core serves next. `collator` is deprecated (polkadot-sdk always
// answers None) but still on the wire.
struct ScheduledCore {
  ParaId para_id = 0;
  std::optional<CollatorId> collator;
  bool operator==(const ScheduledCore&) const = default;
  CANARY_SCALE_FIELDS(para_id, collator)
};

// OccupiedCore<H256, u32>: a core with a candidate pending availability.
struct OccupiedCore {
  std::optional<ScheduledCore> next_up_on_available;
  uint32_t occupied_since = 0;  // the block the candidate was backed in
  uint32_t time_out_at = 0;
  std::optional<ScheduledCore> next_up_on_time_out;
  scale::BitVec availability;  // one bit per validator: whether it holds its chunk
  GroupIndex group_responsible = 0;
  CandidateHash candidate_hash{};
  CandidateDescriptor candidate_descriptor;
  bool operator==(const OccupiedCore&) const = default;
  CANARY_SCALE_FIELDS(next_up_on_available, occupied_since, time_out_at, next_up_on_time_out,
                      availability, group_responsible, candidate_hash, candidate_descriptor)
  ParaId para_id() const { return candidate_descriptor.para_id; }
};

// CoreState<H256, u32>: Occupied(OccupiedCore) 0, Scheduled(ScheduledCore) 1, Free 2.
struct CoreState {
  struct Occupied {
    static constexpr uint8_t kScaleIndex = 0;
    OccupiedCore core;
    bool operator==(const Occupied&) const = default;
    CANARY_SCALE_FIELDS(core)
  };
  struct Scheduled {
    static constexpr uint8_t kScaleIndex = 1;
    ScheduledCore core;
    bool operator==(const Scheduled&) const = default;
    CANARY_SCALE_FIELDS(core)
  };
  struct Free {
    static constexpr uint8_t kScaleIndex = 2;
    bool operator==(const Free&) const = default;
    CANARY_SCALE_FIELDS()
  };
  std::variant<Occupied, Scheduled, Free> value;
  bool operator==(const CoreState&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }

  const OccupiedCore* occupied() const;
  const ScheduledCore* scheduled() const;
  bool is_occupied() const { return occupied() != nullptr; }
  // CoreState::para_id: the occupying candidate's para, or the scheduled one; none when free.
  std::optional<ParaId> para_id() const;
};

// CandidateEvent<H256>'s variants: ParaInclusion's CandidateBacked 0, CandidateIncluded 1 and
// CandidateTimedOut 2 of a block, each with the receipt, the candidate's head data and its core,
// and (but for a timeout) its backing group. (Outside CandidateEvent: a nested class's member
// initializers are not usable before the enclosing class is complete.)
namespace candidate_event {
template <uint8_t kIndex>
struct WithGroup {
  static constexpr uint8_t kScaleIndex = kIndex;
  CandidateReceipt receipt;
  HeadData head_data;
  CoreIndex core = 0;
  GroupIndex group = 0;
  bool operator==(const WithGroup&) const = default;
  CANARY_SCALE_FIELDS(receipt, head_data, core, group)
};
using Backed = WithGroup<0>;
using Included = WithGroup<1>;
struct TimedOut {
  static constexpr uint8_t kScaleIndex = 2;
  CandidateReceipt receipt;
  HeadData head_data;
  CoreIndex core = 0;
  bool operator==(const TimedOut&) const = default;
  CANARY_SCALE_FIELDS(receipt, head_data, core)
};
}  // namespace candidate_event

struct CandidateEvent {
  using CandidateBacked = candidate_event::Backed;
  using CandidateIncluded = candidate_event::Included;
  using CandidateTimedOut = candidate_event::TimedOut;
  std::variant<CandidateBacked, CandidateIncluded, CandidateTimedOut> value;
  bool operator==(const CandidateEvent&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }

  const CandidateReceipt& receipt() const;
  const HeadData& head_data() const;
  CoreIndex core() const;
  std::optional<GroupIndex> group() const;  // none for a timeout
};

// SessionInfo, frozen since v2 (ParaSessionInfo keeps one per session of the dispute window). The
// IndexedVecs are plain vectors on the wire.
struct SessionInfo {
  std::vector<ValidatorIndex> active_validator_indices;
  Hash256 random_seed{};
  uint32_t dispute_period = 0;
  std::vector<ValidatorId> validators;
  std::vector<AuthorityDiscoveryId> discovery_keys;
  std::vector<AssignmentId> assignment_keys;
  std::vector<std::vector<ValidatorIndex>> validator_groups;
  uint32_t n_cores = 0;
  uint32_t zeroth_delay_tranche_width = 0;
  uint32_t relay_vrf_modulo_samples = 0;
  uint32_t n_delay_tranches = 0;
  uint32_t no_show_slots = 0;
  uint32_t needed_approvals = 0;
  bool operator==(const SessionInfo&) const = default;
  CANARY_SCALE_FIELDS(active_validator_indices, random_seed, dispute_period, validators,
                      discovery_keys, assignment_keys, validator_groups, n_cores,
                      zeroth_delay_tranche_width, relay_vrf_modulo_samples, n_delay_tranches,
                      no_show_slots, needed_approvals)
};

struct AsyncBackingParams {
  uint32_t max_candidate_depth = 0;
  uint32_t allowed_ancestry_len = 0;
  bool operator==(const AsyncBackingParams&) const = default;
  CANARY_SCALE_FIELDS(max_candidate_depth, allowed_ancestry_len)
};

struct ApprovalVotingParams {
  uint32_t max_approval_coalesce_count = 1;  // polkadot-sdk's Default
  bool operator==(const ApprovalVotingParams&) const = default;
  CANARY_SCALE_FIELDS(max_approval_coalesce_count)
};

// NodeFeatures = BitVec<u8, Lsb0> (HostConfiguration::node_features). A bit past the end is off,
// as polkadot-sdk's `get(i).unwrap_or(false)`: scale::BitVec::get answers false there.
using NodeFeatures = scale::BitVec;
namespace node_features {
// node_features::FeatureIndex.
inline constexpr size_t kEnableAssignmentsV2 = 0;
inline constexpr size_t kElasticScalingMvp = 1;         // BackedCandidate's extra 8 core-index bits
inline constexpr size_t kAvailabilityChunkMapping = 2;  // RFC-47
inline constexpr size_t kCandidateReceiptV2 = 3;        // RFC-103
inline constexpr size_t kFirstUnassigned = 4;
}  // namespace node_features

// DisputeState<u32>: who voted for and against a candidate (one bit per validator of its
// session), when the dispute started and when it concluded.
struct DisputeState {
  scale::BitVec validators_for;
  scale::BitVec validators_against;
  uint32_t start = 0;
  std::optional<uint32_t> concluded_at;
  bool operator==(const DisputeState&) const = default;
  CANARY_SCALE_FIELDS(validators_for, validators_against, start, concluded_at)
};

// One entry of `disputes`: (SessionIndex, CandidateHash, DisputeState).
struct OnChainDispute {
  SessionIndex session = 0;
  CandidateHash candidate_hash{};
  DisputeState state;
  bool operator==(const OnChainDispute&) const = default;
  CANARY_SCALE_FIELDS(session, candidate_hash, state)
};

// --- Async backing (v9/async_backing.rs; v8's Constraints inside para_backing_state's answer).

// UpgradeRestriction: a single variant, present while a code upgrade is pending or cooling down.
enum class UpgradeRestriction : uint8_t { kPresent = 0 };
inline bool scale_is_valid(UpgradeRestriction restriction) {
  return static_cast<uint8_t>(restriction) == 0;
}

struct InboundHrmpLimitations {
  std::vector<uint32_t> valid_watermarks;  // sorted ascending
  bool operator==(const InboundHrmpLimitations&) const = default;
  CANARY_SCALE_FIELDS(valid_watermarks)
};

// Room left in one outbound HRMP channel (bytes first, as declared).
struct OutboundHrmpChannelLimitations {
  uint32_t bytes_remaining = 0;
  uint32_t messages_remaining = 0;
  bool operator==(const OutboundHrmpChannelLimitations&) const = default;
  CANARY_SCALE_FIELDS(bytes_remaining, messages_remaining)
};

// Constraints<u32> as backing_constraints (v13) answers it: what a new candidate of the para may
// do.
struct Constraints {
  uint32_t min_relay_parent_number = 0;
  uint32_t max_pov_size = 0;
  uint32_t max_code_size = 0;
  uint32_t max_head_data_size = 0;
  uint32_t ump_remaining = 0;
  uint32_t ump_remaining_bytes = 0;
  uint32_t max_ump_num_per_candidate = 0;
  std::vector<uint32_t> dmp_remaining_messages;  // the sent_at of each waiting message
  InboundHrmpLimitations hrmp_inbound;
  std::vector<std::pair<ParaId, OutboundHrmpChannelLimitations>> hrmp_channels_out;
  uint32_t max_hrmp_num_per_candidate = 0;
  HeadData required_parent;
  ValidationCodeHash validation_code_hash{};
  std::optional<UpgradeRestriction> upgrade_restriction;
  std::optional<std::pair<uint32_t, ValidationCodeHash>> future_validation_code;
  bool operator==(const Constraints&) const = default;
  CANARY_SCALE_FIELDS(min_relay_parent_number, max_pov_size, max_code_size, max_head_data_size,
                      ump_remaining, ump_remaining_bytes, max_ump_num_per_candidate,
                      dmp_remaining_messages, hrmp_inbound, hrmp_channels_out,
                      max_hrmp_num_per_candidate, required_parent, validation_code_hash,
                      upgrade_restriction, future_validation_code)
};

// v8::async_backing::Constraints<u32>, the constraints inside para_backing_state's BackingState
// (Kusama's metadata): Constraints without max_head_data_size.
struct ConstraintsV8 {
  uint32_t min_relay_parent_number = 0;
  uint32_t max_pov_size = 0;
  uint32_t max_code_size = 0;
  uint32_t ump_remaining = 0;
  uint32_t ump_remaining_bytes = 0;
  uint32_t max_ump_num_per_candidate = 0;
  std::vector<uint32_t> dmp_remaining_messages;
  InboundHrmpLimitations hrmp_inbound;
  std::vector<std::pair<ParaId, OutboundHrmpChannelLimitations>> hrmp_channels_out;
  uint32_t max_hrmp_num_per_candidate = 0;
  HeadData required_parent;
  ValidationCodeHash validation_code_hash{};
  std::optional<UpgradeRestriction> upgrade_restriction;
  std::optional<std::pair<uint32_t, ValidationCodeHash>> future_validation_code;
  bool operator==(const ConstraintsV8&) const = default;
  CANARY_SCALE_FIELDS(min_relay_parent_number, max_pov_size, max_code_size, ump_remaining,
                      ump_remaining_bytes, max_ump_num_per_candidate, dmp_remaining_messages,
                      hrmp_inbound, hrmp_channels_out, max_hrmp_num_per_candidate, required_parent,
                      validation_code_hash, upgrade_restriction, future_validation_code)
};

// async_backing::CandidatePendingAvailability<H256, u32>.
struct CandidatePendingAvailability {
  CandidateHash candidate_hash{};
  CandidateDescriptor descriptor;
  CandidateCommitments commitments;
  uint32_t relay_parent_number = 0;
  uint32_t max_pov_size = 0;  // the limit it was backed under
  bool operator==(const CandidatePendingAvailability&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash, descriptor, commitments, relay_parent_number, max_pov_size)
};

// async_backing::BackingState<H256, u32>: the para's constraints and its chain of candidates
// pending availability, oldest first.
struct BackingState {
  ConstraintsV8 constraints;
  std::vector<CandidatePendingAvailability> pending_availability;
  bool operator==(const BackingState&) const = default;
  CANARY_SCALE_FIELDS(constraints, pending_availability)
};

}  // namespace canary::parachain
