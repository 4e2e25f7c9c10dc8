// libp2p's Noise transport (libp2p specs, noise, "Wire Format"): after the handshake every frame is
// a 2-byte big-endian length and one ChaCha20-Poly1305 message (at most 65535 bytes, of which 16
// are the tag). Frames carry no sequence number: each side's nonce counts its frames, so a lost,
// reordered, replayed or altered frame fails authentication, and that ends the connection.
//
// Sans-IO: encrypt() appends frames for the socket, decrypt() takes whatever the socket delivered
// and returns the plaintext of every complete frame, keeping at most one partial frame. Neither
// allocates per frame once the caller's output buffer and the partial-frame buffer have grown.
#pragma once

#include <optional>

#include "network/libp2p/noise_cipher_state.hpp"
#include "network/libp2p/noise_frame.hpp"

namespace canary::network {

class NoiseTransport {
 public:
  static constexpr size_t kMaxPlaintextPerFrame = kNoiseMaxFrameBody - NoiseCipherState::kTagSize;

  explicit NoiseTransport(const NoiseCipherPair& ciphers);

  // The most plaintext whose frames fit in `encrypted_bytes` (each frame adds a 2-byte header
  // and a 16-byte tag): what a bounded output buffer can still take.
  static constexpr size_t max_plaintext_within(size_t encrypted_bytes) {
    constexpr size_t kFrame = kNoiseFrameHeaderSize + kNoiseMaxFrameBody;
    constexpr size_t kOverhead = kNoiseFrameHeaderSize + NoiseCipherState::kTagSize;
    const size_t rest = encrypted_bytes % kFrame;
    return encrypted_bytes / kFrame * kMaxPlaintextPerFrame +
           (rest > kOverhead ? rest - kOverhead : 0);
  }

  // Appends to `out` the frames carrying `plaintext`, split every kMaxPlaintextPerFrame bytes;
  // an empty plaintext adds nothing. On error (nonce exhausted) `out` is left as it was.
  Result<void, NoiseError> encrypt(ByteSpan plaintext, Bytes& out);

  // Decrypts the frames completed by `incoming` and appends their plaintext to `out`. An error is
  // final: this and every later call return it, and `out` gains nothing from the failed frame.
  Result<void, NoiseError> decrypt(ByteSpan incoming, Bytes& out);

  // Bytes of a frame still incomplete: never more than one frame (2 + 65535 bytes).
  size_t buffered() const { return partial_.size(); }
  uint64_t frames_sent() const { return send_.nonce(); }
  uint64_t frames_received() const { return receive_.nonce(); }

 private:
  Result<void, NoiseError> decrypt_frame(ByteSpan body, Bytes& out);
  // Moves bytes from `incoming` into `partial_` until it holds `size` bytes; false if it ran out.
  bool fill_partial(ByteSpan& incoming, size_t size);

  NoiseCipherState send_;
  NoiseCipherState receive_;
  Bytes partial_;
  std::optional<NoiseError> failure_;
};

}  // namespace canary::network
