// pallet_babe natively: the pre-runtime digest as Kusama headers carry it, the genesis epoch at
// block #1, epoch changes with their consensus logs (NextEpochData, NextConfigData as on Kusama),
// the VRF randomness (FRAME's make_bytes through the T hook, computed by the runtime's portable
// schnorrkel_vrf_randomness and checked against the libsodium-backed signer and verifier; the
// hashed fallback without the hook), randomness accumulation, skipped epochs, the timestamp ↔ slot
// check, plan_config_change, the BabeApi data and the metadata paths.
#include "runtime/pallets/babe/babe.hpp"

#include <gtest/gtest.h>

#include "primitives/crypto/merlin_transcript.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/timestamp/timestamp.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace babe = pallets::babe;
namespace sr25519 = crypto::sr25519;

template <bool kWithVrfHook>
struct TestRuntimeT : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntimeT, PalletAt<0, "System">>;
  using Babe = babe::Pallet<TestRuntimeT, PalletAt<1, "Babe">>;
  using Timestamp = pallets::timestamp::Pallet<TestRuntimeT, PalletAt<2, "Timestamp">>;
  using Pallets = Composition<"test_runtime", System, Babe, Timestamp>;
  static constexpr uint64_t kMinimumPeriod = 3'000;
  static constexpr uint64_t kEpochDuration = 10;
  static constexpr uint64_t kExpectedBlockTime = 6'000;
  static constexpr uint32_t kMaxAuthorities = 100'000;
  static constexpr uint32_t kMaxNominators = 512;
  static void on_timestamp_set(uint64_t now) { Babe::on_timestamp_set(now); }
  static std::optional<babe::Randomness> babe_vrf_randomness(const babe::AuthorityId& key,
                                                             const babe::VrfTranscriptData& data,
                                                             const babe::VrfSignature& signature)
    requires kWithVrfHook
  {
    return babe::schnorrkel_vrf_randomness(key, data, signature);
  }
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion v = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.spec_version = 1;
      return out;
    }();
    return v;
  }
};
using TestRuntime = TestRuntimeT<true>;
using System = TestRuntime::System;
using Babe = TestRuntime::Babe;
using Timestamp = TestRuntime::Timestamp;
using Call = TestRuntime::Pallets::Call;

sr25519::Keypair keypair(uint8_t seed) {
  sr25519::MiniSecret secret{};
  secret.fill(seed);
  return sr25519::keypair_from_mini_secret(secret);
}
babe::AuthorityId authority_of(const sr25519::Keypair& pair) {
  return {pair.public_key};
}

// A primary pre-digest with a real VRF signature over the BABE transcript.
babe::PreDigest primary(const sr25519::Keypair& pair, uint32_t index, uint64_t slot, uint64_t epoch,
                        const babe::Randomness& randomness) {
  crypto::Transcript t("BABE");
  t.append_u64("slot number", slot);
  t.append_u64("current epoch", epoch);
  t.append_message("chain randomness", randomness);
  auto [inout, signature] = sr25519::vrf_sign(pair, std::move(t));
  babe::PrimaryPreDigest digest{index, babe::Slot{slot},
                                babe::VrfSignature{signature.pre_output, signature.proof}};
  return babe::PreDigest{babe::PreDigest::Primary{digest}};
}
babe::PreDigest secondary_plain(uint32_t index, uint64_t slot) {
  return babe::PreDigest{babe::PreDigest::SecondaryPlain{{index, babe::Slot{slot}}}};
}

block::Digest digest_of(const babe::PreDigest& pre) {
  return {block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)}};
}

// The consensus logs of BABE deposited in this block.
std::vector<babe::ConsensusLog> babe_logs() {
  std::vector<babe::ConsensusLog> out;
  for (const block::DigestItem& item : System::Digest::get()) {
    const auto* c = std::get_if<block::DigestConsensus>(&item);
    if (c != nullptr && c->engine == block::kBabeEngineId) {
      out.push_back(scale::decode<babe::ConsensusLog>(c->data).value());
    }
  }
  return out;
}

