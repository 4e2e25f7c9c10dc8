// BABE authoring and import with the Canary runtime's dev chain: Alice (the only authority)
// claims slots, builds, seals and imports blocks; a second node verifies and executes them.
// `babe_epochAuthorship` lists the slots the keystore's authority keys may claim;
// `sync_state_genSyncSpec` writes the finalized block's BABE and GRANDPA records into the spec.
#include <gtest/gtest.h>

#include "blockchain/genesis.hpp"
#include "consensus/babe/digests.hpp"
#include "consensus/babe/slot_claim.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/service/babe_author.hpp"
#include "node/service/babe_methods.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/equivocation_reporter.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "node/service/offchain_transaction_pool.hpp"
#include "node/service/sync_state_methods.hpp"
#include "node/service/transaction_service.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/ss58/ss58.hpp"
#include "primitives/util/hex.hpp"
#include "rpc/jsonrpc/session.hpp"
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

// Alice's key authoring on two nodes at once: each builds its own block of the slot. A third
// node imports both, catches the equivocation, and the runtime proves Alice's key and takes the
// report into that node's pool as a local transaction.
TEST_F(BabeService, TwoBlocksOfOneSlotByOneAuthorAreReportedToThePool) {
  TestNode first;
  TestNode second;
  TestNode follower;
  start(first);
  start(second);
  start(follower);
  std::vector<consensus::babe::EquivocationProof> caught;
  follower.importer->set_equivocation_handler(
      [&](consensus::babe::EquivocationProof proof) { caught.push_back(std::move(proof)); });
  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  const uint64_t slot = 500'000'000;
  // Different times within the slot: different timestamps, different blocks.
  auto a = first.author->on_slot(slot, keys, slot * 6000 + 10);
  auto b = second.author->on_slot(slot, keys, slot * 6000 + 20);
  ASSERT_TRUE(a && *a && b && *b);
  ASSERT_NE((*a)->block.hash, (*b)->block.hash);
  const auto import = [&](TestNode& from, const block::BlockHash& hash) {
    auto header = from.chain->header(hash);
    auto body = from.chain->body(hash);
    ASSERT_TRUE(header && *header && body && *body);
    auto imported =
        follower.importer->import_block(**header, **body, std::nullopt, slot * 6000 + 30);
    ASSERT_TRUE(imported) << imported.error().message();
  };
  import(first, (*a)->block.hash);
  EXPECT_TRUE(caught.empty());
  import(second, (*b)->block.hash);
  ASSERT_EQ(caught.size(), 1u);
  EXPECT_EQ(caught[0].offender, alice_.public_key);
  EXPECT_EQ(caught[0].slot, slot);
  EXPECT_EQ(block::hash_of(caught[0].first_header), (*a)->block.hash);
  EXPECT_EQ(block::hash_of(caught[0].second_header), (*b)->block.hash);

  TransactionService transactions(*follower.chain, *host_, txpool::PoolOptions{},
                                  [] { return slot * 6000 + 40; });
  OffchainTransactionPool pool(transactions);
  EquivocationReporter reporter(*follower.chain, *host_, pool);
  const EquivocationReport report = babe_report(caught[0]);
  EXPECT_EQ(report.api, "BabeApi");
  EXPECT_EQ(report.prove_at, follower.chain->genesis().hash);
  auto submitted = reporter.submit(report);
  ASSERT_TRUE(submitted) << submitted.error();
  EXPECT_TRUE(*submitted);
  ASSERT_EQ(transactions.pending().size(), 1u);
  EXPECT_EQ(transactions.pending().front()->source, runtime::TransactionSource::kLocal);
  // The same report again is the same transaction: the pool refuses it, nothing is added.
  auto again = reporter.submit(report);
  ASSERT_TRUE(again) << again.error();
  EXPECT_FALSE(*again);
  EXPECT_EQ(transactions.pending().size(), 1u);
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

// One call on a session of `registry` (`deny_unsafe` as under --rpc-methods safe).
nlohmann::json call_once(std::shared_ptr<::canary::rpc::MethodRegistry> registry, bool deny_unsafe,
                         const std::string& method,
                         const nlohmann::json& params = nlohmann::json::array()) {
  auto outbox = std::make_shared<::canary::rpc::Outbox>(16);
  ::canary::rpc::SessionConfig config;
  config.deny_unsafe = deny_unsafe;
  ::canary::rpc::Session session(registry, config, outbox, [] { return std::string("s"); });
  session.handle_message(
      nlohmann::json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}}.dump());
  auto text = outbox->pop();
  return text ? nlohmann::json::parse(*text) : nlohmann::json();
}

