#include "primitives/hash/xxhash64_portable.hpp"

namespace canary::hash::portable {

uint64_t xxhash64(ByteSpan data, uint64_t seed) {
  return xxhash64_detail::xxhash64(data.data(), data.size(), seed);
}

}  // namespace canary::hash::portable
