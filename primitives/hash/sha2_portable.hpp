// SHA-256 and SHA-512 (FIPS 180-4) in plain C++, for the wasm32 build and as the cross-check of
// libsodium on the host.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::hash::portable {

class Sha256 {
 public:
  static constexpr size_t kDigestSize = 32;
  static constexpr size_t kBlockSize = 64;

  Sha256();
  void update(ByteSpan data);
  // Writes min(out.size(), 32) bytes of the digest. Call once; the state is spent after.
  void finish(MutableByteSpan out);

 private:
  void compress(const uint8_t* block);

  uint32_t h_[8];
  uint64_t total_len_ = 0;  // in bytes; FIPS 180-4 caps SHA-256 input at 2^64 bits anyway
  uint8_t buffer_[kBlockSize];
  size_t buffer_len_ = 0;
};

class Sha512 {
 public:
  static constexpr size_t kDigestSize = 64;
  static constexpr size_t kBlockSize = 128;

  Sha512();
  void update(ByteSpan data);
  // Writes min(out.size(), 64) bytes of the digest. Call once; the state is spent after.
  void finish(MutableByteSpan out);

 private:
  void compress(const uint8_t* block);

  uint64_t h_[8];
  // Byte count; the 128-bit bit length written at the end is derived from it (inputs beyond
  // 2^64 bytes are not a concern).
  uint64_t total_len_ = 0;
  uint8_t buffer_[kBlockSize];
  size_t buffer_len_ = 0;
};

Hash256 sha2_256(ByteSpan data);
Hash512 sha2_512(ByteSpan data);

}  // namespace canary::hash::portable
