// Byte sinks for SCALE encoding. Encoder appends to a vector; SizeCounter only counts, so the
// size of an encoding can be known (e.g. for a length prefix or a weight) without allocating;
// BufferWriter writes into memory already sized that way (a host function's output, say).
#pragma once

#include <cstdint>
#include <cstring>

#include "primitives/util/bytes.hpp"

namespace canary::scale {

// Writes the low `width` bytes of v, least significant first. 128-bit values go as two 64-bit
// halves: on wasm32 every 128-bit shift is a library call, and a balance would take sixteen.
template <class UInt>
void store_le(uint8_t* out, UInt v, size_t width) {
  if constexpr (sizeof(UInt) > 8) {
    store_le(out, static_cast<uint64_t>(v), width < 8 ? width : 8);
    if (width > 8) store_le(out + 8, static_cast<uint64_t>(v >> 64), width - 8);
  } else {
    for (size_t i = 0; i < width; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  }
}

class Encoder {
 public:
  Encoder() = default;
  explicit Encoder(size_t reserve) { out_.reserve(reserve); }

  void put_byte(uint8_t b) { out_.push_back(b); }
  void put_bytes(ByteSpan bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  template <class UInt>
  void put_le(UInt v, size_t width) {
    const size_t at = out_.size();
    out_.resize(at + width);
    store_le(out_.data() + at, v, width);
  }

  size_t size() const { return out_.size(); }
  const Bytes& bytes() const& { return out_; }
  Bytes&& take() && { return std::move(out_); }
  Bytes take() & { return std::move(out_); }

 private:
  Bytes out_;
};

// Writes at `out` onwards, which must have room for everything written (count it first with a
// SizeCounter or compact_size()).
class BufferWriter {
 public:
  explicit BufferWriter(uint8_t* out) : out_(out) {}

  void put_byte(uint8_t b) { *out_++ = b; }
  void put_bytes(ByteSpan bytes) {
    if (!bytes.empty()) std::memcpy(out_, bytes.data(), bytes.size());
    out_ += bytes.size();
  }
  template <class UInt>
  void put_le(UInt v, size_t width) {
    store_le(out_, v, width);
    out_ += width;
  }

 private:
  uint8_t* out_;
};

class SizeCounter {
 public:
  void put_byte(uint8_t) { ++size_; }
  void put_bytes(ByteSpan bytes) { size_ += bytes.size(); }
  template <class UInt>
  void put_le(UInt, size_t width) {
    size_ += width;
  }
  size_t size() const { return size_; }

 private:
  size_t size_ = 0;
};

}  // namespace canary::scale
