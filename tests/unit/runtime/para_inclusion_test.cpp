// ParaInclusion and the candidate types (para_candidate.hpp) on the parachain host's test runtime.
// The cases follow polkadot-sdk's polkadot/runtime/parachains/src/inclusion/tests.rs and
// paras_inherent's bitfield sanitizing: bitfields of the wrong length, unsorted, duplicated, of
// unknown validators or badly signed are dropped; availability by a supermajority enacts a
// candidate (the para's head, CandidateIncluded) only after its predecessors; backing is refused
// for a disallowed relay parent, a wrong PVD, head or code hash, the wrong group, too few or bad
// votes, messages we cannot take yet; timeouts and session changes free the cores.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "primitives/keys/key_pair.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "tests/support/hex.hpp"
#include "tests/support/polkadot_js_candidate.hpp"
#include "tests/unit/runtime/para_candidate_test_support.hpp"
#include "tests/unit/runtime/parachain_host_test_runtime.hpp"

namespace canary::rt {
namespace {

using namespace parachain_host_test;  // NOLINT(google-build-using-namespace): the test runtime
using prim::AvailabilityBitfield;
using prim::BackedCandidate;
using prim::CandidateCommitments;
using prim::CandidateDescriptorV2;
using prim::CandidateDescriptorVersion;
using prim::CandidateHash;
using prim::CandidateReceiptV2;
using prim::CommittedCandidateReceiptV2;
using prim::HeadData;
using prim::SigningContext;
using prim::UncheckedSignedAvailabilityBitfield;
using prim::ValidatorIndex;
using prim::ValidityAttestation;
using test::hex;
using test::unhex;
using BitfieldCheck = inclusion::BitfieldCheck;
using InclusionError = inclusion::Error;
using test::polkadot_js::kPjsCandidateHash;
using test::polkadot_js::kPjsCommitments;
using test::polkadot_js::kPjsCommitmentsHash;
using test::polkadot_js::kPjsDescriptor;
using test::polkadot_js::kPjsReceipt;

// polkadot.js' encodings (tests/support/polkadot_js_candidate.hpp) of sample_descriptor() and
// sample_commitments(), and of PolkadotRuntimeParachainsInclusionCandidatePendingAvailability (core
// 3, votes 10110, backers 01000, relay parent 41, backed in 43, group 1),
// PolkadotPrimitivesV8SignedUncheckedSigned (bits 101, validator 4, signature 0x77…),
// PolkadotPrimitivesVstagingBackedCandidate (votes Implicit 0x88…, Explicit 0x99…, indices 0110
// then core 3 as 8 bits) and PolkadotRuntimeParachainsInclusionPalletEvent CandidateBacked(receipt,
// 0xdeadbeef, 3, 1).
constexpr std::string_view kPjsPending =
    "03000000f1458654f10a20a8e0bf8bb3c42f811896c676e6f9bbc9dbf602bb1f5e62b3a8d007000011111111"
    "1111111111111111111111111111111111111111111111111111111100030007000000000000000000000000"
    "0000000000000000000000000000000022222222222222222222222222222222222222222222222222222222"
    "2222222233333333333333333333333333333333333333333333333333333333333333334444444444444444"
    "4444444444444444444444444444444444444444444444440000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "5555555555555555555555555555555555555555555555555555555555555555666666666666666666666666"
    "6666666666666666666666666666666666666666080801020004d107000008aabb0120000102030405060710"
    "deadbeef010000002a000000140d1402290000002b00000001000000";
constexpr std::string_view kPjsSigned =
    "0c05040000007777777777777777777777777777777777777777777777777777777777777777777777777777"
    "7777777777777777777777777777777777777777777777777777";
constexpr std::string_view kPjsBacked =
    "d007000011111111111111111111111111111111111111111111111111111111111111110003000700000000"
    "0000000000000000000000000000000000000000000000002222222222222222222222222222222222222222"
    "2222222222222222222222223333333333333333333333333333333333333333333333333333333333333333"
    "4444444444444444444444444444444444444444444444444444444444444444000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000555555555555555555555555555555555555555555555555555555555555555566666666"
    "66666666666666666666666666666666666666666666666666666666080801020004d107000008aabb012000"
    "0102030405060710deadbeef010000002a000000080188888888888888888888888888888888888888888888"
    "8888888888888888888888888888888888888888888888888888888888888888888888888888888888880299"
    "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
    "99999999999999999999999999999999999999303600";
constexpr std::string_view kPjsEvent =
    "00d0070000111111111111111111111111111111111111111111111111111111111111111100030007000000"
    "0000000000000000000000000000000000000000000000000022222222222222222222222222222222222222"
    "2222222222222222222222222233333333333333333333333333333333333333333333333333333333333333"
    "3344444444444444444444444444444444444444444444444444444444444444440000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000005555555555555555555555555555555555555555555555555555555555555555666666"
    "66666666666666666666666666666666666666666666666666666666662fc8bd36a280fd4605d61942b9e8b3"
    "6dc3b060b70510831ba6fa48f94906479410deadbeef0300000001000000";

CandidateDescriptorV2 sample_descriptor() {
  CandidateDescriptorV2 d;
  d.para_id = ParaId{2000};
  d.relay_parent = filled(0x11);
  d.core_index_v2 = 3;
  d.session_index_v2 = 7;
  d.persisted_validation_data_hash = filled(0x22);
  d.pov_hash = filled(0x33);
  d.erasure_root = filled(0x44);
  d.para_head = filled(0x55);
  d.validation_code_hash = prim::ValidationCodeHash{filled(0x66)};
  return d;
}

CandidateCommitments sample_commitments() {
  CandidateCommitments c;
  c.upward_messages.items = {Bytes{1, 2}, Bytes{}};
  c.horizontal_messages.items = {prim::OutboundHrmpMessage{ParaId{2001}, Bytes{0xaa, 0xbb}}};
  c.new_validation_code = prim::ValidationCode{{0, 1, 2, 3, 4, 5, 6, 7}};
  c.head_data = HeadData{{0xde, 0xad, 0xbe, 0xef}};
  c.processed_downward_messages = 1;
  c.hrmp_watermark = 42;
  return c;
}

prim::ValidatorSignature sig_of(uint8_t b) {
  prim::ValidatorSignature s;
  s.bytes.fill(b);
  return s;
}

TEST(ParaCandidate, EncodingsAndHashesAreKusamas) {
  const CandidateDescriptorV2 d = sample_descriptor();
  const CandidateCommitments c = sample_commitments();
  EXPECT_EQ(hex(scale::encode(d)), kPjsDescriptor);
  EXPECT_EQ(scale::encode(d).size(), 292U);
  EXPECT_EQ(hex(scale::encode(c)), kPjsCommitments);
  EXPECT_EQ(hex(c.hash().bytes), kPjsCommitmentsHash);
  const CommittedCandidateReceiptV2 committed{d, c};
  EXPECT_EQ(hex(scale::encode(committed.to_plain())), kPjsReceipt);
  EXPECT_EQ(hex(committed.hash().hash.bytes), kPjsCandidateHash);

  const inclusion::CandidatePendingAvailability pending{
      CoreIndex{3}, committed.hash(), d, c, bits("10110"), bits("01000"), 41, 43, GroupIndex{1}};
  EXPECT_EQ(hex(scale::encode(pending)), kPjsPending);

  const UncheckedSignedAvailabilityBitfield signed_bitfield{AvailabilityBitfield{bits("101")},
                                                            ValidatorIndex{4}, sig_of(0x77)};
  EXPECT_EQ(hex(scale::encode(signed_bitfield)), kPjsSigned);

  BackedCandidate backed;
  backed.candidate = committed;
  backed.validity_votes = {{ValidityAttestation::Kind::kImplicit, sig_of(0x88)},
                           {ValidityAttestation::Kind::kExplicit, sig_of(0x99)}};
  backed.set_validator_indices_and_core_index(bits("0110"), CoreIndex{3});
  EXPECT_EQ(hex(scale::encode(backed)), kPjsBacked);
  const auto [votes, core] = backed.validator_indices_and_core_index();
  EXPECT_EQ(votes, bits("0110"));
  EXPECT_EQ(core, std::optional<CoreIndex>(CoreIndex{3}));

  const Inclusion::Event event =
      Inclusion::CandidateBacked{committed.to_plain(), c.head_data, CoreIndex{3}, GroupIndex{1}};
  EXPECT_EQ(hex(scale::encode(event)), kPjsEvent);

  // And back: polkadot.js' bytes decode to the same values.
  EXPECT_EQ(scale::decode<BackedCandidate>(unhex(kPjsBacked)).value(), backed);
  EXPECT_EQ(scale::decode<inclusion::CandidatePendingAvailability>(unhex(kPjsPending)).value(),
            pending);
  // There is no ValidityAttestation 0.
  EXPECT_FALSE(scale::decode<ValidityAttestation>(unhex("00" + std::string(128, '0'))).has_value());
}

TEST(ParaCandidate, DescriptorVersionDetection) {
  CandidateDescriptorV2 d = sample_descriptor();
  EXPECT_EQ(d.version(), CandidateDescriptorVersion::kV2);
  EXPECT_EQ(d.core_index(), std::optional<CoreIndex>(CoreIndex{3}));
  EXPECT_EQ(d.session_index(), std::optional<uint32_t>(7));
  EXPECT_FALSE(d.collator().has_value());
  // A non-zero version with zero reserved bytes is unknown.
  d.version_byte.value = 1;
  EXPECT_EQ(d.version(), CandidateDescriptorVersion::kUnknown);
  EXPECT_FALSE(d.core_index().has_value());
  // A V1 descriptor: a collator key at bytes 36..68 and its signature in reserved2.
  Bytes v1 = scale::encode(sample_descriptor());
  for (size_t i = 36; i < 68; ++i) v1[i] = static_cast<uint8_t>(i);
  for (size_t i = 164; i < 228; ++i) v1[i] = 0xee;
  const auto old = scale::decode<CandidateDescriptorV2>(v1).value();
  EXPECT_EQ(old.version(), CandidateDescriptorVersion::kV1);
  EXPECT_FALSE(old.core_index().has_value());
  EXPECT_FALSE(old.session_index().has_value());
  ASSERT_TRUE(old.collator().has_value());
  EXPECT_EQ((*old.collator())[0], 36);
  EXPECT_EQ((*old.collator())[31], 67);
  EXPECT_EQ((*old.collator_signature())[0], 0xee);
  // Reserved bytes alone make it V1 too (the signature is never zero).
  CandidateDescriptorV2 only_sig = sample_descriptor();
  only_sig.reserved2[63] = 1;
  EXPECT_EQ(only_sig.version(), CandidateDescriptorVersion::kV1);
}

TEST(ParaCandidate, SigningPayloads) {
  const SigningContext ctx{5, filled(0xab)};
  EXPECT_EQ(hex(scale::encode(ctx)), "05000000" + hex(filled(0xab).bytes));
  const AvailabilityBitfield b{bits("101")};
  // SCALE(payload) ‖ SCALE(context).
  EXPECT_EQ(hex(UncheckedSignedAvailabilityBitfield::signing_payload(b, ctx)),
            "0c05" + hex(scale::encode(ctx)));
  // "BKNG" ‖ 1 or 2 ‖ candidate hash ‖ context.
  const CandidateHash h{filled(0x01)};
  EXPECT_EQ(hex(prim::backing_statement_payload(prim::CompactStatementKind::kSeconded, h, ctx)),
            "424b4e4701" + hex(h.hash.bytes) + hex(scale::encode(ctx)));
  EXPECT_EQ(hex(prim::backing_statement_payload(prim::CompactStatementKind::kValid, h, ctx)),
            "424b4e4702" + hex(h.hash.bytes) + hex(scale::encode(ctx)));
}

TEST(ParaInclusion, StorageKeyEventsAndErrorsAreKusamas) {
  // twox128("ParaInclusion") ‖ twox128("V1") ‖ twox64(para) ‖ para, as @polkadot/util-crypto's
  // xxhashAsHex makes them.
  EXPECT_EQ(hex(Inclusion::PendingAvailability::key(ParaId{2000})),
            "196e027349017067f9eb56e2c4d9ded594d373b60dded722a8c2fa795bda8971"
            "63f5a4efb16ffa83d0070000");
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  const meta::PalletMetadata* p = nullptr;
  for (const auto& pallet : md.pallets) {
    if (pallet.name == "ParaInclusion") p = &pallet;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->index, 53);
  ASSERT_TRUE(p->storage.has_value());
  ASSERT_EQ(p->storage->entries.size(), 1U);
  EXPECT_EQ(p->storage->entries[0].name, "V1");
  EXPECT_TRUE(p->event.has_value());
  EXPECT_EQ(std::size(Inclusion::kErrors), 17U);
  EXPECT_EQ(std::string(Inclusion::kErrors[16].name), "ParaHeadMismatch");
  // UpwardMessagesReceived { from, count } is event 3.
  EXPECT_EQ(hex(scale::encode(Inclusion::Event{Inclusion::UpwardMessagesReceived{ParaId{7}, 2}})),
            "030700000002000000");
}

// Kusama's shapes (spec 1_009_002 metadata, kusama-types.json): path, type parameters, then
// each field as name:typeName ("_" unnamed), or each variant as index=Name(fields).
const std::vector<std::array<std::string_view, 3>> kKusamaShapes = {
    {"polkadot_primitives::v8::signed::UncheckedSigned", "Payload,RealPayload",
     "payload:Payload;validator_index:ValidatorIndex;signature:ValidatorSignature"},
    {"polkadot_primitives::v8::AvailabilityBitfield", "", "_:BitVec<u8, bitvec::order::Lsb0>"},
    {"polkadot_primitives::vstaging::BackedCandidate", "H",
     "candidate:CommittedCandidateReceiptV2<H>;validity_votes:Vec<ValidityAttestation>;validator_"
     "indices:BitVec<u8, bitvec::order::Lsb0>"},
    {"polkadot_primitives::vstaging::CommittedCandidateReceiptV2", "H",
     "descriptor:CandidateDescriptorV2<H>;commitments:CandidateCommitments"},
    {"polkadot_primitives::vstaging::CandidateDescriptorV2", "H",
     "para_id:ParaId;relay_parent:H;version:InternalVersion;core_index:u16;session_index:"
     "SessionIndex;reserved1:[u8; "
     "25];persisted_validation_data_hash:Hash;pov_hash:Hash;erasure_root:Hash;reserved2:[u8; "
     "64];para_head:Hash;validation_code_hash:ValidationCodeHash"},
    {"polkadot_primitives::vstaging::InternalVersion", "", "_:u8"},
    {"polkadot_primitives::v8::CandidateCommitments", "N",
     "upward_messages:UpwardMessages;horizontal_messages:HorizontalMessages;new_validation_code:"
     "Option<ValidationCode>;head_data:HeadData;processed_downward_messages:u32;hrmp_watermark:N"},
    {"polkadot_core_primitives::OutboundHrmpMessage", "Id",
     "recipient:Id;data:alloc::vec::Vec<u8>"},
    {"polkadot_primitives::v8::ValidityAttestation", "",
     "1=Implicit(_:ValidatorSignature);2=Explicit(_:ValidatorSignature)"},
    {"polkadot_core_primitives::CandidateHash", "", "_:Hash"},
    {"polkadot_runtime_parachains::inclusion::pallet::Event", "T",
     "0=CandidateBacked(_:CandidateReceipt<T::Hash>,_:HeadData,_:CoreIndex,_:GroupIndex);1="
     "CandidateIncluded(_:CandidateReceipt<T::Hash>,_:HeadData,_:CoreIndex,_:GroupIndex);2="
     "CandidateTimedOut(_:CandidateReceipt<T::Hash>,_:HeadData,_:CoreIndex);3="
     "UpwardMessagesReceived(from:ParaId,count:u32)"},
    {"polkadot_primitives::vstaging::CandidateReceiptV2", "H",
     "descriptor:CandidateDescriptorV2<H>;commitments_hash:Hash"},
    {"polkadot_runtime_parachains::inclusion::CandidatePendingAvailability", "H,N",
     "core:CoreIndex;hash:CandidateHash;descriptor:CandidateDescriptor<H>;commitments:"
     "CandidateCommitments;availability_votes:BitVec<u8, BitOrderLsb0>;backers:BitVec<u8, "
     "BitOrderLsb0>;relay_parent_number:N;backed_in_number:N;backing_group:GroupIndex"},
};

TEST(ParaInclusion, MetadataTypesHaveKusamasShapes) {
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  // The inherent's types, which ParaInherent's call will bring in.
  (void)md.registry.id<BackedCandidate>();
  (void)md.registry.id<UncheckedSignedAvailabilityBitfield>();
  for (const auto& [path, params, body] : kKusamaShapes) {
    const meta::TypeDescription* found = nullptr;
    for (const auto& t : md.registry.types()) {
      std::string p;
      for (const auto& seg : t.path) p += (p.empty() ? "" : "::") + seg;
      if (p == path) found = &t;
    }
    ASSERT_NE(found, nullptr) << path;
    std::string ps;
    for (const auto& param : found->params) ps += (ps.empty() ? "" : ",") + param.name;
    EXPECT_EQ(ps, params) << path;
    EXPECT_EQ(shape_of(*found), body) << path;
  }
}

// --- The pallet on the test runtime.

constexpr ParaId kPara{2000};

// Five validators, para 2000 on core 0; max_validators_per_core 2 makes two cores (groups of 3
// and 2); rotation every 10 blocks, availability period 5; minimum backing votes 2.
template <class F>
void with_chain(F&& f, uint32_t minimum_backing_votes = 2) {
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    TestRandomness::base = H256{};
    System::initialize(0, H256{}, {});
    HostConfiguration cfg = scheduler_config(3, 10, 5, 2);
    cfg.max_head_data_size = 1024;
    cfg.max_pov_size = 5 * 1024 * 1024;
    cfg.minimum_backing_votes = minimum_backing_votes;
    build_genesis(cfg, {kPara}, validators(5));
    run_block(1);
    System::reset_events();
    ParasShared::add_allowed_relay_parent(filled(0xa1), filled(0xb1), {}, 1, 2);
    f();
  });
}

