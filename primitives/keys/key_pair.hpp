// A key pair of any of the three schemes, made from a secret URI the way subkey and sp-core make
// it (`Pair::from_string_with_seed`): a BIP-39 phrase becomes a seed through substrate-bip39 with
// the URI's password, a "0x" hex string is the seed itself, then the junctions apply in order.
//  - sr25519: hard junctions derive a new mini-secret, soft junctions derive the expanded key
//    directly (after which no seed describes the key any more);
//  - ed25519, ecdsa: hard junctions only (a soft junction is KeyError::kInvalidPath).
#pragma once

#include <optional>
#include <string_view>
#include <variant>

#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/keys/scheme.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::keys {

// sp-core SecretStringError, less the variants sp-core never returns from from_string.
enum class KeyError {
  kInvalidFormat,  // the secret URI does not parse
  kInvalidPhrase,  // not a valid BIP-39 English phrase
  kInvalidSeed,    // bad hex, not 32 bytes, or (ecdsa) not a valid secret scalar
  kInvalidPath,    // a soft junction for ed25519 / ecdsa (or a derived ecdsa seed out of range)
};

const char* to_string(KeyError e);

class KeyPair {
 public:
  // `password_override`, when given, replaces the URI's "///password" (sp-core semantics).
  static Result<KeyPair, KeyError> from_suri(
      Scheme scheme, std::string_view suri,
      std::optional<std::string_view> password_override = std::nullopt);
  // The pair of a raw 32-byte seed (sr25519 mini-secret, ed25519 RFC 8032 secret, ecdsa secret).
  static Result<KeyPair, KeyError> from_seed(Scheme scheme, const ByteArray<32>& seed);

  KeyPair(const KeyPair&) = default;
  KeyPair(KeyPair&&) = default;
  KeyPair& operator=(const KeyPair&) = default;
  KeyPair& operator=(KeyPair&&) = default;
  ~KeyPair();  // wipes the secret material

  Scheme scheme() const { return scheme_; }
  // 32 bytes (sr25519, ed25519) or 33 (ecdsa, compressed).
  Bytes public_key() const;
  // The AccountId32: the public key, or for ecdsa blake2_256 of the compressed key.
  Hash256 account_id() const;
  // What subkey prints as "Secret seed": the seed after the path. None for sr25519 once a soft
  // junction was applied.
  std::optional<ByteArray<32>> secret_seed() const { return seed_; }
  // 64 bytes (sr25519 with context "substrate", ed25519) or 65 (ecdsa of blake2_256(msg), r‖s‖v).
  Bytes sign(ByteSpan message) const;

  // The scheme's own pair, null for the other schemes: BABE's VRF needs the sr25519 pair itself,
  // GRANDPA the ed25519 one.
  const crypto::sr25519::Keypair* sr25519() const {
    return std::get_if<crypto::sr25519::Keypair>(&pair_);
  }
  const crypto::ed25519::Keypair* ed25519() const {
    return std::get_if<crypto::ed25519::Keypair>(&pair_);
  }

 private:
  using Pair =
      std::variant<crypto::sr25519::Keypair, crypto::ed25519::Keypair, crypto::ecdsa::Keypair>;
  KeyPair(Scheme scheme, Pair pair, std::optional<ByteArray<32>> seed)
      : scheme_(scheme), pair_(pair), seed_(seed) {}

  Scheme scheme_;
  Pair pair_;
  std::optional<ByteArray<32>> seed_;
};

// False for any malformed signature or key (wrong length included).
bool verify(Scheme scheme, ByteSpan signature, ByteSpan message, ByteSpan public_key);

// The AccountId32 of a public key given as bytes (e.g. from the command line): the key itself for
// sr25519/ed25519, blake2_256 of the compressed key for ecdsa. Wrong sizes are kInvalidSeed.
Result<Hash256, KeyError> account_id_of(Scheme scheme, ByteSpan public_key);

}  // namespace canary::keys
