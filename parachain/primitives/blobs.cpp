#include "parachain/primitives/blobs.hpp"

#include "primitives/hash/hash.hpp"

namespace canary::parachain {

Hash256 head_data_hash(const HeadData& head) {
  return hash::blake2b_256(head.data);
}

ValidationCodeHash validation_code_hash(const ValidationCode& code) {
  return hash::blake2b_256(code.data);
}

}  // namespace canary::parachain
