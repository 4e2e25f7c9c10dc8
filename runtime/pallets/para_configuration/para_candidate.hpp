// The runtime side of polkadot-primitives' candidate types, as ParaInclusion stores them and the
// paras inherent carries them: the V2 candidate descriptor (with the V1 reading of the same 292
// bytes), commitments, receipts and their hash, availability bitfields and their signed form,
// backing attestations and BackedCandidate. SCALE byte for byte as polkadot-sdk stable2506
// (polkadot/primitives/src/v8/mod.rs, vstaging/mod.rs, v8/signed.rs; parachain-facts.md §1.4-1.8).
//
// Metadata paths are Kusama's (spec 1_009_002's metadata, the newest we hold, newer than
// polkadot-fellows v1.7.1 and still naming the same modules): the V2 receipt types live in
// `polkadot_primitives::vstaging`, the rest in `polkadot_primitives::v8`, the hash in
// `polkadot_core_primitives`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::para_primitives {

using SessionIndex = uint32_t;

// polkadot_core_primitives::CandidateHash(H256): BLAKE2b-256 of SCALE(CandidateReceipt).
struct CandidateHash {
  H256 hash{};
  auto operator<=>(const CandidateHash&) const = default;
  CANARY_SCALE_FIELDS(hash)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_core_primitives", "CandidateHash"});
    b.typed_field<H256>(std::nullopt, "Hash");
  }
};

// vstaging::InternalVersion(u8): the descriptor's version byte.
struct InternalVersion {
  uint8_t value = 0;
  bool operator==(const InternalVersion&) const = default;
  CANARY_SCALE_FIELDS(value)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "InternalVersion"});
    b.typed_field<uint8_t>(std::nullopt, "u8");
  }
};

// How a descriptor's 292 bytes are to be read (vstaging::CandidateDescriptorVersion).
enum class CandidateDescriptorVersion : uint8_t { kV1, kV2, kUnknown };

// vstaging::CandidateDescriptorV2<H256>. A V1 descriptor (v8::CandidateDescriptor) has the same
// length and the same fields at the same offsets except two: bytes 36..68 are the collator's key
// where V2 has version ‖ core_index ‖ session_index ‖ reserved1, and bytes 164..228 the collator's
// signature where V2 has zeros (reserved2). version() tells them apart as polkadot-sdk does.
struct CandidateDescriptorV2 {
  ParaId para_id;
  H256 relay_parent{};
  InternalVersion version_byte;
  uint16_t core_index_v2 = 0;
  uint32_t session_index_v2 = 0;
  ByteArray<25> reserved1{};
  H256 persisted_validation_data_hash{};
  H256 pov_hash{};
  H256 erasure_root{};
  ByteArray<64> reserved2{};
  H256 para_head{};
  ValidationCodeHash validation_code_hash;

  bool operator==(const CandidateDescriptorV2&) const = default;
  CANARY_SCALE_FIELDS(para_id, relay_parent, version_byte, core_index_v2, session_index_v2,
                      reserved1, persisted_validation_data_hash, pov_hash, erasure_root, reserved2,
                      para_head, validation_code_hash)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "CandidateDescriptorV2"});
    b.param<H256>("H");
    b.field("para_id", &CandidateDescriptorV2::para_id, "ParaId");
    b.field("relay_parent", &CandidateDescriptorV2::relay_parent, "H");
    b.field("version", &CandidateDescriptorV2::version_byte, "InternalVersion");
    b.field("core_index", &CandidateDescriptorV2::core_index_v2, "u16");
    b.field("session_index", &CandidateDescriptorV2::session_index_v2, "SessionIndex");
    b.field("reserved1", &CandidateDescriptorV2::reserved1, "[u8; 25]");
    b.field("persisted_validation_data_hash",
            &CandidateDescriptorV2::persisted_validation_data_hash, "Hash");
    b.field("pov_hash", &CandidateDescriptorV2::pov_hash, "Hash");
    b.field("erasure_root", &CandidateDescriptorV2::erasure_root, "Hash");
    b.field("reserved2", &CandidateDescriptorV2::reserved2, "[u8; 64]");
    b.field("para_head", &CandidateDescriptorV2::para_head, "Hash");
    b.field("validation_code_hash", &CandidateDescriptorV2::validation_code_hash,
            "ValidationCodeHash");
  }

  // CandidateDescriptorV2::version: any non-zero reserved byte means a V1 descriptor (its
  // collator key or signature); all zero with version 0 is V2; another version is unknown.
  CandidateDescriptorVersion version() const {
    const auto zero = [](const auto& bytes) {
      for (uint8_t x : bytes) {
        if (x != 0) return false;
      }
      return true;
    };
    if (!zero(reserved2) || !zero(reserved1)) return CandidateDescriptorVersion::kV1;
    if (version_byte.value == 0) return CandidateDescriptorVersion::kV2;
    return CandidateDescriptorVersion::kUnknown;
  }
  // The core and the session a V2 descriptor names; none for V1 (and unknown versions).
  std::optional<CoreIndex> core_index() const {
    if (version() != CandidateDescriptorVersion::kV2) return std::nullopt;
    return CoreIndex{core_index_v2};
  }
  std::optional<SessionIndex> session_index() const {
    if (version() != CandidateDescriptorVersion::kV2) return std::nullopt;
    return session_index_v2;
  }
  // A V1 descriptor's collator key (CollatorId) is what V2 calls version ‖ core_index ‖
  // session_index ‖ reserved1 (32 bytes at offset 36); its signature is reserved2.
  std::optional<ByteArray<32>> collator() const {
    if (version() != CandidateDescriptorVersion::kV1) return std::nullopt;
    const Bytes enc = scale::encode(*this);
    ByteArray<32> out{};
    std::copy(enc.begin() + 36, enc.begin() + 68, out.begin());
    return out;
  }
  std::optional<ByteArray<64>> collator_signature() const {
    if (version() != CandidateDescriptorVersion::kV1) return std::nullopt;
    return reserved2;
  }
};

