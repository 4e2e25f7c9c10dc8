// ParaInherent on the parachain host's test runtime, after polkadot-sdk's
// polkadot/runtime/parachains/src/paras_inherent/tests.rs: the inherent data's layout as
// polkadot.js encodes it with Kusama's metadata; a candidate backed in block N's inherent is
// pending (CandidateBacked, OnChainVotes) and a supermajority of bitfields in block N+1's
// includes it (CandidateIncluded, the para's head); create_inherent drops bad bitfields and
// candidates (bad signatures, a wrong core, a relay parent no longer allowed) and enter refuses
// data that create_inherent would have filtered; enter is once per block, on the right parent
// header, from no origin; a block without it fails in on_finalize.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "primitives/block/header.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "tests/support/hex.hpp"
#include "tests/unit/runtime/para_candidate_test_support.hpp"
#include "tests/unit/runtime/parachain_host_test_runtime.hpp"

namespace canary::rt {
namespace {

using namespace parachain_host_test;  // NOLINT(google-build-using-namespace): the test runtime
using inherent::DisputeStatement;
using inherent::DisputeStatementSet;
using inherent::ParaInherentData;
using inherent::ValidDisputeStatementKind;
using prim::BackedCandidate;
using prim::HeadData;
using prim::ValidatorIndex;
using test::hex;
using test::unhex;
using InherentError = inherent::Error;

// polkadot.js (@polkadot/types, Kusama's spec 1_009_002 metadata):
// registry.createType('PolkadotPrimitivesVstagingInherentData', {bitfields: [{payload: 0x05,
// validatorIndex: 4, signature: 0xbb…}], backedCandidates: [], disputes: [dss], parentHeader:
// {parentHash: 0x88…, number: 1234, stateRoot: 0x99…, extrinsicsRoot: 0xaa…, digest: {logs:
// []}}}).toHex() with dss = {candidateHash: 0x11…, session: 5, statements: [[{Valid:
// {BackingSeconded: 0x22…}}, 3, 0x33…], [{Invalid: 'Explicit'}, 7, 0x44…], [{Valid:
// {ApprovalCheckingMultipleCandidates: [0x55…, 0x66…]}}, 1, 0x77…]]}; the call
// ParaInherent.enter (54, 0) of it; PolkadotPrimitivesVstagingScrapedOnChainVotes {session: 9,
// backingValidatorsPerCandidate: [], disputes: [dss]}.
constexpr std::string_view kPjsInherentData =
    "04200504000000bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0004111111111111111111111111111111"
    "1111111111111111111111111111111111050000000c00012222222222222222222222222222222222222222"
    "2222222222222222222222220300000033333333333333333333333333333333333333333333333333333333"
    "3333333333333333333333333333333333333333333333333333333333333333333333330100070000004444"
    "4444444444444444444444444444444444444444444444444444444444444444444444444444444444444444"
    "4444444444444444444444444444444444440004085555555555555555555555555555555555555555555555"
    "5555555555555555556666666666666666666666666666666666666666666666666666666666666666010000"
    "0077777777777777777777777777777777777777777777777777777777777777777777777777777777777777"
    "7777777777777777777777777777777777777777778888888888888888888888888888888888888888888888"
    "88888888888888888849139999999999999999999999999999999999999999999999999999999999999999aa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa00";
constexpr std::string_view kPjsVotes =
    "0900000000041111111111111111111111111111111111111111111111111111111111111111050000000c00"
    "0122222222222222222222222222222222222222222222222222222222222222220300000033333333333333"
    "3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333"
    "3333333333333333333333333301000700000044444444444444444444444444444444444444444444444444"
    "4444444444444444444444444444444444444444444444444444444444444444444444444444440004085555"
    "5555555555555555555555555555555555555555555555555555555555556666666666666666666666666666"
    "6666666666666666666666666666666666660100000077777777777777777777777777777777777777777777"
    "777777777777777777777777777777777777777777777777777777777777777777777777777777777777";

H256 header_hash(const block::Header& h) {
  return H256{block::hash_of(h)};
}

DisputeStatementSet sample_dispute_set() {
  DisputeStatementSet s;
  s.candidate_hash = prim::CandidateHash{filled(0x11)};
  s.session = 5;
  prim::ValidatorSignature sig3;
  sig3.bytes.fill(0x33);
  prim::ValidatorSignature sig4;
  sig4.bytes.fill(0x44);
  prim::ValidatorSignature sig7;
  sig7.bytes.fill(0x77);
  s.statements.emplace_back(DisputeStatement{DisputeStatement::Valid{ValidDisputeStatementKind{
                                ValidDisputeStatementKind::BackingSeconded{filled(0x22)}}}},
                            ValidatorIndex{3}, sig3);
  s.statements.emplace_back(DisputeStatement{DisputeStatement::Invalid{}}, ValidatorIndex{7}, sig4);
  s.statements.emplace_back(
      DisputeStatement{DisputeStatement::Valid{
          ValidDisputeStatementKind{ValidDisputeStatementKind::ApprovalCheckingMultipleCandidates{
              {prim::CandidateHash{filled(0x55)}, prim::CandidateHash{filled(0x66)}}}}}},
      ValidatorIndex{1}, sig7);
  return s;
}

TEST(ParaInherent, InherentDataAndCallAreKusamas) {
  ParaInherentData data;
  prim::ValidatorSignature sig;
  sig.bytes.fill(0xbb);
  data.bitfields = {{prim::AvailabilityBitfield{bits("10100000")}, ValidatorIndex{4}, sig}};
  data.disputes = {sample_dispute_set()};
  data.parent_header.parent_hash = filled(0x88).bytes;
  data.parent_header.number = 1234;
  data.parent_header.state_root = filled(0x99).bytes;
  data.parent_header.extrinsics_root = filled(0xaa).bytes;
  const std::string expected(kPjsInherentData);
  EXPECT_EQ(hex(scale::encode(data)), expected);
  EXPECT_EQ(scale::decode<ParaInherentData>(unhex(expected)).value(), data);
  EXPECT_EQ(
      hex(scale::encode(TestRuntime::Pallets::Call::of<ParaInherent>(ParaInherent::enter{data}))),
      "3600" + expected);
  const inherent::ScrapedOnChainVotes votes{9, {}, {sample_dispute_set()}};
  EXPECT_EQ(hex(scale::encode(votes)), kPjsVotes);
  // A statement kind beyond Kusama's does not decode.
  Bytes bad = unhex(expected);
  bad[110] = 0x02;  // the first statement's DisputeStatement: 2
  EXPECT_FALSE(scale::decode<ParaInherentData>(bad).has_value());
  EXPECT_EQ(std::string(inherent::kInherentIdentifier.begin(), inherent::kInherentIdentifier.end()),
            "parachn0");
}

TEST(ParaInherent, StorageErrorsAndMetadataAreKusamas) {
  // twox128("ParaInherent") ‖ twox128(item), as @polkadot/util-crypto's xxhashAsHex makes them.
  EXPECT_EQ(hex(ParaInherent::Included::key()),
            "42b50b77ef717947e7043bb52127d665e2b2d1966457295060d0b3c7e44dca63");
  EXPECT_EQ(hex(ParaInherent::OnChainVotes::key()),
            "42b50b77ef717947e7043bb52127d665497c98950f50bade7420dce7829823a3");
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  const meta::PalletMetadata* p = nullptr;
  for (const auto& pallet : md.pallets) {
    if (pallet.name == "ParaInherent") p = &pallet;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->index, 54);
  ASSERT_TRUE(p->storage.has_value());
  ASSERT_EQ(p->storage->entries.size(), 2U);
  EXPECT_EQ(p->storage->entries[0].name, "Included");
  EXPECT_EQ(p->storage->entries[1].name, "OnChainVotes");
  EXPECT_FALSE(p->event.has_value());

  // Kusama's shapes (kusama-types.json), as para_inclusion_test.cpp checks them.
  const std::vector<std::array<std::string_view, 3>> shapes = {
      {"polkadot_runtime_parachains::paras_inherent::pallet::Call", "T",
       "0=enter(data:ParachainsInherentData<HeaderFor<T>>)"},
      {"polkadot_runtime_parachains::paras_inherent::pallet::Error", "T",
       "0=TooManyInclusionInherents();1=InvalidParentHeader();2="
       "InherentDataFilteredDuringExecution();3=UnscheduledCandidate()"},
      {"polkadot_primitives::vstaging::InherentData", "HDR",
       "bitfields:UncheckedSignedAvailabilityBitfields;backed_candidates:Vec<BackedCandidate<HDR::"
       "Hash>>;disputes:MultiDisputeStatementSet;parent_header:HDR"},
      {"polkadot_primitives::v8::DisputeStatementSet", "",
       "candidate_hash:CandidateHash;session:SessionIndex;statements:Vec<(DisputeStatement, "
       "ValidatorIndex, ValidatorSignature)>"},
      {"polkadot_primitives::v8::DisputeStatement", "",
       "0=Valid(_:ValidDisputeStatementKind);1=Invalid(_:InvalidDisputeStatementKind)"},
      {"polkadot_primitives::v8::ValidDisputeStatementKind", "",
       "0=Explicit();1=BackingSeconded(_:Hash);2=BackingValid(_:Hash);3=ApprovalChecking();4="
       "ApprovalCheckingMultipleCandidates(_:Vec<CandidateHash>)"},
      {"polkadot_primitives::v8::InvalidDisputeStatementKind", "", "0=Explicit()"},
      {"polkadot_primitives::vstaging::ScrapedOnChainVotes", "H",
       "session:SessionIndex;backing_validators_per_candidate:Vec<\n(CandidateReceiptV2<H>, "
       "Vec<(ValidatorIndex, ValidityAttestation)>)>;disputes:MultiDisputeStatementSet"},
  };
  for (const auto& [path, params, body] : shapes) {
    std::string ps;
    const meta::TypeDescription* t = type_at(md, path, &ps);
    ASSERT_NE(t, nullptr) << path;
    EXPECT_EQ(ps, params) << path;
    EXPECT_EQ(shape_of(*t), body) << path;
  }
}

// --- The pallet on the test runtime.

constexpr ParaId kPara{2000};
const HeadData kGenesisHead{{1, 2, 3}};
const HeadData kHead1{{4, 5, 6}};

// Blocks with the paras inherent: each block's header is made up (its state root a number's
// byte) and is the next block's parent header.
struct Chain {
  block::Header last;  // the header of the last block run

