// chainHead_v1_*: follow / unfollow, header, body, call, storage, unpin, continue,
// stopOperation (json-rpc-interface-spec; Substrate's rpc-spec-v2 chain_head/api.rs). The state
// machine is ChainHead (chain_head.hpp); this file parses the params.
#pragma once

#include "node/rpc/chain_head.hpp"
#include "node/rpc/rpc_context.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

void register_chain_head_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context,
                                 ChainHeadLimits limits = {});

}  // namespace canary::node::rpc
