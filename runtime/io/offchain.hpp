// Offchain services for the runtime (sp-io `offchain`): what a runtime call made by the node
// outside block execution (an offchain worker, a runtime API such as
// BabeApi_submit_report_equivocation_unsigned_extrinsic) may ask of the node.
#pragma once

#include "primitives/util/bytes.hpp"

namespace canary::rt::io::offchain {

// Hands an encoded extrinsic to the node's transaction pool as a local transaction; whether the
// pool took it (false also where the call has no pool, e.g. in block import).
bool submit_transaction(ByteSpan extrinsic);

}  // namespace canary::rt::io::offchain
