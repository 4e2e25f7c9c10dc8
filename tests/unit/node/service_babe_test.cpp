// BABE authoring and import with the Canary runtime's dev chain: Alice (the only authority)
// claims slots, builds, seals and imports blocks; a second node verifies and executes them.
#include <gtest/gtest.h>

#include "blockchain/genesis.hpp"
#include "consensus/babe/digests.hpp"
#include "node/service/babe_author.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/codec.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

struct TestNode {
  state::testing::TempDir dir;
  std::unique_ptr<blockchain::Chain> chain;
  std::unique_ptr<BabeState> babe;
  std::unique_ptr<BlockImporter> importer;
  std::unique_ptr<BabeAuthor> author;
};

class BabeService : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef CANARY_RUNTIME_BLOB
    GTEST_SKIP() << "built without the wasm32 runtime";
#else
    host_ =
        std::make_unique<blockchain::RuntimeHost>(blockchain::RuntimeHostConfig{.compiled = false});
    auto genesis = blockchain::testing::dev_genesis(*host_);
    ASSERT_TRUE(genesis);
    genesis_ = std::make_unique<blockchain::GenesisBlock>(std::move(*genesis));
    auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice");
    ASSERT_TRUE(alice);
    alice_ = *alice->sr25519();
#endif
  }

  void start(TestNode& node) { start(node, *genesis_); }
  void start(TestNode& node, const blockchain::GenesisBlock& genesis) {
    node.chain = blockchain::testing::open_chain_at_genesis(node.dir.path(), genesis);
    ASSERT_TRUE(node.chain);
    auto babe = BabeState::open(*node.chain, *host_);
    ASSERT_TRUE(babe) << babe.error().message();
    node.babe = std::move(*babe);
    node.importer = std::make_unique<BlockImporter>(*node.chain, *host_, *node.babe);
    node.author =
        std::make_unique<BabeAuthor>(*node.chain, *host_, *node.babe, *node.importer, nullptr);
  }

  std::unique_ptr<blockchain::RuntimeHost> host_;
  std::unique_ptr<blockchain::GenesisBlock> genesis_;
  crypto::sr25519::Keypair alice_;
};

TEST_F(BabeService, TheDevAuthorityAuthorsEverySlotAndAnotherNodeImportsTheBlocks) {
  TestNode author;
  TestNode follower;
  start(author);
  start(follower);
  EXPECT_EQ(author.babe->slot_duration_ms(), 6000u);
  ASSERT_EQ(author.babe->configuration().authorities.size(), 1u);
  EXPECT_EQ(author.babe->configuration().authorities[0].public_key, alice_.public_key);

  const uint64_t first_slot = 300'000'000;
  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  size_t primaries = 0;
  for (uint64_t slot = first_slot; slot < first_slot + 8; ++slot) {
    SCOPED_TRACE(slot);
    const uint64_t now = slot * 6000 + 10;
    auto authored = author.author->on_slot(slot, keys, now);
    ASSERT_TRUE(authored) << authored.error().message();
    // With secondary VRF slots allowed and one authority, every slot is ours.
    ASSERT_TRUE(*authored);
    primaries += (*authored)->primary ? 1 : 0;
    EXPECT_EQ(author.chain->best().hash, (*authored)->block.hash);
    // The same slot again does nothing: the best block is at it already.
    auto again = author.author->on_slot(slot, keys, now);
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);

    auto header = author.chain->header((*authored)->block.hash);
    auto body = author.chain->body((*authored)->block.hash);
    ASSERT_TRUE(header && *header && body && *body);
    auto imported = follower.importer->import_block(**header, **body, std::nullopt, now);
    ASSERT_TRUE(imported) << imported.error().message();
    EXPECT_TRUE(imported->new_best);
    EXPECT_EQ(follower.chain->best().hash, (*authored)->block.hash);
    auto pre = consensus::babe::find_pre_digest(**header);
    ASSERT_TRUE(pre);
    EXPECT_EQ(pre->slot(), slot);
  }
  EXPECT_EQ(author.babe->weight_of(author.chain->best().hash).value(), primaries);
  EXPECT_EQ(follower.babe->weight_of(follower.chain->best().hash).value(), primaries);
}

TEST_F(BabeService, ImportRefusesBadSealsFutureSlotsAndUnknownParents) {
  TestNode author;
  TestNode follower;
  start(author);
  start(follower);
  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  const uint64_t slot = 400'000'000;
  auto authored = author.author->on_slot(slot, keys, slot * 6000);
  ASSERT_TRUE(authored && *authored);
  auto header = author.chain->header((*authored)->block.hash).value().value();
  auto body = author.chain->body((*authored)->block.hash).value().value();

  // From a slot two slots ahead of our clock: refused (Substrate defers such blocks).
  auto early = follower.importer->import_block(header, body, std::nullopt, (slot - 2) * 6000);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, blockchain::BlockchainError::Kind::kConsensus);

  block::Header tampered = header;
  tampered.state_root[3] ^= 0x10;
  auto bad = follower.importer->import_block(tampered, body, std::nullopt, slot * 6000);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, blockchain::BlockchainError::Kind::kConsensus);

  block::Header orphan = header;
  orphan.parent_hash[0] ^= 1;
  auto unknown = follower.importer->import_block(orphan, body, std::nullopt, slot * 6000);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, blockchain::BlockchainError::Kind::kUnknownBlock);

  // A body that does not match the header: the runtime refuses it.
  auto wrong_body = follower.importer->import_block(header, {}, std::nullopt, slot * 6000);
  ASSERT_FALSE(wrong_body);

  auto good = follower.importer->import_block(header, body, std::nullopt, slot * 6000);
  ASSERT_TRUE(good) << good.error().message();
  auto twice = follower.importer->import_block(header, body, std::nullopt, slot * 6000);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, blockchain::BlockchainError::Kind::kAlreadyKnown);
}

