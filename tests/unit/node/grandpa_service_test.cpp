// GrandpaService in the node, over a chain in RocksDB: a commit gossiped for blocks the node has
// not imported yet (a validator that rejoins hears the network's head first) waits for them, and
// finalizes once they are imported, with the commit as the block's justification, instead of being
// refused as a block that "does not descend from our finalized block".
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
  // Bob, Charlie and Dave (3 of 4: the threshold) commit to #4.
  const std::vector<crypto::ed25519::Keypair> signers(keys_.begin() + 1, keys_.end());
  const grandpa::GrandpaJustification justification = network::testing::sign_justification(
      ref(4), signers, /*set_id=*/0, /*round=*/1,
      [this](const block::BlockHash& hash) -> std::optional<block::Header> {
        auto it = by_hash_.find(hash);
        if (it == by_hash_.end()) return std::nullopt;
        return it->second;
      });
  const grandpa::GossipMessage commit =
      grandpa::CommitMessage{1, 0, grandpa::to_compact(justification.commit)};
  grandpa_->on_gossip_message(peer_, scale::encode(commit), now_);
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

  // The justification stored with #4 is the network's commit.
  auto stored = chain_->justification(ref(4).hash);
  ASSERT_TRUE(stored && *stored);
  auto justifications = scale::decode<block::Justifications>(**stored);
  ASSERT_TRUE(justifications);
  ASSERT_EQ(justifications->size(), 1u);
  auto decoded = scale::decode<grandpa::GrandpaJustification>(justifications->front().proof);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->commit, justification.commit);
  EXPECT_EQ(decoded->round, 1u);
}

}  // namespace
}  // namespace canary::node