template <class R = TestRuntime>
void run_block(BlockNumber number, const babe::PreDigest& pre) {
  R::System::reset_events();
  R::System::initialize(number, H256{}, digest_of(pre));
  R::Pallets::on_initialize(number);
  R::Timestamp::set_timestamp(pre.slot().value * R::Babe::slot_duration());
}
template <class R = TestRuntime>
void finish_block(BlockNumber number) {
  R::Pallets::on_finalize(number);
}

class BabeTest : public ::testing::Test {
 protected:
  sr25519::Keypair alice_ = keypair(1);
  sr25519::Keypair bob_ = keypair(2);
  std::vector<babe::Authority> genesis_ = {{authority_of(alice_), 1}, {authority_of(bob_), 1}};
};

TEST(BabeTypes, KusamaDigestsDecodeAndEncode) {
  // Kusama #7472481: PreRuntime BABE = SecondaryPlain { authority 140, slot 270170680 }.
  auto pre = scale::decode<babe::PreDigest>(from_hex("0x028c000000387a1a1000000000").value());
  ASSERT_TRUE(pre.has_value());
  EXPECT_FALSE(pre->is_primary());
  EXPECT_EQ(pre->authority_index(), 140u);
  EXPECT_EQ(pre->slot().value, 270'170'680u);
  EXPECT_EQ(pre->vrf_signature(), nullptr);
  // … and its NextConfigData: V1 { c: (1, 4), PrimaryAndSecondaryVRFSlots }.
  const babe::ConsensusLog config{babe::ConsensusLog::NextConfigData{babe::NextConfigDescriptor{
      babe::NextConfigDescriptor::V1{{1, 4}, babe::AllowedSlots::kPrimaryAndSecondaryVRFSlots}}}};
  EXPECT_EQ(to_hex(scale::encode(config)), "0x03010100000000000000040000000000000002");
  // A primary pre-digest is 109 bytes: tag, index, slot, pre-output, proof.
  const babe::PreDigest p = primary(keypair(3), 1, 2, 0, {});
  EXPECT_EQ(scale::encode(p).size(), 109u);
  EXPECT_EQ(scale::decode<babe::PreDigest>(scale::encode(p)).value(), p);
  // Unknown variants do not decode.
  EXPECT_FALSE(scale::decode<babe::PreDigest>(from_hex("0x048c000000387a1a1000000000").value()));
  // OnDisabled carries a u32.
  EXPECT_EQ(to_hex(scale::encode(babe::ConsensusLog{babe::ConsensusLog::OnDisabled{7}})),
            "0x0207000000");
}

TEST_F(BabeTest, GenesisEpochStartsAtBlockOne) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    EXPECT_EQ(Babe::NextAuthorities::get().items, genesis_);

    run_block(1, secondary_plain(0, 1000));
    EXPECT_EQ(Babe::GenesisSlot::get().value, 1000u);
    EXPECT_EQ(Babe::CurrentSlot::get().value, 1000u);
    EXPECT_FALSE(Babe::should_end_session(1));  // block 1 never rotates
    const auto logs = babe_logs();
    ASSERT_EQ(logs.size(), 1u);
    const auto& next = std::get<babe::ConsensusLog::NextEpochData>(logs[0].value).descriptor;
    EXPECT_EQ(next.authorities, genesis_);
    EXPECT_EQ(next.randomness, babe::Randomness{});
    EXPECT_TRUE(Babe::Initialized::exists());
    finish_block(1);
    EXPECT_FALSE(Babe::Initialized::exists());
    EXPECT_FALSE(Babe::Lateness::exists());
    // Secondary plain slots carry no VRF output: nothing recorded.
    EXPECT_FALSE(Babe::AuthorVrfRandomness::exists());

    // Block 2 three slots later: two slots skipped.
    run_block(2, secondary_plain(1, 1003));
    EXPECT_EQ(Babe::Lateness::get(), 2u);
    EXPECT_FALSE(Babe::should_end_session(2));
    EXPECT_TRUE(babe_logs().empty());
    finish_block(2);

    const babe::Epoch current = Babe::current_epoch();
    EXPECT_EQ(current.epoch_index, 0u);
    EXPECT_EQ(current.start_slot.value, 1000u);
    EXPECT_EQ(current.duration, 10u);
    EXPECT_EQ(Babe::next_epoch().start_slot.value, 1010u);
    EXPECT_EQ(Babe::next_expected_epoch_change(2), std::optional<BlockNumber>(9));
  });
}

