// SCALE codecs of the GRANDPA wire types, checked against real-chain bytes from smoldot's tests
// and against layouts written out by hand from finality-grandpa / sp-consensus-grandpa.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "consensus/grandpa/authority_list.hpp"
#include "consensus/grandpa/commit.hpp"
#include "consensus/grandpa/consensus_log.hpp"
#include "consensus/grandpa/gossip_message.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/signing.hpp"
#include "consensus/grandpa/vote_messages.hpp"
#include "consensus/grandpa/voter_set.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::consensus::grandpa {
namespace {

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value());
  return bytes ? *bytes : Bytes{};
}

Hash256 filled(uint8_t byte) {
  Hash256 h;
  h.fill(byte);
  return h;
}

// smoldot lib/src/finality/decode.rs `basic_decode_justification`: a justification of block
// #302592 in round 439559 with five precommits and no ancestry headers.
const std::string kRealJustification =
    "07b506000000000029f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e0400"
    "1429f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04000df78178ccaa78"
    "ad29f1d5ea796f1426c15e638b391e47d1ecdea57b468b4741248e270d5ef02cae965595dfa652d267288166"
    "1ad474e7d1a36b3152e5c552081c151c11cb72334d26d70769e3af7bbff3801a4e2dca2b09b7cce0af8dd813"
    "0729f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04003e25912c15c078"
    "e5ec717a38c1f72dd2b80c3edcfd93468555125aa7c976176bb8bb0368aa841112594d9c91f208b9584a5715"
    "34f765399aa30582140fe60803680d278213f908658a49a1025a7f466c197e8fb6fabb5e62220a7bd75f860c"
    "ab29f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04007dac4f47012689"
    "80e85f4668d95f073a1c72b6d8ab38e7dac7f4dc7a06e105afac2fc63d542a4b423e5af3123a246ceb846788"
    "26a4a4eda429e1989d92ed180b8e59368700ea89e2bf8922cc9e4b86d6651d1c689a0d57813f9768dbaadecf"
    "7129f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e040044c0d38eef2137"
    "dea57fcb9bd9aa3d5fce4a4a137b3c438e5012af28889c97e0bf9d5bbb27b9f9d49e49c55a36de0d4cb58645"
    "03a5f85ec444ba50da57a2110bdea6f4a727d3b2399275d6ee8817881f10597471dc1d27f144295ad6fb933c"
    "7a29f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04003abb7b87029d51"
    "c528c8da34fdc17768bef6dde1afc3b1dad1af537762afc430434c3bdf0dca30010a63c8c97b1d59837846a2"
    "eb0bbf60395333d9c72332ae02f72daf2e560e4f0f22fb5cbb04ad1d7fee850aab238fd014c178769e7e3a9b"
    "8400";

