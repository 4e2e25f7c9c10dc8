#include "node/rpc/chain_head_methods.hpp"

#include <memory>
#include <utility>

#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/spec_v2_params.hpp"
#include "node/rpc/substrate_errors.hpp"

namespace canary::node::rpc {

void register_chain_head_methods(MethodRegistry& registry, RpcContext& context,
                                 ChainHeadLimits limits) {
  auto head = std::make_shared<ChainHead>(context, limits);
  context.events().add(head);

  add_subscription(registry, {{"chainHead_v1_follow", "chainHead_v1_unfollow"}},
                   "chainHead_v1_followEvent", MethodSafety::kSafe,
                   [head](const Params& params, const CallContext& call,
                          SubscriptionSink sink) -> Result<void, Error> {
                     CANARY_TRY_ASSIGN(auto args, read_params<bool>(params, {"with_runtime"}));
                     const auto [with_runtime] = args;
                     return head->follow(call.connection_id, with_runtime, std::move(sink));
                   });

  add_method(registry, {"chainHead_v1_header"}, MethodSafety::kSafe,
             with_params<std::string, Hash256>(
                 {"follow_subscription", "hash"},
                 [head](const CallContext& call, const std::string& sub, Hash256 hash) {
                   return head->header(call.connection_id, sub, hash);
                 }));

  add_method(registry, {"chainHead_v1_body"}, MethodSafety::kSafe,
             with_params<std::string, Hash256>(
                 {"follow_subscription", "hash"},
                 [head](const CallContext& call, const std::string& sub, Hash256 hash) {
                   return head->body(call.connection_id, sub, hash);
                 }));

  add_method(registry, {"chainHead_v1_call"}, MethodSafety::kSafe,
             with_params<std::string, Hash256, std::string, SpecV2Hex>(
                 {"follow_subscription", "hash", "function", "call_parameters"},
                 [head](const CallContext& call, const std::string& sub, Hash256 hash,
                        std::string function, SpecV2Hex parameters) {
                   return head->call(call.connection_id, sub, hash, std::move(function),
                                     std::move(parameters.bytes));
                 }));

  add_method(registry, {"chainHead_v1_storage"}, MethodSafety::kSafe,
             with_params<std::string, Hash256, StorageItems, std::optional<SpecV2Hex>>(
                 {"follow_subscription", "hash", "items", "child_trie"},
                 [head](const CallContext& call, const std::string& sub, Hash256 hash,
                        StorageItems items, std::optional<SpecV2Hex> child) {
                   std::optional<Bytes> child_key;
                   if (child) child_key = std::move(child->bytes);
                   return head->storage(call.connection_id, sub, hash, std::move(items.items),
                                        std::move(child_key));
                 }));

  add_method(registry, {"chainHead_v1_unpin"}, MethodSafety::kSafe,
             with_params<std::string, HashList>(
                 {"follow_subscription", "hash_or_hashes"},
                 [head](const CallContext& call, const std::string& sub, const HashList& hashes) {
                   return head->unpin(call.connection_id, sub, hashes.hashes);
                 }));

  add_method(registry, {"chainHead_v1_continue"}, MethodSafety::kSafe,
             with_params<std::string, std::string>(
                 {"follow_subscription", "operation_id"},
                 [head](const CallContext& call, const std::string& sub, const std::string& op) {
                   return head->continue_operation(call.connection_id, sub, op);
                 }));

  add_method(registry, {"chainHead_v1_stopOperation"}, MethodSafety::kSafe,
             with_params<std::string, std::string>(
                 {"follow_subscription", "operation_id"},
                 [head](const CallContext& call, const std::string& sub, const std::string& op) {
                   return head->stop_operation(call.connection_id, sub, op);
                 }));
}

}  // namespace canary::node::rpc
