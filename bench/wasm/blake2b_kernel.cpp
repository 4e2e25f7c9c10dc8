// bench/blake2b_kernel.hpp as a wasm32 runtime entry point, built by the wasm32 sub-build
// (tests/wasm/CMakeLists.txt) with the feature set the executor accepts. No imports: the input
// (size: u32 LE, rounds: u32 LE) arrives through the calling convention, the buffer is static and
// the digest is returned in place.
#include "bench/blake2b_kernel.hpp"

#include <stdint.h>

namespace {

constexpr uint32_t kMaxSize = 1 << 20;
uint8_t buffer[kMaxSize];
canary::Hash256 digest;

uint32_t read_u32_le(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace

extern "C" __attribute__((export_name("blake2b_kernel"))) uint64_t blake2b_kernel(uint32_t ptr,
                                                                                  uint32_t len) {
  if (len < 8) return 0;
  const auto* input = reinterpret_cast<const uint8_t*>(ptr);
  uint32_t size = read_u32_le(input);
  if (size > kMaxSize) size = kMaxSize;
  digest = canary::bench::blake2b_kernel(buffer, size, read_u32_le(input + 4));
  const auto out = reinterpret_cast<uintptr_t>(digest.data());
  return uint64_t{out} | (uint64_t{digest.size()} << 32);
}
