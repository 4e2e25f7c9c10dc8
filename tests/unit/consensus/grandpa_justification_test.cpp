// Justification verification and construction (sc-consensus-grandpa justification.rs), with
// real-chain vectors from smoldot's tests and hand-built cases for every rejection.
#include <gtest/gtest.h>

#include "consensus/grandpa/gossip_message.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/signing.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"

namespace canary::consensus::grandpa {
namespace {

using testing::TestChain;

class GrandpaJustificationTest : public ::testing::Test {
 protected:
  // genesis ─ b1 ─ b2 ─ b3 ─ b4
  //            └─ c2
  void SetUp() override {
    b1 = chain.add_block(chain.genesis());
    b2 = chain.add_block(b1);
    b3 = chain.add_block(b2);
    b4 = chain.add_block(b3);
    c2 = chain.add_block(b1, 1);
    keys = testing::dev_keys(5);  // voters: the first four; keys[4] (Eve) is not one
    voters =
        *VoterSet::from_authorities(testing::authorities_of({keys[0], keys[1], keys[2], keys[3]}));
  }

  SignedPrecommit precommit(size_t voter, const BlockRef& target, RoundNumber round = kRound,
                            SetId set_id = kSetId) {
    Precommit vote{target.hash, target.number};
    SignedMessage signed_vote = sign_message(keys[voter], vote, round, set_id);
    return {vote, signed_vote.signature, signed_vote.id};
  }

  block::Header header(const BlockRef& block) { return *chain.header(block.hash); }

  GrandpaJustification justification(const BlockRef& target, std::vector<SignedPrecommit> votes,
                                     std::vector<block::Header> ancestries = {}) {
    return {kRound, Commit{target.hash, target.number, std::move(votes)}, std::move(ancestries)};
  }

  Result<void, GrandpaError> verify(const GrandpaJustification& j) {
    return verify_justification(j, kSetId, voters);
  }

