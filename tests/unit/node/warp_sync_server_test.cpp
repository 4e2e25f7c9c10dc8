// `/sync/warp` served by the node: GrandpaService finalizes a chain in RocksDB whose GRANDPA set
// changes twice (once by its own voter, once by a justification imported as sync does), and the
// proofs built from the chain and the aux records (ChainWarpProofSource) verify from the genesis
// set; WarpSyncServer answers on its thread, and over two libp2p hosts on loopback under both the
// genesis-hash name and the legacy one. The same chain answers `grandpa_proveFinality`
// (finality_proof.hpp, grandpa_methods.hpp) by Substrate's rules, and `grandpa_justifications`
// notifies what GRANDPA finalizes.
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
#include "node/service/finality_proof.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "node/service/grandpa_methods.hpp"
#include "node/service/grandpa_service.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/util/hex.hpp"
#include "rpc/jsonrpc/session.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"
#include "tests/unit/network/warp_sync_test_support.hpp"
#include "tests/unit/node/grandpa_chain_support.hpp"
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
    auto chain = testing::grandpa_genesis_chain(dir_.path(), authorities_of(sets_[0]));
    ASSERT_TRUE(chain) << chain.error();
    chain_ = std::move(*chain);
    blocks_.push_back(chain_->genesis().hash);
    open_grandpa();
  }

  void open_grandpa() {
    grandpa_.reset();
    auto service =
        GrandpaService::open(*chain_, host_, GrandpaService::with_key(sets_[0][0]), now_);
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
    out.reserve(proof.proofs.size());
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

// ChainWarpProofSource with other set records, or without the stored justifications.
class EditedSource final : public network::WarpProofSource {
 public:
  EditedSource(const blockchain::Chain& chain, network::AuthoritySetChanges changes,
               bool justifications)
      : chain_(chain), changes_(std::move(changes)), justifications_(justifications) {}
  Result<std::optional<block::BlockNumber>, network::WarpProofSourceError> block_number(
      const block::BlockHash& hash) const override {
    return chain_.block_number(hash);
  }
  block::BlockNumber finalized_number() const override { return chain_.finalized_number(); }
  Result<std::optional<block::BlockHash>, network::WarpProofSourceError> finalized_hash(
      block::BlockNumber number) const override {
    return chain_.finalized_hash(number);
  }
  Result<std::optional<block::Header>, network::WarpProofSourceError> header(
      const block::BlockHash& hash) const override {
    return chain_.header(hash);
  }
  Result<std::optional<Bytes>, network::WarpProofSourceError> grandpa_justification(
      const block::BlockHash& hash) const override {
    if (!justifications_) return std::optional<Bytes>{};
    return chain_.grandpa_justification(hash);
  }
  Result<network::AuthoritySetChanges, network::WarpProofSourceError> authority_set_changes()
      const override {
    return changes_;
  }
  Result<std::optional<Bytes>, network::WarpProofSourceError> best_justification() const override {
    if (!justifications_) return std::optional<Bytes>{};
    return chain_.best_justification();
  }

 private:
  ChainWarpProofSource chain_;
  network::AuthoritySetChanges changes_;
  bool justifications_;
};

TEST_F(WarpSyncServerTest, NoFinalityProofBeforeAnySetChange) {
  // No set change finalized yet: the records are empty and cover no block, as in Substrate.
  import();
  import();
  ASSERT_TRUE(poll_until_finalized(2));
  const ChainWarpProofSource source(*chain_);
  EXPECT_EQ(prove_finality(source, 1).error().kind,
            FinalityProofErrorKind::kBlockNotInAuthoritySetChanges);
  EXPECT_EQ(prove_finality(source, 1).error().message,
            "Block not covered by authority set changes");
  EXPECT_EQ(prove_finality(source, 3).error().kind, FinalityProofErrorKind::kBlockNotYetFinalized);
  EXPECT_EQ(prove_finality(source, 3).error().message, "Block not yet finalized");
}

TEST_F(WarpSyncServerTest, FinalityProofsFollowSubstratesRule) {
  // Sets end at #3 and #6, #8 is final, #9 not.
  finalize_the_chain();
  const ChainWarpProofSource source(*chain_);
  auto stored = [&](block::BlockNumber n) {
    return source.grandpa_justification(blocks_[n]).value().value();
  };
  auto headers = [&](block::BlockNumber from, block::BlockNumber to) {
    std::vector<block::Header> out;
    for (block::BlockNumber n = from; n <= to; ++n)
      out.push_back(*chain_->header(blocks_[n]).value());
    return out;
  };
  for (block::BlockNumber n : {0u, 3u, 4u, 7u, 8u}) {
    auto proof = prove_finality(source, n);
    ASSERT_TRUE(proof) << n << ": " << proof.error().message;
    ASSERT_TRUE(*proof) << n;
  }
  // In an ended set: the justification of the set's last block, with the headers up to it.
  EXPECT_EQ(prove_finality(source, 0).value(),
            (FinalityProof{blocks_[3], stored(3), headers(1, 3)}));
  EXPECT_EQ(prove_finality(source, 3).value(), (FinalityProof{blocks_[3], stored(3), {}}));
  EXPECT_EQ(prove_finality(source, 4).value(),
            (FinalityProof{blocks_[6], stored(6), headers(5, 6)}));
  // In the current set: GRANDPA's best justification (the latest finalized block's).
  const Bytes best = source.best_justification().value().value();
  EXPECT_EQ(prove_finality(source, 7).value(), (FinalityProof{blocks_[8], best, headers(8, 8)}));
  EXPECT_EQ(prove_finality(source, 8).value(), (FinalityProof{blocks_[8], best, {}}));
  EXPECT_EQ(prove_finality(source, 9).error().kind, FinalityProofErrorKind::kBlockNotYetFinalized);
  // Records that start after set 0 place no block before their end (their first set's start is
  // unknown), only the current set's.
  const EditedSource partial(*chain_, {{1, 6}}, true);
  EXPECT_EQ(prove_finality(partial, 2).error().kind,
            FinalityProofErrorKind::kBlockNotInAuthoritySetChanges);
  EXPECT_EQ(prove_finality(partial, 5).error().kind,
            FinalityProofErrorKind::kBlockNotInAuthoritySetChanges);
  EXPECT_EQ(prove_finality(partial, 7).value()->block, blocks_[8]);
  // No stored justification (a set ended by a forced change): no proof, not an error.
  const EditedSource bare(*chain_, {{0, 3}, {1, 6}}, false);
  EXPECT_EQ(prove_finality(bare, 2).value(), std::nullopt);
  EXPECT_EQ(prove_finality(bare, 7).value(), std::nullopt);
}

// A session on the GRANDPA methods alone.
struct GrandpaRpc {
  std::shared_ptr<::canary::rpc::MethodRegistry> registry =
      std::make_shared<::canary::rpc::MethodRegistry>();
  std::shared_ptr<::canary::rpc::Outbox> outbox = std::make_shared<::canary::rpc::Outbox>(256);
  std::unique_ptr<::canary::rpc::Session> session;
  int next_id = 1;

  void open() {
    ::canary::rpc::SessionConfig config;
    config.deny_unsafe = true;
    session = std::make_unique<::canary::rpc::Session>(registry, config, outbox,
                                                       [] { return std::string("s1"); });
  }
  // The response to one call; notifications that came meanwhile are dropped.
  nlohmann::json call(const std::string& method, const nlohmann::json& params) {
    const int id = next_id++;
    session->handle_message(nlohmann::json{
        {"jsonrpc", "2.0"},
        {"id", id},
        {"method", method},
        {"params", params}}.dump());
    nlohmann::json response;
    while (auto text = outbox->pop()) {
      auto message = nlohmann::json::parse(*text);
      if (message.contains("id") && message["id"] == id) response = message;
    }
    return response;
  }
  std::vector<nlohmann::json> notifications() {
    std::vector<nlohmann::json> out;
    while (auto text = outbox->pop()) out.push_back(nlohmann::json::parse(*text));
    return out;
  }
};

TEST_F(WarpSyncServerTest, GrandpaRpcProvesFinalityAndNotifiesJustifications) {
  GrandpaRpc rpc;
  register_grandpa_methods(*rpc.registry, *chain_, grandpa_.get());
  rpc.open();
  const auto subscribed = rpc.call("grandpa_subscribeJustifications", nlohmann::json::array());
  ASSERT_EQ(subscribed["result"], "s1") << subscribed.dump();

  finalize_the_chain();
  // One notification per finality: the voter's #3, the imported #6 and #8, as hex SCALE.
  std::vector<std::string> notified;
  for (const auto& n : rpc.notifications()) {
    EXPECT_EQ(n["method"], "grandpa_justifications");
    EXPECT_EQ(n["params"]["subscription"], "s1");
    notified.push_back(n["params"]["result"].get<std::string>());
  }
  const ChainWarpProofSource source(*chain_);
  std::vector<std::string> expected;
  for (block::BlockNumber n : {3u, 6u, 8u}) {
    expected.push_back(to_hex(source.grandpa_justification(blocks_[n]).value().value()));
  }
  EXPECT_EQ(notified, expected);

  const auto proved = rpc.call("grandpa_proveFinality", nlohmann::json::array({4}));
  EXPECT_EQ(proved["result"], to_hex(scale::encode(prove_finality(source, 4).value().value())));
  auto decoded =
      scale::decode<FinalityProof>(from_hex(proved["result"].get<std::string>()).value());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->block, blocks_[6]);
  // By the Rust argument name too.
  EXPECT_EQ(rpc.call("grandpa_proveFinality", nlohmann::json{{"block", 8}})["result"],
            to_hex(scale::encode(prove_finality(source, 8).value().value())));
  const auto refused = rpc.call("grandpa_proveFinality", nlohmann::json::array({9}));
  EXPECT_EQ(
      refused["error"],
      (nlohmann::json{{"code", 4},
                      {"message", "GRANDPA prove finality rpc failed: Block not yet finalized"}}));
  EXPECT_EQ(rpc.call("grandpa_proveFinality", nlohmann::json::array({"x"}))["error"]["code"],
            -32602);
  EXPECT_EQ(rpc.call("grandpa_unsubscribeJustifications", nlohmann::json::array({"s1"}))["result"],
            true);
}

}  // namespace
}  // namespace canary::node