std::vector<Inclusion::Event> inclusion_events() {
  return rt::testing::events_of<TestRuntime, Inclusion>();
}

// A candidate of kPara on `parent_head` at relay parent 0xa1 (block 1), producing `head`.
BackedCandidate candidate(const HeadData& parent_head, const HeadData& head, CoreIndex core) {
  return make_candidate(kPara, filled(0xa1), 1, filled(0xb1), parent_head, head, core);
}

Result<std::vector<std::pair<CandidateReceiptV2, Inclusion::Backers>>, DispatchError> process(
    std::vector<std::pair<BackedCandidate, CoreIndex>> cs) {
  Inclusion::BackedWithCores m;
  for (auto& c : cs) m[c.first.candidate.descriptor.para_id].push_back(std::move(c));
  return Inclusion::process_candidates(ParasShared::AllowedRelayParents::get(), m);
}

UncheckedSignedAvailabilityBitfield bitfield(ValidatorIndex v, std::string_view pattern,
                                             const H256& parent = filled(0xcc)) {
  return signed_bitfield(v, pattern, parent);
}

std::vector<UncheckedSignedAvailabilityBitfield> sanitize(
    const std::vector<UncheckedSignedAvailabilityBitfield>& in, std::vector<BitfieldCheck>* out) {
  return Inclusion::sanitize_bitfields(in, scale::BitVec(2), 2, filled(0xcc),
                                       ParasShared::session_index(),
                                       ParasShared::ActiveValidatorKeys::get(), out);
}