  // Starts block `last.number + 1` on `last`.
  BlockNumber begin() {
    const BlockNumber n = last.number + 1;
    System::initialize(n, header_hash(last), {});
    TestRuntime::Pallets::on_initialize(n);
    System::reset_events();
    return n;
  }
  // Ends the block begun and makes up its header.
  void end() {
    const BlockNumber n = System::block_number();
    TestRuntime::Pallets::on_finalize(n);
    block::Header h;
    h.parent_hash = System::parent_hash().bytes;
    h.number = n;
    h.state_root = filled(static_cast<uint8_t>(0x40 + n)).bytes;
    last = h;
  }
  ParaInherentData data(std::vector<prim::UncheckedSignedAvailabilityBitfield> bitfields = {},
                        std::vector<BackedCandidate> candidates = {}) const {
    return ParaInherentData{std::move(bitfields), std::move(candidates), {}, last};
  }
};

DispatchResultWithPostInfo enter(const ParaInherentData& data,
                                 const Origin& origin = Origin::none()) {
  return rt::testing::dispatch<TestRuntime, ParaInherent>(ParaInherent::enter{data}, origin);
}

std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string error_name(InherentError e) {
  return runtime::to_string(ParaInherent::error(e));
}

// Five validators (two cores: groups of 3 and 2), para 2000 on core 0, V2 receipts allowed, two
// blocks of relay-parent ancestry; block 1 is run (with an empty inherent) on a made-up genesis
// header.
template <class F>
void with_chain(F&& f) {
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    TestRandomness::base = H256{};
    System::initialize(0, H256{}, {});
    HostConfiguration cfg = scheduler_config(3, 10, 5, 2);
    cfg.max_head_data_size = 1024;
    cfg.max_pov_size = 5 * 1024 * 1024;
    cfg.minimum_backing_votes = 2;
    cfg.async_backing_params.allowed_ancestry_len = 2;
    cfg.node_features = config::NodeFeatures(bits("0001"));
    build_genesis(cfg, {kPara}, validators(5));
    // Block 1 with an empty inherent: its claim queue advance gives core 0 to kPara.
    Chain chain;
    chain.last.state_root = filled(0x40).bytes;
    chain.begin();
    if (!enter(chain.data())) std::abort();
    chain.end();
    f(chain);
  });
}

