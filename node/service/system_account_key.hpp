// The storage key of an account's System.Account entry (its nonce and balances), which the node
// reads outside the runtime: import's prefetch of the signers, the benchmarks' genesis and checks.
#pragma once

#include "primitives/hash/storage_hasher.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::node {

// twox128("System") ++ twox128("Account") ++ blake2_128_concat(account_id).
inline Bytes system_account_key(ByteSpan account_id) {
  return hash::storage_map_key("System", "Account", hash::StorageHasher::kBlake2_128Concat,
                               account_id);
}

}  // namespace canary::node
