// Hash functions for the runtime (sp-io `hashing`). Inside wasm32 they are host functions (native
// speed), except twox_64, whose few bytes of input are hashed faster in place than a host call
// returns; natively they are primitives/hash.
#pragma once

#include "primitives/util/bytes.hpp"

namespace canary::rt::io::hashing {

Hash128 blake2_128(ByteSpan data);
Hash256 blake2_256(ByteSpan data);
ByteArray<8> twox_64(ByteSpan data);
Hash128 twox_128(ByteSpan data);
Hash256 twox_256(ByteSpan data);
Hash256 keccak_256(ByteSpan data);
Hash256 sha2_256(ByteSpan data);

}  // namespace canary::rt::io::hashing
