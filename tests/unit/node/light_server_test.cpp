// The node's `/light/2` and `/state/2` servers (node/service/light_server.hpp) end to end: a
// LightServer on one libp2p host over a dev chain of the Canary runtime (with a default child
// trie in its genesis), asked by a second host over loopback TCP, the way a light client or a
// state-syncing node asks. The proofs are checked against the block's state root.
#include "node/service/light_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "blockchain/block_state.hpp"
#include "blockchain/genesis.hpp"
#include "network/host/host.hpp"
#include "network/host/request_response.hpp"
#include "network/protocols/light_request.hpp"
#include "network/protocols/protocol_names.hpp"
#include "network/protocols/state_request.hpp"
#include "node/service/system_account_key.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/compact_storage_proof.hpp"
#include "state/trie/proof.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

using namespace std::chrono_literals;

// Unused in builds without the runtime, whose tests skip before starting hosts.
[[maybe_unused]] std::unique_ptr<network::Host> start_host(uint8_t tag) {
  network::HostConfig config;
  crypto::ed25519::Seed seed;
  seed.fill(tag);
  config.identity = crypto::ed25519::keypair_from_seed(seed);
  config.listen_addresses = {network::Multiaddr::from_string("/ip4/127.0.0.1/tcp/0").value()};
  auto host = network::Host::start(std::move(config));
  EXPECT_TRUE(host);
  return host ? std::move(*host) : nullptr;
}

// One request's outcome.
class Answer {
 public:
  network::ResponseCallback callback() {
    return [this](Result<Bytes, network::RequestFailure> r) {
      std::lock_guard lock(mutex_);
      result_ = std::move(r);
      done_.notify_all();
    };
  }
  Result<Bytes, network::RequestFailure> wait() {
    std::unique_lock lock(mutex_);
    EXPECT_TRUE(done_.wait_for(lock, 60s, [&] { return result_.has_value(); }));
    if (!result_) return unexpected(network::RequestFailure::kTimeout);
    return *result_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  std::optional<Result<Bytes, network::RequestFailure>> result_;
};

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

class LightServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef CANARY_RUNTIME_BLOB
    GTEST_SKIP() << "built without the wasm32 runtime";
#else
    runtime_ =
        std::make_unique<blockchain::RuntimeHost>(blockchain::RuntimeHostConfig{.compiled = false});
    ASSERT_TRUE(blockchain::testing::dev_genesis(*runtime_, &spec_));
    spec_.children_default[text("demo")] = {{text("alpha"), text("1")},
                                            {text("beta"), Bytes(64, 0xbe)}};
    auto genesis = blockchain::make_genesis_block(spec_);
    ASSERT_TRUE(genesis) << genesis.error().message();
    genesis_ = genesis->hash;
    state_root_ = genesis->header.state_root;
    chain_ = blockchain::testing::open_chain_at_genesis(dir_.path(), *genesis);
    ASSERT_TRUE(chain_);

    names_ = network::protocol_names(genesis_, "dev");
    server_host_ = start_host(1);
    client_host_ = start_host(2);
    ASSERT_TRUE(server_host_ && client_host_);
    server_ = LightServer::start(
        *server_host_, names_,
        LightServerParts{*chain_, *runtime_, [this](const auto&) { ++bad_requests_; }});
    network::RequestResponseConfig light;
    light.names = {names_.light.name, names_.light.fallback};
    light.request_timeout = 60s;
    light_ = network::RequestResponseProtocol::create(*client_host_, light);
    network::RequestResponseConfig state;
    state.names = {names_.state.name, names_.state.fallback};
    state.request_timeout = 60s;
    state_ = network::RequestResponseProtocol::create(*client_host_, state);

    client_host_->dial(
        server_host_->listen_addresses().at(0).with_p2p(server_host_->local_peer_id()).value());
    for (int i = 0; i < 500 && client_host_->connection_count() == 0; ++i) {
      std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(client_host_->connection_count(), 1u);
#endif
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (client_host_) client_host_->stop();
    if (server_host_) server_host_->stop();
  }

  Result<Bytes, network::RequestFailure> ask(network::RequestResponseProtocol& protocol,
                                             Bytes request) {
    Answer answer;
    protocol.request(server_host_->local_peer_id(), std::move(request), answer.callback());
    return answer.wait();
  }

  std::optional<std::vector<Bytes>> light_proof(const network::LightRequest& request) {
    auto bytes = ask(*light_, network::encode_light_request(request));
    EXPECT_TRUE(bytes) << network::to_string(bytes.error());
    if (!bytes) return std::nullopt;
    auto response = network::decode_light_response(*bytes);
    EXPECT_TRUE(response);
    if (!response) return std::nullopt;
    const std::optional<Bytes>& proof =
        std::holds_alternative<network::RemoteCallResponse>(*response)
            ? std::get<network::RemoteCallResponse>(*response).proof
            : std::get<network::RemoteReadResponse>(*response).proof;
    if (!proof) return std::nullopt;
    auto nodes = scale::decode<std::vector<Bytes>>(*proof);
    EXPECT_TRUE(nodes);
    return nodes ? std::optional<std::vector<Bytes>>(*nodes) : std::nullopt;
  }

  state::testing::TempDir dir_;
  std::unique_ptr<blockchain::RuntimeHost> runtime_;
  state::ChainSpec spec_;
  std::unique_ptr<blockchain::Chain> chain_;
  block::BlockHash genesis_{};
  Hash256 state_root_{};
  network::ProtocolNames names_;
  std::unique_ptr<network::Host> server_host_;
  std::unique_ptr<network::Host> client_host_;
  std::unique_ptr<LightServer> server_;
  std::shared_ptr<network::RequestResponseProtocol> light_;
  std::shared_ptr<network::RequestResponseProtocol> state_;
  std::atomic<int> bad_requests_{0};
};

