// The availability store (parachain/availability/availability_store.hpp): data and every chunk
// stored and served with proofs that verify, the erasure-root check (nothing stored on a
// mismatch), recovery of the data from a threshold of the stored chunks, polkadot-sdk's av-store
// timelines (unavailable pruned after an hour; included then finalized kept 25 hours after
// finality; a candidate whose fork lost; finality jumps), chunk storage with proof checks, the
// bounds, and indices rebuilt from the storage as a persistent store will need.
#include "parachain/availability/availability_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using E = AvailabilityStoreError;

const AvailabilityTime kT{seconds{1'700'000'000}};

// A refusal with `expected`, reported (not aborted on) when the call succeeded.
template <class T>
::testing::AssertionResult fails_with(const Result<T, E>& result, E expected) {
  if (result.has_value()) {
    return ::testing::AssertionFailure() << "succeeded; expected " << to_string(expected);
  }
  if (result.error() != expected) {
    return ::testing::AssertionFailure()
           << to_string(result.error()) << "; expected " << to_string(expected);
  }
  return ::testing::AssertionSuccess();
}

Hash256 repeat(uint8_t b) {
  Hash256 h{};
  h.fill(b);
  return h;
}

AvailableData make_data(uint32_t seed, size_t pov_len = 1000) {
  std::mt19937 rng(seed);
  AvailableData d;
  d.pov.block_data.data.resize(pov_len);
  for (auto& b : d.pov.block_data.data) b = static_cast<uint8_t>(rng());
  d.validation_data.parent_head.data = {7, 8, 9};
  d.validation_data.relay_parent_number = 5;
  d.validation_data.relay_parent_storage_root = repeat(0x33);
  d.validation_data.max_pov_size = 1024;
  return d;
}

// The chunks, root and proofs computed here, independently of the store's `branches` call.
struct Coded {
  std::vector<Bytes> chunks;
  Hash256 root{};
};
Coded code(const AvailableData& d, size_t n) {
  auto chunks = erasure_coding::obtain_chunks(n, scale::encode(d));
  EXPECT_TRUE(chunks.has_value());
  Coded out;
  if (!chunks) return out;
  out.chunks = std::move(*chunks);
  out.root = erasure_coding::erasure_root(out.chunks);
  return out;
}
ErasureChunk chunk_of(const Coded& c, size_t i) {
  auto proof = erasure_coding::chunk_proof(c.chunks, i);
  EXPECT_TRUE(proof.has_value());
  return ErasureChunk{c.chunks[i], static_cast<ChunkIndex>(i),
                      proof ? *proof : ErasureChunk{}.proof};
}

// Stores `d` for `candidate` with its correct root.
void store(AvailabilityStore& s, const Hash256& candidate, const AvailableData& d, size_t n,
           AvailabilityTime now) {
  auto r = s.store_available_data(candidate, n, d, code(d, n).root, now);
  ASSERT_TRUE(r.has_value()) << to_string(r.error());
}

CandidateState state_of(const AvailabilityStore& s, const Hash256& candidate) {
  auto meta = s.query_meta(candidate);
  EXPECT_TRUE(meta.has_value());
  return meta ? meta->state : CandidateState::kUnavailable;
}

// ---------------------------------------------------------------------------------------------
// Data and chunks

TEST(AvailabilityStore, StoreThenQueryDataAndEveryChunk) {
  const size_t n = 10;
  const Hash256 candidate = repeat(1);
  const AvailableData data = make_data(1);
  const Coded coded = code(data, n);
  AvailabilityStore s;
  ASSERT_TRUE(s.store_available_data(candidate, n, data, coded.root, kT).has_value());

  EXPECT_TRUE(s.has_data(candidate));
  EXPECT_EQ(s.query_available_data(candidate), data);
  for (ChunkIndex i = 0; i < n; ++i) {
    ASSERT_TRUE(s.has_chunk(candidate, i));
    auto chunk = s.query_chunk(candidate, i);
    ASSERT_TRUE(chunk.has_value());
    EXPECT_EQ(chunk->index, i);
    EXPECT_EQ(chunk->chunk, coded.chunks[i]);
    EXPECT_TRUE(
        erasure_coding::verify_chunk_proof(coded.root, i, chunk->chunk, chunk->proof).has_value());
    // A chunk's proof does not prove its neighbour.
    EXPECT_FALSE(
        erasure_coding::verify_chunk_proof(coded.root, (i + 1) % n, chunk->chunk, chunk->proof)
            .has_value());
  }
  EXPECT_FALSE(s.has_chunk(candidate, n));
  EXPECT_FALSE(s.query_chunk(candidate, n).has_value());

  std::vector<ErasureChunk> all = s.query_all_chunks(candidate);
  ASSERT_EQ(all.size(), n);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(all[i], s.query_chunk(candidate, i));

  auto meta = s.query_meta(candidate);
  ASSERT_TRUE(meta.has_value());
  EXPECT_EQ(meta->state, CandidateState::kUnavailable);
  EXPECT_EQ(meta->at, kT);
  EXPECT_EQ(meta->n_validators, n);
  EXPECT_EQ(meta->chunks_stored.count_ones(), n);
  EXPECT_EQ(s.candidate_count(), 1u);
  EXPECT_GT(s.stored_bytes(), scale::encoded_size(data));

  // Nothing about other candidates.
  EXPECT_FALSE(s.has_data(repeat(2)));
  EXPECT_FALSE(s.has_chunk(repeat(2), 0));
  EXPECT_TRUE(s.query_all_chunks(repeat(2)).empty());
  EXPECT_FALSE(s.query_available_data(repeat(2)).has_value());
}

TEST(AvailabilityStore, WrongRootRefusedAndNothingStored) {
  const size_t n = 10;
  const AvailableData data = make_data(2);
  AvailabilityStore s;

  Hash256 flipped = code(data, n).root;
  flipped[17] ^= 1;
  auto r = s.store_available_data(repeat(1), n, data, flipped, kT);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), E::kInvalidErasureRoot);

  // The root of the same data cut for another validator count.
  auto r11 = s.store_available_data(repeat(1), n, data, code(data, 11).root, kT);
  ASSERT_FALSE(r11.has_value());
  EXPECT_EQ(r11.error(), E::kInvalidErasureRoot);

  // The root of other data.
  auto other = s.store_available_data(repeat(1), n, data, code(make_data(3), n).root, kT);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error(), E::kInvalidErasureRoot);

  EXPECT_FALSE(s.has_data(repeat(1)));
  EXPECT_FALSE(s.query_meta(repeat(1)).has_value());
  EXPECT_FALSE(s.has_chunk(repeat(1), 0));
  EXPECT_EQ(s.candidate_count(), 0u);
  EXPECT_EQ(s.stored_bytes(), 0u);
  EXPECT_EQ(s.prune(kT + hours(1000)), 0u);

  // A candidate noted backed keeps its state and stores no chunk when its data is refused.
  ASSERT_TRUE(s.note_backed(repeat(4), n, kT).has_value());
  const CandidateMeta before = *s.query_meta(repeat(4));
  EXPECT_TRUE(fails_with(s.store_available_data(repeat(4), n, data, flipped, kT + seconds(5)),
                         E::kInvalidErasureRoot));
  EXPECT_EQ(s.query_meta(repeat(4)), before);
  EXPECT_TRUE(s.query_all_chunks(repeat(4)).empty());
}

