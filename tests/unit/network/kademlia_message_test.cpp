// The Kademlia DHT's messages: the bytes rust-libp2p and smoldot write, round trips, what a decoder
// drops (as rust-libp2p does) and the bounds.
#include "network/libp2p/kademlia_message.hpp"

#include <gtest/gtest.h>

#include "network/libp2p/varint.hpp"
#include "primitives/util/hex.hpp"

namespace canary::network {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

Multiaddr addr(const std::string& text) {
  return Multiaddr::from_string(text).value();
}

// Substrate's `--node-key 0000…0001` identity.
PeerId dev_peer() {
  return PeerId::from_base58("12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp").value();
}

PeerId other_peer() {
  crypto::ed25519::Seed seed{};
  seed[31] = 2;
  return PeerId::from_ed25519(crypto::ed25519::keypair_from_seed(seed).public_key);
}

// One protobuf length-delimited field (tag < 16).
Bytes field(uint8_t tag, ByteSpan payload) {
  Bytes out = {static_cast<uint8_t>(tag << 3 | 2)};
  append_varint(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// rust-libp2p's FIND_NODE request (protocol.rs req_msg_to_proto: type, key, clusterLevelRaw 10),
// as prost writes it: fields by number, defaults left out. 08 04 | 12 len key | 50 0a.
TEST(KademliaMessage, FindNodeRequestIsRustLibp2pBytes) {
  const Bytes key = dev_peer().bytes();
  const Bytes expected = cat({hex("0804"), field(2, key), hex("500a")});
  EXPECT_EQ(encode_find_node_request(key), expected);
  auto decoded = decode_kademlia_message(expected);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->type, KademliaMessageType::kFindNode);
  EXPECT_EQ(decoded->key, key);
  EXPECT_EQ(decoded->cluster_level_raw, 10);
}

// smoldot's request (network/codec/kademlia.rs build_find_node_request): the type and the key,
// nothing else.
TEST(KademliaMessage, SmoldotFindNodeRequestDecodes) {
  const Bytes key = other_peer().bytes();
  const Bytes smoldot = cat({hex("0804"), field(2, key)});
  auto decoded = decode_kademlia_message(smoldot);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->type, KademliaMessageType::kFindNode);
  EXPECT_EQ(decoded->key, key);
  EXPECT_EQ(decoded->cluster_level_raw, 0);
}

// A FIND_NODE response as rust-libp2p writes it (resp_msg_to_proto: type, closerPeers,
// clusterLevelRaw 9; each Peer id, addrs with /p2p appended, connection). Read as smoldot reads
// it (decode_find_node_response: type 4, peers in field 8 with id 1 and addrs 2).
TEST(KademliaMessage, FindNodeResponseIsRustLibp2pBytes) {
  const PeerId peer = dev_peer();
  const Multiaddr tcp = addr("/ip4/1.2.3.4/tcp/30333");
  const Bytes with_p2p = tcp.with_p2p(peer).value().bytes();
  const Bytes peer_message = cat({field(1, peer.bytes()), field(2, with_p2p), hex("1801")});
  const Bytes expected = cat({hex("0804"), field(8, peer_message), hex("5009")});

  KademliaMessage response;
  response.type = KademliaMessageType::kFindNode;
  response.cluster_level_raw = 9;
  response.closer_peers.push_back(KademliaPeer{peer, {tcp}, KademliaConnectionType::kConnected});
  EXPECT_EQ(encode_kademlia_message(response), expected);

  auto decoded = decode_kademlia_message(expected);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, response);  // the /p2p is taken off again
}

// go-libp2p and js-libp2p send addresses without /p2p: the same peer.
TEST(KademliaMessage, AddressesWithoutP2pAreKept) {
  const PeerId peer = other_peer();
  const Multiaddr tcp = addr("/ip6/2001:db8::1/tcp/4001");
  const Bytes message =
      cat({hex("0804"), field(8, cat({field(1, peer.bytes()), field(2, tcp.bytes())}))});
  auto decoded = decode_kademlia_message(message);
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->closer_peers.size(), 1u);
  EXPECT_EQ(decoded->closer_peers[0].addresses, std::vector<Multiaddr>{tcp});
  EXPECT_EQ(decoded->closer_peers[0].connection, KademliaConnectionType::kNotConnected);
}

