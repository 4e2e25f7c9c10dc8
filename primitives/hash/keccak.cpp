#include "primitives/hash/keccak.hpp"

#include <bit>
#include <cstring>

#include "primitives/hash/keccak_f1600.hpp"

namespace canary::hash {

namespace {

inline uint64_t load64_le(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

constexpr bool rate_valid(size_t rate) {
  return rate >= 8 && rate <= 192 && rate % 8 == 0;
}

}  // namespace

KeccakSponge::KeccakSponge(size_t rate_bytes, uint8_t first_padding_byte)
    : rate_(rate_valid(rate_bytes) ? rate_bytes : kRate256),
      first_padding_byte_(first_padding_byte) {}

// Lanes are little-endian, so byte i of the state is byte i % 8 of lane i / 8.
void KeccakSponge::xor_byte(size_t index, uint8_t value) {
  state_[index / 8] ^= static_cast<uint64_t>(value) << (8 * (index % 8));
}

void KeccakSponge::absorb(ByteSpan data) {
  const uint8_t* in = data.data();
  size_t remaining = data.size();
  // Finish a partly filled block byte by byte.
  while (position_ != 0 && remaining > 0) {
    xor_byte(position_++, *in++);
    --remaining;
    if (position_ == rate_) {
      keccak_f1600(state_);
      position_ = 0;
    }
  }
  // Whole blocks a lane at a time.
  const size_t lanes = rate_ / 8;
  while (remaining >= rate_) {
    for (size_t i = 0; i < lanes; ++i) state_[i] ^= load64_le(in + 8 * i);
    keccak_f1600(state_);
    in += rate_;
    remaining -= rate_;
  }
  while (remaining > 0) {
    xor_byte(position_++, *in++);
    --remaining;
  }
}

void KeccakSponge::finish(MutableByteSpan out) {
  // pad10*1: a 1 bit right after the message (and any domain bits) and one in the last bit of the
  // block. Both land in the same byte when only one byte of the block is left.
  xor_byte(position_, first_padding_byte_);
  xor_byte(rate_ - 1, 0x80);
  keccak_f1600(state_);

  size_t written = 0;
  while (written < out.size()) {
    size_t block = out.size() - written;
    if (block > rate_) block = rate_;
    for (size_t i = 0; i < block; ++i) {
      out[written + i] = static_cast<uint8_t>(state_[i / 8] >> (8 * (i % 8)));
    }
    written += block;
    if (written < out.size()) keccak_f1600(state_);
  }
}

}  // namespace canary::hash
