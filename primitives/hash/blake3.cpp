#include "primitives/hash/blake3.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace canary::hash {

namespace {

// The specification's section 2: the compression function is BLAKE2s' with 7 rounds, a fixed
// message permutation between rounds, and the counter, block length and flags in the state.
constexpr std::array<uint32_t, 8> kIv = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                         0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
constexpr std::array<uint8_t, 16> kPermutation = {2, 6,  3,  10, 7, 0,  4,  13,
                                                  1, 11, 12, 5,  9, 14, 15, 8};

constexpr size_t kBlockLen = 64;
constexpr size_t kChunkLen = 1024;

constexpr uint32_t kChunkStart = 1 << 0;
constexpr uint32_t kChunkEnd = 1 << 1;
constexpr uint32_t kParent = 1 << 2;
constexpr uint32_t kRoot = 1 << 3;

using Words8 = std::array<uint32_t, 8>;
using Words16 = std::array<uint32_t, 16>;

constexpr uint32_t rotr(uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

inline void g(Words16& s, int a, int b, int c, int d, uint32_t mx, uint32_t my) {
  s[a] = s[a] + s[b] + mx;
  s[d] = rotr(s[d] ^ s[a], 16);
  s[c] = s[c] + s[d];
  s[b] = rotr(s[b] ^ s[c], 12);
  s[a] = s[a] + s[b] + my;
  s[d] = rotr(s[d] ^ s[a], 8);
  s[c] = s[c] + s[d];
  s[b] = rotr(s[b] ^ s[c], 7);
}

inline void round(Words16& s, const Words16& m) {
  g(s, 0, 4, 8, 12, m[0], m[1]);
  g(s, 1, 5, 9, 13, m[2], m[3]);
  g(s, 2, 6, 10, 14, m[4], m[5]);
  g(s, 3, 7, 11, 15, m[6], m[7]);
  g(s, 0, 5, 10, 15, m[8], m[9]);
  g(s, 1, 6, 11, 12, m[10], m[11]);
  g(s, 2, 7, 8, 13, m[12], m[13]);
  g(s, 3, 4, 9, 14, m[14], m[15]);
}

// The first 8 words of the compression's output: the chaining value (or the 32-byte hash).
Words8 compress(const Words8& cv, const Words16& block, uint64_t counter, uint32_t block_len,
                uint32_t flags) {
  Words16 s = {cv[0],
               cv[1],
               cv[2],
               cv[3],
               cv[4],
               cv[5],
               cv[6],
               cv[7],
               kIv[0],
               kIv[1],
               kIv[2],
               kIv[3],
               static_cast<uint32_t>(counter),
               static_cast<uint32_t>(counter >> 32),
               block_len,
               flags};
  Words16 m = block;
  for (int r = 0; r < 7; ++r) {
    round(s, m);
    if (r == 6) break;
    Words16 permuted;
    for (size_t i = 0; i < 16; ++i) permuted[i] = m[kPermutation[i]];
    m = permuted;
  }
  Words8 out;
  for (size_t i = 0; i < 8; ++i) out[i] = s[i] ^ s[i + 8];
  return out;
}

// A block of up to 64 bytes as little-endian words, zero-padded.
Words16 load_block(const uint8_t* data, size_t len) {
  std::array<uint8_t, kBlockLen> bytes{};
  std::copy(data, data + len, bytes.begin());
  Words16 words;
  for (size_t i = 0; i < 16; ++i) {
    words[i] = static_cast<uint32_t>(bytes[4 * i]) | static_cast<uint32_t>(bytes[4 * i + 1]) << 8 |
               static_cast<uint32_t>(bytes[4 * i + 2]) << 16 |
               static_cast<uint32_t>(bytes[4 * i + 3]) << 24;
  }
  return words;
}

// What the last compression of a node takes: kept back so that the root one can add kRoot.
struct Output {
  Words8 cv;
  Words16 block;
  uint64_t counter;
  uint32_t block_len;
  uint32_t flags;

  Words8 chaining_value() const { return compress(cv, block, counter, block_len, flags); }
};

// A chunk (up to 1024 bytes; the empty input is one empty chunk) up to its last block.
Output chunk_output(const uint8_t* data, size_t len, uint64_t chunk_counter) {
  Words8 cv = kIv;
  size_t offset = 0;
  uint32_t start = kChunkStart;
  while (len - offset > kBlockLen) {
    cv = compress(cv, load_block(data + offset, kBlockLen), chunk_counter, kBlockLen, start);
    start = 0;
    offset += kBlockLen;
  }
  const size_t last = len - offset;
  return {cv, load_block(data + offset, last), chunk_counter, static_cast<uint32_t>(last),
          start | kChunkEnd};
}

Output parent_output(const Words8& left, const Words8& right) {
  Words16 block;
  std::copy(left.begin(), left.end(), block.begin());
  std::copy(right.begin(), right.end(), block.begin() + 8);
  return {kIv, block, 0, kBlockLen, kParent};
}

}  // namespace

Hash256 blake3_256(ByteSpan data) {
  // The chaining values of complete left subtrees, as the specification's section 5.1.2 keeps
  // them: after chunk n (counting from 1), one merge per trailing zero bit of n.
  std::array<Words8, 64> stack;
  size_t depth = 0;
  const size_t chunks = data.empty() ? 1 : (data.size() + kChunkLen - 1) / kChunkLen;
  for (uint64_t i = 0; i + 1 < chunks; ++i) {
    Words8 cv = chunk_output(data.data() + i * kChunkLen, kChunkLen, i).chaining_value();
    for (uint64_t total = i + 1; (total & 1) == 0; total >>= 1) {
      cv = parent_output(stack[--depth], cv).chaining_value();
    }
    stack[depth++] = cv;
  }
  const size_t last_offset = (chunks - 1) * kChunkLen;
  Output output = chunk_output(data.data() + last_offset, data.size() - last_offset, chunks - 1);
  while (depth > 0) output = parent_output(stack[--depth], output.chaining_value());
  // The root compression counts output blocks, not chunks: the first (and only) one is 0.
  const Words8 root = compress(output.cv, output.block, 0, output.block_len, output.flags | kRoot);
  Hash256 out;
  for (size_t i = 0; i < 8; ++i) {
    for (size_t b = 0; b < 4; ++b) out[4 * i + b] = static_cast<uint8_t>(root[i] >> (8 * b));
  }
  return out;
}

}  // namespace canary::hash
