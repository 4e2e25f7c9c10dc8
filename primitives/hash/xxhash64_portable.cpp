#include "primitives/hash/xxhash64_portable.hpp"

#include <bit>
#include <cstring>

namespace canary::hash::portable {

namespace {

constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t kPrime3 = 0x165667B19E3779F9ULL;
constexpr uint64_t kPrime4 = 0x85EBCA77C2B2AE63ULL;
constexpr uint64_t kPrime5 = 0x27D4EB2F165667C5ULL;

inline uint64_t load64_le(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

inline uint64_t load32_le(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

inline uint64_t round(uint64_t acc, uint64_t lane) {
  acc += lane * kPrime2;
  return std::rotl(acc, 31) * kPrime1;
}

inline uint64_t merge_accumulator(uint64_t acc, uint64_t lane_acc) {
  acc ^= round(0, lane_acc);
  return acc * kPrime1 + kPrime4;
}

}  // namespace

uint64_t xxhash64(ByteSpan data, uint64_t seed) {
  const uint8_t* p = data.data();
  size_t remaining = data.size();
  uint64_t acc;

  if (remaining >= 32) {
    // Four independent lanes over 32-byte stripes, so the multiplies can overlap.
    uint64_t v1 = seed + kPrime1 + kPrime2;
    uint64_t v2 = seed + kPrime2;
    uint64_t v3 = seed;
    uint64_t v4 = seed - kPrime1;
    do {
      v1 = round(v1, load64_le(p));
      v2 = round(v2, load64_le(p + 8));
      v3 = round(v3, load64_le(p + 16));
      v4 = round(v4, load64_le(p + 24));
      p += 32;
      remaining -= 32;
    } while (remaining >= 32);
    acc = std::rotl(v1, 1) + std::rotl(v2, 7) + std::rotl(v3, 12) + std::rotl(v4, 18);
    acc = merge_accumulator(acc, v1);
    acc = merge_accumulator(acc, v2);
    acc = merge_accumulator(acc, v3);
    acc = merge_accumulator(acc, v4);
  } else {
    acc = seed + kPrime5;
  }

  acc += static_cast<uint64_t>(data.size());

  while (remaining >= 8) {
    acc ^= round(0, load64_le(p));
    acc = std::rotl(acc, 27) * kPrime1 + kPrime4;
    p += 8;
    remaining -= 8;
  }
  if (remaining >= 4) {
    acc ^= load32_le(p) * kPrime1;
    acc = std::rotl(acc, 23) * kPrime2 + kPrime3;
    p += 4;
    remaining -= 4;
  }
  while (remaining > 0) {
    acc ^= *p * kPrime5;
    acc = std::rotl(acc, 11) * kPrime1;
    ++p;
    --remaining;
  }

  // Final avalanche.
  acc ^= acc >> 33;
  acc *= kPrime2;
  acc ^= acc >> 29;
  acc *= kPrime3;
  acc ^= acc >> 32;
  return acc;
}

}  // namespace canary::hash::portable
