// GRANDPA votes as they travel and are signed (paritytech/finality-grandpa src/lib.rs with the
// `derive-codec` feature, instantiated by sp-consensus-grandpa for 32-byte hashes, u32 numbers,
// ed25519 signatures and ids): Prevote, Precommit and PrimaryPropose are each
// target_hash ‖ u32 LE target_number; Message is the enum 0 Prevote / 1 Precommit /
// 2 PrimaryPropose; the signed forms append the 64-byte signature and the 32-byte voter id.
#pragma once

#include <cstdint>
#include <variant>

#include "consensus/grandpa/grandpa_types.hpp"
#include "primitives/scale/codec.hpp"

namespace canary::consensus::grandpa {

struct Prevote {
  static constexpr uint8_t kScaleIndex = 0;
  BlockHash target_hash{};
  BlockNumber target_number = 0;

  BlockRef target() const { return {target_hash, target_number}; }
  bool operator==(const Prevote&) const = default;
  CANARY_SCALE_FIELDS(target_hash, target_number)
};

struct Precommit {
  static constexpr uint8_t kScaleIndex = 1;
  BlockHash target_hash{};
  BlockNumber target_number = 0;

  BlockRef target() const { return {target_hash, target_number}; }
  bool operator==(const Precommit&) const = default;
  CANARY_SCALE_FIELDS(target_hash, target_number)
};

// The round's primary broadcasts the previous round's estimate as a hint for prevotes.
struct PrimaryPropose {
  static constexpr uint8_t kScaleIndex = 2;
  BlockHash target_hash{};
  BlockNumber target_number = 0;

  BlockRef target() const { return {target_hash, target_number}; }
  bool operator==(const PrimaryPropose&) const = default;
  CANARY_SCALE_FIELDS(target_hash, target_number)
};

using Message = std::variant<Prevote, Precommit, PrimaryPropose>;

inline BlockRef target_of(const Message& message) {
  return std::visit([](const auto& m) { return m.target(); }, message);
}

struct SignedMessage {
  Message message;
  AuthoritySignature signature{};
  AuthorityId id{};

  bool operator==(const SignedMessage&) const = default;
  CANARY_SCALE_FIELDS(message, signature, id)
};

struct SignedPrevote {
  Prevote prevote;
  AuthoritySignature signature{};
  AuthorityId id{};

  bool operator==(const SignedPrevote&) const = default;
  CANARY_SCALE_FIELDS(prevote, signature, id)
};

struct SignedPrecommit {
  Precommit precommit;
  AuthoritySignature signature{};
  AuthorityId id{};

  bool operator==(const SignedPrecommit&) const = default;
  CANARY_SCALE_FIELDS(precommit, signature, id)
};

}  // namespace canary::consensus::grandpa