// polkadot_core_primitives::OutboundHrmpMessage<ParaId>.
struct OutboundHrmpMessage {
  ParaId recipient;
  Bytes data;
  bool operator==(const OutboundHrmpMessage&) const = default;
  CANARY_SCALE_FIELDS(recipient, data)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_core_primitives", "OutboundHrmpMessage"});
    b.param<ParaId>("Id");
    b.field("recipient", &OutboundHrmpMessage::recipient, "Id");
    b.field("data", &OutboundHrmpMessage::data, "alloc::vec::Vec<u8>");
  }
};

// polkadot_primitives' MAX_UPWARD_MESSAGE_NUM and MAX_HORIZONTAL_MESSAGE_NUM: the bounds of
// UpwardMessages and HorizontalMessages.
inline constexpr uint32_t kMaxUpwardMessageNum = 16 * 1024;
inline constexpr uint32_t kMaxHorizontalMessageNum = 16 * 1024;
using UpwardMessages = BoundedVec<Bytes, ConstU32<kMaxUpwardMessageNum>>;
using HorizontalMessages = BoundedVec<OutboundHrmpMessage, ConstU32<kMaxHorizontalMessageNum>>;

// v8::CandidateCommitments<u32>: what a candidate's validation produced.
struct CandidateCommitments {
  UpwardMessages upward_messages;
  HorizontalMessages horizontal_messages;
  std::optional<ValidationCode> new_validation_code;
  HeadData head_data;
  uint32_t processed_downward_messages = 0;
  uint32_t hrmp_watermark = 0;

  bool operator==(const CandidateCommitments&) const = default;
  CANARY_SCALE_FIELDS(upward_messages, horizontal_messages, new_validation_code, head_data,
                      processed_downward_messages, hrmp_watermark)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "CandidateCommitments"});
    b.param<uint32_t>("N");
    b.field("upward_messages", &CandidateCommitments::upward_messages, "UpwardMessages");
    b.field("horizontal_messages", &CandidateCommitments::horizontal_messages,
            "HorizontalMessages");
    b.field("new_validation_code", &CandidateCommitments::new_validation_code,
            "Option<ValidationCode>");
    b.field("head_data", &CandidateCommitments::head_data, "HeadData");
    b.field("processed_downward_messages", &CandidateCommitments::processed_downward_messages,
            "u32");
    b.field("hrmp_watermark", &CandidateCommitments::hrmp_watermark, "N");
  }
  // CandidateCommitments::hash: BLAKE2b-256 of the SCALE encoding.
  H256 hash() const { return H256{io::hashing::blake2_256(scale::encode(*this))}; }
};

