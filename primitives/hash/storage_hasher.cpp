#include "primitives/hash/storage_hasher.hpp"

#include "primitives/hash/hash.hpp"

namespace canary::hash {

namespace {

template <size_t N>
Bytes digest_then_key(const ByteArray<N>& digest, ByteSpan key, bool append_key) {
  Bytes out;
  out.reserve(N + (append_key ? key.size() : 0));
  out.insert(out.end(), digest.begin(), digest.end());
  if (append_key) out.insert(out.end(), key.begin(), key.end());
  return out;
}

}  // namespace

Bytes hash_storage_key(StorageHasher hasher, ByteSpan key) {
  switch (hasher) {
    case StorageHasher::kBlake2_128:
      return digest_then_key(blake2b_128(key), key, false);
    case StorageHasher::kBlake2_256:
      return digest_then_key(blake2b_256(key), key, false);
    case StorageHasher::kBlake2_128Concat:
      return digest_then_key(blake2b_128(key), key, true);
    case StorageHasher::kTwox128:
      return digest_then_key(twox_128(key), key, false);
    case StorageHasher::kTwox256:
      return digest_then_key(twox_256(key), key, false);
    case StorageHasher::kTwox64Concat:
      return digest_then_key(twox_64(key), key, true);
    case StorageHasher::kIdentity:
      return Bytes(key.begin(), key.end());
  }
  return {};
}

size_t storage_hasher_prefix_size(StorageHasher hasher) {
  switch (hasher) {
    case StorageHasher::kBlake2_128:
    case StorageHasher::kBlake2_128Concat:
    case StorageHasher::kTwox128:
      return 16;
    case StorageHasher::kBlake2_256:
    case StorageHasher::kTwox256:
      return 32;
    case StorageHasher::kTwox64Concat:
      return 8;
    case StorageHasher::kIdentity:
      return 0;
  }
  return 0;
}

bool storage_hasher_is_concat(StorageHasher hasher) {
  switch (hasher) {
    case StorageHasher::kBlake2_128Concat:
    case StorageHasher::kTwox64Concat:
    case StorageHasher::kIdentity:
      return true;
    case StorageHasher::kBlake2_128:
    case StorageHasher::kBlake2_256:
    case StorageHasher::kTwox128:
    case StorageHasher::kTwox256:
      return false;
  }
  return false;
}

Bytes storage_prefix(std::string_view pallet, std::string_view item) {
  const Hash128 pallet_hash = twox_128(as_bytes(pallet));
  const Hash128 item_hash = twox_128(as_bytes(item));
  return concat(pallet_hash, item_hash);
}

Bytes storage_map_key(std::string_view pallet, std::string_view item, StorageHasher hasher,
                      ByteSpan key) {
  Bytes out = storage_prefix(pallet, item);
  const Bytes hashed = hash_storage_key(hasher, key);
  out.insert(out.end(), hashed.begin(), hashed.end());
  return out;
}

}  // namespace canary::hash
