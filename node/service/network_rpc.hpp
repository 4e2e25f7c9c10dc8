// What the system_* RPC methods ask of the network, in Substrate's words (sc-service's
// build_system_rpc_future, sc-network's MultiaddrWithPeerId and NetworkState): the argument
// parsing of system_addReservedPeer / system_removeReservedPeer with sc-network's error texts,
// and the JSON of system_unstable_networkState. Pure: NetworkService gathers the facts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "network/host/host.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "nlohmann/json.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

// system_addReservedPeer's argument: a multiaddress ending with /p2p/<peer id>. The errors are
// sc-network's ParseErr texts ("Peer id is missing from the address", the multiaddr's own error).
Result<network::Multiaddr, std::string> parse_reserved_peer_address(std::string_view text);

// system_removeReservedPeer's argument: a base58 PeerId (libp2p's ParseError texts).
Result<network::PeerId, std::string> parse_peer_id_argument(std::string_view text);

// The facts behind system_unstable_networkState.
struct NetworkStateFacts {
  network::PeerId local;
  std::vector<network::Multiaddr> listened;
  std::vector<network::Multiaddr> external;
  std::vector<network::ConnectedPeer> connected;
  std::vector<std::pair<network::PeerId, network::Multiaddr>> reserved;
  bool reserved_only = false;
};

// sc-network NetworkState as serde writes it: {peerId, listenedAddresses, externalAddresses,
// connectedPeers: {<id>: {endpoint, versionString, latestPingTime, knownAddresses}},
// notConnectedPeers: {<id>: {knownAddresses, latestPingTime, versionString}}, peerset}. The
// reserved peers without a connection are the not-connected peers the node knows of; `peerset`
// (free-form in Substrate) says which peers are reserved and whether only they are accepted.
nlohmann::json network_state_json(const NetworkStateFacts& facts);

}  // namespace canary::node
