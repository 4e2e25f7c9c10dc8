#include "primitives/crypto/sr25519_vrf.hpp"

#include <utility>

#include "primitives/crypto/ristretto255.hpp"

namespace canary::crypto::sr25519 {

ByteArray<64> vrf_hash_bytes(const PublicKey& public_key, Transcript& t) {
  t.append_message("vrf-nm-pk", public_key);
  ByteArray<64> b;
  t.challenge_bytes("VRFHash", b);
  return b;
}

ByteArray<32> vrf_input(const PublicKey& public_key, Transcript t) {
  return ristretto255::encode(ristretto255::from_uniform_bytes(vrf_hash_bytes(public_key, t)));
}

std::optional<VrfInOut> vrf_attach_input_hash(const PublicKey& public_key, Transcript t,
                                              const ByteArray<32>& pre_output) {
  if (!ristretto255::decode(public_key)) return std::nullopt;
  // schnorrkel keeps the point and its compressed form (RistrettoBoth); a decodable encoding is
  // canonical, so the bytes are the compressed form make_bytes commits to.
  const auto output = ristretto255::decode(pre_output);
  if (!output || ristretto255::is_identity(*output)) return std::nullopt;
  return VrfInOut{vrf_input(public_key, std::move(t)), pre_output};
}

void vrf_make_bytes(const VrfInOut& inout, ByteSpan context, MutableByteSpan out) {
  Transcript t("VRFResult");
  t.append_message("", context);
  t.append_message("vrf-in", inout.input);
  t.append_message("vrf-out", inout.output);
  t.challenge_bytes("", out);
}

}  // namespace canary::crypto::sr25519