const HeadData kGenesisHead{{1, 2, 3}};
const HeadData kHead1{{4, 5, 6}};
const HeadData kHead2{{7, 8, 9}};

TEST(ParaInclusion, TheTestChainHasTwoCoresAndTwoGroups) {
  with_chain([] {
    EXPECT_EQ(Scheduler::num_availability_cores(), 2U);
    EXPECT_EQ(Scheduler::group_validators(GroupIndex{0})->size(), 3U);
    EXPECT_EQ(Scheduler::group_validators(GroupIndex{1})->size(), 2U);
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional<HeadData>(kGenesisHead));
  });
}

TEST(ParaInclusion, BitfieldsAreSanitizedAsParasInherentDoes) {
  with_chain([] {
    std::vector<BitfieldCheck> outcomes;
    // Good ones, in order.
    auto ok =
        sanitize({bitfield(ValidatorIndex{0}, "10"), bitfield(ValidatorIndex{2}, "01")}, &outcomes);
    EXPECT_EQ(ok.size(), 2U);
    EXPECT_EQ(outcomes, (std::vector{BitfieldCheck::kOk, BitfieldCheck::kOk}));
    // Wrong length.
    outcomes.clear();
    EXPECT_TRUE(sanitize({bitfield(ValidatorIndex{0}, "100")}, &outcomes).empty());
    EXPECT_TRUE(sanitize({bitfield(ValidatorIndex{0}, "1")}, &outcomes).empty());
    EXPECT_EQ(outcomes, (std::vector{BitfieldCheck::kWrongLength, BitfieldCheck::kWrongLength}));
    // Unsorted and duplicate: the later one is dropped.
    outcomes.clear();
    ok = sanitize({bitfield(ValidatorIndex{3}, "10"), bitfield(ValidatorIndex{1}, "10"),
                   bitfield(ValidatorIndex{3}, "01"), bitfield(ValidatorIndex{4}, "10")},
                  &outcomes);
    EXPECT_EQ(outcomes, (std::vector{BitfieldCheck::kOk, BitfieldCheck::kUnorderedOrDuplicate,
                                     BitfieldCheck::kUnorderedOrDuplicate, BitfieldCheck::kOk}));
    ASSERT_EQ(ok.size(), 2U);
    EXPECT_EQ(ok[0].validator_index, ValidatorIndex{3});
    EXPECT_EQ(ok[1].validator_index, ValidatorIndex{4});
    // Bad signatures: another validator's, another parent's, a changed payload. The bad one
    // still raises the bar (FRAME sets last_index whatever the signature).
    outcomes.clear();
    auto other = bitfield(ValidatorIndex{1}, "10");
    other.validator_index = ValidatorIndex{0};
    auto changed = bitfield(ValidatorIndex{2}, "10");
    changed.payload.bits.set(1, true);
    ok = sanitize({other, bitfield(ValidatorIndex{1}, "10", filled(0xdd)), changed,
                   bitfield(ValidatorIndex{2}, "10")},
                  &outcomes);
    EXPECT_TRUE(ok.empty());
    EXPECT_EQ(outcomes,
              (std::vector{BitfieldCheck::kBadSignature, BitfieldCheck::kBadSignature,
                           BitfieldCheck::kBadSignature, BitfieldCheck::kUnorderedOrDuplicate}));
    // An index beyond the active validators.
    outcomes.clear();
    auto beyond = bitfield(ValidatorIndex{4}, "10");
    beyond.validator_index = ValidatorIndex{5};
    EXPECT_TRUE(sanitize({beyond}, &outcomes).empty());
    EXPECT_EQ(outcomes, (std::vector{BitfieldCheck::kValidatorOutOfBounds}));
    // A bit for a disputed core.
    std::vector<BitfieldCheck> disputed;
    EXPECT_TRUE(Inclusion::sanitize_bitfields({bitfield(ValidatorIndex{0}, "01")}, bits("01"), 2,
                                              filled(0xcc), ParasShared::session_index(),
                                              ParasShared::ActiveValidatorKeys::get(), &disputed)
                    .empty());
    EXPECT_EQ(disputed, (std::vector{BitfieldCheck::kDisputed}));
  });
}

