// Byte sinks for SCALE encoding. Encoder appends to a vector; SizeCounter only counts, so the
// size of an encoding can be known (e.g. for a length prefix or a weight) without allocating.
#pragma once

#include <cstdint>
#include <cstring>

#include "primitives/util/bytes.hpp"

namespace canary::scale {

class Encoder {
 public:
  Encoder() = default;
  explicit Encoder(size_t reserve) { out_.reserve(reserve); }

  void put_byte(uint8_t b) { out_.push_back(b); }
  void put_bytes(ByteSpan bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  template <class UInt>
  void put_le(UInt v, size_t width) {
    for (size_t i = 0; i < width; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }

  size_t size() const { return out_.size(); }
  const Bytes& bytes() const& { return out_; }
  Bytes&& take() && { return std::move(out_); }
  Bytes take() & { return std::move(out_); }

 private:
  Bytes out_;
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
