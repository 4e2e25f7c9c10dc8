// RFC-47's chunk index mapping (chunk_index.hpp).
#include "parachain/availability/chunk_index.hpp"

#include <cstdint>

namespace canary::parachain {

bool availability_chunk_mapping_enabled(const scale::BitVec& node_features) {
  return node_features.get(kAvailabilityChunkMappingFeature);
}

Result<ChunkIndex, erasure_coding::ErasureError> availability_chunk_index(
    bool mapping_enabled, size_t n_validators, CoreIndex core_index,
    ValidatorIndex validator_index) {
  if (!mapping_enabled) return ChunkIndex{validator_index};
  CANARY_TRY_ASSIGN(const size_t threshold,
                    erasure_coding::systematic_recovery_threshold(n_validators));
  // polkadot-sdk multiplies and adds in u32 (ChunkIndex, CoreIndex and ValidatorIndex are u32):
  // unsigned arithmetic here wraps the same way, should a core index ever be that large.
  const uint32_t core_start = core_index * static_cast<uint32_t>(threshold);
  return ChunkIndex{(core_start + validator_index) % static_cast<uint32_t>(n_validators)};
}

Result<ChunkIndex, erasure_coding::ErasureError> availability_chunk_index(
    const scale::BitVec& node_features, size_t n_validators, CoreIndex core_index,
    ValidatorIndex validator_index) {
  return availability_chunk_index(availability_chunk_mapping_enabled(node_features), n_validators,
                                  core_index, validator_index);
}

Result<std::vector<ChunkIndex>, erasure_coding::ErasureError> availability_chunk_indices(
    bool mapping_enabled, size_t n_validators, CoreIndex core_index) {
  std::vector<ChunkIndex> out;
  out.reserve(n_validators);
  for (size_t v = 0; v < n_validators; ++v) {
    CANARY_TRY_ASSIGN(const ChunkIndex chunk,
                      availability_chunk_index(mapping_enabled, n_validators, core_index,
                                               static_cast<ValidatorIndex>(v)));
    out.push_back(chunk);
  }
  return out;
}

Result<std::vector<ChunkIndex>, erasure_coding::ErasureError> availability_chunk_indices(
    const scale::BitVec& node_features, size_t n_validators, CoreIndex core_index) {
  return availability_chunk_indices(availability_chunk_mapping_enabled(node_features), n_validators,
                                    core_index);
}

}  // namespace canary::parachain
