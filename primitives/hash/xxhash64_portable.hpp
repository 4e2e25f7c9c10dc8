// XXH64 from the xxHash specification (doc/xxhash_spec.md), in plain C++ for the wasm32 build and
// as the cross-check of libxxhash on the host. Substrate's twox hashers are built on it.
#pragma once

#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::hash::portable {

uint64_t xxhash64(ByteSpan data, uint64_t seed);

}  // namespace canary::hash::portable
