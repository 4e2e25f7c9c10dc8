#include "primitives/block/header.hpp"

#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::block {

BlockHash hash_of(const Header& header) {
  return hash::blake2b_256(scale::encode(header));
}

Header genesis_header(const Hash256& state_root) {
  Header h;
  h.state_root = state_root;
  h.extrinsics_root = kEmptyTrieRoot;
  return h;
}

}  // namespace canary::block
