// chain_*: headers, blocks, hashes by number, the finalized head, and the head subscriptions
// (substrate/client/rpc-api/src/chain/mod.rs, substrate/client/rpc/src/chain/), with every alias
// Substrate registers (chain_getHead, chain_getFinalisedHead, subscribe_newHead,
// chain_subscribeNewHead, chain_subscribeFinalisedHeads and their unsubscribe names).
#pragma once

#include "node/rpc/rpc_context.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

void register_chain_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context);

}  // namespace canary::node::rpc
