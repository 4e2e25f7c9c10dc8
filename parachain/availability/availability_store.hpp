// The availability store, polkadot-sdk's av-store (`polkadot/node/core/av-store/src/lib.rs`;
// parachain-facts §3.3, §4), sans-IO: what this validator keeps of each candidate so that the
// candidate stays available to approval checkers and disputes — the whole AvailableData when we
// backed it, else the chunks we fetched — and for how long.
//
// A candidate's lifecycle, as polkadot-sdk's `State`:
//
//   note_backed / store_available_data ──▶ Unavailable(first seen)      pruned 1 h after first seen
//        note_included(block) ──▶ Unfinalized(first seen, blocks)        never pruned by time
//        its block finalized ──▶ Finalized(finality time)                pruned 25 h after finality
//        every block at a finalized height abandoned ──▶ Unavailable(first seen) again
//
// Time is the caller's wall clock in seconds since the UNIX epoch (polkadot-sdk's BETimestamp),
// so that the prune times of a persistent store mean the same after a restart. The caller runs
// `prune(now)` periodically (polkadot-sdk: every 5 minutes).
//
// Chunks are kept by chunk index (ErasureChunk::index, RFC-47): validator v holds chunk
// availability_chunk_index(…, core, v) (chunk_index.hpp). polkadot-sdk keys them by validator index
// and maps when it stores the data; the set of chunks is the same (the mapping is a permutation).
//
// Storage sits behind AvailabilityStorage: the node keeps the records in its database
// (node/service/availability_storage.hpp; polkadot-sdk's columns col_availability_data and
// col_availability_meta), tests in memory (make_in_memory_availability_storage). The store
// rebuilds its indices (prune times, unfinalized inclusions, counters) from the records when it
// is constructed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/bit_vec.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// Wall-clock time in whole seconds since the UNIX epoch. The store never reads a clock.
using AvailabilityTime = std::chrono::sys_seconds;

// polkadot-sdk's KEEP_UNAVAILABLE_FOR (av-store) and KEEP_FINALIZED_FOR_LIVE_NETWORKS
// (`polkadot/node/service/src/lib.rs`; Rococo defaults to 1 hour, `--keep-finalized-for`
// overrides).
inline constexpr std::chrono::seconds kKeepUnavailableFor = std::chrono::hours(1);
inline constexpr std::chrono::seconds kKeepFinalizedFor = std::chrono::hours(25);

// The largest SCALE(AvailableData) a valid candidate has: a PoV whose encoding is within
// MAX_POV_SIZE (candidate validation refuses larger), and the persisted validation data, whose
// parent head is within the relay chain's MAX_HEAD_DATA_SIZE (1 MiB, the hard limit of
// `polkadot/runtime/parachains/src/configuration.rs`) after its compact length (4 bytes from 2^14
// to 2^30), followed by u32 ‖ H256 ‖ u32.
inline constexpr size_t kMaxHeadDataSize = size_t{1024} * 1024;
inline constexpr size_t kMaxPersistedValidationDataSize = 4 + kMaxHeadDataSize + 4 + 32 + 4;
inline constexpr size_t kMaxAvailableDataSize = kMaxPovSize + kMaxPersistedValidationDataSize;
// The largest chunk of such data: shard_len = 2·⌈⌈len/2⌉/k⌉ ≤ len + 1 (k ≥ 1).
inline constexpr size_t kMaxChunkSize = kMaxAvailableDataSize + 1;

// The store's bounds, so that no stream of candidates grows memory without limit: at most
// 65,536 candidates and 4 GiB of data, chunks and proofs. When a new candidate or chunk would go
// over, the finalized candidates closest to their prune time are dropped early (they are kept only
// for late approval checkers and disputes); candidates not yet finalized are never dropped, and
// when dropping finalized ones is not enough the new one is refused (kStoreFull). The numbers
// hold an hour of unincluded candidates and well over a day of finalized ones at testnet rates
// (tens of candidates a block) with small PoVs; a node on a large network needs the persistent
// store, whose bound is the disk.
inline constexpr size_t kDefaultMaxCandidates = 65536;
inline constexpr uint64_t kDefaultMaxStoredBytes = uint64_t{4} << 30;

enum class AvailabilityStoreError : uint8_t {
  kInvalidErasureRoot,     // polkadot-sdk's InvalidErasureRoot: the data's chunks have another root
  kInvalidValidatorCount,  // n outside erasure coding's 2..=65536
  kAvailableDataTooLarge,  // SCALE(AvailableData) over kMaxAvailableDataSize
  kErasureCoding,          // obtain_chunks or branches failed for another reason
  kUnknownCandidate,       // a chunk for a candidate neither noted backed nor stored
  kChunkIndexOutOfBounds,  // a chunk index ≥ the candidate's validator count
  kChunkTooLarge,          // a chunk over kMaxChunkSize
  kInvalidChunkProof,      // the chunk is not under the erasure root at its index
  kStoreFull,              // over the bounds, with too few finalized candidates to drop
};
const char* to_string(AvailabilityStoreError error);

