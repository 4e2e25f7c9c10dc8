// Epochs across forks (sc-consensus-epochs semantics): block #1 opens epoch 0, the first block of
// every epoch announces the next, skipped epochs reuse the announced data with the right index
// and start slot, forks in different epochs keep their own epochs, and the announcement rules are
// enforced. The last test drives a whole chain through claim_slot / verify_header.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <vector>

#include "consensus/babe/digests.hpp"
#include "consensus/babe/epoch_changes.hpp"
#include "consensus/babe/slot_claim.hpp"
#include "consensus/babe/verification.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::babe {
namespace {

using Kind = BabeError::Kind;

constexpr uint64_t kLength = 10;

Authority authority(uint8_t byte) {
  Authority a;
  a.public_key.fill(byte);
  return a;
}

NextEpochDescriptor announcement(uint8_t tag) {
  NextEpochDescriptor d;
  d.authorities = {authority(tag), authority(static_cast<uint8_t>(tag + 1))};
  d.randomness.fill(tag);
  return d;
}

EpochGenesis genesis() {
  EpochGenesis g;
  g.authorities = {authority(0xa0)};
  g.randomness.fill(0xee);
  g.config = EpochConfiguration{{1, 4}, AllowedSlots::kPrimaryAndSecondaryPlainSlots};
  g.epoch_length = kLength;
  return g;
}

BlockEpochs after(const std::optional<BlockEpochs>& parent, Slot slot,
                  const std::optional<NextEpochDescriptor>& next = std::nullopt,
                  const std::optional<NextConfigDescriptor>& config = std::nullopt) {
  auto r = epochs_after_child(parent, genesis(), slot, next, config);
  EXPECT_TRUE(r.has_value()) << "slot " << slot << ": " << to_string(r.error());
  return r.has_value() ? *r : BlockEpochs{};
}

void expect_error(const Result<BlockEpochs, BabeError>& r, Kind kind) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, kind) << to_string(r.error());
}

TEST(BabeEpochChanges, BlockOneOpensEpochZeroAtItsSlot) {
  auto child = epoch_for_child(std::nullopt, genesis(), 100);
  ASSERT_TRUE(child.has_value());
  EXPECT_TRUE(child->first_in_epoch);
  EXPECT_EQ(child->epoch, genesis_epoch(genesis(), 100));
  EXPECT_EQ(child->epoch.epoch_index, 0u);
  EXPECT_EQ(child->epoch.start_slot, 100u);
  EXPECT_EQ(child->epoch.duration, kLength);
  EXPECT_EQ(child->epoch.authorities, genesis().authorities);
  EXPECT_EQ(child->epoch.randomness, genesis().randomness);
  EXPECT_EQ(child->epoch.config, genesis().config);

  // Block #1 must announce epoch 1 (FRAME re-announces the genesis data there).
  expect_error(epochs_after_child(std::nullopt, genesis(), 100, std::nullopt),
               Kind::kExpectedEpochChange);
  const NextEpochDescriptor same{genesis().authorities, genesis().randomness};
  const BlockEpochs one = after(std::nullopt, 100, same);
  EXPECT_EQ(one.current, child->epoch);
  EXPECT_EQ(one.next,
            (Epoch{1, 110, kLength, same.authorities, same.randomness, genesis().config}));
}

