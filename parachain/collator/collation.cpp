#include "parachain/collator/collation.hpp"

#include <limits>

#include "parachain/erasure_coding/chunk_proof.hpp"

namespace canary::parachain {

const char* to_string(CollationError error) {
  switch (error) {
    case CollationError::kPovTooLarge:
      return "the PoV is larger than the relay chain accepts";
    case CollationError::kErasureCoding:
      return "the available data cannot be erasure-coded";
    case CollationError::kCoreIndexTooLarge:
      return "the core index does not fit a V2 descriptor";
  }
  return "unknown collation error";
}

Result<Hash256, erasure_coding::ErasureError> available_data_erasure_root(const AvailableData& data,
                                                                          size_t n_validators) {
  auto chunks = erasure_coding::obtain_chunks(n_validators, scale::encode(data));
  if (!chunks) return unexpected(chunks.error());
  return erasure_coding::erasure_root(*chunks);
}

Result<Collation, CollationError> build_collation(const CollationInputs& inputs) {
  if (scale::encoded_size(inputs.pov) > inputs.validation_data.max_pov_size) {
    return unexpected(CollationError::kPovTooLarge);
  }
  if (inputs.core_index > std::numeric_limits<uint16_t>::max()) {
    return unexpected(CollationError::kCoreIndexTooLarge);
  }
  auto erasure_root = available_data_erasure_root(AvailableData{inputs.pov, inputs.validation_data},
                                                  inputs.n_validators);
  if (!erasure_root) return unexpected(CollationError::kErasureCoding);

  // A V2 descriptor: version 0, the core and session in what V1 had as the collator's key, and
  // zeros where V1 had its signature (CandidateDescriptorV2::new).
  CandidateDescriptor descriptor;
  descriptor.para_id = inputs.para_id;
  descriptor.relay_parent = inputs.relay_parent;
  descriptor.version_byte = 0;
  descriptor.core_index_v2 = static_cast<uint16_t>(inputs.core_index);
  descriptor.session_index_v2 = inputs.session_index;
  descriptor.persisted_validation_data_hash =
      persisted_validation_data_hash(inputs.validation_data);
  descriptor.pov_hash = pov_hash(inputs.pov);
  descriptor.erasure_root = *erasure_root;
  descriptor.para_head = head_data_hash(inputs.commitments.head_data);
  descriptor.validation_code_hash = inputs.validation_code_hash;

  Collation collation;
  collation.candidate = CommittedCandidateReceipt{descriptor, inputs.commitments};
  collation.candidate_hash = candidate_hash(collation.candidate.to_plain());
  collation.pov = inputs.pov;
  collation.parent_head = inputs.validation_data.parent_head;
  return collation;
}

}  // namespace canary::parachain