// smoldot lib/src/finality/decode.rs `basic_decode_commit`: the body of a gossiped commit (round
// 3669, set 3490, block #5105457, seven precommits).
const std::string kRealCommitBody =
    "550e000000000000a20d000000000000b64473230fc998c30cb53bf4e77c22f862fd04b49e46a1544c769744"
    "6568bb5231e74d001cb64473230fc998c30cb53bf4e77c22f862fd04b49e46a1544c7697446568bb5231e74d"
    "00b64473230fc998c30cb53bf4e77c22f862fd04b49e46a1544c7697446568bb5231e74d00b64473230fc998"
    "c30cb53bf4e77c22f862fd04b49e46a1544c7697446568bb5231e74d00b64473230fc998c30cb53bf4e77c22"
    "f862fd04b49e46a1544c7697446568bb5231e74d00b64473230fc998c30cb53bf4e77c22f862fd04b49e46a1"
    "544c7697446568bb5231e74d00b64473230fc998c30cb53bf4e77c22f862fd04b49e46a1544c7697446568bb"
    "5231e74d00b64473230fc998c30cb53bf4e77c22f862fd04b49e46a1544c7697446568bb5231e74d001cbdb9"
    "d821a30cc968a2ff0bf19c5af4cdfb2c2d8b8175b255814e3aff4ce8c755ec1ee3573222161bf10621893705"
    "be247a3d70336322772eb99cbc858c67210a2d9aad0c1e0c195fc3c6eb621df82c7949cb8433c48a412a0331"
    "a9b68192f2c1e4d91a09e9ef1ed5670a211b2c0db2ecd8a7be097b978f01c73a4d797ad71613eebed8083e06"
    "d825c57c8d33c4cdcdc11856f63c108b42335da89f934d5a5b08400efc774dd38d171273de0302162a6955b0"
    "47e8e68d0c097ccdc2bf5a2fcae9daa150370886dfca04892d0a475aa2fc6313fc11af054bd0510060da0559"
    "fab7a1bce33e6b223f9b1cb08dae71a2e59437274124619fc6eede224cbb28136d014392284bc2d050d0ddaf"
    "97efef7f4127ed9182249a8744693466313e8922bb9f379d58c33174480b2584b04a453c9d43249ca547a456"
    "dcf0f10d287d4f931b38fec6e76cbbd6bb62e57b74a07ec06284f7ce46e4af98d9fc046d62185a75b80b6b20"
    "bad99b2cfdc678afaae5427a8d9e4b446c68b6df5b7ed226548f0a8ee14da90cd7de9e55046fc42f38935d01"
    "caf789731e7f5ebf1fdfa21049db763428ffbfb74684735bd6bf9cbdcbd098a573407bd199502c868fbc8ca8"
    "a286b2c07a0a8929857f48df1041aa7235adb43bd0be36607bc789d673f04957fd89512442af4c2834d86eea"
    "db9ed08e55a82ba4139a157dae99a52d366424c42e5f40c0b29c107005edcf71847d9422846994d894b6214a"
    "d7a1fc2c18434d57065e6d26400ac31cc2a9af0762d29704dd88a1ccabfb653f15f554bd4d3b4b882c11d977"
    "cebfbf897f5137d0e121d13b5379eaa0bf26520166b28c3a1483ce25946a87954a391b54d7002f4401088bb7"
    "7da904a5a856dab25f9db9402dd3dd97cdf04585c80fd5aaa27f5de02456742c2a16ff90c123af913eb8438f"
    "c7fd2573179ad58d7a69";

TEST(GrandpaCodec, VoteLayouts) {
  Prevote prevote{filled(0xab), 0x01020304};
  Bytes expected(32, 0xab);
  for (uint8_t b : {0x04, 0x03, 0x02, 0x01}) expected.push_back(b);
  EXPECT_EQ(scale::encode(prevote), expected);

  // Message: the variant byte then the vote.
  Bytes as_message = scale::encode(Message{Precommit{filled(0xab), 0x01020304}});
  ASSERT_EQ(as_message.size(), 37U);
  EXPECT_EQ(as_message[0], 1);
  EXPECT_EQ(scale::encode(Message{PrimaryPropose{}})[0], 2);
  EXPECT_EQ(scale::encode(Message{Prevote{}})[0], 0);
}

TEST(GrandpaCodec, SignedMessageRoundTrip) {
  SignedMessage vote{PrimaryPropose{filled(7), 99}, {}, filled(9)};
  vote.signature.fill(0x55);
  Bytes encoded = scale::encode(vote);
  EXPECT_EQ(encoded.size(), 1 + 36 + 64 + 32U);
  auto decoded = scale::decode<SignedMessage>(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, vote);
}

TEST(GrandpaCodec, MessageRejectsBadIndexAndTrailingBytes) {
  Bytes encoded = scale::encode(Message{Prevote{filled(1), 5}});
  encoded[0] = 3;
  EXPECT_EQ(scale::decode<Message>(encoded).error(), scale::DecodeError::kInvalidVariantIndex);
  encoded[0] = 0;
  encoded.push_back(0);
  EXPECT_EQ(scale::decode<Message>(encoded).error(), scale::DecodeError::kTrailingBytes);
  encoded.resize(20);
  EXPECT_EQ(scale::decode<Message>(encoded).error(), scale::DecodeError::kNotEnoughData);
}

