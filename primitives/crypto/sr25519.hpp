// sr25519: Schnorr signatures and VRFs on ristretto255 with Merlin transcripts, byte-compatible
// with w3f/schnorrkel 0.11 as Substrate (sp-core sr25519.rs) and polkadot.js (polkadot-js/wasm
// wasm-crypto sr25519.rs / vrf.rs, @scure/sr25519) use it. Everything that touches secrets (key
// derivation, signing, VRF proving) uses libsodium's constant-time ristretto255; verification,
// which handles public data only, runs on our variable-time double-scalar multiplication
// (ristretto255.hpp, edwards25519_point.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "primitives/crypto/merlin_transcript.hpp"
#include "primitives/crypto/sr25519_vrf.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::crypto::sr25519 {

// PublicKey (a compressed ristretto255 point), VrfInOut, the VRF input hash and make_bytes are
// the portable part: sr25519_vrf.hpp.
using MiniSecret = ByteArray<32>;  // schnorrkel MiniSecretKey: the 32-byte seed
using Signature = ByteArray<64>;   // R ‖ s, with bit 7 of byte 63 set (schnorrkel marker)
using ChainCode = ByteArray<32>;

// schnorrkel SecretKey: `scalar` is the canonical little-endian scalar mod l (SecretKey::to_bytes
// layout, not the ed25519 "times 8" layout), `nonce` seeds signing nonces.
struct SecretKey {
  ByteArray<32> scalar;
  ByteArray<32> nonce;
};

struct Keypair {
  SecretKey secret;
  PublicKey public_key;
};

enum class Error {
  kInvalidLength,
  kInvalidPoint,        // not a canonical ristretto255 encoding
  kIdentityPoint,       // VRF pre-output is the identity
  kNonCanonicalScalar,  // scalar >= l
  kInvalidSecretKey,    // ed25519-format secret whose scalar/8 is not canonical
  kEquationFalse,
};

const char* to_string(Error e);

// Substrate's signing context (sp-core sr25519.rs SIGNING_CTX).
inline constexpr std::string_view kSigningContext = "substrate";

// ---- keys -------------------------------------------------------------------------------------

// MiniSecretKey::expand_to_keypair(ExpansionMode::Ed25519): SHA-512, clamp, divide by 8.
Keypair keypair_from_mini_secret(const MiniSecret& seed);
PublicKey public_from_secret(const SecretKey& secret);
// SecretKey::from_ed25519_bytes (scalar·8 ‖ nonce): the 64-byte `secretKey` polkadot.js holds.
Result<Keypair, Error> keypair_from_secret_bytes(ByteSpan ed25519_format);
// SecretKey::to_ed25519_bytes.
ByteArray<64> secret_to_ed25519_bytes(const SecretKey& secret);

// ---- signatures (sign_simple / verify_simple) ---------------------------------------------------

Signature sign(const Keypair& pair, ByteSpan message, ByteSpan context = as_bytes(kSigningContext));
// Strict schnorrkel >= 0.8: the marker bit must be set, s canonical, the key a valid point.
bool verify(const Signature& signature, ByteSpan message, const PublicKey& public_key,
            ByteSpan context = as_bytes(kSigningContext));
// verify_simple_preaudit_deprecated: marked signatures verify strictly; unmarked ones are checked
// against the pre-0.8 transcript. What the host function sr25519_verify_version_1 must accept.
bool verify_deprecated(const Signature& signature, ByteSpan message, const PublicKey& public_key,
                       ByteSpan context = as_bytes(kSigningContext));

// One signature of a batch: what verify() takes.
struct SignedMessage {
  Signature signature;
  ByteSpan message;
  PublicKey public_key;
};

// Whether every signature verifies as verify() would (strict; same context for all), checked
// together: the Schnorr equations s_i·B = R_i + k_i·A_i are combined with 128-bit weights z_i
// into one multi-scalar multiplication, (Σ z_i·s_i)·B - Σ z_i·R_i - Σ (z_i·k_i)·A_i = identity
// (schnorrkel's verify_batch). ristretto255 has prime order, so a valid batch always passes and an
// invalid one passes with probability about 2^-128; the weights are a hash of the whole batch, so
// the verdict is the same on every run and no one can pick signatures against them. Several times
// cheaper per signature than verify() for large batches. The empty batch is valid.
bool verify_batch(std::span<const SignedMessage> batch,
                  ByteSpan context = as_bytes(kSigningContext));

// ---- VRF (schnorrkel vrf.rs, non-malleable inputs, Kusama DLEQ ordering) -----------------------

struct VrfSignature {
  ByteArray<32> pre_output;  // == VrfInOut::output
  ByteArray<64> proof;       // c ‖ s
  bool operator==(const VrfSignature&) const = default;
};

// vrf_sign uses the extra transcript Transcript("VRF"), as schnorrkel and sp-core do by default.
std::pair<VrfInOut, VrfSignature> vrf_sign(const Keypair& pair, Transcript t);
std::pair<VrfInOut, VrfSignature> vrf_sign_extra(const Keypair& pair, Transcript t,
                                                 Transcript extra);
// The in/out pair alone (sp-core vrf_pre_output), e.g. to test a BABE threshold before proving.
VrfInOut vrf_compute_inout(const Keypair& pair, Transcript t);

Result<VrfInOut, Error> vrf_verify(const PublicKey& public_key, Transcript t,
                                   const VrfSignature& signature);
Result<VrfInOut, Error> vrf_verify_extra(const PublicKey& public_key, Transcript t,
                                         const VrfSignature& signature, Transcript extra);

// @polkadot/util-crypto sr25519VrfSign(message, pair, context, extra) / sr25519VrfVerify: the
// input is signing_context(context).bytes(message), the extra transcript Transcript("VRF") with
// append_message("", extra) only when extra is non-empty. Returns pre-output ‖ proof.
ByteArray<96> vrf_sign_js(const Keypair& pair, ByteSpan message, ByteSpan context = {},
                          ByteSpan extra = {});
bool vrf_verify_js(ByteSpan message, const ByteArray<96>& output_and_proof,
                   const PublicKey& public_key, ByteSpan context = {}, ByteSpan extra = {});

// ---- HDKD (schnorrkel derive.rs, as sp-core sr25519 Pair::derive uses it) -----------------------

// Hard junction: the child seed; expand it with keypair_from_mini_secret.
MiniSecret hard_derive_mini_secret(const SecretKey& secret, const ChainCode& chain_code);
// Soft junction. The child's nonce is random (as in schnorrkel); its public key is deterministic.
Keypair soft_derive(const Keypair& pair, const ChainCode& chain_code);
Result<PublicKey, Error> soft_derive_public(const PublicKey& public_key,
                                            const ChainCode& chain_code);

// ---- fixed-entropy variants ---------------------------------------------------------------------
// `entropy` replaces the 32 bytes schnorrkel reads from its RNG when finalizing the transcript
// RNG. Only for reproducing published vectors (e.g. @scure/sr25519's, made with zero entropy);
// production code must use the functions above.
namespace testing {
Signature sign_with_entropy(const Keypair& pair, ByteSpan message, ByteSpan context,
                            const ByteArray<32>& entropy);
ByteArray<96> vrf_sign_js_with_entropy(const Keypair& pair, ByteSpan message, ByteSpan context,
                                       ByteSpan extra, const ByteArray<32>& entropy);
Keypair soft_derive_with_entropy(const Keypair& pair, const ChainCode& chain_code,
                                 const ByteArray<32>& entropy);
}  // namespace testing

}  // namespace canary::crypto::sr25519
