// The parachain request-response protocols (polkadot-sdk
// `polkadot/node/network/protocol/src/request_response/{mod,v1,v2}.rs`; parachain-facts §3.2): the
// SCALE request and response of each, and the limits and timeouts polkadot-sdk configures them
// with (`Protocol::create_config`). Names are in protocol_names.hpp.
//   /req_chunk/1       ChunkFetchingRequest{candidate_hash, index: ValidatorIndex}
//                      → { Chunk(ChunkResponse{chunk, proof}) = 0, NoSuchChunk = 1 }
//   /req_chunk/2       same request → { Chunk(ErasureChunk{chunk, index: ChunkIndex, proof}) = 0,
//                      NoSuchChunk = 1 } (the index, since RFC-47's mapping, may differ from the
//                      validator's)
//   /req_collation/1   {relay_parent, para_id}
//   /req_collation/2   {relay_parent, para_id, candidate_hash}
//                      → { Collation(CandidateReceipt, PoV) = 0,
//                          CollationWithParentHeadData{receipt, pov, parent_head_data} = 1 }
//   /req_pov/1         {candidate_hash} → { PoV(PoV) = 0, NoSuchPoV = 1 }
//   /req_available_data/1 {candidate_hash} → { AvailableData(AvailableData) = 0, NoSuchData = 1 }
//   /req_attested_candidate/2 {candidate_hash, mask: StatementFilter}
//                      → {candidate_receipt: CommittedCandidateReceipt, persisted_validation_data,
//                         statements: Vec<UncheckedSigned<CompactStatement>>}
// Not here yet: `/req_statement/1` (legacy statement distribution) and `/send_dispute/1`.
// Every decoder checks the protocol's size limit first, then decodes one whole value (trailing
// bytes are refused, as polkadot-sdk decodes with decode_all).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <variant>
#include <vector>

#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/signed.hpp"
#include "parachain/protocol/statement_filter.hpp"
#include "parachain/protocol/wire_error.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain::protocol {

// ---- limits and timeouts (request_response/mod.rs) ---------------------------------------------

// polkadot-primitives MAX_CODE_SIZE.
inline constexpr size_t kMaxCodeSize = 3 * 1024 * 1024;
// Every protocol's max_request_size.
inline constexpr size_t kMaxRequestSize = 1'000;
// POV_RESPONSE_SIZE: MAX_POV_SIZE plus room for the rest of a collation or available data.
inline constexpr size_t kPovResponseSize = size_t{kMaxPovSize} + 10'000;
// ChunkFetching's max_response_size (v1 and v2 share the configuration).
inline constexpr size_t kChunkResponseSize = 3 * kPovResponseSize;
// STATEMENT_RESPONSE_SIZE (`/req_statement/1`).
inline constexpr size_t kStatementResponseSize = kMaxCodeSize + 10'000;
// ATTESTED_CANDIDATE_RESPONSE_SIZE: a receipt may carry new validation code, plus statements.
inline constexpr size_t kAttestedCandidateResponseSize = kMaxCodeSize + 100'000;
// `/send_dispute/1`: the answer is a one-byte confirmation.
inline constexpr size_t kDisputeResponseSize = 100;

