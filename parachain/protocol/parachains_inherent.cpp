#include "parachain/protocol/parachains_inherent.hpp"

#include <limits>

namespace canary::parachain::protocol {

Result<ParachainsInherentData, WireError> decode_parachains_inherent(ByteSpan bytes) {
  return decode_bounded<ParachainsInherentData>(bytes, std::numeric_limits<size_t>::max());
}

}  // namespace canary::parachain::protocol
