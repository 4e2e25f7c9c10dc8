#include "primitives/crypto/ecdsa.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <sodium.h>

#include <cstring>

#include "primitives/hash/hash.hpp"

namespace canary::crypto::ecdsa {
namespace {

// One context for the process, created on first use (thread-safe static initialization) and
// randomized once for side-channel blinding of signing and key generation. After that it is only
// read, which libsecp256k1 allows from any number of threads.
const secp256k1_context* context() {
  static const secp256k1_context* const kContext = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (sodium_init() < 0) return static_cast<const secp256k1_context*>(c);
    uint8_t blinding[32];
    randombytes_buf(blinding, sizeof blinding);
    // Randomization failing leaves a working, merely unblinded context.
    (void)secp256k1_context_randomize(c, blinding);
    sodium_memzero(blinding, sizeof blinding);
    return static_cast<const secp256k1_context*>(c);
  }();
  return kContext;
}

// secp256k1 group order n, big-endian.
constexpr uint8_t kOrderN[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};

// x := x mod n for a 256-bit big-endian x. Since n > 2^255, one subtraction suffices. This is the
// "overflowing" parse of libsecp256k1 (Rust) `Signature::parse_overflowing_slice`, which sp-io's
// version-1 functions use. Public data only.
void reduce_mod_n(uint8_t* x) {
  if (std::memcmp(x, kOrderN, 32) < 0) return;
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = x[i] - kOrderN[i] - borrow;
    borrow = d < 0 ? 1 : 0;
    x[i] = static_cast<uint8_t>(d + (borrow << 8));
  }
}

// Shared core of verification and the host functions.
Result<secp256k1_pubkey, RecoverError> recover_point(const Signature& signature,
                                                     const Hash256& prehash, bool allow_overflow,
                                                     bool allow_ethereum_v) {
  int v = signature[64];
  if (allow_ethereum_v && v > 26) v -= 27;  // sp-io: `if sig[64] > 26 { sig[64] - 27 }`
  if (v > 3) return unexpected(RecoverError::kInvalidV);
  uint8_t rs[64];
  std::memcpy(rs, signature.data(), 64);
  if (allow_overflow) {
    reduce_mod_n(rs);
    reduce_mod_n(rs + 32);
  }
  secp256k1_ecdsa_recoverable_signature parsed;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &parsed, rs, v) != 1) {
    return unexpected(RecoverError::kInvalidRS);  // r or s >= n
  }
  // Fails for r = 0 or s = 0, r not an x coordinate, or the point at infinity as result.
  secp256k1_pubkey key;
  if (secp256k1_ecdsa_recover(context(), &key, &parsed, prehash.data()) != 1) {
    return unexpected(RecoverError::kInvalidSignature);
  }
  return key;
}

PublicKey serialize_compressed(const secp256k1_pubkey& key) {
  PublicKey out{};
  size_t len = out.size();
  secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &key, SECP256K1_EC_COMPRESSED);
  return out;
}

bool verify_impl(const Signature& signature, const Hash256& prehash, const PublicKey& public_key,
                 bool allow_overflow) {
  const auto key = recover_point(signature, prehash, allow_overflow, /*allow_ethereum_v=*/false);
  return key && serialize_compressed(*key) == public_key;
}

}  // namespace

const char* to_string(Error e) {
  switch (e) {
    case Error::kInvalidSeed:
      return "invalid secp256k1 secret key";
  }
  return "unknown ecdsa error";
}

const char* to_string(RecoverError e) {
  switch (e) {
    case RecoverError::kInvalidRS:
      return "invalid r or s";
    case RecoverError::kInvalidV:
      return "invalid recovery id";
    case RecoverError::kInvalidSignature:
      return "invalid signature";
  }
  return "unknown ecdsa recover error";
}

Result<Keypair, Error> keypair_from_seed(const Seed& seed) {
  const secp256k1_context* ctx = context();
  if (secp256k1_ec_seckey_verify(ctx, seed.data()) != 1) return unexpected(Error::kInvalidSeed);
  secp256k1_pubkey key;
  if (secp256k1_ec_pubkey_create(ctx, &key, seed.data()) != 1) {
    return unexpected(Error::kInvalidSeed);
  }
  return Keypair{seed, serialize_compressed(key)};
}

Signature sign(const Keypair& keypair, ByteSpan message) {
  return sign_prehashed(keypair, hash::blake2b_256(message));
}

Signature sign_prehashed(const Keypair& keypair, const Hash256& prehash) {
  Signature out{};
  secp256k1_ecdsa_recoverable_signature sig;
  // Default nonce function = RFC 6979 (HMAC-SHA256); libsecp256k1 always emits low s and adjusts
  // the recovery id accordingly, exactly what rust-secp256k1 `sign_ecdsa_recoverable` returns.
  if (secp256k1_ecdsa_sign_recoverable(context(), &sig, prehash.data(), keypair.seed.data(),
                                       nullptr, nullptr) != 1) {
    return out;
  }
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out.data(), &recid, &sig);
  out[64] = static_cast<uint8_t>(recid);
  return out;
}

bool verify(const Signature& signature, ByteSpan message, const PublicKey& public_key,
            bool allow_overflow) {
  return verify_impl(signature, hash::blake2b_256(message), public_key, allow_overflow);
}

bool verify_prehashed(const Signature& signature, const Hash256& prehash,
                      const PublicKey& public_key) {
  return verify_impl(signature, prehash, public_key, /*allow_overflow=*/false);
}

Result<UncompressedPublicKey, RecoverError> recover(const Signature& signature,
                                                    const Hash256& prehash, bool allow_overflow) {
  const auto key = recover_point(signature, prehash, allow_overflow, /*allow_ethereum_v=*/true);
  if (!key) return unexpected(key.error());
  uint8_t full[65];
  size_t len = sizeof full;
  secp256k1_ec_pubkey_serialize(context(), full, &len, &*key, SECP256K1_EC_UNCOMPRESSED);
  UncompressedPublicKey out{};
  std::memcpy(out.data(), full + 1, out.size());
  return out;
}

Result<PublicKey, RecoverError> recover_compressed(const Signature& signature,
                                                   const Hash256& prehash, bool allow_overflow) {
  const auto key = recover_point(signature, prehash, allow_overflow, /*allow_ethereum_v=*/true);
  if (!key) return unexpected(key.error());
  return serialize_compressed(*key);
}

Seed hard_derive(const Seed& seed, const ChainCode& chain_code) {
  // SCALE of the tuple: compact(13) = 0x34, the 13 ASCII bytes, then the two fixed arrays as is.
  // sp-core ecdsa.rs `derive_hard_junction`.
  static constexpr char kTag[] = "Secp256k1HDKD";
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

Hash256 account_id(const PublicKey& public_key) {
  return hash::blake2b_256(public_key);
}

}  // namespace canary::crypto::ecdsa
