#include "network/libp2p/ping.hpp"

#include <algorithm>
#include <cstring>

namespace canary::network {

Bytes PingResponder::feed(ByteSpan received) {
  Bytes echo;
  while (!received.empty()) {
    const size_t n = std::min(kPingPayloadSize - partial_size_, received.size());
    std::memcpy(partial_.data() + partial_size_, received.data(), n);
    partial_size_ += n;
    received = received.subspan(n);
    if (partial_size_ == kPingPayloadSize) {
      echo.insert(echo.end(), partial_.begin(), partial_.end());
      partial_size_ = 0;
    }
  }
  return echo;
}

const char* to_string(PingError e) {
  switch (e) {
    case PingError::kUnexpectedData:
      return "ping data while no ping was outstanding";
    case PingError::kMismatch:
      return "ping echo does not match the payload";
  }
  return "unknown ping error";
}

Bytes PingInitiator::start(const PingPayload& payload, TimePoint now) {
  payload_ = payload;
  matched_ = 0;
  outstanding_ = true;
  sent_at_ = now;
  return Bytes(payload.begin(), payload.end());
}

Result<std::optional<PingInitiator::Duration>, PingError> PingInitiator::feed(ByteSpan received,
                                                                              TimePoint now) {
  if (failure_) return unexpected(*failure_);
  if (received.empty()) return std::optional<Duration>{};
  if (!outstanding_) {
    failure_ = PingError::kUnexpectedData;
    return unexpected(*failure_);
  }
  // An echo longer than the payload is data while no ping is outstanding.
  if (received.size() > kPingPayloadSize - matched_) {
    failure_ = PingError::kUnexpectedData;
    return unexpected(*failure_);
  }
  if (std::memcmp(payload_.data() + matched_, received.data(), received.size()) != 0) {
    failure_ = PingError::kMismatch;
    return unexpected(*failure_);
  }
  matched_ += received.size();
  if (matched_ < kPingPayloadSize) return std::optional<Duration>{};
  outstanding_ = false;
  return std::optional<Duration>(now - sent_at_);
}

}  // namespace canary::network