TEST(BabeEpochChanges, ChainAcrossEpochs) {
  const BlockEpochs b1 = after(std::nullopt, 100, announcement(1));  // epoch 0 [100, 110)
  // Blocks inside epoch 0 change nothing and may announce nothing.
  const BlockEpochs b2 = after(b1, 104);
  EXPECT_EQ(b2, b1);
  auto in_epoch = epoch_for_child(b1, genesis(), 109);
  ASSERT_TRUE(in_epoch.has_value());
  EXPECT_FALSE(in_epoch->first_in_epoch);
  EXPECT_EQ(in_epoch->epoch, b1.current);
  expect_error(epochs_after_child(b1, genesis(), 105, announcement(2)),
               Kind::kUnexpectedEpochChange);
  expect_error(epochs_after_child(b1, genesis(), 105, std::nullopt,
                                  NextConfigDescriptor{EpochConfiguration{}}),
               Kind::kUnexpectedConfigChange);

  // Slot 110 opens epoch 1 with block #1's announcement; it must announce epoch 2.
  auto first = epoch_for_child(b2, genesis(), 110);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->first_in_epoch);
  EXPECT_EQ(first->epoch, b1.next);
  expect_error(epochs_after_child(b2, genesis(), 110, std::nullopt), Kind::kExpectedEpochChange);
  const BlockEpochs b3 = after(b2, 110, announcement(2));
  EXPECT_EQ(b3.current.epoch_index, 1u);
  EXPECT_EQ(b3.current.start_slot, 110u);
  EXPECT_EQ(b3.current.authorities, announcement(1).authorities);
  EXPECT_EQ(b3.current.randomness, announcement(1).randomness);
  EXPECT_EQ(b3.next.epoch_index, 2u);
  EXPECT_EQ(b3.next.start_slot, 120u);
  EXPECT_EQ(b3.next.authorities, announcement(2).authorities);
  EXPECT_EQ(b3.next.config, genesis().config);  // no NextConfigData: kept

  // Epoch 2's first block comes late in the epoch (slot 127): still epoch 2, start 120.
  const BlockEpochs b4 = after(b3, 127, announcement(3));
  EXPECT_EQ(b4.current.epoch_index, 2u);
  EXPECT_EQ(b4.current.start_slot, 120u);
  EXPECT_EQ(b4.next.epoch_index, 3u);
  EXPECT_EQ(b4.next.start_slot, 130u);
}

TEST(BabeEpochChanges, NextConfigDataAppliesToTheAnnouncedEpochOnly) {
  const BlockEpochs b1 = after(std::nullopt, 100, announcement(1));
  const EpochConfiguration changed{{1, 2}, AllowedSlots::kPrimaryAndSecondaryVrfSlots};
  const BlockEpochs b2 = after(b1, 111, announcement(2), NextConfigDescriptor{changed});
  EXPECT_EQ(b2.current.config, genesis().config);  // epoch 1 keeps its configuration
  EXPECT_EQ(b2.next.config, changed);              // epoch 2 takes the new one
  const BlockEpochs b3 = after(b2, 121, announcement(3));
  EXPECT_EQ(b3.current.config, changed);
  EXPECT_EQ(b3.next.config, changed);  // inherited from the epoch that announced it
}

// Nobody authored during epochs 2 and 3: the block at slot 145 is in epoch 4 [140, 150) with the
// data announced for epoch 2 (Substrate's clone_for_slot), and announces epoch 5 [150, 160).
TEST(BabeEpochChanges, SkippedEpochsReuseTheAnnouncedData) {
  const BlockEpochs b1 = after(std::nullopt, 100, announcement(1));
  const BlockEpochs b2 = after(b1, 112, announcement(2));  // epoch 1, announces epoch 2
  auto child = epoch_for_child(b2, genesis(), 145);
  ASSERT_TRUE(child.has_value());
  EXPECT_TRUE(child->first_in_epoch);
  EXPECT_EQ(child->epoch.epoch_index, 4u);
  EXPECT_EQ(child->epoch.start_slot, 140u);
  EXPECT_EQ(child->epoch.duration, kLength);
  EXPECT_EQ(child->epoch.authorities, announcement(2).authorities);
  EXPECT_EQ(child->epoch.randomness, announcement(2).randomness);
  EXPECT_EQ(child->epoch, clone_for_slot(b2.next, 145).value());

  expect_error(epochs_after_child(b2, genesis(), 145, std::nullopt), Kind::kExpectedEpochChange);
  const BlockEpochs b3 = after(b2, 145, announcement(5));
  EXPECT_EQ(b3.current, child->epoch);
  EXPECT_EQ(b3.next.epoch_index, 5u);
  EXPECT_EQ(b3.next.start_slot, 150u);
  EXPECT_EQ(b3.next.authorities, announcement(5).authorities);

  // Its children: still epoch 4 up to slot 149, epoch 5 from 150, epoch 6 reused from 160 on.
  const BlockEpochs b4 = after(b3, 149);
  EXPECT_EQ(b4, b3);
  auto epoch5 = epoch_for_child(b4, genesis(), 150);
  ASSERT_TRUE(epoch5.has_value());
  EXPECT_TRUE(epoch5->first_in_epoch);
  EXPECT_EQ(epoch5->epoch, b3.next);
  auto epoch7 = epoch_for_child(b4, genesis(), 171);
  ASSERT_TRUE(epoch7.has_value());
  EXPECT_EQ(epoch7->epoch.epoch_index, 7u);
  EXPECT_EQ(epoch7->epoch.start_slot, 170u);
  EXPECT_EQ(epoch7->epoch.randomness, announcement(5).randomness);
}