  static constexpr RoundNumber kRound = 7;
  static constexpr SetId kSetId = 2;
  TestChain chain;
  BlockRef b1, b2, b3, b4, c2;
  std::vector<crypto::ed25519::Keypair> keys;
  VoterSet voters = *VoterSet::from_authorities({{AuthorityId{}, 1}});
};

TEST_F(GrandpaJustificationTest, AllPrecommitsOnTheTarget) {
  auto j =
      justification(b2, {precommit(0, b2), precommit(1, b2), precommit(2, b2), precommit(3, b2)});
  EXPECT_TRUE(verify(j).has_value());
  // Three of four is the threshold.
  j.commit.precommits.pop_back();
  EXPECT_TRUE(verify(j).has_value());
}

TEST_F(GrandpaJustificationTest, DescendantPrecommitsWithAncestry) {
  Commit commit{b2.hash, b2.number, {precommit(0, b2), precommit(1, b4), precommit(2, b3)}};
  auto made =
      make_justification(kRound, commit, [&](const BlockHash& h) { return chain.header(h); });
  ASSERT_TRUE(made.has_value());
  // Headers from each higher target down to (excluding) the lowest one, each once.
  ASSERT_EQ(made->votes_ancestries.size(), 2U);
  EXPECT_EQ(made->votes_ancestries[0], header(b4));
  EXPECT_EQ(made->votes_ancestries[1], header(b3));
  EXPECT_TRUE(verify(*made).has_value());

  // Round trip through bytes, as stored and served.
  Bytes bytes = scale::encode(*made);
  auto checked = decode_and_verify_justification(bytes, b2, kSetId, voters);
  ASSERT_TRUE(checked.has_value());
  EXPECT_EQ(*checked, *made);
  EXPECT_EQ(decode_and_verify_justification(bytes, b3, kSetId, voters).error(),
            GrandpaError::kWrongTarget);
  bytes.push_back(0);
  EXPECT_EQ(decode_and_verify_justification(bytes, b2, kSetId, voters).error(),
            GrandpaError::kMalformedJustification);
}

TEST_F(GrandpaJustificationTest, MissingAncestryIsRefused) {
  auto j = justification(b2, {precommit(0, b2), precommit(1, b4), precommit(2, b3)},
                         {header(b4)});  // b3 missing: b4 cannot be linked to b2
  EXPECT_EQ(verify(j).error(), GrandpaError::kPrecommitNotDescendant);

  // A non-voter's precommit is not counted, but its ancestry must still be proven.
  auto outsider =
      justification(b2, {precommit(0, b2), precommit(1, b2), precommit(2, b2), precommit(4, b3)});
  EXPECT_EQ(verify(outsider).error(), GrandpaError::kInvalidAncestry);
  outsider.votes_ancestries.push_back(header(b3));
  EXPECT_TRUE(verify(outsider).has_value());
}

TEST_F(GrandpaJustificationTest, UnusedAncestryIsRefused) {
  auto j = justification(b2, {precommit(0, b2), precommit(1, b2), precommit(2, b2)}, {header(b3)});
  EXPECT_EQ(verify(j).error(), GrandpaError::kUnusedAncestry);
  auto extra = justification(b2, {precommit(0, b2), precommit(1, b3), precommit(2, b2)},
                             {header(b3), header(c2)});
  EXPECT_EQ(verify(extra).error(), GrandpaError::kUnusedAncestry);
  // The same header twice is still one header (Substrate compares hash sets).
  auto twice = justification(b2, {precommit(0, b2), precommit(1, b3), precommit(2, b2)},
                             {header(b3), header(b3)});
  EXPECT_TRUE(verify(twice).has_value());
}

TEST_F(GrandpaJustificationTest, DuplicateVoterCountsOnce) {
  auto j = justification(b2, {precommit(0, b2), precommit(1, b2), precommit(0, b2)});
  EXPECT_EQ(verify(j).error(), GrandpaError::kCommitNotFinalizing);
  j.commit.precommits.push_back(precommit(2, b2));
  EXPECT_TRUE(verify(j).has_value());
}

TEST_F(GrandpaJustificationTest, EquivocatingVoterCountsForBothBlocks) {
  // Alice precommits b2 and b3; with Bob and Charlie on b2 the threshold is met at b2, and the
  // justification proves both of Alice's targets.
  auto j = justification(
      b2, {precommit(0, b2), precommit(0, b3), precommit(1, b2), precommit(2, b2)}, {header(b3)});
  EXPECT_TRUE(verify(j).has_value());
  // Alone on b3 with an equivocation, Alice does not make b3 final.
  auto high = justification(
      b3, {precommit(0, b2), precommit(0, b3), precommit(1, b2), precommit(2, b2)}, {header(b3)});
  EXPECT_EQ(verify(high).error(), GrandpaError::kCommitNotFinalizing);
}

TEST_F(GrandpaJustificationTest, WeightBelowThresholdOrWrongTarget) {
  EXPECT_EQ(verify(justification(b2, {precommit(0, b2), precommit(1, b2)})).error(),
            GrandpaError::kCommitNotFinalizing);
  // The target must be exactly the precommit GHOST: not an ancestor, not a descendant.
  auto all_b2 = std::vector{precommit(0, b2), precommit(1, b2), precommit(2, b2)};
  EXPECT_EQ(verify(justification(b1, all_b2)).error(), GrandpaError::kCommitNotFinalizing);
  EXPECT_EQ(verify(justification(b3, all_b2)).error(), GrandpaError::kCommitNotFinalizing);
  // Precommits on another fork than the lowest target.
  EXPECT_EQ(verify(justification(b2, {precommit(0, b2), precommit(1, b2), precommit(2, b2),
                                      precommit(3, c2)}))
                .error(),
            GrandpaError::kPrecommitNotDescendant);
  // Nobody from the set.
  EXPECT_EQ(verify(justification(b2, {precommit(4, b2)})).error(),
            GrandpaError::kNoVoterPrecommits);
  EXPECT_EQ(verify(justification(b2, {})).error(), GrandpaError::kNoVoterPrecommits);
}

TEST_F(GrandpaJustificationTest, SignaturesBindRoundAndSetId) {
  auto j = justification(b2, {precommit(0, b2), precommit(1, b2), precommit(2, b2)});
  EXPECT_TRUE(verify(j).has_value());
  EXPECT_EQ(verify_justification(j, kSetId + 1, voters).error(), GrandpaError::kBadSignature);
  auto wrong_round = j;
  wrong_round.round = kRound + 1;
  EXPECT_EQ(verify(wrong_round).error(), GrandpaError::kBadSignature);
  // One precommit signed for another round spoils it, even though the rest would suffice.
  auto mixed = j;
  mixed.commit.precommits.push_back(precommit(3, b2, kRound + 1));
  EXPECT_EQ(verify(mixed).error(), GrandpaError::kBadSignature);
  auto corrupted = j;
  corrupted.commit.precommits[1].signature[0] ^= 0x80;
  EXPECT_EQ(verify(corrupted).error(), GrandpaError::kBadSignature);
  // A non-voter's badly signed precommit is refused too (Substrate checks every signature).
  auto outsider = j;
  outsider.commit.precommits.push_back(precommit(4, b2, kRound, kSetId + 1));
  EXPECT_EQ(verify(outsider).error(), GrandpaError::kBadSignature);
}

TEST_F(GrandpaJustificationTest, MakeJustificationNeedsEveryHeader) {
  Commit commit{b2.hash, b2.number, {precommit(0, b2), precommit(1, b4)}};
  auto missing = make_justification(kRound, commit, [&](const BlockHash& h) {
    return h == b3.hash ? std::nullopt : chain.header(h);
  });
  EXPECT_EQ(missing.error(), GrandpaError::kMissingHeader);
  EXPECT_EQ(make_justification(kRound, Commit{},
                               [](const BlockHash&) { return std::optional<block::Header>(); })
                .error(),
            GrandpaError::kMalformedCommit);
  // A precommit on another fork cannot be linked to the lowest target.
  Commit forked{b2.hash, b2.number, {precommit(0, b2), precommit(1, c2), precommit(2, b3)}};
  EXPECT_EQ(make_justification(kRound, forked, [&](const BlockHash& h) { return chain.header(h); })
                .error(),
            GrandpaError::kInvalidAncestry);
}

// smoldot lib/src/finality/decode.rs `basic_decode_justification`. Its authority set is not
// published with it: the five signers are taken as the set (weight 1 each, threshold 4), which
// still checks real signatures, the payload layout, the GHOST rule and the ancestry rules.
TEST(GrandpaRealJustification, VerifiesWithItsSigners) {
  auto bytes = from_hex(
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
      "8400");
  ASSERT_TRUE(bytes.has_value());
  auto justification = scale::decode<GrandpaJustification>(*bytes);
  ASSERT_TRUE(justification.has_value());
  AuthorityList signers;
  for (const auto& p : justification->commit.precommits) signers.emplace_back(p.id, 1);
  auto voters = *VoterSet::from_authorities(signers);
  EXPECT_TRUE(verify_justification(*justification, 0, voters).has_value());
  EXPECT_TRUE(decode_and_verify_justification(*bytes, justification->commit.target(), 0, voters)
                  .has_value());
  EXPECT_EQ(verify_justification(*justification, 1, voters).error(), GrandpaError::kBadSignature);

  // With three more (silent) authorities the threshold is 6 of 8: five signers are not enough.
  AuthorityList bigger = signers;
  for (uint8_t i = 0; i < 3; ++i) {
    AuthorityId silent{};
    silent.fill(i);
    bigger.push_back({silent, 1});
  }
  EXPECT_EQ(verify_justification(*justification, 0, *VoterSet::from_authorities(bigger)).error(),
            GrandpaError::kCommitNotFinalizing);
}

// smoldot lib/src/finality/decode.rs `basic_decode_commit`: a real gossiped commit (round 3669,
// set 3490) turned into a justification, checked against its seven signers.
TEST(GrandpaRealJustification, GossipedCommitAsJustification) {
  auto body = from_hex(
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
      "c7fd2573179ad58d7a69");
  ASSERT_TRUE(body.has_value());
  auto message = scale::decode<CommitMessage>(*body);
  ASSERT_TRUE(message.has_value());
  auto commit = from_compact(message->message);
  ASSERT_TRUE(commit.has_value());
  AuthorityList signers;
  for (const auto& p : commit->precommits) signers.emplace_back(p.id, 1);
  auto voters = *VoterSet::from_authorities(signers);
  GrandpaJustification justification{message->round, *commit, {}};
  EXPECT_TRUE(verify_justification(justification, message->set_id, voters).has_value());
  EXPECT_EQ(verify_justification(justification, message->set_id - 1, voters).error(),
            GrandpaError::kBadSignature);
}

}  // namespace
}  // namespace canary::consensus::grandpa
