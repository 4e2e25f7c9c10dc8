// Why a SCALE decode failed. The first error a Decoder meets is the one reported.
#pragma once

#include <cstdint>

namespace canary::scale {

enum class DecodeError : uint8_t {
  kNotEnoughData,
  kTrailingBytes,
  kNonCanonicalCompact,
  kCompactOutOfRange,
  kInvalidBool,
  kInvalidOptionTag,
  kInvalidResultTag,
  kInvalidVariantIndex,
  kInvalidEnumValue,
  kLengthTooLarge,
  kInvalidUtf8,
  kInvalidValue,
};

const char* to_string(DecodeError e);

}  // namespace canary::scale
