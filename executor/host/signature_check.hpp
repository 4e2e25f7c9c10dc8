// One signature check as the host functions make it (sp-core's rules, as the reference host uses
// them): ed25519 is ZIP-215 (an all-zero key and signature verify an empty message); sr25519
// version 1 also accepts pre-0.8 schnorrkel signatures, version 2 and the batch function are
// strict; ecdsa checks the signature of blake2_256(message) by recovering the key, version 1
// reducing "overflowing" r and s modulo n, version 2 rejecting them.
#pragma once

#include <cstdint>
#include <span>

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

// A check kept for later (a batch's, signature_verifier.hpp): its own copies of the bytes.
struct SignatureCheck {
  SignatureRule rule = SignatureRule::kSr25519;
  Bytes signature;
  Bytes message;
  Bytes public_key;
};

// Whether every check holds, as check_signature would say of each: the strict sr25519 ones
// (a block's transactions) are verified together as one batch (sr25519::verify_batch, several
// times cheaper per signature), the others one by one.
bool check_signatures(std::span<const SignatureCheck> checks);

}  // namespace canary::executor::host
