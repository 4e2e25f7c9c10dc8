// Keys as sequences of 4-bit nibbles, the alphabet of the base-16 trie. A byte b is the two
// nibbles (b >> 4, b & 15), high first (w3f/polkadot-spec docs/chap-state.md "Key Encode").
// NibbleView looks at nibbles stored packed two per byte starting at any nibble offset, so a key,
// a node's partial key inside an encoded node and the trie's own nibble arena are all viewed
// without unpacking.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::state {

class NibbleView {
 public:
  static constexpr size_t npos = ~size_t{0};

  constexpr NibbleView() = default;
  // `offset` and `size` count nibbles; data must hold ceil((offset + size) / 2) bytes.
  constexpr NibbleView(const uint8_t* data, size_t offset, size_t size)
      : data_(data), offset_(offset), size_(size) {}

  static NibbleView of_bytes(ByteSpan bytes) { return {bytes.data(), 0, bytes.size() * 2}; }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint8_t* data() const { return data_; }
  size_t offset() const { return offset_; }

  uint8_t operator[](size_t i) const {
    size_t p = offset_ + i;
    uint8_t b = data_[p >> 1];
    return (p & 1) != 0 ? static_cast<uint8_t>(b & 0x0F) : static_cast<uint8_t>(b >> 4);
  }

  NibbleView substr(size_t pos, size_t len = npos) const {
    if (pos > size_) pos = size_;
    if (len > size_ - pos) len = size_ - pos;
    return {data_, offset_ + pos, len};
  }

  bool starts_with(NibbleView prefix) const;
  bool operator==(NibbleView other) const;

 private:
  const uint8_t* data_ = nullptr;
  size_t offset_ = 0;
  size_t size_ = 0;
};

// Length of the longest common prefix.
size_t common_prefix_length(NibbleView a, NibbleView b);

// Lexicographic comparison (a shorter sequence that is a prefix of the other is smaller): the same
// order as comparing the keys as bytes.
int compare(NibbleView a, NibbleView b);

// Appends nibbles packed two per byte. An odd count gets a zero high nibble in front ("left
// padding", Enc_HE in docs/id-cryptography-encoding.md): the partial-key form of the node codec.
void append_left_padded(Bytes& out, NibbleView nibbles);

// Packs an even number of nibbles back into key bytes.
Bytes to_key_bytes(NibbleView nibbles);

// Number of bytes a partial key of `nibbles` nibbles takes in an encoded node.
constexpr size_t packed_size(size_t nibbles) {
  return (nibbles + 1) / 2;
}

}  // namespace canary::state
