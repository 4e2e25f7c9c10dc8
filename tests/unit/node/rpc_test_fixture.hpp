// A real chain of the Canary runtime for the RPC method tests: the `development` genesis (built
// once per test binary with the runtime's GenesisBuilder, interpreted), a database in a temp dir
// per test, blocks built on it with a BABE SecondaryPlain pre-digest and the timestamp inherent
// (as tests/unit/blockchain/block_production_test.cpp does), every method family registered,
// and a sans-IO rpc::Session to call them through.
//
// Deferred work (chainHead operations, archive storage) is queued by the fixture and run right
// after each message, which is what a server does once the response is queued.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "blockchain/block_builder.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/runtime_host.hpp"
#include "node/rpc/node_methods.hpp"
#include "node/service/system_account_key.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "rpc/jsonrpc/session.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node::rpc::testing {

using ::canary::rpc::Json;

inline constexpr const char* kAlice =
    "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
inline constexpr const char* kBob =
    "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48";

inline Hash256 hash_of_hex(std::string_view hex) {
  auto h = from_hex_fixed<32>(hex);
  return h ? *h : Hash256{};
}

class RpcFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
#ifdef CANARY_RUNTIME_BLOB
    suite_host = new blockchain::RuntimeHost(blockchain::RuntimeHostConfig{.compiled = false});
    auto genesis = blockchain::testing::dev_genesis(*suite_host);
    ASSERT_TRUE(genesis) << genesis.error().message();
    suite_genesis = new blockchain::GenesisBlock(std::move(*genesis));
