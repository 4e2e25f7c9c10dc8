#include "primitives/hash/sha2_portable.hpp"

#include <bit>
#include <cstring>

namespace canary::hash::portable {

namespace {

// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64
// primes.
constexpr uint32_t kK256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// FIPS 180-4 §5.3.3: fractional parts of the square roots of the first 8 primes.
constexpr uint32_t kInitial256[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

// FIPS 180-4 §4.2.3: first 64 bits of the fractional parts of the cube roots of the first 80
// primes.
constexpr uint64_t kK512[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

// FIPS 180-4 §5.3.5.
constexpr uint64_t kInitial512[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

inline uint32_t load32_be(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap32(v);
  return v;
}

inline uint64_t load64_be(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

inline void store32_be(uint8_t* p, uint32_t v) {
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
}

inline void store64_be(uint8_t* p, uint64_t v) {
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}

// Shared Merkle-Damgård buffering: feeds whole blocks to `compress`, keeps the tail in `buffer`.
template <size_t kBlock, class Compress>
void absorb(ByteSpan data, uint8_t* buffer, size_t& buffer_len, Compress compress) {
  const uint8_t* in = data.data();
  size_t remaining = data.size();
  if (buffer_len > 0) {
    const size_t take = remaining < kBlock - buffer_len ? remaining : kBlock - buffer_len;
    std::memcpy(buffer + buffer_len, in, take);
    buffer_len += take;
    in += take;
    remaining -= take;
    if (buffer_len < kBlock) return;
    compress(buffer);
    buffer_len = 0;
  }
  while (remaining >= kBlock) {
    compress(in);
    in += kBlock;
    remaining -= kBlock;
  }
  if (remaining > 0) std::memcpy(buffer, in, remaining);
  buffer_len = remaining;
}

// Pads with 0x80, zeros and the big-endian bit length in the last kLengthField bytes
// (FIPS 180-4 §5.1), compressing one or two final blocks.
template <size_t kBlock, size_t kLengthField, class Compress>
void pad_and_finish(uint64_t total_len, uint8_t* buffer, size_t buffer_len, Compress compress) {
  buffer[buffer_len++] = 0x80;
  if (buffer_len > kBlock - kLengthField) {
    std::memset(buffer + buffer_len, 0, kBlock - buffer_len);
    compress(buffer);
    buffer_len = 0;
  }
  std::memset(buffer + buffer_len, 0, kBlock - buffer_len);
  // The length field is wider than 64 bits for SHA-512; the bytes above the low 64 bits hold the
  // three bits shifted out of total_len * 8 and zeros.
  store64_be(buffer + kBlock - 8, total_len << 3);
  if constexpr (kLengthField > 8) buffer[kBlock - 9] = static_cast<uint8_t>(total_len >> 61);
  compress(buffer);
}

}  // namespace

Sha256::Sha256() {
  std::memcpy(h_, kInitial256, sizeof h_);
  std::memset(buffer_, 0, sizeof buffer_);
}

void Sha256::compress(const uint8_t* block) {
  uint32_t w[64];
  for (int t = 0; t < 16; ++t) w[t] = load32_be(block + 4 * t);
  for (int t = 16; t < 64; ++t) {
    const uint32_t s0 = std::rotr(w[t - 15], 7) ^ std::rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const uint32_t s1 = std::rotr(w[t - 2], 17) ^ std::rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3];
  uint32_t e = h_[4], f = h_[5], g = h_[6], h = h_[7];
  for (int t = 0; t < 64; ++t) {
    const uint32_t big_sigma1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
    const uint32_t choose = (e & f) ^ (~e & g);
    const uint32_t t1 = h + big_sigma1 + choose + kK256[t] + w[t];
    const uint32_t big_sigma0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
    const uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    const uint32_t t2 = big_sigma0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h_[0] += a;
  h_[1] += b;
  h_[2] += c;
  h_[3] += d;
  h_[4] += e;
  h_[5] += f;
  h_[6] += g;
  h_[7] += h;
}

void Sha256::update(ByteSpan data) {
  if (data.empty()) return;
  total_len_ += data.size();
  absorb<kBlockSize>(data, buffer_, buffer_len_, [this](const uint8_t* b) { compress(b); });
}

void Sha256::finish(MutableByteSpan out) {
  pad_and_finish<kBlockSize, 8>(total_len_, buffer_, buffer_len_,
                                [this](const uint8_t* b) { compress(b); });
  uint8_t digest[kDigestSize];
  for (int i = 0; i < 8; ++i) store32_be(digest + 4 * i, h_[i]);
  const size_t n = out.size() < kDigestSize ? out.size() : kDigestSize;
  if (n != 0) std::memcpy(out.data(), digest, n);
}

Sha512::Sha512() {
  std::memcpy(h_, kInitial512, sizeof h_);
  std::memset(buffer_, 0, sizeof buffer_);
}

void Sha512::compress(const uint8_t* block) {
  uint64_t w[80];
  for (int t = 0; t < 16; ++t) w[t] = load64_be(block + 8 * t);
  for (int t = 16; t < 80; ++t) {
    const uint64_t s0 = std::rotr(w[t - 15], 1) ^ std::rotr(w[t - 15], 8) ^ (w[t - 15] >> 7);
    const uint64_t s1 = std::rotr(w[t - 2], 19) ^ std::rotr(w[t - 2], 61) ^ (w[t - 2] >> 6);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint64_t a = h_[0], b = h_[1], c = h_[2], d = h_[3];
  uint64_t e = h_[4], f = h_[5], g = h_[6], h = h_[7];
  for (int t = 0; t < 80; ++t) {
    const uint64_t big_sigma1 = std::rotr(e, 14) ^ std::rotr(e, 18) ^ std::rotr(e, 41);
    const uint64_t choose = (e & f) ^ (~e & g);
    const uint64_t t1 = h + big_sigma1 + choose + kK512[t] + w[t];
    const uint64_t big_sigma0 = std::rotr(a, 28) ^ std::rotr(a, 34) ^ std::rotr(a, 39);
    const uint64_t majority = (a & b) ^ (a & c) ^ (b & c);
    const uint64_t t2 = big_sigma0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h_[0] += a;
  h_[1] += b;
  h_[2] += c;
  h_[3] += d;
  h_[4] += e;
  h_[5] += f;
  h_[6] += g;
  h_[7] += h;
}

void Sha512::update(ByteSpan data) {
  if (data.empty()) return;
  total_len_ += data.size();
  absorb<kBlockSize>(data, buffer_, buffer_len_, [this](const uint8_t* b) { compress(b); });
}

void Sha512::finish(MutableByteSpan out) {
  pad_and_finish<kBlockSize, 16>(total_len_, buffer_, buffer_len_,
                                 [this](const uint8_t* b) { compress(b); });
  uint8_t digest[kDigestSize];
  for (int i = 0; i < 8; ++i) store64_be(digest + 8 * i, h_[i]);
  const size_t n = out.size() < kDigestSize ? out.size() : kDigestSize;
  if (n != 0) std::memcpy(out.data(), digest, n);
}

Hash256 sha2_256(ByteSpan data) {
  Sha256 hasher;
  hasher.update(data);
  Hash256 out;
  hasher.finish(out);
  return out;
}

Hash512 sha2_512(ByteSpan data) {
  Sha512 hasher;
  hasher.update(data);
  Hash512 out;
  hasher.finish(out);
  return out;
}

}  // namespace canary::hash::portable
