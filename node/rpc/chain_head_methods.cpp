#include "node/rpc/chain_head_methods.hpp"

#include <memory>
#include <utility>

#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/substrate_errors.hpp"

namespace canary::node::rpc {
namespace {

// rpc-spec-v2 `parse_hex_param`: an empty string is empty bytes; anything else must be hex, or
// the call fails with -32602 "Invalid parameter: <the text>".
Result<Bytes, Error> hex_param(const Json* value, std::string_view name) {
  if (value == nullptr) {
    return unexpected(::canary::rpc::invalid_params("missing value for required argument `" +
                                                    std::string(name) + "`"));
  }
  if (!value->is_string()) {
    return unexpected(
        ::canary::rpc::invalid_params("`" + std::string(name) + "` must be a string"));
  }
  const std::string& text = value->get_ref<const std::string&>();
  if (text.empty()) return Bytes{};
  auto bytes = parse_hex_bytes(*value);
  if (!bytes) return unexpected(spec_v2_invalid_param(text));
  return std::move(*bytes);
}

}  // namespace

void register_chain_head_methods(MethodRegistry& registry, RpcContext& context,
                                 ChainHeadLimits limits) {
  auto head = std::make_shared<ChainHead>(context, limits);
  context.events().add(head);

  add_subscription(registry, {{"chainHead_v1_follow", "chainHead_v1_unfollow"}},
                   "chainHead_v1_followEvent", MethodSafety::kSafe,
                   [head](const Params& params, const CallContext& call,
                          SubscriptionSink sink) -> Result<void, Error> {
                     auto with_runtime = ParamReader(params).boolean(0, "with_runtime");
                     if (!with_runtime) return unexpected(std::move(with_runtime).error());
                     return head->follow(call.connection_id, *with_runtime, std::move(sink));
                   });

  add_method(registry, {"chainHead_v1_header"}, MethodSafety::kSafe,
             [head](const Params& params, const CallContext& call) -> MethodResult {
               const ParamReader p(params);
               auto sub = p.string(0, "follow_subscription");
               if (!sub) return unexpected(std::move(sub).error());
               auto hash = p.hash(1, "hash");
               if (!hash) return unexpected(std::move(hash).error());
               return head->header(call.connection_id, *sub, *hash);
             });

  add_method(registry, {"chainHead_v1_body"}, MethodSafety::kSafe,
             [head](const Params& params, const CallContext& call) -> MethodResult {
               const ParamReader p(params);
               auto sub = p.string(0, "follow_subscription");
               if (!sub) return unexpected(std::move(sub).error());
               auto hash = p.hash(1, "hash");
               if (!hash) return unexpected(std::move(hash).error());
               return head->body(call.connection_id, *sub, *hash);
             });

  add_method(registry, {"chainHead_v1_call"}, MethodSafety::kSafe,
             [head](const Params& params, const CallContext& call) -> MethodResult {
               const ParamReader p(params);
               auto sub = p.string(0, "follow_subscription");
               if (!sub) return unexpected(std::move(sub).error());
               auto hash = p.hash(1, "hash");
               if (!hash) return unexpected(std::move(hash).error());
               auto function = p.string(2, "function");
               if (!function) return unexpected(std::move(function).error());
               auto parameters = hex_param(p.raw(3, "call_parameters"), "call_parameters");
               if (!parameters) return unexpected(std::move(parameters).error());
               return head->call(call.connection_id, *sub, *hash, std::move(*function),
                                 std::move(*parameters));
             });

  add_method(registry, {"chainHead_v1_storage"}, MethodSafety::kSafe,
             [head](const Params& params, const CallContext& call) -> MethodResult {
               const ParamReader p(params);
               auto sub = p.string(0, "follow_subscription");
               if (!sub) return unexpected(std::move(sub).error());
               auto hash = p.hash(1, "hash");
               if (!hash) return unexpected(std::move(hash).error());
               const Json* raw_items = p.raw(2, "items");
               if (raw_items == nullptr || !raw_items->is_array()) {
                 return unexpected(::canary::rpc::invalid_params("`items` must be an array"));
               }
               std::vector<StorageQuery> items;
               for (const Json& item : *raw_items) {
                 auto q = parse_storage_query(item);
                 if (!q) return unexpected(spec_v2_invalid_param(q.error()));
                 items.push_back(std::move(*q));
               }
               std::optional<Bytes> child;
               if (const Json* raw_child = p.raw(3, "child_trie")) {
                 auto c = hex_param(raw_child, "child_trie");
                 if (!c) return unexpected(std::move(c).error());
                 child = std::move(*c);
               }
               return head->storage(call.connection_id, *sub, *hash, std::move(items),
                                    std::move(child));
             });

  add_method(registry, {"chainHead_v1_unpin"}, MethodSafety::kSafe,
             [head](const Params& params, const CallContext& call) -> MethodResult {
               const ParamReader p(params);
               auto sub = p.string(0, "follow_subscription");
               if (!sub) return unexpected(std::move(sub).error());
               // sp-rpc ListOrValue<Hash>: one hash or an array of them.
               const Json* raw = p.raw(1, "hash_or_hashes");
               if (raw == nullptr) {
                 return unexpected(::canary::rpc::invalid_params(
                     "missing value for required argument `hash_or_hashes`"));
               }
               std::vector<block::BlockHash> hashes;
               const auto add = [&](const Json& v) -> Result<void, Error> {
                 auto h = parse_hash(v);
                 if (!h) return unexpected(::canary::rpc::invalid_params(h.error()));
                 hashes.push_back(*h);
                 return {};
               };
               if (raw->is_array()) {
                 for (const Json& v : *raw) {
                   if (auto added = add(v); !added) return unexpected(std::move(added).error());
                 }
               } else if (auto added = add(*raw); !added) {
                 return unexpected(std::move(added).error());
               }
               return head->unpin(call.connection_id, *sub, hashes);
             });

  add_method(registry, {"chainHead_v1_continue"}, MethodSafety::kSafe,
             [head](const Params& params, const CallContext& call) -> MethodResult {
               const ParamReader p(params);
               auto sub = p.string(0, "follow_subscription");
               if (!sub) return unexpected(std::move(sub).error());
               auto op = p.string(1, "operation_id");
               if (!op) return unexpected(std::move(op).error());
               return head->continue_operation(call.connection_id, *sub, *op);
             });

  add_method(registry, {"chainHead_v1_stopOperation"}, MethodSafety::kSafe,
             [head](const Params& params, const CallContext& call) -> MethodResult {
               const ParamReader p(params);
               auto sub = p.string(0, "follow_subscription");
               if (!sub) return unexpected(std::move(sub).error());
               auto op = p.string(1, "operation_id");
               if (!op) return unexpected(std::move(op).error());
               return head->stop_operation(call.connection_id, *sub, *op);
             });
}

}  // namespace canary::node::rpc
