// --dev-block-time on the built-in chains (node/chain/builtin_chains.hpp): the dev chain's genesis
// gets the half as timestamp.minimumPeriod, and the node's BABE state opened on it (what
// `canary --dev` does at start) has that slot duration; the non-raw spec builds the same genesis;
// `local`, chain spec files, odd values and the values the runtime refuses are errors that say why.
#include <gtest/gtest.h>

#include <fstream>

#include "blockchain/genesis.hpp"
#include "node/chain/builtin_chains.hpp"
#include "node/chain/chain_spec_json.hpp"
#include "node/chain/embedded_runtime.hpp"
#include "node/service/babe_state.hpp"
#include "primitives/hash/hash.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

class DevBlockTimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef CANARY_RUNTIME_BLOB
    GTEST_SKIP() << "built without the wasm32 runtime";
#else
    ASSERT_TRUE(embedded_runtime().has_value());
#endif
  }

  // The genesis hash of `spec`, and the slot duration the node's BABE state reads on it.
  std::pair<Hash256, uint64_t> open(const state::ChainSpec& spec, const std::string& name) {
    auto genesis = blockchain::make_genesis_block(spec);
    EXPECT_TRUE(genesis) << genesis.error().message();
    if (!genesis) return {};
    auto chain = blockchain::testing::open_chain_at_genesis(dir_.sub(name), *genesis);
    if (!chain) return {};
    auto babe = BabeState::open(*chain, host_);
    EXPECT_TRUE(babe) << babe.error().message();
    return {genesis->hash, babe ? (*babe)->slot_duration_ms() : 0};
  }

  std::string error_of(std::string_view chain_arg, uint64_t block_time) {
    auto document = resolve_chain_spec(chain_arg, host_, /*build_raw=*/false,
                                       {.dev_block_time_ms = block_time});
    EXPECT_FALSE(document) << chain_arg << " " << block_time;
    return document ? std::string() : document.error();
  }

  blockchain::RuntimeHost host_{blockchain::RuntimeHostConfig{.compiled = false}};
  state::testing::TempDir dir_;
};

