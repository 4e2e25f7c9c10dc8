// What availability keeps of a backed candidate (polkadot-sdk
// `polkadot/node/primitives/src/lib.rs`; parachain-facts §4): the AvailableData every validator can
// recover (the PoV and the persisted validation data; its SCALE encoding is what erasure coding
// cuts into chunks) and one validator's ErasureChunk with the proof that it sits under the
// candidate's erasure root. SCALE byte for byte as polkadot-sdk.
#pragma once

#include <cstdint>
#include <vector>

#include "parachain/primitives/candidate.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

using ValidatorIndex = uint32_t;
// RFC-47's chunk index: the validator's index unless the availability-chunk-mapping node feature
// shuffles chunks across validators.
using ChunkIndex = uint32_t;

struct AvailableData {
  PoV pov;
  PersistedValidationData validation_data;
  bool operator==(const AvailableData&) const = default;
  CANARY_SCALE_FIELDS(pov, validation_data)
};

// The chunk, its index and the erasure-root trie nodes on its key's path (node primitives'
// `Proof`: 1..=8 nodes of 1..=612 bytes, checked by erasure_coding::verify_chunk_proof).
struct ErasureChunk {
  Bytes chunk;
  ChunkIndex index = 0;
  std::vector<Bytes> proof;
  bool operator==(const ErasureChunk&) const = default;
  CANARY_SCALE_FIELDS(chunk, index, proof)
};

}  // namespace canary::parachain
