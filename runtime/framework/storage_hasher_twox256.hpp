// frame-support's Twox256 storage hasher (storage_hashers.hpp has the others): the SCALE key hashed
// with xxHash64 under seeds 0..3, 32 bytes, not reversible. CoretimeAssignmentProvider's maps use
// it. Kept apart from storage_hashers.hpp, which every pallet includes, so that adding it did not
// rebuild the runtime; merge the two when that file changes anyway.
#pragma once

#include <cstdint>

#include "primitives/hash/storage_hasher.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt {

struct Twox256 {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kTwox256;
  static constexpr size_t kDigestSize = 32;
  static constexpr bool kReversible = false;
  static constexpr bool kConcat = false;
  static Hash256 digest(ByteSpan encoded_key) { return io::hashing::twox_256(encoded_key); }
};

}  // namespace canary::rt
