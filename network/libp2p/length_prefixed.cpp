#include "network/libp2p/length_prefixed.hpp"

#include <algorithm>
#include <utility>

#include "network/libp2p/varint.hpp"

namespace canary::network {

const char* to_string(LengthPrefixedError e) {
  switch (e) {
    case LengthPrefixedError::kInvalidLength:
      return "invalid length prefix";
    case LengthPrefixedError::kTooLarge:
      return "message over the size limit";
  }
  return "unknown length-prefix error";
}

void append_length_prefixed(Bytes& out, ByteSpan payload) {
  append_varint(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

Bytes length_prefixed(ByteSpan payload) {
  Bytes out;
  append_length_prefixed(out, payload);
  return out;
}

Result<size_t, LengthPrefixedError> LengthPrefixedReader::feed(ByteSpan input) {
  if (failed_) return unexpected(error_);
  size_t taken = 0;
  while (!have_length_ && taken < input.size()) {
    prefix_[prefix_size_++] = input[taken++];
    const VarintResult varint = decode_varint(ByteSpan(prefix_, prefix_size_));
    if (varint.status == VarintStatus::kIncomplete) continue;
    if (varint.status == VarintStatus::kInvalid) {
      failed_ = true;
      error_ = LengthPrefixedError::kInvalidLength;
      return unexpected(error_);
    }
    if (varint.varint.value > max_size_) {
      failed_ = true;
      error_ = LengthPrefixedError::kTooLarge;
      return unexpected(error_);
    }
    have_length_ = true;
    length_ = static_cast<size_t>(varint.varint.value);
    body_.reserve(length_);
  }
  if (!have_length_) return taken;
  const size_t n = std::min(length_ - body_.size(), input.size() - taken);
  body_.insert(body_.end(), input.begin() + static_cast<ptrdiff_t>(taken),
               input.begin() + static_cast<ptrdiff_t>(taken + n));
  return taken + n;
}

Bytes LengthPrefixedReader::take() {
  Bytes out = std::exchange(body_, {});
  prefix_size_ = 0;
  have_length_ = false;
  length_ = 0;
  return out;
}

}  // namespace canary::network
