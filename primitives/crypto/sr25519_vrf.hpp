// The public half of schnorrkel's VRF (vrf.rs, non-malleable inputs): the input point a
// transcript and a public key hash to, a pre-output attached to it, and make_bytes. No secrets
// and no libsodium, so the wasm32 build has it too: the runtime makes BABE's per-block randomness
// with it as FRAME does (sp-core sr25519 vrf Public::make_bytes). Variable time: public data only.
// Signing and proof verification stay in sr25519.hpp (host only).
#pragma once

#include <optional>

#include "primitives/crypto/merlin_transcript.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::crypto::sr25519 {

using PublicKey = ByteArray<32>;  // compressed ristretto255 point

struct VrfInOut {
  ByteArray<32> input;   // H(transcript, public key) as a compressed point
  ByteArray<32> output;  // secret · input
  bool operator==(const VrfInOut&) const = default;
};

// PublicKey::vrf_hash up to the group: the key joins the transcript ("vrf-nm-pk"), then 64
// challenge bytes "VRFHash", which RistrettoPoint::from_uniform_bytes maps to the input point.
ByteArray<64> vrf_hash_bytes(const PublicKey& public_key, Transcript& t);

// PublicKey::vrf_hash: the encoded input point, on the portable ristretto255 map (the key is not
// decoded; sr25519.cpp computes the same point with libsodium when signing).
ByteArray<32> vrf_input(const PublicKey& public_key, Transcript t);

// sp-core Public::make_bytes before make_bytes itself: schnorrkel PublicKey::from_bytes, then
// VRFPreOut::attach_input_hash. None when the key or the pre-output is not a canonical
// ristretto255 encoding, or the pre-output is the identity (schnorrkel's errors). The proof is
// not checked: callers make bytes only of outputs verified elsewhere (FRAME: by the node).
std::optional<VrfInOut> vrf_attach_input_hash(const PublicKey& public_key, Transcript t,
                                              const ByteArray<32>& pre_output);

// VRFInOut::make_bytes: Transcript("VRFResult"), the context, "vrf-in", "vrf-out", then `out`
// challenge bytes. BABE uses "substrate-babe-vrf" with 16 bytes for the slot lottery and
// "BabeVRFInOutContext" with 32 for the per-block randomness.
void vrf_make_bytes(const VrfInOut& inout, ByteSpan context, MutableByteSpan out);

}  // namespace canary::crypto::sr25519