TEST_F(DevBlockTimeTest, PatchesTheDevGenesis) {
  auto plain = resolve_chain_spec("dev", host_, /*build_raw=*/true);
  ASSERT_TRUE(plain) << plain.error();
  auto fast = resolve_chain_spec("dev", host_, /*build_raw=*/true, {.dev_block_time_ms = 1'000});
  ASSERT_TRUE(fast) << fast.error();
  EXPECT_EQ(fast->spec.id, "dev");
  ASSERT_TRUE(fast->runtime_genesis);
  EXPECT_EQ(fast->runtime_genesis->value["timestamp"]["minimumPeriod"], 500);

  const auto [plain_hash, plain_slot] = open(plain->spec, "plain");
  const auto [fast_hash, fast_slot] = open(fast->spec, "fast");
  EXPECT_EQ(plain_slot, 6'000u);
  EXPECT_EQ(fast_slot, 1'000u);
  EXPECT_NE(plain_hash, fast_hash);

  // build-spec --dev --dev-block-time 1000 without --raw, given back as --chain: the same genesis.
  auto document =
      resolve_chain_spec("dev", host_, /*build_raw=*/false, {.dev_block_time_ms = 1'000});
  ASSERT_TRUE(document) << document.error();
  EXPECT_FALSE(document->raw_genesis);
  const std::string path = dir_.sub("fast.json");
  std::ofstream(path) << write_chain_spec_json(*document, /*raw=*/false).value();
  auto loaded = load_chain_spec(path, host_);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(blockchain::make_genesis_block(*loaded)->hash, fast_hash);
}

TEST_F(DevBlockTimeTest, RefusedWithReasons) {
  EXPECT_NE(error_of("local", 1'000).find("for the dev chain only"), std::string::npos);
  auto local = resolve_chain_spec("local", host_, /*build_raw=*/false);
  ASSERT_TRUE(local) << local.error();
  const std::string path = dir_.sub("local.json");
  std::ofstream(path) << write_chain_spec_json(*local, /*raw=*/false).value();
  EXPECT_NE(error_of(path, 1'000).find("not the chain spec file"), std::string::npos);

  EXPECT_NE(error_of("dev", 1'001).find("must be an even number"), std::string::npos);
  // The runtime's GenesisBuilder checks the range, in the flag's name.
  const std::string short_slot = error_of("dev", 400);
  EXPECT_NE(short_slot.find("--dev-block-time 400: "), std::string::npos) << short_slot;
  EXPECT_NE(short_slot.find("below the shortest"), std::string::npos) << short_slot;
  EXPECT_NE(error_of("dev", 4'000'000).find("above the longest"), std::string::npos);
}

// build-spec --chain local --block-time 2000 --epoch-duration 10: the local testnet's genesis
// with both timings, which the node's BABE state reads; a spec file refuses them, and the
// runtime's range check speaks in the flags' names.
TEST_F(DevBlockTimeTest, TestnetTimingsPatchTheLocalGenesis) {
  const BuiltinGenesisOptions timings{.block_time_ms = 2'000, .epoch_duration = 10};
  auto local = resolve_chain_spec("local", host_, /*build_raw=*/true, timings);
  ASSERT_TRUE(local) << local.error();
  EXPECT_EQ(local->spec.id, "local_testnet");
  ASSERT_TRUE(local->runtime_genesis);
  EXPECT_EQ(local->runtime_genesis->value["timestamp"]["minimumPeriod"], 1'000);
  EXPECT_EQ(local->runtime_genesis->value["babe"]["epochDuration"], 10);
  const auto [hash, slot] = open(local->spec, "local");
  EXPECT_EQ(slot, 2'000u);
  auto genesis = blockchain::make_genesis_block(local->spec);
  ASSERT_TRUE(genesis);
  auto chain = blockchain::testing::open_chain_at_genesis(dir_.sub("local-epoch"), *genesis);
  ASSERT_TRUE(chain);
  auto babe = BabeState::open(*chain, host_);
  ASSERT_TRUE(babe) << babe.error().message();
  EXPECT_EQ((*babe)->configuration().epoch_length, 10u);

  const std::string path = dir_.sub("plain-local.json");
  auto plain = resolve_chain_spec("local", host_, /*build_raw=*/false);
  ASSERT_TRUE(plain) << plain.error();
  std::ofstream(path) << write_chain_spec_json(*plain, /*raw=*/false).value();
  auto refused = resolve_chain_spec(path, host_, /*build_raw=*/false, timings);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("apply to the built-in chains"), std::string::npos)
      << refused.error();

  auto too_short = resolve_chain_spec("local", host_, /*build_raw=*/false,
                                      {.block_time_ms = 2'000, .epoch_duration = 1});
  ASSERT_FALSE(too_short);
  EXPECT_NE(too_short.error().find("--block-time 2000 --epoch-duration 1: "), std::string::npos)
      << too_short.error();
  EXPECT_NE(too_short.error().find("1 slots is outside 2 to 100800"), std::string::npos)
      << too_short.error();
  auto both = resolve_chain_spec("dev", host_, /*build_raw=*/false,
                                 {.dev_block_time_ms = 1'000, .block_time_ms = 2'000});
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().find("not both"), std::string::npos) << both.error();
}

// The presets carry the dev governance timings (runtime/canary/governance.hpp), written into the
// genesis as storage parameters; --kusama-governance leaves them out, so Kusama's periods apply.
TEST_F(DevBlockTimeTest, KusamaGovernanceDropsTheDevTimings) {
  const Hash128 decision = hash::twox_128(to_bytes(":ReferendaDecisionPeriod:"));
  const Bytes decision_key(decision.begin(), decision.end());
  auto plain = resolve_chain_spec("dev", host_, /*build_raw=*/true);
  ASSERT_TRUE(plain) << plain.error();
  ASSERT_TRUE(plain->runtime_genesis);
  EXPECT_EQ(plain->runtime_genesis->value["referenda"]["decisionPeriod"], 20);
  EXPECT_EQ(plain->runtime_genesis->value["convictionVoting"]["voteLockingPeriod"], 10);
  EXPECT_EQ(plain->runtime_genesis->value["treasury"]["spendPeriod"], 10);
  EXPECT_TRUE(plain->spec.top.contains(decision_key));

  auto kusama = resolve_chain_spec("dev", host_, /*build_raw=*/true, {.kusama_governance = true});
  ASSERT_TRUE(kusama) << kusama.error();
  ASSERT_TRUE(kusama->runtime_genesis);
  EXPECT_FALSE(kusama->runtime_genesis->value.contains("referenda"));
  EXPECT_FALSE(kusama->runtime_genesis->value.contains("convictionVoting"));
  EXPECT_FALSE(kusama->runtime_genesis->value.contains("treasury"));
  EXPECT_FALSE(kusama->spec.top.contains(decision_key));
  EXPECT_TRUE(kusama->spec.top.contains(to_bytes(":code")));
}

}  // namespace
}  // namespace canary::node
