// The import's state prefetch (node/service/state_prefetcher.hpp): which keys a block's
// extrinsics name (the System.Account entries of their signers, each once; anything that is not
// a signed v4 extrinsic from a MultiAddress::Id skipped), and that the prefetcher's reads leave
// those keys' nodes in the node cache, so that the runtime's own reads of them then never reach
// RocksDB.

#include "node/service/state_prefetcher.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "primitives/hash/hash.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "state/trie/lookup.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

Bytes account_id(uint32_t n) {
  Bytes id(32, 0x11);
  for (int i = 0; i < 4; ++i) id[i] = static_cast<uint8_t>(n >> (8 * i));
  return id;
}

// System.Account's key of `who`, written out: twox128("System") ++ twox128("Account") ++
// blake2_128(who) ++ who.
Bytes account_key(const Bytes& who) {
  Bytes key = hash::storage_prefix("System", "Account");
  const Hash128 h = hash::blake2b_128(who);
  key.insert(key.end(), h.begin(), h.end());
  key.insert(key.end(), who.begin(), who.end());
  return key;
}

// A signed v4 extrinsic from MultiAddress::Id(who), as a block body holds it (no length in
// front), its signature, extra and call made up.
Bytes signed_by(const Bytes& who, uint8_t address_kind = 0x00, uint8_t version = 0x84) {
  Bytes body{version, address_kind};
  body.insert(body.end(), who.begin(), who.end());
  body.push_back(0x01);               // MultiSignature::Sr25519
  body.insert(body.end(), 64, 0xAA);  // the signature
  body.insert(body.end(), {0x00, 0x00, 0x00, 0x04, 0x03});
  return body;
}

TEST(SignerAccountKeys, TheSignersOfSignedV4ExtrinsicsEachOnce) {
  const Bytes a = account_id(1);
  const Bytes b = account_id(2);
  Bytes truncated = signed_by(account_id(3));
  truncated.resize(20);
  const std::vector<Bytes> extrinsics = {
      Bytes{0x04, 0x00, 0x01, 0x2A},  // unsigned (an inherent)
      signed_by(a),
      signed_by(account_id(4), /*address_kind=*/0x01),  // MultiAddress::Index
      signed_by(b),
      signed_by(a),  // the same signer again
      truncated,
      signed_by(account_id(5), 0x00, /*version=*/0x85),  // another format version
      Bytes{},
  };
  EXPECT_EQ(signer_account_keys(extrinsics), (std::vector<Bytes>{account_key(a), account_key(b)}));
}

TEST(StatePrefetcher, ItsReadsLeaveTheKeysNodesInTheNodeCache) {
  state::testing::TempDir dir;
  state::DatabaseOptions options;
  options.sync = state::SyncPolicy::kNever;
  options.node_cache_bytes = 16 << 20;
  options.db_cache_bytes = 1 << 20;
  std::vector<state::testing::Change> changes;
  std::vector<Bytes> keys;
  for (int i = 0; i < 500; ++i) {
    keys.push_back(account_key(account_id(static_cast<uint32_t>(i))));
    changes.push_back({.key = keys.back(), .value = Bytes(80, static_cast<uint8_t>(i))});
  }
  Hash256 root{};
  {
    auto db = state::Database::open(dir.path(), options);
    ASSERT_TRUE(db) << db.error().message();
    const auto genesis =
        state::testing::prepare_block(**db, std::nullopt, state::testing::StateModel{}, changes, 0);
    ASSERT_TRUE((*db)->commit(genesis.commit()));
    root = genesis.header.state_root;
  }
  // Opened again: the node cache starts empty.
  options.create_if_missing = false;
  auto db = state::Database::open(dir.path(), options);
  ASSERT_TRUE(db) << db.error().message();
  const std::vector<Bytes> prefetched(keys.begin(), keys.begin() + 100);
  {
    StatePrefetcher prefetcher(**db);
    prefetcher.start(root, prefetched);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (prefetcher.keys_read() < prefetched.size() &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    ASSERT_EQ(prefetcher.keys_read(), prefetched.size());
  }
  const uint64_t reads_before = (*db)->node_reads().count;
  EXPECT_GT(reads_before, 0U);  // the prefetcher's own
  for (const Bytes& key : prefetched) {
    auto value = state::lookup((*db)->node_store(), root, key);
    ASSERT_TRUE(value && *value);
  }
  EXPECT_EQ((*db)->node_reads().count, reads_before) << "a prefetched node was read again";
  // A key not prefetched still needs RocksDB: the counter does count the runtime's reads.
  ASSERT_TRUE(state::lookup((*db)->node_store(), root, keys.back()));
  EXPECT_GT((*db)->node_reads().count, reads_before);
}

TEST(StatePrefetcher, StopsWithWorkLeft) {
  state::testing::TempDir dir;
  state::DatabaseOptions options;
  options.sync = state::SyncPolicy::kNever;
  auto db = state::Database::open(dir.path(), options);
  ASSERT_TRUE(db) << db.error().message();
  std::vector<Bytes> keys(100'000, Bytes{1, 2, 3});
  StatePrefetcher prefetcher(**db);
  prefetcher.start(Hash256{}, keys);  // a root the database lacks: each read fails at once
  prefetcher.stop();
  prefetcher.start(Hash256{}, keys);
  // The destructor ends the thread with the keys mostly unread.
}

}  // namespace
}  // namespace canary::node
