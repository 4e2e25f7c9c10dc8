// The availability store (availability_store.hpp).
#include "parachain/availability/availability_store.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/check.hpp"

namespace canary::parachain {

const char* to_string(AvailabilityStoreError error) {
  using E = AvailabilityStoreError;
  switch (error) {
    case E::kInvalidErasureRoot:
      return "InvalidErasureRoot";
    case E::kInvalidValidatorCount:
      return "InvalidValidatorCount";
    case E::kAvailableDataTooLarge:
      return "AvailableDataTooLarge";
    case E::kErasureCoding:
      return "ErasureCoding";
    case E::kUnknownCandidate:
      return "UnknownCandidate";
    case E::kChunkIndexOutOfBounds:
      return "ChunkIndexOutOfBounds";
    case E::kChunkTooLarge:
      return "ChunkTooLarge";
    case E::kInvalidChunkProof:
      return "InvalidChunkProof";
    case E::kStoreFull:
      return "StoreFull";
  }
  return "?";
}

const char* to_string(CandidateState state) {
  switch (state) {
    case CandidateState::kUnavailable:
      return "Unavailable";
    case CandidateState::kUnfinalized:
      return "Unfinalized";
    case CandidateState::kFinalized:
      return "Finalized";
  }
  return "?";
}

namespace {

struct HashOf {
  size_t operator()(const Hash256& h) const {
    size_t out = 0;
    for (size_t i = 0; i < sizeof(out); ++i) out |= static_cast<size_t>(h[i]) << (8 * i);
    return out;
  }
};

class InMemoryAvailabilityStorage final : public AvailabilityStorage {
 public:
  std::optional<CandidateMeta> load_meta(const Hash256& candidate) const override {
    auto it = records_.find(candidate);
    if (it == records_.end() || !it->second.meta) return std::nullopt;
    return it->second.meta;
  }
  void write_meta(const Hash256& candidate, const CandidateMeta& meta) override {
    records_[candidate].meta = meta;
  }
  std::optional<AvailableData> load_data(const Hash256& candidate) const override {
    auto it = records_.find(candidate);
    if (it == records_.end()) return std::nullopt;
    return it->second.data;
  }
  void write_data(const Hash256& candidate, AvailableData data) override {
    records_[candidate].data = std::move(data);
  }
  std::optional<ErasureChunk> load_chunk(const Hash256& candidate,
                                         ChunkIndex index) const override {
    auto it = records_.find(candidate);
    if (it == records_.end()) return std::nullopt;
    auto chunk = it->second.chunks.find(index);
    if (chunk == it->second.chunks.end()) return std::nullopt;
    return chunk->second;
  }
  void write_chunk(const Hash256& candidate, ErasureChunk chunk) override {
    const ChunkIndex index = chunk.index;
    records_[candidate].chunks[index] = std::move(chunk);
  }
  void remove_chunk(const Hash256& candidate, ChunkIndex index) override {
    auto it = records_.find(candidate);
    if (it != records_.end()) it->second.chunks.erase(index);
  }
  void remove(const Hash256& candidate) override { records_.erase(candidate); }
  void for_each_meta(
      const std::function<void(const Hash256&, const CandidateMeta&)>& visit) const override {
    for (const auto& [hash, record] : records_) {
      if (record.meta) visit(hash, *record.meta);
    }
  }

