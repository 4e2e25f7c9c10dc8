#include "parachain/erasure_coding/chunk_proof.hpp"

#include <algorithm>
#include <cstdint>

#include "primitives/hash/hash.hpp"
#include "primitives/util/check.hpp"
#include "state/trie/proof.hpp"
#include "state/trie/state_version.hpp"
#include "state/trie/trie.hpp"

namespace canary::erasure_coding {
namespace {

// SCALE(u32): four little-endian bytes.
Bytes index_key(size_t index) {
  auto i = static_cast<uint32_t>(index);
  return {static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i >> 16),
          static_cast<uint8_t>(i >> 24)};
}

state::Trie build_trie(std::span<const Bytes> chunks) {
  state::Trie trie;
  trie.reserve(chunks.size());
  for (size_t i = 0; i < chunks.size(); ++i) {
    Hash256 hash = hash::blake2b_256(chunks[i]);
    // An in-memory trie has no node to load, so inserting cannot fail.
    auto inserted = trie.insert(index_key(i), hash);
    CANARY_ASSERT(inserted.has_value());
  }
  return trie;
}

bool within_bounds(std::span<const Bytes> proof) {
  if (proof.empty() || proof.size() > kMaxProofNodes) return false;
  return std::all_of(proof.begin(), proof.end(), [](const Bytes& node) {
    return !node.empty() && node.size() <= kMaxProofNodeSize;
  });
}

Result<ChunkProof, ErasureError> proof_of(state::Trie& trie, size_t index) {
  std::vector<Bytes> keys{index_key(index)};
  auto proof = state::generate_storage_proof(trie, keys, state::StateVersion::kV0);
  CANARY_ASSERT(proof.has_value());
  // Keys of at most 65536 indices differ in their first four nibbles only, so a path has at most
  // four branches and a leaf; the bound can only fail for a caller with more chunks than that.
  if (!within_bounds(*proof)) return unexpected(ErasureError::kProofOutOfBounds);
  return std::move(*proof);
}

}  // namespace

Hash256 erasure_root(std::span<const Bytes> chunks) {
  state::Trie trie = build_trie(chunks);
  return trie.root_hash(state::StateVersion::kV0);
}

Result<ChunkBranches, ErasureError> branches(std::span<const Bytes> chunks) {
  state::Trie trie = build_trie(chunks);
  ChunkBranches out;
  out.root = trie.root_hash(state::StateVersion::kV0);
  out.proofs.reserve(chunks.size());
  for (size_t i = 0; i < chunks.size(); ++i) {
    CANARY_TRY_ASSIGN(ChunkProof proof, proof_of(trie, i));
    out.proofs.push_back(std::move(proof));
  }
  return out;
}

Result<ChunkProof, ErasureError> chunk_proof(std::span<const Bytes> chunks, size_t index) {
  if (index >= chunks.size()) return unexpected(ErasureError::kChunkIndexOutOfBounds);
  state::Trie trie = build_trie(chunks);
  trie.root_hash(state::StateVersion::kV0);
  return proof_of(trie, index);
}

Result<Hash256, ErasureError> branch_hash(const Hash256& root, std::span<const Bytes> proof,
                                          size_t index) {
  if (!within_bounds(proof)) return unexpected(ErasureError::kProofOutOfBounds);
  if (index > UINT32_MAX) return unexpected(ErasureError::kBranchOutOfBounds);
  auto value = state::read_proof(root, proof, index_key(index));
  if (!value) return unexpected(ErasureError::kInvalidBranchProof);
  if (!*value) return unexpected(ErasureError::kBranchOutOfBounds);
  // H256::decode reads the first 32 bytes and leaves any rest unread.
  const Bytes& raw = **value;
  if (raw.size() < 32) return unexpected(ErasureError::kInvalidBranchProof);
  Hash256 hash;
  std::copy_n(raw.begin(), 32, hash.begin());
  return hash;
}

Result<void, ErasureError> verify_chunk_proof(const Hash256& root, size_t index, ByteSpan chunk,
                                              std::span<const Bytes> proof) {
  CANARY_TRY_ASSIGN(Hash256 expected, branch_hash(root, proof, index));
  if (expected != hash::blake2b_256(chunk)) return unexpected(ErasureError::kChunkHashMismatch);
  return {};
}

}  // namespace canary::erasure_coding
