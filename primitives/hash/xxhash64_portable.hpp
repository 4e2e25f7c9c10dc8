// XXH64 from the xxHash specification (doc/xxhash_spec.md), in plain C++ for the wasm32 build and
// as the cross-check of libxxhash on the host. Substrate's twox hashers are built on it.
//
// constexpr, so that what FRAME computes at compile time is computed at compile time here too:
// the twox128 storage prefixes of pallets and items (`twox_128_constexpr`).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "primitives/util/bytes.hpp"

namespace canary::hash::portable {

namespace xxhash64_detail {

inline constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
inline constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
inline constexpr uint64_t kPrime3 = 0x165667B19E3779F9ULL;
inline constexpr uint64_t kPrime4 = 0x85EBCA77C2B2AE63ULL;
inline constexpr uint64_t kPrime5 = 0x27D4EB2F165667C5ULL;

// Little-endian loads written byte by byte: valid in constant evaluation, and one load instruction
// once optimised.
template <class Byte>
constexpr uint64_t load_le(const Byte* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}

constexpr uint64_t round(uint64_t acc, uint64_t lane) {
  acc += lane * kPrime2;
  return std::rotl(acc, 31) * kPrime1;
}

constexpr uint64_t merge_accumulator(uint64_t acc, uint64_t lane_acc) {
  acc ^= round(0, lane_acc);
  return acc * kPrime1 + kPrime4;
}

template <class Byte>
constexpr uint64_t xxhash64(const Byte* p, size_t size, uint64_t seed) {
  size_t remaining = size;
  uint64_t acc = 0;
  if (remaining >= 32) {
    // Four independent lanes over 32-byte stripes, so the multiplies can overlap.
    uint64_t v1 = seed + kPrime1 + kPrime2;
    uint64_t v2 = seed + kPrime2;
    uint64_t v3 = seed;
    uint64_t v4 = seed - kPrime1;
    do {
      v1 = round(v1, load_le(p, 8));
      v2 = round(v2, load_le(p + 8, 8));
      v3 = round(v3, load_le(p + 16, 8));
      v4 = round(v4, load_le(p + 24, 8));
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

  acc += static_cast<uint64_t>(size);

  while (remaining >= 8) {
    acc ^= round(0, load_le(p, 8));
    acc = std::rotl(acc, 27) * kPrime1 + kPrime4;
    p += 8;
    remaining -= 8;
  }
  if (remaining >= 4) {
    acc ^= load_le(p, 4) * kPrime1;
    acc = std::rotl(acc, 23) * kPrime2 + kPrime3;
    p += 4;
    remaining -= 4;
  }
  while (remaining > 0) {
    acc ^= static_cast<uint8_t>(*p) * kPrime5;
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

}  // namespace xxhash64_detail

uint64_t xxhash64(ByteSpan data, uint64_t seed);

constexpr uint64_t xxhash64_constexpr(std::string_view text, uint64_t seed) {
  return xxhash64_detail::xxhash64(text.data(), text.size(), seed);
}

// Substrate's twox_128: XXH64 with seeds 0 and 1, each little-endian.
constexpr ByteArray<16> twox_128_constexpr(std::string_view text) {
  ByteArray<16> out{};
  for (uint64_t seed = 0; seed < 2; ++seed) {
    const uint64_t h = xxhash64_constexpr(text, seed);
    for (size_t i = 0; i < 8; ++i) out[8 * seed + i] = static_cast<uint8_t>(h >> (8 * i));
  }
  return out;
}

}  // namespace canary::hash::portable
