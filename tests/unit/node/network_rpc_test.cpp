// The system_* network methods' arguments and system_unstable_networkState's JSON
// (node/service/network_rpc.hpp), and reservations made at run time under --reserved-only.
#include "node/service/network_rpc.hpp"

#include <gtest/gtest.h>

#include "node/service/discovery_service.hpp"
#include "primitives/crypto/ed25519.hpp"

namespace canary::node {
namespace {

network::PeerId peer(uint8_t seed) {
  ByteArray<32> secret{};
  secret[0] = seed;
  return network::PeerId::from_ed25519(crypto::ed25519::keypair_from_seed(secret).public_key);
}

network::Multiaddr addr(const std::string& text) {
  return network::Multiaddr::from_string(text).value();
}

TEST(NetworkRpc, ReservedPeerAddressNeedsAPeerId) {
  const std::string id = peer(1).to_base58();
  auto ok = parse_reserved_peer_address("/ip4/127.0.0.1/tcp/30333/p2p/" + id);
  ASSERT_TRUE(ok) << ok.error();
  EXPECT_EQ(ok->peer_id(), peer(1));
  // sc-network's ParseErr texts.
  EXPECT_EQ(parse_reserved_peer_address("/ip4/127.0.0.1/tcp/30333").error(),
            "Peer id is missing from the address");
  EXPECT_EQ(parse_reserved_peer_address("not a multiaddr").error(), "invalid multiaddr");
  EXPECT_EQ(parse_reserved_peer_address("/ip4/127.0.0.1/tcp/1/p2p/abc").error(),
            "Peer id at the end of the address is invalid");
}

TEST(NetworkRpc, PeerIdArgument) {
  auto ok = parse_peer_id_argument(peer(2).to_base58());
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, peer(2));
  auto bad = parse_peer_id_argument("0OIl");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().starts_with("base-58 decode error")) << bad.error();
}

TEST(NetworkRpc, NetworkStateHasSubstratesShape) {
  NetworkStateFacts facts{peer(1)};
  facts.listened = {addr("/ip4/127.0.0.1/tcp/30333"), addr("/ip4/127.0.0.1/tcp/30333")};
  const network::Multiaddr out_addr = addr("/ip4/10.0.0.2/tcp/30333/p2p/" + peer(2).to_base58());
  const network::Multiaddr in_addr = addr("/ip4/10.0.0.3/tcp/41000");
  facts.connected = {
      {peer(2), 1, out_addr, network::ConnectionDirection::kOutbound, "canary/1"},
      {peer(2), 2, out_addr, network::ConnectionDirection::kOutbound, "canary/1"},
      {peer(3), 3, in_addr, network::ConnectionDirection::kInbound, std::nullopt},
  };
  facts.reserved = {{peer(2), out_addr}, {peer(4), addr("/ip4/10.0.0.4/tcp/1")}};
  const nlohmann::json state = network_state_json(facts);
  EXPECT_EQ(state["peerId"], peer(1).to_base58());
  EXPECT_EQ(state["listenedAddresses"], nlohmann::json::array({"/ip4/127.0.0.1/tcp/30333"}));
  EXPECT_EQ(state["externalAddresses"], nlohmann::json::array());
  ASSERT_EQ(state["connectedPeers"].size(), 2u);
  const nlohmann::json& dialed = state["connectedPeers"][peer(2).to_base58()];
  EXPECT_EQ(dialed["endpoint"],
            (nlohmann::json{{"dialing", nlohmann::json::array({out_addr.to_string(), "dialer"})}}));
  EXPECT_EQ(dialed["versionString"], "canary/1");
  EXPECT_TRUE(dialed["latestPingTime"].is_null());
  EXPECT_EQ(dialed["knownAddresses"], nlohmann::json::array({out_addr.to_string()}));
  const nlohmann::json& accepted = state["connectedPeers"][peer(3).to_base58()];
  EXPECT_EQ(accepted["endpoint"]["listening"]["send_back_addr"], in_addr.to_string());
  EXPECT_EQ(accepted["endpoint"]["listening"]["local_addr"], "/ip4/127.0.0.1/tcp/30333");
  EXPECT_TRUE(accepted["versionString"].is_null());
  // The reserved peer without a connection is the one not-connected peer.
  ASSERT_EQ(state["notConnectedPeers"].size(), 1u);
  EXPECT_EQ(state["notConnectedPeers"][peer(4).to_base58()]["knownAddresses"],
            nlohmann::json::array({"/ip4/10.0.0.4/tcp/1"}));
  EXPECT_EQ(state["peerset"]["reservedPeers"],
            nlohmann::json::array({peer(2).to_base58(), peer(4).to_base58()}));
  EXPECT_EQ(state["peerset"]["reservedOnly"], false);
}

// --reserved-only: a peer reserved at run time is accepted, and refused again once removed.
TEST(NetworkRpc, ReservedOnlyFollowsRunTimeReservations) {
  DiscoveryServiceConfig config{peer(1), {"/kad/a", "/kad/b"}, {}, {}, 8, true, false, true};
  DiscoveryService discovery(std::move(config));
  EXPECT_FALSE(discovery.accepts(peer(2)));
  discovery.set_reserved(peer(2), true);
  EXPECT_TRUE(discovery.accepts(peer(2)));
  EXPECT_FALSE(discovery.accepts(peer(3)));
  discovery.set_reserved(peer(2), false);
  EXPECT_FALSE(discovery.accepts(peer(2)));
}

}  // namespace
}  // namespace canary::node
