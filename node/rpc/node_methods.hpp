// Every RPC method family this folder provides, registered in one call: what the node service
// does once it has built its RpcContext. The author_*, grandpa_* and babe_* families belong to
// the service (they need the transaction pool and the consensus engines) and are registered by it.
#pragma once

#include "node/rpc/archive_methods.hpp"
#include "node/rpc/chain_head_methods.hpp"
#include "node/rpc/chain_methods.hpp"
#include "node/rpc/chain_spec_methods.hpp"
#include "node/rpc/payment_methods.hpp"
#include "node/rpc/rpc_context.hpp"
#include "node/rpc/state_methods.hpp"
#include "node/rpc/system_methods.hpp"

namespace canary::node::rpc {

inline void register_node_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context) {
  register_system_methods(registry, context);
  register_chain_methods(registry, context);
  register_state_methods(registry, context);
  register_chain_head_methods(registry, context);
  register_chain_spec_methods(registry, context);
  register_archive_methods(registry, context);
  register_payment_methods(registry, context);
}

}  // namespace canary::node::rpc
