// ext_storage_append on runtime-controlled bytes: the stored value may be anything. Appending
// never crashes, and the result is always a SCALE vector whose count is one more than before (or
// a fresh one-item vector when the old value was not appendable).
#include <cstddef>
#include <cstdint>

#include "primitives/scale/compact.hpp"
#include "state/overlay/scale_vec_append.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  size_t split = bytes[0] % size;
  canary::Bytes value(bytes + 1, bytes + 1 + split);
  canary::ByteSpan item(bytes + 1 + split, size - 1 - split);
  auto before = canary::state::appendable_prefix(value);
  canary::state::scale_vec_append(value, item);
  // Read the new count directly: appendable_prefix also refuses a vector that is full (2^32 - 1).
  canary::scale::Decoder in(value);
  uint32_t count = canary::scale::decode_compact<uint32_t>(in);
  if (!in.ok()) __builtin_trap();
  uint32_t expected = before ? before->count + 1 : 1;
  if (count != expected) __builtin_trap();
  return 0;
}