// vstaging::CandidateReceiptV2<H256>: the descriptor and the commitments' hash. Its hash is
// the candidate's hash.
struct CandidateReceiptV2 {
  CandidateDescriptorV2 descriptor;
  H256 commitments_hash{};
  bool operator==(const CandidateReceiptV2&) const = default;
  CANARY_SCALE_FIELDS(descriptor, commitments_hash)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "CandidateReceiptV2"});
    b.param<H256>("H");
    b.field("descriptor", &CandidateReceiptV2::descriptor, "CandidateDescriptorV2<H>");
    b.field("commitments_hash", &CandidateReceiptV2::commitments_hash, "Hash");
  }
  CandidateHash hash() const {
    return CandidateHash{H256{io::hashing::blake2_256(scale::encode(*this))}};
  }
};

// vstaging::CommittedCandidateReceiptV2<H256>: the descriptor with the commitments themselves.
struct CommittedCandidateReceiptV2 {
  CandidateDescriptorV2 descriptor;
  CandidateCommitments commitments;
  bool operator==(const CommittedCandidateReceiptV2&) const = default;
  CANARY_SCALE_FIELDS(descriptor, commitments)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "CommittedCandidateReceiptV2"});
    b.param<H256>("H");
    b.field("descriptor", &CommittedCandidateReceiptV2::descriptor, "CandidateDescriptorV2<H>");
    b.field("commitments", &CommittedCandidateReceiptV2::commitments, "CandidateCommitments");
  }
  CandidateReceiptV2 to_plain() const { return {descriptor, commitments.hash()}; }
  CandidateHash hash() const { return to_plain().hash(); }
};

// v8::PersistedValidationData<H256, u32>: what the para's validation function sees of the relay
// chain; descriptors carry the hash of its SCALE encoding.
struct PersistedValidationData {
  HeadData parent_head;
  uint32_t relay_parent_number = 0;
  H256 relay_parent_storage_root{};
  uint32_t max_pov_size = 0;
  bool operator==(const PersistedValidationData&) const = default;
  CANARY_SCALE_FIELDS(parent_head, relay_parent_number, relay_parent_storage_root, max_pov_size)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "PersistedValidationData"});
    b.param<H256>("H");
    b.param<uint32_t>("N");
    b.field("parent_head", &PersistedValidationData::parent_head, "HeadData");
    b.field("relay_parent_number", &PersistedValidationData::relay_parent_number, "N");
    b.field("relay_parent_storage_root", &PersistedValidationData::relay_parent_storage_root, "H");
    b.field("max_pov_size", &PersistedValidationData::max_pov_size, "u32");
  }
  H256 hash() const { return H256{io::hashing::blake2_256(scale::encode(*this))}; }
};

// v8::SigningContext<H256>: appended to every signed payload of validators (session first).
struct SigningContext {
  SessionIndex session_index = 0;
  H256 parent_hash{};
  bool operator==(const SigningContext&) const = default;
  CANARY_SCALE_FIELDS(session_index, parent_hash)
};

// v8::AvailabilityBitfield(BitVec<u8, Lsb0>): one bit per availability core.
struct AvailabilityBitfield {
  scale::BitVec bits;
  bool operator==(const AvailabilityBitfield&) const = default;
  CANARY_SCALE_FIELDS(bits)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "AvailabilityBitfield"});
    b.typed_field<scale::BitVec>(std::nullopt, "BitVec<u8, bitvec::order::Lsb0>");
  }
};

// v8::signed::UncheckedSigned<AvailabilityBitfield>: a bitfield, its validator and the
// validator's sr25519 signature over SCALE(payload) ‖ SCALE(SigningContext) (signed.rs
// payload_data).
struct UncheckedSignedAvailabilityBitfield {
  AvailabilityBitfield payload;
  ValidatorIndex validator_index;
  ValidatorSignature signature;
  bool operator==(const UncheckedSignedAvailabilityBitfield&) const = default;
  CANARY_SCALE_FIELDS(payload, validator_index, signature)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "signed", "UncheckedSigned"});
    b.param<AvailabilityBitfield>("Payload");
    b.param<AvailabilityBitfield>("RealPayload");
    b.field("payload", &UncheckedSignedAvailabilityBitfield::payload, "Payload");
    b.field("validator_index", &UncheckedSignedAvailabilityBitfield::validator_index,
            "ValidatorIndex");
    b.field("signature", &UncheckedSignedAvailabilityBitfield::signature, "ValidatorSignature");
  }
  static Bytes signing_payload(const AvailabilityBitfield& payload, const SigningContext& ctx) {
    Bytes out = scale::encode(payload);
    const Bytes context = scale::encode(ctx);
    out.insert(out.end(), context.begin(), context.end());
    return out;
  }
  bool check_signature(const SigningContext& ctx, const ByteArray<32>& validator_key) const {
    return io::crypto::sr25519_verify(signature.bytes, signing_payload(payload, ctx),
                                      validator_key);
  }
};

