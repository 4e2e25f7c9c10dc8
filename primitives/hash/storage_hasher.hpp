// Substrate's storage-map key hashers (FRAME `StorageHasher`, metadata V14 order) and the
// pallet/item prefix every storage key starts with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "primitives/util/bytes.hpp"

namespace canary::hash {

// The numeric values are the SCALE indices in runtime metadata V14+.
enum class StorageHasher : uint8_t {
  kBlake2_128 = 0,
  kBlake2_256 = 1,
  kBlake2_128Concat = 2,
  kTwox128 = 3,
  kTwox256 = 4,
  kTwox64Concat = 5,
  kIdentity = 6,
};
// For SCALE decoding (metadata read back from a runtime).
inline bool scale_is_valid(StorageHasher h) {
  return static_cast<uint8_t>(h) <= static_cast<uint8_t>(StorageHasher::kIdentity);
}

// The hashed form of one map key: the digest, followed by the key itself for the *Concat
// hashers, or the key alone for Identity. Empty for a value outside the enum.
Bytes hash_storage_key(StorageHasher hasher, ByteSpan key);

// Length of the digest part of hash_storage_key's output (0 for Identity); for the concat hashers
// the original key starts at this offset.
size_t storage_hasher_prefix_size(StorageHasher hasher);

// True when the original key can be read back from the hashed key (Blake2_128Concat,
// Twox64Concat, Identity).
bool storage_hasher_is_concat(StorageHasher hasher);

// twox_128(pallet) ++ twox_128(item): the 32-byte prefix of a storage item's keys.
Bytes storage_prefix(std::string_view pallet, std::string_view item);

// The key of one entry of a storage map: storage_prefix(pallet, item) ++ hash_storage_key(hasher,
// key), e.g. System.Account's twox128("System") ++ twox128("Account") ++ blake2_128_concat(who).
Bytes storage_map_key(std::string_view pallet, std::string_view item, StorageHasher hasher,
                      ByteSpan key);

}  // namespace canary::hash
