// The vote graph: cumulative votes over ancestry, GHOST and ancestor searches, and refusal of
// targets that are not consistent descendants of the base.
#include <gtest/gtest.h>

#include "consensus/grandpa/vote_graph.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"

namespace canary::consensus::grandpa {
namespace {

using testing::TestChain;

// Voter weights for the conditions below: voter i weighs weights[i].
struct Weighing {
  std::vector<AuthorityWeight> weights;
  AuthorityWeight of(const VoterBits& bits) const {
    AuthorityWeight total = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (bits.test(i)) total += weights[i];
    }
    return total;
  }
  VoteGraph::Condition prevotes_at_least(AuthorityWeight w) const {
    return [this, w](const CumulativeVotes& votes) { return of(votes.prevoters) >= w; };
  }
};

class GrandpaVoteGraph : public ::testing::Test {
 protected:
  // genesis ─ a1 ─ a2 ─ a3 ─ a4 ─ a5
  //                  └─ b3 ─ b4
  void SetUp() override {
    a1 = chain.add_block(chain.genesis());
    a2 = chain.add_block(a1);
    a3 = chain.add_block(a2);
    a4 = chain.add_block(a3);
    a5 = chain.add_block(a4);
    b3 = chain.add_block(a2, 1);
    b4 = chain.add_block(b3, 1);
  }
  TestChain chain;
  BlockRef a1, a2, a3, a4, a5, b3, b4;
};

TEST_F(GrandpaVoteGraph, VotesCountOnAncestors) {
  VoteGraph graph(a1, 3);
  ASSERT_TRUE(graph.insert(a5, 0, Phase::kPrevote, chain));
  ASSERT_TRUE(graph.insert(b4, 1, Phase::kPrevote, chain));
  ASSERT_TRUE(graph.insert(a3, 2, Phase::kPrecommit, chain));

  Weighing w{{1, 1, 1}};
  EXPECT_EQ(w.of(graph.votes_of(a1.hash)->prevoters), 2U);
  EXPECT_EQ(w.of(graph.votes_of(a2.hash)->prevoters), 2U);
  EXPECT_EQ(w.of(graph.votes_of(a3.hash)->prevoters), 1U);
  EXPECT_EQ(w.of(graph.votes_of(b3.hash)->prevoters), 1U);
  EXPECT_EQ(w.of(graph.votes_of(a2.hash)->precommitters), 1U);
  EXPECT_EQ(w.of(graph.votes_of(a4.hash)->precommitters), 0U);
  EXPECT_EQ(graph.votes_of(chain.genesis().hash), nullptr);  // below the base
  EXPECT_TRUE(graph.is_ancestor_or_equal(a2.hash, a5.hash));
  EXPECT_TRUE(graph.is_ancestor_or_equal(a5.hash, a5.hash));
  EXPECT_FALSE(graph.is_ancestor_or_equal(b3.hash, a5.hash));
  EXPECT_FALSE(graph.is_ancestor_or_equal(a5.hash, a2.hash));
}

TEST_F(GrandpaVoteGraph, GhostFollowsTheHeavyBranch) {
  VoteGraph graph(chain.genesis(), 5);
  Weighing w{{1, 1, 1, 1, 1}};
  ASSERT_TRUE(graph.insert(a5, 0, Phase::kPrevote, chain));
  ASSERT_TRUE(graph.insert(a4, 1, Phase::kPrevote, chain));
  ASSERT_TRUE(graph.insert(b4, 2, Phase::kPrevote, chain));
  ASSERT_TRUE(graph.insert(b3, 3, Phase::kPrevote, chain));
  // 4 votes reach a2; the forks get 2 each: a threshold of 3 stops at the fork point.
  EXPECT_EQ(graph.find_ghost(std::nullopt, w.prevotes_at_least(3)), a2);
  ASSERT_TRUE(graph.insert(a3, 4, Phase::kPrevote, chain));
  EXPECT_EQ(graph.find_ghost(std::nullopt, w.prevotes_at_least(3)), a3);
  EXPECT_EQ(graph.find_ghost(std::nullopt, w.prevotes_at_least(2)), a4);
  EXPECT_EQ(graph.find_ghost(std::nullopt, w.prevotes_at_least(6)), std::nullopt);
  // Starting from a previous GHOST only searches below it.
  EXPECT_EQ(graph.find_ghost(b3, w.prevotes_at_least(2)), b3);
  EXPECT_EQ(graph.find_ghost(b3, w.prevotes_at_least(1)), b4);
  EXPECT_EQ(graph.find_ghost(b4, w.prevotes_at_least(3)), std::nullopt);

  EXPECT_EQ(graph.find_ancestor(a5, w.prevotes_at_least(3)), a3);
  EXPECT_EQ(graph.find_ancestor(b4, w.prevotes_at_least(3)), a2);
  EXPECT_EQ(graph.find_ancestor(b4, w.prevotes_at_least(6)), std::nullopt);
  EXPECT_EQ(graph.find_ancestor(BlockRef{a5.hash, 9}, w.prevotes_at_least(1)), std::nullopt);
}

TEST_F(GrandpaVoteGraph, RefusesInconsistentTargets) {
  VoteGraph graph(a2, 2);
  EXPECT_FALSE(graph.insert(a1, 0, Phase::kPrevote, chain));                    // below the base
  EXPECT_FALSE(graph.insert(BlockRef{a4.hash, 5}, 0, Phase::kPrevote, chain));  // wrong number
  EXPECT_FALSE(graph.insert(BlockRef{a4.hash, 3}, 0, Phase::kPrevote, chain));
  BlockHash unknown{};
  unknown.fill(0xee);
  EXPECT_FALSE(graph.insert(BlockRef{unknown, 4}, 0, Phase::kPrevote, chain));
  EXPECT_FALSE(graph.insert(a4, 2, Phase::kPrevote, chain));  // voter index out of range
  ASSERT_TRUE(graph.insert(a4, 0, Phase::kPrevote, chain));
  // A known block with a wrong number is refused too.
  EXPECT_FALSE(graph.insert(BlockRef{a3.hash, 4}, 1, Phase::kPrevote, chain));
  EXPECT_TRUE(graph.descends_from_base(a2, chain));
  EXPECT_TRUE(graph.descends_from_base(b4, chain));
  EXPECT_FALSE(graph.descends_from_base(a1, chain));
  // The base itself is a valid target.
  EXPECT_TRUE(graph.insert(a2, 1, Phase::kPrecommit, chain));
}

}  // namespace
}  // namespace canary::consensus::grandpa