TEST(AvailabilityStore, StoringAgainIsSuccessAndChangesNothing) {
  const size_t n = 6;
  const AvailableData data = make_data(4);
  AvailabilityStore s;
  store(s, repeat(1), data, n, kT);
  const uint64_t bytes = s.stored_bytes();
  // As polkadot-sdk: data already stored is success, whatever the call carries.
  EXPECT_TRUE(
      s.store_available_data(repeat(1), n, make_data(5), Hash256{}, kT + hours(2)).has_value());
  EXPECT_EQ(s.query_available_data(repeat(1)), data);
  EXPECT_EQ(s.query_meta(repeat(1))->at, kT);
  EXPECT_EQ(s.stored_bytes(), bytes);
  EXPECT_EQ(s.candidate_count(), 1u);
}

TEST(AvailabilityStore, RecoveryFromAThresholdOfStoredChunks) {
  for (size_t n : {2, 3, 10, 100}) {
    SCOPED_TRACE(n);
    const AvailableData data = make_data(static_cast<uint32_t>(n), 3000 + n);
    AvailabilityStore s;
    store(s, repeat(9), data, n, kT);
    auto threshold = erasure_coding::recovery_threshold(n);
    ASSERT_TRUE(threshold.has_value());

    // A threshold of chunks from the end, as a recovering validator might get them.
    std::vector<ErasureChunk> got;
    for (size_t i = n; i-- > n - *threshold;) {
      auto chunk = s.query_chunk(repeat(9), static_cast<ChunkIndex>(i));
      ASSERT_TRUE(chunk.has_value());
      got.push_back(std::move(*chunk));
    }
    std::vector<erasure_coding::IndexedChunk> indexed;
    indexed.reserve(got.size());
    for (const ErasureChunk& c : got) indexed.push_back({c.chunk, c.index});
    auto bytes = erasure_coding::reconstruct(n, indexed);
    ASSERT_TRUE(bytes.has_value());
    // The reconstruction carries a zero tail, which decoding from the front leaves unread.
    scale::Decoder in(*bytes);
    const AvailableData back = scale::decode_next<AvailableData>(in);
    ASSERT_TRUE(in.ok());
    EXPECT_EQ(back, data);

    // Fewer than the code's k (the threshold rounded down to a power of two) are not enough.
    auto k = erasure_coding::systematic_recovery_threshold(n);
    ASSERT_TRUE(k.has_value());
    if (*k > 1) {
      indexed.resize(*k - 1);
      auto short_of_one = erasure_coding::reconstruct(n, indexed);
      ASSERT_FALSE(short_of_one.has_value());
      EXPECT_EQ(short_of_one.error(), erasure_coding::ErasureError::kNotEnoughChunks);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle and pruning (polkadot-sdk's av-store tests)

TEST(AvailabilityStore, KeepsPolkadotSdkRetention) {
  EXPECT_EQ(kKeepUnavailableFor, seconds(3600));
  EXPECT_EQ(kKeepFinalizedFor, seconds(25 * 3600));
  AvailabilityStoreConfig config;
  EXPECT_EQ(config.keep_unavailable_for, seconds(3600));
  EXPECT_EQ(config.keep_finalized_for, seconds(90000));
}

// stored_but_not_included_data_is_pruned
TEST(AvailabilityStore, UnavailablePrunedAfterAnHour) {
  AvailabilityStore s;
  std::vector<Hash256> dropped;
  s.set_drop_listener([&](const Hash256& c) { dropped.push_back(c); });
  store(s, repeat(1), make_data(1), 10, kT);
  store(s, repeat(2), make_data(2), 10, kT + seconds(600));
  EXPECT_EQ(s.prune(kT + hours(1) - seconds(1)), 0u);
  EXPECT_TRUE(s.has_data(repeat(1)));
  EXPECT_TRUE(dropped.empty());
  EXPECT_EQ(s.prune(kT + hours(1)), 1u);
  EXPECT_EQ(dropped, std::vector<Hash256>{repeat(1)});
  EXPECT_FALSE(s.has_data(repeat(1)));
  EXPECT_FALSE(s.has_chunk(repeat(1), 0));
  EXPECT_FALSE(s.query_meta(repeat(1)).has_value());
  EXPECT_TRUE(s.has_data(repeat(2)));
  EXPECT_EQ(s.candidate_count(), 1u);
  EXPECT_EQ(s.prune(kT + hours(1) + seconds(600)), 1u);
  EXPECT_EQ(s.candidate_count(), 0u);
  EXPECT_EQ(s.stored_bytes(), 0u);
}

// stored_data_kept_until_finalized
TEST(AvailabilityStore, IncludedThenFinalizedKeptTwentyFiveHoursAfterFinality) {
  const size_t n = 10;
  const AvailableData data = make_data(1);
  const BlockRef block{10, repeat(0xb1)};
  AvailabilityStore s;
  store(s, repeat(1), data, n, kT);
  EXPECT_TRUE(s.note_included(repeat(1), block));
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kUnfinalized);
  EXPECT_EQ(s.query_meta(repeat(1))->included_in, std::vector<BlockRef>{block});

  // Included: not pruned by time, however long finality takes.
  EXPECT_EQ(s.prune(kT + hours(10)), 0u);
  EXPECT_TRUE(s.has_data(repeat(1)));

  const AvailabilityTime finality = kT + hours(10);
  s.note_block_finalized(block, finality);
  auto meta = s.query_meta(repeat(1));
  ASSERT_TRUE(meta.has_value());
  EXPECT_EQ(meta->state, CandidateState::kFinalized);
  EXPECT_EQ(meta->at, finality);
  EXPECT_TRUE(meta->included_in.empty());

  EXPECT_EQ(s.prune(finality + hours(25) - seconds(1)), 0u);
  EXPECT_EQ(s.query_available_data(repeat(1)), data);
  EXPECT_EQ(s.query_all_chunks(repeat(1)).size(), n);
  EXPECT_EQ(s.prune(finality + hours(25)), 1u);
  EXPECT_FALSE(s.has_data(repeat(1)));
  for (ChunkIndex i = 0; i < n; ++i) EXPECT_FALSE(s.has_chunk(repeat(1), i));
}

// forkfullness_works: two candidates included at the same height on two forks.
TEST(AvailabilityStore, CandidateOfTheLosingForkReturnsToUnavailable) {
  const BlockRef winner{5, repeat(0xa1)};
  const BlockRef loser{5, repeat(0xa2)};
  AvailabilityStore s;
  store(s, repeat(1), make_data(1), 10, kT);
  store(s, repeat(2), make_data(2), 10, kT);
  EXPECT_TRUE(s.note_included(repeat(1), winner));
  EXPECT_TRUE(s.note_included(repeat(2), loser));

  s.note_block_finalized(winner, kT);
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kFinalized);
  EXPECT_EQ(state_of(s, repeat(2)), CandidateState::kUnavailable);
  EXPECT_EQ(s.query_meta(repeat(2))->at, kT);  // first seen, not the time of finality
  EXPECT_TRUE(s.has_data(repeat(1)));
  EXPECT_TRUE(s.has_data(repeat(2)));

  EXPECT_EQ(s.prune(kT + hours(1)), 1u);
  EXPECT_TRUE(s.has_data(repeat(1)));
  EXPECT_FALSE(s.has_data(repeat(2)));
  EXPECT_EQ(s.prune(kT + hours(25)), 1u);
  EXPECT_FALSE(s.has_data(repeat(1)));
}

TEST(AvailabilityStore, LosingForkAfterAnHourIsPrunedAtOnce) {
  AvailabilityStore s;
  store(s, repeat(1), make_data(1), 10, kT);
  EXPECT_TRUE(s.note_included(repeat(1), {7, repeat(0xa2)}));
  EXPECT_EQ(s.prune(kT + hours(3)), 0u);
  s.note_block_finalized({7, repeat(0xa1)}, kT + hours(3));
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kUnavailable);
  EXPECT_EQ(s.prune(kT + hours(3)), 1u);
}

TEST(AvailabilityStore, IncludedOnSeveralForks) {
  const BlockRef a5{5, repeat(0xa5)};
  const BlockRef b5{5, repeat(0xb5)};
  const BlockRef b6{6, repeat(0xb6)};
  AvailabilityStore s;
  store(s, repeat(1), make_data(1), 10, kT);
  EXPECT_TRUE(s.note_included(repeat(1), b6));
  EXPECT_TRUE(s.note_included(repeat(1), b5));
  EXPECT_TRUE(s.note_included(repeat(1), b5));  // repeated: recorded once
  EXPECT_TRUE(s.note_included(repeat(1), a5));
  EXPECT_EQ(s.query_meta(repeat(1))->included_in, (std::vector<BlockRef>{a5, b5, b6}));

  // Height 5 finalizes a block that is neither: the inclusion at 6 remains.
  s.note_block_finalized({5, repeat(0xc5)}, kT + hours(2));
  auto meta = s.query_meta(repeat(1));
  EXPECT_EQ(meta->state, CandidateState::kUnfinalized);
  EXPECT_EQ(meta->included_in, std::vector<BlockRef>{b6});
  EXPECT_EQ(s.prune(kT + hours(2)), 0u);

  s.note_block_finalized(b6, kT + hours(3));
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kFinalized);
  EXPECT_EQ(s.query_meta(repeat(1))->at, kT + hours(3));
  EXPECT_EQ(s.prune(kT + hours(27)), 0u);
  EXPECT_EQ(s.prune(kT + hours(28)), 1u);
}

