// The Noise HandshakeState (noiseprotocol.org, rev 34, section 5.3) for one pattern only, the one
// libp2p speaks: Noise_XX_25519_ChaChaPoly_SHA256.
//   -> e
//   <- e, ee, s, es
//   -> s, se
// Sans-IO and without randomness: the caller brings the ephemeral secret (fresh random bytes for
// every handshake; fixed ones in tests). Messages are unframed here; libp2p's framing and payloads
// live in noise_handshake.hpp.
#pragma once

#include <optional>
#include <string_view>

#include "network/libp2p/noise_symmetric_state.hpp"

namespace canary::network {

// An X25519 key pair. Any 32 bytes are a secret: X25519 clamps them (RFC 7748, section 5).
struct NoiseKeypair {
  ByteArray<32> secret{};
  ByteArray<32> public_key{};

  static NoiseKeypair from_secret(const ByteArray<32>& secret);
};

enum class NoiseRole : uint8_t { kInitiator, kResponder };

class NoiseXXHandshakeState {
 public:
  static constexpr std::string_view kProtocolName = "Noise_XX_25519_ChaChaPoly_SHA256";
  static constexpr size_t kMessageCount = 3;
  // The Noise limit on any message, handshake or transport.
  static constexpr size_t kMaxMessageSize = 65535;

  // libp2p's prologue is empty; the test vectors use one.
  NoiseXXHandshakeState(NoiseRole role, const NoiseKeypair& local_static,
                        const NoiseKeypair& local_ephemeral, ByteSpan prologue = {});
  NoiseXXHandshakeState(const NoiseXXHandshakeState&) = default;
  NoiseXXHandshakeState& operator=(const NoiseXXHandshakeState&) = default;
  ~NoiseXXHandshakeState();  // wipes the secrets

  NoiseRole role() const { return role_; }
  // 0, 1 or 2: the message the pattern expects next; kMessageCount once all three went by.
  size_t next_message() const { return next_message_; }
  bool is_finished() const { return next_message_ == kMessageCount; }
  // Whether the next message is ours to write (else ours to read).
  bool is_my_turn() const;

  // Appends the next message, carrying `payload`, to `out`.
  Result<void, NoiseError> write_message(ByteSpan payload, Bytes& out);
  // Reads the next message and returns its payload. Any error leaves the handshake failed: every
  // later call returns the same error.
  Result<Bytes, NoiseError> read_message(ByteSpan message);

  // The remote's static key, known after message 2 (initiator) or message 3 (responder).
  const std::optional<ByteArray<32>>& remote_static_key() const { return remote_static_; }
  const NoiseKeypair& local_static_key() const { return static_; }
  const Hash256& handshake_hash() const { return symmetric_.handshake_hash(); }

  // Once finished: the transport ciphers, oriented for this side.
  NoiseCipherPair split() const;

 private:
  Result<void, NoiseError> mix_diffie_hellman(const NoiseKeypair& local,
                                              const ByteArray<32>& remote);
  Result<Bytes, NoiseError> read_next(ByteSpan message);
  Result<void, NoiseError> fail(NoiseError error);

  NoiseRole role_;
  NoiseSymmetricState symmetric_;
  NoiseKeypair static_;
  NoiseKeypair ephemeral_;
  std::optional<ByteArray<32>> remote_ephemeral_;
  std::optional<ByteArray<32>> remote_static_;
  size_t next_message_ = 0;
  std::optional<NoiseError> failure_;
};

}  // namespace canary::network
