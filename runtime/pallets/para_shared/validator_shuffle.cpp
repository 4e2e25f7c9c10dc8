// ChaCha20Rng and rand 0.8's shuffle (validator_shuffle.hpp).
#include "runtime/pallets/para_shared/validator_shuffle.hpp"

#include <utility>

namespace canary::rt::pallets::para_shared {
namespace {

constexpr uint32_t rotl(uint32_t v, int c) {
  return (v << c) | (v >> (32 - c));
}

void quarter_round(std::array<uint32_t, 16>& x, size_t a, size_t b, size_t c, size_t d) {
  x[a] += x[b];
  x[d] = rotl(x[d] ^ x[a], 16);
  x[c] += x[d];
  x[b] = rotl(x[b] ^ x[c], 12);
  x[a] += x[b];
  x[d] = rotl(x[d] ^ x[a], 8);
  x[c] += x[d];
  x[b] = rotl(x[b] ^ x[c], 7);
}

}  // namespace

ChaCha20Rng::ChaCha20Rng(const std::array<uint8_t, 32>& seed) {
  for (size_t i = 0; i < 8; ++i) {
    key_[i] = uint32_t{seed[4 * i]} | (uint32_t{seed[4 * i + 1]} << 8) |
              (uint32_t{seed[4 * i + 2]} << 16) | (uint32_t{seed[4 * i + 3]} << 24);
  }
}

void ChaCha20Rng::refill() {
  // "expand 32-byte k", the key, a 64-bit block counter (words 12-13) and stream 0 (14-15).
  std::array<uint32_t, 16> input{0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
  for (size_t i = 0; i < 8; ++i) input[4 + i] = key_[i];
  input[12] = static_cast<uint32_t>(counter_);
  input[13] = static_cast<uint32_t>(counter_ >> 32);
  std::array<uint32_t, 16> x = input;
  for (int round = 0; round < 10; ++round) {
    quarter_round(x, 0, 4, 8, 12);
    quarter_round(x, 1, 5, 9, 13);
    quarter_round(x, 2, 6, 10, 14);
    quarter_round(x, 3, 7, 11, 15);
    quarter_round(x, 0, 5, 10, 15);
    quarter_round(x, 1, 6, 11, 12);
    quarter_round(x, 2, 7, 8, 13);
    quarter_round(x, 3, 4, 9, 14);
  }
  for (size_t i = 0; i < 16; ++i) block_[i] = x[i] + input[i];
  ++counter_;
  used_ = 0;
}

uint32_t ChaCha20Rng::next_u32() {
  if (used_ == block_.size()) refill();
  return block_[used_++];
}

uint32_t gen_index(ChaCha20Rng& rng, uint32_t bound) {
  // The zone is the largest multiple of `bound` shifted to the top bit, minus one (rand 0.8's
  // "conservative but fast approximation").
  const uint32_t zone = (bound << __builtin_clz(bound)) - 1;
  for (;;) {
    const uint64_t product = uint64_t{rng.next_u32()} * bound;
    if (static_cast<uint32_t>(product) <= zone) return static_cast<uint32_t>(product >> 32);
  }
}

std::vector<uint32_t> shuffled_indices(uint32_t n, const std::array<uint8_t, 32>& seed) {
  std::vector<uint32_t> indices(n);
  for (uint32_t i = 0; i < n; ++i) indices[i] = i;
  ChaCha20Rng rng(seed);
  for (uint32_t i = n; i > 1; --i) std::swap(indices[i - 1], indices[gen_index(rng, i)]);
  return indices;
}

}  // namespace canary::rt::pallets::para_shared
