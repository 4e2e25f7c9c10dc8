// The Yamux frame header (hashicorp/yamux spec.md, spoken as /yamux/1.0.0 by libp2p): 12 bytes,
// big-endian, in front of every frame. Only data frames carry a payload; for the other types the
// length field is a value of its own (a window delta, a ping's opaque value, a GoAway code).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

inline constexpr size_t kYamuxHeaderSize = 12;

// Every stream starts with this receive window on both sides; more is granted by window updates.
inline constexpr uint32_t kYamuxInitialWindow = 256 * 1024;

enum class YamuxFrameType : uint8_t {
  kData = 0,          // payload of `length` bytes for a stream
  kWindowUpdate = 1,  // grants `length` more bytes of the sender's receive window
  kPing = 2,          // `length` is an opaque value the answer echoes
  kGoAway = 3,        // `length` is a YamuxGoAwayCode: the sender takes no new streams
};

// Flag bits. SYN opens a stream (or marks a ping request), ACK accepts it (or marks a ping
// answer), FIN half-closes it, RST aborts it. Unknown bits are kept and ignored.
inline constexpr uint16_t kYamuxSyn = 0x1;
inline constexpr uint16_t kYamuxAck = 0x2;
inline constexpr uint16_t kYamuxFin = 0x4;
inline constexpr uint16_t kYamuxRst = 0x8;

enum class YamuxGoAwayCode : uint32_t {
  kNormal = 0,
  kProtocolError = 1,
  kInternalError = 2,
};

struct YamuxHeader {
  YamuxFrameType type = YamuxFrameType::kData;
  uint16_t flags = 0;
  uint32_t stream_id = 0;  // 0 is the session itself (pings, GoAway)
  uint32_t length = 0;

  bool has(uint16_t flag) const { return (flags & flag) != 0; }
  bool operator==(const YamuxHeader&) const = default;
};

enum class YamuxHeaderError : uint8_t {
  kBadVersion,  // only version 0 exists
  kBadType,     // a type past GoAway
};

Result<YamuxHeader, YamuxHeaderError> decode_yamux_header(
    std::span<const uint8_t, kYamuxHeaderSize> bytes);

void encode_yamux_header(const YamuxHeader& header, std::span<uint8_t, kYamuxHeaderSize> out);
void append_yamux_header(Bytes& out, const YamuxHeader& header);

}  // namespace canary::network
