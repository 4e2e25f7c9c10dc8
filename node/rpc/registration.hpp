// Registering one handler under a method's name and its aliases, as jsonrpsee's `aliases = [..]`
// does (Substrate keeps old names such as chain_getFinalisedHead alive this way).
#pragma once

#include <array>
#include <initializer_list>
#include <string_view>
#include <tuple>
#include <utility>

#include "node/rpc/param_reader.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

using ::canary::rpc::CallContext;
using ::canary::rpc::Error;
using ::canary::rpc::Json;
using ::canary::rpc::MethodHandler;
using ::canary::rpc::MethodRegistry;
using ::canary::rpc::MethodResult;
using ::canary::rpc::MethodSafety;
using ::canary::rpc::Params;
using ::canary::rpc::SubscribeHandler;
using ::canary::rpc::SubscriptionSink;

// A name that is taken already is skipped: the registry is built once at start-up from these
// functions, so a clash is a wiring mistake that rpc_methods makes visible.
inline void add_method(MethodRegistry& registry, std::initializer_list<std::string_view> names,
                       MethodSafety safety, const MethodHandler& handler) {
  for (std::string_view name : names) {
    (void)registry.add_method(std::string(name), safety, handler);
  }
}

// A handler that reads its params as Ts (read_params: by position or by `names`, the first
// invalid one answered with its error) and then runs `fn(call, Ts...)`:
//
//   add_method(registry, {"chainHead_v1_header"}, MethodSafety::kSafe,
//              with_params<std::string, Hash256>(
//                  {"follow_subscription", "hash"},
//                  [head](const CallContext& call, std::string sub, Hash256 hash) {
//                    return head->header(call.connection_id, sub, hash);
//                  }));
template <typename... Ts, typename Fn>
MethodHandler with_params(std::array<std::string_view, sizeof...(Ts)> names, Fn fn) {
  return
      [names, fn = std::move(fn)](const Params& params, const CallContext& call) -> MethodResult {
        auto args = read_params<Ts...>(params, names);
        if (!args) return unexpected(std::move(args).error());
        return std::apply(
            [&](Ts&... values) -> MethodResult { return fn(call, std::move(values)...); }, *args);
      };
}

// jsonrpsee keeps one subscription table for a method and its aliases; the registry pairs each
// subscribe name with one unsubscribe name, so each alias pair is registered on its own.
struct SubscriptionNames {
  std::string_view subscribe;
  std::string_view unsubscribe;
};

inline void add_subscription(MethodRegistry& registry,
                             std::initializer_list<SubscriptionNames> names,
                             std::string_view notification, MethodSafety safety,
                             const SubscribeHandler& handler) {
  for (const SubscriptionNames& n : names) {
    (void)registry.add_subscription(std::string(n.subscribe), std::string(notification),
                                    std::string(n.unsubscribe), safety, handler);
  }
}

}  // namespace canary::node::rpc
