// `/sync/warp` served by the node: GrandpaService finalizes a chain in RocksDB whose GRANDPA set
// changes twice (once by its own voter, once by a justification imported as sync does), and the
// proofs built from the chain and the aux records (ChainWarpProofSource) verify from the genesis
// set; WarpSyncServer answers on its thread, and over two libp2p hosts on loopback under both the
// genesis-hash name and the legacy one.
#include "node/service/warp_sync_server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "consensus/grandpa/authority_set.hpp"
#include "network/host/host.hpp"
#include "network/host/request_response.hpp"
#include "network/protocols/protocol_names.hpp"
#include "network/protocols/warp_sync.hpp"
#include "network/protocols/warp_sync_handler.hpp"
#include "network/sync/warp_sync_verifier.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "node/service/grandpa_service.hpp"
#include "primitives/block/signed_block.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"
#include "tests/unit/network/warp_sync_test_support.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

namespace grandpa = consensus::grandpa;
using namespace std::chrono_literals;
using network::testing::authorities_of;

// #3 hands set 0 {Alice} over to set 1 {Bob, Charlie, Dave}; #6 hands set 1 over to set 2
// {Alice, Bob}. The node holds Alice's key: its voter finalizes #3 alone, then (no longer a
// voter) imports set 1's justification of #6 and set 2's of #8.
class WarpSyncServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto keys = grandpa::testing::dev_keys(4);
    sets_ = {{keys[0]}, {keys[1], keys[2], keys[3]}, {keys[0], keys[1]}};
    state::DatabaseOptions options;
    options.sync = state::SyncPolicy::kNever;
    auto db = state::Database::open(dir_.path(), options);
    ASSERT_TRUE(db) << db.error().message();
    state::BlockCommit genesis;
    genesis.header = block::genesis_header(block::kEmptyTrieRoot);
    genesis.body = scale::encode(std::vector<Bytes>{});
    ASSERT_TRUE((*db)->commit(genesis));
    // GRANDPA's genesis record, which the node otherwise reads from the genesis runtime.
    auto tracker = grandpa::AuthoritySetTracker::genesis(authorities_of(sets_[0]));
    ASSERT_TRUE(tracker);
    ASSERT_TRUE(
        (*db)->write_aux({state::AuxWrite{to_bytes(kGrandpaAuthoritySetKey), tracker->encode()}}));
    auto chain = blockchain::Chain::open(std::move(*db));
    ASSERT_TRUE(chain) << chain.error().message();
    chain_ = std::move(*chain);
    blocks_.push_back(chain_->genesis().hash);
    open_grandpa();
  }

  void open_grandpa() {
    grandpa_.reset();
    auto service = GrandpaService::open(*chain_, host_, sets_[0][0], now_);
    ASSERT_TRUE(service) << service.error();
    grandpa_ = std::move(*service);
  }

  block::BlockHash import(std::optional<grandpa::AuthorityList> change = std::nullopt) {
    block::Header header;
    header.parent_hash = blocks_.back();
    header.number = static_cast<block::BlockNumber>(blocks_.size());
    header.state_root = block::kEmptyTrieRoot;
    header.extrinsics_root = block::kEmptyTrieRoot;
    if (change) header.digest = {network::testing::scheduled_change(*change)};
    state::BlockCommit commit;
    commit.header = header;
    commit.body = scale::encode(std::vector<Bytes>{});
    commit.make_best = true;
    auto done = chain_->import(commit);
    EXPECT_TRUE(done) << done.error().message();
    blocks_.push_back(block::hash_of(header));
    return blocks_.back();
  }

  blockchain::BlockRef at(block::BlockNumber n) const { return {blocks_[n], n}; }

  Bytes justification(block::BlockNumber n, grandpa::SetId set) {
    return scale::encode(network::testing::sign_justification(
        {blocks_[n], n}, sets_[set], set, 1, [this](const block::BlockHash& h) {
          auto header = chain_->header(h);
          return header ? *header : std::nullopt;
        }));
  }

  // The voter's rounds: polls with the time moving on until `number` is final.
  bool poll_until_finalized(block::BlockNumber number) {
    for (int i = 0; i < 200 && chain_->finalized().number < number; ++i) {
      now_ += 500;
      grandpa_->poll(now_);
    }
    return chain_->finalized().number == number;
  }

  // The chain of the fixture: #3 final by the voter, #6 and #8 by imported justifications, #9
  // above the finalized block.
  void finalize_the_chain() {
    import();
    import();
    import(authorities_of(sets_[1]));
    ASSERT_TRUE(poll_until_finalized(3));
    EXPECT_EQ(grandpa_->set_id(), 1u);
    import();
    import();
    import(authorities_of(sets_[2]));
    auto imported = grandpa_->import_justification(at(6), justification(6, 1), now_);
    ASSERT_TRUE(imported) << imported.error();
    EXPECT_TRUE(*imported);
    EXPECT_EQ(grandpa_->set_id(), 2u);
    import();
    import();
    imported = grandpa_->import_justification(at(8), justification(8, 2), now_);
    ASSERT_TRUE(imported) << imported.error();
    import();
    ASSERT_EQ(chain_->finalized().number, 8u);
  }

  std::vector<block::BlockNumber> numbers(const network::WarpSyncProof& proof) const {
    std::vector<block::BlockNumber> out;
    for (const auto& f : proof.proofs) out.push_back(f.header.number);
    return out;
  }

  state::testing::TempDir dir_;
  std::unique_ptr<blockchain::Chain> chain_;
  blockchain::RuntimeHost host_{blockchain::RuntimeHostConfig{.compiled = false}};
  std::unique_ptr<GrandpaService> grandpa_;
  std::vector<std::vector<crypto::ed25519::Keypair>> sets_;
  std::vector<block::BlockHash> blocks_;
  uint64_t now_ = 1'700'000'000'000;
};

