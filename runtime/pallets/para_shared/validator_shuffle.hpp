// The shuffle ParasShared applies to the session's validators: rand_chacha's ChaCha20Rng seeded
// with the session's random seed, then rand 0.8's SliceRandom::shuffle (polkadot-runtime-
// parachains shared.rs, initializer_on_new_session). Nodes rebuild the same order from the same
// seed, so this must be bit-identical: the ChaCha20 keystream as 32-bit little-endian words
// (block counter from 0, stream 0), and rand's Fisher-Yates from the back with gen_index's
// widening-multiply rejection (rand 0.8 `UniformInt::sample_single_inclusive` for u32).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace canary::rt::pallets::para_shared {

class ChaCha20Rng {
 public:
  explicit ChaCha20Rng(const std::array<uint8_t, 32>& seed);
  uint32_t next_u32();

 private:
  void refill();
  std::array<uint32_t, 8> key_{};
  uint64_t counter_ = 0;
  std::array<uint32_t, 16> block_{};
  size_t used_ = 16;
};

// rand 0.8 `gen_range(0..bound)` for a u32 bound > 0.
uint32_t gen_index(ChaCha20Rng& rng, uint32_t bound);

// 0..n shuffled as `(0..n).collect::<Vec<_>>().shuffle(&mut ChaCha20Rng::from_seed(seed))`.
std::vector<uint32_t> shuffled_indices(uint32_t n, const std::array<uint8_t, 32>& seed);

}  // namespace canary::rt::pallets::para_shared
