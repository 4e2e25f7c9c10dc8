// sp-consensus-babe's types (substrate/primitives/consensus/babe/src/{lib,digests}.rs) and
// sp-consensus-slots' Slot and EquivocationProof, with FRAME's metadata paths: what the BABE
// pallet stores, reads from the header (the pre-runtime digest), writes to it (consensus logs)
// and answers through the BabeApi runtime API.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/block/digest.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/framework/metadata/type_info_builtin.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/block_types.hpp"

namespace canary::rt::pallets::babe {

using BabeAuthorityWeight = uint64_t;
using AuthorityIndex = uint32_t;
using Randomness = ByteArray<32>;  // sp_consensus_babe::Randomness = [u8; 32]

// sp-consensus-babe RANDOMNESS_VRF_CONTEXT: the make_bytes context of a block's VRF randomness.
inline constexpr std::string_view kRandomnessVrfContext = "BabeVRFInOutContext";

// sp_consensus_slots::Slot(u64).
struct Slot {
  uint64_t value = 0;
  auto operator<=>(const Slot&) const = default;
  CANARY_SCALE_FIELDS(value)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_slots", "Slot"});
    b.typed_field<uint64_t>(std::nullopt, "u64");
  }
};

// sp_consensus_babe::AuthorityId (app::Public): an sr25519 public key.
struct AuthorityId {
  ByteArray<32> bytes{};
  auto operator<=>(const AuthorityId&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "app", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "sr25519::Public");
  }
};

using Authority = std::tuple<AuthorityId, BabeAuthorityWeight>;

// sp_core::sr25519::vrf::VrfSignature: the VRF pre-output (a compressed ristretto point) and the
// DLEQ proof; in metadata both are plain byte arrays.
struct VrfSignature {
  ByteArray<32> pre_output{};
  ByteArray<64> proof{};
  bool operator==(const VrfSignature&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("pre_output", &VrfSignature::pre_output, "VrfPreOutput"),
                      field("proof", &VrfSignature::proof, "VrfProof")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "sr25519", "vrf", "VrfSignature"});
    add_fields(b, fields());
  }
};

struct PrimaryPreDigest {
  AuthorityIndex authority_index = 0;
  Slot slot;
  VrfSignature vrf_signature;
  bool operator==(const PrimaryPreDigest&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("authority_index", &PrimaryPreDigest::authority_index, "super::AuthorityIndex"),
        field("slot", &PrimaryPreDigest::slot, "Slot"),
        field("vrf_signature", &PrimaryPreDigest::vrf_signature, "VrfSignature")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "digests", "PrimaryPreDigest"});
    add_fields(b, fields());
  }
};

struct SecondaryPlainPreDigest {
  AuthorityIndex authority_index = 0;
  Slot slot;
  bool operator==(const SecondaryPlainPreDigest&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("authority_index", &SecondaryPlainPreDigest::authority_index,
                            "super::AuthorityIndex"),
                      field("slot", &SecondaryPlainPreDigest::slot, "Slot")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "digests", "SecondaryPlainPreDigest"});
    add_fields(b, fields());
  }
};

struct SecondaryVRFPreDigest {
  AuthorityIndex authority_index = 0;
  Slot slot;
  VrfSignature vrf_signature;
  bool operator==(const SecondaryVRFPreDigest&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("authority_index", &SecondaryVRFPreDigest::authority_index, "super::AuthorityIndex"),
        field("slot", &SecondaryVRFPreDigest::slot, "Slot"),
        field("vrf_signature", &SecondaryVRFPreDigest::vrf_signature, "VrfSignature")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "digests", "SecondaryVRFPreDigest"});
    add_fields(b, fields());
  }
};

// The BABE pre-runtime digest (engine `BABE`): Primary = 1, SecondaryPlain = 2, SecondaryVRF = 3.
struct PreDigest {
  struct Primary {
    static constexpr uint8_t kScaleIndex = 1;
    PrimaryPreDigest digest;
    bool operator==(const Primary&) const = default;
    CANARY_SCALE_FIELDS(digest)
  };
  struct SecondaryPlain {
    static constexpr uint8_t kScaleIndex = 2;
    SecondaryPlainPreDigest digest;
    bool operator==(const SecondaryPlain&) const = default;
    CANARY_SCALE_FIELDS(digest)
  };
  struct SecondaryVRF {
    static constexpr uint8_t kScaleIndex = 3;
    SecondaryVRFPreDigest digest;
    bool operator==(const SecondaryVRF&) const = default;
    CANARY_SCALE_FIELDS(digest)
  };
  std::variant<Primary, SecondaryPlain, SecondaryVRF> value;
  bool operator==(const PreDigest&) const = default;