TEST_F(BabeTest, VrfRandomnessIsSchnorrkelsMakeBytes) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    run_block(1, secondary_plain(0, 1000));
    finish_block(1);

    const babe::PreDigest pre = primary(bob_, 1, 1001, 0, Babe::randomness());
    run_block(2, pre);
    finish_block(2);
    // Independently: the in/out of Bob's VRF, made into bytes with BABE's context.
    crypto::Transcript t("BABE");
    t.append_u64("slot number", 1001);
    t.append_u64("current epoch", 0);
    t.append_message("chain randomness", babe::Randomness{});
    const auto* signature = pre.vrf_signature();
    auto inout = sr25519::vrf_verify(bob_.public_key, std::move(t),
                                     {signature->pre_output, signature->proof});
    ASSERT_TRUE(inout.has_value());
    babe::Randomness expected{};
    sr25519::vrf_make_bytes(*inout, as_bytes("BabeVRFInOutContext"), expected);
    ASSERT_TRUE(Babe::AuthorVrfRandomness::get().has_value());
    EXPECT_EQ(*Babe::AuthorVrfRandomness::get(), expected);
    // A primary output is accumulated in the segment under construction.
    EXPECT_EQ(Babe::UnderConstruction::get(0).items, std::vector<babe::Randomness>{expected});
    // The public key matters: attributed to Alice, the pre-output does not verify and the
    // fallback differs.
    EXPECT_NE(babe::hashed_vrf_randomness(authority_of(bob_), {{}, 1001, 0}, *signature), expected);
  });
}

// The runtime's computation against the host's: for VRF signatures made by the libsodium-backed
// signer over BABE transcripts, make_bytes::<32>("BabeVRFInOutContext") of the signer's in/out.
TEST(BabeVrfRandomness, RuntimeMakeBytesEqualsTheHostsOnSignedTranscripts) {
  for (uint8_t seed = 1; seed <= 64; ++seed) {
    const sr25519::Keypair pair = keypair(seed);
    babe::VrfTranscriptData data{};
    for (size_t i = 0; i < data.randomness.size(); ++i) {
      data.randomness[i] = static_cast<uint8_t>(seed * 31 + i);
    }
    data.slot = 270'170'680 + uint64_t{seed} * 7;
    data.epoch = seed % 5;
    crypto::Transcript t("BABE");
    t.append_u64("slot number", data.slot);
    t.append_u64("current epoch", data.epoch);
    t.append_message("chain randomness", data.randomness);
    const auto [inout, signature] = sr25519::vrf_sign(pair, std::move(t));
    babe::Randomness host{};
    sr25519::vrf_make_bytes(inout, as_bytes("BabeVRFInOutContext"), host);
    const auto runtime = babe::schnorrkel_vrf_randomness(authority_of(pair), data,
                                                         {signature.pre_output, signature.proof});
    ASSERT_TRUE(runtime.has_value()) << int{seed};
    EXPECT_EQ(to_hex(*runtime), to_hex(host)) << int{seed};
    // Each input matters: another epoch, or another key, gives other bytes.
    babe::VrfTranscriptData other = data;
    ++other.epoch;
    EXPECT_NE(babe::schnorrkel_vrf_randomness(authority_of(pair), other,
                                              {signature.pre_output, signature.proof}),
              runtime);
    EXPECT_NE(
        babe::schnorrkel_vrf_randomness(authority_of(keypair(static_cast<uint8_t>(seed + 100))),
                                        data, {signature.pre_output, signature.proof}),
        runtime);
  }
}

