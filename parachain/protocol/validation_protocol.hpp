// The notifications of `/<genesis>/validation/3` (polkadot-sdk
// `polkadot/node/network/protocol/src/lib.rs` mod v3; parachain-facts §3.1), each inside a
// WireMessage:
//   ValidationProtocol { BitfieldDistribution(msg) = 1, StatementDistribution(msg) = 3,
//                        ApprovalDistribution(msg) = 4 }
//   BitfieldDistributionMessage { Bitfield(relay_parent, UncheckedSigned<AvailabilityBitfield>) = 0
//   } StatementDistributionMessage { Statement(relay_parent, UncheckedSigned<CompactStatement>) =
//   0,
//     BackedCandidateManifest{relay_parent, candidate_hash, group_index, para_id,
//                             parent_head_data_hash, statement_knowledge} = 1,
//     BackedCandidateKnown{candidate_hash, statement_knowledge} = 2 }
// (Newer polkadot-sdk calls the manifest's first field `scheduling_parent`; same bytes.)
// Approval distribution (assignments and approvals, v2 certificates) is not implemented yet: a
// message with index 4 is refused with WireError::kUnsupported rather than misread.
#pragma once

#include <cstdint>
#include <variant>

#include "parachain/protocol/bitfield.hpp"
#include "parachain/protocol/signed.hpp"
#include "parachain/protocol/statement_filter.hpp"
#include "parachain/protocol/wire_error.hpp"
#include "parachain/protocol/wire_message.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain::protocol {

using GroupIndex = uint32_t;

// ---- bitfield distribution ------------------------------------------------------------------

struct BitfieldMessage {
  static constexpr uint8_t kScaleIndex = 0;
  Hash256 relay_parent{};
  UncheckedSignedAvailabilityBitfield bitfield;
  bool operator==(const BitfieldMessage&) const = default;
  CANARY_SCALE_FIELDS(relay_parent, bitfield)
};
using BitfieldDistributionMessage = std::variant<BitfieldMessage>;

// ---- statement distribution (v2 statement distribution, protocol v3) ------------------------

struct StatementMessage {
  static constexpr uint8_t kScaleIndex = 0;
  Hash256 relay_parent{};
  UncheckedSignedStatement statement;
  bool operator==(const StatementMessage&) const = default;
  CANARY_SCALE_FIELDS(relay_parent, statement)
};

// A backed candidate announced to grid neighbours outside the backing group, who fetch it with
// `/req_attested_candidate/2` if they want it. The filter has the group's size in bits.
struct BackedCandidateManifest {
  static constexpr uint8_t kScaleIndex = 1;
  Hash256 relay_parent{};
  CandidateHash candidate_hash{};
  GroupIndex group_index = 0;
  ParaId para_id = 0;
  Hash256 parent_head_data_hash{};
  StatementFilter statement_knowledge;
  bool operator==(const BackedCandidateManifest&) const = default;
  CANARY_SCALE_FIELDS(relay_parent, candidate_hash, group_index, para_id, parent_head_data_hash,
                      statement_knowledge)
};

// The answer to a manifest from a peer that already has the candidate (BackedCandidateKnown).
struct BackedCandidateAcknowledgement {
  static constexpr uint8_t kScaleIndex = 2;
  CandidateHash candidate_hash{};
  StatementFilter statement_knowledge;
  bool operator==(const BackedCandidateAcknowledgement&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash, statement_knowledge)
};

using StatementDistributionMessage =
    std::variant<StatementMessage, BackedCandidateManifest, BackedCandidateAcknowledgement>;

// ---- the peer set's message -------------------------------------------------------------------

struct BitfieldDistribution {
  static constexpr uint8_t kScaleIndex = 1;
  BitfieldDistributionMessage message;
  bool operator==(const BitfieldDistribution&) const = default;
  CANARY_SCALE_FIELDS(message)
};
struct StatementDistribution {
  static constexpr uint8_t kScaleIndex = 3;
  StatementDistributionMessage message;
  bool operator==(const StatementDistribution&) const = default;
  CANARY_SCALE_FIELDS(message)
};
// The index approval distribution has; its messages are not decoded (see above).
inline constexpr uint8_t kApprovalDistributionIndex = 4;

using ValidationProtocol = std::variant<BitfieldDistribution, StatementDistribution>;
using ValidationWireMessage = WireMessage<ValidationProtocol>;

// A notification received on the validation peer set: at most kMaxNotificationSize bytes, one
// whole message; approval distribution is kUnsupported.
Result<ValidationWireMessage, WireError> decode_validation_message(ByteSpan bytes);
// Refused (kTooLarge) above kMaxNotificationSize, which the peer would not accept.
Result<Bytes, WireError> encode_validation_message(const ValidationWireMessage& message);

}  // namespace canary::parachain::protocol
