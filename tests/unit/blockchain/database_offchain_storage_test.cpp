// DatabaseOffchainStorage: the PERSISTENT kind over the database's offchain column under
// sp-offchain's b"storage" prefix (what the offchain_localStorage* RPCs and sc-client-db use),
// compare-and-set as sp-core's in-memory store defines it, LOCAL unavailable as in sp-core
// offchain/storage.rs, values kept across a reopen; offchain index writes committed with a block.
#include "blockchain/database_offchain_storage.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::blockchain {
namespace {

using executor::offchain::StorageKind;

Bytes b(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

class DatabaseOffchainStorageTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open() {
    storage_.reset();
    db_.reset();
    state::DatabaseOptions options;
    options.sync = state::SyncPolicy::kNever;
    auto db = state::Database::open(dir_.path(), options);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    storage_ = std::make_unique<DatabaseOffchainStorage>(
        *db_, [this](const std::string& message) { errors_.push_back(message); });
  }

  state::testing::TempDir dir_;
  std::unique_ptr<state::Database> db_;
  std::unique_ptr<DatabaseOffchainStorage> storage_;
  std::vector<std::string> errors_;
};

TEST_F(DatabaseOffchainStorageTest, SetGetClearUnderTheStoragePrefix) {
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("key")), std::nullopt);
  storage_->set(StorageKind::kPersistent, b("key"), b("value"));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("key")), b("value"));
  // sc-client-db's layout, which the RPCs read too.
  EXPECT_EQ(db_->offchain(b("storagekey")).value(), b("value"));
  EXPECT_EQ(db_->offchain(b("key")).value(), std::nullopt);
  storage_->clear(StorageKind::kPersistent, b("key"));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("key")), std::nullopt);
  EXPECT_EQ(db_->offchain(b("storagekey")).value(), std::nullopt);
  EXPECT_TRUE(errors_.empty());
}

// sc-offchain api.rs tests should_compare_and_set_local_storage(_with_none).
TEST_F(DatabaseOffchainStorageTest, CompareAndSet) {
  const Bytes val = b("val"), value = b("value");
  // Absent: only an expected none matches.
  EXPECT_FALSE(storage_->compare_and_set(StorageKind::kPersistent, b("k"), ByteSpan(val), b("x")));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("k")), std::nullopt);
  EXPECT_TRUE(storage_->compare_and_set(StorageKind::kPersistent, b("k"), std::nullopt, value));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("k")), value);
  // Present: an expected none or another value does not match.
  EXPECT_FALSE(storage_->compare_and_set(StorageKind::kPersistent, b("k"), std::nullopt, b("y")));
  EXPECT_FALSE(storage_->compare_and_set(StorageKind::kPersistent, b("k"), ByteSpan(val), b("y")));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("k")), value);
  EXPECT_TRUE(
      storage_->compare_and_set(StorageKind::kPersistent, b("k"), ByteSpan(value), b("xxx")));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("k")), b("xxx"));
  // An empty value is a value, not an absence.
  storage_->set(StorageKind::kPersistent, b("e"), {});
  EXPECT_FALSE(storage_->compare_and_set(StorageKind::kPersistent, b("e"), std::nullopt, b("1")));
  EXPECT_TRUE(storage_->compare_and_set(StorageKind::kPersistent, b("e"), ByteSpan(), b("1")));
}

// A lock taken with compare-and-set by concurrent workers: exactly one of them gets it.
TEST_F(DatabaseOffchainStorageTest, CompareAndSetIsAtomicAcrossThreads) {
  constexpr int kThreads = 8;
  std::vector<int> won(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const Bytes mine = b("worker" + std::to_string(i));
      won[i] = storage_->compare_and_set(StorageKind::kPersistent, b("lock"), std::nullopt, mine);
    });
  }
  for (auto& t : threads) t.join();
  int winners = 0;
  for (int i = 0; i < kThreads; ++i) {
    if (won[i] != 0) {
      ++winners;
      EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("lock")),
                b("worker" + std::to_string(i)));
    }
  }
  EXPECT_EQ(winners, 1);
}

TEST_F(DatabaseOffchainStorageTest, LocalIsUnavailableAsInSubstrate) {
  storage_->set(StorageKind::kLocal, b("k"), b("v"));
  EXPECT_EQ(storage_->get(StorageKind::kLocal, b("k")), std::nullopt);
  EXPECT_FALSE(storage_->compare_and_set(StorageKind::kLocal, b("k"), std::nullopt, b("v")));
  storage_->clear(StorageKind::kLocal, b("k"));
  // Nothing reached the column, under either kind's key.
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("k")), std::nullopt);
  EXPECT_EQ(db_->offchain(b("storagek")).value(), std::nullopt);
  EXPECT_EQ(errors_.size(), 4u);
}

TEST_F(DatabaseOffchainStorageTest, ValuesSurviveAReopen) {
  storage_->set(StorageKind::kPersistent, b("kept"), b("1"));
  ASSERT_TRUE(storage_->write(b("also"), ByteSpan(b("2"))));
  open();
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("kept")), b("1"));
  EXPECT_EQ(storage_->read(b("also")).value(), b("2"));
}

TEST(OffchainIndexWrites, PrefixedAndClearsBecomeDeletions) {
  executor::offchain::OffchainIndexChanges::Changes changes;
  changes[b("a")] = b("1");
  changes[b("b")] = std::nullopt;
  const auto writes = offchain_index_writes(changes);
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].key, b("storagea"));
  EXPECT_EQ(writes[0].value, b("1"));
  EXPECT_EQ(writes[1].key, b("storageb"));
  EXPECT_EQ(writes[1].value, std::nullopt);
}

// BlockCommit::offchain goes in the block's own write: after the commit the index is there, and a
// clear removes what was stored before.
TEST_F(DatabaseOffchainStorageTest, IndexWritesAreCommittedWithTheBlock) {
  state::BlockCommit genesis;
  genesis.header = block::genesis_header(block::kEmptyTrieRoot);
  genesis.body = scale::encode(std::vector<Bytes>{});
  ASSERT_TRUE(db_->commit(genesis));
  storage_->set(StorageKind::kPersistent, b("old"), b("x"));

  state::BlockCommit c;
  c.header.parent_hash = block::hash_of(genesis.header);
  c.header.number = 1;
  c.header.state_root = block::kEmptyTrieRoot;
  c.body = scale::encode(std::vector<Bytes>{});
  executor::offchain::OffchainIndexChanges::Changes changes;
  changes[b("new")] = b("y");
  changes[b("old")] = std::nullopt;
  c.offchain = offchain_index_writes(changes);
  ASSERT_TRUE(db_->commit(c));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("new")), b("y"));
  EXPECT_EQ(storage_->get(StorageKind::kPersistent, b("old")), std::nullopt);
}

}  // namespace
}  // namespace canary::blockchain
