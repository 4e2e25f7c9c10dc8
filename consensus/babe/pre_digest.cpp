#include "consensus/babe/pre_digest.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::consensus::babe {

Result<PreDigest, scale::DecodeError> decode_pre_digest(ByteSpan data) {
  return scale::decode<PreDigest>(data);
}

}  // namespace canary::consensus::babe