// polkadot-sdk's `State`.
enum class CandidateState : uint8_t {
  kUnavailable,  // stored or backed, not included in a block we know of
  kUnfinalized,  // included in one or more unfinalized blocks
  kFinalized,    // included in a finalized block
};
const char* to_string(CandidateState state);

struct BlockRef {
  block::BlockNumber number = 0;
  Hash256 hash{};
  auto operator<=>(const BlockRef&) const = default;
};

// polkadot-sdk's CandidateMeta, plus the byte count the bounds use.
struct CandidateMeta {
  CandidateState state = CandidateState::kUnavailable;
  // Unavailable and Unfinalized: when the candidate was first seen, kept through Unfinalized so
  // that a candidate whose blocks are all abandoned is pruned an hour after it was first seen.
  // Finalized: when its block was finalized.
  AvailabilityTime at{};
  std::vector<BlockRef> included_in;  // Unfinalized only: ascending, not empty
  bool data_available = false;
  uint32_t n_validators = 0;
  scale::BitVec chunks_stored;  // n_validators bits, by chunk index
  uint64_t stored_bytes = 0;    // SCALE(AvailableData) + every chunk and proof node stored
  bool operator==(const CandidateMeta&) const = default;
};

// Where the store keeps its records, per candidate hash: the meta, the data and the chunks.
// Writes are applied at once; a persistent implementation would group a call's writes into one
// transaction (polkadot-sdk's DBTransaction).
class AvailabilityStorage {
 public:
  virtual ~AvailabilityStorage() = default;
  virtual std::optional<CandidateMeta> load_meta(const Hash256& candidate) const = 0;
  virtual void write_meta(const Hash256& candidate, const CandidateMeta& meta) = 0;
  virtual std::optional<AvailableData> load_data(const Hash256& candidate) const = 0;
  virtual void write_data(const Hash256& candidate, AvailableData data) = 0;
  virtual std::optional<ErasureChunk> load_chunk(const Hash256& candidate,
                                                 ChunkIndex index) const = 0;
  virtual void write_chunk(const Hash256& candidate, ErasureChunk chunk) = 0;
  virtual void remove_chunk(const Hash256& candidate, ChunkIndex index) = 0;
  // The meta, the data and every chunk of the candidate.
  virtual void remove(const Hash256& candidate) = 0;
  virtual void for_each_meta(
      const std::function<void(const Hash256&, const CandidateMeta&)>& visit) const = 0;
};

// Records in memory, lost with the object (tests; the node's are in its database).
std::unique_ptr<AvailabilityStorage> make_in_memory_availability_storage();

struct AvailabilityStoreConfig {
  std::chrono::seconds keep_unavailable_for = kKeepUnavailableFor;
  std::chrono::seconds keep_finalized_for = kKeepFinalizedFor;
  size_t max_candidates = kDefaultMaxCandidates;
  uint64_t max_stored_bytes = kDefaultMaxStoredBytes;
};

// The finalized block's hash at a height below the newly finalized one (polkadot-sdk asks the
// chain, ChainApiMessage::FinalizedBlockHash); nothing when unknown.
using FinalizedHashAt = std::function<std::optional<Hash256>(block::BlockNumber)>;

class AvailabilityStore {
 public:
  explicit AvailabilityStore(
      AvailabilityStoreConfig config = {},
      std::unique_ptr<AvailabilityStorage> storage = make_in_memory_availability_storage());

  // Called with each candidate the store drops (pruned, or dropped to make room), after its
  // records are removed: what the caller keeps per candidate beside the store goes with it.
  void set_drop_listener(std::function<void(const Hash256&)> listener) {
    drop_listener_ = std::move(listener);
  }

  // Backing, after validating a candidate (polkadot-sdk's StoreAvailableData): erasure-codes
  // SCALE(data) into n_validators chunks and refuses it, storing nothing, unless their root is
  // `expected_erasure_root` (the descriptor's: a check backing relies on for the candidate's
  // validity). Then keeps the data and every chunk with its proof, chunk i at index i. A candidate
  // seen for the first time becomes Unavailable at `now`; one whose data is already stored is left
  // as it is (success, as polkadot-sdk).
  Result<void, AvailabilityStoreError> store_available_data(const Hash256& candidate_hash,
                                                            size_t n_validators, AvailableData data,
                                                            const Hash256& expected_erasure_root,
                                                            AvailabilityTime now);

