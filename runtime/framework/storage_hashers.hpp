// The hashers of storage map keys (frame-support `StorageHasher`), as types: a map declares one
// per key. The key's SCALE encoding is hashed; the *Concat hashers and Identity keep the encoded
// key after the digest (kConcat), so that iterating a map can decode its keys. A hasher gives its
// digest as an array, so that keys are built in place (storage.hpp's StackBytes).
#pragma once

#include <cstdint>

#include "primitives/hash/storage_hasher.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt {

struct Blake2_128Concat {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kBlake2_128Concat;
  static constexpr size_t kDigestSize = 16;
  static constexpr bool kReversible = true;
  static constexpr bool kConcat = true;
  static Hash128 digest(ByteSpan encoded_key) { return io::hashing::blake2_128(encoded_key); }
};

struct Twox64Concat {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kTwox64Concat;
  static constexpr size_t kDigestSize = 8;
  static constexpr bool kReversible = true;
  static constexpr bool kConcat = true;
  static ByteArray<8> digest(ByteSpan encoded_key) { return io::hashing::twox_64(encoded_key); }
};

struct Identity {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kIdentity;
  static constexpr size_t kDigestSize = 0;
  static constexpr bool kReversible = true;
  static constexpr bool kConcat = true;
  static ByteArray<0> digest(ByteSpan) { return {}; }
};

struct Blake2_128 {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kBlake2_128;
  static constexpr size_t kDigestSize = 16;
  static constexpr bool kReversible = false;
  static constexpr bool kConcat = false;
  static Hash128 digest(ByteSpan encoded_key) { return io::hashing::blake2_128(encoded_key); }
};

struct Blake2_256 {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kBlake2_256;
  static constexpr size_t kDigestSize = 32;
  static constexpr bool kReversible = false;
  static constexpr bool kConcat = false;
  static Hash256 digest(ByteSpan encoded_key) { return io::hashing::blake2_256(encoded_key); }
};

struct Twox128 {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kTwox128;
  static constexpr size_t kDigestSize = 16;
  static constexpr bool kReversible = false;
  static constexpr bool kConcat = false;
  static Hash128 digest(ByteSpan encoded_key) { return io::hashing::twox_128(encoded_key); }
};

}  // namespace canary::rt
