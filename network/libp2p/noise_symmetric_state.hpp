// The Noise SymmetricState (noiseprotocol.org, rev 34, section 5.2) for SHA-256: the chaining key
// ck that every Diffie-Hellman result is mixed into, the handshake hash h that binds everything
// sent so far (it is the associated data of each handshake ciphertext), and the CipherState keyed
// from ck. HKDF is RFC 5869 over HMAC-SHA256 with ck as the salt.
#pragma once

#include <string_view>
#include <utility>

#include "network/libp2p/noise_cipher_state.hpp"

namespace canary::network {

class NoiseSymmetricState {
 public:
  static constexpr size_t kHashSize = 32;

  // InitializeSymmetric: h is the protocol name, zero-padded to 32 bytes, or its hash if longer.
  explicit NoiseSymmetricState(std::string_view protocol_name);
  NoiseSymmetricState(const NoiseSymmetricState&) = default;
  NoiseSymmetricState& operator=(const NoiseSymmetricState&) = default;
  ~NoiseSymmetricState();  // wipes ck

  void mix_hash(ByteSpan data);
  // ck, k = HKDF(ck, input_key_material): a fresh key with n = 0.
  void mix_key(ByteSpan input_key_material);

  // Appends the (possibly clear) ciphertext of `plaintext` under ad = h to `out`, then mixes it
  // into h.
  Result<void, NoiseError> encrypt_and_hash(ByteSpan plaintext, Bytes& out);
  Result<Bytes, NoiseError> decrypt_and_hash(ByteSpan ciphertext);

  // The transport ciphers: the first for initiator-to-responder, the second for the reverse.
  std::pair<NoiseCipherState, NoiseCipherState> split() const;

  bool has_key() const { return cipher_.has_key(); }
  const Hash256& handshake_hash() const { return h_; }

 private:
  Hash256 ck_{};
  Hash256 h_{};
  NoiseCipherState cipher_;
};

}  // namespace canary::network
