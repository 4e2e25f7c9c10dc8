#include "parachain/availability_recovery/availability_recovery.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "parachain/availability/availability_store.hpp"
#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "parachain/erasure_coding/reed_solomon.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain {

using recovery::Output;
using recovery::ParamsError;
using recovery::Phase;
using recovery::Request;
using recovery::RequestFailure;

namespace {

// SplitMix64: a seed gives the same order with every standard library (std::shuffle's use of
// the engine is implementation-defined), so tests and logs can name the order.
uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<ValidatorIndex> shuffled_validators(size_t n, uint64_t seed) {
  std::vector<ValidatorIndex> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<ValidatorIndex>(i);
  uint64_t state = seed;
  for (size_t i = n; i > 1; --i) {
    // The modulo bias (at most 2^16 / 2^64) is irrelevant for spreading load.
    const size_t j = static_cast<size_t>(splitmix64(state) % i);
    std::swap(out[i - 1], out[j]);
  }
  return out;
}

}  // namespace

const char* to_string(RecoveryError error) {
  switch (error) {
    case RecoveryError::kUnavailable:
      return "the data is unavailable: too few validators served it";
    case RecoveryError::kInvalid:
      return "the chunks under the erasure root do not encode an AvailableData";
  }
  return "unknown recovery error";
}

namespace recovery {
const char* to_string(ParamsError error) {
  switch (error) {
    case ParamsError::kBadValidatorCount:
      return "the validator count is outside 2..=65536";
    case ParamsError::kBadChunkIndices:
      return "the chunk indices are not one index below n per validator";
    case ParamsError::kBadBackingGroup:
      return "a backer's validator index is out of range";
  }
  return "unknown recovery parameters error";
}
}  // namespace recovery

Result<AvailabilityRecovery, ParamsError> AvailabilityRecovery::create(recovery::Params params) {
  if (!erasure_coding::recovery_threshold(params.n_validators)) {
    return unexpected(ParamsError::kBadValidatorCount);
  }
  const size_t n = params.n_validators;
  if (params.chunk_indices.size() != n ||
      std::any_of(params.chunk_indices.begin(), params.chunk_indices.end(),
                  [n](ChunkIndex c) { return c >= n; })) {
    return unexpected(ParamsError::kBadChunkIndices);
  }
  if (std::any_of(params.backing_group.begin(), params.backing_group.end(),
                  [n](ValidatorIndex v) { return v >= n; })) {
    return unexpected(ParamsError::kBadBackingGroup);
  }
  return AvailabilityRecovery(std::move(params));
}

AvailabilityRecovery::AvailabilityRecovery(recovery::Params params) : params_(std::move(params)) {
  const size_t n = params_.n_validators;
  threshold_ = erasure_coding::recovery_threshold(n).value();
  // The longest chunk of any AvailableData a valid candidate can have; a longer one, even under
  // the root, cannot help and would only make reconstruction allocate more.
  max_chunk_size_ =
      erasure_coding::CodeParams::derive(n, threshold_)->shard_len(kMaxAvailableDataSize);
  params_.max_parallel = std::max<size_t>(1, params_.max_parallel);
  std::set<ValidatorIndex> seen;
  for (ValidatorIndex v : params_.backing_group) {
    if (seen.insert(v).second) backers_.push_back(v);
  }
  chunk_queue_ = shuffled_validators(n, params_.shuffle_seed);
}

std::vector<Request> AvailabilityRecovery::start() {
  if (started_ || phase_ == Phase::kDone) return {};
  started_ = true;
  std::vector<Request> out;
  if (params_.backers_first && !backers_.empty()) {
    next_backer(out);
  } else {
    start_chunks(out);
  }
  return out;
}

Output AvailabilityRecovery::on_response(recovery::RequestId id,
                                         const Result<Bytes, RequestFailure>& response) {
  if (phase_ == Phase::kDone) return {};
  const auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return {};
  const ValidatorIndex validator = it->second;
  in_flight_.erase(it);
  if (phase_ == Phase::kFetchFull) return on_full_response(response);
  on_chunk_response(validator, response);
  return step_chunks();
}

Output AvailabilityRecovery::on_full_response(const Result<Bytes, RequestFailure>& response) {
  if (response) {
    auto decoded = protocol::decode_available_data_response(*response);
    if (decoded) {
      if (auto* data = std::get_if<protocol::AvailableDataResponse>(&*decoded)) {
        // As polkadot-sdk's PostRecoveryCheck::Reencode: the backer's word is not enough, the
        // data must be what the erasure root commits to.
        if (matches_root(data->data)) return finish(std::move(data->data));
      }
    }
  }
  Output out;
  next_backer(out.requests);
  return out;
}

void AvailabilityRecovery::next_backer(std::vector<Request>& out) {
  if (next_backer_ < backers_.size()) {
    phase_ = Phase::kFetchFull;
    out.push_back(make_request(backers_[next_backer_++], /*full=*/true));
    return;
  }
  start_chunks(out);
}

