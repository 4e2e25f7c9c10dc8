// The availability bitfield (bitfield_signing.hpp).
#include "parachain/availability/bitfield_signing.hpp"

#include "parachain/availability/chunk_index.hpp"

namespace canary::parachain {

Result<scale::BitVec, erasure_coding::ErasureError> construct_availability_bitfield(
    std::span<const std::optional<Hash256>> cores, const BitfieldContext& context,
    const HasChunk& has_chunk) {
  if (context.validator_index >= context.n_validators) {
    return unexpected(erasure_coding::ErasureError::kChunkIndexOutOfBounds);
  }
  scale::BitVec bits(cores.size());
  for (size_t core = 0; core < cores.size(); ++core) {
    if (!cores[core]) continue;  // free or scheduled: polkadot-sdk's Ok(false)
    CANARY_TRY_ASSIGN(
        const ChunkIndex chunk,
        availability_chunk_index(context.chunk_mapping_enabled, context.n_validators,
                                 static_cast<CoreIndex>(core), context.validator_index));
    bits.set(core, has_chunk(*cores[core], chunk));
  }
  return bits;
}

}  // namespace canary::parachain