TEST(GrandpaCodec, RealJustificationDecodesAndReencodes) {
  Bytes bytes = hex(kRealJustification);
  auto justification = scale::decode<GrandpaJustification>(bytes);
  ASSERT_TRUE(justification.has_value());
  EXPECT_EQ(justification->round, 439559U);
  EXPECT_EQ(justification->commit.target_number, 302592U);
  EXPECT_EQ(to_hex(justification->commit.target_hash),
            "0x29f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2");
  ASSERT_EQ(justification->commit.precommits.size(), 5U);
  EXPECT_EQ(to_hex(justification->commit.precommits[0].id),
            "0x1c151c11cb72334d26d70769e3af7bbff3801a4e2dca2b09b7cce0af8dd81307");
  EXPECT_TRUE(justification->votes_ancestries.empty());
  EXPECT_EQ(scale::encode(*justification), bytes);

  // Not exactly one justification: refused.
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(scale::decode<GrandpaJustification>(longer).has_value());
  Bytes shorter(bytes.begin(), bytes.end() - 1);
  EXPECT_FALSE(scale::decode<GrandpaJustification>(shorter).has_value());
}

TEST(GrandpaCodec, RealCommitMessageDecodesAndItsSignaturesVerify) {
  Bytes body = hex(kRealCommitBody);
  auto message = scale::decode<CommitMessage>(body);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->round, 3669U);
  EXPECT_EQ(message->set_id, 3490U);
  EXPECT_EQ(message->message.target_number, 5105457U);
  ASSERT_EQ(message->message.precommits.size(), 7U);
  ASSERT_EQ(message->message.auth_data.size(), 7U);
  EXPECT_EQ(scale::encode(*message), body);

  // The signed payload layout (message ‖ round ‖ set id) is what the network signed.
  auto commit = from_compact(message->message);
  ASSERT_TRUE(commit.has_value());
  for (const SignedPrecommit& precommit : commit->precommits) {
    EXPECT_TRUE(
        verify_signature(precommit.precommit, precommit.signature, precommit.id, 3669, 3490));
    EXPECT_FALSE(
        verify_signature(precommit.precommit, precommit.signature, precommit.id, 3669, 3491));
    EXPECT_FALSE(
        verify_signature(precommit.precommit, precommit.signature, precommit.id, 3670, 3490));
  }

  // As a gossip notification: index 1 in front.
  Bytes notification = body;
  notification.insert(notification.begin(), 1);
  auto gossip = scale::decode<GossipMessage>(notification);
  ASSERT_TRUE(gossip.has_value());
  ASSERT_TRUE(std::holds_alternative<CommitMessage>(*gossip));
  EXPECT_EQ(std::get<CommitMessage>(*gossip), *message);
}

TEST(GrandpaCodec, RealNeighborPacket) {
  // smoldot lib/src/network/codec/grandpa.rs `basic_decode_neighbor`.
  Bytes bytes = {2, 1, 87, 14, 0, 0, 0, 0, 0, 0, 162, 13, 0, 0, 0, 0, 0, 0, 49, 231, 77, 0};
  auto gossip = scale::decode<GossipMessage>(bytes);
  ASSERT_TRUE(gossip.has_value());
  ASSERT_TRUE(std::holds_alternative<NeighborPacket>(*gossip));
  EXPECT_EQ(std::get<NeighborPacket>(*gossip), (NeighborPacket{3671, 3490, 5105457}));
  EXPECT_EQ(scale::encode(*gossip), bytes);

  bytes[1] = 2;  // only V1 exists
  EXPECT_FALSE(scale::decode<GossipMessage>(bytes).has_value());
}

TEST(GrandpaCodec, GossipMessagesRoundTrip) {
  SignedMessage vote{Prevote{filled(3), 10}, {}, filled(4)};
  SignedPrevote prevote{{filled(5), 11}, {}, filled(6)};
  SignedPrecommit precommit{{filled(7), 12}, {}, filled(8)};
  std::vector<GossipMessage> messages = {
      VoteMessage{1, 2, vote},
      CommitMessage{3, 4, to_compact(Commit{filled(7), 12, {precommit}})},
      NeighborPacket{5, 6, 7},
      CatchUpRequest{8, 9},
      CatchUpMessage{10, 11, {prevote}, {precommit}, filled(1), 3},
  };
  for (const GossipMessage& message : messages) {
    Bytes encoded = scale::encode(message);
    EXPECT_EQ(encoded[0], message.index());
    auto decoded = scale::decode<GossipMessage>(encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, message);
    encoded.push_back(0);
    EXPECT_EQ(scale::decode<GossipMessage>(encoded).error(), scale::DecodeError::kTrailingBytes);
  }
  // CatchUp puts the set id before the round (Substrate's FullCatchUpMessage).
  Bytes catch_up = scale::encode(GossipMessage{CatchUpMessage{0x11, 0x22, {}, {}, {}, 0}});
  EXPECT_EQ(catch_up[1], 0x11);
  EXPECT_EQ(catch_up[9], 0x22);
  // CatchUpRequest is round then set id.
  Bytes request = scale::encode(GossipMessage{CatchUpRequest{0x33, 0x44}});
  EXPECT_EQ(request, hex("0333000000000000004400000000000000"));

  EXPECT_EQ(scale::decode<GossipMessage>(Bytes{5}).error(),
            scale::DecodeError::kInvalidVariantIndex);
  EXPECT_FALSE(scale::decode<GossipMessage>(Bytes{}).has_value());
  EXPECT_FALSE(scale::decode<GossipMessage>(Bytes{0, 1, 2}).has_value());
}