  // Availability distribution, with a chunk fetched from a backer (polkadot-sdk's StoreChunk).
  // Only for a candidate the store knows (noted backed or stored: polkadot-sdk refuses chunks of
  // candidates it has not seen backed on chain), at an index below its validator count. The proof
  // is checked here against `erasure_root` (the candidate descriptor's), so nothing unproven is
  // ever stored or served, whoever the caller. A chunk already stored is success, unchecked.
  Result<void, AvailabilityStoreError> store_chunk(const Hash256& candidate_hash,
                                                   const Hash256& erasure_root, ErasureChunk chunk);

  // A CandidateBacked event in a new block (n_validators: the validator count at the block's
  // parent). Starts the candidate as Unavailable at `now` unless it is known already.
  Result<void, AvailabilityStoreError> note_backed(const Hash256& candidate_hash,
                                                   size_t n_validators, AvailabilityTime now);

  // A CandidateIncluded event in a new block. Unavailable becomes Unfinalized with that block;
  // Unfinalized adds it; Finalized is left alone. False (and nothing done) for an unknown
  // candidate, which polkadot-sdk logs as included without being backed.
  bool note_included(const Hash256& candidate_hash, const BlockRef& block);

  // `finalized` was finalized at `now`. Goes through the inclusions recorded at every height up to
  // its number, lowest first: at each, a candidate included in that height's finalized block
  // becomes Finalized at `now` (pruned after keep_finalized_for); the others lose their inclusions
  // at that height and, with none left, become Unavailable again (pruned an hour after they were
  // first seen — at once if that is past). The finalized block at a height below `finalized`'s
  // comes from `finalized_hash_at`; without an answer the walk stops there and resumes at the next
  // call, as polkadot-sdk's. A caller that reports every finalized block in ascending order never
  // needs it.
  void note_block_finalized(const BlockRef& finalized, AvailabilityTime now,
                            const FinalizedHashAt& finalized_hash_at = {});

  // Drops every candidate whose prune time (Unavailable: first seen + keep_unavailable_for;
  // Finalized: finality + keep_finalized_for) is at or before `now`. Returns how many.
  size_t prune(AvailabilityTime now);

  std::optional<AvailableData> query_available_data(const Hash256& candidate_hash) const;
  std::optional<ErasureChunk> query_chunk(const Hash256& candidate_hash,
                                          ChunkIndex chunk_index) const;
  // Every chunk stored, by ascending index.
  std::vector<ErasureChunk> query_all_chunks(const Hash256& candidate_hash) const;
  bool has_chunk(const Hash256& candidate_hash, ChunkIndex chunk_index) const;
  bool has_data(const Hash256& candidate_hash) const;
  std::optional<CandidateMeta> query_meta(const Hash256& candidate_hash) const;

  size_t candidate_count() const { return candidate_count_; }
  uint64_t stored_bytes() const { return stored_bytes_; }
  const AvailabilityStoreConfig& config() const { return config_; }

 private:
  using TimeIndex = std::set<std::pair<AvailabilityTime, Hash256>>;

  // Every change of a meta goes through unindex → change → index → write, so that the indices
  // below always describe the stored metas.
  void index(const Hash256& candidate, const CandidateMeta& meta);
  void unindex(const Hash256& candidate, const CandidateMeta& meta);
  void update(const Hash256& candidate, const CandidateMeta& old_meta,
              const CandidateMeta& new_meta);
  void drop(const Hash256& candidate, const CandidateMeta& meta);
  // Drops finalized candidates (other than `keep`), closest to their prune time first, until
  // `extra_candidates` more candidates and `extra_bytes` more bytes fit; drops nothing and fails
  // when they cannot.
  Result<void, AvailabilityStoreError> make_room(size_t extra_candidates, uint64_t extra_bytes,
                                                 const Hash256& keep);

  AvailabilityStoreConfig config_;
  std::function<void(const Hash256&)> drop_listener_;
  std::unique_ptr<AvailabilityStorage> storage_;
  TimeIndex unavailable_by_prune_time_;
  TimeIndex finalized_by_prune_time_;
  // (block number, block hash, candidate hash) of every recorded unfinalized inclusion, as
  // polkadot-sdk's UNFINALIZED_PREFIX keys.
  std::set<std::tuple<block::BlockNumber, Hash256, Hash256>> unfinalized_;
  size_t candidate_count_ = 0;
  uint64_t stored_bytes_ = 0;
};

}  // namespace canary::parachain
