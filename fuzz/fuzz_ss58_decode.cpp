// Parses arbitrary text as an SS58 address: never crashes, and whatever it accepts re-encodes to
// an address that decodes to the same payload and prefix. (Not necessarily to the same text:
// like sp-core, decoding accepts the two-byte form of a prefix below 64.)
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "primitives/ss58/ss58.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  auto decoded = canary::ss58::decode(text);
  if (!decoded) return 0;
  auto again = canary::ss58::decode(canary::ss58::encode(decoded->payload, decoded->prefix));
  if (!again || again->payload != decoded->payload || again->prefix != decoded->prefix) {
    __builtin_trap();
  }
  return 0;
}
