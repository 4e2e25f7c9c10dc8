#include "primitives/scale/decode_error.hpp"

namespace canary::scale {

const char* to_string(DecodeError e) {
  switch (e) {
    case DecodeError::kNotEnoughData:
      return "not enough data";
    case DecodeError::kTrailingBytes:
      return "trailing bytes after the value";
    case DecodeError::kNonCanonicalCompact:
      return "compact integer is not in its shortest form";
    case DecodeError::kCompactOutOfRange:
      return "compact integer out of range for its type";
    case DecodeError::kInvalidBool:
      return "bool byte is neither 0 nor 1";
    case DecodeError::kInvalidOptionTag:
      return "invalid Option tag";
    case DecodeError::kInvalidResultTag:
      return "invalid Result tag";
    case DecodeError::kInvalidVariantIndex:
      return "unknown enum variant index";
    case DecodeError::kInvalidEnumValue:
      return "invalid enum value";
    case DecodeError::kLengthTooLarge:
      return "length prefix exceeds the decoding limit";
    case DecodeError::kInvalidUtf8:
      return "string is not valid UTF-8";
    case DecodeError::kInvalidValue:
      return "invalid value";
  }
  return "unknown decode error";
}

}  // namespace canary::scale