TEST(ParaInclusion, BackedCandidateIsPendingThenSupermajorityAvailabilityEnactsIt) {
  with_chain([] {
    BackedCandidate b = candidate(kGenesisHead, kHead1, CoreIndex{0});
    back(b, GroupIndex{0}, {0, 2}, CoreIndex{0});
    const auto backed = process({{b, CoreIndex{0}}});
    ASSERT_TRUE(backed.has_value()) << runtime::to_string(backed.error());
    ASSERT_EQ(backed->size(), 1U);
    EXPECT_EQ((*backed)[0].first, b.receipt());
    const auto group = Scheduler::group_validators(GroupIndex{0}).value();
    ASSERT_EQ((*backed)[0].second.size(), 2U);
    EXPECT_EQ((*backed)[0].second[0].first, group[0]);
    EXPECT_EQ((*backed)[0].second[1].first, group[2]);

    const auto pending = Inclusion::PendingAvailability::get(kPara).value();
    ASSERT_EQ(pending.size(), 1U);
    EXPECT_EQ(pending[0].hash, b.hash());
    EXPECT_EQ(pending[0].core, CoreIndex{0});
    EXPECT_EQ(pending[0].backing_group, GroupIndex{0});
    EXPECT_EQ(pending[0].relay_parent_number, 1U);
    EXPECT_EQ(pending[0].backed_in_number, 1U);
    EXPECT_EQ(pending[0].availability_votes, scale::BitVec(5));
    EXPECT_EQ(pending[0].backers.count_ones(), 2U);
    EXPECT_TRUE(pending[0].backers.get(group[0].value));
    EXPECT_EQ(inclusion_events(), (std::vector<Inclusion::Event>{Inclusion::CandidateBacked{
                                      b.receipt(), kHead1, CoreIndex{0}, GroupIndex{0}}}));
    EXPECT_EQ(Inclusion::para_latest_head_data(kPara), std::optional<HeadData>(kHead1));
    System::reset_events();

    // 3 of 5 is below the threshold (5 - 4/3 = 4): the votes are kept, nothing enacted.
    auto [w1, freed1] = Inclusion::update_pending_availability_and_get_freed_cores(
        5, sanitize({bitfield(ValidatorIndex{0}, "10"), bitfield(ValidatorIndex{1}, "10"),
                     bitfield(ValidatorIndex{2}, "11")},
                    nullptr));
    EXPECT_TRUE(freed1.empty());
    EXPECT_EQ(Inclusion::PendingAvailability::get(kPara)->at(0).availability_votes.count_ones(),
              3U);
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional<HeadData>(kGenesisHead));
    // A fourth vote (for core 0; the bit for core 1 counts for nothing) enacts it.
    auto [w2, freed2] = Inclusion::update_pending_availability_and_get_freed_cores(
        5, sanitize({bitfield(ValidatorIndex{4}, "10")}, nullptr));
    ASSERT_EQ(freed2.size(), 1U);
    EXPECT_EQ(freed2[0], (std::pair{CoreIndex{0}, b.hash()}));
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional<HeadData>(kHead1));
    EXPECT_EQ(Paras::MostRecentContext::get(kPara), std::optional<uint32_t>(1));
    EXPECT_TRUE(Inclusion::PendingAvailability::get(kPara)->empty());
    EXPECT_EQ(inclusion_events(), (std::vector<Inclusion::Event>{Inclusion::CandidateIncluded{
                                      b.receipt(), kHead1, CoreIndex{0}, GroupIndex{0}}}));
    EXPECT_TRUE(Inclusion::try_state(1).has_value());
  });
}

