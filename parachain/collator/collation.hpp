// A collation as a collator hands it to its backing group (polkadot-sdk's collation-generation,
// `polkadot/node/collation-generation/src/lib.rs`, `construct_and_distribute_receipt`): the PoV,
// the commitments of executing it, and the V2 candidate descriptor that binds them to a relay
// parent, a core and a session, with the erasure root of the AvailableData every validator will
// hold a chunk of. Pure: the inputs come from the relay chain's ParachainHost answers at the relay
// parent and from the parachain's own block production.
#pragma once

#include <cstddef>

#include "parachain/erasure_coding/erasure_coding.hpp"
#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

struct CollationInputs {
  ParaId para_id = 0;
  Hash256 relay_parent{};
  CoreIndex core_index = 0;
  // session_index_for_child at the relay parent (what backing checks a V2 descriptor against).
  SessionIndex session_index = 0;
  // persisted_validation_data(para, Included) at the relay parent: the parent head built on.
  PersistedValidationData validation_data;
  ValidationCodeHash validation_code_hash{};
  // The relay chain's validator count, which fixes the erasure coding.
  size_t n_validators = 0;
  PoV pov;
  CandidateCommitments commitments;
};

struct Collation {
  CommittedCandidateReceipt candidate;
  Hash256 candidate_hash{};  // of candidate.to_plain()
  PoV pov;
  HeadData parent_head;
};

enum class CollationError : uint8_t {
  kPovTooLarge,  // the PoV's encoding is over the validation data's max_pov_size
  kErasureCoding,
  kCoreIndexTooLarge,  // a V2 descriptor has 16 bits for it
};
const char* to_string(CollationError error);

Result<Collation, CollationError> build_collation(const CollationInputs& inputs);

// The erasure root of SCALE(AvailableData{pov, validation_data}) over n_validators chunks.
Result<Hash256, erasure_coding::ErasureError> available_data_erasure_root(const AvailableData& data,
                                                                          size_t n_validators);

}  // namespace canary::parachain
