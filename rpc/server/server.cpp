#include "rpc/server/server.hpp"

#include <future>
#include <thread>
#include <utility>

#include "rpc/server/server_shared.hpp"

namespace canary::rpc {

using namespace detail;

const char* to_string(ServerError error) {
  switch (error) {
    case ServerError::kInvalidAddress:
      return "invalid listen address";
    case ServerError::kBindFailed:
      return "cannot listen on the address";
  }
  return "unknown server error";
}

namespace detail {

SessionConfig ServerShared::session_config(std::uint64_t connection_id, bool websocket) const {
  SessionConfig session;
  session.limits.max_request_size = config.max_request_size;
  session.limits.max_batch_len = config.max_batch_len;
  session.max_response_size = config.max_response_size;
  session.max_subscriptions = websocket ? config.max_subscriptions_per_connection : 0;
  session.max_pending_notifications = config.message_buffer_capacity;
  session.deny_unsafe = deny_unsafe;
  session.allow_subscriptions = websocket;
  session.connection_id = connection_id;
  return session;
}

std::string ServerShared::random_subscription_id() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  MutexLock lock(mutex);
  std::string id(16, ' ');
  for (char& c : id) c = kAlphabet[random() % (sizeof(kAlphabet) - 1)];
  return id;
}

}  // namespace detail

namespace {

// Refuses a connection beyond max_connections with jsonrpsee's answer (HTTP 429), then closes.
void refuse_connection(tcp::socket socket) {
  static constexpr std::string_view kBody = "Too many connections. Please try again later.";
  static const std::string kResponse =
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(kBody.size()) + "\r\n\r\n" + std::string(kBody);
  auto owned = std::make_shared<tcp::socket>(std::move(socket));
  net::async_write(*owned, net::buffer(kResponse), [owned](beast::error_code, std::size_t) {
    beast::error_code ignored;
    (void)owned->shutdown(tcp::socket::shutdown_both, ignored);
    (void)owned->close(ignored);
  });
}

}  // namespace

struct Server::Impl {
  // Destruction order matters: the handler pool (whose queued work holds connections) goes
  // before the io_context those connections' sockets belong to.
  net::io_context io{1};
  std::optional<net::thread_pool> handlers;
  tcp::acceptor acceptor{io};
  std::shared_ptr<ServerShared> shared = std::make_shared<ServerShared>();
  std::thread io_thread;
  std::uint16_t port = 0;
  bool stopped = false;

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (shared->connections.fetch_add(1) >= shared->config.max_connections) {
          shared->connections.fetch_sub(1);
          refuse_connection(std::move(socket));
        } else {
          auto slot = std::make_unique<ConnectionSlot>(shared);
          std::make_shared<HttpConnection>(std::move(socket), std::move(slot))->run();
        }
      }
      // Errors such as running out of descriptors concern one connection: keep accepting.
      accept();
    });
  }

  ~Impl() { stop(); }

  void stop() {
    if (stopped) return;
    stopped = true;
    std::promise<void> closed;
    net::post(io, [this, &closed] {
      beast::error_code ignored;
      (void)acceptor.close(ignored);
      closed.set_value();
    });
    if (io_thread.joinable()) {
      closed.get_future().wait();
      io.stop();
      io_thread.join();
    }
    {
      MutexLock lock(shared->mutex);
      for (auto& [id, weak] : shared->outboxes) {
        if (auto outbox = weak.lock()) outbox->close();
      }
    }
    if (handlers) {
      handlers->stop();
      handlers->join();
    }
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>, ServerStartError> Server::start(
    ServerConfig config, std::shared_ptr<const MethodRegistry> registry) {
  auto impl = std::make_unique<Impl>();
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(config.address, ec);
  if (ec) return unexpected(ServerStartError{ServerError::kInvalidAddress, config.address});
  const tcp::endpoint endpoint(address, config.port);
  auto fail = [&](const char* step) {
    return unexpected(ServerStartError{ServerError::kBindFailed,
                                       std::string(step) + " " + config.address + ":" +
                                           std::to_string(config.port) + ": " + ec.message()});
  };
  (void)impl->acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  (void)impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("set_option");
  (void)impl->acceptor.bind(endpoint, ec);
  if (ec) return fail("bind");
  (void)impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  impl->port = impl->acceptor.local_endpoint(ec).port();
  if (ec) return fail("local_endpoint");

  ServerShared& shared = *impl->shared;
  shared.deny_unsafe = deny_unsafe(config.rpc_methods, address.is_loopback());
  shared.registry = std::move(registry);
  {
    MutexLock lock(shared.mutex);  // no connection yet: taken for the analysis' sake
    shared.random.seed((static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
                       std::random_device{}());
  }
  if (config.handler_threads > 0) {
    impl->handlers.emplace(config.handler_threads);
    shared.handler_executor = impl->handlers->get_executor();
  } else {
    shared.handler_executor = impl->io.get_executor();
  }
  shared.config = std::move(config);

  impl->accept();
  Impl* raw = impl.get();
  impl->io_thread = std::thread([raw] {
    // Handlers never throw (the session catches what handlers throw, connections use error
    // codes); anything else escaping here is a bug, and ending the process beats a half-dead
    // server.
    raw->io.run();
  });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const {
  return impl_->port;
}
bool Server::denies_unsafe() const {
  return impl_->shared->deny_unsafe;
}
std::size_t Server::connection_count() const {
  return impl_->shared->connections.load();
}
void Server::stop() {
  impl_->stop();
}

}  // namespace canary::rpc
