// The BABE pre-runtime digest (DigestItem::PreRuntime(b"BABE", …)): the slot the author claims and
// the proof of the claim (sp-consensus-babe digests.rs; spec Definition "Pre-Digest"). The variant
// indices 1/2/3 and the field order authority_index, slot, VRF are consensus (facts file §5.2).
#pragma once

#include <cstdint>
#include <variant>

#include "consensus/babe/types.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/decode_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::babe {

// sp_core::sr25519::vrf::VrfSignature as it travels in headers: pre-output (32) ‖ proof (64).
struct VrfSignature {
  ByteArray<32> pre_output{};
  ByteArray<64> proof{};

  bool operator==(const VrfSignature&) const = default;
  CANARY_SCALE_FIELDS(pre_output, proof)

  crypto::sr25519::VrfSignature to_sr25519() const { return {pre_output, proof}; }
};

// A primary slot: the author's VRF output is below its threshold.
struct PrimaryPreDigest {
  static constexpr uint8_t kScaleIndex = 1;
  AuthorityIndex authority_index = 0;
  Slot slot = 0;
  VrfSignature vrf_signature;

  bool operator==(const PrimaryPreDigest&) const = default;
  CANARY_SCALE_FIELDS(authority_index, slot, vrf_signature)
};

// A secondary slot claimed by its round-robin author, without VRF.
struct SecondaryPlainPreDigest {
  static constexpr uint8_t kScaleIndex = 2;
  AuthorityIndex authority_index = 0;
  Slot slot = 0;

  bool operator==(const SecondaryPlainPreDigest&) const = default;
  CANARY_SCALE_FIELDS(authority_index, slot)
};

// A secondary slot with a VRF output (feeds the epoch randomness; no threshold applies).
struct SecondaryVrfPreDigest {
  static constexpr uint8_t kScaleIndex = 3;
  AuthorityIndex authority_index = 0;
  Slot slot = 0;
  VrfSignature vrf_signature;

  bool operator==(const SecondaryVrfPreDigest&) const = default;
  CANARY_SCALE_FIELDS(authority_index, slot, vrf_signature)
};

struct PreDigest {
  std::variant<PrimaryPreDigest, SecondaryPlainPreDigest, SecondaryVrfPreDigest> value;

  bool operator==(const PreDigest&) const = default;

  AuthorityIndex authority_index() const {
    return std::visit([](const auto& v) { return v.authority_index; }, value);
  }
  Slot slot() const {
    return std::visit([](const auto& v) { return v.slot; }, value);
  }
  bool is_primary() const { return std::holds_alternative<PrimaryPreDigest>(value); }
  // The fork-choice weight of the block (PreDigest::added_weight): primary 1, secondary 0.
  uint32_t added_weight() const { return is_primary() ? 1 : 0; }
  // The VRF signature of primary and secondary-VRF claims; null for secondary plain ones.
  const VrfSignature* vrf_signature() const {
    if (const auto* p = std::get_if<PrimaryPreDigest>(&value)) return &p->vrf_signature;
    if (const auto* s = std::get_if<SecondaryVrfPreDigest>(&value)) return &s->vrf_signature;
    return nullptr;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
};

// The whole pre-runtime payload must be one PreDigest: trailing bytes and unknown variant indices
// are refused (the bytes come from the network).
Result<PreDigest, scale::DecodeError> decode_pre_digest(ByteSpan data);

}  // namespace canary::consensus::babe
