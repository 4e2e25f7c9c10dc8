// ECDSA over secp256k1 as Substrate uses it (sp-core `ecdsa`, polkadot.js secp256k1 with
// hashType blake2): messages are signed as blake2_256(message), signatures are 65 bytes
// r || s || recovery id, public keys are 33-byte compressed points, and verification recovers the
// key and compares. Also the `secp256k1_ecdsa_recover*` host functions.
// References: paritytech/polkadot-sdk substrate/primitives/core/src/ecdsa.rs and
// substrate/primitives/io/src/lib.rs.
#pragma once

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::crypto::ecdsa {

using Seed = ByteArray<32>;       // the secret key itself (big-endian scalar in [1, n))
using PublicKey = ByteArray<33>;  // SEC1 compressed
using Signature = ByteArray<65>;  // r (32, BE) || s (32, BE) || recovery id
using ChainCode = ByteArray<32>;
using UncompressedPublicKey = ByteArray<64>;  // x || y, without the SEC1 0x04 tag

struct Keypair {
  Seed seed;
  PublicKey public_key;
};

enum class Error { kInvalidSeed };
const char* to_string(Error e);

// Mirrors sp-io's `EcdsaVerifyError { BadRS, BadV, BadSignature }` (same order, same meaning).
enum class RecoverError { kInvalidRS, kInvalidV, kInvalidSignature };
const char* to_string(RecoverError e);

// Fails when the seed is zero or not below the group order n.
Result<Keypair, Error> keypair_from_seed(const Seed& seed);

// RFC 6979 deterministic, low-s signature of blake2_256(message). A Keypair whose seed is not a
// valid secret (only possible by bypassing keypair_from_seed) yields the all-zero signature, which
// never verifies.
Signature sign(const Keypair& keypair, ByteSpan message);
Signature sign_prehashed(const Keypair& keypair, const Hash256& prehash);

// sp-core `Pair::verify`: recovery id must be 0..3, r and s must be below n (high s is accepted,
// as recovery does not care). `allow_overflow` gives the semantics of the deprecated
// `ext_crypto_ecdsa_verify_version_1` instead: r and s are reduced modulo n before use.
bool verify(const Signature& signature, ByteSpan message, const PublicKey& public_key,
            bool allow_overflow = false);
bool verify_prehashed(const Signature& signature, const Hash256& prehash,
                      const PublicKey& public_key);

// The `secp256k1_ecdsa_recover[_compressed]` host functions. The recovery id may be 0..3 or
// 27..30 (Ethereum style). allow_overflow = true is version 1 (r, s >= n are reduced modulo n),
// false is version 2 (r, s >= n is kInvalidRS).
Result<UncompressedPublicKey, RecoverError> recover(const Signature& signature,
                                                    const Hash256& prehash, bool allow_overflow);
Result<PublicKey, RecoverError> recover_compressed(const Signature& signature,
                                                   const Hash256& prehash, bool allow_overflow);

// One hard junction: blake2_256(SCALE(("Secp256k1HDKD", seed, chain_code))).
Seed hard_derive(const Seed& seed, const ChainCode& chain_code);

// The AccountId32 of an ecdsa key: blake2_256 of the compressed public key (sp-runtime
// MultiSigner::Ecdsa into_account).
Hash256 account_id(const PublicKey& public_key);

}  // namespace canary::crypto::ecdsa
