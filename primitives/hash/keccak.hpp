// The Keccak sponge over keccak_f1600. By default it pads as the original Keccak (0x01 … 0x80),
// which is what Ethereum and Polkadot's keccak_256 use, not FIPS 202 SHA-3 (0x06 … 0x80); the
// SHA-3 padding is selectable so the sponge can be checked against SHA-3 vectors.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::hash {

class KeccakSponge {
 public:
  // Rate in bytes: 200 minus twice the digest size (136 for Keccak-256, 72 for Keccak-512).
  static constexpr size_t kRate256 = 136;
  static constexpr size_t kRate512 = 72;

  // First padding byte: the bits after the message, up to and including pad10*1's leading 1.
  // Keccak's is 0x01; FIPS 202 SHA-3 appends its domain bits first, giving 0x06.
  static constexpr uint8_t kKeccakPadding = 0x01;
  static constexpr uint8_t kSha3Padding = 0x06;

  // rate_bytes must be a multiple of 8 in 8..192; other values fall back to kRate256.
  explicit KeccakSponge(size_t rate_bytes, uint8_t first_padding_byte = kKeccakPadding);

  void absorb(ByteSpan data);

  // Pads and squeezes out.size() bytes (any length). Call once; the state is spent after.
  void finish(MutableByteSpan out);

 private:
  void xor_byte(size_t index, uint8_t value);

  uint64_t state_[25] = {};
  size_t rate_;
  uint8_t first_padding_byte_;
  size_t position_ = 0;  // bytes absorbed into the current block
};

}  // namespace canary::hash
