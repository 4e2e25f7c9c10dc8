#include "network/libp2p/kademlia_message.hpp"

#include <string>
#include <utility>

#include "network/proto/kad.pb.h"

namespace canary::network {

namespace {

ByteSpan as_span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string as_string(ByteSpan bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// rust-libp2p KadPeer::try_from: a bad id or connection type drops the peer, a bad address only
// the address. An address ending with the peer's own /p2p is kept (without it).
std::optional<KademliaPeer> decode_peer(const proto::KadMessage::Peer& peer,
                                        size_t& dropped_addresses) {
  auto id = PeerId::from_bytes(as_span(peer.id()));
  if (!id) return std::nullopt;
  const int connection = static_cast<int>(peer.connection());
  if (connection < 0 || connection > static_cast<int>(KademliaConnectionType::kCannotConnect)) {
    return std::nullopt;
  }
  KademliaPeer out{*id, {}, static_cast<KademliaConnectionType>(connection)};
  for (const std::string& encoded : peer.addrs()) {
    auto address = Multiaddr::from_bytes(as_span(encoded));
    if (!address || address->empty() || out.addresses.size() >= kMaxKademliaAddressesPerPeer) {
      ++dropped_addresses;
      continue;
    }
    if (const auto named = address->peer_id(); named && *named != *id) {
      ++dropped_addresses;
      continue;
    }
    Multiaddr plain = address->without_p2p();
    if (plain.empty()) {  // only "/p2p/<peer>": nothing to dial
      ++dropped_addresses;
      continue;
    }
    out.addresses.push_back(std::move(plain));
  }
  return out;
}

void decode_peers(const google::protobuf::RepeatedPtrField<proto::KadMessage::Peer>& peers,
                  std::vector<KademliaPeer>& out, KademliaMessage& message) {
  for (const proto::KadMessage::Peer& peer : peers) {
    if (out.size() >= kMaxKademliaPeersPerList) {
      ++message.dropped_peers;
      continue;
    }
    auto decoded = decode_peer(peer, message.dropped_addresses);
    if (decoded) {
      out.push_back(std::move(*decoded));
    } else {
      ++message.dropped_peers;
    }
  }
}

void encode_peer(const KademliaPeer& peer, proto::KadMessage::Peer& out) {
  out.set_id(as_string(peer.id.bytes()));
  for (const Multiaddr& address : peer.addresses) {
    auto full = address.with_p2p(peer.id);
    const Bytes& bytes = full ? full->bytes() : address.bytes();
    out.add_addrs(as_string(bytes));
  }
  out.set_connection(static_cast<proto::KadMessage::ConnectionType>(peer.connection));
}

}  // namespace

const char* to_string(KademliaMessageType type) {
  switch (type) {
    case KademliaMessageType::kPutValue:
      return "PUT_VALUE";
    case KademliaMessageType::kGetValue:
      return "GET_VALUE";
    case KademliaMessageType::kAddProvider:
      return "ADD_PROVIDER";
    case KademliaMessageType::kGetProviders:
      return "GET_PROVIDERS";
    case KademliaMessageType::kFindNode:
      return "FIND_NODE";
    case KademliaMessageType::kPing:
      return "PING";
  }
  return "unknown";
}

const char* to_string(KademliaMessageError e) {
  switch (e) {
    case KademliaMessageError::kTooLarge:
      return "Kademlia message too large";
    case KademliaMessageError::kMalformed:
      return "malformed Kademlia message";
    case KademliaMessageError::kUnknownType:
      return "unknown Kademlia message type";
    case KademliaMessageError::kInvalidPublisher:
      return "Kademlia record with an invalid publisher";
  }
  return "unknown Kademlia message error";
}

Result<KademliaMessage, KademliaMessageError> decode_kademlia_message(ByteSpan bytes) {
  if (bytes.size() > kMaxKademliaMessageSize) return unexpected(KademliaMessageError::kTooLarge);
  proto::KadMessage message;
  if (!message.ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return unexpected(KademliaMessageError::kMalformed);
  }
  const int type = static_cast<int>(message.type());
  if (type < 0 || type > static_cast<int>(KademliaMessageType::kPing)) {
    return unexpected(KademliaMessageError::kUnknownType);
  }
  KademliaMessage out;
  out.type = static_cast<KademliaMessageType>(type);
  out.cluster_level_raw = message.clusterlevelraw();
  out.key.assign(message.key().begin(), message.key().end());
  if (message.has_record()) {
    const proto::KadRecord& record = message.record();
    KademliaRecord r;
    r.key.assign(record.key().begin(), record.key().end());
    r.value.assign(record.value().begin(), record.value().end());
    if (!record.publisher().empty()) {
      auto publisher = PeerId::from_bytes(as_span(record.publisher()));
      if (!publisher) return unexpected(KademliaMessageError::kInvalidPublisher);
      r.publisher = std::move(*publisher);
    }
    r.ttl = record.ttl();
    r.time_received = record.timereceived();
    out.record = std::move(r);
  }
  decode_peers(message.closerpeers(), out.closer_peers, out);
  decode_peers(message.providerpeers(), out.provider_peers, out);
  return out;
}

Bytes encode_kademlia_message(const KademliaMessage& message) {
  proto::KadMessage out;
  out.set_type(static_cast<proto::KadMessage::MessageType>(message.type));
  out.set_clusterlevelraw(message.cluster_level_raw);
  out.set_key(as_string(message.key));
  if (message.record) {
    proto::KadRecord* record = out.mutable_record();
    record->set_key(as_string(message.record->key));
    record->set_value(as_string(message.record->value));
    if (message.record->publisher)
      record->set_publisher(as_string(message.record->publisher->bytes()));
    record->set_ttl(message.record->ttl);
    record->set_timereceived(message.record->time_received);
  }
  for (const KademliaPeer& peer : message.closer_peers) encode_peer(peer, *out.add_closerpeers());
  for (const KademliaPeer& peer : message.provider_peers) {
    encode_peer(peer, *out.add_providerpeers());
  }
  const std::string encoded = out.SerializeAsString();
  return Bytes(encoded.begin(), encoded.end());
}

Bytes encode_find_node_request(ByteSpan key) {
  KademliaMessage request;
  request.type = KademliaMessageType::kFindNode;
  request.cluster_level_raw = 10;
  request.key.assign(key.begin(), key.end());
  return encode_kademlia_message(request);
}

Bytes encode_get_value_request(ByteSpan key) {
  KademliaMessage request;
  request.type = KademliaMessageType::kGetValue;
  request.cluster_level_raw = 10;
  request.key.assign(key.begin(), key.end());
  return encode_kademlia_message(request);
}

Bytes encode_put_value_request(const KademliaRecord& record) {
  KademliaMessage request;
  request.type = KademliaMessageType::kPutValue;
  request.key = record.key;
  request.record = record;
  return encode_kademlia_message(request);
}

}  // namespace canary::network
