// Ed25519 as Substrate uses it (sp-core `ed25519`): RFC 8032 keys and deterministic signatures,
// verification under the ZIP-215 rules of ed25519-zebra, and Substrate's hard derivation.
// Reference: paritytech/polkadot-sdk substrate/primitives/core/src/ed25519.rs.
#pragma once

#include "primitives/util/bytes.hpp"

namespace canary::crypto::ed25519 {

using Seed = ByteArray<32>;
using PublicKey = ByteArray<32>;
using Signature = ByteArray<64>;
using ChainCode = ByteArray<32>;

// The seed is the RFC 8032 private key; Substrate keeps the seed (not the expanded key) because
// hard derivation works on it.
struct Keypair {
  Seed seed;
  PublicKey public_key;
};

Keypair keypair_from_seed(const Seed& seed);

// Deterministic RFC 8032 signature. The expanded secret and the public key that enters the
// challenge hash are always re-derived from `keypair.seed`: a tampered `public_key` field must not
// be able to produce two signatures with the same nonce (which would reveal the secret).
Signature sign(const Keypair& keypair, ByteSpan message);

// ZIP-215 acceptance (see ed25519_zip215.hpp): what every Polkadot node accepts. Malformed keys or
// signatures yield false.
bool verify(const Signature& signature, ByteSpan message, const PublicKey& public_key);

// One hard junction: blake2_256(SCALE(("Ed25519HDKD", seed, chain_code))).
Seed hard_derive(const Seed& seed, const ChainCode& chain_code);

}  // namespace canary::crypto::ed25519
