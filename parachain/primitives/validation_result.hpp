// What a PVF's `validate_block` returns (polkadot-sdk `polkadot/parachain/src/primitives.rs`
// ValidationResult; parachain-facts §1.13). The field order differs from CandidateCommitments':
// head_data comes first here.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "parachain/primitives/blobs.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

// polkadot-core-primitives OutboundHrmpMessage<ParaId>: the recipient first.
struct OutboundHrmpMessage {
  uint32_t recipient = 0;
  Bytes data;
  bool operator==(const OutboundHrmpMessage&) const = default;
  CANARY_SCALE_FIELDS(recipient, data)
};

struct ValidationResult {
  HeadData head_data;
  std::optional<ValidationCode> new_validation_code;
  std::vector<Bytes> upward_messages;
  std::vector<OutboundHrmpMessage> horizontal_messages;
  uint32_t processed_downward_messages = 0;
  uint32_t hrmp_watermark = 0;
  bool operator==(const ValidationResult&) const = default;
  CANARY_SCALE_FIELDS(head_data, new_validation_code, upward_messages, horizontal_messages,
                      processed_downward_messages, hrmp_watermark)
};

}  // namespace canary::parachain
