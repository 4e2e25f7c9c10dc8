// libp2p's Noise wire format (libp2p specs, noise, "Wire Format"): every Noise message, handshake
// or transport, goes on the wire after its length as a 16-bit big-endian integer, so no message
// exceeds 65535 bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::network {

inline constexpr size_t kNoiseFrameHeaderSize = 2;
inline constexpr size_t kNoiseMaxFrameBody = 65535;

// The body length announced by the two header bytes at `header`.
inline size_t noise_frame_body_size(const uint8_t* header) {
  return (static_cast<size_t>(header[0]) << 8) | header[1];
}

// Writes the two header bytes for a body of `body_size` (at most kNoiseMaxFrameBody) at `header`.
inline void put_noise_frame_header(uint8_t* header, size_t body_size) {
  header[0] = static_cast<uint8_t>(body_size >> 8);
  header[1] = static_cast<uint8_t>(body_size);
}

}  // namespace canary::network