TEST(ParaInclusion, ACandidateIsEnactedOnlyAfterItsPredecessors) {
  with_chain([] {
    // Two candidates of the chain, on cores 0 and 1 (the groups of those cores back them).
    BackedCandidate first = candidate(kGenesisHead, kHead1, CoreIndex{0});
    back(first, GroupIndex{0}, {0, 1}, CoreIndex{0});
    BackedCandidate second = candidate(kHead1, kHead2, CoreIndex{1});
    back(second, GroupIndex{1}, {0, 1}, CoreIndex{1});
    ASSERT_TRUE(process({{first, CoreIndex{0}}, {second, CoreIndex{1}}}).has_value());
    ASSERT_EQ(Inclusion::PendingAvailability::get(kPara)->size(), 2U);
    EXPECT_EQ(Inclusion::candidates_pending_availability(kPara).size(), 2U);
    System::reset_events();

    std::vector<UncheckedSignedAvailabilityBitfield> second_only;
    second_only.reserve(5);
    for (uint32_t v = 0; v < 5; ++v) second_only.push_back(bitfield(ValidatorIndex{v}, "01"));
    auto [w1, freed1] = Inclusion::update_pending_availability_and_get_freed_cores(
        5, sanitize(second_only, nullptr));
    EXPECT_TRUE(freed1.empty());
    EXPECT_TRUE(inclusion_events().empty());

    std::vector<UncheckedSignedAvailabilityBitfield> first_too;
    first_too.reserve(4);
    for (uint32_t v = 0; v < 4; ++v) first_too.push_back(bitfield(ValidatorIndex{v}, "10"));
    auto [w2, freed2] =
        Inclusion::update_pending_availability_and_get_freed_cores(5, sanitize(first_too, nullptr));
    ASSERT_EQ(freed2.size(), 2U);
    EXPECT_EQ(freed2[0].second, first.hash());
    EXPECT_EQ(freed2[1].second, second.hash());
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional<HeadData>(kHead2));
    EXPECT_EQ(inclusion_events().size(), 2U);
  });
}