TEST(AvailabilityStore, FinalizedInOneForkForgetsTheOthers) {
  const BlockRef a5{5, repeat(0xa5)};
  const BlockRef b5{5, repeat(0xb5)};
  const BlockRef b7{7, repeat(0xb7)};
  AvailabilityStore s;
  store(s, repeat(1), make_data(1), 10, kT);
  EXPECT_TRUE(s.note_included(repeat(1), a5));
  EXPECT_TRUE(s.note_included(repeat(1), b5));
  EXPECT_TRUE(s.note_included(repeat(1), b7));
  s.note_block_finalized(a5, kT);
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kFinalized);
  // The inclusion at 7 was forgotten: finalizing another block there changes nothing.
  s.note_block_finalized({7, repeat(0xc7)}, kT + hours(1));
  auto meta = s.query_meta(repeat(1));
  EXPECT_EQ(meta->state, CandidateState::kFinalized);
  EXPECT_EQ(meta->at, kT);
  // Included again after finality: nothing recorded.
  EXPECT_TRUE(s.note_included(repeat(1), {8, repeat(0xb8)}));
  EXPECT_EQ(s.query_meta(repeat(1)), meta);
}

TEST(AvailabilityStore, FinalityJumpUsesTheFinalizedHashes) {
  const BlockRef x3{3, repeat(0x13)};
  const BlockRef y4{4, repeat(0x14)};
  const BlockRef z5{5, repeat(0x15)};
  AvailabilityStore s;
  store(s, repeat(1), make_data(1), 10, kT);
  store(s, repeat(2), make_data(2), 10, kT);
  EXPECT_TRUE(s.note_included(repeat(1), x3));
  EXPECT_TRUE(s.note_included(repeat(2), y4));

  // Without the hashes below 5 the walk stops at height 3 and changes nothing.
  s.note_block_finalized(z5, kT + hours(1));
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kUnfinalized);
  EXPECT_EQ(state_of(s, repeat(2)), CandidateState::kUnfinalized);

  // With them: 3 finalized x3, 4 finalized another block than y4.
  std::vector<block::BlockNumber> asked;
  s.note_block_finalized(z5, kT + hours(2), [&](block::BlockNumber number) {
    asked.push_back(number);
    return std::optional<Hash256>(number == 3 ? x3.hash : repeat(0x24));
  });
  EXPECT_EQ(asked, (std::vector<block::BlockNumber>{3, 4}));
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kFinalized);
  EXPECT_EQ(s.query_meta(repeat(1))->at, kT + hours(2));
  EXPECT_EQ(state_of(s, repeat(2)), CandidateState::kUnavailable);
  EXPECT_EQ(s.prune(kT + hours(2)), 1u);  // candidate 2, first seen over an hour ago
  EXPECT_TRUE(s.has_data(repeat(1)));
}

