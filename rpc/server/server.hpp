// The JSON-RPC server: one TCP port serving JSON-RPC over HTTP POST and over WebSocket (after an
// HTTP upgrade), like Substrate's --rpc-port. It owns one I/O thread; method handlers run on a
// small pool of their own so that a slow handler does not stall the sockets. Boost types stay
// behind the implementation so users of this header need no Boost.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "primitives/util/result.hpp"
#include "rpc/jsonrpc/method_registry.hpp"
#include "rpc/jsonrpc/policy.hpp"
#include "rpc/server/cors.hpp"

namespace canary::rpc {

// Defaults are sc-cli's (substrate/client/cli/src/commands/run_cmd.rs, rpc_params.rs).
struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 9944;  // 0: an ephemeral port (see Server::port())
  std::size_t max_connections = 100;
  std::size_t max_request_size = 15 * 1024 * 1024;
  std::size_t max_response_size = 15 * 1024 * 1024;
  std::size_t max_subscriptions_per_connection = 1024;
  std::size_t message_buffer_capacity = 64;  // messages queued per connection
  std::optional<std::size_t> max_batch_len;  // none: unlimited
  CorsPolicy cors = CorsPolicy::substrate_default();
  RpcMethodsPolicy rpc_methods = RpcMethodsPolicy::kAuto;
  std::size_t handler_threads = 1;  // 0: handlers run on the I/O thread
  // An HTTP connection waiting for a request, or a WebSocket with no traffic (pings included),
  // is closed after this long.
  std::chrono::seconds idle_timeout{60};
};

enum class ServerError { kInvalidAddress, kBindFailed };
const char* to_string(ServerError error);

struct ServerStartError {
  ServerError kind;
  std::string detail;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>, ServerStartError> start(
      ServerConfig config, std::shared_ptr<const MethodRegistry> registry);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Whether unsafe methods are refused on this listener (from config.rpc_methods and address).
  bool denies_unsafe() const;
  std::size_t connection_count() const;
  // Stops accepting, drops every connection and joins the threads. Idempotent.
  void stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace canary::rpc
