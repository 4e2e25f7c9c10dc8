#include "executor/host/signature_check.hpp"

#include <algorithm>
#include <vector>

#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace canary::executor::host {

namespace {

template <class Array>
Array copied(ByteSpan bytes) {
  Array out{};
  std::copy_n(bytes.begin(), std::min(bytes.size(), out.size()), out.begin());
  return out;
}

}  // namespace

bool check_signature(SignatureRule rule, ByteSpan signature, ByteSpan message,
                     ByteSpan public_key) {
  switch (rule) {
    case SignatureRule::kEd25519:
      return crypto::ed25519::verify(copied<crypto::ed25519::Signature>(signature), message,
                                     copied<crypto::ed25519::PublicKey>(public_key));
    case SignatureRule::kSr25519Deprecated:
      return crypto::sr25519::verify_deprecated(copied<crypto::sr25519::Signature>(signature),
                                                message,
                                                copied<crypto::sr25519::PublicKey>(public_key));
    case SignatureRule::kSr25519:
      return crypto::sr25519::verify(copied<crypto::sr25519::Signature>(signature), message,
                                     copied<crypto::sr25519::PublicKey>(public_key));
    case SignatureRule::kEcdsaOverflowing:
    case SignatureRule::kEcdsa:
      return crypto::ecdsa::verify(copied<crypto::ecdsa::Signature>(signature), message,
                                   copied<crypto::ecdsa::PublicKey>(public_key),
                                   rule == SignatureRule::kEcdsaOverflowing);
  }
  return false;
}

bool check_signatures(std::span<const SignatureCheck> checks) {
  std::vector<crypto::sr25519::SignedMessage> batch;
  for (const SignatureCheck& check : checks) {
    if (check.rule == SignatureRule::kSr25519) {
      batch.push_back({copied<crypto::sr25519::Signature>(check.signature), check.message,
                       copied<crypto::sr25519::PublicKey>(check.public_key)});
    } else if (!check_signature(check.rule, check.signature, check.message, check.public_key)) {
      return false;
    }
  }
  return crypto::sr25519::verify_batch(batch);
}

}  // namespace canary::executor::host