TEST(AvailabilityStore, AscendingFinalityNeedsNoLookup) {
  AvailabilityStore s;
  store(s, repeat(1), make_data(1), 10, kT);
  store(s, repeat(2), make_data(2), 10, kT);
  EXPECT_TRUE(s.note_included(repeat(1), {3, repeat(0x13)}));
  EXPECT_TRUE(s.note_included(repeat(2), {4, repeat(0x14)}));
  s.note_block_finalized({3, repeat(0x13)}, kT);
  s.note_block_finalized({4, repeat(0x14)}, kT);
  EXPECT_EQ(state_of(s, repeat(1)), CandidateState::kFinalized);
  EXPECT_EQ(state_of(s, repeat(2)), CandidateState::kFinalized);
}

TEST(AvailabilityStore, UnknownCandidateIncludedIsIgnored) {
  AvailabilityStore s;
  EXPECT_FALSE(s.note_included(repeat(1), {1, repeat(2)}));
  EXPECT_FALSE(s.query_meta(repeat(1)).has_value());
  s.note_block_finalized({1, repeat(2)}, kT);
  EXPECT_EQ(s.candidate_count(), 0u);
}

// ---------------------------------------------------------------------------------------------
// Backed candidates and chunks

TEST(AvailabilityStore, NoteBackedThenChunks) {
  const size_t n = 10;
  const AvailableData data = make_data(6);
  const Coded coded = code(data, n);
  const Hash256 candidate = repeat(1);
  AvailabilityStore s;

  // Not seen backed: refused, as polkadot-sdk.
  EXPECT_TRUE(
      fails_with(s.store_chunk(candidate, coded.root, chunk_of(coded, 3)), E::kUnknownCandidate));

  ASSERT_TRUE(s.note_backed(candidate, n, kT).has_value());
  auto meta = s.query_meta(candidate);
  ASSERT_TRUE(meta.has_value());
  EXPECT_EQ(meta->state, CandidateState::kUnavailable);
  EXPECT_FALSE(meta->data_available);
  EXPECT_EQ(meta->chunks_stored.size(), n);
  EXPECT_EQ(meta->chunks_stored.count_ones(), 0u);
  EXPECT_TRUE(s.query_all_chunks(candidate).empty());
  // Noting it again keeps the first time.
  ASSERT_TRUE(s.note_backed(candidate, n, kT + hours(1)).has_value());
  EXPECT_EQ(s.query_meta(candidate)->at, kT);

  ASSERT_TRUE(s.store_chunk(candidate, coded.root, chunk_of(coded, 3)).has_value());
  EXPECT_TRUE(s.has_chunk(candidate, 3));
  EXPECT_FALSE(s.has_chunk(candidate, 4));
  EXPECT_FALSE(s.has_data(candidate));
  EXPECT_EQ(s.query_chunk(candidate, 3), chunk_of(coded, 3));
  ASSERT_EQ(s.query_all_chunks(candidate).size(), 1u);
  const uint64_t one_chunk = s.stored_bytes();
  EXPECT_GT(one_chunk, coded.chunks[3].size());
  // Again: success, nothing added.
  ASSERT_TRUE(s.store_chunk(candidate, coded.root, chunk_of(coded, 3)).has_value());
  EXPECT_EQ(s.stored_bytes(), one_chunk);

  ErasureChunk tampered = chunk_of(coded, 5);
  tampered.chunk[0] ^= 1;
  EXPECT_TRUE(fails_with(s.store_chunk(candidate, coded.root, tampered), E::kInvalidChunkProof));
  ErasureChunk moved = chunk_of(coded, 5);
  moved.index = 6;
  EXPECT_TRUE(fails_with(s.store_chunk(candidate, coded.root, moved), E::kInvalidChunkProof));
  EXPECT_TRUE(fails_with(s.store_chunk(candidate, repeat(0xee), chunk_of(coded, 5)),
                         E::kInvalidChunkProof));
  ErasureChunk no_proof = chunk_of(coded, 5);
  no_proof.proof.clear();
  EXPECT_TRUE(fails_with(s.store_chunk(candidate, coded.root, no_proof), E::kInvalidChunkProof));
  ErasureChunk beyond = chunk_of(coded, 5);
  beyond.index = static_cast<ChunkIndex>(n);
  EXPECT_TRUE(fails_with(s.store_chunk(candidate, coded.root, beyond), E::kChunkIndexOutOfBounds));
  ErasureChunk huge = chunk_of(coded, 5);
  huge.chunk.resize(kMaxChunkSize + 1);
  EXPECT_TRUE(fails_with(s.store_chunk(candidate, coded.root, huge), E::kChunkTooLarge));
  EXPECT_FALSE(s.has_chunk(candidate, 5));
  EXPECT_FALSE(s.has_chunk(candidate, 6));
  EXPECT_EQ(s.stored_bytes(), one_chunk);

  // The data arrives later (we back it after all): every chunk, the first-seen time kept.
  ASSERT_TRUE(s.store_available_data(candidate, n, data, coded.root, kT + hours(2)).has_value());
  meta = s.query_meta(candidate);
  EXPECT_TRUE(meta->data_available);
  EXPECT_EQ(meta->at, kT);
  EXPECT_EQ(meta->chunks_stored.count_ones(), n);
  EXPECT_EQ(s.candidate_count(), 1u);
  for (ChunkIndex i = 0; i < n; ++i) EXPECT_EQ(s.query_chunk(candidate, i), chunk_of(coded, i));

  // Unavailable since kT: pruned an hour after it was first noted.
  EXPECT_EQ(s.prune(kT + hours(1)), 1u);
  EXPECT_EQ(s.stored_bytes(), 0u);
}