TEST(ParaInclusion, BackingIsRefused) {
  const auto refused = [](const auto& make, InclusionError e, uint32_t min_votes = 2) {
    with_chain(
        [&] {
          const auto r = process({{make(), CoreIndex{0}}});
          ASSERT_FALSE(r.has_value());
          EXPECT_EQ(runtime::to_string(r.error()), runtime::to_string(Inclusion::error(e)));
          EXPECT_FALSE(Inclusion::PendingAvailability::contains_key(kPara));
          EXPECT_TRUE(inclusion_events().empty());
        },
        min_votes);
  };
  const auto backed = [](BackedCandidate b) {
    back(b, GroupIndex{0}, {0, 1}, CoreIndex{0});
    return b;
  };
  // The relay parent is not among the allowed ones.
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        b.candidate.descriptor.relay_parent = filled(0xa2);
        return backed(b);
      },
      InclusionError::kDisallowedRelayParent);
  // Built on another head: the PVD hash differs.
  refused([&] { return backed(candidate(kHead2, kHead1, CoreIndex{0})); },
          InclusionError::kValidationDataHashMismatch);
  // The descriptor's para_head is not the commitments' head.
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        b.candidate.descriptor.para_head = filled(0x01);
        return backed(b);
      },
      InclusionError::kParaHeadMismatch);
  // Another validation code.
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        b.candidate.descriptor.validation_code_hash = prim::ValidationCodeHash{filled(0x02)};
        return backed(b);
      },
      InclusionError::kInvalidValidationCodeHash);
  // Signed by the group of core 1 for core 0: two bits for a group of three.
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        back(b, GroupIndex{1}, {0, 1}, CoreIndex{0});
        return b;
      },
      InclusionError::kInvalidBacking);
  // A vote whose signature is another member's.
  refused(
      [&] {
        auto b = backed(candidate(kGenesisHead, kHead1, CoreIndex{0}));
        std::swap(b.validity_votes[0].signature, b.validity_votes[1].signature);
        return b;
      },
      InclusionError::kInvalidBacking);
  // More votes than bits.
  refused(
      [&] {
        auto b = backed(candidate(kGenesisHead, kHead1, CoreIndex{0}));
        b.validity_votes.push_back(b.validity_votes[1]);
        return b;
      },
      InclusionError::kInvalidBacking);
  // One vote where two are needed.
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        back(b, GroupIndex{0}, {1}, CoreIndex{0});
        return b;
      },
      InclusionError::kInsufficientBacking);
  // Messages the stubs cannot take: an upward message, an outbound HRMP message, processed
  // downward messages, another watermark.
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        b.candidate.commitments.upward_messages.items = {Bytes{1}};
        return backed(b);
      },
      InclusionError::kInvalidUpwardMessages);
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        b.candidate.commitments.horizontal_messages.items = {
            prim::OutboundHrmpMessage{ParaId{2001}, Bytes{1}}};
        return backed(b);
      },
      InclusionError::kInvalidOutboundHrmp);
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        b.candidate.commitments.processed_downward_messages = 1;
        return backed(b);
      },
      InclusionError::kIncorrectDownwardMessageHandling);
  refused(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
        b.candidate.commitments.hrmp_watermark = 0;
        return backed(b);
      },
      InclusionError::kHrmpWatermarkMishandling);
  // A head larger than the configuration allows.
  refused(
      [&] {
        const HeadData big{Bytes(2000, 1)};
        return backed(candidate(kGenesisHead, big, CoreIndex{0}));
      },
      InclusionError::kHeadDataTooLarge);
  // UMP signals after the separator are not messages: accepted.
  with_chain([&] {
    auto b = candidate(kGenesisHead, kHead1, CoreIndex{0});
    b.candidate.commitments.upward_messages.items = {Bytes{}, Bytes{0, 0, 0}};
    EXPECT_TRUE(process({{backed(b), CoreIndex{0}}}).has_value());
  });
  // A group of two needs both when the configuration asks for three.
  with_chain(
      [&] {
        auto b = candidate(kGenesisHead, kHead1, CoreIndex{1});
        back(b, GroupIndex{1}, {0, 1}, CoreIndex{1});
        EXPECT_TRUE(process({{b, CoreIndex{1}}}).has_value());
      },
      3);
}