 private:
  struct Record {
    std::optional<CandidateMeta> meta;
    std::optional<AvailableData> data;
    std::map<ChunkIndex, ErasureChunk> chunks;
  };
  std::unordered_map<Hash256, Record, HashOf> records_;
};

bool valid_validator_count(size_t n) {
  return n >= 2 && n <= erasure_coding::kMaxValidators;
}

uint64_t chunk_bytes(const ErasureChunk& chunk) {
  uint64_t n = chunk.chunk.size();
  for (const Bytes& node : chunk.proof) n += node.size();
  return n;
}

}  // namespace

std::unique_ptr<AvailabilityStorage> make_in_memory_availability_storage() {
  return std::make_unique<InMemoryAvailabilityStorage>();
}

AvailabilityStore::AvailabilityStore(AvailabilityStoreConfig config,
                                     std::unique_ptr<AvailabilityStorage> storage)
    : config_(config), storage_(std::move(storage)) {
  CANARY_ASSERT(storage_ != nullptr);
  storage_->for_each_meta(
      [this](const Hash256& candidate, const CandidateMeta& meta) { index(candidate, meta); });
}

void AvailabilityStore::index(const Hash256& candidate, const CandidateMeta& meta) {
  ++candidate_count_;
  stored_bytes_ += meta.stored_bytes;
  switch (meta.state) {
    case CandidateState::kUnavailable:
      unavailable_by_prune_time_.emplace(meta.at + config_.keep_unavailable_for, candidate);
      break;
    case CandidateState::kFinalized:
      finalized_by_prune_time_.emplace(meta.at + config_.keep_finalized_for, candidate);
      break;
    case CandidateState::kUnfinalized:
      for (const BlockRef& block : meta.included_in) {
        unfinalized_.emplace(block.number, block.hash, candidate);
      }
      break;
  }
}

void AvailabilityStore::unindex(const Hash256& candidate, const CandidateMeta& meta) {
  CANARY_ASSUME(candidate_count_ > 0 && stored_bytes_ >= meta.stored_bytes);
  --candidate_count_;
  stored_bytes_ -= meta.stored_bytes;
  switch (meta.state) {
    case CandidateState::kUnavailable:
      unavailable_by_prune_time_.erase({meta.at + config_.keep_unavailable_for, candidate});
      break;
    case CandidateState::kFinalized:
      finalized_by_prune_time_.erase({meta.at + config_.keep_finalized_for, candidate});
      break;
    case CandidateState::kUnfinalized:
      for (const BlockRef& block : meta.included_in) {
        unfinalized_.erase({block.number, block.hash, candidate});
      }
      break;
  }
}

void AvailabilityStore::update(const Hash256& candidate, const CandidateMeta& old_meta,
                               const CandidateMeta& new_meta) {
  unindex(candidate, old_meta);
  index(candidate, new_meta);
  storage_->write_meta(candidate, new_meta);
}

void AvailabilityStore::drop(const Hash256& candidate, const CandidateMeta& meta) {
  unindex(candidate, meta);
  storage_->remove(candidate);
  if (drop_listener_) drop_listener_(candidate);
}

Result<void, AvailabilityStoreError> AvailabilityStore::make_room(size_t extra_candidates,
                                                                  uint64_t extra_bytes,
                                                                  const Hash256& keep) {
  size_t count = candidate_count_ + extra_candidates;
  uint64_t bytes = stored_bytes_ + extra_bytes;
  auto fits = [&] { return count <= config_.max_candidates && bytes <= config_.max_stored_bytes; };
  if (fits()) return {};
  // Plan first, so that a refusal drops nothing.
  std::vector<std::pair<Hash256, CandidateMeta>> victims;
  for (const auto& [prune_at, candidate] : finalized_by_prune_time_) {
    if (fits()) break;
    if (candidate == keep) continue;
    std::optional<CandidateMeta> meta = storage_->load_meta(candidate);
    if (!CANARY_ASSUME(meta.has_value())) continue;
    --count;
    bytes -= meta->stored_bytes;
    victims.emplace_back(candidate, std::move(*meta));
  }
  if (!fits()) return unexpected(AvailabilityStoreError::kStoreFull);
  for (const auto& [candidate, meta] : victims) drop(candidate, meta);
  return {};
}

Result<void, AvailabilityStoreError> AvailabilityStore::store_available_data(
    const Hash256& candidate_hash, size_t n_validators, AvailableData data,
    const Hash256& expected_erasure_root, AvailabilityTime now) {
  using E = AvailabilityStoreError;
  if (!valid_validator_count(n_validators)) return unexpected(E::kInvalidValidatorCount);
  const size_t data_size = scale::encoded_size(data);
  if (data_size > kMaxAvailableDataSize) return unexpected(E::kAvailableDataTooLarge);

  std::optional<CandidateMeta> existing = storage_->load_meta(candidate_hash);
  if (existing && existing->data_available) return {};  // already stored

  // The check backing relies on: the chunks every validator will fetch are the ones the
  // descriptor commits to.
  const Bytes encoded = scale::encode(data);
  auto chunks = erasure_coding::obtain_chunks(n_validators, encoded);
  if (!chunks) return unexpected(E::kErasureCoding);
  auto branches = erasure_coding::branches(*chunks);
  if (!branches) return unexpected(E::kErasureCoding);
  if (branches->root != expected_erasure_root) return unexpected(E::kInvalidErasureRoot);

  uint64_t new_bytes = data_size;
  for (size_t i = 0; i < chunks->size(); ++i) {
    new_bytes += (*chunks)[i].size();
    for (const Bytes& node : branches->proofs[i]) new_bytes += node.size();
  }
  const uint64_t old_bytes = existing ? existing->stored_bytes : 0;
  CANARY_TRY(make_room(existing ? 0 : 1, new_bytes > old_bytes ? new_bytes - old_bytes : 0,
                       candidate_hash));

  CandidateMeta meta;
  if (existing) {
    meta = *existing;
    // Chunks stored for a different validator count than the data's: theirs is the noted count,
    // the data's is proven by the root; keep the data's, as polkadot-sdk overwrites the bits.
    for (size_t i = n_validators; i < meta.chunks_stored.size(); ++i) {
      if (meta.chunks_stored.get(i)) storage_->remove_chunk(candidate_hash, ChunkIndex(i));
    }
  } else {
    meta.state = CandidateState::kUnavailable;
    meta.at = now;
  }
  meta.data_available = true;
  meta.n_validators = static_cast<uint32_t>(n_validators);
  meta.chunks_stored = scale::BitVec(n_validators);
  for (size_t i = 0; i < n_validators; ++i) meta.chunks_stored.set(i, true);
  meta.stored_bytes = new_bytes;

  for (size_t i = 0; i < chunks->size(); ++i) {
    storage_->write_chunk(candidate_hash,
                          ErasureChunk{std::move((*chunks)[i]), static_cast<ChunkIndex>(i),
                                       std::move(branches->proofs[i])});
  }
  storage_->write_data(candidate_hash, std::move(data));
  if (existing) {
    update(candidate_hash, *existing, meta);
  } else {
    index(candidate_hash, meta);
    storage_->write_meta(candidate_hash, meta);
  }
  return {};
}

Result<void, AvailabilityStoreError> AvailabilityStore::store_chunk(const Hash256& candidate_hash,
                                                                    const Hash256& erasure_root,
                                                                    ErasureChunk chunk) {
  using E = AvailabilityStoreError;
  std::optional<CandidateMeta> existing = storage_->load_meta(candidate_hash);
  if (!existing) return unexpected(E::kUnknownCandidate);
  if (chunk.index >= existing->n_validators) return unexpected(E::kChunkIndexOutOfBounds);
  if (existing->chunks_stored.get(chunk.index)) return {};  // already stored
  if (chunk.chunk.size() > kMaxChunkSize) return unexpected(E::kChunkTooLarge);
  if (!erasure_coding::verify_chunk_proof(erasure_root, chunk.index, chunk.chunk, chunk.proof)) {
    return unexpected(E::kInvalidChunkProof);
  }
  const uint64_t bytes = chunk_bytes(chunk);
  CANARY_TRY(make_room(0, bytes, candidate_hash));

  CandidateMeta meta = *existing;
  meta.chunks_stored.set(chunk.index, true);
  meta.stored_bytes += bytes;
  storage_->write_chunk(candidate_hash, std::move(chunk));
  update(candidate_hash, *existing, meta);
  return {};
}

Result<void, AvailabilityStoreError> AvailabilityStore::note_backed(const Hash256& candidate_hash,
                                                                    size_t n_validators,
                                                                    AvailabilityTime now) {
  if (!valid_validator_count(n_validators)) {
    return unexpected(AvailabilityStoreError::kInvalidValidatorCount);
  }
  if (storage_->load_meta(candidate_hash)) return {};
  CANARY_TRY(make_room(1, 0, candidate_hash));
  CandidateMeta meta;
  meta.state = CandidateState::kUnavailable;
  meta.at = now;
  meta.n_validators = static_cast<uint32_t>(n_validators);
  meta.chunks_stored = scale::BitVec(n_validators);
  index(candidate_hash, meta);
  storage_->write_meta(candidate_hash, meta);
  return {};
}

bool AvailabilityStore::note_included(const Hash256& candidate_hash, const BlockRef& block) {
  std::optional<CandidateMeta> existing = storage_->load_meta(candidate_hash);
  if (!existing) return false;
  CandidateMeta meta = *existing;
  switch (meta.state) {
    case CandidateState::kUnavailable:
      meta.state = CandidateState::kUnfinalized;
      meta.included_in = {block};
      break;
    case CandidateState::kUnfinalized: {
      auto at = std::lower_bound(meta.included_in.begin(), meta.included_in.end(), block);
      if (at != meta.included_in.end() && *at == block) return true;
      meta.included_in.insert(at, block);
      break;
    }
    case CandidateState::kFinalized:
      // Included again after finality: cannot happen on one chain; nothing to record.
      return true;
  }
  update(candidate_hash, *existing, meta);
  return true;
}

void AvailabilityStore::note_block_finalized(const BlockRef& finalized, AvailabilityTime now,
                                             const FinalizedHashAt& finalized_hash_at) {
  while (!unfinalized_.empty()) {
    const block::BlockNumber height = std::get<0>(*unfinalized_.begin());
    if (height > finalized.number) break;
    Hash256 finalized_hash = finalized.hash;
    if (height < finalized.number) {
      std::optional<Hash256> answer =
          finalized_hash_at ? finalized_hash_at(height) : std::optional<Hash256>{};
      if (!answer) break;  // resumed by a later call, as polkadot-sdk's walk
      finalized_hash = *answer;
    }

    // Candidate → whether it is included in the finalized block at this height.
    std::map<Hash256, bool> candidates;
    for (auto it = unfinalized_.lower_bound({height, Hash256{}, Hash256{}});
         it != unfinalized_.end() && std::get<0>(*it) == height; ++it) {
      const auto& [number, block_hash, candidate] = *it;
      if (block_hash == finalized_hash) {
        candidates[candidate] = true;
      } else {
        candidates.emplace(candidate, false);
      }
    }

    for (const auto& [candidate, is_finalized] : candidates) {
      std::optional<CandidateMeta> existing = storage_->load_meta(candidate);
      if (!CANARY_ASSUME(existing.has_value() && existing->state == CandidateState::kUnfinalized)) {
        // A dangling inclusion (polkadot-sdk warns and skips): forget it so the walk moves on.
        for (auto it = unfinalized_.lower_bound({height, Hash256{}, Hash256{}});
             it != unfinalized_.end() && std::get<0>(*it) == height;) {
          it = std::get<2>(*it) == candidate ? unfinalized_.erase(it) : std::next(it);
        }
        continue;
      }
      CandidateMeta meta = *existing;
      if (is_finalized) {
        meta.state = CandidateState::kFinalized;
        meta.at = now;
        meta.included_in.clear();
      } else {
        std::erase_if(meta.included_in, [&](const BlockRef& b) { return b.number == height; });
        if (meta.included_in.empty()) meta.state = CandidateState::kUnavailable;  // keeps `at`
      }
      update(candidate, *existing, meta);
    }
  }
}

size_t AvailabilityStore::prune(AvailabilityTime now) {
  size_t pruned = 0;
  for (TimeIndex* by_time : {&unavailable_by_prune_time_, &finalized_by_prune_time_}) {
    while (!by_time->empty() && by_time->begin()->first <= now) {
      const Hash256 candidate = by_time->begin()->second;
      std::optional<CandidateMeta> meta = storage_->load_meta(candidate);
      if (!CANARY_ASSUME(meta.has_value())) {
        by_time->erase(by_time->begin());
        continue;
      }
      drop(candidate, *meta);
      ++pruned;
    }
  }
  return pruned;
}

std::optional<AvailableData> AvailabilityStore::query_available_data(
    const Hash256& candidate_hash) const {
  if (!has_data(candidate_hash)) return std::nullopt;
  return storage_->load_data(candidate_hash);
}

std::optional<ErasureChunk> AvailabilityStore::query_chunk(const Hash256& candidate_hash,
                                                           ChunkIndex chunk_index) const {
  if (!has_chunk(candidate_hash, chunk_index)) return std::nullopt;
  return storage_->load_chunk(candidate_hash, chunk_index);
}

std::vector<ErasureChunk> AvailabilityStore::query_all_chunks(const Hash256& candidate_hash) const {
  std::vector<ErasureChunk> out;
  std::optional<CandidateMeta> meta = storage_->load_meta(candidate_hash);
  if (!meta) return out;
  for (size_t i = 0; i < meta->chunks_stored.size(); ++i) {
    if (!meta->chunks_stored.get(i)) continue;
    std::optional<ErasureChunk> chunk = storage_->load_chunk(candidate_hash, ChunkIndex(i));
    if (CANARY_ASSUME(chunk.has_value())) out.push_back(std::move(*chunk));
  }
  return out;
}

bool AvailabilityStore::has_chunk(const Hash256& candidate_hash, ChunkIndex chunk_index) const {
  std::optional<CandidateMeta> meta = storage_->load_meta(candidate_hash);
  return meta && meta->chunks_stored.get(chunk_index);
}

bool AvailabilityStore::has_data(const Hash256& candidate_hash) const {
  std::optional<CandidateMeta> meta = storage_->load_meta(candidate_hash);
  return meta && meta->data_available;
}

std::optional<CandidateMeta> AvailabilityStore::query_meta(const Hash256& candidate_hash) const {
  return storage_->load_meta(candidate_hash);
}

}  // namespace canary::parachain
