#include "network/libp2p/byte_ring.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "primitives/util/result.hpp"

namespace canary::network {

namespace {

// Small queues (a negotiation message, a notification) do not start at a page or more.
constexpr size_t kMinCapacity = 256;

}  // namespace

void ByteRing::push(ByteSpan bytes) {
  if (bytes.empty()) return;
  if (capacity_ - size_ < bytes.size()) grow(size_ + bytes.size());
  const size_t tail = (head_ + size_) & (capacity_ - 1);
  const size_t first = std::min(bytes.size(), capacity_ - tail);
  std::memcpy(buffer_.get() + tail, bytes.data(), first);
  std::memcpy(buffer_.get(), bytes.data() + first, bytes.size() - first);
  size_ += bytes.size();
}

ByteSpan ByteRing::front() const {
  if (size_ == 0) return {};
  return ByteSpan(buffer_.get() + head_, std::min(size_, capacity_ - head_));
}

void ByteRing::pop(size_t n) {
  if (n > size_) contract_violation();
  size_ -= n;
  // An empty ring starts over at the beginning: the next push is one piece again.
  head_ = size_ == 0 ? 0 : (head_ + n) & (capacity_ - 1);
}

void ByteRing::release() {
  buffer_.reset();
  capacity_ = 0;
  head_ = 0;
  size_ = 0;
}

void ByteRing::grow(size_t needed) {
  const size_t capacity = std::bit_ceil(std::max(needed, kMinCapacity));
  auto buffer = std::make_unique_for_overwrite<uint8_t[]>(capacity);
  // The held bytes move to the start of the new buffer, in order.
  const size_t first = std::min(size_, capacity_ - head_);
  if (first > 0) std::memcpy(buffer.get(), buffer_.get() + head_, first);
  if (size_ > first) std::memcpy(buffer.get() + first, buffer_.get(), size_ - first);
  buffer_ = std::move(buffer);
  capacity_ = capacity;
  head_ = 0;
}

}  // namespace canary::network
