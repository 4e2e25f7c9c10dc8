// BABE's SCALE types: round trips, the real Kusama digest items (#7472481 and #1, facts file §4.1
// and §5.2), hand-assembled encodings of the runtime API answers, and refused inputs (bad variant
// indices, truncation, trailing bytes) since these bytes come from the network.
#include <gtest/gtest.h>

#include "consensus/babe/consensus_log.hpp"
#include "consensus/babe/epoch_changes.hpp"
#include "consensus/babe/pre_digest.hpp"
#include "consensus/babe/types.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::consensus::babe {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

template <size_t N>
ByteArray<N> filled(uint8_t byte) {
  ByteArray<N> out{};
  out.fill(byte);
  return out;
}

// Every strict prefix of a valid encoding must be refused, and so must one extra byte.
template <class Decode>
void expect_prefixes_and_suffix_refused(const Bytes& encoded, Decode decode) {
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    EXPECT_FALSE(decode(ByteSpan(encoded).first(cut)).has_value()) << "prefix " << cut;
  }
  Bytes longer = encoded;
  longer.push_back(0);
  auto r = decode(longer);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), scale::DecodeError::kTrailingBytes);
}

// Kusama #7472481: PreRuntime(BABE) = SecondaryPlain { authority 140, slot 270170680 }.
TEST(BabeCodec, KusamaSecondaryPlainPreDigest) {
  const Bytes encoded = hex("028c000000387a1a1000000000");
  auto decoded = decode_pre_digest(encoded);
  ASSERT_TRUE(decoded.has_value());
  const auto* plain = std::get_if<SecondaryPlainPreDigest>(&decoded->value);
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->authority_index, 140u);
  EXPECT_EQ(plain->slot, 270170680u);
  EXPECT_EQ(decoded->authority_index(), 140u);
  EXPECT_EQ(decoded->slot(), 270170680u);
  EXPECT_FALSE(decoded->is_primary());
  EXPECT_EQ(decoded->added_weight(), 0u);
  EXPECT_EQ(decoded->vrf_signature(), nullptr);
  EXPECT_EQ(scale::encode(*decoded), encoded);
  expect_prefixes_and_suffix_refused(encoded, decode_pre_digest);
}