TEST_F(WarpSyncServerTest, TheFinalizedChainHasAVerifiableProof) {
  finalize_the_chain();
  // The blocks that ended a set keep their justification, and the latest one is GRANDPA's best.
  for (block::BlockNumber n : {3u, 6u, 8u}) {
    auto stored = chain_->justification(blocks_[n]);
    ASSERT_TRUE(stored && *stored) << n;
  }
  auto best = chain_->database().aux(to_bytes(kGrandpaBestJustificationKey));
  ASSERT_TRUE(best && *best);
  auto stored8 = scale::decode<block::Justifications>(**chain_->justification(blocks_[8]));
  ASSERT_TRUE(stored8);
  EXPECT_EQ(**best, *block::find_justification(*stored8, block::kGrandpaEngineId));

  const ChainWarpProofSource source(*chain_);
  EXPECT_EQ(source.authority_set_changes().value(), (network::AuthoritySetChanges{{0, 3}, {1, 6}}));
  auto proof = network::build_warp_sync_proof(blocks_[0], source);
  ASSERT_TRUE(proof) << proof.error().message;
  EXPECT_EQ(numbers(*proof), (std::vector<block::BlockNumber>{3, 6, 8}));
  EXPECT_TRUE(proof->is_finished);
  auto verified = network::verify_warp_sync_proof(*proof, 0, authorities_of(sets_[0]));
  ASSERT_TRUE(verified) << network::to_string(verified.error().kind);
  EXPECT_EQ(verified->set_id, 2u);
  EXPECT_EQ(verified->authorities, authorities_of(sets_[2]));
  EXPECT_EQ(block::hash_of(*verified->last_header), blocks_[8]);

  EXPECT_EQ(numbers(network::build_warp_sync_proof(blocks_[4], source).value()),
            (std::vector<block::BlockNumber>{6, 8}));
  EXPECT_EQ(numbers(network::build_warp_sync_proof(blocks_[7], source).value()),
            (std::vector<block::BlockNumber>{8}));
  EXPECT_EQ(network::build_warp_sync_proof(blocks_[9], source).error().kind,
            network::WarpProofErrorKind::kNotFinalized);
  block::BlockHash unknown{};
  unknown[5] = 1;
  EXPECT_EQ(network::build_warp_sync_proof(unknown, source).error().kind,
            network::WarpProofErrorKind::kUnknownBlock);

  // After a restart the records are read back; a database from before the best justification
  // was kept falls back on the finalized block's own.
  open_grandpa();
  EXPECT_EQ(grandpa_->set_id(), 2u);
  EXPECT_EQ(network::build_warp_sync_proof(blocks_[0], source).value(), *proof);
  ASSERT_TRUE(chain_->database().write_aux(
      {state::AuxWrite{to_bytes(kGrandpaBestJustificationKey), std::nullopt}}));
  EXPECT_EQ(network::build_warp_sync_proof(blocks_[0], source).value(), *proof);
}

TEST_F(WarpSyncServerTest, BeforeAnySetChange) {
  // A fresh testnet: no change yet, the voter finalized #2. The proof is that one fragment.
  import();
  import();
  ASSERT_TRUE(poll_until_finalized(2));
  const ChainWarpProofSource source(*chain_);
  auto proof = network::build_warp_sync_proof(blocks_[0], source).value();
  EXPECT_EQ(numbers(proof), (std::vector<block::BlockNumber>{2}));
  EXPECT_TRUE(proof.is_finished);
  auto verified = network::verify_warp_sync_proof(proof, 0, authorities_of(sets_[0])).value();
  EXPECT_EQ(verified.set_id, 0u);
  EXPECT_EQ(verified.last_header->number, 2u);
}

