// Authority-set tracking across forks (sc-consensus-grandpa authorities.rs): standard changes
// enacted on finality and only on the announcing fork, in order; forced changes enacted on import;
// pruning of other forks; the voting limit; and persistence.
#include <gtest/gtest.h>

#include "consensus/grandpa/authority_set.hpp"
#include "consensus/grandpa/consensus_log.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"

namespace canary::consensus::grandpa {
namespace {

using testing::TestChain;

AuthorityList set_of(uint8_t byte, size_t count = 1) {
  AuthorityList list;
  for (size_t i = 0; i < count; ++i) {
    AuthorityId id{};
    id.fill(static_cast<uint8_t>(byte + i));
    list.emplace_back(id, 1);
  }
  return list;
}

block::Digest scheduled(const AuthorityList& next, BlockNumber delay) {
  return {block::DigestConsensus{block::kGrandpaEngineId,
                                 scale::encode(ConsensusLog{ScheduledChange{next, delay}})}};
}

block::Digest forced(BlockNumber median, const AuthorityList& next, BlockNumber delay) {
  return {block::DigestConsensus{
      block::kGrandpaEngineId,
      scale::encode(ConsensusLog{ForcedChange{median, ScheduledChange{next, delay}}})}};
}

class GrandpaAuthoritySet : public ::testing::Test {
 protected:
  // Adds a block to the chain and tells the tracker.
  Result<BlockImportOutcome, GrandpaError> import(const BlockRef& parent, uint32_t fork = 0,
                                                  const block::Digest& digest = {},
                                                  BlockRef* added = nullptr) {
    BlockRef block = chain.add_block(parent, fork, digest);
    if (added != nullptr) *added = block;
    return tracker.on_block_imported(block, digest, chain.is_descendant_fn());
  }
  BlockRef import_ok(const BlockRef& parent, uint32_t fork = 0, const block::Digest& digest = {}) {
    BlockRef block;
    auto outcome = import(parent, fork, digest, &block);
    EXPECT_TRUE(outcome.has_value());
    return block;
  }
  Result<FinalityOutcome, GrandpaError> finalize(const BlockRef& block) {
    return tracker.on_block_finalized(block, chain.is_descendant_fn());
  }

  TestChain chain;
  AuthoritySetTracker tracker = *AuthoritySetTracker::genesis(set_of(1, 3));
};

TEST_F(GrandpaAuthoritySet, GenesisRefusesBadLists) {
  EXPECT_EQ(AuthoritySetTracker::genesis({}).error(), GrandpaError::kEmptyAuthoritySet);
  AuthorityList zero = set_of(1, 2);
  zero[1].second = 0;
  EXPECT_EQ(AuthoritySetTracker::genesis(zero).error(), GrandpaError::kZeroAuthorityWeight);
  EXPECT_EQ(tracker.set_id(), 0U);
  EXPECT_EQ(tracker.voter_set()->size(), 3U);
}

TEST_F(GrandpaAuthoritySet, StandardChangeWithoutDelay) {
  BlockRef b1 = import_ok(chain.genesis());
  BlockRef b2;
  auto outcome = import(b1, 0, scheduled(set_of(9), 0), &b2);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->justification_required);  // b2 enacts the change once finalized
  EXPECT_EQ(tracker.current_limit(0, chain.is_descendant_fn()), 2U);

  auto finality = finalize(b1);
  ASSERT_TRUE(finality.has_value());
  EXPECT_FALSE(finality->new_set.has_value());
  finality = finalize(b2);
  ASSERT_TRUE(finality.has_value());
  ASSERT_TRUE(finality->new_set.has_value());
  EXPECT_EQ(finality->new_set->enacted_at, b2);
  EXPECT_EQ(finality->new_set->set_id, 1U);
  EXPECT_EQ(finality->new_set->authorities, set_of(9));
  EXPECT_TRUE(finality->changed);
  EXPECT_EQ(tracker.set_id(), 1U);
  EXPECT_EQ(tracker.current_authorities(), set_of(9));
  EXPECT_TRUE(tracker.pending_standard_changes().empty());
  EXPECT_EQ(tracker.authority_set_changes(), (std::vector<std::pair<SetId, BlockNumber>>{{0, 2}}));
  EXPECT_FALSE(tracker.current_limit(0, chain.is_descendant_fn()).has_value());
}

TEST_F(GrandpaAuthoritySet, StandardChangeWithDelay) {
  BlockRef b1 = import_ok(chain.genesis());
  BlockRef b2 = import_ok(b1, 0, scheduled(set_of(9), 3));  // effective at #5
  BlockRef b3 = import_ok(b2);
  BlockRef b4 = import_ok(b3);
  BlockRef b5;
  auto outcome = import(b4, 0, {}, &b5);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->justification_required);
  EXPECT_EQ(tracker.current_limit(0, chain.is_descendant_fn()), 5U);
  EXPECT_FALSE(tracker.current_limit(6, chain.is_descendant_fn()).has_value());

