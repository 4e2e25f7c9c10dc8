// state_* and childstate_*: storage reads at a block (values, hashes, sizes, keys by prefix and
// by page, pairs), read proofs, runtime calls, metadata and the runtime version, storage
// history (queryStorage, queryStorageAt), and the storage and runtime version subscriptions
// (substrate/client/rpc-api/src/state/mod.rs and child_state/mod.rs, substrate/client/rpc/src/
// state/), with Substrate's aliases (state_getStorageAt, state_callAt, chain_getRuntimeVersion,
// chain_subscribeRuntimeVersion…) and its unsafe set (getPairs, queryStorage, subscribing to
// every key).
#pragma once

#include "node/rpc/rpc_context.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

// state_getKeysPaged's largest page (sc-rpc state/mod.rs STORAGE_KEYS_PAGED_MAX_COUNT).
inline constexpr uint32_t kStorageKeysPagedMaxCount = 1000;

void register_state_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context);

}  // namespace canary::node::rpc
