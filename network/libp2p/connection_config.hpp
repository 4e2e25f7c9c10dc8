// What a libp2p connection (connection.hpp) is configured with, the phases it goes through and
// how it fails: shared by the connection and its upgrade (connection_upgrade.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "network/libp2p/yamux_session.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::network {

inline constexpr std::string_view kNoiseProtocol = "/noise";
inline constexpr std::string_view kYamuxProtocol = "/yamux/1.0.0";
// Substrate's identify protocolVersion.
inline constexpr std::string_view kSubstrateProtocolVersion = "/substrate/1.0";

enum class ConnectionRole : uint8_t { kDialer, kListener };

// Fills the span with random bytes (cryptographic: Noise ephemeral keys come from it).
using RandomSource = std::function<void(std::span<uint8_t>)>;

struct ConnectionTimeouts {
  // From start() to Yamux being up (Substrate's transport timeout).
  std::chrono::milliseconds handshake{20'000};
  // A substream's multistream-select (rust-libp2p's substream upgrade timeout).
  std::chrono::milliseconds negotiation{10'000};
  // Identify exchanges, and how long a built-in substream we closed waits for the peer's close.
  std::chrono::milliseconds identify{20'000};
  // rust-libp2p ping's defaults.
  std::chrono::milliseconds ping_interval{15'000};
  std::chrono::milliseconds ping_timeout{20'000};
};

struct ConnectionConfig {
  ConnectionRole role = ConnectionRole::kDialer;
  crypto::ed25519::Keypair identity{};  // the PeerId's key
  ByteArray<32> noise_static_secret{};  // X25519, per node
  // Dialer: the PeerId the address named (/p2p/...); the connection fails if another answers.
  std::optional<PeerId> expected_peer;
  // Where the peer is, as the socket sees it: identify's observedAddr.
  Multiaddr remote_address;
  YamuxConfig yamux{};
  ConnectionTimeouts timeouts{};
  // Encrypted bytes waiting for the socket past which Yamux output stays queued in Yamux.
  size_t max_output_bytes = 256 * 1024;
  size_t max_inbound_ping_substreams = 2;
  // The dialer's multistream-select for "/noise" and "/yamux/1.0.0": V1Lazy (Substrate) or V1.
  bool lazy_upgrade = true;
};

enum class ConnectionPhase : uint8_t {
  kSecurityNegotiation,  // multistream-select for "/noise"
  kNoiseHandshake,
  kMuxerNegotiation,  // multistream-select for "/yamux/1.0.0", encrypted
  kEstablished,
  kClosed,  // failed, or close() was called
};

enum class ConnectionErrorKind : uint8_t {
  kSecurityNegotiation,  // no agreement on "/noise" (detail: MultistreamError)
  kNoise,                // the handshake or the transport failed (detail: NoiseError)
  kPeerIdMismatch,       // the peer is not the one dialed
  kMuxerNegotiation,     // no agreement on "/yamux/1.0.0" (detail: MultistreamError)
  kYamux,                // the peer broke Yamux (detail: YamuxProtocolError)
  kHandshakeTimeout,     // not established within timeouts.handshake
  kPingFailed,           // no echo within timeouts.ping_timeout, or a wrong one
};

struct ConnectionError {
  ConnectionErrorKind kind = ConnectionErrorKind::kNoise;
  uint8_t detail = 0;  // the MultistreamError, NoiseError or YamuxProtocolError behind it

  std::string message() const;
  friend bool operator==(const ConnectionError&, const ConnectionError&) = default;
};

}  // namespace canary::network
