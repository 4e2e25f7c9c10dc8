// One round's bookkeeping (finality-grandpa round.rs): prevote-GHOST, finalized block, estimate,
// completability, duplicates, equivocations and the precommits that justify finality.
#include <gtest/gtest.h>

#include <memory>

#include "consensus/grandpa/round.hpp"
#include "consensus/grandpa/signing.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"

namespace canary::consensus::grandpa {
namespace {

using testing::TestChain;

class GrandpaRound : public ::testing::Test {
 protected:
  // genesis ─ b1 ─ b2 ─ b3 ─ b4 ─ b5
  //                     └─ c4 ─ c5
  void SetUp() override {
    b1 = chain.add_block(chain.genesis());
    b2 = chain.add_block(b1);
    b3 = chain.add_block(b2);
    b4 = chain.add_block(b3);
    b5 = chain.add_block(b4);
    c4 = chain.add_block(b3, 1);
    c5 = chain.add_block(c4, 1);
    keys = testing::dev_keys(4);
  }

  std::shared_ptr<const VoterSet> voters(const std::vector<AuthorityWeight>& weights) {
    AuthorityList list;
    for (size_t i = 0; i < weights.size(); ++i) list.emplace_back(keys[i].public_key, weights[i]);
    return std::make_shared<const VoterSet>(*VoterSet::from_authorities(list));
  }

  ImportResult prevote(Round& round, size_t voter, const BlockRef& target) {
    auto signed_vote =
        sign_message(keys[voter], Prevote{target.hash, target.number}, round.number(), 0);
    return round.import_prevote(chain, Prevote{target.hash, target.number}, signed_vote.id,
                                signed_vote.signature);
  }
  ImportResult precommit(Round& round, size_t voter, const BlockRef& target) {
    auto signed_vote =
        sign_message(keys[voter], Precommit{target.hash, target.number}, round.number(), 0);
    return round.import_precommit(chain, Precommit{target.hash, target.number}, signed_vote.id,
                                  signed_vote.signature);
  }