// Kusama #7472481: Consensus(BABE) = NextConfigData(V1 { c: (1, 4), PrimaryAndSecondaryVRF }).
TEST(BabeCodec, KusamaNextConfigData) {
  const Bytes encoded =
      hex("0301010000000000000004000000000000000"
          "2");
  auto decoded = decode_consensus_log(encoded);
  ASSERT_TRUE(decoded.has_value());
  const auto* config = std::get_if<NextConfigData>(&decoded->value);
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(config->descriptor.config.c, (PrimaryProbability{1, 4}));
  EXPECT_EQ(config->descriptor.config.allowed_slots, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  EXPECT_EQ(scale::encode(*decoded), encoded);
  expect_prefixes_and_suffix_refused(encoded, decode_consensus_log);

  // Only version 1 of NextConfigDescriptor exists; AllowedSlots has three values.
  Bytes v2 = encoded;
  v2[1] = 2;
  ASSERT_FALSE(decode_consensus_log(v2).has_value());
  EXPECT_EQ(decode_consensus_log(v2).error(), scale::DecodeError::kInvalidVariantIndex);
  Bytes bad_slots = encoded;
  bad_slots.back() = 3;
  ASSERT_FALSE(decode_consensus_log(bad_slots).has_value());
  EXPECT_EQ(decode_consensus_log(bad_slots).error(), scale::DecodeError::kInvalidEnumValue);
}

// Kusama #7472481 also carries 11 BABE OnDisabled(u32) logs: 5 bytes each (GRANDPA's are 9).
TEST(BabeCodec, OnDisabledIsU32) {
  const Bytes encoded = hex("0207000000");
  auto decoded = decode_consensus_log(encoded);
  ASSERT_TRUE(decoded.has_value());
  ASSERT_TRUE(std::holds_alternative<OnDisabled>(decoded->value));
  EXPECT_EQ(std::get<OnDisabled>(decoded->value).index, 7u);
  EXPECT_EQ(scale::encode(*decoded), encoded);
  EXPECT_FALSE(decode_consensus_log(hex("020700000000000000")).has_value());  // a u64 index
}

// Kusama #1: NextEpochData announcing epoch 1 with the genesis authorities and zero randomness.
TEST(BabeCodec, KusamaBlockOneNextEpochData) {
  const Bytes encoded =
      hex("0118ca239392960473fe1bc65f94ee27d890a49c1b200c006ff5dcc525330ecc16770100000000000000b46f"
          "01874ce7abbb5220e8fd89bede0adad14c73039d91e28e881823433e723f0100000000000000d684d9176d6e"
          "b69887540c9a89fa6097adea82fc4b0ff26d1062b488f352e179010000000000000068195a71bdde49117a61"
          "6424bdc60a1733e96acb1da5aeab5d268cf2a572e94101000000000000001a0575ef4ae24bdfd31f4cb5bd61"
          "239ae67c12d4e64ae51ac756044aa6ad8200010000000000000018168f2aad0081a25728961ee00627cfe35e"
          "39833c805016632bf7c14da58009010000000000000000000000000000000000000000000000000000000000"
          "00000000000000000000");
  auto decoded = decode_consensus_log(encoded);
  ASSERT_TRUE(decoded.has_value());
  const auto* next = std::get_if<NextEpochData>(&decoded->value);
  ASSERT_NE(next, nullptr);
  ASSERT_EQ(next->descriptor.authorities.size(), 6u);
  EXPECT_EQ(to_hex(next->descriptor.authorities[0].public_key),
            "0xca239392960473fe1bc65f94ee27d890a49c1b200c006ff5dcc525330ecc1677");
  EXPECT_EQ(to_hex(next->descriptor.authorities[5].public_key),
            "0x18168f2aad0081a25728961ee00627cfe35e39833c805016632bf7c14da58009");
  for (const Authority& a : next->descriptor.authorities) EXPECT_EQ(a.weight, 1u);
  EXPECT_EQ(next->descriptor.randomness, Randomness{});
  EXPECT_EQ(scale::encode(*decoded), encoded);
  EXPECT_FALSE(decode_consensus_log(ByteSpan(encoded).first(encoded.size() - 1)).has_value());
}

TEST(BabeCodec, PrimaryAndSecondaryVrfPreDigestsRoundTrip) {
  const VrfSignature vrf{filled<32>(0xaa), filled<64>(0xbb)};
  const PreDigest primary{PrimaryPreDigest{3, 0x0102030405060708, vrf}};
  const Bytes encoded = scale::encode(primary);
  ASSERT_EQ(encoded.size(), 109u);  // facts file §5.2
  EXPECT_EQ(encoded[0], 1);
  EXPECT_EQ(to_hex(ByteSpan(encoded).first(13)), "0x01030000000807060504030201");
  EXPECT_EQ(encoded[13], 0xaa);
  EXPECT_EQ(encoded[45], 0xbb);
  auto decoded = decode_pre_digest(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, primary);
  EXPECT_TRUE(decoded->is_primary());
  EXPECT_EQ(decoded->added_weight(), 1u);
  ASSERT_NE(decoded->vrf_signature(), nullptr);
  EXPECT_EQ(*decoded->vrf_signature(), vrf);

  const PreDigest secondary{SecondaryVrfPreDigest{9, 77, vrf}};
  const Bytes encoded_secondary = scale::encode(secondary);
  ASSERT_EQ(encoded_secondary.size(), 109u);
  EXPECT_EQ(encoded_secondary[0], 3);
  auto decoded_secondary = decode_pre_digest(encoded_secondary);
  ASSERT_TRUE(decoded_secondary.has_value());
  EXPECT_EQ(*decoded_secondary, secondary);
  EXPECT_FALSE(decoded_secondary->is_primary());
  ASSERT_NE(decoded_secondary->vrf_signature(), nullptr);
  expect_prefixes_and_suffix_refused(encoded_secondary, decode_pre_digest);
}

TEST(BabeCodec, PreDigestBadVariantIndicesRefused) {
  for (uint8_t index : {0, 4, 5, 0xff}) {
    Bytes encoded = hex("028c000000387a1a1000000000");
    encoded[0] = index;
    auto r = decode_pre_digest(encoded);
    ASSERT_FALSE(r.has_value()) << int{index};
    EXPECT_EQ(r.error(), scale::DecodeError::kInvalidVariantIndex);
  }
  EXPECT_FALSE(decode_pre_digest({}).has_value());
  // The SecondaryPlain bytes relabelled as Primary are too short for a VRF signature.
  EXPECT_FALSE(decode_pre_digest(hex("018c000000387a1a1000000000")).has_value());
}

TEST(BabeCodec, ConsensusLogBadVariantIndicesRefused) {
  for (uint8_t index : {0, 4, 0xff}) {
    auto r = decode_consensus_log(Bytes{index, 0, 0, 0, 0});
    ASSERT_FALSE(r.has_value()) << int{index};
    EXPECT_EQ(r.error(), scale::DecodeError::kInvalidVariantIndex);
  }
  // A NextEpochData whose length prefix promises more authorities than there are bytes.
  EXPECT_FALSE(decode_consensus_log(hex("01ff")).has_value());
}

TEST(BabeCodec, NextEpochDataRoundTrip) {
  const ConsensusLog log{NextEpochData{NextEpochDescriptor{
      {Authority{filled<32>(1), 1}, Authority{filled<32>(2), 5}}, filled<32>(9)}}};
  const Bytes encoded = scale::encode(log);
  // 1 ‖ compact(2) ‖ 2 × (32 + 8) ‖ 32
  ASSERT_EQ(encoded.size(), 1u + 1 + 80 + 32);
  EXPECT_EQ(encoded[0], 1);
  EXPECT_EQ(encoded[1], 2 << 2);
  auto decoded = decode_consensus_log(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, log);
  expect_prefixes_and_suffix_refused(encoded, decode_consensus_log);
}

// BabeApi_configuration (v2): slot_duration ‖ epoch_length ‖ c ‖ authorities ‖ randomness ‖
// allowed_slots, assembled by hand.
TEST(BabeCodec, BabeConfigurationLayout) {
  const std::string expected =
      "7017000000000000"  // 6000 ms
      "5802000000000000"  // 600 slots
      "0100000000000000"
      "0400000000000000"  // c = 1/4
      "04"
      "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"  // 1 authority
      "0100000000000000"                                                  // weight 1
      "0707070707070707070707070707070707070707070707070707070707070707"  // randomness
      "02";                                                               // VRF secondaries
  BabeConfiguration config;
  config.slot_duration = 6000;
  config.epoch_length = 600;
  config.c = {1, 4};
  config.authorities = {Authority{
      from_hex_fixed<32>("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
          .value(),
      1}};
  config.randomness = filled<32>(7);
  config.allowed_slots = AllowedSlots::kPrimaryAndSecondaryVrfSlots;
  EXPECT_EQ(to_hex(scale::encode(config), false), expected);
  auto decoded = scale::decode<BabeConfiguration>(hex(expected));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, config);
  Bytes bad = hex(expected);
  bad.back() = 3;
  EXPECT_FALSE(scale::decode<BabeConfiguration>(bad).has_value());

  const EpochGenesis genesis = EpochGenesis::from(config);
  EXPECT_EQ(genesis.authorities, config.authorities);
  EXPECT_EQ(genesis.randomness, config.randomness);
  EXPECT_EQ(genesis.config,
            (EpochConfiguration{{1, 4}, AllowedSlots::kPrimaryAndSecondaryVrfSlots}));
  EXPECT_EQ(genesis.epoch_length, 600u);
}

// BabeApi_current_epoch: epoch_index ‖ start_slot ‖ duration ‖ authorities ‖ randomness ‖ config.
TEST(BabeCodec, EpochLayout) {
  const std::string expected =
      "0500000000000000"  // epoch 5
      "e803000000000000"  // start slot 1000
      "0a00000000000000"  // 10 slots
      "00"                // no authorities
      "0000000000000000000000000000000000000000000000000000000000000000"
      "0100000000000000"
      "0200000000000000"
      "01";  // c = 1/2, plain secondaries
  Epoch epoch{5,  1000, 10,
              {}, {},   EpochConfiguration{{1, 2}, AllowedSlots::kPrimaryAndSecondaryPlainSlots}};
  EXPECT_EQ(to_hex(scale::encode(epoch), false), expected);
  auto decoded = scale::decode<Epoch>(hex(expected));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, epoch);
  EXPECT_TRUE(epoch.contains(1000));
  EXPECT_TRUE(epoch.contains(1009));
  EXPECT_FALSE(epoch.contains(1010));
  EXPECT_FALSE(epoch.contains(999));
  expect_prefixes_and_suffix_refused(hex(expected),
                                     [](ByteSpan b) { return scale::decode<Epoch>(b); });
}

TEST(BabeCodec, BlockEpochsRoundTrip) {
  const BlockEpochs epochs{
      Epoch{3, 30, 10, {Authority{filled<32>(1), 1}}, filled<32>(2), EpochConfiguration{}},
      Epoch{4,
            40,
            10,
            {Authority{filled<32>(3), 2}},
            filled<32>(4),
            EpochConfiguration{{0, 1}, AllowedSlots::kPrimarySlots}}};
  const Bytes encoded = scale::encode(epochs);
  auto decoded = scale::decode<BlockEpochs>(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, epochs);
  expect_prefixes_and_suffix_refused(encoded,
                                     [](ByteSpan b) { return scale::decode<BlockEpochs>(b); });
}

}  // namespace
}  // namespace canary::consensus::babe