// kPara's candidate on `parent_head` at the relay parent `rp` (the chain's last block),
// producing `head`, backed by `members` of the group on core 0 at the next block.
BackedCandidate backed_candidate(const block::Header& rp, const HeadData& parent_head,
                                 const HeadData& head, const std::vector<size_t>& members = {0, 1},
                                 CoreIndex core = CoreIndex{0}) {
  BackedCandidate c = make_candidate(kPara, header_hash(rp), rp.number, H256{rp.state_root},
                                     parent_head, head, core);
  const auto group = Scheduler::group_assigned_to_core(CoreIndex{0}, rp.number + 1).value();
  back(c, group, members, std::nullopt);
  return c;
}

std::vector<prim::UncheckedSignedAvailabilityBitfield> bitfields_of(
    const std::vector<uint32_t>& vals, std::string_view pattern, const H256& parent) {
  std::vector<prim::UncheckedSignedAvailabilityBitfield> out;
  out.reserve(vals.size());
  for (const uint32_t v : vals) out.push_back(signed_bitfield(ValidatorIndex{v}, pattern, parent));
  return out;
}

TEST(ParaInherent, ABackedCandidateIsIncludedByTheNextBlocksBitfields) {
  with_chain([](Chain& chain) {
    // Block 2: the candidate, built on block 1, backed by two of core 0's group.
    chain.begin();
    const BackedCandidate c = backed_candidate(chain.last, kGenesisHead, kHead1);
    ASSERT_EQ(error_of(enter(chain.data({}, {c}))), "ok");
    const auto events = rt::testing::events_of<TestRuntime, Inclusion>();
    ASSERT_EQ(events.size(), 1U);
    ASSERT_TRUE(std::holds_alternative<Inclusion::CandidateBacked>(events[0]));
    EXPECT_EQ(std::get<Inclusion::CandidateBacked>(events[0]).core, CoreIndex{0});
    EXPECT_EQ(Inclusion::PendingAvailability::get(kPara).value().size(), 1U);
    const auto votes = ParaInherent::OnChainVotes::get();
    ASSERT_TRUE(votes.has_value());
    EXPECT_EQ(votes->session, 0U);
    ASSERT_EQ(votes->backing_validators_per_candidate.size(), 1U);
    EXPECT_EQ(votes->backing_validators_per_candidate[0].first, c.receipt());
    EXPECT_EQ(votes->backing_validators_per_candidate[0].second.size(), 2U);
    EXPECT_TRUE(votes->disputes.empty());
    // The parent became an allowed relay parent.
    EXPECT_TRUE(
        ParasShared::AllowedRelayParents::get().acquire_info(header_hash(chain.last)).has_value());
    chain.end();

    // Block 3: four of five validators (a supermajority) have core 0's chunk.
    chain.begin();
    ASSERT_EQ(
        error_of(enter(chain.data(bitfields_of({0, 1, 2, 4}, "10", header_hash(chain.last))))),
        "ok");
    const auto included = rt::testing::events_of<TestRuntime, Inclusion>();
    ASSERT_EQ(included.size(), 1U);
    ASSERT_TRUE(std::holds_alternative<Inclusion::CandidateIncluded>(included[0]));
    EXPECT_EQ(std::get<Inclusion::CandidateIncluded>(included[0]).head_data, kHead1);
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional(kHead1));
    EXPECT_TRUE(Inclusion::PendingAvailability::get(kPara).value_or(Inclusion::Pending{}).empty());
    // No candidate this block: the backing votes scraped are none.
    EXPECT_TRUE(ParaInherent::OnChainVotes::get().value().backing_validators_per_candidate.empty());
    chain.end();
  });
}

