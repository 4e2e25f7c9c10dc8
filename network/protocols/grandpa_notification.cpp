#include "network/protocols/grandpa_notification.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::network {

Bytes encode_grandpa_notification(const consensus::grandpa::GossipMessage& message) {
  return scale::encode(message);
}

Result<consensus::grandpa::GossipMessage, ProtocolError> decode_grandpa_notification(
    ByteSpan bytes) {
  if (bytes.size() > kMaxGrandpaNotificationSize) {
    return unexpected(ProtocolError::kMessageTooLarge);
  }
  auto message = consensus::grandpa::decode_gossip_message(bytes);
  if (!message) return unexpected(from_scale_error(message.error()));
  return std::move(*message);
}

}  // namespace canary::network