TEST(GrandpaCodec, GossipDecoderCapsLengthPrefixes) {
  SignedPrevote prevote{{filled(5), 11}, {}, filled(6)};
  GossipMessage catch_up = CatchUpMessage{1, 2, {prevote, prevote}, {}, filled(1), 3};
  Bytes encoded = scale::encode(catch_up);
  auto decoded = decode_gossip_message(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, catch_up);
  // A catch-up claiming 2^20 prevotes in 24 bytes: refused on the prefix, before any allocation.
  Bytes bomb = {4, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
  bomb.insert(bomb.end(), {0x02, 0x00, 0x40, 0x00});  // compact 2^20
  bomb.insert(bomb.end(), 4, 0);
  EXPECT_EQ(decode_gossip_message(bomb).error(), scale::DecodeError::kLengthTooLarge);
  for (const char* text : {"02030300000000000000040000000000000005000000", ""}) {
    EXPECT_FALSE(decode_gossip_message(hex(text)).has_value()) << text;
  }
  EXPECT_TRUE(
      decode_gossip_message(hex("02010300000000000000040000000000000005000000")).has_value());
}

TEST(GrandpaCodec, CompactCommitConversion) {
  Commit commit{filled(1), 9, {}};
  for (uint8_t i = 0; i < 3; ++i) {
    SignedPrecommit precommit{{filled(i), i}, {}, filled(static_cast<uint8_t>(0x10 + i))};
    precommit.signature.fill(i);
    commit.precommits.push_back(precommit);
  }
  CompactCommit compact = to_compact(commit);
  ASSERT_EQ(compact.precommits.size(), 3U);
  EXPECT_EQ(compact.auth_data[2].second, filled(0x12));
  auto back = from_compact(compact);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, commit);

  compact.auth_data.pop_back();
  EXPECT_EQ(from_compact(compact).error(), GrandpaError::kMalformedCommit);
  EXPECT_EQ(from_compact(CompactCommit{}).error(), GrandpaError::kMalformedCommit);
}

TEST(GrandpaCodec, ConsensusLogLayouts) {
  ScheduledChange change{{{filled(0xaa), 1}, {filled(0xbb), 2}}, 5};
  Bytes encoded = scale::encode(ConsensusLog{change});
  // 01 ‖ compact(2) ‖ (id ‖ u64)×2 ‖ u32 delay
  Bytes expected = {1, 8};
  for (auto [byte, weight] : {std::pair{0xaa, 1}, std::pair{0xbb, 2}}) {
    expected.insert(expected.end(), 32, static_cast<uint8_t>(byte));
    expected.push_back(static_cast<uint8_t>(weight));
    expected.insert(expected.end(), 7, 0);
  }
  expected.insert(expected.end(), {5, 0, 0, 0});
  EXPECT_EQ(encoded, expected);

  Bytes forced = scale::encode(ConsensusLog{ForcedChange{7, change}});
  EXPECT_EQ(forced[0], 2);
  EXPECT_EQ(forced[1], 7);  // median first
  EXPECT_EQ(Bytes(forced.begin() + 5, forced.end()), Bytes(encoded.begin() + 1, encoded.end()));

  // OnDisabled carries a u64 index (Kusama #7472481 has `03` + 8 bytes), Pause/Resume a u32.
  EXPECT_EQ(scale::encode(ConsensusLog{OnDisabled{3}}), hex("030300000000000000"));
  EXPECT_EQ(scale::encode(ConsensusLog{Pause{4}}), hex("0404000000"));
  EXPECT_EQ(scale::encode(ConsensusLog{Resume{6}}), hex("0506000000"));

  for (const char* good : {"030300000000000000", "0404000000", "0506000000"}) {
    EXPECT_TRUE(scale::decode<ConsensusLog>(hex(good)).has_value()) << good;
  }
  EXPECT_FALSE(scale::decode<ConsensusLog>(hex("00")).has_value());
  EXPECT_FALSE(scale::decode<ConsensusLog>(hex("0600000000")).has_value());
  EXPECT_FALSE(scale::decode<ConsensusLog>(hex("040400000000")).has_value());
}

