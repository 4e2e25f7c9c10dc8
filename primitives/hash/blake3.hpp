// BLAKE3 (the BLAKE3 paper and specification, BLAKE3-team/BLAKE3), hash mode with the default
// 32-byte output. Polkadot uses it for RFC-0078's metadata digest (the merkleized metadata a
// CheckMetadataHash signer commits to); plain C++, the same on the host and on wasm32.
#pragma once

#include "primitives/util/bytes.hpp"

namespace canary::hash {

Hash256 blake3_256(ByteSpan data);

}  // namespace canary::hash