// Calls `serve` and waits for its answer.
std::optional<Bytes> ask(WarpSyncServer& server, const network::PeerId& peer, Bytes request) {
  auto answer = std::make_shared<std::promise<std::optional<Bytes>>>();
  auto future = answer->get_future();
  server.serve(peer, std::move(request),
               [answer](std::optional<Bytes> response) { answer->set_value(std::move(response)); });
  if (future.wait_for(10s) != std::future_status::ready) {
    ADD_FAILURE() << "no answer";
    return std::nullopt;
  }
  return future.get();
}

TEST_F(WarpSyncServerTest, TheServerAnswersOnItsThread) {
  finalize_the_chain();
  const auto peer = network::PeerId::from_ed25519(sets_[1][0].public_key);
  WarpSyncServer server(*chain_);
  auto answer = ask(server, peer, network::encode_warp_sync_request(blocks_[0]));
  ASSERT_TRUE(answer);
  auto proof = network::decode_warp_sync_proof(*answer);
  ASSERT_TRUE(proof);
  EXPECT_EQ(numbers(*proof), (std::vector<block::BlockNumber>{3, 6, 8}));
  // Refused: a request that is no block hash, a block the chain does not know or not final.
  EXPECT_FALSE(ask(server, peer, Bytes(31, 0)));
  EXPECT_FALSE(ask(server, peer, network::encode_warp_sync_request(block::BlockHash{})));
  EXPECT_FALSE(ask(server, peer, network::encode_warp_sync_request(blocks_[9])));
  // After stop, refused at once.
  server.stop();
  EXPECT_FALSE(ask(server, peer, network::encode_warp_sync_request(blocks_[0])));
}

crypto::ed25519::Keypair identity(uint8_t tag) {
  crypto::ed25519::Seed seed;
  seed.fill(tag);
  return crypto::ed25519::keypair_from_seed(seed);
}

std::unique_ptr<network::Host> start_host(uint8_t tag) {
  network::HostConfig config;
  config.identity = identity(tag);
  config.listen_addresses = {network::Multiaddr::from_string("/ip4/127.0.0.1/tcp/0").value()};
  auto host = network::Host::start(std::move(config));
  EXPECT_TRUE(host) << host.error();
  return host ? std::move(*host) : nullptr;
}

TEST_F(WarpSyncServerTest, ServedOverTheNetworkUnderBothNames) {
  finalize_the_chain();
  const network::ProtocolNames names = network::protocol_names(blocks_[0], "sup");
  EXPECT_EQ(names.warp_sync.fallback, "/sup/sync/warp");
  auto server_host = start_host(1);
  auto client_host = start_host(2);
  ASSERT_TRUE(server_host && client_host);
  WarpSyncServer server(*chain_);
  network::RequestResponseConfig config;
  config.names = {names.warp_sync.name, names.warp_sync.fallback};
  config.max_request_size = network::kWarpSyncRequestSize;
  config.max_response_size = network::kMaxWarpSyncResponseSize;
  config.max_inbound_in_flight = WarpSyncServer::kMaxQueuedRequests;
  auto served = network::RequestResponseProtocol::create(
      *server_host, config,
      [&server](const network::PeerId& peer, const std::string&, Bytes request,
                network::Responder respond) {
        server.serve(peer, std::move(request), std::move(respond));
      });
  client_host->dial(
      server_host->listen_addresses().at(0).with_p2p(server_host->local_peer_id()).value());
  for (int i = 0; i < 500 && client_host->connection_count() == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(client_host->connection_count(), 1u);

  for (const std::string& name : {names.warp_sync.name, names.warp_sync.fallback}) {
    network::RequestResponseConfig client_config = config;
    client_config.names = {name};
    auto client = network::RequestResponseProtocol::create(*client_host, client_config);
    auto answer = std::make_shared<std::promise<Result<Bytes, network::RequestFailure>>>();
    auto future = answer->get_future();
    client->request(
        server_host->local_peer_id(), network::encode_warp_sync_request(blocks_[0]),
        [answer](Result<Bytes, network::RequestFailure> r) { answer->set_value(std::move(r)); });
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready) << name;
    auto response = future.get();
    ASSERT_TRUE(response) << name << ": " << network::to_string(response.error());
    auto proof = network::decode_warp_sync_proof(*response);
    ASSERT_TRUE(proof) << name;
    auto verified = network::verify_warp_sync_proof(*proof, 0, authorities_of(sets_[0]));
    ASSERT_TRUE(verified) << name;
    EXPECT_EQ(verified->set_id, 2u);
    EXPECT_TRUE(verified->is_finished);
  }
  server.stop();
  client_host->stop();
  server_host->stop();
}

}  // namespace
}  // namespace canary::node