TEST(AvailabilityStore, InvalidValidatorCounts) {
  const AvailableData data = make_data(1);
  AvailabilityStore s;
  for (size_t n : {size_t{0}, size_t{1}, size_t{65537}}) {
    EXPECT_TRUE(fails_with(s.store_available_data(repeat(1), n, data, Hash256{}, kT),
                           E::kInvalidValidatorCount));
    EXPECT_TRUE(fails_with(s.note_backed(repeat(1), n, kT), E::kInvalidValidatorCount));
  }
  EXPECT_EQ(s.candidate_count(), 0u);
}

// ---------------------------------------------------------------------------------------------
// Bounds

TEST(AvailabilityStore, AvailableDataSizeBound) {
  // A PoV of exactly MAX_POV_SIZE encoded and a head of exactly MAX_HEAD_DATA_SIZE:
  // SCALE(AvailableData) is then exactly the bound (4-byte compact lengths for both).
  AvailableData at_bound;
  at_bound.pov.block_data.data.assign(kMaxPovSize - 4, 0x11);
  at_bound.validation_data.parent_head.data.assign(kMaxHeadDataSize, 0x22);
  ASSERT_EQ(scale::encoded_size(at_bound.pov), kMaxPovSize);
  ASSERT_EQ(scale::encoded_size(at_bound), kMaxAvailableDataSize);
  AvailableData over = at_bound;
  over.validation_data.parent_head.data.push_back(0x22);
  ASSERT_EQ(scale::encoded_size(over), kMaxAvailableDataSize + 1);

  AvailabilityStore s;
  EXPECT_TRUE(fails_with(s.store_available_data(repeat(1), 2, over, Hash256{}, kT),
                         E::kAvailableDataTooLarge));
  EXPECT_EQ(s.candidate_count(), 0u);
  store(s, repeat(2), at_bound, 2, kT);  // two validators: the cheapest code for 11 MiB
  EXPECT_EQ(s.query_available_data(repeat(2)), at_bound);
  // With two validators a chunk is the whole data (k = 1): the chunk bound allows it.
  auto chunk = s.query_chunk(repeat(2), 1);
  ASSERT_TRUE(chunk.has_value());
  EXPECT_LE(chunk->chunk.size(), kMaxChunkSize);
  EXPECT_GE(chunk->chunk.size(), kMaxAvailableDataSize);
}

