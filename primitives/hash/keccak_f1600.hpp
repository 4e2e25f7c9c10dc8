// The Keccak-f[1600] permutation (FIPS 202), shared by Keccak-256/512 and the STROBE-128 duplex
// under Merlin transcripts (sr25519). Lanes are little-endian 64-bit words, x + 5*y indexing.
#pragma once

#include <cstdint>

namespace canary::hash {

void keccak_f1600(uint64_t state[25]);

}  // namespace canary::hash
