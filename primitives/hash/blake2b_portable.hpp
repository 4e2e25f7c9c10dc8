// BLAKE2b (RFC 7693) in plain C++, for the wasm32 build and as the cross-check of libsodium on the
// host. Digest of 1..64 bytes, optional key of 0..64 bytes; no salt or personalisation, since
// nothing in Polkadot uses them.
//
// constexpr, so that identifiers FRAME derives from names at compile time are compile-time
// constants here too (runtime API ids: blake2b-64 of the API's name).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>

#include "primitives/util/bytes.hpp"

namespace canary::hash::portable {

namespace blake2b_detail {

// The SHA-512 initial hash value (RFC 7693 §2.6).
inline constexpr uint64_t kIv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

// Message word schedule (RFC 7693 §2.7); BLAKE2b's rounds 10 and 11 reuse rows 0 and 1.
inline constexpr uint8_t kSigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

constexpr uint64_t load64_le(const uint8_t* p) {
  if (!std::is_constant_evaluated()) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
  }
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

constexpr void copy(uint8_t* to, const uint8_t* from, size_t n) {
  if (!std::is_constant_evaluated()) {
    if (n != 0) std::memcpy(to, from, n);
    return;
  }
  for (size_t i = 0; i < n; ++i) to[i] = from[i];
}

constexpr void zero(uint8_t* to, size_t n) {
  if (!std::is_constant_evaluated()) {
    if (n != 0) std::memset(to, 0, n);
    return;
  }
  for (size_t i = 0; i < n; ++i) to[i] = 0;
}

// The mixing function G (RFC 7693 §3.1). The lane indices are template arguments so that, once
// inlined, the working vector lives in registers instead of memory.
template <int A, int B, int C, int D>
[[gnu::always_inline]] constexpr void mix(uint64_t* v, uint64_t x, uint64_t y) {
  v[A] = v[A] + v[B] + x;
  v[D] = std::rotr(v[D] ^ v[A], 32);
  v[C] = v[C] + v[D];
  v[B] = std::rotr(v[B] ^ v[C], 24);
  v[A] = v[A] + v[B] + y;
  v[D] = std::rotr(v[D] ^ v[A], 16);
  v[C] = v[C] + v[D];
  v[B] = std::rotr(v[B] ^ v[C], 63);
}

// One full round with a compile-time schedule row, so every message index is a constant.
template <size_t R>
[[gnu::always_inline]] constexpr void round(uint64_t* v, const uint64_t* m) {
  constexpr const uint8_t* s = kSigma[R];
  mix<0, 4, 8, 12>(v, m[s[0]], m[s[1]]);
  mix<1, 5, 9, 13>(v, m[s[2]], m[s[3]]);
  mix<2, 6, 10, 14>(v, m[s[4]], m[s[5]]);
  mix<3, 7, 11, 15>(v, m[s[6]], m[s[7]]);
  mix<0, 5, 10, 15>(v, m[s[8]], m[s[9]]);
  mix<1, 6, 11, 12>(v, m[s[10]], m[s[11]]);
  mix<2, 7, 8, 13>(v, m[s[12]], m[s[13]]);
  mix<3, 4, 9, 14>(v, m[s[14]], m[s[15]]);
}

template <size_t... R>
[[gnu::always_inline]] constexpr void all_rounds(uint64_t* v, const uint64_t* m,
                                                 std::index_sequence<R...>) {
  (round<R>(v, m), ...);
}

}  // namespace blake2b_detail

class Blake2b {
 public:
  static constexpr size_t kMaxOutLen = 64;
  static constexpr size_t kMaxKeyLen = 64;
  static constexpr size_t kBlockSize = 128;

  static constexpr bool sizes_valid(size_t out_len, size_t key_len) {
    return out_len >= 1 && out_len <= kMaxOutLen && key_len <= kMaxKeyLen;
  }

