// The roles byte a node announces (sc-network protocol/message.rs `Roles`, a bitflags u8): the
// first byte of the block-announces handshake, and the whole handshake of the notification
// protocols that declare none of their own (`/transactions/1`, `/grandpa/1`: sc-network sends
// `Roles::encode()` when a protocol's handshake is None). Substrate refuses unknown bits
// (`from_bits`), and so do we; any combination of the three known bits, zero included, decodes.
#pragma once

#include <cstdint>

#include "network/protocols/protocol_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

struct Roles {
  static constexpr uint8_t kFull = 0b001;
  static constexpr uint8_t kLight = 0b010;
  static constexpr uint8_t kAuthority = 0b100;
  static constexpr uint8_t kKnownBits = kFull | kLight | kAuthority;

  uint8_t bits = kFull;

  // Roles::is_full: a node holding the chain's data (full or authority).
  bool is_full() const { return (bits & (kFull | kAuthority)) != 0; }
  bool is_light() const { return !is_full(); }
  // Roles::is_authority compares the whole byte, not one bit.
  bool is_authority() const { return bits == kAuthority; }

  bool operator==(const Roles&) const = default;
};

// The one-byte handshake of `/transactions/1` and `/grandpa/1`.
Bytes encode_roles_handshake(Roles roles);
Result<Roles, ProtocolError> decode_roles_handshake(ByteSpan bytes);

// The byte alone, for the handshakes that embed it.
Result<Roles, ProtocolError> roles_from_byte(uint8_t byte);

}  // namespace canary::network
