// BABE authoring and import with the Canary runtime's dev chain: Alice (the only authority)
// claims slots, builds, seals and imports blocks; a second node verifies and executes them.
#include <gtest/gtest.h>

#include "blockchain/genesis.hpp"
#include "consensus/babe/digests.hpp"
#include "node/service/babe_author.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
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

  void start(TestNode& node) {
    node.chain = blockchain::testing::open_chain_at_genesis(node.dir.path(), *genesis_);
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

}  // namespace
}  // namespace canary::node
