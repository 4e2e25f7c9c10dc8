// `/block-announces/1` inputs: the handshake and the announcement a peer sends, and the one-byte
// roles handshake of `/transactions/1` and `/grandpa/1`. Every input gives a value or an error,
// never a crash; all three formats are canonical, so what decodes re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>

#include "network/protocols/block_announces.hpp"
#include "network/protocols/roles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary;
  using namespace canary::network;
  const ByteSpan input(bytes, size);
  const Bytes same(input.begin(), input.end());
  if (auto handshake = decode_block_announces_handshake(input)) {
    if (encode_block_announces_handshake(*handshake) != same) __builtin_trap();
  }
  if (auto announce = decode_block_announce(input)) {
    if (encode_block_announce(*announce) != same) __builtin_trap();
    // Data is only ever decoded after a state byte.
    if (announce->data && !announce->state) __builtin_trap();
  }
  if (auto roles = decode_roles_handshake(input)) {
    if (encode_roles_handshake(*roles) != same) __builtin_trap();
  }
  return 0;
}