TEST(ParaInclusion, CandidatesTimeOutOnlyAtTheStartOfARotation) {
  with_chain([] {
    BackedCandidate b = candidate(kGenesisHead, kHead1, CoreIndex{0});
    back(b, GroupIndex{0}, {0, 1}, CoreIndex{0});
    ASSERT_TRUE(process({{b, CoreIndex{0}}}).has_value());
    System::reset_events();
    // Backed at block 1 (the session's first); availability period 5, rotation every 10. The
    // scheduler's predicate looks at the next block: only at block 10 is the next (11) among
    // the first 5 of a rotation, and 1 + 5 <= 10.
    for (BlockNumber n = 2; n <= 9; ++n) {
      System::initialize(n, H256{}, {});
      EXPECT_TRUE(Inclusion::free_timedout().empty()) << n;
    }
    System::initialize(10, H256{}, {});
    EXPECT_EQ(Inclusion::free_timedout(), std::vector<CoreIndex>{CoreIndex{0}});
    EXPECT_EQ(inclusion_events(), (std::vector<Inclusion::Event>{Inclusion::CandidateTimedOut{
                                      b.receipt(), kHead1, CoreIndex{0}}}));
    EXPECT_TRUE(Inclusion::PendingAvailability::get(kPara)->empty());
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional<HeadData>(kGenesisHead));
  });
}

