#include "consensus/grandpa/justification_retention.hpp"

namespace canary::consensus::grandpa {

bool keeps_commit_justification(BlockNumber previous_finalized, BlockNumber number,
                                bool enacts_change, BlockNumber period) {
  if (enacts_change) return true;
  // The first one after genesis, before any period has been crossed.
  if (previous_finalized == 0) return true;
  // The first block finalized in a new period of `period` blocks.
  return previous_finalized / period != number / period;
}

}  // namespace canary::consensus::grandpa
