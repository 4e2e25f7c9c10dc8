// The offchain local storage RPCs (sc-rpc offchain/, unsafe): offchain_localStorageSet(kind, key,
// value), offchain_localStorageGet(kind, key) (hex value or null) and
// offchain_localStorageClear(kind, key), over the database's `offchain` column with sc-client-db's
// layout (sp-offchain STORAGE_PREFIX b"storage" before the key). `kind` is "PERSISTENT" or
// "LOCAL"; LOCAL is refused as Substrate refuses it: 5001 "This storage kind is not available yet".
// They go through the node's DatabaseOffchainStorage, the one its offchain workers use, so that
// an RPC write never slips between the read and the write of a worker's compare-and-set.
#pragma once

#include <memory>
#include <string_view>

#include "blockchain/chain.hpp"
#include "blockchain/database_offchain_storage.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node {

// sc-rpc-api offchain/error.rs: base::OFFCHAIN (5000) + 1.
inline constexpr int kOffchainUnavailableStorageKindCode = 5001;
// sp-offchain STORAGE_PREFIX: the PERSISTENT kind's prefix in the offchain column.
inline constexpr std::string_view kOffchainPersistentPrefix = blockchain::kOffchainStoragePrefix;

void register_offchain_methods(::canary::rpc::MethodRegistry& registry,
                               const std::shared_ptr<blockchain::DatabaseOffchainStorage>& storage);
// With a storage of its own over the chain's database.
void register_offchain_methods(::canary::rpc::MethodRegistry& registry, blockchain::Chain& chain);

}  // namespace canary::node
