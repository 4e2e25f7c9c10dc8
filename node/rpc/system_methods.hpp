// system_*: the node's identity and health (substrate/client/rpc/src/system/mod.rs), the network
// views through RpcContext::hooks, and FRAME's system_accountNextIndex / system_dryRun
// (substrate/utils/frame/rpc/system/src/lib.rs) through the runtime's AccountNonceApi and
// BlockBuilder.
#pragma once

#include "node/rpc/rpc_context.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

void register_system_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context);

}  // namespace canary::node::rpc
