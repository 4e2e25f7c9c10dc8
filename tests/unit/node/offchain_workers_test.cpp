// Offchain workers and offchain indexing in the node: the run decision (sc-cli
// OffchainWorkerEnabled, sc-offchain's new-best / major-sync rule), and with a real runtime
// (tests/wasm/offchain_runtime.cpp, through the executor, without sockets) that the worker runs
// on a block notification with the database's offchain storage, the node's validator status and a
// transaction pool, that a failing worker is reported and the next one still runs, and that a
// block's offchain index writes are kept only when indexing is on. The Canary runtime's own worker
// (no offchain logic yet) runs too.
#include "node/service/offchain_workers.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "blockchain/block_executor.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/database_offchain_storage.hpp"
#include "blockchain/genesis.hpp"
#include "node/service/offchain_worker_policy.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

using executor::offchain::StorageKind;

Bytes b(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

TEST(OffchainWorkerPolicy, ModesAsSubstrateSpellsThem) {
  EXPECT_EQ(parse_offchain_worker_mode("always"), OffchainWorkerMode::kAlways);
  EXPECT_EQ(parse_offchain_worker_mode("Always"), OffchainWorkerMode::kAlways);
  EXPECT_EQ(parse_offchain_worker_mode("never"), OffchainWorkerMode::kNever);
  EXPECT_EQ(parse_offchain_worker_mode("NEVER"), OffchainWorkerMode::kNever);
  EXPECT_EQ(parse_offchain_worker_mode("when-authority"), OffchainWorkerMode::kWhenAuthority);
  EXPECT_EQ(parse_offchain_worker_mode("WhenAuthority"), OffchainWorkerMode::kWhenAuthority);
  EXPECT_EQ(parse_offchain_worker_mode("when-validating"), std::nullopt);
  EXPECT_EQ(parse_offchain_worker_mode(""), std::nullopt);
  for (auto mode : {OffchainWorkerMode::kAlways, OffchainWorkerMode::kNever,
                    OffchainWorkerMode::kWhenAuthority}) {
    EXPECT_EQ(parse_offchain_worker_mode(to_string(mode)), mode);
  }
}

TEST(OffchainWorkerPolicy, EnabledByModeAndRole) {
  EXPECT_TRUE(offchain_workers_enabled(OffchainWorkerMode::kAlways, false));
  EXPECT_TRUE(offchain_workers_enabled(OffchainWorkerMode::kAlways, true));
  EXPECT_FALSE(offchain_workers_enabled(OffchainWorkerMode::kNever, true));
  EXPECT_FALSE(offchain_workers_enabled(OffchainWorkerMode::kWhenAuthority, false));
  EXPECT_TRUE(offchain_workers_enabled(OffchainWorkerMode::kWhenAuthority, true));
}

TEST(OffchainWorkerPolicy, RunsForNewBestBlocksOnlyWhenNotSyncingAndNotBusy) {
  EXPECT_EQ(decide_offchain_run(true, false, 0, 4), OffchainRunDecision::kRun);
  EXPECT_EQ(decide_offchain_run(true, false, 3, 4), OffchainRunDecision::kRun);
  EXPECT_EQ(decide_offchain_run(false, false, 0, 4), OffchainRunDecision::kNotBest);
  EXPECT_EQ(decide_offchain_run(false, true, 9, 4), OffchainRunDecision::kNotBest);
  EXPECT_EQ(decide_offchain_run(true, true, 0, 4), OffchainRunDecision::kMajorSyncing);
  EXPECT_EQ(decide_offchain_run(true, false, 4, 4), OffchainRunDecision::kBusy);
}

TEST(OffchainWorkerPolicy, ApiVersionFromTheRuntimesApis) {
  runtime::RuntimeVersion version;
  EXPECT_EQ(offchain_worker_api_version(version), std::nullopt);
  version.apis.emplace_back(runtime::kCoreApiId, 4);
  EXPECT_EQ(offchain_worker_api_version(version), std::nullopt);
  version.apis.emplace_back(kOffchainWorkerApiId, 0);
  EXPECT_EQ(offchain_worker_api_version(version), std::nullopt);
  version.apis.back().second = 2;
  EXPECT_EQ(offchain_worker_api_version(version), 2u);
  // sp-offchain: version 1 took the number, 2 the header.
  block::Header header;
  header.number = 7;
  EXPECT_EQ(offchain_worker_call_input(1, header), scale::encode(uint32_t{7}));
  EXPECT_EQ(offchain_worker_call_input(2, header), scale::encode(header));
}

class RecordingPool final : public executor::offchain::TransactionPool {
 public:
  bool submit_transaction(ByteSpan extrinsic) override {
    std::lock_guard lock(mutex);
    submitted.emplace_back(extrinsic.begin(), extrinsic.end());
    return true;
  }
  std::vector<Bytes> taken() {
    std::lock_guard lock(mutex);
    return submitted;
  }
  std::mutex mutex;
  std::vector<Bytes> submitted;
};

#ifdef CANARY_OFFCHAIN_RUNTIME

Bytes offchain_runtime() {
  std::ifstream in(CANARY_OFFCHAIN_RUNTIME, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A chain whose genesis state holds the test runtime; blocks on it keep that state.
class OffchainRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Bytes code = offchain_runtime();
    ASSERT_FALSE(code.empty()) << CANARY_OFFCHAIN_RUNTIME;
    state::ChainSpec spec;
    spec.top[b(":code")] = code;
    auto genesis = blockchain::make_genesis_block(spec);
    ASSERT_TRUE(genesis) << genesis.error().message();
    genesis_ = genesis->header;
    chain_ = blockchain::testing::open_chain_at_genesis(dir_.path(), *genesis);
    ASSERT_TRUE(chain_);
    storage_ = std::make_unique<blockchain::DatabaseOffchainStorage>(chain_->database());
  }

  // A header on the genesis state (the test runtime writes none).
  block::Header header(block::BlockNumber number) const {
    block::Header h;
    h.parent_hash = block::hash_of(genesis_);
    h.number = number;
    h.state_root = genesis_.state_root;
    return h;
  }

  std::unique_ptr<OffchainWorkers> workers(bool validator,
                                           OffchainWorkers::MajorSyncing syncing = nullptr) {
    return std::make_unique<OffchainWorkers>(
        *chain_, host_, OffchainWorkerServices{storage_.get(), &pool_, nullptr},
        OffchainWorkersConfig{.is_validator = validator}, std::move(syncing));
  }

  std::optional<Bytes> stored(std::string_view key) {
    return storage_->get(StorageKind::kPersistent, b(key));
  }

  state::testing::TempDir dir_;
  blockchain::RuntimeHost host_{blockchain::RuntimeHostConfig{.compiled = false}};
  block::Header genesis_;
  std::unique_ptr<blockchain::Chain> chain_;
  std::unique_ptr<blockchain::DatabaseOffchainStorage> storage_;
  RecordingPool pool_;
};

TEST_F(OffchainRuntimeTest, WorkerRunsWithStoragePoolAndRole) {
  auto w = workers(/*validator=*/true);
  const block::Header h = header(1);
  auto ran = w->run(h);
  ASSERT_TRUE(ran) << ran.error();
  EXPECT_EQ(*ran, OffchainRunOutcome::kRan);
  EXPECT_EQ(stored("ocw-header"), scale::encode(h));
  EXPECT_EQ(stored("ocw-lock"), b("1"));
  EXPECT_EQ(stored("ocw-cas"), b("won"));
  EXPECT_EQ(stored("ocw-validator"), b("1"));
  EXPECT_EQ(pool_.taken(), std::vector<Bytes>{b("ocw-xt")});
  // The lock is taken now: the second run's compare-and-set fails.
  storage_->clear(StorageKind::kPersistent, b("ocw-cas"));
  ASSERT_TRUE(w->run(header(2)));
  EXPECT_EQ(stored("ocw-cas"), std::nullopt);
  EXPECT_EQ(stored("ocw-header"), scale::encode(header(2)));
  EXPECT_EQ(pool_.taken().size(), 2u);
}

TEST_F(OffchainRuntimeTest, NotAValidatorSaysSo) {
  auto w = workers(/*validator=*/false);
  ASSERT_TRUE(w->run(header(1)));
  EXPECT_EQ(stored("ocw-validator"), std::nullopt);
  EXPECT_EQ(stored("ocw-cas"), b("won"));
}

// Through the chain's notifications, on the worker thread: new best blocks only, none while
// syncing; a trapping worker is counted as failed and the next block's still runs.
TEST_F(OffchainRuntimeTest, NotificationsDriveTheWorkerThread) {
  bool syncing = false;
  auto w = workers(/*validator=*/true, [&syncing] { return syncing; });
  auto notice = [this](block::BlockNumber number, bool best) {
    blockchain::ImportNotice n;
    n.header = header(number);
    n.block = blockchain::BlockRef{block::hash_of(n.header), number};
    n.new_best = best;
    return n;
  };
  w->on_block_imported(notice(1, false));
  w->wait_idle();
  EXPECT_EQ(w->counts().ran, 0u);
  EXPECT_EQ(stored("ocw-header"), std::nullopt);

  w->on_block_imported(notice(1, true));
  w->wait_idle();
  EXPECT_EQ(w->counts().ran, 1u);
  EXPECT_EQ(stored("ocw-header"), scale::encode(header(1)));

  syncing = true;
  w->on_block_imported(notice(2, true));
  w->wait_idle();
  EXPECT_EQ(w->counts().ran, 1u);
  EXPECT_EQ(w->counts().skipped, 1u);
  syncing = false;

  w->on_block_imported(notice(13, true));  // the test runtime traps at #13
  w->wait_idle();
  EXPECT_EQ(w->counts().failed, 1u);
  EXPECT_EQ(stored("ocw-header"), scale::encode(header(1)));

  w->on_block_imported(notice(14, true));
  w->wait_idle();
  EXPECT_EQ(w->counts().ran, 2u);
  EXPECT_EQ(stored("ocw-header"), scale::encode(header(14)));
  w->stop();
  w->on_block_imported(notice(15, true));  // stopped: ignored
  EXPECT_EQ(w->counts().ran, 2u);
}

// ext_offchain_index_* during block execution: kept (with the storage transactions' semantics)
// when indexing is on, dropped when off; committed with the block they reach the offchain storage.
TEST_F(OffchainRuntimeTest, IndexWritesOfAnExecutedBlock) {
  const block::Block block{header(1), {}};
  storage_->set(StorageKind::kPersistent, b("cleared"), b("before"));
  auto off = blockchain::execute_block(host_, chain_->database().node_store(), genesis_.state_root,
                                       block, nullptr, false);
  ASSERT_TRUE(off) << off.error().message();
  EXPECT_TRUE(off->offchain_index.empty());

  auto on = blockchain::execute_block(host_, chain_->database().node_store(), genesis_.state_root,
                                      block, nullptr, true);
  ASSERT_TRUE(on) << on.error().message();
  executor::offchain::OffchainIndexChanges::Changes expected;
  expected[b("indexed")] = b("by-block");
  expected[b("cleared")] = std::nullopt;
  EXPECT_EQ(on->offchain_index, expected);  // b"rolled-back" went with its transaction

  state::BlockCommit c;
  c.header = block.header;
  c.body = scale::encode(block.extrinsics);
  c.changes = on->changes.get();
  c.new_nodes = on->changes.get();
  c.offchain = blockchain::offchain_index_writes(on->offchain_index);
  ASSERT_TRUE(chain_->import(c));
  EXPECT_EQ(stored("indexed"), b("by-block"));
  EXPECT_EQ(stored("cleared"), std::nullopt);
  EXPECT_EQ(stored("rolled-back"), std::nullopt);
}

#endif  // CANARY_OFFCHAIN_RUNTIME

#ifdef CANARY_RUNTIME_BLOB
// The Canary runtime declares OffchainWorkerApi 2 and runs its pallets' (empty) hooks.
TEST(OffchainCanaryRuntime, WorkerRunsOnTheDevGenesis) {
  blockchain::RuntimeHost host(blockchain::RuntimeHostConfig{.compiled = false});
  auto genesis = blockchain::testing::dev_genesis(host);
  ASSERT_TRUE(genesis) << genesis.error().message();
  state::testing::TempDir dir;
  auto chain = blockchain::testing::open_chain_at_genesis(dir.path(), *genesis);
  ASSERT_TRUE(chain);
  blockchain::DatabaseOffchainStorage storage(chain->database());
  RecordingPool pool;
  OffchainWorkers w(*chain, host, OffchainWorkerServices{&storage, &pool, nullptr},
                    OffchainWorkersConfig{.is_validator = true});
  auto ran = w.run(genesis->header);
  ASSERT_TRUE(ran) << ran.error();
  EXPECT_EQ(*ran, OffchainRunOutcome::kRan);
}
#endif

}  // namespace
}  // namespace canary::node
