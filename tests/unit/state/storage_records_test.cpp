// The database's record layouts: round trips, the byte order of keys (numeric order must be
// RocksDB's byte order), and rejection of every malformed length or value.
#include <gtest/gtest.h>

#include "state/storage/records.hpp"

namespace canary::state::records {
namespace {

TEST(StorageRecords, U32IsLittleEndianAndExactlyFourBytes) {
  EXPECT_EQ(encode_u32(0x01020304), (Bytes{0x04, 0x03, 0x02, 0x01}));
  EXPECT_EQ(decode_u32(Bytes{0x04, 0x03, 0x02, 0x01}), 0x01020304u);
  EXPECT_FALSE(decode_u32(Bytes{1, 2, 3}));
  EXPECT_FALSE(decode_u32(Bytes{1, 2, 3, 4, 5}));
}

TEST(StorageRecords, BlockRefRoundTrips) {
  BlockRef ref;
  for (size_t i = 0; i < 32; ++i) ref.hash[i] = static_cast<uint8_t>(i);
  ref.number = 123456;
  Bytes encoded = encode_block_ref(ref);
  ASSERT_EQ(encoded.size(), 36u);
  EXPECT_EQ(decode_block_ref(encoded), ref);
  encoded.pop_back();
  EXPECT_FALSE(decode_block_ref(encoded));
}

TEST(StorageRecords, PruningModeRoundTripsAndRejectsNonsense) {
  for (PruningMode m : {PruningMode::archive_mode(), PruningMode::keep_last(1),
                        PruningMode::keep_last(256), PruningMode::keep_last(UINT32_MAX)}) {
    EXPECT_EQ(decode_pruning(encode_pruning(m)), m);
  }
  EXPECT_FALSE(decode_pruning(Bytes{1, 0, 0, 0, 0}));  // a window of 0 blocks
  EXPECT_FALSE(decode_pruning(Bytes{0, 1, 0, 0, 0}));  // archive with a window
  EXPECT_FALSE(decode_pruning(Bytes{2, 1, 0, 0, 0}));  // unknown mode
  EXPECT_FALSE(decode_pruning(Bytes{1, 1, 0, 0}));
}

TEST(StorageRecords, StoredCountsAreAtLeastTwo) {
  EXPECT_EQ(decode_refcount(encode_refcount(2)), 2u);
  EXPECT_EQ(decode_refcount(encode_refcount(UINT32_MAX)), UINT32_MAX);
  EXPECT_FALSE(decode_refcount(encode_u32(1)));  // one reference: no entry
  EXPECT_FALSE(decode_refcount(encode_u32(0)));
  EXPECT_FALSE(decode_refcount(Bytes{2, 0, 0}));
}

TEST(StorageRecords, HashListsRoundTripAndNeedWholeHashes) {
  std::vector<Hash256> hashes(3);
  for (size_t i = 0; i < 3; ++i) hashes[i].fill(static_cast<uint8_t>(i + 1));
  hashes.push_back(hashes[0]);  // duplicates are references, kept
  EXPECT_EQ(decode_hash_list(encode_hash_list(hashes)), hashes);
  EXPECT_EQ(decode_hash_list(Bytes{}), std::vector<Hash256>{});
  EXPECT_FALSE(decode_hash_list(Bytes(33, 0)));
}

TEST(StorageRecords, NumberKeysSortLikeNumbers) {
  EXPECT_LT(canonical_key(255), canonical_key(256));
  EXPECT_LT(canonical_key(65535), canonical_key(65536));
  EXPECT_EQ(decode_canonical_key(canonical_key(0xdeadbeef)), 0xdeadbeefu);
  BlockRef a{{}, 9};
  BlockRef b{{}, 10};
  b.hash.fill(0);
  a.hash.fill(0xff);
  EXPECT_LT(tree_key(a), tree_key(b));
  EXPECT_EQ(decode_tree_key(tree_key(a)), a);
  EXPECT_FALSE(decode_tree_key(Bytes(35, 0)));
}

TEST(StorageRecords, JournalKeysSeparateKinds) {
  Hash256 h;
  h.fill(7);
  auto i = journal_key(h, JournalKind::kInserted);
  auto r = journal_key(h, JournalKind::kRemoved);
  EXPECT_NE(i, r);
  EXPECT_TRUE(std::equal(h.begin(), h.end(), i.begin()));
}

}  // namespace
}  // namespace canary::state::records
