// chainSpec_v1_chainName, chainSpec_v1_genesisHash, chainSpec_v1_properties
// (json-rpc-interface-spec src/api/chainSpec_v1_*.md; rpc-spec-v2 chain_spec/chain_spec.rs).
#pragma once

#include "node/rpc/rpc_context.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

void register_chain_spec_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context);

}  // namespace canary::node::rpc
