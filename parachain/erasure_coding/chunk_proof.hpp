// The erasure root and chunk proofs of polkadot-sdk's `polkadot-erasure-coding` (`branches`,
// `branch_hash`; polkadot/erasure-coding/src/lib.rs): a base-16 Merkle-Patricia trie, LayoutV0
// with BLAKE2b-256, mapping SCALE(u32 chunk index) to BLAKE2b-256(chunk). The root goes into the
// candidate descriptor; each validator receives its chunk with the trie nodes on its key's path.
// The trie is the node's own (state/trie), not a second implementation.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "parachain/erasure_coding/erasure_coding.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::erasure_coding {

// node primitives' `Proof`: a bounded vector of 1..=8 nodes of 1..=612 bytes each
// (MERKLE_PROOF_MAX_DEPTH, MERKLE_NODE_MAX_SIZE; polkadot/node/primitives/src/lib.rs).
inline constexpr size_t kMaxProofNodes = 8;
inline constexpr size_t kMaxProofNodeSize = 512 + 100;

using ChunkProof = std::vector<Bytes>;

Hash256 erasure_root(std::span<const Bytes> chunks);

// The root and the proof of every chunk (in index order), as `branches` yields them; each proof
// lists the nodes from the root down.
struct ChunkBranches {
  Hash256 root{};
  std::vector<ChunkProof> proofs;
};
Result<ChunkBranches, ErasureError> branches(std::span<const Bytes> chunks);

// The proof of one chunk; an index ≥ chunks.size() is kChunkIndexOutOfBounds.
Result<ChunkProof, ErasureError> chunk_proof(std::span<const Bytes> chunks, size_t index);

// `branch_hash`: the chunk hash the proof shows at `index` under `root`.
Result<Hash256, ErasureError> branch_hash(const Hash256& root, std::span<const Bytes> proof,
                                          size_t index);

// branch_hash, then that hash against BLAKE2b-256(chunk) (what availability-distribution and the
// availability store check before accepting a chunk).
Result<void, ErasureError> verify_chunk_proof(const Hash256& root, size_t index, ByteSpan chunk,
                                              std::span<const Bytes> proof);

}  // namespace canary::erasure_coding
