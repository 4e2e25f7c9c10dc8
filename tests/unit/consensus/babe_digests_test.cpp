// Finding BABE's items in a digest: the pre-digest, the seal and the pre-seal hash, the consensus
// logs and the epoch announcement (one NextEpochData, one NextConfigData at most).
#include <gtest/gtest.h>

#include "consensus/babe/digests.hpp"
#include "consensus/babe/slot_claim.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::babe {
namespace {

using Kind = BabeError::Kind;

block::Header with_items(std::vector<block::DigestItem> items) {
  block::Header h;
  h.number = 3;
  h.digest = std::move(items);
  return h;
}

block::DigestItem babe_log(const ConsensusLog& log) {
  return block::DigestConsensus{block::kBabeEngineId, scale::encode(log)};
}

const PreDigest kPre{SecondaryPlainPreDigest{2, 77}};

TEST(BabeDigests, PreDigestIsTheOneBabePreRuntimeItem) {
  auto found = find_pre_digest(with_items({block::DigestOther{{1}}, pre_runtime_item(kPre)}));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, kPre);
  EXPECT_EQ(find_pre_digest(with_items({})).error().kind, Kind::kNoPreDigest);
  EXPECT_EQ(
      find_pre_digest(with_items({block::DigestPreRuntime{{'a', 'u', 'r', 'a'}, {}}})).error().kind,
      Kind::kNoPreDigest);
  EXPECT_EQ(
      find_pre_digest(with_items({pre_runtime_item(kPre), pre_runtime_item(kPre)})).error().kind,
      Kind::kMultiplePreDigests);
  auto bad = find_pre_digest(with_items({block::DigestPreRuntime{block::kBabeEngineId, {7}}}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, Kind::kBadPreDigest);
  EXPECT_FALSE(bad.error().detail.empty());
}

TEST(BabeDigests, SealAndPreSealHash) {
  block::Header header = with_items({pre_runtime_item(kPre)});
  const Hash256 unsealed_hash = block::hash_of(header);
  crypto::sr25519::Signature signature{};
  signature.fill(0x44);
  header.digest.push_back(
      block::DigestSeal{block::kBabeEngineId, Bytes(signature.begin(), signature.end())});

  EXPECT_EQ(find_seal(header).value(), signature);
  EXPECT_EQ(pre_seal_hash(header).value(), unsealed_hash);
  EXPECT_NE(block::hash_of(header), unsealed_hash);
  auto split = split_seal(header);
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->seal, signature);
  EXPECT_EQ(block::hash_of(split->header), unsealed_hash);
  // The pre-seal hash is BLAKE2b-256 of the SCALE header without the seal item.
  EXPECT_EQ(unsealed_hash, hash::blake2b_256(scale::encode(split->header)));

  EXPECT_EQ(find_seal(with_items({pre_runtime_item(kPre)})).error().kind, Kind::kHeaderUnsealed);
  EXPECT_EQ(pre_seal_hash(with_items({})).error().kind, Kind::kHeaderUnsealed);
  block::Header frnk = header;
  std::get<block::DigestSeal>(frnk.digest.back()).engine = block::kGrandpaEngineId;
  EXPECT_EQ(find_seal(frnk).error().kind, Kind::kBadSeal);
}

TEST(BabeDigests, SealHeaderSignsThePreSealHash) {
  const auto key = crypto::sr25519::keypair_from_mini_secret(ByteArray<32>{9});
  block::Header header = with_items({pre_runtime_item(kPre)});
  const Hash256 before = block::hash_of(header);
  seal_header(header, key);
  ASSERT_EQ(header.digest.size(), 2u);
  const auto& seal = std::get<block::DigestSeal>(header.digest.back());
  EXPECT_EQ(seal.engine, block::kBabeEngineId);
  ASSERT_EQ(seal.data.size(), 64u);
  EXPECT_EQ(pre_seal_hash(header).value(), before);
  EXPECT_TRUE(crypto::sr25519::verify(find_seal(header).value(), before, key.public_key,
                                      as_bytes("substrate")));
}

TEST(BabeDigests, ConsensusLogsAndAnnouncement) {
  const NextEpochDescriptor next{{Authority{{}, 1}}, {}};
  const NextConfigDescriptor config{EpochConfiguration{{1, 2}, AllowedSlots::kPrimarySlots}};
  const block::Header header =
      with_items({pre_runtime_item(kPre), babe_log(ConsensusLog{OnDisabled{1}}),
                  block::DigestConsensus{block::kGrandpaEngineId, {1, 2, 3}},
                  babe_log(ConsensusLog{NextEpochData{next}}),
                  babe_log(ConsensusLog{NextConfigData{config}})});
  auto logs = find_consensus_logs(header);
  ASSERT_TRUE(logs.has_value());
  ASSERT_EQ(logs->size(), 3u);
  auto announcement = find_epoch_announcement(*logs);
  ASSERT_TRUE(announcement.has_value());
  EXPECT_EQ(announcement->next_epoch, next);
  EXPECT_EQ(announcement->next_config, config);

  auto none = find_epoch_announcement({});
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->next_epoch.has_value());
  EXPECT_FALSE(none->next_config.has_value());

  const std::vector<ConsensusLog> two_epochs{ConsensusLog{NextEpochData{next}},
                                             ConsensusLog{NextEpochData{next}}};
  EXPECT_EQ(find_epoch_announcement(two_epochs).error().kind, Kind::kMultipleEpochChangeDigests);
  const std::vector<ConsensusLog> two_configs{ConsensusLog{NextConfigData{config}},
                                              ConsensusLog{NextConfigData{config}}};
  EXPECT_EQ(find_epoch_announcement(two_configs).error().kind, Kind::kMultipleConfigChangeDigests);

  auto bad = find_consensus_logs(with_items(
      {babe_log(ConsensusLog{OnDisabled{1}}), block::DigestConsensus{block::kBabeEngineId, {}}}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, Kind::kBadConsensusLog);
}

TEST(BabeDigests, ErrorsPrint) {
  EXPECT_EQ(to_string(BabeError{Kind::kBadSignature, {}}), "bad seal signature");
  EXPECT_EQ(to_string(BabeError{Kind::kBadSeal, "seal of 3 bytes"}),
            "bad BABE seal: seal of 3 bytes");
  for (int k = 0; k <= static_cast<int>(Kind::kInvalidEpoch); ++k) {
    EXPECT_STRNE(to_string(static_cast<Kind>(k)), "unknown BABE error") << k;
  }
}

}  // namespace
}  // namespace canary::consensus::babe
