#include "runtime/framework/types/account.hpp"

#include "runtime/io/crypto.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt {

bool MultiSignature::verify(ByteSpan message, const AccountId32& signer) const {
  if (const auto* ed = std::get_if<Ed25519>(&value)) {
    return io::crypto::ed25519_verify(ed->signature.bytes, message, signer.bytes);
  }
  if (const auto* sr = std::get_if<Sr25519>(&value)) {
    return io::crypto::sr25519_verify(sr->signature.bytes, message, signer.bytes);
  }
  const auto& ecdsa = std::get<Ecdsa>(value);
  auto key = io::crypto::secp256k1_ecdsa_recover_compressed(ecdsa.signature.bytes,
                                                            io::hashing::blake2_256(message));
  return key && io::hashing::blake2_256(*key) == signer.bytes;
}

bool MultiSignature::verify_in_batch(ByteSpan message, const AccountId32& signer) const {
  if (const auto* ed = std::get_if<Ed25519>(&value)) {
    return io::crypto::ed25519_verify_in_batch(ed->signature.bytes, message, signer.bytes);
  }
  if (const auto* sr = std::get_if<Sr25519>(&value)) {
    return io::crypto::sr25519_verify_in_batch(sr->signature.bytes, message, signer.bytes);
  }
  return verify(message, signer);
}

}  // namespace canary::rt
