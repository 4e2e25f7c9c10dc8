// Recovery of one candidate's AvailableData from the network (polkadot-sdk
// `polkadot/node/network/availability-recovery`, its FetchFull and FetchChunks strategies;
// parachain-facts §3.2, §4), sans-IO: the machine says which validator to ask what, the caller
// sends the requests (mapping validators to peers) and feeds back the raw answers or failures.
//
//  1. FetchFull (optional): the backing group, one backer at a time, `/req_available_data/1`. An
//     answer is taken only when re-encoding it gives the candidate's erasure root; NoSuchData, a
//     failure or a mismatch moves on to the next backer, and when none is left to 2.
//  2. FetchChunks: every validator in a seeded shuffle, `/req_chunk/2`, a few at a time. A chunk
//     counts when it carries the index that validator holds (RFC-47) and its proof leads to it
//     under the erasure root. With recovery_threshold(n) chunks the data is reconstructed, decoded
//     and re-encoded; a root mismatch or undecodable data is kInvalid (the backers committed to
//     bad chunks). When too few validators remain to reach the threshold: kUnavailable.
//
// Each validator is asked at most once per strategy (no retries, unlike polkadot-sdk's five on
// network errors), so a recovery sends at most group size + n requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include "parachain/primitives/available_data.hpp"
#include "parachain/protocol/request_response.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// polkadot-sdk's RecoveryError, less ChannelClosed (an artefact of its subsystem channels).
enum class RecoveryError : uint8_t {
  kUnavailable,  // not enough validators answered: may succeed later, do not cache
  kInvalid,      // the chunks under the erasure root do not encode an AvailableData
};
const char* to_string(RecoveryError error);

namespace recovery {

// polkadot-sdk's N_PARALLEL: the most chunk requests in flight (further capped by the threshold).
inline constexpr size_t kDefaultMaxParallelChunkRequests = 50;

using RequestId = uint64_t;

// Why a request brought no answer; all are one failure of that validator here (the kinds are for
// the caller's logs and metrics).
enum class RequestFailure : uint8_t {
  kNetwork,       // refused, reset, or an unknown protocol
  kTimeout,       // no answer within the protocol's timeout (request_response.hpp)
  kNotConnected,  // the caller knows no peer for the validator
};

struct Request {
  RequestId id = 0;
  ValidatorIndex validator = 0;
  // AvailableDataFetchingRequest on /req_available_data/1, ChunkFetchingRequest on /req_chunk/2.
  std::variant<protocol::AvailableDataFetchingRequest, protocol::ChunkFetchingRequest> request;
};

struct Output {
  std::vector<Request> requests;  // to send now
  // Set once, when the recovery ends; later answers are ignored.
  std::optional<Result<AvailableData, RecoveryError>> done;
};

struct Params {
  Hash256 candidate_hash{};
  Hash256 erasure_root{};  // the candidate descriptor's
  size_t n_validators = 0;
  // The candidate's backing group, in the order to ask them (repeats are asked once).
  std::vector<ValidatorIndex> backing_group;
  // Entry v: the chunk validator v holds (availability_chunk_indices for the candidate's core).
  std::vector<ChunkIndex> chunk_indices;
  bool backers_first = true;
  size_t max_parallel = kDefaultMaxParallelChunkRequests;  // 0 is taken as 1
  uint64_t shuffle_seed = 0;  // the order chunks are asked in (polkadot-sdk: thread_rng)
};

enum class ParamsError : uint8_t {
  kBadValidatorCount,  // n outside 2..=65536
  kBadChunkIndices,    // not one index < n per validator
  kBadBackingGroup,    // a backer index ≥ n
};
const char* to_string(ParamsError error);

enum class Phase : uint8_t { kFetchFull, kFetchChunks, kDone };

}  // namespace recovery

class AvailabilityRecovery {
 public:
  static Result<AvailabilityRecovery, recovery::ParamsError> create(recovery::Params params);

  // The first requests; only the first call returns any. Never finishes the recovery: n ≥ 2
  // validators always leave the chunk strategy someone to ask.
  std::vector<recovery::Request> start();

  // The answer to request `id`: its response bytes, decoded here with the protocol's decoder (a
  // malformed answer is that validator's failure), or why there is none. Answers to ids not in
  // flight, and everything after the end, are ignored (an empty Output).
  recovery::Output on_response(recovery::RequestId id,
                               const Result<Bytes, recovery::RequestFailure>& response);

  recovery::Phase phase() const { return phase_; }
  bool finished() const { return phase_ == recovery::Phase::kDone; }
  size_t in_flight() const { return in_flight_.size(); }
  size_t valid_chunks() const { return chunks_.size(); }
  size_t threshold() const { return threshold_; }

 private:
  explicit AvailabilityRecovery(recovery::Params params);

  recovery::Output on_full_response(const Result<Bytes, recovery::RequestFailure>& response);
  void on_chunk_response(ValidatorIndex validator,
                         const Result<Bytes, recovery::RequestFailure>& response);
  // Asks the next backer, or moves to the chunk strategy when none is left.
  void next_backer(std::vector<recovery::Request>& out);
  void start_chunks(std::vector<recovery::Request>& out);
  // Concludes when it can, else tops the chunk requests up.
  recovery::Output step_chunks();
  recovery::Request make_request(ValidatorIndex validator, bool full);
  recovery::Output finish(Result<AvailableData, RecoveryError> result);
  Result<AvailableData, RecoveryError> reconstruct() const;
  bool matches_root(const AvailableData& data) const;

  recovery::Params params_;
  size_t threshold_ = 0;
  size_t max_chunk_size_ = 0;
  recovery::Phase phase_ = recovery::Phase::kFetchFull;
  bool started_ = false;
  recovery::RequestId next_id_ = 1;

  std::vector<ValidatorIndex> backers_;  // deduplicated, in order
  size_t next_backer_ = 0;

  std::vector<ValidatorIndex> chunk_queue_;  // shuffled; asked from the front
  size_t next_chunk_validator_ = 0;
  std::map<recovery::RequestId, ValidatorIndex> in_flight_;
  std::map<ChunkIndex, Bytes> chunks_;  // valid chunks by index
  size_t responses_ = 0;                // chunk answers, failures included
  size_t errors_ = 0;
};

}  // namespace canary::parachain