#endif
  }

  static void TearDownTestSuite() {
    delete suite_genesis;
    suite_genesis = nullptr;
    delete suite_host;
    suite_host = nullptr;
  }

  void SetUp() override {
#ifndef CANARY_RUNTIME_BLOB
    GTEST_SKIP() << "built without the wasm32 runtime";
#else
    host_ = suite_host;
    genesis_ = suite_genesis;
    ASSERT_NE(genesis_, nullptr);
    chain_ = blockchain::testing::open_chain_at_genesis(dir_.path(), *genesis_);
    ASSERT_TRUE(chain_);

    ChainInfo info;
    info.chain_name = "Development";
    info.chain_id = "dev";
    info.chain_type = "Development";
    info.properties = Json{{"ss58Format", 2}, {"tokenDecimals", 12}, {"tokenSymbol", "KSM"}};
    info.genesis_hash = genesis_->hash;
    info.node_version = "0.1.0";
    info.node_roles = {"Authority"};
    info.is_dev = true;
    context_ = std::make_unique<RpcContext>(*chain_, *host_, info);
    context_->defer = [this](std::function<void()> task) { deferred_.push_back(std::move(task)); };
    auto registry = std::make_shared<::canary::rpc::MethodRegistry>();
    register_node_methods(*registry, *context_);
    registry_ = registry;
    session_ = make_session(/*deny_unsafe=*/true, 1);
#endif
  }

  void TearDown() override {
    session_.reset();
    other_sessions_.clear();
    context_.reset();
    chain_.reset();
  }

  struct Connection {
    std::shared_ptr<::canary::rpc::Outbox> outbox;
    std::unique_ptr<::canary::rpc::Session> session;
  };

  std::unique_ptr<Connection> make_session(bool deny_unsafe, uint64_t connection_id) {
    auto c = std::make_unique<Connection>();
    c->outbox = std::make_shared<::canary::rpc::Outbox>(4096);
    ::canary::rpc::SessionConfig config;
    config.deny_unsafe = deny_unsafe;
    config.connection_id = connection_id;
    config.max_pending_notifications = 4096;
    c->session = std::make_unique<::canary::rpc::Session>(
        registry_, config, c->outbox, [this] { return "sub" + std::to_string(next_sub_++); });
    return c;
  }

  // Runs queued deferred tasks until none is left (a task may queue another).
  void run_deferred() {
    while (!deferred_.empty()) {
      auto task = std::move(deferred_.front());
      deferred_.pop_front();
      task();
    }
  }

  // Sends one call and returns its response; notifications that arrive meanwhile are kept in
  // `notifications_`.
  Json call_on(Connection& c, const std::string& method, const Json& params = Json::array()) {
    const int id = next_id_++;
    const Json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
    c.session->handle_message(request.dump());
    if (!hold_deferred_) run_deferred();
    Json response;
    while (auto text = c.outbox->pop()) {
      Json message = Json::parse(*text);
      if (message.contains("id") && message["id"] == id) {
        response = std::move(message);
      } else {
        notifications_.push_back(std::move(message));
      }
    }
    return response;
  }

  Json call(const std::string& method, const Json& params = Json::array()) {
    return call_on(*session_, method, params);
  }

  Json result(const std::string& method, const Json& params = Json::array()) {
    Json r = call(method, params);
    EXPECT_TRUE(r.contains("result")) << method << " " << params.dump() << " -> " << r.dump();
    return r.contains("result") ? r["result"] : Json();
  }

  Json error(const std::string& method, const Json& params = Json::array()) {
    Json r = call(method, params);
    EXPECT_TRUE(r.contains("error")) << method << " " << params.dump() << " -> " << r.dump();
    return r.contains("error") ? r["error"] : Json();
  }

  // Moves the notifications that reached a connection's outbox into `notifications_`.
  void drain(Connection& c) {
    if (!hold_deferred_) run_deferred();
    while (auto text = c.outbox->pop()) notifications_.push_back(Json::parse(*text));
  }
  void drain() { drain(*session_); }

  // The results of the notifications of `subscription`, in order, removing them.
  std::vector<Json> take(const std::string& subscription) {
    std::vector<Json> out;
    std::deque<Json> rest;
    for (Json& n : notifications_) {
      if (n.contains("params") && n["params"]["subscription"] == subscription) {
        out.push_back(n["params"]["result"]);
      } else {
        rest.push_back(std::move(n));
      }
    }
    notifications_ = std::move(rest);
    return out;
  }

  // Builds a block on `parent` at `slot` with `extrinsics` (length-prefixed, as submitted) and
  // imports it; returns its hash.
  block::BlockHash build(const block::BlockHash& parent, uint64_t slot, bool make_best = true,
                         const std::vector<Bytes>& extrinsics = {}) {
    auto parent_header = chain_->header(parent);
    EXPECT_TRUE(parent_header && *parent_header);
    auto builder = blockchain::BlockBuilder::start(
        *host_, chain_->database().node_store(), **parent_header,
        {blockchain::testing::secondary_plain_pre_digest(0, slot)},
        blockchain::testing::inherents_for_slot(slot, **parent_header));
    EXPECT_TRUE(builder) << builder.error().message();
    for (const Bytes& xt : extrinsics) {
      auto decoded = scale::decode<Bytes>(xt);
      EXPECT_TRUE(decoded);
      auto pushed = (*builder)->push(*decoded);
      EXPECT_TRUE(pushed) << pushed.error().message();
      EXPECT_EQ(*pushed, blockchain::PushOutcome::kApplied);
    }
    auto built = (*builder)->finish();
    EXPECT_TRUE(built) << built.error().message();
    state::BlockCommit c;
    c.header = built->block.header;
    c.body = scale::encode(built->block.extrinsics);
    c.changes = built->changes.get();
    c.new_nodes = built->changes.get();
    c.make_best = make_best;
    auto imported = chain_->import(c);
    EXPECT_TRUE(imported) << imported.error().message();
    return block::hash_of(built->block.header);
  }

  // A signed Balances.transfer_keep_alive (pallet 4, call 3) from Alice to Bob, immortal, with
  // the Canary runtime's extensions (CheckNonZeroSender, CheckSpecVersion, CheckTxVersion,
  // CheckGenesis, CheckMortality, CheckNonce, CheckWeight, ChargeTransactionPayment,
  // CheckMetadataHash), SCALE-encoded with its length prefix as a wallet submits it.
  Bytes signed_transfer(uint32_t nonce, u128 amount, uint32_t spec_version,
                        uint32_t transaction_version) {
    auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice");
    EXPECT_TRUE(alice);
    scale::Encoder call;
    call.put_byte(4);
    call.put_byte(3);
    call.put_byte(0);  // MultiAddress::Id
    call.put_bytes(hash_of_hex(kBob));
    scale::encode_compact(call, amount);
    scale::Encoder extra;
    extra.put_byte(0);  // Era::Immortal
    scale::encode_compact(extra, nonce);
    scale::encode_compact(extra, 0);  // tip
    extra.put_byte(0);                // CheckMetadataHash: disabled
    scale::Encoder implicit;
    scale::encode_to(implicit, spec_version);
    scale::encode_to(implicit, transaction_version);
    implicit.put_bytes(genesis_->hash);
    implicit.put_bytes(genesis_->hash);  // the immortal era's block
    implicit.put_byte(0);                // no metadata hash
    Bytes payload = call.bytes();
    payload.insert(payload.end(), extra.bytes().begin(), extra.bytes().end());
    payload.insert(payload.end(), implicit.bytes().begin(), implicit.bytes().end());
    if (payload.size() > 256) {
      const Hash256 h = hash::blake2b_256(payload);
      payload.assign(h.begin(), h.end());
    }
    const Bytes signature = alice->sign(payload);
    scale::Encoder xt;
    xt.put_byte(0x84);  // signed, version 4
    xt.put_byte(0);     // MultiAddress::Id
    xt.put_bytes(alice->account_id());
    xt.put_byte(1);  // MultiSignature::Sr25519
    xt.put_bytes(signature);
    xt.put_bytes(extra.bytes());
    xt.put_bytes(call.bytes());
    return scale::encode(xt.bytes());
  }

  // Built once per test binary, shared by every test of the suite (host_ and genesis_ are this
  // test's handles on them).
  static inline blockchain::RuntimeHost* suite_host = nullptr;
  static inline blockchain::GenesisBlock* suite_genesis = nullptr;
  blockchain::RuntimeHost* host_ = nullptr;
  blockchain::GenesisBlock* genesis_ = nullptr;

  state::testing::TempDir dir_;
  std::unique_ptr<blockchain::Chain> chain_;
  std::unique_ptr<RpcContext> context_;
  std::shared_ptr<const ::canary::rpc::MethodRegistry> registry_;
  std::unique_ptr<Connection> session_;
  std::vector<std::unique_ptr<Connection>> other_sessions_;
  std::deque<std::function<void()>> deferred_;
  std::deque<Json> notifications_;
  // Leaves deferred tasks queued after a call (an operation caught while it runs).
  bool hold_deferred_ = false;
  int next_id_ = 1;
  int next_sub_ = 1;
};

}  // namespace canary::node::rpc::testing