// rust-libp2p KadPeer::try_from: a bad id or an unknown connection type drops the peer, a bad
// address (or one naming another peer) only the address; the rest of the message stands.
TEST(KademliaMessage, BadEntriesAreDroppedAndCounted) {
  const PeerId good = dev_peer();
  const Bytes garbage_address = Bytes(8, 0xff);
  const Bytes foreign = addr("/ip4/5.6.7.8/tcp/1").with_p2p(other_peer()).value().bytes();
  const Bytes own = addr("/dns4/example.org/tcp/30333").with_p2p(good).value().bytes();
  const Bytes only_p2p = addr("/p2p/" + good.to_base58()).bytes();
  const Bytes peers = cat({
      field(8, cat({field(1, good.bytes()), field(2, garbage_address), field(2, foreign),
                    field(2, own), field(2, only_p2p), hex("1802")})),
      field(8, cat({field(1, hex("1220aa")), field(2, own)})),  // not a PeerId
      field(8, cat({field(1, good.bytes()), hex("1807")})),     // connection type 7
      field(8, Bytes{}),                                        // no id at all
  });
  auto decoded = decode_kademlia_message(cat({hex("0804"), peers}));
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->closer_peers.size(), 1u);
  EXPECT_EQ(decoded->closer_peers[0].id, good);
  EXPECT_EQ(decoded->closer_peers[0].addresses,
            std::vector<Multiaddr>{addr("/dns4/example.org/tcp/30333")});
  EXPECT_EQ(decoded->closer_peers[0].connection, KademliaConnectionType::kCanConnect);
  EXPECT_EQ(decoded->dropped_peers, 3u);
  EXPECT_EQ(decoded->dropped_addresses, 3u);
}

TEST(KademliaMessage, Refusals) {
  EXPECT_EQ(decode_kademlia_message(hex("0806")).error(), KademliaMessageError::kUnknownType);
  EXPECT_EQ(decode_kademlia_message(hex("08ffffffff0f")).error(),
            KademliaMessageError::kUnknownType);  // -1
  EXPECT_EQ(decode_kademlia_message(hex("12ff")).error(), KademliaMessageError::kMalformed);
  EXPECT_EQ(decode_kademlia_message(hex("0f")).error(), KademliaMessageError::kMalformed);
  const Bytes big(kMaxKademliaMessageSize + 1, 0);
  EXPECT_EQ(decode_kademlia_message(big).error(), KademliaMessageError::kTooLarge);
  // An empty message is a PUT_VALUE (type 0 is the default) without a record.
  auto empty = decode_kademlia_message({});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->type, KademliaMessageType::kPutValue);
  EXPECT_FALSE(empty->record);
}

TEST(KademliaMessage, BoundsOnPeersAndAddresses) {
  Bytes many_addresses;
  for (int i = 0; i < 20; ++i) {
    const auto a = addr("/ip4/9.9.9." + std::to_string(i) + "/tcp/1");
    many_addresses = cat({many_addresses, field(2, a.bytes())});
  }
  Bytes smaller = hex("0804");
  for (int i = 0; i < 70; ++i) smaller = cat({smaller, field(8, field(1, dev_peer().bytes()))});
  smaller = cat({smaller, field(9, cat({field(1, other_peer().bytes()), many_addresses}))});
  auto decoded = decode_kademlia_message(smaller);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->closer_peers.size(), kMaxKademliaPeersPerList);
  EXPECT_EQ(decoded->dropped_peers, 70 - kMaxKademliaPeersPerList);
  ASSERT_EQ(decoded->provider_peers.size(), 1u);
  EXPECT_EQ(decoded->provider_peers[0].addresses.size(), kMaxKademliaAddressesPerPeer);
  EXPECT_EQ(decoded->dropped_addresses, 20 - kMaxKademliaAddressesPerPeer);
}

// PUT_VALUE and GET_VALUE carry a Record; rust-libp2p's publisher (666) and ttl (777) fields
// round-trip, and a publisher that is not a PeerId refuses the message.
TEST(KademliaMessage, RecordsRoundTrip) {
  KademliaMessage put;
  put.type = KademliaMessageType::kPutValue;
  put.key = to_bytes("authority-discovery key");
  put.record = KademliaRecord{put.key, to_bytes("addresses"), dev_peer(), 3600, ""};
  const Bytes encoded = encode_kademlia_message(put);
  auto decoded = decode_kademlia_message(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, put);
  // Field 666 (publisher): tag varint (666 << 3 | 2) = d2 29.
  const Bytes bad_record = cat({field(1, to_bytes("k")), hex("d22903"), hex("123456")});
  EXPECT_EQ(decode_kademlia_message(cat({field(3, bad_record)})).error(),
            KademliaMessageError::kInvalidPublisher);
}

// Every prefix of a valid message decodes or is refused; none crashes.
TEST(KademliaMessage, TruncationsNeverCrash) {
  KademliaMessage response;
  response.type = KademliaMessageType::kGetProviders;
  response.cluster_level_raw = 9;
  response.key = to_bytes("key");
  response.closer_peers.push_back(
      KademliaPeer{dev_peer(), {addr("/ip4/1.2.3.4/tcp/1")}, KademliaConnectionType::kConnected});
  response.provider_peers.push_back(KademliaPeer{
      other_peer(), {addr("/dns6/x.example/tcp/2/ws")}, KademliaConnectionType::kCannotConnect});
  const Bytes encoded = encode_kademlia_message(response);
  ASSERT_EQ(decode_kademlia_message(encoded).value(), response);
  for (size_t n = 0; n < encoded.size(); ++n) {
    (void)decode_kademlia_message(ByteSpan(encoded).first(n));
  }
}

}  // namespace
}  // namespace canary::network
