// The transcript a BABE slot's VRF signs (sp-consensus-babe lib.rs make_vrf_transcript), shared
// by the node (consensus/babe: claiming and verifying slots) and the runtime (pallets/babe: the
// block's VRF randomness, made with the portable sr25519_vrf.hpp on wasm32).
#pragma once

#include <cstdint>

#include "primitives/crypto/merlin_transcript.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::crypto {

// Transcript("BABE") ‖ u64 "slot number" ‖ u64 "current epoch" ‖ "chain randomness".
Transcript babe_vrf_transcript(const ByteArray<32>& randomness, uint64_t slot, uint64_t epoch);

}  // namespace canary::crypto
