// Validator-signed payloads (polkadot-sdk `polkadot/primitives/src/v9/signed.rs`, `v9/mod.rs`
// CompactStatement and SigningContext, `polkadot/node/primitives/src/lib.rs` Statement;
// parachain-facts §1.7):
//   UncheckedSigned<P> = payload ‖ validator_index u32 ‖ signature [u8; 64]; the signature is
//   sr25519 by the validator's `para` key (ValidatorId) over SCALE(real payload) ‖
//   SCALE(SigningContext) with Substrate's signing context. The real payload of a full Statement
//   is its CompactStatement (EncodeAs), so one signature serves both forms; anything else signs
//   as itself.
//   CompactStatement = "BKNG" ‖ u8 kind (1 Seconded, 2 Valid) ‖ candidate hash: 37 bytes, a
//   custom codec with a magic so that a backing signature can never be replayed as another kind
//   of validator signature.
//   Statement { Seconded(CommittedCandidateReceipt) = 1, Valid(CandidateHash) = 2 }, no magic.
// Signing takes a key pair (as consensus/grandpa/signing.hpp does); a keystore user signs
// signing_payload() itself and fills in the signature.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain::protocol {

using CandidateHash = Hash256;
// The sr25519 public key of a validator's `para` session key.
using ValidatorId = crypto::sr25519::PublicKey;
using ValidatorSignature = crypto::sr25519::Signature;

// What every validator signature is bound to: the session, and the relay-chain block the
// statement is about (backing: the candidate's relay parent; bitfields: the leaf), so that a
// signature cannot be replayed in another session or on another fork.
struct SigningContext {
  SessionIndex session_index = 0;
  Hash256 parent_hash{};
  bool operator==(const SigningContext&) const = default;
  CANARY_SCALE_FIELDS(session_index, parent_hash)
};

template <class Payload>
struct UncheckedSigned {
  Payload payload{};
  ValidatorIndex validator_index = 0;
  ValidatorSignature signature{};
  bool operator==(const UncheckedSigned&) const = default;
  CANARY_SCALE_FIELDS(payload, validator_index, signature)
};

enum class CompactStatementKind : uint8_t { kSeconded = 1, kValid = 2 };

// v9 BACKING_STATEMENT_MAGIC.
inline constexpr ByteArray<4> kBackingStatementMagic = {'B', 'K', 'N', 'G'};
inline constexpr size_t kCompactStatementSize = 4 + 1 + 32;

struct CompactStatement {
  CompactStatementKind kind = CompactStatementKind::kSeconded;
  CandidateHash candidate_hash{};

  bool operator==(const CompactStatement&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_bytes(ByteSpan(kBackingStatementMagic));
    out.put_byte(static_cast<uint8_t>(kind));
    out.put_bytes(ByteSpan(candidate_hash));
  }
  void scale_decode(scale::Decoder& in) {
    ByteArray<4> magic{};
    in.read_into(magic);
    if (in.ok() && magic != kBackingStatementMagic) in.fail(scale::DecodeError::kInvalidValue);
    const uint8_t index = in.read_byte();
    if (in.ok() && index != static_cast<uint8_t>(CompactStatementKind::kSeconded) &&
        index != static_cast<uint8_t>(CompactStatementKind::kValid)) {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
    }
    kind = static_cast<CompactStatementKind>(index);
    in.read_into(candidate_hash);
  }
};

// The full statement: a Seconded one carries the whole committed receipt, so that a validator
// outside the backing group learns the candidate's commitments.
struct SecondedStatement {
  static constexpr uint8_t kScaleIndex = 1;
  CommittedCandidateReceipt candidate;
  bool operator==(const SecondedStatement&) const = default;
  CANARY_SCALE_FIELDS(candidate)
};
struct ValidStatement {
  static constexpr uint8_t kScaleIndex = 2;
  CandidateHash candidate_hash{};
  bool operator==(const ValidStatement&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash)
};
using Statement = std::variant<SecondedStatement, ValidStatement>;

// Statement::to_compact (hashes the receipt of a Seconded statement).
CompactStatement compact_of(const Statement& statement);
CandidateHash candidate_hash_of(const Statement& statement);

// Compact statements travel in statement distribution, full ones in CollationSeconded.
using UncheckedSignedStatement = UncheckedSigned<CompactStatement>;
using UncheckedSignedFullStatement = UncheckedSigned<Statement>;

// EncodeAs: the bytes a signature covers for the payload itself.
template <class Payload>
Bytes encode_as_signed(const Payload& payload) {
  if constexpr (std::is_same_v<Payload, Statement>) {
    return scale::encode(compact_of(payload));
  } else {
    return scale::encode(payload);
  }
}

// signed.rs `payload_data`: SCALE(real payload) ‖ SCALE(context). For a statement this is the
// 37-byte compact statement ‖ session_index ‖ parent_hash (73 bytes).
template <class Payload>
Bytes signing_payload(const Payload& payload, const SigningContext& context) {
  return concat(encode_as_signed(payload), scale::encode(context));
}

template <class Payload>
UncheckedSigned<Payload> sign_payload(const crypto::sr25519::Keypair& validator_key,
                                      Payload payload, ValidatorIndex validator_index,
                                      const SigningContext& context) {
  UncheckedSigned<Payload> out;
  out.signature = crypto::sr25519::sign(validator_key, signing_payload(payload, context));
  out.payload = std::move(payload);
  out.validator_index = validator_index;
  return out;
}

// signed.rs `check_signature`: sr25519 (strict, as sp-core's verify) by `validator` over the
// payload in `context`. Which key belongs to validator_index is the caller's to know (the
// session's validators).
template <class Payload>
bool verify_signed(const UncheckedSigned<Payload>& signed_payload, const SigningContext& context,
                   const ValidatorId& validator) {
  return crypto::sr25519::verify(signed_payload.signature,
                                 signing_payload(signed_payload.payload, context), validator);
}

// A full statement signed as its compact form: the compact statement with the same signature
// (what statement distribution forwards after CollationSeconded).
UncheckedSignedStatement to_compact(const UncheckedSignedFullStatement& statement);

}  // namespace canary::parachain::protocol
