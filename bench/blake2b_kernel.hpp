// The compute kernel of aot_bench.cpp, one C++ source for both sides of the comparison: the
// benchmark runs it natively, and bench/wasm/blake2b_kernel.cpp exports it from a wasm32 module
// that the executor's engines run. BLAKE2b-256 (primitives/hash/blake2b_portable) over a buffer
// filled with a fixed pattern, `rounds` times; each digest is folded into the start of the buffer
// so that no round can be skipped or hoisted.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/hash/blake2b_portable.hpp"

namespace canary::bench {

inline Hash256 blake2b_kernel(uint8_t* buffer, size_t size, uint32_t rounds) {
  for (size_t i = 0; i < size; ++i) buffer[i] = static_cast<uint8_t>(i * 131 + (i >> 9));
  Hash256 digest{};
  for (uint32_t round = 0; round < rounds; ++round) {
    for (size_t i = 0; i < digest.size() && i < size; ++i) buffer[i] ^= digest[i];
    hash::portable::Blake2b hasher(digest.size());
    hasher.update(ByteSpan(buffer, size));
    hasher.finish(digest);
  }
  return digest;
}

}  // namespace canary::bench
