// Signature checks for the runtime (sp-io `crypto`), on the host's implementations.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::rt::io::crypto {

using Ed25519Public = ByteArray<32>;
using Sr25519Public = ByteArray<32>;
using EcdsaPublic = ByteArray<33>;  // compressed
using Signature64 = ByteArray<64>;
using EcdsaSignature = ByteArray<65>;  // r ‖ s ‖ recovery id

bool ed25519_verify(const Signature64& signature, ByteSpan message, const Ed25519Public& key);
// sr25519 with the "substrate" signing context, current (0.8+) signatures only.
bool sr25519_verify(const Signature64& signature, ByteSpan message, const Sr25519Public& key);
// ECDSA over secp256k1 with BLAKE2b-256 of the message, strict (low-s) signatures.
bool ecdsa_verify(const EcdsaSignature& signature, ByteSpan message, const EcdsaPublic& key);

// Checks whose failure makes the whole block invalid may be deferred (sp-io's batch verification,
// which FRAME's executive once used for the extrinsics' signatures): between start_batch_verify()
// and finish_batch_verify(), the *_verify_in_batch functions hand their check to the host's batch
// and may answer true before it is done (a host with verification threads checks meanwhile, and
// finish_batch_verify tells whether every one was valid); outside a batch they are the checks
// above. The sr25519 rule is the strict one either way.
void start_batch_verify();
bool finish_batch_verify();
bool ed25519_verify_in_batch(const Signature64& signature, ByteSpan message,
                             const Ed25519Public& key);
bool sr25519_verify_in_batch(const Signature64& signature, ByteSpan message,
                             const Sr25519Public& key);

// The compressed public key that signed the 32-byte prehashed message, if any.
std::optional<EcdsaPublic> secp256k1_ecdsa_recover_compressed(const EcdsaSignature& signature,
                                                              const Hash256& message_hash);

// Key generation in the node's keystore (sp-io crypto::*_generate): a new key of the given key
// type (e.g. "babe"), from a secret URI seed when given (dev chains), else random; its public key.
using KeyTypeId = ByteArray<4>;
Sr25519Public sr25519_generate(const KeyTypeId& key_type, const std::optional<Bytes>& seed);
Ed25519Public ed25519_generate(const KeyTypeId& key_type, const std::optional<Bytes>& seed);
EcdsaPublic ecdsa_generate(const KeyTypeId& key_type, const std::optional<Bytes>& seed);

}  // namespace canary::rt::io::crypto
