// The hashers of storage map keys (frame-support `StorageHasher`), as types: a map declares one
// per key. The key's SCALE encoding is hashed; the *Concat hashers and Identity keep the encoded
// key after the digest, so that iterating a map can decode its keys.
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
  static void hash_into(Bytes& out, ByteSpan encoded_key) {
    const Hash128 digest = io::hashing::blake2_128(encoded_key);
    out.insert(out.end(), digest.begin(), digest.end());
    out.insert(out.end(), encoded_key.begin(), encoded_key.end());
  }
};

struct Twox64Concat {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kTwox64Concat;
  static constexpr size_t kDigestSize = 8;
  static constexpr bool kReversible = true;
  static void hash_into(Bytes& out, ByteSpan encoded_key) {
    const ByteArray<8> digest = io::hashing::twox_64(encoded_key);
    out.insert(out.end(), digest.begin(), digest.end());
    out.insert(out.end(), encoded_key.begin(), encoded_key.end());
  }
};

struct Identity {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kIdentity;
  static constexpr size_t kDigestSize = 0;
  static constexpr bool kReversible = true;
  static void hash_into(Bytes& out, ByteSpan encoded_key) {
    out.insert(out.end(), encoded_key.begin(), encoded_key.end());
  }
};

struct Blake2_128 {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kBlake2_128;
  static constexpr size_t kDigestSize = 16;
  static constexpr bool kReversible = false;
  static void hash_into(Bytes& out, ByteSpan encoded_key) {
    const Hash128 digest = io::hashing::blake2_128(encoded_key);
    out.insert(out.end(), digest.begin(), digest.end());
  }
};

struct Blake2_256 {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kBlake2_256;
  static constexpr size_t kDigestSize = 32;
  static constexpr bool kReversible = false;
  static void hash_into(Bytes& out, ByteSpan encoded_key) {
    const Hash256 digest = io::hashing::blake2_256(encoded_key);
    out.insert(out.end(), digest.begin(), digest.end());
  }
};

struct Twox128 {
  static constexpr hash::StorageHasher kKind = hash::StorageHasher::kTwox128;
  static constexpr size_t kDigestSize = 16;
  static constexpr bool kReversible = false;
  static void hash_into(Bytes& out, ByteSpan encoded_key) {
    const Hash128 digest = io::hashing::twox_128(encoded_key);
    out.insert(out.end(), digest.begin(), digest.end());
  }
};

}  // namespace canary::rt
