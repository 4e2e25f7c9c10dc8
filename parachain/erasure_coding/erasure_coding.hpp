// Availability erasure coding, polkadot-sdk's `polkadot-erasure-coding`
// (polkadot/erasure-coding/src/lib.rs): the SCALE-encoded AvailableData of a candidate is cut
// into one chunk per validator so that any recovery_threshold(n) = ⌊(n − 1) / 3⌋ + 1 of them give
// it back (reed_solomon.hpp does the coding; the chunks' Merkle root and proofs are in
// chunk_proof.hpp). These functions take and return bytes: the caller encodes and decodes the
// AvailableData, and reconstruction returns it followed by zero padding, which a SCALE decoder
// of AvailableData stops before, as polkadot-sdk's `Decode::decode` does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::erasure_coding {

// polkadot-erasure-coding's `Error`, less the variants that belong to SCALE decoding.
enum class ErasureError : uint8_t {
  kTooManyValidators,      // n > 65536
  kNotEnoughValidators,    // n < 2
  kNotEnoughChunks,        // fewer than the threshold present
  kNonUniformChunks,       // chunk lengths differ, or a chunk is empty
  kUnevenLength,           // a chunk's length is odd
  kChunkIndexOutOfBounds,  // an index ≥ n
  kBadPayload,             // nothing to encode
  kInvalidBranchProof,     // the proof does not lead to a chunk hash under the root
  kBranchOutOfBounds,      // the proof shows that the index has no chunk
  kProofOutOfBounds,       // more than 8 nodes, or a node empty or over 612 bytes (node primitives'
                           // Proof)
  kChunkHashMismatch,      // the proof holds, but for another chunk
};

const char* to_string(ErasureError e);

// The largest validator count: the size of GF(2^16).
inline constexpr size_t kMaxValidators = 65536;

// ⌊(n − 1) / 3⌋ + 1, for 2 ≤ n ≤ 65536.
Result<size_t, ErasureError> recovery_threshold(size_t n_validators);
// The number of leading (systematic) chunks that hold the data: the threshold rounded down to a
// power of two.
Result<size_t, ErasureError> systematic_recovery_threshold(size_t n_validators);

// One chunk per validator, in validator order (`obtain_chunks` applied to encoded bytes).
Result<std::vector<Bytes>, ErasureError> obtain_chunks(size_t n_validators, ByteSpan data);

struct IndexedChunk {
  ByteSpan data;
  size_t index = 0;
};

// `reconstruct`: from chunks tagged with their validator index, in any order; only the first
// n_validators entries are looked at (as the reference's `take(n_validators)`), and a repeated
// index keeps the later chunk. The result is the data followed by zero padding.
Result<Bytes, ErasureError> reconstruct(size_t n_validators, std::span<const IndexedChunk> chunks);

// `reconstruct_from_systematic`: from the first systematic_recovery_threshold(n) chunks, given
// in index order starting at 0 (the rest of the list is ignored but must have the same length).
Result<Bytes, ErasureError> reconstruct_from_systematic(size_t n_validators,
                                                        std::span<const ByteSpan> chunks);

}  // namespace canary::erasure_coding