TEST(AvailabilityStore, CandidateCountBound) {
  AvailabilityStoreConfig config;
  config.max_candidates = 3;
  AvailabilityStore s(config);
  std::vector<Hash256> dropped;
  s.set_drop_listener([&](const Hash256& c) { dropped.push_back(c); });
  store(s, repeat(1), make_data(1), 4, kT);
  store(s, repeat(2), make_data(2), 4, kT);
  ASSERT_TRUE(s.note_backed(repeat(3), 4, kT).has_value());
  ASSERT_EQ(s.candidate_count(), 3u);

  // Full of candidates not yet finalized: the fourth is refused, nothing dropped.
  const AvailableData fourth = make_data(4);
  EXPECT_TRUE(fails_with(s.store_available_data(repeat(4), 4, fourth, code(fourth, 4).root, kT),
                         E::kStoreFull));
  EXPECT_TRUE(fails_with(s.note_backed(repeat(5), 4, kT), E::kStoreFull));
  EXPECT_EQ(s.candidate_count(), 3u);
  EXPECT_FALSE(s.query_meta(repeat(4)).has_value());
  EXPECT_TRUE(s.has_data(repeat(1)));
  EXPECT_TRUE(s.has_data(repeat(2)));
  // Known candidates still take their chunks and data.
  EXPECT_TRUE(s.note_backed(repeat(3), 4, kT).has_value());

  // Two finalized candidates: the one closer to its prune time goes first.
  EXPECT_TRUE(s.note_included(repeat(1), {1, repeat(0xa1)}));
  EXPECT_TRUE(s.note_included(repeat(2), {2, repeat(0xa2)}));
  s.note_block_finalized({1, repeat(0xa1)}, kT + seconds(10));
  s.note_block_finalized({2, repeat(0xa2)}, kT + seconds(5 * 60));
  EXPECT_TRUE(dropped.empty());
  ASSERT_TRUE(s.store_available_data(repeat(4), 4, fourth, code(fourth, 4).root, kT).has_value());
  EXPECT_EQ(dropped, std::vector<Hash256>{repeat(1)});  // made room for the fourth
  EXPECT_EQ(s.candidate_count(), 3u);
  EXPECT_FALSE(s.has_data(repeat(1)));
  EXPECT_FALSE(s.query_meta(repeat(1)).has_value());
  EXPECT_TRUE(s.has_data(repeat(2)));
  EXPECT_TRUE(s.has_data(repeat(4)));
  EXPECT_TRUE(s.query_meta(repeat(3)).has_value());
}

