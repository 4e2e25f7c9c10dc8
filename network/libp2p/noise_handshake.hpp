// libp2p's `/noise` handshake, sans-IO (libp2p specs, noise): Noise XX in 2-byte length frames.
// Message 1 carries nothing but the initiator's ephemeral key; messages 2 (responder) and 3
// (initiator) carry the sender's NoiseHandshakePayload, verified on receipt. The initiator checks
// the responder's identity before revealing its own in message 3.
//
//   NoiseHandshake handshake(NoiseRole::kInitiator, keys);
//   write(handshake.start());
//   while (!handshake.is_complete()) write(handshake.feed(read()).value());  // error: close
//   NoiseHandshakeResult result = handshake.take_result();
//
// Bytes that arrive after the last handshake message (a responder may receive the initiator's
// first transport frames in the same read) are kept in the result for the transport.
#pragma once

#include <optional>

#include "network/libp2p/noise_handshake_state.hpp"
#include "network/libp2p/noise_payload.hpp"

namespace canary::network {

// What a node brings to one handshake.
struct NoiseHandshakeKeys {
  crypto::ed25519::Keypair identity;  // the libp2p identity (the PeerId's key)
  // The X25519 static secret: per node or per connection (the spec allows both; neither is
  // stored on disk). Its public key is what the identity signs.
  ByteArray<32> static_secret{};
  // Fresh random bytes for every connection, never reused.
  ByteArray<32> ephemeral_secret{};
};

struct NoiseHandshakeResult {
  NoiseRemoteIdentity remote;
  NoiseCipherPair ciphers;
  // Bytes read past the last handshake frame: the first transport frames.
  Bytes unread;
  // The Noise handshake hash, for channel binding should a protocol need it.
  Hash256 handshake_hash{};
};

class NoiseHandshake {
 public:
  NoiseHandshake(NoiseRole role, const NoiseHandshakeKeys& keys);

  // The bytes to send before anything arrives: the initiator's message 1 (a responder gets
  // nothing). Anything start() was not asked for is returned by the next feed() instead.
  Bytes start();

  // Takes bytes from the connection, in chunks of any size, and returns the bytes to send in
  // reply. An error is final: the connection must be closed.
  Result<Bytes, NoiseError> feed(ByteSpan incoming);

  bool is_complete() const { return result_.has_value(); }

  // Once complete: the verified remote identity, the transport ciphers and the unread bytes.
  // Later feed() calls append to `unread` until the result is taken; taking it twice aborts.
  NoiseHandshakeResult take_result();

 private:
  Result<void, NoiseError> process_frames();
  Result<void, NoiseError> read_message(ByteSpan message);
  Result<void, NoiseError> write_message();
  void complete();

  NoiseXXHandshakeState state_;
  Bytes local_payload_;  // sent in our message 2 or 3
  Bytes inbox_;          // received bytes not yet consumed as a whole frame
  Bytes outbox_;         // frames produced and not yet returned
  std::optional<NoiseRemoteIdentity> remote_;
  std::optional<NoiseHandshakeResult> result_;
  std::optional<NoiseError> failure_;
  bool result_taken_ = false;
};

}  // namespace canary::network
