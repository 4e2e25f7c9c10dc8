// Offchain services for the runtime (sp-io `offchain`): what a runtime call made by the node
// outside block execution (an offchain worker, a runtime API such as
// BabeApi_submit_report_equivocation_unsigned_extrinsic) may ask of the node.
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::rt::io::offchain {

// sp-core's StorageKind: the node's offchain database, kept across restarts and shared by every
// offchain worker (kPersistent), or a node-local scratch space (kLocal).
enum class StorageKind : uint32_t { kPersistent = 1, kLocal = 2 };

// The offchain database (sp-io `local_storage_*`): what is stored under `key`, none if nothing.
std::optional<Bytes> local_storage_get(StorageKind kind, ByteSpan key);
void local_storage_set(StorageKind kind, ByteSpan key, ByteSpan value);
void local_storage_clear(StorageKind kind, ByteSpan key);
// Sets `value` if what is stored is `expected` (none: nothing stored); whether it did. The
// database's only atomic operation: offchain workers of concurrent blocks lock with it.
bool local_storage_compare_and_set(StorageKind kind, ByteSpan key,
                                   const std::optional<Bytes>& expected, ByteSpan value);

// Hands an encoded extrinsic to the node's transaction pool as a local transaction; whether the
// pool took it (false also where the call has no pool, e.g. in block import).
bool submit_transaction(ByteSpan extrinsic);

}  // namespace canary::rt::io::offchain