// Epoch indices always equal (slot − slot of block #1) / length, the runtime's epoch_index().
TEST(BabeEpochChanges, IndexFollowsTheSlotLikeTheRuntime) {
  std::optional<BlockEpochs> parent;
  const Slot genesis_slot = 1000;
  uint8_t tag = 1;
  for (Slot slot :
       std::initializer_list<Slot>{1000, 1003, 1012, 1013, 1047, 1050, 1051, 1099, 1100, 1234}) {
    auto child = epoch_for_child(parent, genesis(), slot);
    ASSERT_TRUE(child.has_value());
    EXPECT_EQ(child->epoch.epoch_index, (slot - genesis_slot) / kLength) << slot;
    EXPECT_EQ(child->epoch.start_slot, genesis_slot + child->epoch.epoch_index * kLength);
    std::optional<NextEpochDescriptor> next;
    if (child->first_in_epoch) next = announcement(tag++);
    parent = after(parent, slot, next);
  }
}

// Two children of one parent, one in the parent's epoch and one opening the next: each branch
// keeps its own epochs, and grandchildren are judged by their own branch.
TEST(BabeEpochChanges, ForksInDifferentEpochs) {
  const BlockEpochs b1 = after(std::nullopt, 100, announcement(1));
  const BlockEpochs parent = after(b1, 108);
  const BlockEpochs left = after(parent, 109);                     // still epoch 0
  const BlockEpochs right = after(parent, 111, announcement(20));  // epoch 1
  EXPECT_EQ(left.current.epoch_index, 0u);
  EXPECT_EQ(right.current.epoch_index, 1u);

  // Slot 112 is the first of epoch 1 on the left, an ordinary slot on the right.
  expect_error(epochs_after_child(left, genesis(), 112, std::nullopt), Kind::kExpectedEpochChange);
  expect_error(epochs_after_child(right, genesis(), 112, announcement(21)),
               Kind::kUnexpectedEpochChange);
  const BlockEpochs left2 = after(left, 112, announcement(30));
  const BlockEpochs right2 = after(right, 112);
  EXPECT_EQ(left2.current, right2.current);  // both in epoch 1, announced by block #1
  EXPECT_NE(left2.next, right2.next);        // but epoch 2 differs per branch
  EXPECT_EQ(left2.next.authorities, announcement(30).authorities);
  EXPECT_EQ(right2.next.authorities, announcement(20).authorities);

  // A third branch skips to epoch 3 and reuses epoch 1's data.
  const BlockEpochs skipper = after(parent, 135, announcement(40));
  EXPECT_EQ(skipper.current.epoch_index, 3u);
  EXPECT_EQ(skipper.current.start_slot, 130u);
  EXPECT_EQ(skipper.current.authorities, announcement(1).authorities);
  EXPECT_EQ(skipper.next.epoch_index, 4u);
}

TEST(BabeEpochChanges, BadInputsAreErrors) {
  const BlockEpochs b1 = after(std::nullopt, 100, announcement(1));
  const BlockEpochs b2 = after(b1, 115, announcement(2));  // epoch 1 [110, 120)
  // A child before its parent's epoch (slot progression is checked separately).
  auto early = epoch_for_child(b2, genesis(), 105);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().kind, Kind::kSlotOutsideEpoch);

  EpochGenesis zero = genesis();
  zero.epoch_length = 0;
  auto r = epoch_for_child(std::nullopt, zero, 100);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, Kind::kInvalidEpoch);
  BlockEpochs broken = b2;
  broken.next.duration = 0;
  expect_error(epochs_after_child(broken, genesis(), 125, announcement(3)), Kind::kInvalidEpoch);

  // Overflowing slots and indices never wrap.
  BlockEpochs edge = b2;
  edge.next.start_slot = UINT64_MAX - 5;
  expect_error(epochs_after_child(edge, genesis(), UINT64_MAX - 1, announcement(3)),
               Kind::kInvalidEpoch);
  edge = b2;
  edge.next.epoch_index = UINT64_MAX;
  expect_error(epochs_after_child(edge, genesis(), 121, announcement(3)), Kind::kInvalidEpoch);
  edge.next.epoch_index = UINT64_MAX - 1;
  expect_error(epochs_after_child(edge, genesis(), 200, announcement(3)), Kind::kInvalidEpoch);
}