// The importer records substrate_block_verification_and_import_time for each block it imports
// (ours and others', never a refused one), the author substrate_proposer_block_constructed for
// each block it builds.
TEST_F(BabeService, ImportAndBuildTimesAreRecorded) {
  TestNode author;
  TestNode follower;
  start(author);
  start(follower);
  MetricsRegistry author_metrics;
  MetricsRegistry follower_metrics;
  author.importer->set_metrics(&author_metrics);
  author.author->set_metrics(&author_metrics);
  follower.importer->set_metrics(&follower_metrics);
  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  const uint64_t slot = 400'000'000;
  for (uint64_t s = slot; s < slot + 2; ++s) {
    auto authored = author.author->on_slot(s, keys, s * 6000);
    ASSERT_TRUE(authored && *authored);
    auto header = author.chain->header((*authored)->block.hash).value().value();
    auto body = author.chain->body((*authored)->block.hash).value().value();
    ASSERT_FALSE(follower.importer->import_block(header, {}, std::nullopt, s * 6000));
    ASSERT_TRUE(follower.importer->import_block(header, body, std::nullopt, s * 6000));
    ASSERT_FALSE(follower.importer->import_block(header, body, std::nullopt, s * 6000));
  }
  EXPECT_EQ(author_metrics.value(kBlockConstructedMetric, {}), 2.0);
  EXPECT_EQ(author_metrics.value(kBlockImportTimeMetric, {}), 2.0);
  EXPECT_EQ(follower_metrics.value(kBlockImportTimeMetric, {}), 2.0);
  EXPECT_FALSE(follower_metrics.value(kBlockConstructedMetric, {}));
  const std::string text = follower_metrics.render();
  EXPECT_NE(text.find("# HELP substrate_block_verification_and_import_time Time taken to verify "
                      "and import blocks\n# TYPE substrate_block_verification_and_import_time "
                      "histogram\n"),
            std::string::npos);
  EXPECT_NE(text.find("substrate_block_verification_and_import_time_bucket{le=\"10\"} 2\n"),
            std::string::npos);
}

// sc-consensus-slots skips slots while a major sync is in progress: a validator far behind the
// network catches up before it builds on a stale best block.
TEST_F(BabeService, NoAuthoringWhileAMajorSyncIsInProgress) {
  TestNode node;
  start(node);
  bool syncing = true;
  node.author = std::make_unique<BabeAuthor>(*node.chain, *host_, *node.babe, *node.importer,
                                             nullptr, [&syncing] { return syncing; });
  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  const uint64_t slot = 500'000'000;
  auto skipped = node.author->on_slot(slot, keys, slot * 6000);
  ASSERT_TRUE(skipped) << skipped.error().message();
  EXPECT_FALSE(*skipped);
  EXPECT_EQ(node.chain->best().number, 0u);

  syncing = false;
  auto authored = node.author->on_slot(slot + 1, keys, (slot + 1) * 6000);
  ASSERT_TRUE(authored) << authored.error().message();
  ASSERT_TRUE(*authored);
  EXPECT_EQ(node.chain->best().number, 1u);
}

#ifdef CANARY_RUNTIME_BLOB
// sc-consensus-babe runs BlockBuilder_check_inherents with the importer's own clock: a block whose
// timestamp is more than 30 s ahead of it is refused, although its slot is the current one. With
// 6 s slots BABE's slot check alone keeps timestamps within 12 s; a chain of 120 s slots (the
// genesis' `:MinimumPeriod:` at 60 s) lets a block's time run 100 s ahead of our clock.
TEST_F(BabeService, ImportRefusesABlockWhoseTimestampIsTooFarAheadOfOurClock) {
  state::ChainSpec spec;
  ASSERT_TRUE(blockchain::testing::dev_genesis(*host_, &spec));
  const std::string_view key = ":MinimumPeriod:";
  const Hash128 prefix =
      hash::twox_128(ByteSpan(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
  spec.top[Bytes(prefix.begin(), prefix.end())] = scale::encode(uint64_t{60'000});
  auto genesis = blockchain::make_genesis_block(spec);
  ASSERT_TRUE(genesis) << genesis.error().message();
  TestNode author;
  TestNode follower;
  start(author, *genesis);
  start(follower, *genesis);
  ASSERT_EQ(author.babe->slot_duration_ms(), 120'000u);

  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  const uint64_t slot = 20'000'000;
  const uint64_t slot_start = slot * 120'000;
  // The author's clock is 100 s into the slot: the block's timestamp.
  auto authored = author.author->on_slot(slot, keys, slot_start + 100'000);
  ASSERT_TRUE(authored && *authored);
  auto header = author.chain->header((*authored)->block.hash).value().value();
  auto body = author.chain->body((*authored)->block.hash).value().value();

  // Ours is 1 s into the slot: 99 s behind the block, more than the 30 s drift allowed.
  auto early = follower.importer->import_block(header, body, std::nullopt, slot_start + 1'000);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, blockchain::BlockchainError::Kind::kBadBlock);
  EXPECT_NE(early.error().message().find("too far in the future"), std::string::npos)
      << early.error().message();
  EXPECT_EQ(follower.chain->best().number, 0u);

  // 80 s into the slot the block is 20 s ahead: within the drift.
  auto later = follower.importer->import_block(header, body, std::nullopt, slot_start + 80'000);
  ASSERT_TRUE(later) << later.error().message();
  EXPECT_EQ(follower.chain->best().hash, (*authored)->block.hash);
}
#endif

}  // namespace
}  // namespace canary::node
