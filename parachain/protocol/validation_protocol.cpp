#include "parachain/protocol/validation_protocol.hpp"

namespace canary::parachain::protocol {

Result<ValidationWireMessage, WireError> decode_validation_message(ByteSpan bytes) {
  if (bytes.size() > kMaxNotificationSize) return unexpected(WireError::kTooLarge);
  if (bytes.size() >= 2 && bytes[0] == ProtocolMessage<ValidationProtocol>::kScaleIndex &&
      bytes[1] == kApprovalDistributionIndex) {
    return unexpected(WireError::kUnsupported);
  }
  return decode_bounded<ValidationWireMessage>(bytes, kMaxNotificationSize);
}

Result<Bytes, WireError> encode_validation_message(const ValidationWireMessage& message) {
  return encode_bounded(message, kMaxNotificationSize);
}

}  // namespace canary::parachain::protocol