  EXPECT_FALSE(finalize(b4)->new_set.has_value());
  EXPECT_EQ(tracker.set_id(), 0U);
  auto finality = finalize(b5);
  ASSERT_TRUE(finality->new_set.has_value());
  EXPECT_EQ(finality->new_set->enacted_at, b5);
  EXPECT_EQ(tracker.set_id(), 1U);
}

TEST_F(GrandpaAuthoritySet, ChangesAreForkAware) {
  // genesis ─ b1 ─ x2(change X, delay 1) ─ x3
  //            └── y2(change Y, delay 0) ─ y3
  BlockRef b1 = import_ok(chain.genesis());
  BlockRef x2 = import_ok(b1, 1, scheduled(set_of(0x10), 1));
  BlockRef y2;
  auto y_outcome = import(b1, 2, scheduled(set_of(0x20), 0), &y2);
  ASSERT_TRUE(y_outcome.has_value());
  EXPECT_TRUE(y_outcome->justification_required);
  BlockRef x3;
  auto x_outcome = import(x2, 1, {}, &x3);
  EXPECT_TRUE(x_outcome->justification_required);
  BlockRef y3 = import_ok(y2, 2);
  EXPECT_EQ(tracker.pending_standard_changes().size(), 2U);
  // Each fork limits votes on its own chain; the lowest limit is reported.
  EXPECT_EQ(tracker.current_limit(0, chain.is_descendant_fn()), 2U);

  // Finalizing y3 enacts Y (announced on the finalized chain) and drops X.
  auto finality = finalize(y3);
  ASSERT_TRUE(finality.has_value());
  ASSERT_TRUE(finality->new_set.has_value());
  EXPECT_EQ(finality->new_set->authorities, set_of(0x20));
  EXPECT_EQ(finality->new_set->enacted_at, y3);  // the finalized block that enacts it
  EXPECT_TRUE(tracker.pending_standard_changes().empty());
  (void)x3;
}

TEST_F(GrandpaAuthoritySet, ChangeOnAnAbandonedForkIsDropped) {
  BlockRef b1 = import_ok(chain.genesis());
  BlockRef x2 = import_ok(b1, 1, scheduled(set_of(0x10), 0));
  BlockRef y2 = import_ok(b1, 2);
  BlockRef y3 = import_ok(y2, 2);
  (void)x2;
  auto finality = finalize(y3);
  ASSERT_TRUE(finality.has_value());
  EXPECT_TRUE(finality->changed);
  EXPECT_FALSE(finality->new_set.has_value());
  EXPECT_EQ(tracker.set_id(), 0U);
  EXPECT_TRUE(tracker.pending_standard_changes().empty());
}

TEST_F(GrandpaAuthoritySet, ChangeAnnouncedAboveTheFinalizedBlockIsKept) {
  BlockRef b1 = import_ok(chain.genesis());
  BlockRef b2 = import_ok(b1, 0, scheduled(set_of(0x10), 0));
  auto finality = finalize(b1);
  EXPECT_FALSE(finality->changed);
  EXPECT_EQ(tracker.pending_standard_changes().size(), 1U);
  EXPECT_TRUE(finalize(b2)->new_set.has_value());
}

TEST_F(GrandpaAuthoritySet, ChangesOnOneForkAreEnactedInOrder) {
  BlockRef b1 = import_ok(chain.genesis());
  BlockRef b2 = import_ok(b1, 0, scheduled(set_of(0x10), 0));
  BlockRef b3 = import_ok(b2);
  BlockRef b4 = import_ok(b3, 0, scheduled(set_of(0x20), 0));
  // Finalizing b4 directly would skip the change of b2.
  auto skipped = finalize(b4);
  EXPECT_EQ(skipped.error(), GrandpaError::kUnfinalizedAncestor);
  EXPECT_EQ(tracker.set_id(), 0U);  // unchanged on error
  EXPECT_EQ(tracker.pending_standard_changes().size(), 2U);

  EXPECT_EQ(finalize(b2)->new_set->set_id, 1U);
  EXPECT_EQ(finalize(b4)->new_set->set_id, 2U);
  EXPECT_EQ(tracker.current_authorities(), set_of(0x20));
  EXPECT_EQ(tracker.authority_set_changes(),
            (std::vector<std::pair<SetId, BlockNumber>>{{0, 2}, {1, 4}}));
}

TEST_F(GrandpaAuthoritySet, FinalizingPastTheEffectiveBlock) {
  // Not what honest voters do, but the change is enacted at the finalized block (Substrate).
  BlockRef b1 = import_ok(chain.genesis(), 0, scheduled(set_of(0x10), 1));
  BlockRef b3 = import_ok(import_ok(b1));
  auto finality = finalize(b3);
  ASSERT_TRUE(finality->new_set.has_value());
  EXPECT_EQ(finality->new_set->enacted_at, b3);
}

