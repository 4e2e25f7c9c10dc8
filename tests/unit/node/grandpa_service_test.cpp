// GrandpaService in the node, over a chain in RocksDB: a commit gossiped for blocks the node has
// not imported yet (a validator that rejoins hears the network's head first) waits for them, and
// finalizes once they are imported, with the commit as the block's justification, instead of being
// refused as a block that "does not descend from our finalized block"; and the service keeps the
// justifications Substrate keeps.
#include "node/service/grandpa_service.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "consensus/grandpa/authority_set.hpp"
#include "consensus/grandpa/gossip_message.hpp"
#include "consensus/grandpa/justification.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "primitives/block/signed_block.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"
#include "tests/unit/network/warp_sync_test_support.hpp"
#include "tests/unit/node/grandpa_chain_support.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

namespace grandpa = consensus::grandpa;
using network::testing::authorities_of;

class RecordingSink final : public GrandpaGossipSink {
 public:
  void send(const grandpa::PeerKey& /*peer*/, Bytes /*message*/) override {}
  void report(const grandpa::PeerKey& /*peer*/, grandpa::ReputationChange change) override {
    reports.push_back(change);
  }
  std::vector<grandpa::ReputationChange> reports;
};

// Four authorities; the node holds the first key, so it is a voter that cannot finalize alone.
class GrandpaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    keys_ = grandpa::testing::dev_keys(4);
    auto chain = testing::grandpa_genesis_chain(dir_.path(), authorities_of(keys_));
    ASSERT_TRUE(chain) << chain.error();
    chain_ = std::move(*chain);
    auto service = GrandpaService::open(*chain_, host_, GrandpaService::with_key(keys_[0]), now_);
    ASSERT_TRUE(service) << service.error();
    grandpa_ = std::move(*service);
    grandpa_->set_gossip_sink(&sink_);
    grandpa_->on_gossip_peer_connected(peer_, grandpa::PeerRole::kAuthority, now_);

    // Headers #1..#5, none imported yet.
    block::BlockHash parent = chain_->genesis().hash;
    for (block::BlockNumber n = 1; n <= 5; ++n) {
      block::Header header;
      header.parent_hash = parent;
      header.number = n;
      header.state_root = block::kEmptyTrieRoot;
      header.extrinsics_root = block::kEmptyTrieRoot;
      parent = block::hash_of(header);
      headers_.push_back(header);
      by_hash_[parent] = header;
    }
  }

  grandpa::BlockRef ref(block::BlockNumber n) const { return {block::hash_of(headers_[n - 1]), n}; }

  // Bob, Charlie and Dave (3 of 4: the threshold) justify #n in `round` of set 0.
  grandpa::GrandpaJustification justify(block::BlockNumber n, grandpa::RoundNumber round) const {
    const std::vector<crypto::ed25519::Keypair> signers(keys_.begin() + 1, keys_.end());
    return network::testing::sign_justification(
        ref(n), signers, /*set_id=*/0, round,
        [this](const block::BlockHash& hash) -> std::optional<block::Header> {
          auto it = by_hash_.find(hash);
          if (it == by_hash_.end()) return std::nullopt;
          return it->second;
        });
  }

  void gossip_commit(const grandpa::GrandpaJustification& justification) {
    const grandpa::GossipMessage commit =
        grandpa::CommitMessage{justification.round, 0, grandpa::to_compact(justification.commit)};
    grandpa_->on_gossip_message(peer_, scale::encode(commit), now_);
  }

  // The GRANDPA justification stored with #n, if any.
  std::optional<grandpa::GrandpaJustification> stored_justification(block::BlockNumber n) const {
    auto stored = chain_->justification(ref(n).hash);
    EXPECT_TRUE(stored);
    if (!stored || !*stored) return std::nullopt;
    auto justifications = scale::decode<block::Justifications>(**stored);
    EXPECT_TRUE(justifications);
    if (!justifications || justifications->size() != 1) return std::nullopt;
    auto decoded = scale::decode<grandpa::GrandpaJustification>(justifications->front().proof);
    EXPECT_TRUE(decoded);
    if (!decoded) return std::nullopt;
    return *decoded;
  }

  void import(block::BlockNumber n) {
    state::BlockCommit commit;
    commit.header = headers_[n - 1];
    commit.body = scale::encode(std::vector<Bytes>{});
    commit.make_best = true;
    auto done = chain_->import(commit);
    ASSERT_TRUE(done) << done.error().message();
    grandpa_->on_block_imported(blockchain::ImportNotice{
        blockchain::BlockRef{block::hash_of(headers_[n - 1]), n}, headers_[n - 1]});
  }

  state::testing::TempDir dir_;
  std::vector<crypto::ed25519::Keypair> keys_;
  std::unique_ptr<blockchain::Chain> chain_;
  blockchain::RuntimeHost host_{blockchain::RuntimeHostConfig{.compiled = false}};
  std::unique_ptr<GrandpaService> grandpa_;
  RecordingSink sink_;
  grandpa::PeerKey peer_{to_bytes("bob's peer id")};
  std::vector<block::Header> headers_;
  std::map<block::BlockHash, block::Header> by_hash_;
  uint64_t now_ = 1'700'000'000'000;
};

TEST_F(GrandpaServiceTest, ACommitAheadOfImportFinalizesOnceItsBlocksAreImported) {
  import(1);
  import(2);
  const grandpa::GrandpaJustification justification = justify(4, /*round=*/1);
  gossip_commit(justification);
  EXPECT_EQ(chain_->finalized().number, 0u);

  import(3);
  grandpa_->poll(now_ += 100);
  EXPECT_EQ(chain_->finalized().number, 0u);

  import(4);
  grandpa_->poll(now_ += 100);
  ASSERT_EQ(chain_->finalized().number, 4u);
  EXPECT_EQ(chain_->finalized().hash, ref(4).hash);
  import(5);
  grandpa_->poll(now_ += 100);
  EXPECT_EQ(chain_->finalized().number, 4u);

  // The justification stored with #4 (the first block finalized after genesis) is the network's
  // commit.
  auto stored = stored_justification(4);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->commit, justification.commit);
  EXPECT_EQ(stored->round, 1u);
}

// As sc-consensus-grandpa: a justification made from a commit is stored with its block only for
// the first block after genesis, a set change or a new period of 512 blocks; the newest one is
// always the best justification (warp sync's last fragment); one received from a peer is stored.
TEST_F(GrandpaServiceTest, KeepsTheJustificationsSubstrateKeeps) {
  for (block::BlockNumber n = 1; n <= 5; ++n) import(n);
  gossip_commit(justify(2, /*round=*/1));
  ASSERT_EQ(chain_->finalized().number, 2u);
  EXPECT_TRUE(stored_justification(2));

  const grandpa::GrandpaJustification third = justify(3, /*round=*/2);
  gossip_commit(third);
  ASSERT_EQ(chain_->finalized().number, 3u);
  EXPECT_FALSE(stored_justification(3)) << "#3 enacts no change and starts no period";
  auto best = chain_->database().aux(to_bytes(kGrandpaBestJustificationKey));
  ASSERT_TRUE(best && *best);
  EXPECT_EQ(**best, scale::encode(third));

  const grandpa::GrandpaJustification fifth = justify(5, /*round=*/3);
  auto imported = grandpa_->import_justification({ref(5).hash, 5}, scale::encode(fifth), now_);
  ASSERT_TRUE(imported) << imported.error();
  EXPECT_TRUE(*imported);
  ASSERT_EQ(chain_->finalized().number, 5u);
  auto stored = stored_justification(5);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->commit, fifth.commit);
}

}  // namespace
}  // namespace canary::node
