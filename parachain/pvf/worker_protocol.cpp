#include "parachain/pvf/worker_protocol.hpp"

#include <algorithm>

namespace canary::parachain::pvf {

Bytes frame(ByteSpan payload) {
  Bytes out;
  out.reserve(4 + payload.size());
  const auto length = static_cast<uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(length >> (8 * i)));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

void FrameReader::feed(ByteSpan bytes) {
  if (failed_) return;
  // Drop what was already handed out before growing, so the buffer stays one frame long.
  if (consumed_ != 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
    consumed_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<Bytes> FrameReader::next() {
  if (failed_) return std::nullopt;
  const size_t available = buffer_.size() - consumed_;
  if (available < 4) return std::nullopt;
  uint32_t length = 0;
  for (int i = 0; i < 4; ++i) length |= uint32_t{buffer_[consumed_ + i]} << (8 * i);
  if (length > kMaxFrameSize) {
    failed_ = true;
    return std::nullopt;
  }
  if (available - 4 < length) return std::nullopt;
  const auto begin = buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_ + 4);
  Bytes payload(begin, begin + length);
  consumed_ += 4 + size_t{length};
  return payload;
}

Result<WorkerRequest, scale::DecodeError> decode_request(ByteSpan payload) {
  return scale::decode<WorkerRequest>(payload, kMaxFrameSize);
}

Result<WorkerResponse, scale::DecodeError> decode_response(ByteSpan payload) {
  return scale::decode<WorkerResponse>(payload, kMaxFrameSize);
}

}  // namespace canary::parachain::pvf
