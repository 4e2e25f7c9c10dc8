#include "consensus/grandpa/gossip_message.hpp"

#include <algorithm>

#include "primitives/scale/scale.hpp"

namespace canary::consensus::grandpa {

Result<GossipMessage, scale::DecodeError> decode_gossip_message(ByteSpan bytes) {
  constexpr size_t kSmallestElement = 32 + 4;  // Precommit: hash and u32 number
  return scale::decode<GossipMessage>(bytes, std::max<size_t>(1, bytes.size() / kSmallestElement));
}

}  // namespace canary::consensus::grandpa
