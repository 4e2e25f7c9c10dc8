#include "network/libp2p/yamux_frame.hpp"

#include <array>

namespace canary::network {

namespace {

constexpr uint8_t kVersion = 0;

uint16_t load_be16(const uint8_t* p) {
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t load_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

void store_be16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

void store_be32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

Result<YamuxHeader, YamuxHeaderError> decode_yamux_header(
    std::span<const uint8_t, kYamuxHeaderSize> bytes) {
  if (bytes[0] != kVersion) return unexpected(YamuxHeaderError::kBadVersion);
  if (bytes[1] > static_cast<uint8_t>(YamuxFrameType::kGoAway)) {
    return unexpected(YamuxHeaderError::kBadType);
  }
  YamuxHeader header;
  header.type = static_cast<YamuxFrameType>(bytes[1]);
  header.flags = load_be16(&bytes[2]);
  header.stream_id = load_be32(&bytes[4]);
  header.length = load_be32(&bytes[8]);
  return header;
}

void encode_yamux_header(const YamuxHeader& header, std::span<uint8_t, kYamuxHeaderSize> out) {
  out[0] = kVersion;
  out[1] = static_cast<uint8_t>(header.type);
  store_be16(&out[2], header.flags);
  store_be32(&out[4], header.stream_id);
  store_be32(&out[8], header.length);
}

void append_yamux_header(Bytes& out, const YamuxHeader& header) {
  std::array<uint8_t, kYamuxHeaderSize> encoded;
  encode_yamux_header(header, encoded);
  out.insert(out.end(), encoded.begin(), encoded.end());
}

}  // namespace canary::network
