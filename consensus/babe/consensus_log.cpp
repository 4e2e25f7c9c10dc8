#include "consensus/babe/consensus_log.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::consensus::babe {

Result<ConsensusLog, scale::DecodeError> decode_consensus_log(ByteSpan data) {
  return scale::decode<ConsensusLog>(data);
}

}  // namespace canary::consensus::babe
