#include "network/libp2p/varint.hpp"

namespace canary::network {

namespace {
// The spec caps varints at 9 bytes (63 bits of value) so that they fit a signed 64-bit integer.
constexpr size_t kMaxVarintBytes = 9;
}  // namespace

VarintResult decode_varint(ByteSpan input) {
  uint64_t value = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    if (i == kMaxVarintBytes) return {VarintStatus::kInvalid, {}};
    const uint8_t byte = input[i];
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      // A last group of zero after the first byte is a longer-than-needed encoding.
      if (byte == 0 && i > 0) return {VarintStatus::kInvalid, {}};
      return {VarintStatus::kOk, {value, i + 1}};
    }
  }
  if (input.size() >= kMaxVarintBytes) return {VarintStatus::kInvalid, {}};
  return {VarintStatus::kIncomplete, {}};
}

void append_varint(Bytes& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<uint8_t>(value));
}

Bytes encode_varint(uint64_t value) {
  Bytes out;
  append_varint(out, value);
  return out;
}

}  // namespace canary::network
