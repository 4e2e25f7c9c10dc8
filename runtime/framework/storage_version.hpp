// A pallet's storage version (frame-support `StorageVersion`, `GetStorageVersion`): a u16 that
// says which layout the pallet's storage has, so that a migration can tell whether it still has
// to run.
//
// Two values exist:
//   - the in-code version, declared by the pallet (`#[pallet::storage_version(N)]`):
//       static constexpr uint16_t kStorageVersion = N;   // absent: 0
//   - the on-chain version: SCALE u16 under twox_128(pallet name) ‖
//   twox_128(":__STORAGE_VERSION__:")
//     (absent reads as 0).
// The runtime writes every pallet's in-code version at genesis (FRAME's `OnGenesis`, for all
// pallets, 0 for those without a declared version) and, in the first block after a code change,
// for pallets that have none on chain yet (FRAME's `BeforeAllRuntimeMigrations`: a pallet added
// by an upgrade starts at its in-code version). Anything else is a migration's job
// (migrations.hpp). Metadata does not carry storage versions.
#pragma once

#include <concepts>
#include <cstdint>

#include "runtime/framework/storage.hpp"

namespace canary::rt {

using StorageVersion = uint16_t;

// FRAME's STORAGE_VERSION_STORAGE_KEY_POSTFIX.
inline constexpr FixedString kStorageVersionItem{":__STORAGE_VERSION__:"};

template <class P>
concept DeclaresStorageVersion = requires {
  { P::kStorageVersion } -> std::convertible_to<StorageVersion>;
};

// The key layout is a storage value's, under the reserved item name (not in the metadata).
template <class P>
using StorageVersionItem = StorageValue<P, kStorageVersionItem, StorageVersion, ValueQuery>;

template <class P>
constexpr StorageVersion in_code_storage_version() {
  if constexpr (DeclaresStorageVersion<P>) {
    return P::kStorageVersion;
  } else {
    return 0;
  }
}

template <class P>
StorageVersion on_chain_storage_version() {
  return StorageVersionItem<P>::get();
}

template <class P>
void put_storage_version(StorageVersion version) {
  StorageVersionItem<P>::put(version);
}

template <class P>
bool storage_version_exists() {
  return StorageVersionItem<P>::exists();
}

template <class P>
const Bytes& storage_version_key() {
  return StorageVersionItem<P>::key();
}

}  // namespace canary::rt
