// One signature check as the host functions make it (sp-core's rules, as the reference host uses
// them): ed25519 is ZIP-215 (an all-zero key and signature verify an empty message); sr25519
// version 1 also accepts pre-0.8 schnorrkel signatures, version 2 and the batch function are
// strict; ecdsa checks the signature of blake2_256(message) by recovering the key, version 1
// reducing "overflowing" r and s modulo n, version 2 rejecting them.
#pragma once

#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::executor::host {

enum class SignatureRule : uint8_t {
  kEd25519,
  kSr25519Deprecated,  // sr25519 version 1
  kSr25519,
  kEcdsaOverflowing,  // ecdsa version 1
  kEcdsa,
};

constexpr uint32_t signature_size(SignatureRule rule) {
  return rule == SignatureRule::kEcdsa || rule == SignatureRule::kEcdsaOverflowing ? 65 : 64;
}
constexpr uint32_t public_key_size(SignatureRule rule) {
  return rule == SignatureRule::kEcdsa || rule == SignatureRule::kEcdsaOverflowing ? 33 : 32;
}

// `signature` and `public_key` must have the rule's sizes.
bool check_signature(SignatureRule rule, ByteSpan signature, ByteSpan message, ByteSpan public_key);

}  // namespace canary::executor::host
