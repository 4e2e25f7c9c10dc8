#include "parachain/protocol/wire_error.hpp"

namespace canary::parachain::protocol {

std::string_view to_string(WireError error) {
  switch (error) {
    case WireError::kTooLarge:
      return "parachain wire: message over the size limit";
    case WireError::kTruncated:
      return "parachain wire: message truncated";
    case WireError::kMalformedScale:
      return "parachain wire: malformed SCALE";
    case WireError::kTrailingBytes:
      return "parachain wire: bytes after the message";
    case WireError::kUnsupported:
      return "parachain wire: message kind not supported";
    case WireError::kProofOutOfBounds:
      return "parachain wire: chunk proof out of bounds";
  }
  return "parachain wire: unknown error";
}

WireError from_scale_error(scale::DecodeError error) {
  switch (error) {
    case scale::DecodeError::kNotEnoughData:
      return WireError::kTruncated;
    case scale::DecodeError::kTrailingBytes:
      return WireError::kTrailingBytes;
    default:
      return WireError::kMalformedScale;
  }
}

}  // namespace canary::parachain::protocol