// CHUNK_REQUEST_TIMEOUT (= DEFAULT_REQUEST_TIMEOUT_CONNECTED): validators are all connected.
inline constexpr std::chrono::milliseconds kChunkRequestTimeout{1'000};
// POV_REQUEST_TIMEOUT_CONNECTED: collations, PoVs and available data.
inline constexpr std::chrono::milliseconds kPovRequestTimeout{1'200};
// STATEMENTS_TIMEOUT.
inline constexpr std::chrono::milliseconds kStatementRequestTimeout{1'000};
// ATTESTED_CANDIDATE_TIMEOUT.
inline constexpr std::chrono::milliseconds kAttestedCandidateTimeout{2'500};
// DISPUTE_REQUEST_TIMEOUT.
inline constexpr std::chrono::milliseconds kDisputeRequestTimeout{12'000};

// ---- chunks -------------------------------------------------------------------------------------

// The same request on /req_chunk/1 and /req_chunk/2.
struct ChunkFetchingRequest {
  CandidateHash candidate_hash{};
  ValidatorIndex index = 0;
  bool operator==(const ChunkFetchingRequest&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash, index)
};

// v1's chunk, without its index: the requester uses the index it asked for.
struct ChunkResponse {
  static constexpr uint8_t kScaleIndex = 0;
  Bytes chunk;
  std::vector<Bytes> proof;
  bool operator==(const ChunkResponse&) const = default;
  CANARY_SCALE_FIELDS(chunk, proof)
};
struct ErasureChunkResponse {
  static constexpr uint8_t kScaleIndex = 0;
  ErasureChunk chunk;
  bool operator==(const ErasureChunkResponse&) const = default;
  CANARY_SCALE_FIELDS(chunk)
};
struct NoSuchChunk {
  static constexpr uint8_t kScaleIndex = 1;
  bool operator==(const NoSuchChunk&) const = default;
  CANARY_SCALE_FIELDS()
};
using ChunkFetchingResponseV1 = std::variant<ChunkResponse, NoSuchChunk>;
using ChunkFetchingResponseV2 = std::variant<ErasureChunkResponse, NoSuchChunk>;

// ---- collations ---------------------------------------------------------------------------------

struct CollationFetchingRequestV1 {
  Hash256 relay_parent{};
  ParaId para_id = 0;
  bool operator==(const CollationFetchingRequestV1&) const = default;
  CANARY_SCALE_FIELDS(relay_parent, para_id)
};

// v2 names the advertised candidate, since a collator may build several on one relay parent.
struct CollationFetchingRequest {
  Hash256 relay_parent{};
  ParaId para_id = 0;
  CandidateHash candidate_hash{};
  bool operator==(const CollationFetchingRequest&) const = default;
  CANARY_SCALE_FIELDS(relay_parent, para_id, candidate_hash)
};

struct CollationResponse {
  static constexpr uint8_t kScaleIndex = 0;
  CandidateReceipt receipt;
  PoV pov;
  bool operator==(const CollationResponse&) const = default;
  CANARY_SCALE_FIELDS(receipt, pov)
};
// With the parent's head data, which a validator of an elastic-scaling para may not know yet.
struct CollationWithParentHeadData {
  static constexpr uint8_t kScaleIndex = 1;
  CandidateReceipt receipt;
  PoV pov;
  HeadData parent_head_data;
  bool operator==(const CollationWithParentHeadData&) const = default;
  CANARY_SCALE_FIELDS(receipt, pov, parent_head_data)
};
// The answer on both /req_collation/1 and /req_collation/2.
using CollationFetchingResponse = std::variant<CollationResponse, CollationWithParentHeadData>;

// ---- PoV and available data ---------------------------------------------------------------------

struct PovFetchingRequest {
  CandidateHash candidate_hash{};
  bool operator==(const PovFetchingRequest&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash)
};
struct PovResponse {
  static constexpr uint8_t kScaleIndex = 0;
  PoV pov;
  bool operator==(const PovResponse&) const = default;
  CANARY_SCALE_FIELDS(pov)
};
struct NoSuchPov {
  static constexpr uint8_t kScaleIndex = 1;
  bool operator==(const NoSuchPov&) const = default;
  CANARY_SCALE_FIELDS()
};
using PovFetchingResponse = std::variant<PovResponse, NoSuchPov>;

struct AvailableDataFetchingRequest {
  CandidateHash candidate_hash{};
  bool operator==(const AvailableDataFetchingRequest&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash)
};
struct AvailableDataResponse {
  static constexpr uint8_t kScaleIndex = 0;
  AvailableData data;
  bool operator==(const AvailableDataResponse&) const = default;
  CANARY_SCALE_FIELDS(data)
};
struct NoSuchData {
  static constexpr uint8_t kScaleIndex = 1;
  bool operator==(const NoSuchData&) const = default;
  CANARY_SCALE_FIELDS()
};
using AvailableDataFetchingResponse = std::variant<AvailableDataResponse, NoSuchData>;

// ---- attested candidates (statement distribution v2)
// ---------------------------------------------

// The mask has 'OR' semantics: statements of validators whose bit is set are not wanted.
struct AttestedCandidateRequest {
  CandidateHash candidate_hash{};
  StatementFilter mask;
  bool operator==(const AttestedCandidateRequest&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash, mask)
};
struct AttestedCandidateResponse {
  CommittedCandidateReceipt candidate_receipt;
  PersistedValidationData persisted_validation_data;
  std::vector<UncheckedSignedStatement> statements;
  bool operator==(const AttestedCandidateResponse&) const = default;
  CANARY_SCALE_FIELDS(candidate_receipt, persisted_validation_data, statements)
};

// ---- decoders
// -------------------------------------------------------------------------------------

// Requests: at most kMaxRequestSize bytes.
Result<ChunkFetchingRequest, WireError> decode_chunk_request(ByteSpan bytes);
Result<CollationFetchingRequestV1, WireError> decode_collation_request_v1(ByteSpan bytes);
Result<CollationFetchingRequest, WireError> decode_collation_request(ByteSpan bytes);
Result<PovFetchingRequest, WireError> decode_pov_request(ByteSpan bytes);
Result<AvailableDataFetchingRequest, WireError> decode_available_data_request(ByteSpan bytes);
Result<AttestedCandidateRequest, WireError> decode_attested_candidate_request(ByteSpan bytes);

// Responses, each within its protocol's limit. A chunk's proof must have 1..=8 nodes of
// 1..=612 bytes, as node primitives' `Proof` decodes (kProofOutOfBounds otherwise).
Result<ChunkFetchingResponseV1, WireError> decode_chunk_response_v1(ByteSpan bytes);
Result<ChunkFetchingResponseV2, WireError> decode_chunk_response_v2(ByteSpan bytes);
Result<CollationFetchingResponse, WireError> decode_collation_response(ByteSpan bytes);
Result<PovFetchingResponse, WireError> decode_pov_response(ByteSpan bytes);
Result<AvailableDataFetchingResponse, WireError> decode_available_data_response(ByteSpan bytes);
Result<AttestedCandidateResponse, WireError> decode_attested_candidate_response(ByteSpan bytes);

}  // namespace canary::parachain::protocol
