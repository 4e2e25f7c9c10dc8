// SCALE compact integers (parity-scale-codec compact.rs): the two low bits of the first byte select
// the mode — 0b00 one byte (< 2^6), 0b01 two bytes (< 2^14), 0b10 four bytes (< 2^30), 0b11
// "big integer": the upper six bits hold the byte count minus 4, then the value little-endian.
// Decoding rejects every encoding that is not the shortest one and values that do not fit T.
#pragma once

#include <cstdint>
#include <type_traits>

#include "primitives/scale/decoder.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::scale {

template <class T>
concept CompactInteger = std::is_unsigned_v<T> || std::is_same_v<T, u128>;

// A value that encodes in compact form, for use as a field or a standalone value.
template <CompactInteger T>
struct Compact {
  T value{};
  bool operator==(const Compact&) const = default;
};

// A reference to an integer field that must be encoded compactly (see CANARY_SCALE_FIELDS).
template <class T>
struct CompactRef {
  T* ptr;
};

template <CompactInteger T>
CompactRef<T> compact(T& v) {
  return {&v};
}
template <CompactInteger T>
CompactRef<const T> compact(const T& v) {
  return {&v};
}

inline size_t compact_size(u128 v) {
  if (v < (u128{1} << 6)) return 1;
  if (v < (u128{1} << 14)) return 2;
  if (v < (u128{1} << 30)) return 4;
  size_t bytes = 4;
  while (bytes < 16 && (v >> (8 * bytes)) != 0) ++bytes;
  return 1 + bytes;
}

template <class Sink>
void encode_compact(Sink& out, u128 v) {
  if (v < (u128{1} << 6)) {
    out.put_byte(static_cast<uint8_t>(v << 2));
  } else if (v < (u128{1} << 14)) {
    out.put_le(static_cast<uint32_t>((v << 2) | 0b01), 2);
  } else if (v < (u128{1} << 30)) {
    out.put_le(static_cast<uint32_t>((v << 2) | 0b10), 4);
  } else {
    size_t bytes = compact_size(v) - 1;
    out.put_byte(static_cast<uint8_t>(((bytes - 4) << 2) | 0b11));
    out.put_le(v, bytes);
  }
}

// Reads a compact integer that must fit T; 0 on error (the decoder holds the error).
template <CompactInteger T>
T decode_compact(Decoder& in) {
  uint8_t first = in.read_byte();
  if (!in.ok()) return 0;
  u128 v = 0;
  switch (first & 0b11) {
    case 0b00:
      v = first >> 2;
      break;
    case 0b01: {
      uint8_t second = in.read_byte();
      v = ((static_cast<uint32_t>(second) << 8) | first) >> 2;
      if (in.ok() && v < (1u << 6)) in.fail(DecodeError::kNonCanonicalCompact);
      break;
    }
    case 0b10: {
      uint32_t rest = in.read_le<uint32_t>(3);
      v = ((rest << 8) | first) >> 2;
      if (in.ok() && v < (1u << 14)) in.fail(DecodeError::kNonCanonicalCompact);
      break;
    }
    default: {
      size_t bytes = static_cast<size_t>(first >> 2) + 4;
      if (bytes > 16) {
        in.fail(DecodeError::kCompactOutOfRange);
        return 0;
      }
      v = in.read_le<u128>(bytes);
      if (!in.ok()) return 0;
      // Shortest form: the top byte is non-zero, and the value needs the big-integer mode at all.
      if ((v >> (8 * (bytes - 1))) == 0 || v < (u128{1} << 30)) {
        in.fail(DecodeError::kNonCanonicalCompact);
        return 0;
      }
      break;
    }
  }
  if (!in.ok()) return 0;
  // ~T{0} rather than numeric_limits: strict C++20 libraries do not specialize it for u128.
  if (v > static_cast<u128>(static_cast<T>(~T{0}))) {
    in.fail(DecodeError::kCompactOutOfRange);
    return 0;
  }
  return static_cast<T>(v);
}

// Reads a compact length prefix and checks it against the decoder's limit.
inline size_t decode_length(Decoder& in) {
  uint64_t n = decode_compact<uint64_t>(in);
  if (in.ok() && n > in.max_length()) {
    in.fail(DecodeError::kLengthTooLarge);
    return 0;
  }
  return static_cast<size_t>(n);
}

}  // namespace canary::scale
