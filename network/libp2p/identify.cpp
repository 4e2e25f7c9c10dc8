#include "network/libp2p/identify.hpp"

#include "network/proto/identify.pb.h"
#include "network/proto/keys.pb.h"

namespace canary::network {

namespace {

ByteSpan as_span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

const char* to_string(IdentifyError e) {
  switch (e) {
    case IdentifyError::kTooLarge:
      return "identify message too large";
    case IdentifyError::kMalformed:
      return "malformed identify message";
    case IdentifyError::kInvalidPublicKey:
      return "invalid public key in identify message";
  }
  return "unknown identify error";
}

Bytes encode_ed25519_public_key(const crypto::ed25519::PublicKey& key) {
  Bytes out = {0x08, 0x01, 0x12, 0x20};
  out.insert(out.end(), key.begin(), key.end());
  return out;
}

Bytes encode_identify(const IdentifyInfo& info, size_t max_size) {
  proto::Identify message;
  if (info.protocol_version) message.set_protocolversion(*info.protocol_version);
  if (info.agent_version) message.set_agentversion(*info.agent_version);
  if (!info.public_key.empty()) {
    message.set_publickey(info.public_key.data(), info.public_key.size());
  }
  if (info.observed_address) {
    const Bytes& bytes = info.observed_address->bytes();
    message.set_observedaddr(bytes.data(), bytes.size());
  }
  for (const std::string& protocol : info.protocols) message.add_protocols(protocol);
  for (const Multiaddr& address : info.listen_addresses) {
    message.add_listenaddrs(address.bytes().data(), address.bytes().size());
  }
  while (message.ByteSizeLong() > max_size && message.listenaddrs_size() > 0) {
    message.mutable_listenaddrs()->RemoveLast();
  }
  const std::string encoded = message.SerializeAsString();
  return Bytes(encoded.begin(), encoded.end());
}

Result<IdentifyInfo, IdentifyError> decode_identify(ByteSpan bytes) {
  if (bytes.size() > kMaxIdentifyMessageSize) return unexpected(IdentifyError::kTooLarge);
  proto::Identify message;
  if (!message.ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return unexpected(IdentifyError::kMalformed);
  }
  IdentifyInfo info;
  if (message.has_protocolversion()) info.protocol_version = message.protocolversion();
  if (message.has_agentversion()) info.agent_version = message.agentversion();
  if (message.has_publickey()) {
    proto::PublicKey key;
    const std::string& encoded = message.publickey();
    if (!key.ParsePartialFromString(encoded) || !key.IsInitialized()) {
      return unexpected(IdentifyError::kInvalidPublicKey);
    }
    info.public_key.assign(encoded.begin(), encoded.end());
    info.peer_id = PeerId::from_public_key(key);
  }
  info.listen_addresses.reserve(static_cast<size_t>(message.listenaddrs_size()));
  for (const std::string& encoded : message.listenaddrs()) {
    auto address = Multiaddr::from_bytes(as_span(encoded));
    if (address && !address->empty()) {
      info.listen_addresses.push_back(std::move(*address));
    } else {
      ++info.invalid_listen_addresses;
    }
  }
  if (message.has_observedaddr()) {
    auto address = Multiaddr::from_bytes(as_span(message.observedaddr()));
    if (address && !address->empty()) info.observed_address = std::move(*address);
  }
  info.protocols.assign(message.protocols().begin(), message.protocols().end());
  return info;
}

}  // namespace canary::network