// FRAME: make_bytes(...).ok() is None for a pre-output that does not decode (or the identity):
// AuthorVrfRandomness is None and nothing joins the randomness under construction.
TEST_F(BabeTest, AnUnusablePreOutputGivesNoRandomness) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    babe::PreDigest pre = primary(alice_, 0, 1000, 0, {});
    // The identity.
    std::get<babe::PreDigest::Primary>(pre.value).digest.vrf_signature.pre_output = {};
    run_block(1, pre);
    finish_block(1);
    EXPECT_TRUE(Babe::AuthorVrfRandomness::exists());
    EXPECT_EQ(Babe::AuthorVrfRandomness::get(), std::nullopt);
    EXPECT_TRUE(Babe::UnderConstruction::get(0).items.empty());

    pre = primary(bob_, 1, 1001, 0, {});
    std::get<babe::PreDigest::Primary>(pre.value).digest.vrf_signature.pre_output[31] |= 0x80;
    run_block(2, pre);
    finish_block(2);
    EXPECT_EQ(Babe::AuthorVrfRandomness::get(), std::nullopt);
    EXPECT_TRUE(Babe::UnderConstruction::get(0).items.empty());
  });
}

TEST_F(BabeTest, WithoutTheHookTheOutputIsHashed) {
  using R = TestRuntimeT<false>;
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(R::Babe::build_genesis({genesis_, {}}).has_value());
    const babe::PreDigest pre = primary(alice_, 0, 1000, 0, {});
    run_block<R>(1, pre);
    finish_block<R>(1);
    EXPECT_EQ(R::Babe::AuthorVrfRandomness::get(),
              std::optional<babe::Randomness>(babe::hashed_vrf_randomness(
                  authority_of(alice_), {{}, 1000, 0}, *pre.vrf_signature())));
  });
}

TEST_F(BabeTest, EpochChangeAnnouncesTheNextEpoch) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    run_block(1, primary(alice_, 0, 1000, 0, {}));
    finish_block(1);
    const babe::Randomness first = *Babe::AuthorVrfRandomness::get();

    // Slot 1010 ends epoch 0 (duration 10); Session would then enact the change.
    run_block(2, secondary_plain(1, 1010));
    ASSERT_TRUE(Babe::should_end_session(2));
    const std::vector<babe::Authority> next = {{authority_of(bob_), 1}};
    Babe::enact_epoch_change(genesis_, next, 1);
    EXPECT_EQ(Babe::EpochIndex::get(), 1u);
    // Epoch 1 uses the randomness announced at genesis (zero); the next one is
    // BLAKE2b(zero ‖ 2 ‖ completed segments), and FRAME leaves the segment being filled (0) alone.
    EXPECT_EQ(Babe::randomness(), babe::Randomness{});
    EXPECT_EQ(Babe::NextRandomness::get(), babe::compute_randomness({}, 2, {}));
    EXPECT_EQ(Babe::UnderConstruction::get(0).items, std::vector<babe::Randomness>{first});
    EXPECT_EQ(Babe::EpochStart::get(), (std::tuple<BlockNumber, BlockNumber>{0, 2}));
    EXPECT_EQ(Babe::NextAuthorities::get().items, next);
    const auto logs = babe_logs();
    ASSERT_EQ(logs.size(), 1u);
    const auto& announced = std::get<babe::ConsensusLog::NextEpochData>(logs[0].value).descriptor;
    EXPECT_EQ(announced.authorities, next);
    EXPECT_EQ(announced.randomness, Babe::NextRandomness::get());
    EXPECT_FALSE(Babe::should_end_session(2));
    finish_block(2);
    EXPECT_EQ(Babe::current_epoch().start_slot.value, 1010u);
    EXPECT_EQ(Babe::next_epoch().authorities, next);
    // An empty authority set is ignored.
    Babe::enact_epoch_change({}, next, 2);
    EXPECT_EQ(Babe::EpochIndex::get(), 1u);
  });
}

