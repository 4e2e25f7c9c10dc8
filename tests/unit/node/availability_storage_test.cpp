// The availability store's records in the node's database (node/service/availability_storage.hpp):
// what a validator stored — data, chunks with proofs, the meta with its inclusions — is there
// after the database is opened again, the store rebuilds its prune times from it, and removing a
// candidate removes all its records.

#include "node/service/availability_storage.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

namespace pc = ::canary::parachain;
using std::chrono::hours;
using std::chrono::seconds;

const pc::AvailabilityTime kT{seconds{1'700'000'000}};

std::unique_ptr<state::Database> open_db(const std::string& path) {
  state::DatabaseOptions o;
  o.sync = state::SyncPolicy::kNever;
  o.node_cache_bytes = 1 << 20;
  o.db_cache_bytes = 1 << 20;
  auto db = state::Database::open(path, o);
  EXPECT_TRUE(db) << db.error().message();
  return db ? std::move(*db) : nullptr;
}

pc::AvailableData data_of(uint8_t fill) {
  pc::AvailableData d;
  d.pov.block_data.data = Bytes(3000, fill);
  d.validation_data.parent_head.data = {1, 2, 3};
  d.validation_data.relay_parent_number = 9;
  d.validation_data.max_pov_size = 4096;
  return d;
}

Hash256 root_of(const pc::AvailableData& d, size_t n) {
  auto chunks = erasure_coding::obtain_chunks(n, scale::encode(d));
  EXPECT_TRUE(chunks);
  return erasure_coding::erasure_root(*chunks);
}

Hash256 candidate(uint8_t b) {
  Hash256 h{};
  h.fill(b);
  return h;
}

TEST(DatabaseAvailabilityStorage, WhatTheStoreKeptSurvivesAReopen) {
  state::testing::TempDir dir;
  const pc::AvailableData included = data_of(7);
  const pc::AvailableData abandoned = data_of(8);
  const pc::BlockRef block{12, candidate(0xbb)};
  {
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    pc::AvailabilityStore store({}, make_database_availability_storage(*db));
    ASSERT_TRUE(store.store_available_data(candidate(1), 5, included, root_of(included, 5), kT));
    ASSERT_TRUE(store.store_available_data(candidate(2), 5, abandoned, root_of(abandoned, 5), kT));
    ASSERT_TRUE(store.note_included(candidate(1), block));
    ASSERT_EQ(store.candidate_count(), 2u);
  }
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  pc::AvailabilityStore store({}, make_database_availability_storage(*db));
  EXPECT_EQ(store.candidate_count(), 2u);
  EXPECT_EQ(store.query_available_data(candidate(1)), included);
  auto chunk = store.query_chunk(candidate(1), 3);
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->index, 3u);
  EXPECT_TRUE(erasure_coding::verify_chunk_proof(root_of(included, 5), chunk->index, chunk->chunk,
                                                 chunk->proof));
  EXPECT_EQ(store.query_all_chunks(candidate(2)).size(), 5u);
  auto meta = store.query_meta(candidate(1));
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->state, pc::CandidateState::kUnfinalized);
  EXPECT_EQ(meta->included_in, std::vector<pc::BlockRef>{block});
  EXPECT_EQ(meta->at, kT);
  EXPECT_EQ(meta->chunks_stored.count_ones(), 5u);

  // The prune times came back with the records: the unincluded one goes an hour after it was
  // first seen, with every one of its records; the included one stays.
  EXPECT_EQ(store.prune(kT + hours(1) + seconds(1)), 1u);
  EXPECT_FALSE(store.query_meta(candidate(2)));
  EXPECT_FALSE(store.query_chunk(candidate(2), 0));
  EXPECT_TRUE(store.query_available_data(candidate(1)));
  auto left = db->aux_with_prefix(to_bytes("parachains:av:"));
  ASSERT_TRUE(left);
  // Candidate 1's meta, data and five chunks.
  EXPECT_EQ(left->size(), 7u);
}

// A chunk is served by validator index after its candidate left its core, and after a restart;
// forget (the service's answer to the store dropping the candidate) deletes a mapping.
TEST(DatabaseAvailabilityStorage, ChunkMappingsSurviveAReopenUntilTheirCandidateGoes) {
  state::testing::TempDir dir;
  {
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    ChunkMappings mappings(db.get());
    mappings.note(candidate(1), ChunkMapping{2, 10, true});
    mappings.note(candidate(1), ChunkMapping{0, 10, false});  // the first one stays
    mappings.note(candidate(2), ChunkMapping{1, 10, false});
  }
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  ChunkMappings mappings(db.get());
  EXPECT_EQ(mappings.size(), 2u);
  // RFC-47: (core × systematic_recovery_threshold(10) + v) mod 10, the threshold being 4.
  EXPECT_EQ(mappings.chunk_of(candidate(1), 3), 1u);
  EXPECT_EQ(mappings.chunk_of(candidate(2), 3), 3u);  // the mapping off: the validator's index
  EXPECT_FALSE(mappings.chunk_of(candidate(3), 3));
  mappings.forget(candidate(1));
  mappings.forget(candidate(3));  // never noted: nothing to do
  EXPECT_FALSE(mappings.chunk_of(candidate(1), 3));
  EXPECT_EQ(ChunkMappings(db.get()).size(), 1u);
  EXPECT_EQ(ChunkMappings(nullptr).size(), 0u);
}

TEST(DatabaseAvailabilityStorage, AMalformedRecordIsSkipped) {
  state::testing::TempDir dir;
  auto db = open_db(dir.path());
  ASSERT_TRUE(db);
  Bytes key = to_bytes("parachains:av:m");
  const Hash256 c = candidate(3);
  key.insert(key.end(), c.begin(), c.end());
  ASSERT_TRUE(db->write_aux({state::AuxWrite{key, Bytes{1, 2, 3}}}));
  auto storage = make_database_availability_storage(*db);
  EXPECT_FALSE(storage->load_meta(c));
  pc::AvailabilityStore store({}, std::move(storage));
  EXPECT_EQ(store.candidate_count(), 0u);
}

}  // namespace
}  // namespace canary::node
