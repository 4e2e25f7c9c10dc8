// A FIFO of bytes in a ring buffer: what a Yamux stream took from write() and could not send yet.
// Bytes go in at the back and leave from the front without moving the rest. A vector consumed from
// the front either copies what remains (erasing the prefix) or, reset only once empty, grows with
// every byte that passes while a busy writer keeps it from ever emptying; the ring does neither.
// Its capacity is a power of two that grows to fit what it holds (so it stays under twice the
// most held at once), and release() gives the memory back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "primitives/util/bytes.hpp"

namespace canary::network {

class ByteRing {
 public:
  ByteRing() = default;
  ByteRing(ByteRing&&) noexcept = default;
  ByteRing& operator=(ByteRing&&) noexcept = default;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }

  // Appends a copy of `bytes`, growing the buffer if needed.
  void push(ByteSpan bytes);
  // The oldest bytes as one contiguous piece: all of them, or those up to the end of the buffer
  // (the rest follows once these are popped). Valid until the next push, pop or release.
  ByteSpan front() const;
  // Drops the oldest `n` bytes (at most size()).
  void pop(size_t n);
  // Drops everything and frees the buffer.
  void release();

 private:
  void grow(size_t needed);

  std::unique_ptr<uint8_t[]> buffer_;
  size_t capacity_ = 0;  // 0 or a power of two
  size_t head_ = 0;      // index of the oldest byte
  size_t size_ = 0;
};

}  // namespace canary::network