void AvailabilityRecovery::start_chunks(std::vector<Request>& out) {
  phase_ = Phase::kFetchChunks;
  // Nothing can conclude yet: no chunk is held and all n ≥ threshold validators are unasked.
  Output step = step_chunks();
  out.insert(out.end(), step.requests.begin(), step.requests.end());
}

void AvailabilityRecovery::on_chunk_response(ValidatorIndex validator,
                                             const Result<Bytes, RequestFailure>& response) {
  ++responses_;
  if (!response) {
    ++errors_;
    return;
  }
  auto decoded = protocol::decode_chunk_response_v2(*response);
  if (!decoded) {
    ++errors_;
    return;
  }
  auto* answer = std::get_if<protocol::ErasureChunkResponse>(&*decoded);
  if (answer == nullptr) {  // NoSuchChunk
    ++errors_;
    return;
  }
  ErasureChunk& chunk = answer->chunk;
  // Stricter than polkadot-sdk, which takes any chunk with a valid proof: a validator serves the
  // chunk RFC-47 assigns it, so another index means a faulty or lying peer.
  if (chunk.index != params_.chunk_indices[validator] || chunk.chunk.size() > max_chunk_size_ ||
      !erasure_coding::verify_chunk_proof(params_.erasure_root, chunk.index, chunk.chunk,
                                          chunk.proof)) {
    ++errors_;
    return;
  }
  chunks_.try_emplace(chunk.index, std::move(chunk.chunk));
}

Output AvailabilityRecovery::step_chunks() {
  if (chunks_.size() >= threshold_) return finish(reconstruct());
  const size_t unrequested = chunk_queue_.size() - next_chunk_validator_;
  if (chunks_.size() + in_flight_.size() + unrequested < threshold_) {
    return finish(unexpected(RecoveryError::kUnavailable));
  }
  // polkadot-sdk's get_desired_request_count: the chunks still missing, plus as many more as the
  // error rate so far says will fail, within the parallel cap and the threshold.
  const size_t remaining = threshold_ - chunks_.size();
  const size_t inverse_error_rate = errors_ == 0 ? 0 : responses_ / errors_;
  const size_t extra = inverse_error_rate == 0 ? 0 : remaining / inverse_error_rate;
  const size_t desired = std::min(std::min(params_.max_parallel, threshold_), remaining + extra);
  Output out;
  while (in_flight_.size() < desired && next_chunk_validator_ < chunk_queue_.size()) {
    out.requests.push_back(make_request(chunk_queue_[next_chunk_validator_++], /*full=*/false));
  }
  return out;
}

Request AvailabilityRecovery::make_request(ValidatorIndex validator, bool full) {
  Request r;
  r.id = next_id_++;
  r.validator = validator;
  if (full) {
    r.request = protocol::AvailableDataFetchingRequest{params_.candidate_hash};
  } else {
    r.request = protocol::ChunkFetchingRequest{params_.candidate_hash, validator};
  }
  in_flight_.emplace(r.id, validator);
  return r;
}

Output AvailabilityRecovery::finish(Result<AvailableData, RecoveryError> result) {
  phase_ = Phase::kDone;
  in_flight_.clear();
  chunks_.clear();
  Output out;
  out.done = std::move(result);
  return out;
}

Result<AvailableData, RecoveryError> AvailabilityRecovery::reconstruct() const {
  std::vector<erasure_coding::IndexedChunk> indexed;
  indexed.reserve(chunks_.size());
  for (const auto& [index, chunk] : chunks_) indexed.push_back({chunk, index});
  // Chunks under the root that do not reconstruct (uneven, non-uniform) were committed to by the
  // backers, so every validator sees the same failure: the data is invalid, not unavailable.
  auto bytes = erasure_coding::reconstruct(params_.n_validators, indexed);
  if (!bytes) return unexpected(RecoveryError::kInvalid);
  // The reconstruction ends in zero padding, which decoding from the front leaves unread (as
  // polkadot-sdk's `Decode::decode`); the re-encoding below refuses anything else left there.
  scale::Decoder in(*bytes, std::max<size_t>(1, bytes->size()));
  AvailableData data = scale::decode_next<AvailableData>(in);
  if (!in.ok()) return unexpected(RecoveryError::kInvalid);
  // Valid proofs only show that each chunk is under the root; a backer could have committed to
  // chunks that are not one encoding, and then different sets of chunks would give different
  // data to different validators. Re-encoding settles it for everyone alike.
  if (!matches_root(data)) return unexpected(RecoveryError::kInvalid);
  return data;
}

bool AvailabilityRecovery::matches_root(const AvailableData& data) const {
  auto chunks = erasure_coding::obtain_chunks(params_.n_validators, scale::encode(data));
  return chunks && erasure_coding::erasure_root(*chunks) == params_.erasure_root;
}

}  // namespace canary::parachain
