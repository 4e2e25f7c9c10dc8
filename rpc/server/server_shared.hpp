// Internal to rpc/server: what every connection shares with the server (configuration, registry,
// the handler executor, connection accounting) and the two connection kinds.
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "primitives/util/thread_annotations.hpp"
#include "rpc/jsonrpc/outbox.hpp"
#include "rpc/jsonrpc/session.hpp"
#include "rpc/server/server.hpp"

namespace canary::rpc::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;

// The calls of a batch answered before the handler thread turns to other queued work: big
// batches are answered in steps, so that other connections' calls are served between the steps.
inline constexpr std::size_t kCallsPerStep = 256;
using tcp = boost::asio::ip::tcp;

struct ServerShared {
  ServerConfig config;
  std::shared_ptr<const MethodRegistry> registry;
  bool deny_unsafe = true;
  net::any_io_executor handler_executor;

  std::atomic<std::size_t> connections{0};
  std::atomic<std::uint64_t> next_connection_id{1};

  // Live connections' outboxes: closed at shutdown so that subscription producers, which may
  // outlive the server, stop waking connections of a stopped I/O context.
  Mutex mutex;
  std::map<std::uint64_t, std::weak_ptr<Outbox>> outboxes GUARDED_BY(mutex);
  std::mt19937_64 random GUARDED_BY(mutex);  // subscription ids

  SessionConfig session_config(std::uint64_t connection_id, bool websocket) const;
  // Random 16-character alphanumeric ids, like jsonrpsee's RandomStringIdProvider.
  std::string random_subscription_id();
};

// Holds one of the max_connections places; released when the last owner goes.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::shared_ptr<ServerShared> shared) : shared_(std::move(shared)) {}
  ~ConnectionSlot() { shared_->connections.fetch_sub(1); }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ServerShared& shared() { return *shared_; }
  const std::shared_ptr<ServerShared>& shared_ptr() { return shared_; }

 private:
  std::shared_ptr<ServerShared> shared_;
};

// Reads HTTP requests (keep-alive), answers JSON-RPC POSTs, /health, CORS preflights, and hands
// WebSocket upgrades to WsConnection.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(tcp::socket socket, std::unique_ptr<ConnectionSlot> slot);
  void run();

 private:
  void read_request();
  void on_read(beast::error_code ec);
  void handle(http::request<http::string_body> request);
  void answer_rpc(http::request<http::string_body> request, std::string origin);
  // One POST's call or batch, answered a step at a time on the handler pool.
  struct HttpCall {
    std::shared_ptr<Outbox> outbox;
    std::unique_ptr<Session> session;
    std::shared_ptr<Session::Pending> pending;
    bool keep_alive = false;
    std::string origin;
  };
  void answer_steps(std::shared_ptr<HttpCall> call);
  void answer_health(bool readiness, bool keep_alive, std::string origin);
  void send(http::status status, std::string body, bool keep_alive, const std::string& origin,
            bool json = true);
  void fail_and_close(http::status status, std::string body);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::unique_ptr<ConnectionSlot> slot_;
  std::shared_ptr<http::response<http::string_body>> response_;
};

// One WebSocket: a Session fed with each message, an Outbox drained to the socket. A message over
// max_request_size is read to its end without being kept and answered with -32007 (id null), and
// the connection goes on, as jsonrpsee answers soketto's MessageTooLarge.
class WsConnection : public std::enable_shared_from_this<WsConnection> {
 public:
  WsConnection(beast::tcp_stream stream, std::unique_ptr<ConnectionSlot> slot);
  ~WsConnection();
  void run(const http::request<http::string_body>& upgrade);

 private:
  void read_message();
  void on_read(beast::error_code ec);
  // Answers `pending` a step at a time on the handler pool, each step posted behind the work
  // already queued there (other connections' calls), then reads on.
  void handle_steps(std::shared_ptr<Session::Pending> pending);
  void after_handled();
  void write_next();
  void teardown();

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::unique_ptr<ConnectionSlot> slot_;
  std::uint64_t id_;
  std::shared_ptr<Outbox> outbox_;
  std::shared_ptr<Session> session_;
  std::string writing_message_;
  bool writing_ = false;
  bool read_paused_ = false;
  bool closed_ = false;
  // The message being read went over max_request_size: the rest of it is read and dropped.
  bool oversized_ = false;
};

}  // namespace canary::rpc::detail
