// archive_v1_*: finalizedHeight, genesisHash, hashByHeight, header, body, call, and the
// archive_v1_storage subscription (json-rpc-interface-spec src/api/archive_v1_*.md; rpc-spec-v2
// archive/). The node answers for the blocks it keeps: a state that was pruned (beyond the
// pruning window of finalized blocks) makes archive_v1_call answer {"success": false, ..} and
// archive_v1_storage send storageError.
#pragma once

#include "node/rpc/rpc_context.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

void register_archive_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context);

}  // namespace canary::node::rpc
