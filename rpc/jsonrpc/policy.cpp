#include "rpc/jsonrpc/policy.hpp"

namespace canary::rpc {

std::optional<RpcMethodsPolicy> parse_rpc_methods_policy(std::string_view text) {
  if (text == "safe") return RpcMethodsPolicy::kSafe;
  if (text == "unsafe") return RpcMethodsPolicy::kUnsafe;
  if (text == "auto") return RpcMethodsPolicy::kAuto;
  return std::nullopt;
}

bool deny_unsafe(RpcMethodsPolicy policy, bool listening_on_loopback) {
  switch (policy) {
    case RpcMethodsPolicy::kSafe:
      return true;
    case RpcMethodsPolicy::kUnsafe:
      return false;
    case RpcMethodsPolicy::kAuto:
      return !listening_on_loopback;
  }
  return true;
}

}  // namespace canary::rpc
