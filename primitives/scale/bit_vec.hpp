// A bit sequence as Polkadot encodes `BitVec<u8, Lsb0>` (availability bitfields, votes): a compact
// bit count, then ceil(bits / 8) bytes where bit i lives in byte i / 8 at position i % 8.
#pragma once

#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::scale {

class BitVec {
 public:
  BitVec() = default;
  explicit BitVec(size_t bits) : bytes_((bits + 7) / 8, 0), bits_(bits) {}

  // Adopts packed bytes; bits past `bits` are cleared so that equal sequences compare equal.
  static BitVec from_bytes(Bytes bytes, size_t bits) {
    BitVec v;
    bytes.resize((bits + 7) / 8, 0);
    if (bits % 8 != 0) bytes.back() &= static_cast<uint8_t>((1u << (bits % 8)) - 1);
    v.bytes_ = std::move(bytes);
    v.bits_ = bits;
    return v;
  }

  size_t size() const { return bits_; }
  bool empty() const { return bits_ == 0; }
  bool get(size_t i) const { return i < bits_ && ((bytes_[i / 8] >> (i % 8)) & 1) != 0; }
  void set(size_t i, bool value) {
    if (i >= bits_) return;
    auto mask = static_cast<uint8_t>(1u << (i % 8));
    bytes_[i / 8] = value ? (bytes_[i / 8] | mask) : (bytes_[i / 8] & ~mask);
  }
  void push_back(bool value) {
    if (bits_ % 8 == 0) bytes_.push_back(0);
    ++bits_;
    set(bits_ - 1, value);
  }
  size_t count_ones() const {
    size_t n = 0;
    for (uint8_t b : bytes_) n += static_cast<size_t>(__builtin_popcount(b));
    return n;
  }
  const Bytes& bytes() const { return bytes_; }

  bool operator==(const BitVec&) const = default;

 private:
  Bytes bytes_;
  size_t bits_ = 0;
};

}  // namespace canary::scale
