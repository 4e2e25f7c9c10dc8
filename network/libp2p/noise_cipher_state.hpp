// The Noise CipherState (noiseprotocol.org, rev 34, section 5.1) for ChaChaPoly: a key k and a
// counter n. Each message is ChaCha20-Poly1305 (IETF, RFC 8439) under k with the 96-bit nonce
// 0x00000000 ++ little-endian 64-bit n, and n advances after every successful operation.
#pragma once

#include <cstdint>
#include <limits>

#include "network/libp2p/noise_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

class NoiseCipherState {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kTagSize = 16;
  // Reserved by the spec (it is Rekey's nonce): a cipher whose n reached it refuses to run, so a
  // (key, nonce) pair can never repeat.
  static constexpr uint64_t kReservedNonce = std::numeric_limits<uint64_t>::max();
  using Key = ByteArray<kKeySize>;

  // No key yet: messages pass in the clear (a handshake before its first MixKey).
  NoiseCipherState() = default;
  explicit NoiseCipherState(const Key& key);
  NoiseCipherState(const NoiseCipherState&) = default;
  NoiseCipherState& operator=(const NoiseCipherState&) = default;
  ~NoiseCipherState();  // wipes the key

  bool has_key() const { return has_key_; }
  uint64_t nonce() const { return nonce_; }
  void set_nonce(uint64_t nonce) { nonce_ = nonce; }

  // The ciphertext's size for a plaintext: the tag is only added once there is a key.
  size_t ciphertext_size(size_t plaintext_size) const {
    return plaintext_size + (has_key_ ? kTagSize : 0);
  }

  // EncryptWithAd: writes ciphertext_size(plaintext.size()) bytes into `out`, which must have
  // exactly that size and must not overlap `plaintext`.
  Result<void, NoiseError> encrypt_with_ad(ByteSpan ad, ByteSpan plaintext, MutableByteSpan out);

  // DecryptWithAd: writes the plaintext (ciphertext.size() - kTagSize bytes with a key) into
  // `out`, which must have exactly that size. On failure n stays and `out` holds no plaintext.
  Result<void, NoiseError> decrypt_with_ad(ByteSpan ad, ByteSpan ciphertext, MutableByteSpan out);

 private:
  Key key_{};
  uint64_t nonce_ = 0;
  bool has_key_ = false;
};

// The two CipherStates a finished handshake yields, named from one side's point of view.
struct NoiseCipherPair {
  NoiseCipherState send;
  NoiseCipherState receive;
};

}  // namespace canary::network