TEST(ParaInherent, ThreeBitfieldsOfFiveDoNotInclude) {
  with_chain([](Chain& chain) {
    chain.begin();
    ASSERT_EQ(error_of(enter(chain.data({}, {backed_candidate(chain.last, kGenesisHead, kHead1)}))),
              "ok");
    chain.end();
    chain.begin();
    ASSERT_EQ(error_of(enter(chain.data(bitfields_of({0, 1, 2}, "10", header_hash(chain.last))))),
              "ok");
    EXPECT_TRUE((rt::testing::events_of<TestRuntime, Inclusion>().empty()));
    EXPECT_EQ(Paras::Heads::get(kPara), std::optional(kGenesisHead));
    chain.end();
  });
}

TEST(ParaInherent, CreateInherentDropsWhatIsInvalid) {
  with_chain([](Chain& chain) {
    chain.begin();
    // Bad: a bitfield signed for another parent, a candidate with a forged backing vote, one for
    // a core the para is not scheduled on, one on a relay parent never allowed.
    auto bad_bitfield = signed_bitfield(ValidatorIndex{0}, "00", filled(0xdd));
    auto good_bitfield = signed_bitfield(ValidatorIndex{1}, "00", header_hash(chain.last));
    BackedCandidate forged = backed_candidate(chain.last, kGenesisHead, kHead1);
    forged.validity_votes[1].signature.bytes[0] ^= 1;
    BackedCandidate wrong_core =
        backed_candidate(chain.last, kGenesisHead, kHead1, {0, 1}, CoreIndex{1});
    block::Header unknown = chain.last;
    unknown.number = 7;
    BackedCandidate stale = backed_candidate(unknown, kGenesisHead, kHead1);
    const BackedCandidate good = backed_candidate(chain.last, kGenesisHead, kHead1);

    const auto allowed_before = ParasShared::AllowedRelayParents::get();
    const auto create = [&](std::vector<prim::UncheckedSignedAvailabilityBitfield> bs,
                            std::vector<BackedCandidate> cs) {
      runtime::InherentData data;
      data[inherent::kInherentIdentifier] = scale::encode(chain.data(std::move(bs), std::move(cs)));
      auto call = ParaInherent::create_inherent(data);
      EXPECT_TRUE(call.has_value());
      return std::get<ParaInherent::enter>(call.value()).data;
    };
    for (const auto& c : {forged, wrong_core, stale}) {
      const ParaInherentData made = create({bad_bitfield, good_bitfield}, {c});
      EXPECT_EQ(made.bitfields, std::vector{good_bitfield});
      EXPECT_TRUE(made.backed_candidates.empty());
      // enter refuses what create_inherent filters.
      EXPECT_EQ(error_of(enter(chain.data({}, {c}))),
                error_name(InherentError::kInherentDataFilteredDuringExecution));
    }
    // The trial run changed nothing.
    EXPECT_EQ(ParasShared::AllowedRelayParents::get(), allowed_before);
    EXPECT_FALSE(Inclusion::PendingAvailability::get(kPara).has_value());
    EXPECT_FALSE(ParaInherent::Included::exists());

    // A dispute is dropped too (none accepted yet), and refused by enter.
    ParaInherentData with_dispute = chain.data();
    with_dispute.disputes = {sample_dispute_set()};
    runtime::InherentData raw;
    raw[inherent::kInherentIdentifier] = scale::encode(with_dispute);
    EXPECT_TRUE(std::get<ParaInherent::enter>(ParaInherent::create_inherent(raw).value())
                    .data.disputes.empty());
    EXPECT_EQ(error_of(enter(with_dispute)),
              error_name(InherentError::kInherentDataFilteredDuringExecution));

    // The good one is kept, and what create_inherent made enters.
    // A para's candidates after a dropped one go too (they would build on it).
    EXPECT_TRUE(create({}, {forged, good}).backed_candidates.empty());
    const ParaInherentData made = create({bad_bitfield, good_bitfield}, {good});
    ASSERT_EQ(made.backed_candidates.size(), 1U);
    EXPECT_EQ(made.backed_candidates[0], good);
    ASSERT_EQ(error_of(enter(made)), "ok");
    EXPECT_EQ(Inclusion::PendingAvailability::get(kPara).value().size(), 1U);
    chain.end();
  });
}