TEST_F(BabeService, EpochAuthorshipListsTheSlotsOfTheKeystoresAuthorities) {
  TestNode node;
  start(node);
  auto keystore = FileKeystore::in_memory();
  auto registry = std::make_shared<::canary::rpc::MethodRegistry>();
  register_babe_methods(*registry, *node.chain, *node.babe, *keystore, 2);

  // No key: nothing. A key that is no authority (Bob's) is not listed either.
  EXPECT_EQ(call_once(registry, false, "babe_epochAuthorship")["result"], nlohmann::json::object());
  ASSERT_TRUE(insert_dev_keys(*keystore, "//Bob"));
  EXPECT_EQ(call_once(registry, false, "babe_epochAuthorship")["result"], nlohmann::json::object());

  // Alice authors #1 at `first_slot`, which opens epoch 0 there.
  ASSERT_TRUE(insert_dev_keys(*keystore, "//Alice"));
  const uint64_t first_slot = 300'000'000;
  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  auto authored = node.author->on_slot(first_slot, keys, first_slot * 6000 + 10);
  ASSERT_TRUE(authored && *authored);
  const uint64_t length = node.babe->configuration().epoch_length;
  ASSERT_GT(length, 0u);

  const auto response = call_once(registry, false, "babe_epochAuthorship");
  ASSERT_TRUE(response.contains("result")) << response.dump();
  const std::string alice = ss58::encode(alice_.public_key, 2);
  ASSERT_EQ(response["result"].size(), 1u) << response.dump();
  const auto& slots = response["result"][alice];
  // The sole authority claims every slot of the epoch: primary where its VRF wins, else the
  // secondary kind the dev chain allows (VRF), as the author claims them.
  auto epoch = node.babe->epoch_for_child(node.chain->best().hash, first_slot);
  ASSERT_TRUE(epoch);
  nlohmann::json primary = nlohmann::json::array();
  nlohmann::json secondary_vrf = nlohmann::json::array();
  for (uint64_t slot = first_slot; slot < first_slot + length; ++slot) {
    auto claim = consensus::babe::claim_slot(slot, epoch->epoch, keys);
    ASSERT_TRUE(claim) << slot;
    (claim->pre_digest.is_primary() ? primary : secondary_vrf).push_back(slot);
  }
  EXPECT_EQ(slots, (nlohmann::json{{"primary", primary},
                                   {"secondary", nlohmann::json::array()},
                                   {"secondary_vrf", secondary_vrf}}));
  EXPECT_FALSE(primary.empty());
  EXPECT_FALSE(secondary_vrf.empty());

  // Unsafe: refused under --rpc-methods safe.
  const auto refused = call_once(registry, true, "babe_epochAuthorship");
  EXPECT_EQ(refused["error"]["code"], -32601) << refused.dump();
}

TEST_F(BabeService, GenSyncSpecCarriesTheFinalizedBlocksRecords) {
  TestNode node;
  start(node);
  const Bytes authority_set{1, 2, 3};
  ASSERT_TRUE(node.chain->database().write_aux(
      {state::AuxWrite{to_bytes(kGrandpaAuthoritySetKey), authority_set}}));
  auto registry = std::make_shared<::canary::rpc::MethodRegistry>();
  register_sync_state_methods(
      *registry, *node.chain, *node.babe,
      R"({"name":"Development","id":"dev","chainType":"Development","lightSyncState":null,)"
      R"("genesis":{"raw":{"top":{"0x3a636f6465":"0x00"},"childrenDefault":{}}}})");

  // Only genesis is final: BABE has no weight for it, as in Substrate.
  auto refused = call_once(registry, true, "sync_state_genSyncSpec", nlohmann::json::array({true}));
  EXPECT_EQ(refused["error"],
            (nlohmann::json{{"code", 1},
                            {"message", "Failed to load the block weight for block " +
                                            to_hex(node.chain->genesis().hash)}}));

  const std::span<const crypto::sr25519::Keypair> keys(&alice_, 1);
  for (uint64_t slot = 300'000'000; slot < 300'000'003; ++slot) {
    auto authored = node.author->on_slot(slot, keys, slot * 6000 + 10);
    ASSERT_TRUE(authored && *authored);
  }
  const block::BlockHash two = node.chain->canonical_hash(2).value().value();
  ASSERT_TRUE(node.chain->finalize(two));

  auto response =
      call_once(registry, true, "sync_state_genSyncSpec", nlohmann::json::array({true}));
  ASSERT_TRUE(response.contains("result")) << response.dump();
  const auto& spec = response["result"];
  EXPECT_EQ(spec["name"], "Development");
  EXPECT_EQ(spec["genesis"]["raw"]["top"]["0x3a636f6465"], "0x00");
  const auto& state = spec["lightSyncState"];
  EXPECT_EQ(state["finalizedBlockHeader"], to_hex(scale::encode(*node.chain->header(two).value())));
  EXPECT_EQ(state["babeFinalizedBlockWeight"], node.babe->weight_of(two).value());
  EXPECT_EQ(state["babeEpochChanges"], to_hex(scale::encode(node.babe->epochs_of(two).value())));
  EXPECT_EQ(state["grandpaAuthoritySet"], to_hex(authority_set));
  // By name, and the param is required.
  EXPECT_EQ(call_once(registry, true, "sync_state_genSyncSpec",
                      nlohmann::json{{"raw", false}})["result"]["lightSyncState"],
            state);
  EXPECT_EQ(call_once(registry, true, "sync_state_genSyncSpec")["error"]["code"], -32602);
}

}  // namespace
}  // namespace canary::node