  // With sizes that fail sizes_valid() the object is inert: valid() is false, update() does
  // nothing and finish() writes zeros (there are no exceptions to report it with).
  constexpr explicit Blake2b(size_t out_len, ByteSpan key = {}) {
    for (int i = 0; i < 8; ++i) h_[i] = blake2b_detail::kIv[i];
    if (!sizes_valid(out_len, key.size())) return;
    out_len_ = out_len;
    // Parameter block word 0: digest length, key length, fanout 1, depth 1 (sequential mode).
    h_[0] ^= 0x01010000ULL ^ (static_cast<uint64_t>(key.size()) << 8) ^ out_len;
    if (!key.empty()) {
      // The key, zero-padded to a full block, is the first block of input (RFC 7693 §3.3).
      blake2b_detail::copy(buffer_, key.data(), key.size());
      buffer_len_ = kBlockSize;
    }
  }

  constexpr bool valid() const { return out_len_ != 0; }
  constexpr size_t out_len() const { return out_len_; }

  constexpr void update(ByteSpan data) {
    if (!valid() || data.empty()) return;
    const uint8_t* in = data.data();
    size_t remaining = data.size();

    const size_t room = kBlockSize - buffer_len_;
    if (remaining > room) {
      // More input follows the buffered bytes, so the buffered block is not the last one.
      blake2b_detail::copy(buffer_ + buffer_len_, in, room);
      count(kBlockSize);
      compress(buffer_, false);
      buffer_len_ = 0;
      in += room;
      remaining -= room;
      // Whole blocks straight from the input; keep at least one byte back for finish().
      while (remaining > kBlockSize) {
        count(kBlockSize);
        compress(in, false);
        in += kBlockSize;
        remaining -= kBlockSize;
      }
    }
    blake2b_detail::copy(buffer_ + buffer_len_, in, remaining);
    buffer_len_ += remaining;
  }

  // Writes min(out.size(), out_len()) bytes of the digest. Call once; the state is spent after.
  constexpr void finish(MutableByteSpan out) {
    const size_t n = out.size() < out_len_ ? out.size() : out_len_;
    if (!valid()) {
      blake2b_detail::zero(out.data(), out.size());
      return;
    }
    count(buffer_len_);
    blake2b_detail::zero(buffer_ + buffer_len_, kBlockSize - buffer_len_);
    compress(buffer_, true);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(h_[i / 8] >> (8 * (i % 8)));
  }

 private:
  constexpr void compress(const uint8_t* block, bool last) {
    uint64_t m[16] = {};
    for (int i = 0; i < 16; ++i) m[i] = blake2b_detail::load64_le(block + 8 * i);

    uint64_t v[16] = {};
    for (int i = 0; i < 8; ++i) {
      v[i] = h_[i];
      v[i + 8] = blake2b_detail::kIv[i];
    }
    v[12] ^= counter_low_;
    v[13] ^= counter_high_;
    if (last) v[14] = ~v[14];

    blake2b_detail::all_rounds(v, m, std::make_index_sequence<12>{});

    for (int i = 0; i < 8; ++i) h_[i] ^= v[i] ^ v[i + 8];
  }
  constexpr void count(size_t bytes) {
    counter_low_ += bytes;
    if (counter_low_ < bytes) ++counter_high_;
  }

  uint64_t h_[8] = {};
  uint64_t counter_low_ = 0;
  uint64_t counter_high_ = 0;
  uint8_t buffer_[kBlockSize] = {};
  // The buffered bytes are compressed only once more input arrives, because the last block must
  // be compressed with the final flag set and we cannot know in advance which block is last.
  size_t buffer_len_ = 0;
  size_t out_len_ = 0;
};

// One-shot; an empty vector when the sizes are out of range.
Bytes blake2b(ByteSpan data, size_t out_len, ByteSpan key = {});

// blake2b of a name at compile time (N ≤ 64 bytes of digest).
template <size_t N>
constexpr ByteArray<N> blake2b_of_name(std::string_view name) {
  static_assert(N >= 1 && N <= Blake2b::kMaxOutLen);
  Blake2b hasher(N);
  // Fed a block at a time: a string's characters cannot be viewed as bytes in constant evaluation.
  uint8_t chunk[Blake2b::kBlockSize] = {};
  size_t done = 0;
  while (done < name.size()) {
    const size_t n = name.size() - done < sizeof chunk ? name.size() - done : sizeof chunk;
    for (size_t i = 0; i < n; ++i) chunk[i] = static_cast<uint8_t>(name[done + i]);
    hasher.update(ByteSpan(chunk, n));
    done += n;
  }
  ByteArray<N> out{};
  hasher.finish(out);
  return out;
}

}  // namespace canary::hash::portable