TEST(ParaInherent, CreateInherentWithoutDataMakesNone) {
  with_chain([](Chain& chain) {
    chain.begin();
    EXPECT_FALSE(ParaInherent::create_inherent({}).has_value());
    runtime::InherentData garbage;
    garbage[inherent::kInherentIdentifier] = Bytes{1, 2, 3};
    EXPECT_FALSE(ParaInherent::create_inherent(garbage).has_value());
    // Data for another parent makes none either (enter would refuse it).
    ParaInherentData other = chain.data();
    other.parent_header.number = 9;
    runtime::InherentData wrong;
    wrong[inherent::kInherentIdentifier] = scale::encode(other);
    EXPECT_FALSE(ParaInherent::create_inherent(wrong).has_value());
    ASSERT_EQ(error_of(enter(chain.data())), "ok");
    chain.end();
  });
}

TEST(ParaInherent, EnterIsOncePerBlockOnTheParentFromNoOrigin) {
  with_chain([](Chain& chain) {
    chain.begin();
    ParaInherentData other = chain.data();
    other.parent_header.number = 9;
    EXPECT_EQ(error_of(enter(other)), error_name(InherentError::kInvalidParentHeader));
    AccountId32 who{};
    EXPECT_EQ(error_of(enter(chain.data(), Origin::signed_by(who))),
              runtime::to_string(dispatch_error(DispatchError::Kind::kBadOrigin)));
    EXPECT_FALSE(ParaInherent::Included::exists());
    ASSERT_EQ(error_of(enter(chain.data())), "ok");
    EXPECT_TRUE(ParaInherent::Included::exists());
    EXPECT_EQ(error_of(enter(chain.data())), error_name(InherentError::kTooManyInclusionInherents));
    EXPECT_TRUE(ParaInherent::is_inherent(ParaInherent::enter{chain.data()}));
    chain.end();
    // on_finalize took the flag: the next block needs its own.
    EXPECT_FALSE(ParaInherent::Included::exists());
  });
}

