// Offchain local storage: the key-value store offchain workers share on one node, outside
// consensus (ext_offchain_local_storage_*; sp-core offchain `StorageKind`, `OffchainStorage`).
// PERSISTENT survives forks and restarts and also receives the offchain index writes of imported
// blocks; LOCAL is meant to be fork-aware. The reference never implemented LOCAL (sc-offchain
// logs "not available yet" and answers None / false); Canary keeps it as a second namespace.
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::executor::offchain {

enum class StorageKind : uint8_t { kPersistent, kLocal };

// The wire value of a kind. Every deployed runtime passes the enum's variant index (sp-runtime-
// interface's PassByEnum reads a u8): PERSISTENT = 0, LOCAL = 1 (smoldot
// `expect_offchain_storage_kind`; w3f/polkadot-tests HostApiInputs.jl `kind`; Kagome PR #2191),
// although the enum declares the discriminants 1 and 2, which the spec documents and polkadot-sdk's
// newer `PassAs<StorageKind, u32>` marshalling sends. 2 is therefore taken as LOCAL too; 1 keeps
// the meaning deployed runtimes give it. Only the low byte counts.
constexpr std::optional<StorageKind> storage_kind_from_wire(uint32_t value) {
  switch (value & 0xff) {
    case 0:
      return StorageKind::kPersistent;
    case 1:
    case 2:
      return StorageKind::kLocal;
    default:
      return std::nullopt;
  }
}

class OffchainStorage {
 public:
  virtual ~OffchainStorage() = default;

  virtual std::optional<Bytes> get(StorageKind kind, ByteSpan key) = 0;
  virtual void set(StorageKind kind, ByteSpan key, ByteSpan value) = 0;
  virtual void clear(StorageKind kind, ByteSpan key) = 0;
  // Sets `new_value` if the current value is `old_value` (none: the key is absent); atomic with
  // respect to the other calls, so that concurrent workers can take locks with it.
  virtual bool compare_and_set(StorageKind kind, ByteSpan key, std::optional<ByteSpan> old_value,
                               ByteSpan new_value) = 0;
};

}  // namespace canary::executor::offchain
