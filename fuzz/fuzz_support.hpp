// What the fuzz targets share: `check`, which turns a broken invariant into a crash libFuzzer
// reports (with the input that broke it), and ByteReader, which reads a target's input byte by
// byte and in slices, as zeros and empty slices past its end (so every input is a whole case).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::fuzz {

inline void check(bool ok) {
  if (!ok) __builtin_trap();
}

class ByteReader {
 public:
  explicit ByteReader(ByteSpan data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }
  uint8_t byte() { return pos_ < data_.size() ? data_[pos_++] : 0; }
  // The next `n` bytes, fewer at the end.
  ByteSpan take(size_t n) {
    n = std::min(n, data_.size() - pos_);
    ByteSpan out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  // What is left (nothing is consumed).
  ByteSpan rest() const { return data_.subspan(pos_); }

 private:
  ByteSpan data_;
  size_t pos_ = 0;
};

}  // namespace canary::fuzz
