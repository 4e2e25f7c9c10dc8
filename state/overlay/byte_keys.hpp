// Storage keys compare as the trie orders them: lexicographically, byte by byte, unsigned
// (ext_storage_next_key and clear_prefix iterate in this order).
#pragma once

#include <algorithm>

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

inline bool has_prefix(ByteSpan key, ByteSpan prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

inline bool same_bytes(ByteSpan a, ByteSpan b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace canary::state
