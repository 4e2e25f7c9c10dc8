// The proofs BlockState makes for light clients, over the Canary runtime's dev chain (with a
// default child trie added to its genesis): execution proofs replayed on nothing but the proof
// (and the runtime, which the light client has), failing when any one node is missing, with
// every entry reachable as smoldot requires; child read proofs read back with state::read_proof.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "blockchain/block_builder.hpp"
#include "blockchain/block_state.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/node_codec.hpp"
#include "state/trie/proof.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::blockchain {
namespace {

// What a light client runs a call on: the proof's nodes, and the runtime it fetched beforehand
// (smoldot reads `:code` and `:heappages` with read proofs, not from call proofs). exists() reads
// the value, as smoldot's host does.
class ProofOnlyBackend final : public state::StorageBackend {
 public:
  ProofOnlyBackend(const Hash256& root, const std::vector<Bytes>& proof, Bytes code,
                   std::optional<Bytes> heap_pages)
      : store_(make_store(proof)),
        trie_(root, store_),
        code_(std::move(code)),
        heap_pages_(std::move(heap_pages)) {}

  Result<std::optional<Bytes>, state::StorageError> get(state::ChildKey child,
                                                        ByteSpan key) override {
    if (!child && key_is(key, ":code")) return std::optional<Bytes>(code_);
    if (!child && key_is(key, ":heappages")) return heap_pages_;
    return trie_.get(child, key);
  }
  Result<bool, state::StorageError> exists(state::ChildKey child, ByteSpan key) override {
    auto value = get(child, key);
    if (!value) return unexpected(value.error());
    return value->has_value();
  }
  Result<std::optional<Bytes>, state::StorageError> next_key(state::ChildKey child,
                                                             ByteSpan key) override {
    return trie_.next_key(child, key);
  }
  Hash256 state_root() const override { return trie_.state_root(); }
  const state::NodeStore& node_store() const override { return store_; }

 private:
  static state::MemoryNodeStore make_store(const std::vector<Bytes>& proof) {
    state::MemoryNodeStore store;
    for (const Bytes& node : proof) store.insert(node);
    return store;
  }
  static bool key_is(ByteSpan key, std::string_view name) {
    return std::equal(key.begin(), key.end(), name.begin(), name.end(),
                      [](uint8_t b, char c) { return b == static_cast<uint8_t>(c); });
  }