TEST_F(LightServerTest, ReadProofsOfTheMainTrie) {
  const Bytes alice =
      from_hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d").value();
  const Bytes account = system_account_key(alice);
  const std::vector<Bytes> keys = {text(":code"), account, text(":absent")};
  auto proof = light_proof(network::RemoteReadRequest{genesis_, keys});
  ASSERT_TRUE(proof);
  auto values = state::read_proof(state_root_, *proof, keys);
  ASSERT_TRUE(values) << state::to_string(values.error());
  EXPECT_EQ((*values)[0], std::optional<Bytes>(spec_.top.at(text(":code"))));
  EXPECT_EQ((*values)[1], std::optional<Bytes>(spec_.top.at(account)));
  EXPECT_FALSE((*values)[2]);

  // An unknown block: a response without proof.
  EXPECT_FALSE(light_proof(network::RemoteReadRequest{Hash256{}, keys}));
  // No keys: no response, and the peer is reported.
  auto refused =
      ask(*light_, network::encode_light_request(network::RemoteReadRequest{genesis_, {}}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), network::RequestFailure::kNoResponse);
  EXPECT_EQ(bad_requests_.load(), 1);
}

TEST_F(LightServerTest, ChildReadProofs) {
  const std::vector<Bytes> keys = {text("alpha"), text("beta"), text("gamma")};
  for (const Bytes& storage_key : {state::default_child_root_key(text("demo")), text("demo")}) {
    auto proof = light_proof(network::RemoteReadChildRequest{genesis_, storage_key, keys});
    ASSERT_TRUE(proof);
    auto root_value =
        state::read_proof(state_root_, *proof, state::default_child_root_key(text("demo")));
    ASSERT_TRUE(root_value && *root_value);
    Hash256 child_root;
    std::copy((*root_value)->begin(), (*root_value)->end(), child_root.begin());
    auto values = state::read_proof(child_root, *proof, keys);
    ASSERT_TRUE(values);
    EXPECT_EQ((*values)[0], std::optional<Bytes>(text("1")));
    EXPECT_EQ((*values)[1], std::optional<Bytes>(Bytes(64, 0xbe)));
    EXPECT_FALSE((*values)[2]);
  }
}

TEST_F(LightServerTest, CallProofsAreWhatTheCallRead) {
  auto st = blockchain::BlockState::at(*chain_, genesis_);
  ASSERT_TRUE(st);
  for (const char* method : {"BabeApi_current_epoch", "BabeApi_configuration", "Core_version"}) {
    auto proof = light_proof(network::RemoteCallRequest{genesis_, method, {}});
    ASSERT_TRUE(proof) << method;
    auto expected = st->call_with_proof(*runtime_, method, {});
    ASSERT_TRUE(expected);
    EXPECT_EQ(*proof, expected->proof) << method;
  }
  // A call that fails: a response without proof.
  EXPECT_FALSE(light_proof(network::RemoteCallRequest{genesis_, "Nope_nothing", {}}));
}

TEST_F(LightServerTest, StateRequestsWithEntriesAndWithProofs) {
  // The whole genesis state fits in one response (2 MiB of entries).
  auto bytes = ask(*state_, network::encode_state_request({genesis_, {}, true}));
  ASSERT_TRUE(bytes) << network::to_string(bytes.error());
  auto response = network::decode_state_response(*bytes);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->entries.size(), 2u);
  std::map<Bytes, Bytes> top;
  for (const auto& e : response->entries[0].entries) top[e.key] = e.value;
  EXPECT_TRUE(response->entries[0].complete);
  std::map<Bytes, Bytes> expected_top = spec_.top;
  auto st = blockchain::BlockState::at(*chain_, genesis_);
  ASSERT_TRUE(st);
  const Bytes child_key = state::default_child_root_key(text("demo"));
  expected_top[child_key] = st->get(child_key).value().value();
  EXPECT_EQ(top, expected_top);
  std::map<Bytes, Bytes> child;
  for (const auto& e : response->entries[1].entries) child[e.key] = e.value;
  EXPECT_EQ(child, spec_.children_default.at(text("demo")));
  EXPECT_EQ(response->entries[1].state_root, expected_top.at(child_key));

  // With a proof: a compact proof of the same state, checked against the state root.
  auto proven = ask(*state_, network::encode_state_request({genesis_, {}, false}));
  ASSERT_TRUE(proven);
  auto proof_response = network::decode_state_response(*proven);
  ASSERT_TRUE(proof_response);
  auto entries = scale::decode<std::vector<Bytes>>(proof_response->proof);
  ASSERT_TRUE(entries);
  auto decoded = state::decode_compact_storage_proof(*entries, state_root_);
  ASSERT_TRUE(decoded) << state::to_string(decoded.error());
  state::Trie from_proof = state::Trie::open(state_root_, decoded->nodes);
  for (const auto& [key, value] : expected_top) {
    auto got = from_proof.get(key);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, std::optional<Bytes>(value));
  }

  // Resuming inside the child trie.
  auto resumed =
      ask(*state_, network::encode_state_request({genesis_, {child_key, text("alpha")}, true}));
  ASSERT_TRUE(resumed);
  auto rest = network::decode_state_response(*resumed);
  ASSERT_TRUE(rest);
  ASSERT_GE(rest->entries.size(), 2u);
  ASSERT_EQ(rest->entries[1].entries.size(), 1u);
  EXPECT_EQ(rest->entries[1].entries[0].key, text("beta"));

  // An unknown block: no response.
  auto unknown = ask(*state_, network::encode_state_request({Hash256{}, {}, true}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), network::RequestFailure::kNoResponse);
}

}  // namespace
}  // namespace canary::node