TEST(ParaInclusion, DisputedCandidatesAndTheirDescendantsAreFreed) {
  with_chain([] {
    BackedCandidate first = candidate(kGenesisHead, kHead1, CoreIndex{0});
    back(first, GroupIndex{0}, {0, 1}, CoreIndex{0});
    BackedCandidate second = candidate(kHead1, kHead2, CoreIndex{1});
    back(second, GroupIndex{1}, {0, 1}, CoreIndex{1});
    ASSERT_TRUE(process({{first, CoreIndex{0}}, {second, CoreIndex{1}}}).has_value());
    const auto freed = Inclusion::free_disputed({first.hash()});
    ASSERT_EQ(freed.size(), 2U);
    EXPECT_EQ(freed[0], (std::pair{CoreIndex{0}, first.hash()}));
    EXPECT_EQ(freed[1], (std::pair{CoreIndex{1}, second.hash()}));
    EXPECT_TRUE(Inclusion::PendingAvailability::get(kPara)->empty());
  });
}

TEST(ParaInclusion, ASessionChangeForgetsPendingCandidates) {
  with_chain([] {
    BackedCandidate b = candidate(kGenesisHead, kHead1, CoreIndex{0});
    back(b, GroupIndex{0}, {0, 1}, CoreIndex{0});
    ASSERT_TRUE(process({{b, CoreIndex{0}}}).has_value());
    run_to_block(2);
    EXPECT_TRUE(Inclusion::PendingAvailability::contains_key(kPara));
    run_to_block(3, {3});
    EXPECT_FALSE(Inclusion::PendingAvailability::contains_key(kPara));
  });
}

TEST(ParaInclusion, ACodeUpgradeInTheCommitmentsIsScheduled) {
  with_chain([] {
    BackedCandidate b = candidate(kGenesisHead, kHead1, CoreIndex{0});
    const prim::ValidationCode code{{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    b.candidate.commitments.new_validation_code = code;
    back(b, GroupIndex{0}, {0, 1}, CoreIndex{0});
    ASSERT_TRUE(process({{b, CoreIndex{0}}}).has_value());
    Inclusion::force_enact(kPara);
    EXPECT_EQ(Paras::FutureCodeHash::get(kPara), std::optional(code.hash()));
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional<HeadData>(kHead1));
  });
}

}  // namespace
}  // namespace canary::rt
