// Catching an author that sealed two blocks for one slot (sc-consensus-slots check_equivocation):
// the first header of the slot is kept, a different second one by the same author is the proof,
// and old slots are neither checked nor kept.
#include <gtest/gtest.h>

#include "consensus/babe/equivocation.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::babe {
namespace {

AuthorityId author(uint8_t n) {
  AuthorityId id{};
  id[0] = n;
  return id;
}

block::Header header(uint8_t variant) {
  block::Header h;
  h.number = 7;
  h.state_root[0] = variant;
  return h;
}

std::optional<EquivocationProof> see(EquivocationDetector& detector, Slot now, Slot slot,
                                     uint8_t by, uint8_t variant) {
  const block::Header h = header(variant);
  return detector.check(now, slot, author(by), h, block::hash_of(h));
}

TEST(BabeEquivocation, ASecondHeaderOfTheSlotByTheSameAuthorIsTheProof) {
  EquivocationDetector detector;
  EXPECT_FALSE(see(detector, 100, 100, 1, 1).has_value());
  const auto proof = see(detector, 100, 100, 1, 2);
  ASSERT_TRUE(proof.has_value());
  EXPECT_EQ(proof->offender, author(1));
  EXPECT_EQ(proof->slot, 100u);
  EXPECT_EQ(proof->first_header, header(1));
  EXPECT_EQ(proof->second_header, header(2));
  // SCALE as sp_consensus_slots::EquivocationProof: offender, slot (u64), the two headers.
  const Bytes encoded = scale::encode(*proof);
  EXPECT_EQ(encoded.size(), 32 + 8 + 2 * scale::encode(header(1)).size());
}

TEST(BabeEquivocation, TheSameHeaderAgainOrAnotherAuthorIsNot) {
  EquivocationDetector detector;
  EXPECT_FALSE(see(detector, 100, 100, 1, 1).has_value());
  EXPECT_FALSE(see(detector, 100, 100, 1, 1).has_value());
  EXPECT_FALSE(see(detector, 100, 100, 2, 2).has_value());
  EXPECT_FALSE(see(detector, 101, 101, 1, 3).has_value());
  // The first header stays the one reported against.
  const auto proof = see(detector, 101, 100, 2, 4);
  ASSERT_TRUE(proof.has_value());
  EXPECT_EQ(proof->first_header, header(2));
}

TEST(BabeEquivocation, OldSlotsAreNeitherCheckedNorKept) {
  EquivocationDetector detector;
  EXPECT_FALSE(see(detector, 5000, 5000 - EquivocationDetector::kMaxSlotCapacity - 1, 1, 1));
  EXPECT_EQ(detector.slots_recorded(), 0u);
  EXPECT_FALSE(see(detector, 10, 10, 1, 1).has_value());
  EXPECT_FALSE(see(detector, 11, 11, 1, 1).has_value());
  EXPECT_EQ(detector.slots_recorded(), 2u);
  // Once the record spans the pruning bound, slots older than the capacity go.
  EXPECT_FALSE(see(detector, 10 + EquivocationDetector::kPruningBound, 2500, 1, 1).has_value());
  EXPECT_EQ(detector.slots_recorded(), 1u);
  // A clock behind the oldest kept slot checks nothing.
  EXPECT_FALSE(see(detector, 5, 5, 1, 2).has_value());
}

}  // namespace
}  // namespace canary::consensus::babe