TEST(AvailabilityStore, ByteBound) {
  const size_t n = 10;
  const AvailableData a = make_data(1, 20000);
  const AvailableData b = make_data(2, 20000);
  uint64_t one = 0;
  {
    AvailabilityStore probe;
    store(probe, repeat(1), a, n, kT);
    one = probe.stored_bytes();
  }
  AvailabilityStoreConfig config;
  config.max_stored_bytes = one + one / 2;
  AvailabilityStore s(config);
  store(s, repeat(1), a, n, kT);
  EXPECT_EQ(s.stored_bytes(), one);

  const Coded coded_b = code(b, n);
  EXPECT_TRUE(fails_with(s.store_available_data(repeat(2), n, b, coded_b.root, kT), E::kStoreFull));
  EXPECT_FALSE(s.query_meta(repeat(2)).has_value());

  // Chunks of a noted candidate count too: some fit, then the bound refuses.
  ASSERT_TRUE(s.note_backed(repeat(2), n, kT).has_value());
  size_t stored = 0;
  Result<void, AvailabilityStoreError> last;
  for (size_t i = 0; i < n && last; ++i) {
    last = s.store_chunk(repeat(2), coded_b.root, chunk_of(coded_b, i));
    if (last) ++stored;
  }
  EXPECT_GT(stored, 0u);
  EXPECT_LT(stored, n);
  ASSERT_FALSE(last.has_value());
  EXPECT_EQ(last.error(), E::kStoreFull);
  EXPECT_LE(s.stored_bytes(), config.max_stored_bytes);
  EXPECT_EQ(s.query_all_chunks(repeat(2)).size(), stored);

  // Once the first is finalized it is dropped to make room.
  EXPECT_TRUE(s.note_included(repeat(1), {1, repeat(0xa1)}));
  s.note_block_finalized({1, repeat(0xa1)}, kT);
  ASSERT_TRUE(s.store_available_data(repeat(2), n, b, coded_b.root, kT).has_value());
  EXPECT_FALSE(s.has_data(repeat(1)));
  EXPECT_TRUE(s.has_data(repeat(2)));
  EXPECT_LE(s.stored_bytes(), config.max_stored_bytes);
}

