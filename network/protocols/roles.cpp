#include "network/protocols/roles.hpp"

namespace canary::network {

Result<Roles, ProtocolError> roles_from_byte(uint8_t byte) {
  if ((byte & ~Roles::kKnownBits) != 0) return unexpected(ProtocolError::kInvalidRoles);
  return Roles{byte};
}

Bytes encode_roles_handshake(Roles roles) {
  return Bytes{roles.bits};
}

Result<Roles, ProtocolError> decode_roles_handshake(ByteSpan bytes) {
  if (bytes.empty()) return unexpected(ProtocolError::kTruncated);
  if (bytes.size() > 1) return unexpected(ProtocolError::kTrailingBytes);
  return roles_from_byte(bytes[0]);
}

}  // namespace canary::network