  AuthorityIndex authority_index() const {
    return std::visit([](const auto& v) { return v.digest.authority_index; }, value);
  }
  Slot slot() const {
    return std::visit([](const auto& v) { return v.digest.slot; }, value);
  }
  bool is_primary() const { return std::holds_alternative<Primary>(value); }
  // The VRF signature of primary and secondary VRF slots.
  const VrfSignature* vrf_signature() const {
    if (const auto* p = std::get_if<Primary>(&value)) return &p->digest.vrf_signature;
    if (const auto* s = std::get_if<SecondaryVRF>(&value)) return &s->digest.vrf_signature;
    return nullptr;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "digests", "PreDigest"});
    meta::Registry& r = b.registry();
    b.variant(1, "Primary",
              {meta::field_of<PrimaryPreDigest>(r, std::nullopt, "PrimaryPreDigest")});
    b.variant(
        2, "SecondaryPlain",
        {meta::field_of<SecondaryPlainPreDigest>(r, std::nullopt, "SecondaryPlainPreDigest")});
    b.variant(3, "SecondaryVRF",
              {meta::field_of<SecondaryVRFPreDigest>(r, std::nullopt, "SecondaryVRFPreDigest")});
  }
};

// The first BABE pre-runtime digest of a header's digest that decodes (FRAME's find_author and
// initialize both take the first one).
inline std::optional<PreDigest> find_pre_digest(const block::Digest& digest) {
  for (const block::DigestItem& item : digest) {
    const auto* pre = std::get_if<block::DigestPreRuntime>(&item);
    if (pre == nullptr || pre->engine != block::kBabeEngineId) continue;
    auto decoded = scale::decode<PreDigest>(pre->data);
    // FRAME decodes without requiring the whole input to be consumed; an undecodable BABE item
    // ends the search (find_author returns None, initialize skips it).
    if (decoded) return *decoded;
  }
  return std::nullopt;
}

// Which slots may have blocks (sp_consensus_babe::AllowedSlots).
enum class AllowedSlots : uint8_t {
  kPrimarySlots = 0,
  kPrimaryAndSecondaryPlainSlots = 1,
  kPrimaryAndSecondaryVRFSlots = 2,
};
inline bool scale_is_valid(AllowedSlots s) {
  return static_cast<uint8_t>(s) <= 2;
}
// Its JSON (serde's unit variants): the variant's name.
constexpr std::array<std::pair<AllowedSlots, std::string_view>, 3> json_names(AllowedSlots) {
  return {{{AllowedSlots::kPrimarySlots, "PrimarySlots"},
           {AllowedSlots::kPrimaryAndSecondaryPlainSlots, "PrimaryAndSecondaryPlainSlots"},
           {AllowedSlots::kPrimaryAndSecondaryVRFSlots, "PrimaryAndSecondaryVRFSlots"}}};
}
inline void canary_type_info(meta::TypeBuilder& b, const AllowedSlots*) {
  b.path({"sp_consensus_babe", "AllowedSlots"});
  b.variant(0, "PrimarySlots").variant(1, "PrimaryAndSecondaryPlainSlots");
  b.variant(2, "PrimaryAndSecondaryVRFSlots");
}

// c = (numerator, denominator): the probability of a slot having a primary author.
struct BabeEpochConfiguration {
  std::tuple<uint64_t, uint64_t> c{1, 4};
  AllowedSlots allowed_slots = AllowedSlots::kPrimaryAndSecondaryVRFSlots;
  bool operator==(const BabeEpochConfiguration&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("c", &BabeEpochConfiguration::c, "(u64, u64)"),
        field("allowed_slots", &BabeEpochConfiguration::allowed_slots, "AllowedSlots")};
  }
  CANARY_DESCRIBED()
  static constexpr auto json_fields() {
    return std::tuple{json_field("c", &BabeEpochConfiguration::c),
                      json_field("allowed_slots", &BabeEpochConfiguration::allowed_slots)};
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "BabeEpochConfiguration"});
    add_fields(b, fields());
  }
};

// NextConfigDescriptor::V1 (outside the enum so that its default member initializers are usable
// where the variant is declared).
struct NextConfigDescriptorV1 {
  static constexpr uint8_t kScaleIndex = 1;
  std::tuple<uint64_t, uint64_t> c{1, 4};
  AllowedSlots allowed_slots = AllowedSlots::kPrimarySlots;
  bool operator==(const NextConfigDescriptorV1&) const = default;
  CANARY_SCALE_FIELDS(c, allowed_slots)
};

// A planned configuration change (only V1, at variant index 1).
struct NextConfigDescriptor {
  using V1 = NextConfigDescriptorV1;
  std::variant<V1> value;
  bool operator==(const NextConfigDescriptor&) const = default;