TEST(GrandpaCodec, FindChangesInDigest) {
  ScheduledChange scheduled{{{filled(1), 1}}, 3};
  ForcedChange forced{2, {{{filled(2), 1}}, 4}};
  block::Digest digest = {
      block::DigestPreRuntime{block::kBabeEngineId, {1, 2, 3}},
      block::DigestConsensus{block::kGrandpaEngineId, {0xff}},  // undecodable: skipped
      block::DigestConsensus{block::kBabeEngineId, scale::encode(ConsensusLog{scheduled})},
      block::DigestConsensus{block::kGrandpaEngineId, scale::encode(ConsensusLog{Pause{1}})},
      block::DigestConsensus{block::kGrandpaEngineId, scale::encode(ConsensusLog{scheduled})},
      block::DigestConsensus{block::kGrandpaEngineId,
                             scale::encode(ConsensusLog{ScheduledChange{{{filled(9), 1}}, 8}})},
      block::DigestConsensus{block::kGrandpaEngineId, scale::encode(ConsensusLog{forced})},
  };
  EXPECT_EQ(find_scheduled_change(digest), scheduled);  // the first one wins
  EXPECT_EQ(find_forced_change(digest), forced);
  EXPECT_FALSE(find_scheduled_change({}).has_value());
}

TEST(GrandpaCodec, VersionedAuthorityList) {
  VersionedAuthorityList list{{{filled(1), 1}, {filled(2), 7}}};
  Bytes encoded = scale::encode(list);
  EXPECT_EQ(encoded[0], 1);
  EXPECT_EQ(encoded[1], 8);
  EXPECT_EQ(encoded.size(), 2 + 2 * 40U);
  auto decoded = scale::decode<VersionedAuthorityList>(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, list);
  encoded[0] = 2;
  EXPECT_FALSE(scale::decode<VersionedAuthorityList>(encoded).has_value());
  EXPECT_FALSE(scale::decode<VersionedAuthorityList>(Bytes{}).has_value());
  // A length prefix promising more authorities than the bytes hold.
  EXPECT_FALSE(scale::decode<VersionedAuthorityList>(Bytes{1, 0xfc}).has_value());
}

// The genesis `:grandpa_authorities` of the real chains in ../shared/fixtures (raw chain specs).
TEST(GrandpaCodec, GenesisAuthoritiesOfRealChains) {
  const std::pair<const char*, size_t> chains[] = {{"kusama", 6}, {"westend", 4}};
  for (auto [chain, count] : chains) {
    std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/" + chain + ".json");
    ASSERT_TRUE(in.good()) << chain;
    auto spec = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(spec.is_discarded()) << chain;
    const auto& top = spec["genesis"]["raw"]["top"];
    std::string key = to_hex(as_bytes(kGrandpaAuthoritiesKey));
    ASSERT_TRUE(top.contains(key)) << chain;
    Bytes value = hex(top[key].get<std::string>());
    auto list = scale::decode<VersionedAuthorityList>(value);
    ASSERT_TRUE(list.has_value()) << chain;
    EXPECT_EQ(list->authorities.size(), count) << chain;
    for (const auto& authority : list->authorities) EXPECT_EQ(authority.second, 1U) << chain;
    EXPECT_EQ(scale::encode(*list), value);
    auto voters = VoterSet::from_authorities(list->authorities);
    ASSERT_TRUE(voters.has_value());
    EXPECT_EQ(voters->total_weight(), count);
  }
}

}  // namespace
}  // namespace canary::consensus::grandpa
