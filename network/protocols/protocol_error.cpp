#include "network/protocols/protocol_error.hpp"

namespace canary::network {

std::string_view to_string(ProtocolError error) {
  switch (error) {
    case ProtocolError::kMessageTooLarge:
      return "protocol: message over the size limit";
    case ProtocolError::kTruncated:
      return "protocol: message truncated";
    case ProtocolError::kMalformedScale:
      return "protocol: malformed SCALE";
    case ProtocolError::kTrailingBytes:
      return "protocol: bytes after the message";
    case ProtocolError::kMalformedProtobuf:
      return "protocol: malformed protobuf";
    case ProtocolError::kInvalidRoles:
      return "protocol: unknown role bits";
    case ProtocolError::kInvalidBlockState:
      return "protocol: block state neither Normal nor Best";
    case ProtocolError::kMissingStartBlock:
      return "protocol: block request without a start block";
    case ProtocolError::kInvalidBlockHash:
      return "protocol: block hash of the wrong length";
    case ProtocolError::kInvalidBlockNumber:
      return "protocol: block number shorter than 4 bytes";
    case ProtocolError::kInvalidDirection:
      return "protocol: direction neither Ascending nor Descending";
    case ProtocolError::kUnknownBlockAttributes:
      return "protocol: unknown block attribute bits";
    case ProtocolError::kInvalidHeader:
      return "protocol: header does not decode";
    case ProtocolError::kInvalidBody:
      return "protocol: body item is not one length-prefixed extrinsic";
    case ProtocolError::kInvalidJustifications:
      return "protocol: justifications do not decode";
    case ProtocolError::kMissingVariant:
      return "protocol: no request or response variant set";
    case ProtocolError::kUnsupportedRequest:
      return "protocol: request kind not served";
    case ProtocolError::kTooManyStartKeys:
      return "protocol: state request with more than two start keys";
  }
  return "protocol: unknown error";
}

ProtocolError from_scale_error(scale::DecodeError error) {
  switch (error) {
    case scale::DecodeError::kNotEnoughData:
      return ProtocolError::kTruncated;
    case scale::DecodeError::kTrailingBytes:
      return ProtocolError::kTrailingBytes;
    default:
      return ProtocolError::kMalformedScale;
  }
}

}  // namespace canary::network
