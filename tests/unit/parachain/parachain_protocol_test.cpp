// The node's parachain wire types (parachain/protocol) against their layouts written out by hand
// from polkadot-sdk (parachain-facts §1.5–1.10, §3.1–3.2): the "BKNG" compact statement and its
// signing payload, signed statements and bitfields (sign, verify, tampering), backed candidates
// with the elastic-scaling core index, dispute statements and their payloads, the paras inherent
// (empty = runtime::parachains_inherent_without_content), the validation v3 and collation v2
// notifications in their WireMessage, the request-response types, the size limits, truncation
// and trailing bytes, and the protocol names (polkadot-sdk's peer_set.rs test vector).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "parachain/protocol/backed_candidate.hpp"
#include "parachain/protocol/bitfield.hpp"
#include "parachain/protocol/collation_protocol.hpp"
#include "parachain/protocol/dispute_statement.hpp"
#include "parachain/protocol/parachains_inherent.hpp"
#include "parachain/protocol/protocol_names.hpp"
#include "parachain/protocol/request_response.hpp"
#include "parachain/protocol/signed.hpp"
#include "parachain/protocol/validation_protocol.hpp"
#include "parachain/protocol/wire_message.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "tests/support/hex.hpp"

namespace canary::parachain::protocol {
namespace {

using test::hex;
using test::unhex;

Hash256 filled(uint8_t b) {
  Hash256 h;
  h.fill(b);
  return h;
}

ValidatorSignature signature_of(uint8_t b) {
  ValidatorSignature s;
  s.fill(b);
  return s;
}

std::string le32(uint32_t v) {
  Bytes out(4);
  for (size_t i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  return hex(out);
}

crypto::sr25519::Keypair validator_key(uint8_t seed = 0x42) {
  return crypto::sr25519::keypair_from_mini_secret(filled(seed));
}

CommittedCandidateReceipt sample_receipt() {
  CommittedCandidateReceipt r;
  r.descriptor.para_id = 2000;
  r.descriptor.relay_parent = filled(0x11);
  r.descriptor.core_index_v2 = 3;
  r.descriptor.session_index_v2 = 7;
  r.descriptor.persisted_validation_data_hash = filled(0x22);
  r.descriptor.pov_hash = filled(0x33);
  r.descriptor.erasure_root = filled(0x44);
  r.descriptor.para_head = filled(0x55);
  r.descriptor.validation_code_hash = filled(0x66);
  r.commitments.upward_messages = {Bytes{1, 2}};
  r.commitments.head_data = HeadData{{0xde, 0xad}};
  r.commitments.hrmp_watermark = 42;
  return r;
}

scale::BitVec bits_of(std::initializer_list<int> bits) {
  scale::BitVec v;
  for (int b : bits) v.push_back(b != 0);
  return v;
}

block::Header sample_header() {
  block::Header h;
  h.parent_hash = filled(0x01);
  h.number = 100;
  h.state_root = filled(0x02);
  h.extrinsics_root = filled(0x03);
  return h;
}

// Every proper prefix of a message is truncated, and a byte after it is refused.
template <class T>
void expect_strict(const Bytes& encoded,
                   const std::function<Result<T, WireError>(ByteSpan)>& decode) {
  ASSERT_TRUE(decode(encoded).has_value());
  for (size_t n = 0; n < encoded.size(); ++n) {
    const auto prefix = decode(ByteSpan(encoded).first(n));
    ASSERT_FALSE(prefix.has_value()) << n;
    EXPECT_EQ(prefix.error(), WireError::kTruncated) << n;
  }
  Bytes longer = encoded;
  longer.push_back(0);
  EXPECT_EQ(decode(longer).error(), WireError::kTrailingBytes);
}

// decode(encode(value)) == value, through the protocol's decoder.
template <class T>
void expect_round_trip(const T& value,
                       const std::function<Result<T, WireError>(ByteSpan)>& decode) {
  const Bytes encoded = scale::encode(value);
  const auto decoded = decode(encoded);
  ASSERT_TRUE(decoded.has_value()) << to_string(decoded.error());
  EXPECT_EQ(*decoded, value);
  expect_strict<T>(encoded, decode);
}

// ---- statements -------------------------------------------------------------------------------

TEST(ParachainProtocol, CompactStatementIsBkngKindHash) {
  const CompactStatement seconded{CompactStatementKind::kSeconded, filled(0xab)};
  const Bytes encoded = scale::encode(seconded);
  ASSERT_EQ(encoded.size(), kCompactStatementSize);
  EXPECT_EQ(encoded.size(), 37U);
  EXPECT_EQ(hex(encoded),
            "424b4e47"
            "01" +
                hex(filled(0xab)));
  EXPECT_EQ(hex(scale::encode(CompactStatement{CompactStatementKind::kValid, filled(0xab)})),
            "424b4e47"
            "02" +
                hex(filled(0xab)));
  EXPECT_EQ(scale::decode<CompactStatement>(encoded).value(), seconded);
  // Another magic, a kind other than 1 and 2, a short hash: refused.
  Bytes bad_magic = encoded;
  bad_magic[0] = 'C';
  EXPECT_EQ(scale::decode<CompactStatement>(bad_magic).error(), scale::DecodeError::kInvalidValue);
  for (uint8_t kind : {0, 3, 0xff}) {
    Bytes bad_kind = encoded;
    bad_kind[4] = kind;
    EXPECT_EQ(scale::decode<CompactStatement>(bad_kind).error(),
              scale::DecodeError::kInvalidVariantIndex);
  }
  EXPECT_EQ(scale::decode<CompactStatement>(ByteSpan(encoded).first(36)).error(),
            scale::DecodeError::kNotEnoughData);
}

TEST(ParachainProtocol, StatementSigningPayloadIsCompactThenContext) {
  const SigningContext context{7, filled(0x11)};
  EXPECT_EQ(hex(scale::encode(context)), "07000000" + hex(filled(0x11)));
  const CompactStatement valid{CompactStatementKind::kValid, filled(0xcd)};
  const Bytes payload = signing_payload(valid, context);
  EXPECT_EQ(payload.size(), 73U);
  EXPECT_EQ(hex(payload),
            "424b4e47"
            "02" +
                hex(filled(0xcd)) + "07000000" + hex(filled(0x11)));

  // A full statement signs as its compact form (EncodeAs), not as its own encoding.
  const CommittedCandidateReceipt receipt = sample_receipt();
  const Statement seconded = SecondedStatement{receipt};
  const CompactStatement compact = compact_of(seconded);
  EXPECT_EQ(compact.kind, CompactStatementKind::kSeconded);
  EXPECT_EQ(compact.candidate_hash, candidate_hash(receipt.to_plain()));
  EXPECT_EQ(candidate_hash_of(seconded), compact.candidate_hash);
  EXPECT_EQ(signing_payload(seconded, context), signing_payload(compact, context));
  EXPECT_EQ(compact_of(Statement{ValidStatement{filled(0xcd)}}), valid);
}

TEST(ParachainProtocol, FullStatementEncodingHasNoMagic) {
  EXPECT_EQ(hex(scale::encode(Statement{ValidStatement{filled(0x0f)}})), "02" + hex(filled(0x0f)));
  const CommittedCandidateReceipt receipt = sample_receipt();
  EXPECT_EQ(hex(scale::encode(Statement{SecondedStatement{receipt}})),
            "01" + hex(scale::encode(receipt)));
  EXPECT_EQ(scale::decode<Statement>(unhex("00" + hex(filled(0x0f)))).error(),
            scale::DecodeError::kInvalidVariantIndex);
}

TEST(ParachainProtocol, SignedStatementsVerifyAndTamperingFails) {
  const auto key = validator_key();
  const SigningContext context{3, filled(0x77)};
  const CompactStatement statement{CompactStatementKind::kSeconded, filled(0x99)};
  const UncheckedSignedStatement signed_statement = sign_payload(key, statement, 5, context);
  EXPECT_EQ(signed_statement.payload, statement);
  EXPECT_EQ(signed_statement.validator_index, 5U);
  EXPECT_TRUE(verify_signed(signed_statement, context, key.public_key));
  // The layout: payload ‖ validator index u32 ‖ signature.
  EXPECT_EQ(hex(scale::encode(signed_statement)),
            hex(scale::encode(statement)) + "05000000" + hex(signed_statement.signature));

  UncheckedSignedStatement tampered = signed_statement;
  tampered.signature[10] ^= 1;
  EXPECT_FALSE(verify_signed(tampered, context, key.public_key));
  EXPECT_FALSE(verify_signed(signed_statement, SigningContext{4, filled(0x77)}, key.public_key));
  EXPECT_FALSE(verify_signed(signed_statement, SigningContext{3, filled(0x78)}, key.public_key));
  EXPECT_FALSE(verify_signed(signed_statement, context, validator_key(0x43).public_key));
  UncheckedSignedStatement other_kind = signed_statement;
  other_kind.payload.kind = CompactStatementKind::kValid;
  EXPECT_FALSE(verify_signed(other_kind, context, key.public_key));

  // A full Seconded statement's signature is the compact statement's.
  const UncheckedSignedFullStatement full =
      sign_payload(key, Statement{SecondedStatement{sample_receipt()}}, 9, context);
  EXPECT_TRUE(verify_signed(full, context, key.public_key));
  const UncheckedSignedStatement compact = to_compact(full);
  EXPECT_EQ(compact.signature, full.signature);
  EXPECT_EQ(compact.validator_index, 9U);
  EXPECT_TRUE(verify_signed(compact, context, key.public_key));
}

// ---- bitfields ------------------------------------------------------------------------------

TEST(ParachainProtocol, AvailabilityBitfieldIsLsb0BitVec) {
  const AvailabilityBitfield bitfield{bits_of({1, 0, 1, 1, 0})};
  // Compact(5) = 0x14, then bits 0, 2, 3 of one byte: 0b01101.
  EXPECT_EQ(hex(scale::encode(bitfield)), "140d");
  const AvailabilityBitfield wide{bits_of({0, 0, 0, 0, 0, 0, 0, 0, 1})};
  EXPECT_EQ(hex(scale::encode(wide)), "240001");
  EXPECT_EQ(scale::decode<AvailabilityBitfield>(unhex("140d")).value(), bitfield);

  const auto key = validator_key();
  const SigningContext context{1, filled(0x10)};
  EXPECT_EQ(hex(bitfield_signing_payload(bitfield, context)),
            "140d"
            "01000000" +
                hex(filled(0x10)));
  const auto signed_bitfield = sign_payload(key, bitfield, 2, context);
  EXPECT_EQ(hex(scale::encode(signed_bitfield)),
            "140d"
            "02000000" +
                hex(signed_bitfield.signature));
  EXPECT_TRUE(verify_signed(signed_bitfield, context, key.public_key));
  auto flipped = signed_bitfield;
  flipped.payload.bits.set(1, true);
  EXPECT_FALSE(verify_signed(flipped, context, key.public_key));
}

// ---- backed candidates ----------------------------------------------------------------------

TEST(ParachainProtocol, ValidityAttestationIndicesStartAtOne) {
  const ValidityAttestation implicit{ValidityAttestationKind::kImplicit, signature_of(0x5a)};
  const ValidityAttestation explicit_vote{ValidityAttestationKind::kExplicit, signature_of(0x5b)};
  EXPECT_EQ(hex(scale::encode(implicit)), "01" + hex(signature_of(0x5a)));
  EXPECT_EQ(hex(scale::encode(explicit_vote)), "02" + hex(signature_of(0x5b)));
  EXPECT_EQ(scale::decode<ValidityAttestation>(scale::encode(explicit_vote)).value(),
            explicit_vote);
  for (uint8_t index : {0, 3}) {
    Bytes bad = scale::encode(implicit);
    bad[0] = index;
    EXPECT_EQ(scale::decode<ValidityAttestation>(bad).error(),
              scale::DecodeError::kInvalidVariantIndex);
  }
  EXPECT_EQ(attested_statement(implicit, filled(1)).kind, CompactStatementKind::kSeconded);
  EXPECT_EQ(attested_statement(explicit_vote, filled(1)).kind, CompactStatementKind::kValid);
}

TEST(ParachainProtocol, BackedCandidateCarriesTheCoreIndexInItsLastEightBits) {
  const scale::BitVec group = bits_of({1, 1, 0, 1, 0});
  const BackedCandidate backed = make_backed_candidate(
      sample_receipt(), {ValidityAttestation{ValidityAttestationKind::kImplicit, signature_of(1)}},
      group, CoreIndex{3});
  // 13 bits: the group's 1,1,0,1,0 then core 3 as u8 Lsb0 (1,1,0,0,0,0,0,0).
  EXPECT_EQ(hex(scale::encode(backed.validator_indices)), "346b00");
  EXPECT_EQ(hex(scale::encode(backed)), hex(scale::encode(sample_receipt())) +
                                            "04"
                                            "01" +
                                            hex(signature_of(1)) + "346b00");
  const auto [votes, core] = validator_indices_and_core_index(backed);
  EXPECT_EQ(votes, group);
  EXPECT_EQ(core, std::optional<CoreIndex>(3));
  EXPECT_EQ(scale::decode<BackedCandidate>(scale::encode(backed)).value(), backed);

  // Without the feature: the group's bits alone, and no core read from five bits.
  const BackedCandidate plain = make_backed_candidate(sample_receipt(), {}, group, std::nullopt);
  EXPECT_EQ(plain.validator_indices, group);
  EXPECT_EQ(validator_indices_and_core_index(plain).second, std::nullopt);
  // As polkadot-sdk's `as u8`: core 300 keeps its low byte (44).
  const BackedCandidate wide = make_backed_candidate(sample_receipt(), {}, group, CoreIndex{300});
  EXPECT_EQ(validator_indices_and_core_index(wide).second, std::optional<CoreIndex>(44));
  // An empty group with a core index: exactly 8 bits, which the runtime reads as no core index.
  EXPECT_EQ(with_core_index(scale::BitVec{}, CoreIndex{1}).size(), 8U);
}

// ---- disputes -------------------------------------------------------------------------------

DisputeStatement valid_statement(ValidDisputeStatementKind kind) {
  return DisputeStatement{DisputeStatement::Valid{std::move(kind)}};
}

TEST(ParachainProtocol, DisputeStatementEncodings) {
  using Kind = ValidDisputeStatementKind;
  EXPECT_EQ(hex(scale::encode(valid_statement({Kind::Explicit{}}))), "0000");
  EXPECT_EQ(hex(scale::encode(valid_statement({Kind::BackingSeconded{filled(7)}}))),
            "0001" + hex(filled(7)));
  EXPECT_EQ(hex(scale::encode(valid_statement({Kind::BackingValid{filled(7)}}))),
            "0002" + hex(filled(7)));
  EXPECT_EQ(hex(scale::encode(valid_statement({Kind::ApprovalChecking{}}))), "0003");
  EXPECT_EQ(hex(scale::encode(valid_statement(
                {Kind::ApprovalCheckingMultipleCandidates{{filled(1), filled(2)}}}))),
            "0004"
            "08" +
                hex(filled(1)) + hex(filled(2)));
  const DisputeStatement invalid{DisputeStatement::Invalid{}};
  EXPECT_EQ(hex(scale::encode(invalid)), "0100");
  EXPECT_FALSE(invalid.indicates_validity());
  EXPECT_EQ(scale::decode<DisputeStatement>(unhex("0101")).error(),
            scale::DecodeError::kInvalidEnumValue);
  EXPECT_EQ(scale::decode<DisputeStatement>(unhex("0005")).error(),
            scale::DecodeError::kInvalidVariantIndex);
  EXPECT_EQ(scale::decode<DisputeStatement>(unhex("0200")).error(),
            scale::DecodeError::kInvalidVariantIndex);

  DisputeStatementSet set;
  set.candidate_hash = filled(0xcc);
  set.session = 9;
  set.statements.emplace_back(invalid, 4, signature_of(0xee));
  EXPECT_EQ(hex(scale::encode(set)), hex(filled(0xcc)) +
                                         "09000000"
                                         "04"
                                         "0100"
                                         "04000000" +
                                         hex(signature_of(0xee)));
  EXPECT_EQ(scale::decode<DisputeStatementSet>(scale::encode(set)).value(), set);
}

TEST(ParachainProtocol, DisputeStatementPayloadsReuseBackingAndApprovalSignatures) {
  using Kind = ValidDisputeStatementKind;
  const Hash256 candidate = filled(0xca);
  const SessionIndex session = 5;
  const std::string tail = hex(candidate) + le32(session);
  EXPECT_EQ(
      hex(*dispute_statement_payload(valid_statement({Kind::Explicit{}}), candidate, session)),
      "44495350"
      "01" +
          tail);
  EXPECT_EQ(hex(*dispute_statement_payload(DisputeStatement{DisputeStatement::Invalid{}}, candidate,
                                           session)),
            "44495350"
            "00" +
                tail);
  EXPECT_EQ(*dispute_statement_payload(valid_statement({Kind::BackingSeconded{filled(0x1b)}}),
                                       candidate, session),
            signing_payload(CompactStatement{CompactStatementKind::kSeconded, candidate},
                            SigningContext{session, filled(0x1b)}));
  EXPECT_EQ(*dispute_statement_payload(valid_statement({Kind::BackingValid{filled(0x1b)}}),
                                       candidate, session),
            signing_payload(CompactStatement{CompactStatementKind::kValid, candidate},
                            SigningContext{session, filled(0x1b)}));
  const Bytes approval =
      *dispute_statement_payload(valid_statement({Kind::ApprovalChecking{}}), candidate, session);
  EXPECT_EQ(hex(approval), "41505052" + tail);
  // One coalesced candidate signs as a single approval; several as the list.
  EXPECT_EQ(*dispute_statement_payload(
                valid_statement({Kind::ApprovalCheckingMultipleCandidates{{candidate}}}), candidate,
                session),
            approval);
  EXPECT_EQ(hex(*dispute_statement_payload(
                valid_statement({Kind::ApprovalCheckingMultipleCandidates{{filled(1), candidate}}}),
                candidate, session)),
            "41505052"
            "08" +
                hex(filled(1)) + hex(candidate) + le32(session));
  EXPECT_FALSE(dispute_statement_payload(
                   valid_statement({Kind::ApprovalCheckingMultipleCandidates{{filled(1)}}}),
                   candidate, session)
                   .has_value());

  const auto key = validator_key();
  const DisputeStatement statement = valid_statement({Kind::ApprovalChecking{}});
  const ValidatorSignature signature = crypto::sr25519::sign(key, approval);
  EXPECT_TRUE(verify_dispute_statement(statement, key.public_key, candidate, session, signature));
  EXPECT_FALSE(
      verify_dispute_statement(statement, key.public_key, candidate, session + 1, signature));
  EXPECT_FALSE(verify_dispute_statement(valid_statement({Kind::Explicit{}}), key.public_key,
                                        candidate, session, signature));
}

// ---- the paras inherent -----------------------------------------------------------------------

TEST(ParachainProtocol, EmptyParachainsInherentIsTheRuntimesWithoutContent) {
  ParachainsInherentData empty;
  empty.parent_header = sample_header();
  EXPECT_EQ(scale::encode(empty), runtime::parachains_inherent_without_content(sample_header()));
  EXPECT_EQ(decode_parachains_inherent(runtime::parachains_inherent_without_content({})).value(),
            ParachainsInherentData{});
  EXPECT_EQ(kParachainsInherentIdentifier, runtime::kParachainsInherent);
}

TEST(ParachainProtocol, ParachainsInherentRoundTrips) {
  const auto key = validator_key();
  ParachainsInherentData data;
  data.bitfields.push_back(sign_payload(key, AvailabilityBitfield{bits_of({1, 0, 1})}, 0,
                                        SigningContext{1, filled(0x01)}));
  data.backed_candidates.push_back(make_backed_candidate(
      sample_receipt(), {ValidityAttestation{ValidityAttestationKind::kExplicit, signature_of(2)}},
      bits_of({0, 1}), CoreIndex{0}));
  DisputeStatementSet set;
  set.candidate_hash = filled(0x0d);
  set.statements.emplace_back(
      valid_statement({ValidDisputeStatementKind::BackingValid{filled(0x0e)}}), 1, signature_of(3));
  data.disputes.push_back(set);
  data.parent_header = sample_header();
  expect_round_trip<ParachainsInherentData>(data, decode_parachains_inherent);
}

// ---- notifications --------------------------------------------------------------------------

TEST(ParachainProtocol, ViewIsSortedHeadsThenFinalizedNumber) {
  const View view = make_view({filled(2), filled(1)}, 7);
  EXPECT_EQ(view.heads, (std::vector<Hash256>{filled(1), filled(2)}));
  EXPECT_EQ(hex(scale::encode(view)), "08" + hex(filled(1)) + hex(filled(2)) + "07000000");
  // The same ViewUpdate on both peer sets: 2 ‖ View.
  const Bytes update = unhex(
      "02"
      "04" +
      hex(filled(9)) + "0a000000");
  const auto validation = decode_validation_message(update).value();
  ASSERT_TRUE(std::holds_alternative<ViewUpdate>(validation));
  EXPECT_EQ(std::get<ViewUpdate>(validation).view, make_view({filled(9)}, 10));
  const auto collation = decode_collation_message(update).value();
  ASSERT_TRUE(std::holds_alternative<ViewUpdate>(collation));
  EXPECT_EQ(encode_collation_message(collation).value(), update);
  EXPECT_EQ(hex(scale::encode(ValidationWireMessage{ViewUpdate{View{}}})),
            "02"
            "00"
            "00000000");
  // WireMessage has no index 0 or 3.
  EXPECT_EQ(decode_validation_message(unhex("0000000000")).error(), WireError::kMalformedScale);
  EXPECT_EQ(decode_collation_message(unhex("03")).error(), WireError::kMalformedScale);
}

TEST(ParachainProtocol, BitfieldDistributionMessageBytes) {
  const auto key = validator_key();
  const auto signed_bitfield = sign_payload(key, AvailabilityBitfield{bits_of({1, 0, 1, 1, 0})}, 6,
                                            SigningContext{2, filled(0x30)});
  const ValidationWireMessage message = ProtocolMessage<ValidationProtocol>{
      BitfieldDistribution{BitfieldMessage{filled(0x30), signed_bitfield}}};
  const Bytes encoded = encode_validation_message(message).value();
  // ProtocolMessage 1 ‖ BitfieldDistribution 1 ‖ Bitfield 0 ‖ relay parent ‖ signed bitfield.
  EXPECT_EQ(hex(encoded), "010100" + hex(filled(0x30)) +
                              "140d"
                              "06000000" +
                              hex(signed_bitfield.signature));
  expect_round_trip<ValidationWireMessage>(message, decode_validation_message);
}

TEST(ParachainProtocol, StatementDistributionMessageBytes) {
  const auto key = validator_key();
  const auto statement =
      sign_payload(key, CompactStatement{CompactStatementKind::kValid, filled(0x44)}, 1,
                   SigningContext{2, filled(0x30)});
  const ValidationWireMessage message = ProtocolMessage<ValidationProtocol>{
      StatementDistribution{StatementMessage{filled(0x30), statement}}};
  EXPECT_EQ(hex(scale::encode(message)), "010300" + hex(filled(0x30)) + "424b4e4702" +
                                             hex(filled(0x44)) + "01000000" +
                                             hex(statement.signature));
  expect_round_trip<ValidationWireMessage>(message, decode_validation_message);

  StatementFilter knowledge = StatementFilter::blank(3);
  knowledge.seconded_in_group.set(0, true);
  EXPECT_TRUE(knowledge.has_len(3));
  EXPECT_FALSE(knowledge.has_len(4));
  EXPECT_EQ(StatementFilter::full(2).seconded_in_group, bits_of({1, 1}));
  const BackedCandidateManifest manifest{filled(0x30), filled(0x44), 2,
                                         2000,         filled(0x55), knowledge};
  const ValidationWireMessage manifest_message =
      ProtocolMessage<ValidationProtocol>{StatementDistribution{manifest}};
  EXPECT_EQ(hex(scale::encode(manifest_message)), "010301" + hex(filled(0x30)) + hex(filled(0x44)) +
                                                      "02000000"
                                                      "d0070000" +
                                                      hex(filled(0x55)) +
                                                      "0c01"
                                                      "0c00");
  expect_round_trip<ValidationWireMessage>(manifest_message, decode_validation_message);
  const ValidationWireMessage known = ProtocolMessage<ValidationProtocol>{
      StatementDistribution{BackedCandidateAcknowledgement{filled(0x44), knowledge}}};
  EXPECT_EQ(hex(scale::encode(known)), "010302" + hex(filled(0x44)) +
                                           "0c01"
                                           "0c00");
  expect_round_trip<ValidationWireMessage>(known, decode_validation_message);
}

TEST(ParachainProtocol, ApprovalDistributionIsRefusedAsUnsupported) {
  // Assignments (0) with an empty vector, and arbitrary bytes after the index.
  EXPECT_EQ(decode_validation_message(unhex("010400"
                                            "00"))
                .error(),
            WireError::kUnsupported);
  EXPECT_EQ(decode_validation_message(unhex("0104")).error(), WireError::kUnsupported);
  EXPECT_EQ(decode_validation_message(unhex("0104ffffff")).error(), WireError::kUnsupported);
  // Indices the validation protocol does not have.
  for (const char* bytes : {"0100", "0102", "0105", "01ff"}) {
    EXPECT_EQ(decode_validation_message(unhex(bytes)).error(), WireError::kMalformedScale) << bytes;
  }
  EXPECT_EQ(decode_validation_message(unhex("01")).error(), WireError::kTruncated);
  EXPECT_EQ(decode_validation_message({}).error(), WireError::kTruncated);
}

TEST(ParachainProtocol, DeclareMessageBytesAndSignature) {
  const auto collator = validator_key(0x21);
  // A PeerId's bytes: an identity multihash of an ed25519 protobuf key (its shape matters not).
  const Bytes peer_id = unhex("002408011220" + hex(filled(0x5e)));
  EXPECT_EQ(hex(declare_signature_payload(peer_id)), hex(peer_id) + "434f4c4c");
  const Declare declare = sign_declare(collator, 2000, peer_id);
  EXPECT_TRUE(verify_declare(declare, peer_id));
  Bytes other_peer = peer_id;
  other_peer.back() ^= 1;
  EXPECT_FALSE(verify_declare(declare, other_peer));
  Declare other_key = declare;
  other_key.collator_id = validator_key(0x22).public_key;
  EXPECT_FALSE(verify_declare(other_key, peer_id));

  const CollationWireMessage message =
      ProtocolMessage<CollationProtocol>{CollatorProtocol{declare}};
  const Bytes encoded = encode_collation_message(message).value();
  // ProtocolMessage 1 ‖ CollatorProtocol 0 ‖ Declare 0 ‖ key ‖ para id ‖ signature.
  EXPECT_EQ(encoded.size(), 3U + 32 + 4 + 64);
  EXPECT_EQ(hex(encoded),
            "010000" + hex(collator.public_key) + "d0070000" + hex(declare.signature));
  expect_round_trip<CollationWireMessage>(message, decode_collation_message);
}

TEST(ParachainProtocol, AdvertiseAndSecondedMessageBytes) {
  const CollationWireMessage advertise = ProtocolMessage<CollationProtocol>{
      CollatorProtocol{AdvertiseCollation{filled(1), filled(2), filled(3)}}};
  EXPECT_EQ(hex(scale::encode(advertise)),
            "010001" + hex(filled(1)) + hex(filled(2)) + hex(filled(3)));
  expect_round_trip<CollationWireMessage>(advertise, decode_collation_message);

  const auto key = validator_key();
  const auto statement = sign_payload(key, Statement{SecondedStatement{sample_receipt()}}, 4,
                                      SigningContext{7, filled(0x11)});
  const CollationWireMessage seconded = ProtocolMessage<CollationProtocol>{
      CollatorProtocol{CollationSeconded{filled(0x11), statement}}};
  EXPECT_EQ(hex(scale::encode(seconded)), "010004" + hex(filled(0x11)) + "01" +
                                              hex(scale::encode(sample_receipt())) + "04000000" +
                                              hex(statement.signature));
  expect_round_trip<CollationWireMessage>(seconded, decode_collation_message);
  // Indices 2 and 3 (v1's removed messages) and a CollationProtocol other than 0 are refused.
  EXPECT_EQ(decode_collation_message(unhex("010002")).error(), WireError::kMalformedScale);
  EXPECT_EQ(decode_collation_message(unhex("0101")).error(), WireError::kMalformedScale);
}

// A manifest whose seconded filter makes the whole notification `size` bytes.
ValidationWireMessage manifest_of_size(size_t size) {
  // 3 index bytes, 32 + 32 + 4 + 4 + 32 of fields, 1 byte of an empty validated filter, then a
  // 4-byte compact bit count (bits ≥ 2^14) and the seconded bits' bytes.
  const size_t filter_bytes = size - (3 + 32 + 32 + 4 + 4 + 32 + 1 + 4);
  BackedCandidateManifest manifest;
  manifest.statement_knowledge.seconded_in_group = scale::BitVec(filter_bytes * 8);
  return ProtocolMessage<ValidationProtocol>{StatementDistribution{manifest}};
}

TEST(ParachainProtocol, NotificationsAreLimitedTo100KiB) {
  EXPECT_EQ(kMaxNotificationSize, 102400U);
  const ValidationWireMessage largest = manifest_of_size(kMaxNotificationSize);
  const Bytes encoded = encode_validation_message(largest).value();
  ASSERT_EQ(encoded.size(), kMaxNotificationSize);
  EXPECT_EQ(decode_validation_message(encoded).value(), largest);

  const ValidationWireMessage too_large = manifest_of_size(kMaxNotificationSize + 1);
  EXPECT_EQ(encode_validation_message(too_large).error(), WireError::kTooLarge);
  Bytes over = scale::encode(too_large);
  ASSERT_EQ(over.size(), kMaxNotificationSize + 1);
  EXPECT_EQ(decode_validation_message(over).error(), WireError::kTooLarge);
  EXPECT_EQ(decode_collation_message(Bytes(kMaxNotificationSize + 1, 0)).error(),
            WireError::kTooLarge);
  // The approval check comes after the size check.
  over[1] = kApprovalDistributionIndex;
  EXPECT_EQ(decode_validation_message(over).error(), WireError::kTooLarge);
}

TEST(ParachainProtocol, LengthPrefixesCannotOutgrowTheInput) {
  // A BackedCandidateKnown whose seconded filter claims 2^29 bits (Compact 0x80000002).
  const Bytes claims = unhex("010302" + hex(filled(0)) +
                             "02000080"
                             "00");
  EXPECT_EQ(decode_validation_message(claims).error(), WireError::kTruncated);
  // A million attested statements (Compact 0x003d0902) promised in a few bytes.
  const Bytes promised = unhex(hex(scale::encode(sample_receipt())) +
                               hex(scale::encode(PersistedValidationData{})) + "02093d00");
  EXPECT_EQ(decode_attested_candidate_response(promised).error(), WireError::kTruncated);
}

// ---- request-response -----------------------------------------------------------------------

TEST(ParachainProtocol, RequestBytes) {
  EXPECT_EQ(hex(scale::encode(ChunkFetchingRequest{filled(0xc1), 258})),
            hex(filled(0xc1)) + "02010000");
  expect_round_trip<ChunkFetchingRequest>({filled(0xc1), 258}, decode_chunk_request);
  EXPECT_EQ(hex(scale::encode(CollationFetchingRequest{filled(1), 2000, filled(2)})),
            hex(filled(1)) + "d0070000" + hex(filled(2)));
  expect_round_trip<CollationFetchingRequest>({filled(1), 2000, filled(2)},
                                              decode_collation_request);
  EXPECT_EQ(hex(scale::encode(CollationFetchingRequestV1{filled(1), 2000})),
            hex(filled(1)) + "d0070000");
  expect_round_trip<CollationFetchingRequestV1>({filled(1), 2000}, decode_collation_request_v1);
  const Hash256 pov_candidate = filled(3);
  EXPECT_EQ(scale::encode(PovFetchingRequest{pov_candidate}),
            Bytes(pov_candidate.begin(), pov_candidate.end()));
  expect_round_trip<PovFetchingRequest>({filled(3)}, decode_pov_request);
  expect_round_trip<AvailableDataFetchingRequest>({filled(4)}, decode_available_data_request);
  const AttestedCandidateRequest attested{filled(5), StatementFilter::full(3)};
  EXPECT_EQ(hex(scale::encode(attested)), hex(filled(5)) +
                                              "0c07"
                                              "0c07");
  expect_round_trip<AttestedCandidateRequest>(attested, decode_attested_candidate_request);
}

TEST(ParachainProtocol, RequestsAreLimitedTo1000Bytes) {
  // A mask of 3900 bits per filter: 2 + 488 bytes each, 1012 bytes in all.
  const AttestedCandidateRequest large{filled(5), StatementFilter::blank(3900)};
  const Bytes encoded = scale::encode(large);
  ASSERT_GT(encoded.size(), kMaxRequestSize);
  EXPECT_EQ(decode_attested_candidate_request(encoded).error(), WireError::kTooLarge);
  EXPECT_EQ(scale::decode<AttestedCandidateRequest>(encoded).value(), large);
  EXPECT_EQ(decode_chunk_request(Bytes(1001, 0)).error(), WireError::kTooLarge);
  EXPECT_EQ(decode_pov_request(Bytes(1000, 0)).error(), WireError::kTrailingBytes);
}

std::vector<Bytes> proof_of(size_t nodes, size_t node_size) {
  return std::vector<Bytes>(nodes, Bytes(node_size, 0x80));
}

TEST(ParachainProtocol, ChunkResponses) {
  const ChunkFetchingResponseV1 v1 = ChunkResponse{{1, 2, 3}, proof_of(1, 2)};
  EXPECT_EQ(hex(scale::encode(v1)),
            "00"
            "0c010203"
            "04"
            "088080");
  expect_round_trip<ChunkFetchingResponseV1>(v1, decode_chunk_response_v1);
  EXPECT_EQ(hex(scale::encode(ChunkFetchingResponseV1{NoSuchChunk{}})), "01");
  expect_round_trip<ChunkFetchingResponseV1>(NoSuchChunk{}, decode_chunk_response_v1);

  // v2 carries the whole ErasureChunk: chunk ‖ index ‖ proof.
  const ChunkFetchingResponseV2 v2 =
      ErasureChunkResponse{ErasureChunk{{1, 2, 3}, 7, proof_of(1, 2)}};
  EXPECT_EQ(hex(scale::encode(v2)),
            "00"
            "0c010203"
            "07000000"
            "04"
            "088080");
  expect_round_trip<ChunkFetchingResponseV2>(v2, decode_chunk_response_v2);
  expect_round_trip<ChunkFetchingResponseV2>(NoSuchChunk{}, decode_chunk_response_v2);

  // node primitives' Proof bounds: 1..=8 nodes of 1..=612 bytes.
  EXPECT_TRUE(decode_chunk_response_v1(
                  scale::encode(ChunkFetchingResponseV1{ChunkResponse{{1}, proof_of(8, 612)}}))
                  .has_value());
  for (const auto& proof : {proof_of(0, 1), proof_of(9, 1), proof_of(1, 613), proof_of(2, 0)}) {
    EXPECT_EQ(
        decode_chunk_response_v1(scale::encode(ChunkFetchingResponseV1{ChunkResponse{{1}, proof}}))
            .error(),
        WireError::kProofOutOfBounds);
    EXPECT_EQ(decode_chunk_response_v2(scale::encode(ChunkFetchingResponseV2{
                                           ErasureChunkResponse{ErasureChunk{{1}, 0, proof}}}))
                  .error(),
              WireError::kProofOutOfBounds);
  }
  EXPECT_EQ(decode_chunk_response_v1(Bytes(kChunkResponseSize + 1, 1)).error(),
            WireError::kTooLarge);
}

TEST(ParachainProtocol, CollationPovAndAvailableDataResponses) {
  const CandidateReceipt receipt = sample_receipt().to_plain();
  const PoV pov{BlockData{{9, 8, 7}}};
  const CollationFetchingResponse collation = CollationResponse{receipt, pov};
  EXPECT_EQ(hex(scale::encode(collation)), "00" + hex(scale::encode(receipt)) + "0c090807");
  expect_round_trip<CollationFetchingResponse>(collation, decode_collation_response);
  const CollationFetchingResponse with_parent =
      CollationWithParentHeadData{receipt, pov, HeadData{{1, 1}}};
  EXPECT_EQ(hex(scale::encode(with_parent)), "01" + hex(scale::encode(receipt)) +
                                                 "0c090807"
                                                 "080101");
  expect_round_trip<CollationFetchingResponse>(with_parent, decode_collation_response);

  EXPECT_EQ(hex(scale::encode(PovFetchingResponse{PovResponse{pov}})), "000c090807");
  EXPECT_EQ(hex(scale::encode(PovFetchingResponse{NoSuchPov{}})), "01");
  expect_round_trip<PovFetchingResponse>(PovResponse{pov}, decode_pov_response);
  expect_round_trip<PovFetchingResponse>(NoSuchPov{}, decode_pov_response);

  const AvailableData data{pov, PersistedValidationData{HeadData{{5}}, 10, filled(6), 1024}};
  EXPECT_EQ(hex(scale::encode(AvailableDataFetchingResponse{AvailableDataResponse{data}})),
            "00"
            "0c090807"
            "0405"
            "0a000000" +
                hex(filled(6)) + "00040000");
  expect_round_trip<AvailableDataFetchingResponse>(AvailableDataResponse{data},
                                                   decode_available_data_response);
  EXPECT_EQ(hex(scale::encode(AvailableDataFetchingResponse{NoSuchData{}})), "01");
  expect_round_trip<AvailableDataFetchingResponse>(NoSuchData{}, decode_available_data_response);
}

TEST(ParachainProtocol, PovResponsesAreLimitedToMaxPovSizePlus10000) {
  EXPECT_EQ(kPovResponseSize, 10u * 1024 * 1024 + 10'000);
  // 0 ‖ Compact(n) (4 bytes) ‖ n bytes: exactly the limit, then one more.
  PovFetchingResponse largest = PovResponse{PoV{BlockData{Bytes(kPovResponseSize - 5, 0x42)}}};
  const Bytes encoded = scale::encode(largest);
  ASSERT_EQ(encoded.size(), kPovResponseSize);
  EXPECT_TRUE(decode_pov_response(encoded).has_value());
  std::get<PovResponse>(largest).pov.block_data.data.push_back(0);
  EXPECT_EQ(decode_pov_response(scale::encode(largest)).error(), WireError::kTooLarge);
  EXPECT_EQ(decode_collation_response(Bytes(kPovResponseSize + 1, 0)).error(),
            WireError::kTooLarge);
  EXPECT_EQ(decode_available_data_response(Bytes(kPovResponseSize + 1, 0)).error(),
            WireError::kTooLarge);
  EXPECT_EQ(kAttestedCandidateResponseSize, 3u * 1024 * 1024 + 100'000);
  EXPECT_EQ(
      decode_attested_candidate_response(Bytes(kAttestedCandidateResponseSize + 1, 0)).error(),
      WireError::kTooLarge);
}

TEST(ParachainProtocol, AttestedCandidateResponse) {
  const auto key = validator_key();
  AttestedCandidateResponse response;
  response.candidate_receipt = sample_receipt();
  response.persisted_validation_data = PersistedValidationData{HeadData{{5}}, 10, filled(6), 1024};
  response.statements.push_back(sign_payload(
      key, CompactStatement{CompactStatementKind::kSeconded, filled(0x44)}, 0, SigningContext{}));
  EXPECT_EQ(hex(scale::encode(response)),
            hex(scale::encode(response.candidate_receipt)) +
                hex(scale::encode(response.persisted_validation_data)) + "04" +
                hex(scale::encode(response.statements[0])));
  expect_round_trip<AttestedCandidateResponse>(response, decode_attested_candidate_response);
}

// ---- names --------------------------------------------------------------------------------------

TEST(ParachainProtocol, ProtocolNamesFromTheGenesisHash) {
  // polkadot-sdk peer_set.rs `protocol_names_are_correctly_generated`.
  const Hash256 genesis = {122, 200, 116, 29,  232, 183, 20,  109, 138, 86, 23,
                           253, 70,  41,  20,  85,  127, 230, 60,  38,  90, 127,
                           28,  16,  231, 218, 227, 40,  88,  238, 187, 128};
  const std::string prefix = "/7ac8741de8b7146d8a5617fd462914557fe63c265a7f1c10e7dae32858eebb80";
  const ParachainProtocolNames names = parachain_protocol_names(genesis);
  EXPECT_EQ(names.validation.name, prefix + "/validation/3");
  EXPECT_EQ(names.validation.fallback, "");
  EXPECT_EQ(names.collation.name, prefix + "/collation/2");
  EXPECT_EQ(names.collation.fallback, "/polkadot/collation/1");
  EXPECT_EQ(names.chunk_v1.name, prefix + "/req_chunk/1");
  EXPECT_EQ(names.chunk_v1.fallback, "/polkadot/req_chunk/1");
  EXPECT_EQ(names.chunk_v2.name, prefix + "/req_chunk/2");
  EXPECT_EQ(names.chunk_v2.fallback, "");
  EXPECT_EQ(names.collation_fetching_v1.name, prefix + "/req_collation/1");
  EXPECT_EQ(names.collation_fetching_v1.fallback, "/polkadot/req_collation/1");
  EXPECT_EQ(names.collation_fetching_v2.name, prefix + "/req_collation/2");
  EXPECT_EQ(names.collation_fetching_v2.fallback, "");
  EXPECT_EQ(names.pov_fetching.name, prefix + "/req_pov/1");
  EXPECT_EQ(names.pov_fetching.fallback, "/polkadot/req_pov/1");
  EXPECT_EQ(names.available_data_fetching.name, prefix + "/req_available_data/1");
  EXPECT_EQ(names.available_data_fetching.fallback, "/polkadot/req_available_data/1");
  EXPECT_EQ(names.statement_fetching.name, prefix + "/req_statement/1");
  EXPECT_EQ(names.statement_fetching.fallback, "/polkadot/req_statement/1");
  EXPECT_EQ(names.dispute_sending.name, prefix + "/send_dispute/1");
  EXPECT_EQ(names.dispute_sending.fallback, "/polkadot/send_dispute/1");
  EXPECT_EQ(names.attested_candidate.name, prefix + "/req_attested_candidate/2");
  EXPECT_EQ(names.attested_candidate.fallback, "");

  const ParachainProtocolNames forked = parachain_protocol_names(genesis, "test-fork");
  EXPECT_EQ(forked.validation.name, prefix + "/test-fork/validation/3");
  EXPECT_EQ(forked.collation.name, prefix + "/test-fork/collation/2");
  EXPECT_EQ(forked.collation.fallback, "/polkadot/collation/1");
  EXPECT_EQ(forked.pov_fetching.name, prefix + "/test-fork/req_pov/1");
}

TEST(ParachainProtocol, ErrorsHaveNames) {
  for (WireError error :
       {WireError::kTooLarge, WireError::kTruncated, WireError::kMalformedScale,
        WireError::kTrailingBytes, WireError::kUnsupported, WireError::kProofOutOfBounds}) {
    EXPECT_FALSE(to_string(error).empty());
  }
  EXPECT_EQ(from_scale_error(scale::DecodeError::kNotEnoughData), WireError::kTruncated);
  EXPECT_EQ(from_scale_error(scale::DecodeError::kTrailingBytes), WireError::kTrailingBytes);
  EXPECT_EQ(from_scale_error(scale::DecodeError::kInvalidBool), WireError::kMalformedScale);
}

}  // namespace
}  // namespace canary::parachain::protocol
