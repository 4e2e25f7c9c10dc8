#include "parachain/protocol/request_response.hpp"

#include <algorithm>

#include "parachain/erasure_coding/chunk_proof.hpp"

namespace canary::parachain::protocol {

namespace {

// node primitives' `Proof` decoding: BoundedVec<BoundedVec<u8, 1, 612>, 1, 8>.
bool proof_within_bounds(const std::vector<Bytes>& proof) {
  if (proof.empty() || proof.size() > erasure_coding::kMaxProofNodes) return false;
  return std::ranges::all_of(proof, [](const Bytes& node) {
    return !node.empty() && node.size() <= erasure_coding::kMaxProofNodeSize;
  });
}

}  // namespace

Result<ChunkFetchingRequest, WireError> decode_chunk_request(ByteSpan bytes) {
  return decode_bounded<ChunkFetchingRequest>(bytes, kMaxRequestSize);
}

Result<CollationFetchingRequestV1, WireError> decode_collation_request_v1(ByteSpan bytes) {
  return decode_bounded<CollationFetchingRequestV1>(bytes, kMaxRequestSize);
}

Result<CollationFetchingRequest, WireError> decode_collation_request(ByteSpan bytes) {
  return decode_bounded<CollationFetchingRequest>(bytes, kMaxRequestSize);
}

Result<PovFetchingRequest, WireError> decode_pov_request(ByteSpan bytes) {
  return decode_bounded<PovFetchingRequest>(bytes, kMaxRequestSize);
}

Result<AvailableDataFetchingRequest, WireError> decode_available_data_request(ByteSpan bytes) {
  return decode_bounded<AvailableDataFetchingRequest>(bytes, kMaxRequestSize);
}

Result<AttestedCandidateRequest, WireError> decode_attested_candidate_request(ByteSpan bytes) {
  return decode_bounded<AttestedCandidateRequest>(bytes, kMaxRequestSize);
}

Result<ChunkFetchingResponseV1, WireError> decode_chunk_response_v1(ByteSpan bytes) {
  CANARY_TRY_ASSIGN(auto response,
                    decode_bounded<ChunkFetchingResponseV1>(bytes, kChunkResponseSize));
  if (const auto* chunk = std::get_if<ChunkResponse>(&response)) {
    if (!proof_within_bounds(chunk->proof)) return unexpected(WireError::kProofOutOfBounds);
  }
  return response;
}

Result<ChunkFetchingResponseV2, WireError> decode_chunk_response_v2(ByteSpan bytes) {
  CANARY_TRY_ASSIGN(auto response,
                    decode_bounded<ChunkFetchingResponseV2>(bytes, kChunkResponseSize));
  if (const auto* chunk = std::get_if<ErasureChunkResponse>(&response)) {
    if (!proof_within_bounds(chunk->chunk.proof)) {
      return unexpected(WireError::kProofOutOfBounds);
    }
  }
  return response;
}

Result<CollationFetchingResponse, WireError> decode_collation_response(ByteSpan bytes) {
  return decode_bounded<CollationFetchingResponse>(bytes, kPovResponseSize);
}

Result<PovFetchingResponse, WireError> decode_pov_response(ByteSpan bytes) {
  return decode_bounded<PovFetchingResponse>(bytes, kPovResponseSize);
}

Result<AvailableDataFetchingResponse, WireError> decode_available_data_response(ByteSpan bytes) {
  return decode_bounded<AvailableDataFetchingResponse>(bytes, kPovResponseSize);
}

Result<AttestedCandidateResponse, WireError> decode_attested_candidate_response(ByteSpan bytes) {
  return decode_bounded<AttestedCandidateResponse>(bytes, kAttestedCandidateResponseSize);
}

}  // namespace canary::parachain::protocol