TEST_F(GrandpaAuthoritySet, ForcedChangeOnImport) {
  BlockRef b1 = import_ok(chain.genesis());
  BlockRef b2 = import_ok(b1, 0, forced(1, set_of(0x30), 2));  // effective at #4 on b2's fork
  BlockRef c2 = import_ok(b1, 1);
  BlockRef c3 = import_ok(c2, 1);
  BlockRef c4;
  auto other_fork = import(c3, 1, {}, &c4);
  ASSERT_TRUE(other_fork.has_value());
  EXPECT_FALSE(other_fork->forced_change.has_value());  // not on the announcing fork
  BlockRef b3 = import_ok(b2);
  EXPECT_EQ(tracker.set_id(), 0U);
  auto outcome = import(b3);
  ASSERT_TRUE(outcome.has_value());
  ASSERT_TRUE(outcome->forced_change.has_value());
  EXPECT_EQ(outcome->forced_change->median_last_finalized, 1U);
  EXPECT_EQ(outcome->forced_change->new_set_id, 1U);
  EXPECT_EQ(outcome->forced_change->authorities, set_of(0x30));
  EXPECT_EQ(tracker.set_id(), 1U);
  EXPECT_TRUE(tracker.pending_forced_changes().empty());
  EXPECT_EQ(tracker.authority_set_changes(), (std::vector<std::pair<SetId, BlockNumber>>{{0, 1}}));
}

TEST_F(GrandpaAuthoritySet, ForcedChangeWinsOverScheduledInOneBlock) {
  block::Digest both = scheduled(set_of(0x10), 0);
  block::Digest force = forced(0, set_of(0x30), 0);
  both.insert(both.end(), force.begin(), force.end());
  BlockRef b1;
  auto outcome = import(chain.genesis(), 0, both, &b1);
  ASSERT_TRUE(outcome.has_value());
  ASSERT_TRUE(outcome->forced_change.has_value());  // delay 0: enacted by its own import
  EXPECT_EQ(tracker.current_authorities(), set_of(0x30));
  EXPECT_TRUE(tracker.pending_standard_changes().empty());
}

TEST_F(GrandpaAuthoritySet, ForcedChangeWaitsForDueStandardChange) {
  BlockRef b1 = import_ok(chain.genesis(), 0, scheduled(set_of(0x10), 0));  // due at #1
  BlockRef b2 = import_ok(b1, 0, forced(1, set_of(0x30), 1));  // median 1 covers that change
  auto blocked = import(b2);
  EXPECT_EQ(blocked.error(), GrandpaError::kForcedChangeDependencyUnsatisfied);
  EXPECT_EQ(tracker.set_id(), 0U);
  // Once the standard change is enacted the forced one can apply.
  ASSERT_TRUE(finalize(b1)->new_set.has_value());
  auto outcome = import(b2, 5);
  ASSERT_TRUE(outcome.has_value());
  ASSERT_TRUE(outcome->forced_change.has_value());
  EXPECT_EQ(tracker.set_id(), 2U);
}

TEST_F(GrandpaAuthoritySet, RefusedChanges) {
  BlockRef b1 = import_ok(chain.genesis(), 0, forced(0, set_of(0x30), 5));
  // A second forced change on the same fork.
  EXPECT_EQ(import(b1, 0, forced(0, set_of(0x31), 5)).error(),
            GrandpaError::kMultiplePendingForcedChanges);
  // Announcing the same block twice.
  BlockRef b2 = import_ok(b1, 0, scheduled(set_of(0x10), 3));
  EXPECT_EQ(
      tracker.on_block_imported(b2, scheduled(set_of(0x10), 3), chain.is_descendant_fn()).error(),
      GrandpaError::kDuplicateAuthoritySetChange);
  // An empty next set.
  EXPECT_EQ(import(b2, 0, scheduled({}, 0)).error(), GrandpaError::kEmptyAuthoritySet);
  EXPECT_EQ(tracker.pending_standard_changes().size(), 1U);
  // Finality only moves forward.
  ASSERT_TRUE(finalize(b1).has_value());
  EXPECT_EQ(finalize(b1).error(), GrandpaError::kRevert);
}

TEST_F(GrandpaAuthoritySet, PersistenceRoundTrip) {
  BlockRef b1 = import_ok(chain.genesis(), 0, scheduled(set_of(0x10), 4));
  import_ok(b1, 1, forced(0, set_of(0x30), 9));
  ASSERT_TRUE(finalize(b1).has_value());
  Bytes bytes = tracker.encode();
  auto restored = AuthoritySetTracker::decode(bytes);
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(*restored, tracker);
  EXPECT_EQ(restored->pending_standard_changes().size(), 1U);
  EXPECT_EQ(restored->pending_forced_changes().size(), 1U);

  bytes.push_back(0);
  EXPECT_EQ(AuthoritySetTracker::decode(bytes).error(), GrandpaError::kMalformedState);
  EXPECT_EQ(AuthoritySetTracker::decode(Bytes{0, 1, 2}).error(), GrandpaError::kMalformedState);
  // A state with an empty authority list is refused.
  EXPECT_EQ(AuthoritySetTracker::decode(Bytes(1 + 8 + 1 + 1 + 1 + 1, 0)).error(),
            GrandpaError::kMalformedState);
}

}  // namespace
}  // namespace canary::consensus::grandpa
