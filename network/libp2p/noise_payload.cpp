#include "network/libp2p/noise_payload.hpp"

#include <algorithm>
#include <string>

#include "network/proto/keys.pb.h"
#include "network/proto/noise.pb.h"

namespace canary::network {

namespace {

using SignedMessage = ByteArray<kNoiseStaticKeySignaturePrefix.size() + 32>;

SignedMessage signed_message(const ByteArray<32>& noise_static_key) {
  SignedMessage message;
  const ByteSpan prefix = as_bytes(kNoiseStaticKeySignaturePrefix);
  std::copy(prefix.begin(), prefix.end(), message.begin());
  std::copy(noise_static_key.begin(), noise_static_key.end(), message.begin() + prefix.size());
  return message;
}

std::string as_string(ByteSpan bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

ByteSpan as_span(const std::string& bytes) {
  return as_bytes(std::string_view(bytes));
}

}  // namespace

Bytes encode_noise_handshake_payload(const crypto::ed25519::Keypair& identity,
                                     const ByteArray<32>& noise_static_key) {
  proto::PublicKey key;
  key.set_type(proto::Ed25519);
  key.set_data(as_string(identity.public_key));
  const crypto::ed25519::Signature signature =
      crypto::ed25519::sign(identity, signed_message(noise_static_key));
  proto::NoiseHandshakePayload payload;
  payload.set_identity_key(key.SerializeAsString());
  payload.set_identity_sig(as_string(signature));
  const std::string encoded = payload.SerializeAsString();
  return Bytes(encoded.begin(), encoded.end());
}

Result<NoiseRemoteIdentity, NoiseError> verify_noise_handshake_payload(
    ByteSpan payload, const ByteArray<32>& remote_noise_static_key) {
  proto::NoiseHandshakePayload message;
  if (!message.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return unexpected(NoiseError::kPayloadMalformed);
  }
  proto::PublicKey key;
  // Type and Data are proto2 `required`. The partial parse plus IsInitialized is the same check
  // as ParseFromString without libprotobuf logging an error for every malformed remote key.
  if (!key.ParsePartialFromString(message.identity_key()) || !key.IsInitialized()) {
    return unexpected(NoiseError::kIdentityKeyMalformed);
  }
  if (key.type() != proto::Ed25519) return unexpected(NoiseError::kUnsupportedKeyType);
  NoiseRemoteIdentity identity;
  if (key.data().size() != identity.ed25519_key.size()) {
    return unexpected(NoiseError::kIdentityKeyMalformed);
  }
  crypto::ed25519::Signature signature;
  if (message.identity_sig().size() != signature.size()) {
    return unexpected(NoiseError::kBadIdentitySignature);
  }
  std::copy_n(as_span(key.data()).begin(), identity.ed25519_key.size(),
              identity.ed25519_key.begin());
  std::copy_n(as_span(message.identity_sig()).begin(), signature.size(), signature.begin());
  if (!crypto::ed25519::verify(signature, signed_message(remote_noise_static_key),
                               identity.ed25519_key)) {
    return unexpected(NoiseError::kBadIdentitySignature);
  }
  const ByteSpan identity_key = as_span(message.identity_key());
  identity.identity_key.assign(identity_key.begin(), identity_key.end());
  identity.noise_static_key = remote_noise_static_key;
  return identity;
}

}  // namespace canary::network
