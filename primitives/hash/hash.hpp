// The hash functions Polkadot uses, one-shot. On the host they run on libsodium / libxxhash; on
// wasm32 on the portable implementations in this folder (the runtime will normally reach the
// host's through the host API instead).
#pragma once

#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::hash {

// BLAKE2b with an output of 1..64 bytes and an optional key of 0..64 bytes (RFC 7693).
// Returns an empty vector for out-of-range sizes.
Bytes blake2b(ByteSpan data, size_t out_len, ByteSpan key = {});
Hash128 blake2b_128(ByteSpan data);
Hash256 blake2b_256(ByteSpan data);
Hash512 blake2b_512(ByteSpan data);

// xxHash64; Substrate's twox-N concatenates the little-endian XXH64 of the data with seeds
// 0..N/64-1.
uint64_t xxhash64(ByteSpan data, uint64_t seed);
ByteArray<8> twox_64(ByteSpan data);
Hash128 twox_128(ByteSpan data);
Hash256 twox_256(ByteSpan data);

// Keccak as Ethereum uses it (original padding 0x01, not SHA-3's 0x06).
Hash256 keccak_256(ByteSpan data);
Hash512 keccak_512(ByteSpan data);

Hash256 sha2_256(ByteSpan data);
Hash512 sha2_512(ByteSpan data);

}  // namespace canary::hash