TEST(BabeEpochChanges, CloneAndIncrement) {
  const Epoch e{4, 40, 10, {authority(1)}, {}, EpochConfiguration{}};
  EXPECT_EQ(clone_for_slot(e, 35).value(), e);  // before: unchanged
  EXPECT_EQ(clone_for_slot(e, 49).value(), e);
  const Epoch moved = clone_for_slot(e, 73).value();
  EXPECT_EQ(moved.epoch_index, 7u);
  EXPECT_EQ(moved.start_slot, 70u);
  EXPECT_EQ(moved.authorities, e.authorities);
  const Epoch next =
      increment_epoch(e, announcement(9), EpochConfiguration{{1, 3}, AllowedSlots::kPrimarySlots})
          .value();
  EXPECT_EQ(next.epoch_index, 5u);
  EXPECT_EQ(next.start_slot, 50u);
  EXPECT_EQ(next.duration, 10u);
  EXPECT_EQ(next.authorities, announcement(9).authorities);
  EXPECT_EQ(next.config.c, (PrimaryProbability{1, 3}));
}

// A small chain made and checked the way the node will: for each block, epoch_for_child gives the
// epoch to claim in, the header is sealed, verify_header checks it against the same epoch, and
// its announcement yields the stored BlockEpochs. Slots jump over whole epochs twice.
TEST(BabeEpochChanges, ProducedChainVerifiesAcrossEpochs) {
  const auto pair = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  const crypto::sr25519::Keypair alice =
      crypto::sr25519::keypair_from_mini_secret(pair.secret_seed().value());
  EpochGenesis g;
  g.authorities = {Authority{alice.public_key, 1}};
  g.config = EpochConfiguration{{1, 4}, AllowedSlots::kPrimaryAndSecondaryVrfSlots};
  g.epoch_length = kLength;

  std::optional<BlockEpochs> parent_epochs;
  Slot parent_slot = 0;  // genesis
  block::Header parent_header;
  uint8_t announced = 0;
  int epoch_changes = 0;
  for (Slot slot :
       std::initializer_list<Slot>{500, 501, 505, 509, 510, 514, 522, 547, 548, 550, 590}) {
    ASSERT_TRUE(check_slot_progression(parent_slot, slot).has_value());
    auto child = epoch_for_child(parent_epochs, g, slot);
    ASSERT_TRUE(child.has_value()) << to_string(child.error());
    const crypto::sr25519::Keypair keys[] = {alice};
    auto claim = claim_slot(slot, child->epoch, keys);
    ASSERT_TRUE(claim.has_value()) << slot;

    block::Header header;
    header.parent_hash = block::hash_of(parent_header);
    header.number = parent_header.number + 1;
    header.digest.push_back(pre_runtime_item(claim->pre_digest));
    if (child->first_in_epoch) {
      NextEpochDescriptor next{{Authority{alice.public_key, 1}}, {}};
      next.randomness.fill(++announced);
      header.digest.push_back(block::DigestConsensus{
          block::kBabeEngineId, scale::encode(ConsensusLog{NextEpochData{next}})});
      ++epoch_changes;
    }
    seal_header(header, alice);

    // Import: verify against the same epoch, then derive the stored epochs from the logs.
    auto verified = verify_header(header, child->epoch);
    ASSERT_TRUE(verified.has_value()) << slot << ": " << to_string(verified.error());
    auto announcement = find_epoch_announcement(verified->consensus_logs);
    ASSERT_TRUE(announcement.has_value());
    auto epochs = epochs_after_child(parent_epochs, g, slot, announcement->next_epoch,
                                     announcement->next_config);
    ASSERT_TRUE(epochs.has_value()) << slot << ": " << to_string(epochs.error());
    EXPECT_EQ(epochs->current.epoch_index, (slot - 500) / kLength);
    // Persisted and read back.
    auto stored = scale::decode<BlockEpochs>(scale::encode(*epochs));
    ASSERT_TRUE(stored.has_value());
    parent_epochs = *stored;
    parent_slot = slot;
    parent_header = header;
  }
  // Epochs 0, 1, 2, 4 (skipping 3), 5, 9 (skipping 6-8).
  EXPECT_EQ(epoch_changes, 6);
  EXPECT_EQ(parent_epochs->current.epoch_index, 9u);
}

}  // namespace
}  // namespace canary::consensus::babe