TEST_F(BabeTest, SegmentsRollOverAndFeedTheEpochAfter) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    // 256 outputs fill segment 0; the 257th opens segment 1.
    std::vector<babe::Randomness> outputs;
    for (uint32_t i = 0; i < babe::kUnderConstructionSegmentLength + 1; ++i) {
      babe::Randomness r{};
      r[0] = static_cast<uint8_t>(i);
      r[1] = static_cast<uint8_t>(i >> 8);
      outputs.push_back(r);
    }
    Babe::UnderConstruction::insert(
        0, Babe::RandomnessSegment{
               {outputs.begin(), outputs.begin() + babe::kUnderConstructionSegmentLength}});
    run_block(1, primary(alice_, 0, 1000, 0, {}));
    finish_block(1);
    EXPECT_EQ(Babe::SegmentIndex::get(), 1u);
    const babe::Randomness last = *Babe::AuthorVrfRandomness::get();
    EXPECT_EQ(Babe::UnderConstruction::get(1).items, std::vector<babe::Randomness>{last});

    run_block(2, secondary_plain(0, 1010));
    Babe::enact_epoch_change(genesis_, genesis_, 1);
    std::vector<babe::Randomness> rho(outputs.begin(),
                                      outputs.begin() + babe::kUnderConstructionSegmentLength);
    EXPECT_EQ(Babe::NextRandomness::get(), babe::compute_randomness({}, 2, rho));
    EXPECT_EQ(Babe::SegmentIndex::get(), 0u);
    EXPECT_FALSE(Babe::UnderConstruction::contains_key(0));
    EXPECT_TRUE(Babe::UnderConstruction::contains_key(1));  // FRAME's leftover
  });
}

TEST_F(BabeTest, SkippedEpochsMapToSessions) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    run_block(1, secondary_plain(0, 1000));
    finish_block(1);
    // The chain was down: the next block is in epoch 4 (slot 1042), session 1.
    run_block(2, secondary_plain(0, 1042));
    ASSERT_TRUE(Babe::should_end_session(2));
    Babe::enact_epoch_change(genesis_, genesis_, 1);
    EXPECT_EQ(Babe::EpochIndex::get(), 4u);
    EXPECT_EQ(Babe::SkippedEpochs::get().items,
              (std::vector<std::tuple<uint64_t, uint32_t>>{{4, 1}}));
    EXPECT_EQ(Babe::current_epoch_start().value, 1040u);
    EXPECT_EQ(Babe::session_index_for_epoch(0), 0u);
    EXPECT_EQ(Babe::session_index_for_epoch(4), 1u);
    EXPECT_EQ(Babe::session_index_for_epoch(6), 3u);
  });
}

TEST_F(BabeTest, PlannedConfigChangeIsAnnouncedAndEnacted) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    run_block(1, secondary_plain(0, 1000));
    using V1 = babe::NextConfigDescriptor::V1;
    const auto plan = [](std::tuple<uint64_t, uint64_t> c, babe::AllowedSlots slots) {
      return Call::of<Babe>(Babe::plan_config_change{babe::NextConfigDescriptor{V1{c, slots}}});
    };
    const Call good = plan({1, 2}, babe::AllowedSlots::kPrimarySlots);
    // Babe (1) . plan_config_change (2) { V1 (1) { c, allowed_slots } }.
    EXPECT_EQ(to_hex(scale::encode(good)), "0x0102010100000000000000020000000000000000");
    EXPECT_EQ(good.dispatch(Origin::signed_by({})).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    EXPECT_EQ(
        runtime::to_string(
            plan({0, 4}, babe::AllowedSlots::kPrimarySlots).dispatch(Origin::root()).error().error),
        "Module { index: 1, error: 0x03000000 }");
    EXPECT_FALSE(plan({1, 0}, babe::AllowedSlots::kPrimaryAndSecondaryVRFSlots)
                     .dispatch(Origin::root())
                     .has_value());
    ASSERT_TRUE(good.dispatch(Origin::root()).has_value());
    finish_block(1);

    run_block(2, secondary_plain(0, 1010));
    Babe::enact_epoch_change(genesis_, genesis_, 1);
    const auto logs = babe_logs();
    ASSERT_EQ(logs.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<babe::ConsensusLog::NextConfigData>(logs[1].value));
    const babe::BabeEpochConfiguration planned{{1, 2}, babe::AllowedSlots::kPrimarySlots};
    EXPECT_EQ(Babe::NextEpochConfig::get(), planned);
    EXPECT_EQ(Babe::epoch_config(), babe::BabeEpochConfiguration{});
    EXPECT_EQ(Babe::next_epoch().config, planned);
    finish_block(2);

    run_block(3, secondary_plain(0, 1020));
    Babe::enact_epoch_change(genesis_, genesis_, 2);
    EXPECT_EQ(Babe::epoch_config(), planned);
    EXPECT_EQ(babe_logs().size(), 1u);  // no new configuration
  });
}

