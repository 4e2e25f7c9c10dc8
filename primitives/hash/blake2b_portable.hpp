// BLAKE2b (RFC 7693) in plain C++, for the wasm32 build and as the cross-check of libsodium on the
// host. Digest of 1..64 bytes, optional key of 0..64 bytes; no salt or personalisation, since
// nothing in Polkadot uses them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::hash::portable {

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
  explicit Blake2b(size_t out_len, ByteSpan key = {});

  bool valid() const { return out_len_ != 0; }
  size_t out_len() const { return out_len_; }

  void update(ByteSpan data);

  // Writes min(out.size(), out_len()) bytes of the digest. Call once; the state is spent after.
  void finish(MutableByteSpan out);

 private:
  void compress(const uint8_t* block, bool last);
  void count(size_t bytes);

  uint64_t h_[8];
  uint64_t counter_low_ = 0;
  uint64_t counter_high_ = 0;
  uint8_t buffer_[kBlockSize];
  // The buffered bytes are compressed only once more input arrives, because the last block must
  // be compressed with the final flag set and we cannot know in advance which block is last.
  size_t buffer_len_ = 0;
  size_t out_len_ = 0;
};

// One-shot; an empty vector when the sizes are out of range.
Bytes blake2b(ByteSpan data, size_t out_len, ByteSpan key = {});

}  // namespace canary::hash::portable
