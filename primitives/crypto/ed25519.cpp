#include "primitives/crypto/ed25519.hpp"

#include <sodium.h>

#include <cstring>

#include "primitives/crypto/ed25519_zip215.hpp"
#include "primitives/hash/hash.hpp"

namespace canary::crypto::ed25519 {
namespace {

// libsodium asks for sodium_init() before use; it is idempotent and thread-safe.
void ensure_sodium() {
  static const bool kReady = sodium_init() >= 0;
  (void)kReady;
}

// libsodium wants a valid pointer even for an empty message.
const uint8_t* message_ptr(ByteSpan message) {
  static const uint8_t kEmpty = 0;
  return message.empty() ? &kEmpty : message.data();
}

}  // namespace

Keypair keypair_from_seed(const Seed& seed) {
  ensure_sodium();
  Keypair keypair{seed, {}};
  uint8_t secret[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(keypair.public_key.data(), secret, seed.data());
  sodium_memzero(secret, sizeof secret);
  return keypair;
}

Signature sign(const Keypair& keypair, ByteSpan message) {
  ensure_sodium();
  uint8_t public_key[crypto_sign_PUBLICKEYBYTES];
  uint8_t secret[crypto_sign_SECRETKEYBYTES];  // seed || public key, as libsodium lays it out
  crypto_sign_seed_keypair(public_key, secret, keypair.seed.data());
  Signature signature{};
  crypto_sign_detached(signature.data(), nullptr, message_ptr(message), message.size(), secret);
  sodium_memzero(secret, sizeof secret);
  return signature;
}

bool verify(const Signature& signature, ByteSpan message, const PublicKey& public_key) {
  // Our ZIP-215 verifier decides alone: it is the reference's rule set (ed25519-zebra) and it is
  // faster than libsodium's verify (variable-time multi-scalar multiplication on public data),
  // so a libsodium first pass would only double the cost of every invalid signature.
  return verify_zip215(signature, message, public_key);
}

Seed hard_derive(const Seed& seed, const ChainCode& chain_code) {
  // SCALE of the tuple: compact(11) = 0x2c, the 11 ASCII bytes, then the two fixed arrays as is.
  // sp-core ed25519.rs `derive_hard_junction`.
  static constexpr char kTag[] = "Ed25519HDKD";
  constexpr size_t kTagLen = sizeof kTag - 1;
  uint8_t buffer[1 + kTagLen + 32 + 32];
  buffer[0] = static_cast<uint8_t>(kTagLen << 2);
  std::memcpy(buffer + 1, kTag, kTagLen);
  std::memcpy(buffer + 1 + kTagLen, seed.data(), 32);
  std::memcpy(buffer + 1 + kTagLen + 32, chain_code.data(), 32);
  const Seed derived = hash::blake2b_256(ByteSpan(buffer, sizeof buffer));
  sodium_memzero(buffer, sizeof buffer);
  return derived;
}

}  // namespace canary::crypto::ed25519