// v8::CompactStatement as a backing vote signs it: "BKNG" ‖ kind (1 Seconded, 2 Valid) ‖ the
// candidate hash, then the SigningContext (parachain-facts.md §1.7).
enum class CompactStatementKind : uint8_t { kSeconded = 1, kValid = 2 };
inline Bytes backing_statement_payload(CompactStatementKind kind, const CandidateHash& candidate,
                                       const SigningContext& ctx) {
  Bytes out{'B', 'K', 'N', 'G', static_cast<uint8_t>(kind)};
  out.insert(out.end(), candidate.hash.bytes.begin(), candidate.hash.bytes.end());
  const Bytes context = scale::encode(ctx);
  out.insert(out.end(), context.begin(), context.end());
  return out;
}

// v8::ValidityAttestation: Implicit(sig) = 1 (a Seconded statement), Explicit(sig) = 2 (Valid).
// There is no variant 0.
struct ValidityAttestation {
  enum class Kind : uint8_t { kImplicit = 1, kExplicit = 2 };
  Kind kind = Kind::kImplicit;
  ValidatorSignature signature;
  bool operator==(const ValidityAttestation&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, static_cast<uint8_t>(kind));
    scale::encode_to(out, signature);
  }
  void scale_decode(scale::Decoder& in) {
    uint8_t index = 0;
    scale::decode_from(in, index);
    if (!in.ok()) return;
    if (index != 1 && index != 2) {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
      return;
    }
    kind = static_cast<Kind>(index);
    scale::decode_from(in, signature);
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "ValidityAttestation"});
    meta::Registry& r = b.registry();
    b.variant(1, "Implicit", {meta::field_of<ValidatorSignature>(r, {}, "ValidatorSignature")});
    b.variant(2, "Explicit", {meta::field_of<ValidatorSignature>(r, {}, "ValidatorSignature")});
  }
  // The statement the signature is over.
  CompactStatementKind statement_kind() const {
    return kind == Kind::kImplicit ? CompactStatementKind::kSeconded : CompactStatementKind::kValid;
  }
};

// vstaging::BackedCandidate<H256>: a candidate with its backing votes. validator_indices has a
// bit per member of the backing group (in group order) and, since elastic scaling, 8 more bits:
// the core index as a u8, Lsb0 (inject_core_index).
struct BackedCandidate {
  CommittedCandidateReceiptV2 candidate;
  std::vector<ValidityAttestation> validity_votes;
  scale::BitVec validator_indices;
  bool operator==(const BackedCandidate&) const = default;
  CANARY_SCALE_FIELDS(candidate, validity_votes, validator_indices)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "BackedCandidate"});
    b.param<H256>("H");
    b.field("candidate", &BackedCandidate::candidate, "CommittedCandidateReceiptV2<H>");
    b.field("validity_votes", &BackedCandidate::validity_votes, "Vec<ValidityAttestation>");
    b.field("validator_indices", &BackedCandidate::validator_indices,
            "BitVec<u8, bitvec::order::Lsb0>");
  }
  CandidateHash hash() const { return candidate.hash(); }
  CandidateReceiptV2 receipt() const { return candidate.to_plain(); }

  // validator_indices_and_core_index: more than 8 bits means the last 8 are a core index. (As
  // polkadot-sdk's, this misreads a group larger than 8 without an injected index; honest block
  // authors always inject it.)
  std::pair<scale::BitVec, std::optional<CoreIndex>> validator_indices_and_core_index() const {
    const size_t n = validator_indices.size();
    if (n <= 8) return {validator_indices, std::nullopt};
    const size_t offset = n - 8;
    scale::BitVec votes(offset);
    for (size_t i = 0; i < offset; ++i) votes.set(i, validator_indices.get(i));
    uint32_t core = 0;
    for (size_t i = 0; i < 8; ++i) {
      if (validator_indices.get(offset + i)) core |= 1u << i;
    }
    return {std::move(votes), CoreIndex{core}};
  }
  // set_validator_indices_and_core_index.
  void set_validator_indices_and_core_index(const scale::BitVec& votes,
                                            std::optional<CoreIndex> core) {
    validator_indices = votes;
    if (core) {
      for (size_t i = 0; i < 8; ++i) validator_indices.push_back(((core->value >> i) & 1) != 0);
    }
  }
};

}  // namespace canary::rt::pallets::para_primitives
