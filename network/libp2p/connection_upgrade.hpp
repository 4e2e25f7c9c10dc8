// The upgrade of a raw byte stream into a secured, multiplexed libp2p connection (libp2p specs,
// connections), as a sans-IO state machine:
//   multistream-select "/noise"  →  Noise XX handshake (the remote's PeerId is learnt, and checked
//   against the dialed one)  →  multistream-select "/yamux/1.0.0" inside Noise.
// The dialer proposes lazily when asked (rust-libp2p's V1Lazy, as Substrate does): the Noise
// handshake follows the "/noise" proposal without waiting for the echo, and the first Yamux bytes
// follow the "/yamux/1.0.0" proposal.
//
// Fed the peer's bytes, it appends what to send to the caller's output buffer. Once complete it
// hands over the peer's PeerId, the Noise transport (both ciphers) and the plaintext that followed
// the muxer negotiation: the first Yamux bytes. Errors are final. Time is the caller's business
// (Connection runs the handshake timeout).
#pragma once

#include <optional>

#include "network/libp2p/connection_config.hpp"
#include "network/libp2p/multistream_select.hpp"
#include "network/libp2p/noise_handshake.hpp"
#include "network/libp2p/noise_transport.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

class ConnectionUpgrade {
 public:
  struct Upgraded {
    PeerId remote;
    NoiseTransport transport;
    Bytes first_plaintext;  // what followed the muxer negotiation: Yamux's first bytes
  };

  // Uses the role, identity, Noise static key, expected peer and lazy_upgrade of `config`;
  // `random` gives the Noise ephemeral key.
  ConnectionUpgrade(const ConnectionConfig& config, RandomSource random);

  // Appends the dialer's first bytes (its proposal, and with a lazy proposal Noise's first
  // message) to `out`; the listener has nothing to say first.
  void start(Bytes& out);

  // Bytes from the peer, in chunks of any size; the replies are appended to `out` (also on error:
  // a multistream "na" may precede the failure).
  Result<void, ConnectionError> feed(ByteSpan received, Bytes& out);

  // kSecurityNegotiation, kNoiseHandshake, kMuxerNegotiation, then kEstablished once complete
  // (kClosed after an error).
  ConnectionPhase phase() const { return phase_; }
  bool is_complete() const { return phase_ == ConnectionPhase::kEstablished; }
  // Known once the Noise handshake verified it.
  const std::optional<PeerId>& remote_peer() const { return remote_peer_; }

  // Once complete, once: the connection's secured transport.
  Upgraded take_result();

 private:
  Result<void, ConnectionError> feed_security(ByteSpan received, Bytes& out);
  Result<void, ConnectionError> enter_noise(Bytes first_bytes, Bytes& out);
  Result<void, ConnectionError> feed_noise(ByteSpan received, Bytes& out);
  Result<void, ConnectionError> feed_muxer(ByteSpan received, Bytes& out);
  Result<void, ConnectionError> encrypt(ByteSpan plaintext, Bytes& out);
  Result<void, ConnectionError> fail(ConnectionError error);

  ConnectionRole role_;
  crypto::ed25519::Keypair identity_;
  ByteArray<32> noise_static_secret_;
  std::optional<PeerId> expected_peer_;
  MultistreamVersion version_;
  RandomSource random_;

  ConnectionPhase phase_ = ConnectionPhase::kSecurityNegotiation;
  std::optional<ConnectionError> failure_;
  std::optional<MultistreamDialer> dialer_;
  std::optional<MultistreamListener> listener_;
  bool noise_started_ = false;  // the lazy dialer starts Noise before "/noise" is confirmed
  std::optional<NoiseHandshake> noise_;
  std::optional<NoiseTransport> transport_;
  std::optional<PeerId> remote_peer_;
  Bytes plain_;  // the decrypted input of one feed
  Bytes first_plaintext_;
};

}  // namespace canary::network
