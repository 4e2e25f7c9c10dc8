// A bounds-checked reader over SCALE bytes. Errors are sticky: after the first one every read
// fails and returns zeros, so decoding code can read a whole structure and check once at the end.
// `max_length` caps every length prefix (vectors, strings, maps, bit sequences) so that a short
// input can never make the decoder allocate without bound.
#pragma once

#include <cstdint>
#include <cstring>

#include "primitives/scale/decode_error.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::scale {

// Reads `width` bytes, least significant first. 128-bit values are read as two 64-bit halves:
// on wasm32 every 128-bit shift is a library call, and a balance would take sixteen.
template <class UInt>
UInt load_le(const uint8_t* in, size_t width) {
  if constexpr (sizeof(UInt) > 8) {
    const uint64_t low = load_le<uint64_t>(in, width < 8 ? width : 8);
    const uint64_t high = width > 8 ? load_le<uint64_t>(in + 8, width - 8) : 0;
    return (static_cast<UInt>(high) << 64) | low;
  } else {
    UInt v = 0;
    for (size_t i = 0; i < width; ++i) v |= static_cast<UInt>(in[i]) << (8 * i);
    return v;
  }
}

class Decoder {
 public:
  // 16 Mi elements: above anything a block or a runtime call legitimately carries.
  static constexpr size_t kDefaultMaxLength = size_t{1} << 24;

  explicit Decoder(ByteSpan data, size_t max_length = kDefaultMaxLength)
      : data_(data), max_length_(max_length) {}

  bool ok() const { return ok_; }
  DecodeError error() const { return error_; }
  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }
  size_t max_length() const { return max_length_; }
  ByteSpan rest() const { return data_.subspan(pos_); }

  void fail(DecodeError e) {
    if (ok_) {
      ok_ = false;
      error_ = e;
    }
    pos_ = data_.size();
  }

  uint8_t read_byte() {
    if (remaining() < 1) {
      fail(DecodeError::kNotEnoughData);
      return 0;
    }
    return data_[pos_++];
  }

  bool read_into(MutableByteSpan out) {
    if (remaining() < out.size()) {
      fail(DecodeError::kNotEnoughData);
      std::memset(out.data(), 0, out.size());
      return false;
    }
    if (!out.empty()) std::memcpy(out.data(), data_.data() + pos_, out.size());
    pos_ += out.size();
    return true;
  }

  // A view of the next n bytes, valid as long as the input; empty on error.
  ByteSpan read_view(size_t n) {
    if (remaining() < n) {
      fail(DecodeError::kNotEnoughData);
      return {};
    }
    ByteSpan v = data_.subspan(pos_, n);
    pos_ += n;
    return v;
  }

  template <class UInt>
  UInt read_le(size_t width) {
    if (remaining() < width) {
      fail(DecodeError::kNotEnoughData);
      return 0;
    }
    const UInt v = load_le<UInt>(data_.data() + pos_, width);
    pos_ += width;
    return v;
  }

 private:
  ByteSpan data_;
  size_t pos_ = 0;
  size_t max_length_;
  bool ok_ = true;
  DecodeError error_ = DecodeError::kNotEnoughData;
};

}  // namespace canary::scale