  TestChain chain;
  BlockRef b1, b2, b3, b4, b5, c4, c5;
  std::vector<crypto::ed25519::Keypair> keys;
};

TEST_F(GrandpaRound, EstimateFinalityAndCompletability) {
  // Weights 4, 7, 3: total 14, threshold 10.
  Round round(1, voters({4, 7, 3}), chain.genesis());
  EXPECT_EQ(round.threshold(), 10U);
  prevote(round, 1, b5);
  EXPECT_FALSE(round.prevote_ghost().has_value());  // 7 < 10
  prevote(round, 0, b4);
  EXPECT_EQ(round.prevote_ghost(), b4);  // 11 on b4, 7 on b5
  EXPECT_EQ(round.estimate(), b4);       // no precommits yet: the estimate is the GHOST
  EXPECT_FALSE(round.completable());
  prevote(round, 2, c5);
  EXPECT_EQ(round.prevote_ghost(), b4);

  precommit(round, 1, b4);
  EXPECT_FALSE(round.finalized().has_value());
  EXPECT_FALSE(round.completable());
  precommit(round, 2, c4);
  // 10 precommits: only b3 has them all. b4 could still reach 10 (7 + 4 unheard), b5 could not.
  EXPECT_EQ(round.finalized(), b3);
  EXPECT_EQ(round.estimate(), b4);
  EXPECT_TRUE(round.completable());
  EXPECT_EQ(round.precommit_ghost(), b3);
  precommit(round, 0, b4);
  EXPECT_EQ(round.finalized(), b4);
  EXPECT_EQ(round.precommit_ghost(), b4);
  EXPECT_EQ(round.prevote_weight(), 14U);
  EXPECT_EQ(round.precommit_weight(), 14U);
}

TEST_F(GrandpaRound, EstimateBelowTheGhostMakesTheRoundCompletable) {
  Round round(1, voters({1, 1, 1, 1}), chain.genesis());  // threshold 3
  for (size_t v = 0; v < 4; ++v) prevote(round, v, b5);
  EXPECT_EQ(round.prevote_ghost(), b5);
  precommit(round, 0, b3);
  precommit(round, 1, b3);
  precommit(round, 2, c4);
  // b3 has all three precommits: final. Above it b4/b5 can get at most the unheard voter plus
  // one equivocation (2 < 3), so the estimate falls back to b3 and the round is completable.
  EXPECT_EQ(round.finalized(), b3);
  EXPECT_EQ(round.estimate(), b3);
  EXPECT_TRUE(round.completable());
}

TEST_F(GrandpaRound, CompletabilityWaitsWhileADescendantCouldStillWin) {
  Round round(1, voters({1, 1, 1, 1}), chain.genesis());  // threshold 3
  for (size_t v = 0; v < 3; ++v) prevote(round, v, b4);
  prevote(round, 3, b5);
  EXPECT_EQ(round.prevote_ghost(), b4);
  precommit(round, 0, b4);
  precommit(round, 1, b4);
  precommit(round, 2, b5);
  // b4 is final and the estimate, but b5 (1 precommit) could still reach 3 with the unheard
  // voter and one equivocation: not completable yet.
  EXPECT_EQ(round.finalized(), b4);
  EXPECT_EQ(round.estimate(), b4);
  EXPECT_FALSE(round.completable());
  precommit(round, 3, b4);
  EXPECT_TRUE(round.completable());
  EXPECT_EQ(round.finalized(), b4);
}

TEST_F(GrandpaRound, DuplicatesNonVotersAndBadTargets) {
  Round round(2, voters({1, 1, 1}), b1);
  EXPECT_TRUE(prevote(round, 0, b3).valid_voter);
  ImportResult again = prevote(round, 0, b3);
  EXPECT_TRUE(again.duplicated);
  EXPECT_FALSE(again.equivocation.has_value());
  EXPECT_EQ(round.prevote_weight(), 1U);

  ImportResult outsider = prevote(round, 3, b3);  // key 3 is not in this set
  EXPECT_FALSE(outsider.valid_voter);
  EXPECT_EQ(round.prevote_weight(), 1U);

  EXPECT_TRUE(prevote(round, 1, chain.genesis()).not_descendant);  // below the base
  EXPECT_TRUE(prevote(round, 1, BlockRef{b4.hash, 7}).not_descendant);
  const size_t bob = *round.voters().index_of(keys[1].public_key);
  EXPECT_FALSE(round.has_voted(bob, Phase::kPrevote));
  EXPECT_TRUE(prevote(round, 1, b1).valid_voter);  // the base is fine
  EXPECT_TRUE(round.has_voted(bob, Phase::kPrevote));
}

TEST_F(GrandpaRound, EquivocatorCountsEverywhere) {
  Round round(3, voters({1, 1, 1, 1}), chain.genesis());  // threshold 3
  prevote(round, 0, b5);
  prevote(round, 1, b5);
  prevote(round, 2, c5);
  EXPECT_EQ(round.prevote_ghost(), b3);  // b5 has 2, c5 has 1

  ImportResult first = prevote(round, 3, c5);
  EXPECT_FALSE(first.equivocation.has_value());
  ImportResult second = prevote(round, 3, b5);
  ASSERT_TRUE(second.equivocation.has_value());
  EXPECT_EQ(second.equivocation->identity, keys[3].public_key);
  EXPECT_EQ(second.equivocation->phase, Phase::kPrevote);
  EXPECT_EQ(target_of(second.equivocation->first.message), c5);
  EXPECT_EQ(target_of(second.equivocation->second.message), b5);
  EXPECT_EQ(round.prevote_weight(), 4U);  // counted once
  // The equivocator weighs on every block: b5 now has 3. The GHOST moves on from b3.
  EXPECT_EQ(round.prevote_ghost(), b5);

  // A third vote changes nothing and is not reported again.
  ImportResult third = prevote(round, 3, b4);
  EXPECT_FALSE(third.equivocation.has_value());
  EXPECT_FALSE(third.duplicated);
  EXPECT_EQ(round.equivocations().size(), 1U);
  EXPECT_EQ(round.prevotes().size(), 5U);  // both votes of the equivocator
}

TEST_F(GrandpaRound, FinalizingPrecommitsStayOnTheFinalizedChain) {
  Round round(1, voters({1, 1, 1, 1}), chain.genesis());
  for (size_t v = 0; v < 4; ++v) prevote(round, v, b4);
  EXPECT_TRUE(round.finalizing_precommits(chain).empty());
  precommit(round, 0, b4);
  precommit(round, 1, b4);
  precommit(round, 2, b5);  // above the finalized block: kept
  precommit(round, 3, c4);  // another fork: left out
  EXPECT_EQ(round.finalized(), b4);
  auto precommits = round.finalizing_precommits(chain);
  ASSERT_EQ(precommits.size(), 3U);
  for (const auto& p : precommits) {
    EXPECT_NE(p.id, keys[3].public_key);
    EXPECT_TRUE(verify_signature(p.precommit, p.signature, p.id, 1, 0));
  }
}

}  // namespace
}  // namespace canary::consensus::grandpa
