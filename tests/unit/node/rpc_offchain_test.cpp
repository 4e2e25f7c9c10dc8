// offchain_localStorageSet / Get / Clear over the database's offchain column: PERSISTENT under
// sp-offchain's b"storage" prefix, LOCAL refused with 5001, unsafe (refused under
// --rpc-methods safe), values kept across a reopen of the database.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "blockchain/chain.hpp"
#include "node/service/offchain_methods.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "rpc/jsonrpc/session.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

using nlohmann::json;

class OffchainRpc : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open() {
    chain_.reset();
    state::DatabaseOptions options;
    options.sync = state::SyncPolicy::kNever;
    auto db = state::Database::open(dir_.path(), options);
    ASSERT_TRUE(db) << db.error().message();
    if (!(*db)->genesis_hash()) {
      state::BlockCommit genesis;
      genesis.header = block::genesis_header(block::kEmptyTrieRoot);
      genesis.body = scale::encode(std::vector<Bytes>{});
      ASSERT_TRUE((*db)->commit(genesis));
    }
    auto chain = blockchain::Chain::open(std::move(*db));
    ASSERT_TRUE(chain) << chain.error().message();
    chain_ = std::move(*chain);
    registry_ = std::make_shared<::canary::rpc::MethodRegistry>();
    register_offchain_methods(*registry_, *chain_);
  }

  json call(const std::string& method, const json& params, bool deny_unsafe = false) {
    auto outbox = std::make_shared<::canary::rpc::Outbox>(16);
    ::canary::rpc::SessionConfig config;
    config.deny_unsafe = deny_unsafe;
    ::canary::rpc::Session session(registry_, config, outbox, [] { return std::string("s"); });
    session.handle_message(
        json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}}.dump());
    auto text = outbox->pop();
    return text ? json::parse(*text) : json();
  }

  state::testing::TempDir dir_;
  std::unique_ptr<blockchain::Chain> chain_;
  std::shared_ptr<::canary::rpc::MethodRegistry> registry_;
};

TEST_F(OffchainRpc, PersistentValuesAreStoredUnderSubstratesPrefix) {
  EXPECT_EQ(call("offchain_localStorageGet", json::array({"PERSISTENT", "0x0102"}))["result"],
            nullptr);
  EXPECT_EQ(call("offchain_localStorageSet",
                 json::array({"PERSISTENT", "0x0102", "0xdeadbeef"}))["result"],
            nullptr);
  EXPECT_EQ(call("offchain_localStorageGet", json::array({"PERSISTENT", "0x0102"}))["result"],
            "0xdeadbeef");
  // Where sc-client-db keeps it: b"storage" ‖ key in the offchain column.
  const Bytes raw_key{'s', 't', 'o', 'r', 'a', 'g', 'e', 1, 2};
  EXPECT_EQ(chain_->database().offchain(raw_key).value(), (Bytes{0xde, 0xad, 0xbe, 0xef}));
  // By the Rust argument names; kept across a restart.
  open();
  EXPECT_EQ(
      call("offchain_localStorageGet", json{{"kind", "PERSISTENT"}, {"key", "0x0102"}})["result"],
      "0xdeadbeef");
  EXPECT_EQ(call("offchain_localStorageClear", json::array({"PERSISTENT", "0x0102"}))["result"],
            nullptr);
  EXPECT_EQ(call("offchain_localStorageGet", json::array({"PERSISTENT", "0x0102"}))["result"],
            nullptr);
}

TEST_F(OffchainRpc, LocalIsRefusedAndTheMethodsAreUnsafe) {
  const json local_refused = {{"code", 5001},
                              {"message", "This storage kind is not available yet"}};
  EXPECT_EQ(call("offchain_localStorageSet", json::array({"LOCAL", "0x01", "0x02"}))["error"],
            local_refused);
  EXPECT_EQ(call("offchain_localStorageGet", json::array({"LOCAL", "0x01"}))["error"],
            local_refused);
  EXPECT_EQ(call("offchain_localStorageClear", json::array({"LOCAL", "0x01"}))["error"],
            local_refused);
  EXPECT_EQ(call("offchain_localStorageGet", json::array({"OTHER", "0x01"}))["error"]["code"],
            -32602);
  EXPECT_EQ(call("offchain_localStorageGet", json::array({"PERSISTENT", "zz"}))["error"]["code"],
            -32602);
  for (const char* method :
       {"offchain_localStorageSet", "offchain_localStorageGet", "offchain_localStorageClear"}) {
    EXPECT_EQ(call(method, json::array({"PERSISTENT", "0x01", "0x02"}), true)["error"]["code"],
              -32601)
        << method;
  }
}

}  // namespace
}  // namespace canary::node
