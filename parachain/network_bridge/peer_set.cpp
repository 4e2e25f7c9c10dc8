#include "parachain/network_bridge/peer_set.hpp"

namespace canary::parachain {

const char* to_string(PeerSetError error) {
  switch (error) {
    case PeerSetError::kUnknownPeer:
      return "a notification from a peer the set is not open with";
    case PeerSetError::kMalformed:
      return "malformed network-bridge message";
    case PeerSetError::kMalformedView:
      return "malformed view";
  }
  return "unknown peer set error";
}

}  // namespace canary::parachain
