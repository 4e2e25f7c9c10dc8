#include "network/libp2p/noise_symmetric_state.hpp"

#include <algorithm>

#include "network/libp2p/noise_sodium.hpp"

namespace canary::network {

namespace {

static_assert(crypto_hash_sha256_BYTES == NoiseSymmetricState::kHashSize);
static_assert(crypto_auth_hmacsha256_BYTES == NoiseSymmetricState::kHashSize);

// HMAC-SHA256(key, part1 ++ part2), without concatenating.
Hash256 hmac_sha256(const Hash256& key, ByteSpan part1, ByteSpan part2 = {}) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, part1.data(), part1.size());
  crypto_auth_hmacsha256_update(&state, part2.data(), part2.size());
  Hash256 out;
  crypto_auth_hmacsha256_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  return out;
}

// Noise's HKDF with two outputs (section 4.3): the extract step keyed by the chaining key, then
// two expand blocks. XX has no PSK, so the three-output form is never needed.
std::pair<Hash256, Hash256> hkdf2(const Hash256& chaining_key, ByteSpan input_key_material) {
  Hash256 temp_key = hmac_sha256(chaining_key, input_key_material);
  const uint8_t one = 0x01;
  const uint8_t two = 0x02;
  const Hash256 output1 = hmac_sha256(temp_key, ByteSpan(&one, 1));
  const Hash256 output2 = hmac_sha256(temp_key, output1, ByteSpan(&two, 1));
  sodium_memzero(temp_key.data(), temp_key.size());
  return {output1, output2};
}

}  // namespace

NoiseSymmetricState::NoiseSymmetricState(std::string_view protocol_name) {
  noise_detail::ensure_sodium_initialised();
  const ByteSpan name = as_bytes(protocol_name);
  if (name.size() <= h_.size()) {
    std::copy(name.begin(), name.end(), h_.begin());
  } else {
    crypto_hash_sha256(h_.data(), name.data(), name.size());
  }
  ck_ = h_;
}

NoiseSymmetricState::~NoiseSymmetricState() {
  sodium_memzero(ck_.data(), ck_.size());
}

void NoiseSymmetricState::mix_hash(ByteSpan data) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, h_.data(), h_.size());
  crypto_hash_sha256_update(&state, data.data(), data.size());
  crypto_hash_sha256_final(&state, h_.data());
}

void NoiseSymmetricState::mix_key(ByteSpan input_key_material) {
  auto [chaining_key, key] = hkdf2(ck_, input_key_material);
  ck_ = chaining_key;
  cipher_ = NoiseCipherState(key);
  sodium_memzero(chaining_key.data(), chaining_key.size());
  sodium_memzero(key.data(), key.size());
}

Result<void, NoiseError> NoiseSymmetricState::encrypt_and_hash(ByteSpan plaintext, Bytes& out) {
  const size_t start = out.size();
  out.resize(start + cipher_.ciphertext_size(plaintext.size()));
  const MutableByteSpan ciphertext(out.data() + start, out.size() - start);
  if (auto ok = cipher_.encrypt_with_ad(h_, plaintext, ciphertext); !ok) {
    out.resize(start);
    return ok;
  }
  mix_hash(ciphertext);
  return {};
}

Result<Bytes, NoiseError> NoiseSymmetricState::decrypt_and_hash(ByteSpan ciphertext) {
  size_t plaintext_size = ciphertext.size();
  if (cipher_.has_key()) {
    if (ciphertext.size() < NoiseCipherState::kTagSize) {
      return unexpected(NoiseError::kMessageTooShort);
    }
    plaintext_size -= NoiseCipherState::kTagSize;
  }
  Bytes plaintext(plaintext_size);
  if (auto ok = cipher_.decrypt_with_ad(h_, ciphertext, plaintext); !ok) {
    return unexpected(ok.error());
  }
  mix_hash(ciphertext);
  return plaintext;
}

std::pair<NoiseCipherState, NoiseCipherState> NoiseSymmetricState::split() const {
  auto [key1, key2] = hkdf2(ck_, {});
  std::pair<NoiseCipherState, NoiseCipherState> ciphers{NoiseCipherState(key1),
                                                        NoiseCipherState(key2)};
  sodium_memzero(key1.data(), key1.size());
  sodium_memzero(key2.data(), key2.size());
  return ciphers;
}

}  // namespace canary::network
