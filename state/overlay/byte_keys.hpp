// Storage keys compare as the trie orders them: lexicographically, byte by byte, unsigned
// (ext_storage_next_key and clear_prefix iterate in this order).
#pragma once

#include <algorithm>
#include <cstddef>

#include "primitives/hash/hash.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::state {

// A transparent ordering, so that maps keyed by Bytes can be searched with a ByteSpan without
// copying the key.
struct BytesLess {
  using is_transparent = void;
  bool operator()(ByteSpan a, ByteSpan b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  }
};

// Hashing and equality of keys for hash maps keyed by views of stored keys (exact lookups: the
// overlay's index of written keys, the trie backend's read cache). Storage keys are hashes with
// long common prefixes (twox128(pallet) ‖ twox128(item) ‖ …), so the whole key is hashed.
struct BytesHash {
  using is_transparent = void;
  size_t operator()(ByteSpan key) const { return static_cast<size_t>(hash::xxhash64(key, 0)); }
};
struct BytesEqual {
  using is_transparent = void;
  bool operator()(ByteSpan a, ByteSpan b) const {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
};

inline bool has_prefix(ByteSpan key, ByteSpan prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

inline bool same_bytes(ByteSpan a, ByteSpan b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace canary::state
