#include "network/protocols/block_announces.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::network {

Bytes encode_block_announces_handshake(const BlockAnnouncesHandshake& handshake) {
  scale::Encoder out(kBlockAnnouncesHandshakeSize);
  out.put_byte(handshake.roles.bits);
  scale::encode_to(out, handshake.best_number);  // u32, not compact: a derived Encode of Number
  scale::encode_to(out, handshake.best_hash);
  scale::encode_to(out, handshake.genesis_hash);
  return std::move(out).take();
}

Result<BlockAnnouncesHandshake, ProtocolError> decode_block_announces_handshake(ByteSpan bytes) {
  if (bytes.size() < kBlockAnnouncesHandshakeSize) return unexpected(ProtocolError::kTruncated);
  if (bytes.size() > kBlockAnnouncesHandshakeSize) {
    return unexpected(ProtocolError::kTrailingBytes);
  }
  scale::Decoder in(bytes);
  BlockAnnouncesHandshake handshake;
  auto roles = roles_from_byte(in.read_byte());
  if (!roles) return unexpected(roles.error());
  handshake.roles = *roles;
  scale::decode_from(in, handshake.best_number);
  scale::decode_from(in, handshake.best_hash);
  scale::decode_from(in, handshake.genesis_hash);
  return handshake;
}

Bytes encode_block_announce(const BlockAnnounce& announce) {
  scale::Encoder out;
  scale::encode_to(out, announce.header);
  if (announce.state || announce.data) {
    out.put_byte(static_cast<uint8_t>(announce.state.value_or(BlockState::kNormal)));
  }
  if (announce.data) scale::encode_to(out, *announce.data);
  return std::move(out).take();
}

Result<BlockAnnounce, ProtocolError> decode_block_announce(ByteSpan bytes) {
  if (bytes.size() > kMaxBlockAnnounceSize) return unexpected(ProtocolError::kMessageTooLarge);
  scale::Decoder in(bytes);
  BlockAnnounce announce;
  scale::decode_from(in, announce.header);
  if (!in.ok()) return unexpected(from_scale_error(in.error()));
  if (in.remaining() > 0) {
    const uint8_t state = in.read_byte();
    if (state > static_cast<uint8_t>(BlockState::kBest)) {
      return unexpected(ProtocolError::kInvalidBlockState);
    }
    announce.state = static_cast<BlockState>(state);
  }
  if (in.remaining() > 0) {
    Bytes data;
    scale::decode_from(in, data);
    if (!in.ok()) return unexpected(from_scale_error(in.error()));
    announce.data = std::move(data);
  }
  if (in.remaining() > 0) return unexpected(ProtocolError::kTrailingBytes);
  return announce;
}

}  // namespace canary::network
