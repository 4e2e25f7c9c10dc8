// Which erasure chunk each validator holds (RFC-47, "assignment of availability chunks";
// polkadot-sdk `polkadot/node/subsystem-util/src/availability_chunks.rs`; parachain-facts §3.2).
// With the AvailabilityChunkMapping node feature on, the chunks of a candidate on core c are dealt
// to the validators starting at c × systematic_recovery_threshold(n), so that the systematic
// chunks of different cores land on different validators; with it off, validator i holds chunk i.
// Part of consensus: validators request, serve and vote on chunks by these indices.
#pragma once

#include <cstddef>
#include <vector>

#include "parachain/erasure_coding/erasure_coding.hpp"
#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/scale/bit_vec.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// node_features::FeatureIndex::AvailabilityChunkMapping (polkadot/primitives/src/v9/mod.rs).
inline constexpr size_t kAvailabilityChunkMappingFeature = 2;

// Whether the session's node features (HostConfiguration::node_features, a BitVec<u8, Lsb0>) turn
// the mapping on; a bit past the end is off, as polkadot-sdk's `get(..).unwrap_or_default()`.
bool availability_chunk_mapping_enabled(const scale::BitVec& node_features);

// The chunk validator `validator_index` holds for a candidate on `core_index`:
// (core_index × systematic_recovery_threshold(n) + validator_index) mod n when the mapping is on
// (computed in u32 arithmetic, as polkadot-sdk), else validator_index itself (unchecked against n,
// as polkadot-sdk). Fails only when the mapping is on and n is outside 2..=65536.
Result<ChunkIndex, erasure_coding::ErasureError> availability_chunk_index(
    bool mapping_enabled, size_t n_validators, CoreIndex core_index,
    ValidatorIndex validator_index);
Result<ChunkIndex, erasure_coding::ErasureError> availability_chunk_index(
    const scale::BitVec& node_features, size_t n_validators, CoreIndex core_index,
    ValidatorIndex validator_index);

// The chunk index of every validator (entry i: validator i's chunk) for a candidate on
// `core_index`: a rotation of 0..n, the identity when the mapping is off.
Result<std::vector<ChunkIndex>, erasure_coding::ErasureError> availability_chunk_indices(
    bool mapping_enabled, size_t n_validators, CoreIndex core_index);
Result<std::vector<ChunkIndex>, erasure_coding::ErasureError> availability_chunk_indices(
    const scale::BitVec& node_features, size_t n_validators, CoreIndex core_index);

}  // namespace canary::parachain
