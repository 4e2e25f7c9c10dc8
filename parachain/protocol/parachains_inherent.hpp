// The paras inherent's data (polkadot-sdk `polkadot/primitives/src/v9/mod.rs` InherentData,
// parachain-facts §1.9): what the block author's provisioner hands the runtime under the inherent
// identifier `parachn0` (runtime::kParachainsInherent), which the relay runtime's create_inherent
// turns into ParaInherent.enter:
//   { bitfields: Vec<UncheckedSigned<AvailabilityBitfield>> (sorted by validator index),
//     backed_candidates: Vec<BackedCandidate>, disputes: Vec<DisputeStatementSet>,
//     parent_header: Header }
// Without content it encodes as runtime::parachains_inherent_without_content(parent): three empty
// vectors, then the header.
#pragma once

#include <vector>

#include "parachain/protocol/backed_candidate.hpp"
#include "parachain/protocol/bitfield.hpp"
#include "parachain/protocol/dispute_statement.hpp"
#include "parachain/protocol/wire_error.hpp"
#include "primitives/block/header.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain::protocol {

inline constexpr runtime::InherentIdentifier kParachainsInherentIdentifier =
    runtime::kParachainsInherent;

struct ParachainsInherentData {
  std::vector<UncheckedSignedAvailabilityBitfield> bitfields;
  std::vector<BackedCandidate> backed_candidates;
  MultiDisputeStatementSet disputes;
  block::Header parent_header;

  bool operator==(const ParachainsInherentData&) const = default;
  CANARY_SCALE_FIELDS(bitfields, backed_candidates, disputes, parent_header)
};

// No size limit of its own (a block's limits apply); trailing bytes are refused.
Result<ParachainsInherentData, WireError> decode_parachains_inherent(ByteSpan bytes);

}  // namespace canary::parachain::protocol
