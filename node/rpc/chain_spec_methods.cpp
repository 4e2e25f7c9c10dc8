#include "node/rpc/chain_spec_methods.hpp"

#include "node/rpc/registration.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node::rpc {

void register_chain_spec_methods(MethodRegistry& registry, RpcContext& context) {
  RpcContext* ctx = &context;
  add_method(registry, {"chainSpec_v1_chainName"}, MethodSafety::kSafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               return Json(ctx->info.chain_name);
             });
  add_method(registry, {"chainSpec_v1_genesisHash"}, MethodSafety::kSafe,
             [ctx](const Params&, const CallContext&) -> MethodResult {
               return Json(to_hex(ctx->chain.genesis().hash));
             });
  add_method(
      registry, {"chainSpec_v1_properties"}, MethodSafety::kSafe,
      [ctx](const Params&, const CallContext&) -> MethodResult { return ctx->info.properties; });
}

}  // namespace canary::node::rpc
