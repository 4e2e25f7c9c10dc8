#include "primitives/hash/blake2b_portable.hpp"

namespace canary::hash::portable {

Bytes blake2b(ByteSpan data, size_t out_len, ByteSpan key) {
  if (!Blake2b::sizes_valid(out_len, key.size())) return {};
  Blake2b hasher(out_len, key);
  hasher.update(data);
  Bytes out(out_len);
  hasher.finish(out);
  return out;
}

}  // namespace canary::hash::portable
