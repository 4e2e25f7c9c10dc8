// libp2p ping (libp2p specs, ping; "/ipfs/ping/1.0.0"): the dialer of a substream writes 32 random
// bytes, the listener echoes them, the dialer times the round trip. The substream may carry any
// number of pings one after the other. Sans-IO: both sides are fed the bytes that arrived.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

inline constexpr std::string_view kPingProtocol = "/ipfs/ping/1.0.0";
inline constexpr size_t kPingPayloadSize = 32;

using PingPayload = std::array<uint8_t, kPingPayloadSize>;

// The listener: echoes each whole payload, keeping at most one partial payload (31 bytes).
class PingResponder {
 public:
  // Returns the bytes to write back (whole payloads only).
  Bytes feed(ByteSpan received);

 private:
  PingPayload partial_{};
  size_t partial_size_ = 0;
};

enum class PingError : uint8_t {
  kUnexpectedData,  // bytes while no ping was outstanding
  kMismatch,        // the echo differs from what we sent
};

const char* to_string(PingError e);

// The dialer: one ping at a time.
class PingInitiator {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  // Starts a ping; returns the bytes to write. A ping still outstanding is abandoned (its echo
  // would then be a mismatch: do not restart on a stream that may still deliver it).
  Bytes start(const PingPayload& payload, TimePoint now);

  // The peer's bytes; the round-trip time once the whole echo arrived. An error is final.
  Result<std::optional<Duration>, PingError> feed(ByteSpan received, TimePoint now);

  bool outstanding() const { return outstanding_; }
  TimePoint sent_at() const { return sent_at_; }

 private:
  PingPayload payload_{};
  size_t matched_ = 0;
  bool outstanding_ = false;
  TimePoint sent_at_{};
  std::optional<PingError> failure_;
};

}  // namespace canary::network