TEST_F(BabeTest, EquivocationReportsAreNotYetProcessed) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    const Call report = Call::of<Babe>(Babe::report_equivocation{});
    EXPECT_EQ(report.dispatch(Origin::none()).error().error.kind, DispatchError::Kind::kBadOrigin);
    EXPECT_EQ(runtime::to_string(report.dispatch(Origin::signed_by({})).error().error),
              "Module { index: 1, error: 0x01000000 }");
    const Call unsigned_report = Call::of<Babe>(Babe::report_equivocation_unsigned{});
    EXPECT_EQ(unsigned_report.dispatch(Origin::signed_by({})).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    EXPECT_FALSE(
        TestRuntime::Pallets::validate_unsigned(runtime::TransactionSource::kLocal, unsigned_report)
            .has_value());
    // The call decodes from its SCALE form (index 1, two headers, a membership proof).
    auto decoded = scale::decode<Call>(scale::encode(unsigned_report));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->names().second, "report_equivocation_unsigned");
  });
}

TEST_F(BabeTest, TimestampMustMatchTheSlot) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    System::initialize(1, H256{}, digest_of(secondary_plain(0, 1000)));
    TestRuntime::Pallets::on_initialize(1);
    // Slot 1000 × 6 s: any time within [6 000 000, 6 006 000) ms.
    Babe::on_timestamp_set(6'000'000);
    Babe::on_timestamp_set(6'005'999);
    EXPECT_DEATH(Babe::on_timestamp_set(6'006'000), "Timestamp slot must match `CurrentSlot`");
  });
}

TEST_F(BabeTest, RuntimeApiData) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    ASSERT_TRUE(Babe::build_genesis({genesis_, {}}).has_value());
    const babe::BabeConfiguration config = Babe::configuration();
    EXPECT_EQ(config.slot_duration, 6'000u);
    EXPECT_EQ(config.epoch_length, 10u);
    EXPECT_EQ(config.authorities, genesis_);
    // slot_duration ‖ epoch_length ‖ c ‖ authorities ‖ randomness ‖ allowed_slots.
    const Bytes encoded = scale::encode(config);
    EXPECT_EQ(encoded.size(), 8u + 8 + 16 + 1 + 2 * 40 + 32 + 1);
    EXPECT_EQ(encoded.back(), 2);
    const babe::Epoch epoch = Babe::current_epoch();
    EXPECT_EQ(scale::encode(epoch).size(), 8u + 8 + 8 + 1 + 2 * 40 + 32 + 17);
  });
}

TEST(BabeMetadata, PathsAndConstants) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const meta::PalletMetadata& pallet = metadata.pallets[1];
  EXPECT_EQ(pallet.name, "Babe");
  ASSERT_EQ(pallet.storage->entries.size(), 17u);
  EXPECT_EQ(pallet.storage->entries[10].name, "Initialized");
  EXPECT_EQ(pallet.storage->entries[16].name, "SkippedEpochs");
  ASSERT_EQ(pallet.constants.size(), 4u);
  EXPECT_EQ(pallet.constants[0].name, "EpochDuration");
  EXPECT_EQ(to_hex(pallet.constants[0].value), "0x0a00000000000000");
  const auto& types = metadata.registry.types();
  EXPECT_EQ(types[pallet.calls->id].path,
            (std::vector<std::string>{"pallet_babe", "pallet", "Call"}));
  meta::Registry& r = metadata.registry;
  EXPECT_EQ(types[r.id<babe::PreDigest>()].path,
            (std::vector<std::string>{"sp_consensus_babe", "digests", "PreDigest"}));
  EXPECT_EQ(types[r.id<babe::AuthorityId>()].path,
            (std::vector<std::string>{"sp_consensus_babe", "app", "Public"}));
  EXPECT_EQ(
      types[r.id<Babe::AuthorityVec>()].path,
      (std::vector<std::string>{"bounded_collections", "weak_bounded_vec", "WeakBoundedVec"}));
  const auto& errors = std::get<meta::VariantDef>(types[pallet.error->id].def).variants;
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[3].name, "InvalidConfiguration");
}

}  // namespace
}  // namespace canary::rt
