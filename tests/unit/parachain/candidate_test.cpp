// The node's candidate types (parachain/primitives/candidate.hpp) against polkadot.js' encodings
// of Kusama's types (tests/support/polkadot_js_candidate.hpp), the descriptor's V1/V2 reading, and
// the UMP signals and core checks as polkadot-sdk's vstaging (parse_ump_signals,
// check_core_index, transpose_claim_queue).
#include "parachain/primitives/candidate.hpp"

#include <gtest/gtest.h>

#include "primitives/crypto/sr25519.hpp"
#include "primitives/hash/hash.hpp"
#include "tests/support/hex.hpp"
#include "tests/support/polkadot_js_candidate.hpp"

namespace canary::parachain {
namespace {

using test::hex;
using test::unhex;

Hash256 filled(uint8_t b) {
  Hash256 h;
  h.fill(b);
  return h;
}

CandidateDescriptor sample_descriptor() {
  CandidateDescriptor d;
  d.para_id = 2000;
  d.relay_parent = filled(0x11);
  d.core_index_v2 = 3;
  d.session_index_v2 = 7;
  d.persisted_validation_data_hash = filled(0x22);
  d.pov_hash = filled(0x33);
  d.erasure_root = filled(0x44);
  d.para_head = filled(0x55);
  d.validation_code_hash = filled(0x66);
  return d;
}

CandidateCommitments sample_commitments() {
  CandidateCommitments c;
  c.upward_messages = {Bytes{1, 2}, Bytes{}};
  c.horizontal_messages = {OutboundHrmpMessage{2001, Bytes{0xaa, 0xbb}}};
  c.new_validation_code = ValidationCode{{0, 1, 2, 3, 4, 5, 6, 7}};
  c.head_data = HeadData{{0xde, 0xad, 0xbe, 0xef}};
  c.processed_downward_messages = 1;
  c.hrmp_watermark = 42;
  return c;
}

TEST(Candidate, EncodingsAndHashesAreKusamas) {
  const CandidateDescriptor d = sample_descriptor();
  const CandidateCommitments c = sample_commitments();
  EXPECT_EQ(hex(scale::encode(d)), test::polkadot_js::kPjsDescriptor);
  EXPECT_EQ(scale::encode(d).size(), 292U);
  EXPECT_EQ(hex(scale::encode(c)), test::polkadot_js::kPjsCommitments);
  EXPECT_EQ(hex(commitments_hash(c)), test::polkadot_js::kPjsCommitmentsHash);
  const CommittedCandidateReceipt committed{d, c};
  EXPECT_EQ(hex(scale::encode(committed.to_plain())), test::polkadot_js::kPjsReceipt);
  EXPECT_EQ(hex(candidate_hash(committed.to_plain())), test::polkadot_js::kPjsCandidateHash);
  EXPECT_EQ(scale::decode<CandidateReceipt>(unhex(test::polkadot_js::kPjsReceipt)).value(),
            committed.to_plain());
}

TEST(Candidate, PovAndValidationDataHashesCoverTheirEncoding) {
  // PoV: blake2 of SCALE (with the length prefix), unlike a head (raw bytes).
  const PoV pov{BlockData{{1, 2, 3}}};
  EXPECT_EQ(pov_hash(pov), hash::blake2b_256(unhex("0c010203")));
  EXPECT_NE(pov_hash(pov), hash::blake2b_256(unhex("010203")));
  const PersistedValidationData pvd{HeadData{{9}}, 5, filled(0x01), 1024};
  EXPECT_EQ(hex(scale::encode(pvd)),
            "0409"
            "05000000" +
                hex(filled(0x01)) + "00040000");
  EXPECT_EQ(persisted_validation_data_hash(pvd), hash::blake2b_256(scale::encode(pvd)));
}

TEST(Candidate, DescriptorVersions) {
  CandidateDescriptor d = sample_descriptor();
  EXPECT_EQ(d.version(), DescriptorVersion::kV2);
  EXPECT_EQ(d.core_index(), std::optional<CoreIndex>(3));
  EXPECT_EQ(d.session_index(), std::optional<SessionIndex>(7));
  d.version_byte = 1;
  EXPECT_EQ(d.version(), DescriptorVersion::kUnknown);
  EXPECT_FALSE(d.core_index().has_value());

  // A V1 descriptor signed by its collator: key at bytes 36..68, signature at 164..228.
  const auto collator = crypto::sr25519::keypair_from_mini_secret(filled(0x42));
  Bytes encoded = scale::encode(sample_descriptor());
  std::copy(collator.public_key.begin(), collator.public_key.end(), encoded.begin() + 36);
  auto v1 = scale::decode<CandidateDescriptor>(encoded).value();
  EXPECT_EQ(v1.v1_collator(), collator.public_key);
  const Bytes payload = v1.v1_collator_payload();
  ASSERT_EQ(payload.size(), 132U);
  EXPECT_EQ(hex(payload), hex(filled(0x11)) + "d0070000" + hex(filled(0x22)) + hex(filled(0x33)) +
                              hex(filled(0x66)));
  v1.reserved2 = crypto::sr25519::sign(collator, payload);
  EXPECT_EQ(v1.version(), DescriptorVersion::kV1);
  EXPECT_FALSE(v1.session_index().has_value());
  EXPECT_TRUE(crypto::sr25519::verify(v1.v1_signature(), payload, v1.v1_collator()));
  // A non-zero reserved1 byte alone makes it V1 too.
  CandidateDescriptor reserved = sample_descriptor();
  reserved.reserved1[24] = 1;
  EXPECT_EQ(reserved.version(), DescriptorVersion::kV1);
}

Bytes select_core(uint8_t selector, uint8_t offset) {
  return Bytes{0, selector, offset};
}

Bytes approved_peer(size_t length) {
  Bytes signal{1};
  const Bytes peer = scale::encode(Bytes(length, 0x07));
  signal.insert(signal.end(), peer.begin(), peer.end());
  return signal;
}

TEST(Candidate, UmpSignalsFollowTheSeparator) {
  // No separator: no signals, whatever the messages.
  EXPECT_TRUE(ump_signals({Bytes{0, 1, 2}}).value().empty());
  // A separator and nothing after it.
  EXPECT_TRUE(ump_signals({Bytes{5}, Bytes{}}).value().empty());
  const auto both = ump_signals({Bytes{5}, Bytes{}, select_core(2, 1), approved_peer(3)}).value();
  ASSERT_TRUE(both.select_core.has_value());
  EXPECT_EQ(*both.select_core, (std::pair<uint8_t, uint8_t>{2, 1}));
  EXPECT_EQ(both.approved_peer, Bytes(3, 0x07));
  // Trailing bytes after a signal are ignored, as parity-scale-codec's decode from a slice.
  EXPECT_TRUE(ump_signals({Bytes{}, Bytes{0, 1, 1, 0xff}}).has_value());
  EXPECT_EQ(ump_signals({Bytes{}, select_core(0, 0), select_core(1, 0)}).error(),
            ReceiptError::kDuplicateUmpSignal);
  EXPECT_EQ(ump_signals({Bytes{}, select_core(0, 0), approved_peer(1), approved_peer(2)}).error(),
            ReceiptError::kTooManyUmpSignals);
  EXPECT_EQ(ump_signals({Bytes{}, Bytes{2}}).error(), ReceiptError::kUmpSignalDecode);
  EXPECT_EQ(ump_signals({Bytes{}, Bytes{0, 1}}).error(), ReceiptError::kUmpSignalDecode);
  EXPECT_TRUE(ump_signals({Bytes{}, approved_peer(64)}).has_value());
  EXPECT_EQ(ump_signals({Bytes{}, approved_peer(65)}).error(), ReceiptError::kUmpSignalDecode);
  // A second separator is a (bad) signal.
  EXPECT_EQ(ump_signals({Bytes{}, Bytes{}}).error(), ReceiptError::kUmpSignalDecode);
}

TEST(Candidate, TheClaimQueueIsTransposedByParaAndDepth) {
  const ClaimQueue queue{{0, {2000, 2001}}, {1, {2000, 2000}}, {2, {2001}}};
  const TransposedClaimQueue cores = transpose_claim_queue(queue);
  EXPECT_EQ(cores.at(2000).at(0), (std::set<CoreIndex>{0, 1}));
  EXPECT_EQ(cores.at(2000).at(1), (std::set<CoreIndex>{1}));
  EXPECT_EQ(cores.at(2001).at(0), (std::set<CoreIndex>{2}));
  EXPECT_EQ(cores.at(2001).at(1), (std::set<CoreIndex>{0}));
}

CommittedCandidateReceipt candidate_on(CoreIndex core, std::vector<Bytes> upward = {}) {
  CommittedCandidateReceipt c{sample_descriptor(), sample_commitments()};
  c.descriptor.core_index_v2 = static_cast<uint16_t>(core);
  c.commitments.upward_messages = std::move(upward);
  return c;
}

TEST(Candidate, TheCoreIsTheOneTheSelectorPicks) {
  // Para 2000 has cores 1 and 3 at depth 0 and core 3 at depth 1.
  const TransposedClaimQueue cores =
      transpose_claim_queue({{1, {2000}}, {3, {2000, 2000}}, {4, {2001}}});
  // One core at offset 1: whatever the selector, that core.
  const auto depth1 = [](CoreIndex core) {
    return candidate_on(core, {Bytes{}, select_core(7, 1)});
  };
  EXPECT_TRUE(parse_ump_signals(depth1(3), cores).has_value());
  EXPECT_EQ(parse_ump_signals(depth1(1), cores).error(), ReceiptError::kCoreIndexMismatch);
  // Two cores at the default offset 0: the selector picks among them in order, modulo.
  EXPECT_TRUE(parse_ump_signals(candidate_on(1, {Bytes{}, select_core(0, 0)}), cores).has_value());
  EXPECT_TRUE(parse_ump_signals(candidate_on(3, {Bytes{}, select_core(5, 0)}), cores).has_value());
  EXPECT_EQ(parse_ump_signals(candidate_on(3, {Bytes{}, select_core(4, 0)}), cores).error(),
            ReceiptError::kCoreIndexMismatch);
  // Two cores and no selector: any of them.
  EXPECT_TRUE(parse_ump_signals(candidate_on(1), cores).has_value());
  EXPECT_TRUE(parse_ump_signals(candidate_on(3), cores).has_value());
  EXPECT_EQ(parse_ump_signals(candidate_on(4), cores).error(), ReceiptError::kInvalidCoreIndex);
  // No core at that offset, or for that para.
  EXPECT_EQ(parse_ump_signals(candidate_on(3, {Bytes{}, select_core(0, 2)}), cores).error(),
            ReceiptError::kNoAssignment);
  CommittedCandidateReceipt other = candidate_on(4);
  other.descriptor.para_id = 2002;
  EXPECT_EQ(parse_ump_signals(other, cores).error(), ReceiptError::kNoAssignment);
  // A V1 candidate may not send signals, and needs no claim queue.
  CommittedCandidateReceipt v1 = candidate_on(0, {Bytes{9}});
  v1.descriptor.reserved2[0] = 1;
  EXPECT_TRUE(parse_ump_signals(v1, {}).has_value());
  v1.commitments.upward_messages = {Bytes{9}, Bytes{}, approved_peer(1)};
  EXPECT_EQ(parse_ump_signals(v1, {}).error(), ReceiptError::kUmpSignalWithV1Descriptor);
  CommittedCandidateReceipt unknown = candidate_on(1);
  unknown.descriptor.version_byte = 2;
  EXPECT_EQ(parse_ump_signals(unknown, cores).error(), ReceiptError::kUnknownVersion);
}

}  // namespace
}  // namespace canary::parachain
