#include "network/libp2p/noise_cipher_state.hpp"

#include <algorithm>

#include "network/libp2p/noise_sodium.hpp"

namespace canary::network {

namespace {

using Nonce = ByteArray<crypto_aead_chacha20poly1305_IETF_NPUBBYTES>;
static_assert(crypto_aead_chacha20poly1305_IETF_NPUBBYTES == 12);
static_assert(crypto_aead_chacha20poly1305_IETF_ABYTES == NoiseCipherState::kTagSize);
static_assert(crypto_aead_chacha20poly1305_IETF_KEYBYTES == NoiseCipherState::kKeySize);

// Noise's ChaChaPoly nonce: 32 bits of zeros, then n little-endian.
Nonce encode_nonce(uint64_t n) {
  Nonce nonce{};
  for (size_t i = 0; i < 8; ++i) nonce[4 + i] = static_cast<uint8_t>(n >> (8 * i));
  return nonce;
}

}  // namespace

NoiseCipherState::NoiseCipherState(const Key& key) : key_(key), has_key_(true) {
  noise_detail::ensure_sodium_initialised();
}

NoiseCipherState::~NoiseCipherState() {
  sodium_memzero(key_.data(), key_.size());
}

Result<void, NoiseError> NoiseCipherState::encrypt_with_ad(ByteSpan ad, ByteSpan plaintext,
                                                           MutableByteSpan out) {
  if (out.size() != ciphertext_size(plaintext.size())) contract_violation();
  if (!has_key_) {
    std::copy(plaintext.begin(), plaintext.end(), out.begin());
    return {};
  }
  if (nonce_ == kReservedNonce) return unexpected(NoiseError::kNonceExhausted);
  const Nonce nonce = encode_nonce(nonce_);
  unsigned long long written = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data(), &written, plaintext.data(),
                                            plaintext.size(), ad.data(), ad.size(), nullptr,
                                            nonce.data(), key_.data());
  ++nonce_;
  return {};
}

Result<void, NoiseError> NoiseCipherState::decrypt_with_ad(ByteSpan ad, ByteSpan ciphertext,
                                                           MutableByteSpan out) {
  if (!has_key_) {
    if (out.size() != ciphertext.size()) contract_violation();
    std::copy(ciphertext.begin(), ciphertext.end(), out.begin());
    return {};
  }
  if (ciphertext.size() < kTagSize) return unexpected(NoiseError::kMessageTooShort);
  if (out.size() != ciphertext.size() - kTagSize) contract_violation();
  if (nonce_ == kReservedNonce) return unexpected(NoiseError::kNonceExhausted);
  const Nonce nonce = encode_nonce(nonce_);
  unsigned long long written = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, ciphertext.data(),
                                                ciphertext.size(), ad.data(), ad.size(),
                                                nonce.data(), key_.data()) != 0) {
    return unexpected(NoiseError::kAuthenticationFailed);
  }
  ++nonce_;
  return {};
}

}  // namespace canary::network
