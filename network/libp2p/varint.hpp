// The multiformats unsigned varint (LEB128, at most 9 bytes, minimally encoded): the length
// prefix of multistream-select messages, of request-response payloads and of notifications, and
// the code of multiaddr protocols and multihashes.
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::network {

struct DecodedVarint {
  uint64_t value = 0;
  size_t length = 0;  // bytes the varint took
};

enum class VarintStatus : uint8_t {
  kOk,
  kIncomplete,  // the input ends inside the varint: wait for more bytes
  kInvalid,     // over 9 bytes, or not minimally encoded (a trailing 0x00 group)
};

struct VarintResult {
  VarintStatus status = VarintStatus::kIncomplete;
  DecodedVarint varint;
};

// Reads the varint at the start of `input`.
VarintResult decode_varint(ByteSpan input);

void append_varint(Bytes& out, uint64_t value);
Bytes encode_varint(uint64_t value);

}  // namespace canary::network
