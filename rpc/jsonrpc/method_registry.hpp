// The table of RPC methods: name -> handler, with its safety class. Built once at start-up, then
// shared read-only by every connection (it is neither copyable nor movable because the built-in
// `rpc_methods` reads it).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/util/result.hpp"
#include "rpc/jsonrpc/error.hpp"
#include "rpc/jsonrpc/params.hpp"
#include "rpc/jsonrpc/policy.hpp"
#include "rpc/jsonrpc/subscription.hpp"

namespace canary::rpc {

// What a handler knows about the caller.
struct CallContext {
  std::uint64_t connection_id = 0;
  bool deny_unsafe = true;
};

using MethodResult = Result<Json, Error>;
// Handlers return errors as values; an exception that escapes anyway becomes an internal error.
using MethodHandler = std::function<MethodResult(const Params&, const CallContext&)>;
// Accepts (keeping the sink to send notifications) or refuses a subscription.
using SubscribeHandler =
    std::function<Result<void, Error>(const Params&, const CallContext&, SubscriptionSink)>;

enum class RegistryError { kDuplicateName, kEmptyName };
const char* to_string(RegistryError error);

class MethodRegistry {
 public:
  enum class Kind { kMethod, kSubscribe, kUnsubscribe };
  struct Entry {
    Kind kind = Kind::kMethod;
    MethodSafety safety = MethodSafety::kSafe;
    MethodHandler method;
    SubscribeHandler subscribe;
    std::string notification;  // kSubscribe: the notifications' method name
    std::string unsubscribe;   // kSubscribe: its unsubscribe method
  };

  // Registers the built-in `rpc_methods` ({"methods": [sorted names]}, as sc-rpc-server does).
  MethodRegistry();
  MethodRegistry(const MethodRegistry&) = delete;
  MethodRegistry& operator=(const MethodRegistry&) = delete;

  Result<void, RegistryError> add_method(std::string name, MethodSafety safety,
                                         MethodHandler handler);
  // jsonrpsee's register_subscription: `subscribe` answers with a subscription id, notifications
  // are sent as `notification`, `unsubscribe` takes the id and answers true/false.
  Result<void, RegistryError> add_subscription(std::string subscribe, std::string notification,
                                               std::string unsubscribe, MethodSafety safety,
                                               SubscribeHandler handler);

  const Entry* find(std::string_view name) const;
  // Every callable name (subscribe and unsubscribe included), sorted.
  std::vector<std::string> method_names() const;

 private:
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace canary::rpc
