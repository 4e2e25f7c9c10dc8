#include "node/service/network_rpc.hpp"

#include <map>
#include <set>
#include <utility>

namespace canary::node {

namespace {

// rust-multiaddr's Error texts for what its FromStr reports, as close as our errors tell.
std::string multiaddr_error_text(network::MultiaddrError e) {
  switch (e) {
    case network::MultiaddrError::kMalformedText:
    case network::MultiaddrError::kTooLong:
    case network::MultiaddrError::kUnexpectedValue:
      return "invalid multiaddr";
    case network::MultiaddrError::kUnknownProtocol:
    case network::MultiaddrError::kMissingValue:
      return "invalid protocol string";
    case network::MultiaddrError::kInvalidPeerId:
      return "Peer id at the end of the address is invalid";
    default:
      return std::string("failed to parse: ") + network::to_string(e);
  }
}

}  // namespace

Result<network::Multiaddr, std::string> parse_reserved_peer_address(std::string_view text) {
  auto address = network::Multiaddr::from_string(text);
  if (!address) return unexpected(multiaddr_error_text(address.error()));
  if (!address->peer_id()) return unexpected(std::string("Peer id is missing from the address"));
  return std::move(*address);
}

Result<network::PeerId, std::string> parse_peer_id_argument(std::string_view text) {
  auto peer = network::PeerId::from_base58(text);
  if (!peer) {
    switch (peer.error()) {
      case network::PeerIdError::kInvalidBase58:
        return unexpected(std::string("base-58 decode error: ") + network::to_string(peer.error()));
      case network::PeerIdError::kUnsupportedHash:
        return unexpected(std::string("unsupported multihash code"));
      default:
        return unexpected(std::string("invalid multihash"));
    }
  }
  return std::move(*peer);
}

nlohmann::json network_state_json(const NetworkStateFacts& facts) {
  using nlohmann::json;
  const auto addresses = [](const std::vector<network::Multiaddr>& list) {
    std::set<std::string> unique;
    for (const network::Multiaddr& a : list) unique.insert(a.to_string());
    json out = json::array();
    for (const std::string& a : unique) out.push_back(a);
    return out;
  };
  json connected = json::object();
  std::set<network::PeerId> seen;
  for (const network::ConnectedPeer& p : facts.connected) {
    if (!seen.insert(p.peer).second) continue;  // one entry per peer, its first connection
    json endpoint;
    if (p.direction == network::ConnectionDirection::kOutbound) {
      endpoint = json{{"dialing", json::array({p.address.to_string(), "dialer"})}};
    } else {
      // The local address of an inbound connection is not tracked: the first listen address.
      const std::string local = facts.listened.empty() ? "" : facts.listened.front().to_string();
      endpoint = json{
          {"listening", json{{"local_addr", local}, {"send_back_addr", p.address.to_string()}}}};
    }
    json known = json::array({p.address.to_string()});
    connected[p.peer.to_base58()] =
        json{{"endpoint", std::move(endpoint)},
             {"versionString", p.agent_version ? json(*p.agent_version) : json(nullptr)},
             {"latestPingTime", nullptr},
             {"knownAddresses", std::move(known)}};
  }
  json not_connected = json::object();
  json reserved = json::array();
  for (const auto& [peer, address] : facts.reserved) {
    reserved.push_back(peer.to_base58());
    if (seen.contains(peer)) continue;
    not_connected[peer.to_base58()] = json{{"knownAddresses", json::array({address.to_string()})},
                                           {"latestPingTime", nullptr},
                                           {"versionString", nullptr}};
  }
  return json{{"peerId", facts.local.to_base58()},
              {"listenedAddresses", addresses(facts.listened)},
              {"externalAddresses", addresses(facts.external)},
              {"connectedPeers", std::move(connected)},
              {"notConnectedPeers", std::move(not_connected)},
              {"peerset", json{{"reservedOnly", facts.reserved_only},
                               {"reservedPeers", std::move(reserved)}}}};
}

}  // namespace canary::node
