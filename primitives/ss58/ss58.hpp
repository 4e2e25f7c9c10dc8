// SS58 addresses: base58(prefix ‖ payload ‖ checksum), checksum = the first bytes of
// BLAKE2b-512("SS58PRE" ‖ prefix ‖ payload). Prefixes 0..63 take one byte; 64..16383 take two:
//   byte0 = 0b01 ‖ bits 7..2 of the prefix, byte1 = bits 1..0 of the prefix ‖ bits 13..8
// (sp-core `to_ss58check_with_version`). Payloads and checksum lengths follow polkadot.js
// `checkAddressChecksum` / `encodeAddress`: 32 or 33 bytes (account ids, compressed ecdsa keys)
// carry a 2-byte checksum, 1, 2, 4 or 8 bytes (account indices) a 1-byte checksum.
// Prefixes 46 and 47 are reserved (ss58-registry) and refused on both sides, as sp-core's
// `format_is_allowed` and polkadot.js do. Portable (runs on wasm32 too).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::ss58 {

inline constexpr uint16_t kMaxPrefix = 16383;
inline constexpr uint16_t kSubstratePrefix = 42;
inline constexpr uint16_t kPolkadotPrefix = 0;
inline constexpr uint16_t kKusamaPrefix = 2;

enum class Ss58Error {
  kBadBase58,    // not base58
  kBadLength,    // the decoded length fits no prefix + payload + checksum combination
  kBadChecksum,  // checksum mismatch
  kBadPrefix,    // first byte >= 128 (no such prefix encoding) or a reserved prefix (46, 47)
};

const char* to_string(Ss58Error e);

struct Decoded {
  Bytes payload;
  uint16_t prefix = 0;
};

bool is_reserved_prefix(uint16_t prefix);

// Empty string if `prefix` is above 16383 or reserved, or the payload is not 1, 2, 4, 8, 32 or
// 33 bytes (caller errors; polkadot.js throws for the same inputs).
std::string encode(ByteSpan payload, uint16_t prefix);

// Accepts any prefix except the reserved ones. Like sp-core and polkadot.js, a two-byte prefix
// encoding of a value below 64 is accepted as that value (it is not the canonical form).
Result<Decoded, Ss58Error> decode(std::string_view address);

}  // namespace canary::ss58
