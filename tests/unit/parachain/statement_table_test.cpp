// The backing group's statement table (parachain/backing/statement_table.hpp), after polkadot-sdk's
// statement-table tests (polkadot/statement-table/src/generic.rs): votes per validator and
// candidate, the group check, double votes, the seconding limit, and the backing threshold with the
// votes in the group's order.
#include "parachain/backing/statement_table.hpp"

#include <gtest/gtest.h>

namespace canary::parachain {
namespace {

CommittedCandidateReceipt candidate_for(ParaId para, uint8_t tag) {
  CommittedCandidateReceipt c;
  c.descriptor.para_id = para;
  c.descriptor.relay_parent[0] = tag;
  c.commitments.head_data = HeadData{Bytes{tag}};
  return c;
}

TableStatement seconded(const CommittedCandidateReceipt& c, ValidatorIndex validator,
                        uint8_t sig = 1) {
  TableStatement s;
  s.candidate_hash = candidate_hash(c.to_plain());
  s.vote = Vote{validator, VoteKind::kSeconded, {}};
  s.vote.signature[0] = sig;
  s.candidate = c;
  return s;
}

TableStatement valid(const Hash256& hash, ValidatorIndex validator, uint8_t sig = 2) {
  TableStatement s;
  s.candidate_hash = hash;
  s.vote = Vote{validator, VoteKind::kValid, {}};
  s.vote.signature[0] = sig;
  return s;
}

TEST(StatementTable, ACandidateIsBackedAtTheThresholdWithVotesInGroupOrder) {
  // Core 0: validators 3, 1, 2 (the group's order is the runtime's); core 1: validator 0.
  StatementTable table({{0, {3, 1, 2}}, {1, {0}}}, 2);
  const auto c = candidate_for(100, 1);
  const Hash256 hash = candidate_hash(c.to_plain());
  EXPECT_EQ(table.import(0, seconded(c, 2)).value(), true);
  EXPECT_TRUE(table.knows(hash));
  EXPECT_FALSE(table.attested(hash).has_value());
  EXPECT_EQ(table.import(0, valid(hash, 3)).value(), true);
  const auto attested = table.attested(hash);
  ASSERT_TRUE(attested.has_value());
  EXPECT_EQ(attested->core, 0U);
  EXPECT_EQ(attested->candidate, c);
  ASSERT_EQ(attested->votes.size(), 2U);
  EXPECT_EQ(attested->votes[0].validator, 3U);  // first in the group, though it voted second
  EXPECT_EQ(attested->votes[0].kind, VoteKind::kValid);
  EXPECT_EQ(attested->votes[1].validator, 2U);
  EXPECT_EQ(attested->votes[1].kind, VoteKind::kSeconded);
  EXPECT_EQ(table.all_attested().size(), 1U);
}

TEST(StatementTable, ASmallGroupBacksWithAllItsMembers) {
  EXPECT_EQ(effective_minimum_backing_votes(1, 2), 1U);
  EXPECT_EQ(effective_minimum_backing_votes(5, 2), 2U);
  StatementTable table({{1, {0}}}, 2);
  const auto c = candidate_for(100, 1);
  ASSERT_TRUE(table.import(1, seconded(c, 0)).value());
  EXPECT_TRUE(table.attested(candidate_hash(c.to_plain())).has_value());
}

TEST(StatementTable, VotesFromOutsideTheGroupAndForUnknownCandidatesAreRefused) {
  StatementTable table({{0, {0, 1}}, {1, {2, 3}}}, 2);
  const auto c = candidate_for(100, 1);
  const Hash256 hash = candidate_hash(c.to_plain());
  EXPECT_EQ(table.import(0, seconded(c, 2)).error(), TableError::kNotInGroup);
  EXPECT_EQ(table.import(5, seconded(c, 0)).error(), TableError::kUnknownGroup);
  EXPECT_EQ(table.import(0, valid(hash, 1)).error(), TableError::kUnknownCandidate);
  TableStatement without = seconded(c, 0);
  without.candidate.reset();
  EXPECT_EQ(table.import(0, without).error(), TableError::kMissingCandidate);
  TableStatement other = seconded(c, 0);
  other.candidate = candidate_for(100, 2);
  EXPECT_EQ(table.import(0, other).error(), TableError::kMissingCandidate);
  ASSERT_TRUE(table.import(0, seconded(c, 0)).value());
  // Group 1's members vote for it as core 1's: not theirs to judge.
  EXPECT_EQ(table.import(1, valid(hash, 2)).error(), TableError::kNotInGroup);
  EXPECT_TRUE(table.misbehaving().empty());
}

TEST(StatementTable, TheSameVoteTwiceIsNotNewAndADifferentOneIsMisbehaviour) {
  StatementTable table({{0, {0, 1, 2}}}, 3);
  const auto c = candidate_for(100, 1);
  const Hash256 hash = candidate_hash(c.to_plain());
  ASSERT_TRUE(table.import(0, seconded(c, 0)).value());
  EXPECT_EQ(table.import(0, seconded(c, 0)).value(), false);
  ASSERT_TRUE(table.import(0, valid(hash, 1)).value());
  EXPECT_EQ(table.import(0, valid(hash, 1)).value(), false);
  EXPECT_EQ(table.import(0, valid(hash, 1, 9)).error(), TableError::kDoubleVote);
  EXPECT_EQ(table.import(0, valid(hash, 0)).error(), TableError::kDoubleVote);
  EXPECT_EQ(table.misbehaving(), (std::set<ValidatorIndex>{0, 1}));
  EXPECT_EQ(table.votes(hash).size(), 2U);
  EXPECT_TRUE(table.has_voted(hash, 1));
  EXPECT_FALSE(table.has_voted(hash, 2));
}

TEST(StatementTable, OneValidatorSecondsAtMostTheLimit) {
  StatementTable table({{0, {0, 1}}}, 2, 1);
  ASSERT_TRUE(table.import(0, seconded(candidate_for(100, 1), 0)).value());
  EXPECT_EQ(table.import(0, seconded(candidate_for(100, 2), 0)).error(),
            TableError::kSecondingOverLimit);
  EXPECT_FALSE(table.knows(candidate_hash(candidate_for(100, 2).to_plain())));

  StatementTable two({{0, {0, 1}}}, 2, 2);
  ASSERT_TRUE(two.import(0, seconded(candidate_for(100, 1), 0)).value());
  EXPECT_TRUE(two.import(0, seconded(candidate_for(100, 2), 0)).value());
}

}  // namespace
}  // namespace canary::parachain
