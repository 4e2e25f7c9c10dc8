// The availability bitfield a validator signs at each new leaf, the pure part of polkadot-sdk's
// bitfield signing (`polkadot/node/core/bitfield-signing/src/lib.rs`,
// `construct_availability_bitfield`; parachain-facts §1.8, §3.3): one bit per availability core
// at the leaf, set iff the core is occupied by a candidate pending availability and we hold our
// chunk of it. The caller reads the cores (ParachainHost_availability_cores at the leaf), waits
// polkadot-sdk's 1.5 s after the leaf's activation, signs the bitfield and gossips it
// (parachain/protocol/); none of that is here.
//
// polkadot-sdk's store keys chunks by validator index and asks it for ours; our store keys them
// by chunk index (AvailabilityStore), so the bit asks for the chunk RFC-47 assigns us on that core
// (chunk_index.hpp): the same chunk, named differently.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>

#include "parachain/erasure_coding/erasure_coding.hpp"
#include "parachain/primitives/available_data.hpp"
#include "primitives/scale/bit_vec.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// Whether our store holds chunk `chunk_index` of the candidate (AvailabilityStore::has_chunk).
using HasChunk = std::function<bool(const Hash256& candidate_hash, ChunkIndex chunk_index)>;

struct BitfieldContext {
  ValidatorIndex validator_index = 0;  // ours, in the leaf's session
  size_t n_validators = 0;             // the session's validator count
  bool chunk_mapping_enabled = false;  // availability_chunk_mapping_enabled(node features)
};

// `cores`: the availability cores at the leaf in core-index order (entry i is core i), each the
// hash of the candidate occupying it, or nothing for a free or scheduled core. The bitfield has
// cores.size() bits. Fails with kChunkIndexOutOfBounds when our index is not below n_validators,
// and as availability_chunk_index when the mapping is on and n_validators is out of range.
Result<scale::BitVec, erasure_coding::ErasureError> construct_availability_bitfield(
    std::span<const std::optional<Hash256>> cores, const BitfieldContext& context,
    const HasChunk& has_chunk);

}  // namespace canary::parachain
