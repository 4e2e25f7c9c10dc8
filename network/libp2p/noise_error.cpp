#include "network/libp2p/noise_error.hpp"

namespace canary::network {

std::string_view to_string(NoiseError error) {
  switch (error) {
    case NoiseError::kNonceExhausted:
      return "noise: nonce exhausted";
    case NoiseError::kAuthenticationFailed:
      return "noise: authentication failed";
    case NoiseError::kLowOrderKey:
      return "noise: remote key of small order";
    case NoiseError::kMessageTooShort:
      return "noise: handshake message too short";
    case NoiseError::kMessageTooLarge:
      return "noise: handshake message over 65535 bytes";
    case NoiseError::kUnexpectedPayload:
      return "noise: payload in handshake message 1";
    case NoiseError::kOutOfTurn:
      return "noise: handshake message out of turn";
    case NoiseError::kPayloadMalformed:
      return "noise: malformed handshake payload";
    case NoiseError::kIdentityKeyMalformed:
      return "noise: malformed identity key";
    case NoiseError::kUnsupportedKeyType:
      return "noise: identity key is not ed25519";
    case NoiseError::kBadIdentitySignature:
      return "noise: identity signature does not sign the static key";
    case NoiseError::kFrameTooShort:
      return "noise: transport frame shorter than its tag";
  }
  return "noise: unknown error";
}

}  // namespace canary::network
