// Helpers shared by the protobuf-based protocol codecs (sync, state, light): the generated C++
// holds `bytes` fields as std::string, our types hold Bytes / fixed arrays.
#pragma once

#include <google/protobuf/message_lite.h>

#include <cstddef>
#include <string>

#include "primitives/util/bytes.hpp"

namespace canary::network::protobuf_util {

inline std::string to_string(ByteSpan bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

inline Bytes to_bytes(const std::string& bytes) {
  return Bytes(bytes.begin(), bytes.end());
}

inline ByteSpan as_span(const std::string& bytes) {
  return {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
}

inline Bytes serialize(const google::protobuf::MessageLite& message) {
  const std::string out = message.SerializeAsString();
  return Bytes(out.begin(), out.end());
}

// Parses without libprotobuf's log line for missing proto2 `required` fields (the partial parse
// plus IsInitialized is the same check as ParseFromArray); the caller checked the size limit.
inline bool parse(google::protobuf::MessageLite& message, ByteSpan bytes) {
  return message.ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
         message.IsInitialized();
}

// The bytes a length-delimited field of `length` bytes takes: its one-byte tag (field numbers
// below 16), the varint length, the payload.
inline size_t length_delimited_field_size(size_t length) {
  size_t varint = 1;
  for (size_t v = length; v >= 0x80; v >>= 7) ++varint;
  return 1 + varint + length;
}

}  // namespace canary::network::protobuf_util
