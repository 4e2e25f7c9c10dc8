// Which methods a listener exposes: Substrate's --rpc-methods (sc-cli RpcMethods). Unsafe methods
// (author_insertKey, system_addPeer, ...) are refused with `unsafe_method_denied()` when denied.
#pragma once

#include <optional>
#include <string_view>

namespace canary::rpc {

enum class MethodSafety { kSafe, kUnsafe };

enum class RpcMethodsPolicy {
  kSafe,    // only safe methods
  kUnsafe,  // every method
  kAuto,    // every method when listening on a loopback address only, safe ones otherwise
};

std::optional<RpcMethodsPolicy> parse_rpc_methods_policy(std::string_view text);

// Whether unsafe calls are refused on a listener. `auto` follows sc-cli's documented meaning:
// unsafe methods are exposed only when the RPC server listens on a loopback interface.
bool deny_unsafe(RpcMethodsPolicy policy, bool listening_on_loopback);

}  // namespace canary::rpc