// ---------------------------------------------------------------------------------------------
// Storage

// Hands the same records to two stores, as a database would across a restart.
class SharedStorage final : public AvailabilityStorage {
 public:
  explicit SharedStorage(std::shared_ptr<AvailabilityStorage> inner) : inner_(std::move(inner)) {}
  std::optional<CandidateMeta> load_meta(const Hash256& c) const override {
    return inner_->load_meta(c);
  }
  void write_meta(const Hash256& c, const CandidateMeta& m) override { inner_->write_meta(c, m); }
  std::optional<AvailableData> load_data(const Hash256& c) const override {
    return inner_->load_data(c);
  }
  void write_data(const Hash256& c, AvailableData d) override {
    inner_->write_data(c, std::move(d));
  }
  std::optional<ErasureChunk> load_chunk(const Hash256& c, ChunkIndex i) const override {
    return inner_->load_chunk(c, i);
  }
  void write_chunk(const Hash256& c, ErasureChunk chunk) override {
    inner_->write_chunk(c, std::move(chunk));
  }
  void remove_chunk(const Hash256& c, ChunkIndex i) override { inner_->remove_chunk(c, i); }
  void remove(const Hash256& c) override { inner_->remove(c); }
  void for_each_meta(
      const std::function<void(const Hash256&, const CandidateMeta&)>& visit) const override {
    inner_->for_each_meta(visit);
  }

 private:
  std::shared_ptr<AvailabilityStorage> inner_;
};

TEST(AvailabilityStore, IndicesRebuiltFromTheStorage) {
  std::shared_ptr<AvailabilityStorage> records = make_in_memory_availability_storage();
  uint64_t bytes = 0;
  {
    AvailabilityStore first({}, std::make_unique<SharedStorage>(records));
    store(first, repeat(1), make_data(1), 10, kT);  // stays Unavailable
    store(first, repeat(2), make_data(2), 10, kT);  // Unfinalized at 9
    store(first, repeat(3), make_data(3), 10, kT);  // Finalized at kT + 1 h
    EXPECT_TRUE(first.note_included(repeat(2), {9, repeat(0x99)}));
    EXPECT_TRUE(first.note_included(repeat(3), {8, repeat(0x88)}));
    first.note_block_finalized({8, repeat(0x88)}, kT + hours(1));
    bytes = first.stored_bytes();
  }
  AvailabilityStore second({}, std::make_unique<SharedStorage>(records));
  EXPECT_EQ(second.candidate_count(), 3u);
  EXPECT_EQ(second.stored_bytes(), bytes);
  EXPECT_TRUE(second.has_data(repeat(2)));
  EXPECT_EQ(second.prune(kT + hours(1)), 1u);  // the unavailable one
  EXPECT_FALSE(second.has_data(repeat(1)));
  second.note_block_finalized({9, repeat(0x99)}, kT + hours(2));
  EXPECT_EQ(state_of(second, repeat(2)), CandidateState::kFinalized);
  EXPECT_EQ(second.prune(kT + hours(26)), 1u);  // the one finalized at kT + 1 h
  EXPECT_EQ(second.prune(kT + hours(27)), 1u);
  EXPECT_EQ(second.candidate_count(), 0u);
  EXPECT_EQ(second.stored_bytes(), 0u);
}

TEST(AvailabilityStore, ErrorNames) {
  std::set<std::string> names;
  for (E e : {E::kInvalidErasureRoot, E::kInvalidValidatorCount, E::kAvailableDataTooLarge,
              E::kErasureCoding, E::kUnknownCandidate, E::kChunkIndexOutOfBounds, E::kChunkTooLarge,
              E::kInvalidChunkProof, E::kStoreFull}) {
    names.insert(to_string(e));
  }
  EXPECT_EQ(names.size(), 9u);
  EXPECT_EQ(std::string(to_string(E::kInvalidErasureRoot)), "InvalidErasureRoot");
  EXPECT_EQ(std::string(to_string(CandidateState::kUnfinalized)), "Unfinalized");
}

}  // namespace
}  // namespace canary::parachain