  state::MemoryNodeStore store_;
  state::TrieBackend trie_;
  Bytes code_;
  std::optional<Bytes> heap_pages_;
};

// smoldot's proof_decode::decode_and_verify_proof: no entry twice, and every entry reached from a
// trie root (an entry no other entry references as a child), nodes by their parents' child
// references and V1 values by their nodes.
::testing::AssertionResult smoldot_accepts(const std::vector<Bytes>& proof) {
  std::map<Hash256, const Bytes*> by_hash;
  for (const Bytes& entry : proof) {
    if (!by_hash.emplace(state::trie_hash(state::TrieHasher::kBlake2b256, entry), &entry).second) {
      return ::testing::AssertionFailure() << "an entry twice";
    }
  }
  auto as_hash = [](ByteSpan bytes) {
    Hash256 h;
    std::copy(bytes.begin(), bytes.end(), h.begin());
    return h;
  };
  std::set<Hash256> referenced;
  for (const Bytes& entry : proof) {
    auto node = state::decode_node(entry);
    if (!node) continue;
    for (size_t i = 0; i < state::kMaxChildren; ++i) {
      if (node->has_child(i) && node->children[i].size() == 32) {
        referenced.insert(as_hash(node->children[i]));
      }
    }
  }
  std::set<Hash256> used;
  for (const auto& [root, bytes] : by_hash) {
    if (referenced.contains(root)) continue;
    std::set<Hash256> visited;
    std::vector<Hash256> stack{root};
    bool decodable = true;
    while (!stack.empty() && decodable) {
      const Hash256 hash = stack.back();
      stack.pop_back();
      auto node = state::decode_node(*by_hash.at(hash));
      if (!node) {
        decodable = false;
        break;
      }
      visited.insert(hash);
      if (node->value_kind == state::ValueKind::kHashed && by_hash.contains(as_hash(node->value))) {
        visited.insert(as_hash(node->value));
      }
      for (size_t i = 0; i < state::kMaxChildren; ++i) {
        if (node->has_child(i) && node->children[i].size() == 32 &&
            by_hash.contains(as_hash(node->children[i]))) {
          stack.push_back(as_hash(node->children[i]));
        }
      }
    }
    if (decodable) used.insert(visited.begin(), visited.end());
  }
  if (used.size() != by_hash.size()) {
    return ::testing::AssertionFailure() << by_hash.size() - used.size() << " unused entries";
  }
  return ::testing::AssertionSuccess();
}

class BlockStateProofs : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef CANARY_RUNTIME_BLOB
    GTEST_SKIP() << "built without the wasm32 runtime";
#else
    host_ = std::make_unique<RuntimeHost>(RuntimeHostConfig{.compiled = false});
    ASSERT_TRUE(testing::dev_genesis(*host_, &spec_));
    spec_.children_default[to_bytes("demo")] = {
        {to_bytes("alpha"), to_bytes("1")},
        {to_bytes("beta"), Bytes(64, 0xbe)},
        {to_bytes("gamma"), to_bytes("three")},
    };
    auto genesis = make_genesis_block(spec_);
    ASSERT_TRUE(genesis) << genesis.error().message();
    genesis_hash_ = genesis->hash;
    chain_ = testing::open_chain_at_genesis(dir_.path(), *genesis);
    ASSERT_TRUE(chain_);
    // One block on top, so that the state is one the runtime wrote.
    auto parent = chain_->header(genesis_hash_);
    ASSERT_TRUE(parent && *parent);
    auto builder = BlockBuilder::start(*host_, chain_->database().node_store(), **parent,
                                       {testing::secondary_plain_pre_digest(0, 5)},
                                       testing::inherents_for_slot(5, **parent));
    ASSERT_TRUE(builder) << builder.error().message();
    auto built = (*builder)->finish();
    ASSERT_TRUE(built) << built.error().message();
    state::BlockCommit commit;
    commit.header = built->block.header;
    commit.body = scale::encode(built->block.extrinsics);
    commit.changes = built->changes.get();
    commit.new_nodes = built->changes.get();
    commit.make_best = true;
    ASSERT_TRUE(chain_->import(commit));
    block_hash_ = block::hash_of(built->block.header);
#endif
  }

  BlockState state_at(const block::BlockHash& hash) {
    auto st = BlockState::at(*chain_, hash);
    EXPECT_TRUE(st) << st.error().message();
    return std::move(*st);
  }

  Result<Bytes, BlockchainError> replay(const BlockState& st, const std::vector<Bytes>& proof,
                                        std::string_view method, ByteSpan args) {
    std::optional<Bytes> heap_pages;
    if (auto it = spec_.top.find(to_bytes(":heappages")); it != spec_.top.end()) {
      heap_pages = it->second;
    }
    ProofOnlyBackend backend(st.state_root(), proof, spec_.top.at(to_bytes(":code")), heap_pages);
    state::OverlayedChanges overlay(backend);
    auto session = RuntimeSession::open(*host_, overlay);
    if (!session) return unexpected(std::move(session).error());
    return (*session)->call(method, args);
  }

  state::testing::TempDir dir_;
  std::unique_ptr<RuntimeHost> host_;
  state::ChainSpec spec_;
  std::unique_ptr<Chain> chain_;
  block::BlockHash genesis_hash_{};
  block::BlockHash block_hash_{};
};

struct Call {
  std::string method;
  Bytes args;
};

std::vector<Call> light_client_calls() {
  // //Alice's sr25519 public key, an account of the dev genesis.
  const Bytes alice =
      from_hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d").value();
  return {
      {"Core_version", {}},
      {"BabeApi_configuration", {}},
      {"BabeApi_current_epoch", {}},
      {"BabeApi_next_epoch", {}},
      {"GrandpaApi_grandpa_authorities", {}},
      {"AccountNonceApi_account_nonce", alice},
      {"Metadata_metadata_at_version", scale::encode(uint32_t{15})},
  };
}

