// The Kademlia DHT's messages (libp2p specs, kad-dht; network/proto/kad.proto): one protobuf
// `Message` per request and per response, each varint-length-prefixed on the substream
// (libp2p/length_prefixed.hpp). Substrate chains speak it under `/<genesis hex>/kad` (legacy
// `/<protocolId>/kad`) to find peers (FIND_NODE) and, for authority discovery, to store and fetch
// records (PUT_VALUE, GET_VALUE).
//
// Decoding follows rust-libp2p (protocols/kad/src/protocol.rs): an unknown message type refuses
// the message; a peer whose id is not a PeerId or whose connection type is unknown is dropped, as
// is an address that does not parse or names another peer in its /p2p, without refusing the rest.
// On top of that, everything kept is bounded (peers per list, addresses per peer), and the
// dropped entries are counted.
//
// Addresses are held without their final /p2p (the peer is known); the encoder appends
// /p2p/<peer>, as rust-libp2p's routing table stores and sends them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// rust-libp2p's default maximum packet (DEFAULT_MAX_PACKET_SIZE, 16 KiB); sc-network's libp2p
// backend keeps it (discovery.rs sets no other). A FIND_NODE response of 20 peers with a few
// addresses each is about 3 KiB.
inline constexpr size_t kMaxKademliaMessageSize = 16 * 1024;
// Bounds on what a decoded message keeps: an honest response has K (20) closer peers with a
// handful of addresses each.
inline constexpr size_t kMaxKademliaPeersPerList = 64;
inline constexpr size_t kMaxKademliaAddressesPerPeer = 16;

enum class KademliaMessageType : uint8_t {
  kPutValue = 0,
  kGetValue = 1,
  kAddProvider = 2,
  kGetProviders = 3,
  kFindNode = 4,
  kPing = 5,
};

const char* to_string(KademliaMessageType type);

enum class KademliaConnectionType : uint8_t {
  kNotConnected = 0,
  kConnected = 1,
  kCanConnect = 2,
  kCannotConnect = 3,
};

struct KademliaPeer {
  PeerId id;
  std::vector<Multiaddr> addresses;  // without /p2p
  KademliaConnectionType connection = KademliaConnectionType::kNotConnected;

  friend bool operator==(const KademliaPeer&, const KademliaPeer&) = default;
};

struct KademliaRecord {
  Bytes key;
  Bytes value;
  std::optional<PeerId> publisher;  // rust-libp2p's field 666
  uint32_t ttl = 0;                 // rust-libp2p's field 777: seconds, 0 = does not expire
  std::string time_received;

  friend bool operator==(const KademliaRecord&, const KademliaRecord&) = default;
};

struct KademliaMessage {
  KademliaMessageType type = KademliaMessageType::kPutValue;
  int32_t cluster_level_raw = 0;
  Bytes key;
  std::optional<KademliaRecord> record;
  std::vector<KademliaPeer> closer_peers;
  std::vector<KademliaPeer> provider_peers;
  // Decoding: entries left out (bad PeerId, unknown connection type, beyond the bounds; addresses
  // that do not parse or name another peer). Not encoded.
  size_t dropped_peers = 0;
  size_t dropped_addresses = 0;

  friend bool operator==(const KademliaMessage&, const KademliaMessage&) = default;
};

enum class KademliaMessageError : uint8_t {
  kTooLarge,          // over kMaxKademliaMessageSize
  kMalformed,         // not a Message protobuf
  kUnknownType,       // a type outside PUT_VALUE..PING
  kInvalidPublisher,  // a record's publisher that is not a PeerId (rust-libp2p refuses these)
};

const char* to_string(KademliaMessageError e);

Result<KademliaMessage, KademliaMessageError> decode_kademlia_message(ByteSpan bytes);

// The protobuf (no length prefix), fields in number order with defaults left out: byte for byte
// what rust-libp2p (prost) writes for the same message.
Bytes encode_kademlia_message(const KademliaMessage& message);

// What rust-libp2p sends to ask for the peers closest to `key` (a PeerId's bytes for peer
// discovery): type FIND_NODE, the key, clusterLevelRaw 10.
Bytes encode_find_node_request(ByteSpan key);

// rust-libp2p's GET_VALUE request (protocol.rs req_msg_to_proto): the key, clusterLevelRaw 10.
Bytes encode_get_value_request(ByteSpan key);

// rust-libp2p's PUT_VALUE request: the record's key as the message key, the record (key, value,
// publisher, ttl), no clusterLevelRaw.
Bytes encode_put_value_request(const KademliaRecord& record);

}  // namespace canary::network
