#include "parachain/erasure_coding/erasure_coding.hpp"

#include <optional>

#include "parachain/erasure_coding/reed_solomon.hpp"

namespace canary::erasure_coding {
namespace {

// lib.rs `code_params`, whose errors map novelpoly's onto the crate's own.
Result<CodeParams, ErasureError> code_params(size_t n_validators) {
  CANARY_TRY_ASSIGN(size_t threshold, recovery_threshold(n_validators));
  auto params = CodeParams::derive(n_validators, threshold);
  if (!params) {
    return unexpected(params.error() == RsError::kWantedShardCountTooHigh
                          ? ErasureError::kTooManyValidators
                          : ErasureError::kNotEnoughValidators);
  }
  return *params;
}

ErasureError from_rs(RsError e) {
  switch (e) {
    case RsError::kWantedShardCountTooHigh:
      return ErasureError::kTooManyValidators;
    case RsError::kWantedShardCountTooLow:
    case RsError::kWantedPayloadCountTooLow:
      return ErasureError::kNotEnoughValidators;
    case RsError::kPayloadSizeIsZero:
      return ErasureError::kBadPayload;
    case RsError::kNeedMoreShards:
      return ErasureError::kNotEnoughChunks;
    case RsError::kInconsistentShardLengths:
    case RsError::kEmptyShard:
      return ErasureError::kNonUniformChunks;
    case RsError::kUnevenShardLength:
      return ErasureError::kUnevenLength;
  }
  return ErasureError::kNonUniformChunks;
}

}  // namespace

const char* to_string(ErasureError e) {
  switch (e) {
    case ErasureError::kTooManyValidators:
      return "there are too many validators";
    case ErasureError::kNotEnoughValidators:
      return "expected at least 2 validators";
    case ErasureError::kNotEnoughChunks:
      return "not enough chunks to reconstruct the data";
    case ErasureError::kNonUniformChunks:
      return "chunks are not uniform: mismatch in length or zero sized";
    case ErasureError::kUnevenLength:
      return "an uneven chunk length is not valid for GF(2^16)";
    case ErasureError::kChunkIndexOutOfBounds:
      return "chunk index out of bounds";
    case ErasureError::kBadPayload:
      return "the data to encode is empty";
    case ErasureError::kInvalidBranchProof:
      return "invalid branch proof";
    case ErasureError::kBranchOutOfBounds:
      return "branch is out of bounds";
    case ErasureError::kProofOutOfBounds:
      return "proof has more than 8 nodes or a node that is empty or over 612 bytes";
    case ErasureError::kChunkHashMismatch:
      return "the chunk does not match the hash the proof leads to";
  }
  return "unknown erasure coding error";
}

Result<size_t, ErasureError> recovery_threshold(size_t n_validators) {
  if (n_validators > kMaxValidators) return unexpected(ErasureError::kTooManyValidators);
  if (n_validators <= 1) return unexpected(ErasureError::kNotEnoughValidators);
  return (n_validators - 1) / 3 + 1;
}

Result<size_t, ErasureError> systematic_recovery_threshold(size_t n_validators) {
  CANARY_TRY_ASSIGN(CodeParams params, code_params(n_validators));
  return params.k;
}

Result<std::vector<Bytes>, ErasureError> obtain_chunks(size_t n_validators, ByteSpan data) {
  CANARY_TRY_ASSIGN(CodeParams params, code_params(n_validators));
  if (data.empty()) return unexpected(ErasureError::kBadPayload);
  auto shards = encode(params, data);
  if (!shards) return unexpected(from_rs(shards.error()));
  return std::move(*shards);
}

Result<Bytes, ErasureError> reconstruct(size_t n_validators, std::span<const IndexedChunk> chunks) {
  CANARY_TRY_ASSIGN(CodeParams params, code_params(n_validators));
  std::vector<std::optional<ByteSpan>> received(n_validators);
  std::optional<size_t> shard_len;
  size_t taken = 0;
  for (const IndexedChunk& chunk : chunks) {
    if (taken++ == n_validators) break;
    if (chunk.index >= n_validators) return unexpected(ErasureError::kChunkIndexOutOfBounds);
    if (!shard_len) shard_len = chunk.data.size();
    if (*shard_len % 2 != 0) return unexpected(ErasureError::kUnevenLength);
    if (*shard_len != chunk.data.size() || *shard_len == 0) {
      return unexpected(ErasureError::kNonUniformChunks);
    }
    received[chunk.index] = chunk.data;
  }
  auto bytes = erasure_coding::reconstruct(params, received);
  if (!bytes) return unexpected(from_rs(bytes.error()));
  return std::move(*bytes);
}

Result<Bytes, ErasureError> reconstruct_from_systematic(size_t n_validators,
                                                        std::span<const ByteSpan> chunks) {
  CANARY_TRY_ASSIGN(size_t k, systematic_recovery_threshold(n_validators));
  if (chunks.empty()) return unexpected(ErasureError::kNotEnoughChunks);
  const size_t shard_len = chunks[0].size();
  if (shard_len == 0) return unexpected(ErasureError::kNonUniformChunks);
  for (ByteSpan c : chunks) {
    if (c.size() != shard_len) return unexpected(ErasureError::kNonUniformChunks);
  }
  if (shard_len % 2 != 0) return unexpected(ErasureError::kUnevenLength);
  if (chunks.size() < k) return unexpected(ErasureError::kNotEnoughChunks);
  CANARY_TRY_ASSIGN(CodeParams params, code_params(n_validators));
  auto bytes = erasure_coding::reconstruct_from_systematic(params, chunks);
  if (!bytes) return unexpected(from_rs(bytes.error()));
  return std::move(*bytes);
}

}  // namespace canary::erasure_coding