TEST_F(BlockStateProofs, CallProofsReplayOnTheProofAlone) {
  const Bytes& code = spec_.top.at(to_bytes(":code"));
  for (const block::BlockHash& hash : {genesis_hash_, block_hash_}) {
    BlockState st = state_at(hash);
    for (const Call& call : light_client_calls()) {
      SCOPED_TRACE(call.method);
      auto plain = st.call(*host_, call.method, call.args);
      ASSERT_TRUE(plain) << plain.error().message();
      auto proven = st.call_with_proof(*host_, call.method, call.args);
      ASSERT_TRUE(proven) << proven.error().message();
      EXPECT_EQ(proven->output, *plain);
      const std::vector<Bytes>& proof = proven->proof;
      EXPECT_TRUE(std::is_sorted(proof.begin(), proof.end()));
      EXPECT_TRUE(smoldot_accepts(proof));
      // The runtime is not in the proof: the light client has it.
      EXPECT_TRUE(std::find(proof.begin(), proof.end(), code) == proof.end());

      auto replayed = replay(st, proof, call.method, call.args);
      ASSERT_TRUE(replayed) << replayed.error().message();
      EXPECT_EQ(*replayed, *plain);
      // Every node is needed: without any one of them the replay fails.
      for (size_t i = 0; i < proof.size(); ++i) {
        std::vector<Bytes> without = proof;
        without.erase(without.begin() + static_cast<ptrdiff_t>(i));
        EXPECT_FALSE(replay(st, without, call.method, call.args)) << "node " << i;
      }
    }
  }
}

TEST_F(BlockStateProofs, CallsThatReadStorageProveIt) {
  BlockState st = state_at(block_hash_);
  auto epoch = st.call_with_proof(*host_, "BabeApi_current_epoch", {});
  ASSERT_TRUE(epoch) << epoch.error().message();
  EXPECT_FALSE(epoch->proof.empty());
  // A method the runtime does not have fails, as it does without a proof.
  EXPECT_FALSE(st.call_with_proof(*host_, "Nope_nothing", {}));
}

TEST_F(BlockStateProofs, ChildReadProofsProveTheRootAndTheKeys) {
  BlockState st = state_at(block_hash_);
  const std::vector<Bytes> keys = {to_bytes("alpha"), to_bytes("beta"), to_bytes("missing")};
  auto proof = st.child_read_proof(to_bytes("demo"), keys);
  ASSERT_TRUE(proof) << proof.error().message();
  EXPECT_TRUE(smoldot_accepts(*proof));
  auto root_value =
      state::read_proof(st.state_root(), *proof, state::default_child_root_key(to_bytes("demo")));
  ASSERT_TRUE(root_value && *root_value);
  auto child_root = state::child_root_from_value(**root_value);
  ASSERT_TRUE(child_root);
  auto values = state::read_proof(*child_root, *proof, keys);
  ASSERT_TRUE(values) << state::to_string(values.error());
  EXPECT_EQ((*values)[0], std::optional<Bytes>(to_bytes("1")));
  EXPECT_EQ((*values)[1], std::optional<Bytes>(Bytes(64, 0xbe)));
  EXPECT_FALSE((*values)[2]);
  EXPECT_EQ(st.child_get(to_bytes("demo"), to_bytes("beta")).value(),
            std::optional<Bytes>(Bytes(64, 0xbe)));

  // A child trie that does not exist: the proof shows that the main trie holds no root for it.
  auto none = st.child_read_proof(to_bytes("nothing"), keys);
  ASSERT_TRUE(none);
  auto absent =
      state::read_proof(st.state_root(), *none, state::default_child_root_key(to_bytes("nothing")));
  ASSERT_TRUE(absent);
  EXPECT_FALSE(*absent);
}

}  // namespace
}  // namespace canary::blockchain