  BabeEpochConfiguration config() const {
    const V1& v = std::get<V1>(value);
    return {v.c, v.allowed_slots};
  }
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "digests", "NextConfigDescriptor"});
    meta::Registry& r = b.registry();
    meta::Field c = meta::field_of<std::tuple<uint64_t, uint64_t>>(r, "c", "(u64, u64)");
    meta::Field slots = meta::field_of<AllowedSlots>(r, "allowed_slots", "AllowedSlots");
    b.variant(1, "V1", {c, slots});
  }
};

// Announced in the first block of an epoch, for the epoch after it.
struct NextEpochDescriptor {
  std::vector<Authority> authorities;
  Randomness randomness{};
  bool operator==(const NextEpochDescriptor&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("authorities", &NextEpochDescriptor::authorities,
                            "Vec<(AuthorityId, BabeAuthorityWeight)>"),
                      field("randomness", &NextEpochDescriptor::randomness, "Randomness")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "digests", "NextEpochDescriptor"});
    add_fields(b, fields());
  }
};

// The consensus log (DigestItem::Consensus(BABE, …)): NextEpochData = 1, OnDisabled = 2,
// NextConfigData = 3.
struct ConsensusLog {
  struct NextEpochData {
    static constexpr uint8_t kScaleIndex = 1;
    NextEpochDescriptor descriptor;
    bool operator==(const NextEpochData&) const = default;
    CANARY_SCALE_FIELDS(descriptor)
  };
  struct OnDisabled {
    static constexpr uint8_t kScaleIndex = 2;
    AuthorityIndex index = 0;
    bool operator==(const OnDisabled&) const = default;
    CANARY_SCALE_FIELDS(index)
  };
  struct NextConfigData {
    static constexpr uint8_t kScaleIndex = 3;
    NextConfigDescriptor descriptor;
    bool operator==(const NextConfigData&) const = default;
    CANARY_SCALE_FIELDS(descriptor)
  };
  std::variant<NextEpochData, OnDisabled, NextConfigData> value;
  bool operator==(const ConsensusLog&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
};

// BabeApi_configuration (BabeApi v2).
struct BabeConfiguration {
  uint64_t slot_duration = 0;
  uint64_t epoch_length = 0;
  std::tuple<uint64_t, uint64_t> c{1, 4};
  std::vector<Authority> authorities;
  Randomness randomness{};
  AllowedSlots allowed_slots = AllowedSlots::kPrimarySlots;
  bool operator==(const BabeConfiguration&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("slot_duration", &BabeConfiguration::slot_duration, "u64"),
                      field("epoch_length", &BabeConfiguration::epoch_length, "u64"),
                      field("c", &BabeConfiguration::c, "(u64, u64)"),
                      field("authorities", &BabeConfiguration::authorities,
                            "Vec<(AuthorityId, BabeAuthorityWeight)>"),
                      field("randomness", &BabeConfiguration::randomness, "Randomness"),
                      field("allowed_slots", &BabeConfiguration::allowed_slots, "AllowedSlots")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "BabeConfiguration"});
    add_fields(b, fields());
  }
};

// BabeApi_current_epoch / BabeApi_next_epoch.
struct Epoch {
  uint64_t epoch_index = 0;
  Slot start_slot;
  uint64_t duration = 0;
  std::vector<Authority> authorities;
  Randomness randomness{};
  BabeEpochConfiguration config;
  bool operator==(const Epoch&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("epoch_index", &Epoch::epoch_index, "u64"),
        field("start_slot", &Epoch::start_slot, "Slot"),
        field("duration", &Epoch::duration, "u64"),
        field("authorities", &Epoch::authorities, "Vec<(AuthorityId, BabeAuthorityWeight)>"),
        field("randomness", &Epoch::randomness, "Randomness"),
        field("config", &Epoch::config, "BabeEpochConfiguration")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_babe", "Epoch"});
    add_fields(b, fields());
  }
};

// sp_consensus_slots::EquivocationProof<Header, AuthorityId>: two headers of one slot by one
// authority (the seals still on).
struct EquivocationProof {
  AuthorityId offender;
  Slot slot;
  block::Header first_header;
  block::Header second_header;
  static constexpr auto fields() {
    return std::tuple{field("offender", &EquivocationProof::offender, "Id"),
                      field("slot", &EquivocationProof::slot, "Slot"),
                      field("first_header", &EquivocationProof::first_header, "Header"),
                      field("second_header", &EquivocationProof::second_header, "Header")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_slots", "EquivocationProof"});
    b.param<block::Header>("Header");
    b.param<AuthorityId>("Id");
    add_fields(b, fields());
  }
};

// The inputs of the BABE VRF transcript (sp_consensus_babe::make_vrf_transcript: label "BABE",
// "slot number", "current epoch" as u64 LE, "chain randomness").
struct VrfTranscriptData {
  Randomness randomness{};
  uint64_t slot = 0;
  uint64_t epoch = 0;
};

}  // namespace canary::rt::pallets::babe
