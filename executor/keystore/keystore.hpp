// The node's signing keys as the runtime reaches them through ext_crypto_*_{public_keys,generate,
// sign} (sp-keystore `Keystore`, which sp-io's KeystoreExt wraps). Keys are grouped by a 4-byte key
// type ("babe", "gran", "imon", "audi", "para", "asgn", …; w3f/polkadot-spec docs/chap-host-api.md
// "known key type identifiers") and by scheme.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "primitives/keys/scheme.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::keystore {

using KeyTypeId = std::array<uint8_t, 4>;

enum class KeystoreError : uint8_t {
  kInvalidSeed,   // the secret URI is no valid phrase, hex seed or derivation (sp-keystore
                  // `Error::InvalidSeed`)
  kNoRandomness,  // the system's random source failed
};

const char* to_string(KeystoreError e);

class Keystore {
 public:
  virtual ~Keystore() = default;

  // The public keys of `scheme` stored under `key_type`: 32 bytes (sr25519, ed25519) or 33
  // (compressed ecdsa).
  virtual std::vector<Bytes> public_keys(keys::Scheme scheme, const KeyTypeId& key_type) = 0;

  // Adds a key and returns its public key. With a secret URI (a BIP-39 phrase or "0x" seed, with
  // optional derivation path and password, as sp-core `Pair::from_string` reads it) the key is that
  // one; without, it is fresh and random.
  virtual Result<Bytes, KeystoreError> generate(keys::Scheme scheme, const KeyTypeId& key_type,
                                                std::optional<std::string_view> suri) = 0;

  // A signature by the key `public_key` of `scheme` under `key_type`, or none when there is no
  // such key. sr25519 signs with the context "substrate"; ecdsa signs blake2_256(message).
  virtual std::optional<Bytes> sign(keys::Scheme scheme, const KeyTypeId& key_type,
                                    ByteSpan public_key, ByteSpan message) = 0;

  // An ecdsa signature of a 32-byte digest, or none when there is no such key.
  virtual std::optional<Bytes> sign_prehashed(const KeyTypeId& key_type, ByteSpan public_key,
                                              const Hash256& digest) = 0;
};

}  // namespace canary::executor::keystore