TEST(ParaInherentDeathTest, ABlockWithoutTheInherentFails) {
  EXPECT_DEATH(with_chain([](Chain& chain) {
                 chain.begin();
                 chain.end();
               }),
               "Bitfields and heads must be included every block");
}

TEST(ParaInherent, TheClaimQueueAdvancesForFreeCores) {
  with_chain([](Chain& chain) {
    const auto before = Scheduler::ClaimQueue::get();
    chain.begin();
    ASSERT_EQ(error_of(enter(chain.data({}, {backed_candidate(chain.last, kGenesisHead, kHead1)}))),
              "ok");
    chain.end();
    // Core 0 was free: its front claim was served and the queue refilled to the lookahead.
    const auto after = Scheduler::ClaimQueue::get();
    ASSERT_TRUE(after.contains(CoreIndex{0}));
    EXPECT_EQ(after.at(CoreIndex{0}).size(), before.at(CoreIndex{0}).size());
    // Block 3: core 0 is occupied by the candidate: its queue stays.
    chain.begin();
    ASSERT_EQ(error_of(enter(chain.data())), "ok");
    EXPECT_EQ(Scheduler::ClaimQueue::get().at(CoreIndex{0}), after.at(CoreIndex{0}));
    chain.end();
  });
}

}  // namespace
}  // namespace canary::rt
