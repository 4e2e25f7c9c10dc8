// Byte containers shared by every layer. Fixed-size values (hashes, keys) are std::array so that
// they live on the stack and compare by value; variable data is a std::vector.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace canary {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;
using MutableByteSpan = std::span<uint8_t>;

template <size_t N>
using ByteArray = std::array<uint8_t, N>;

using Hash128 = ByteArray<16>;
using Hash256 = ByteArray<32>;
using Hash512 = ByteArray<64>;

// The unsigned 128-bit integer Polkadot uses for balances. Supported by clang on x86-64 and wasm32.
using u128 = unsigned __int128;
using i128 = __int128;

inline ByteSpan as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline Bytes to_bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

inline Bytes concat(ByteSpan a, ByteSpan b) {
  Bytes out;
  out.reserve(a.size() + b.size());
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace canary
