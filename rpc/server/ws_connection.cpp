#include <utility>

#include "rpc/jsonrpc/response.hpp"
#include "rpc/server/server_shared.hpp"

namespace canary::rpc::detail {

WsConnection::WsConnection(beast::tcp_stream stream, std::unique_ptr<ConnectionSlot> slot)
    : ws_(std::move(stream)),
      slot_(std::move(slot)),
      id_(slot_->shared().next_connection_id.fetch_add(1)),
      outbox_(std::make_shared<Outbox>(slot_->shared().config.message_buffer_capacity)) {
  ServerShared& shared = slot_->shared();
  // The session outlives no one: ids are drawn through the shared state, which it keeps alive.
  session_ = std::make_shared<Session>(
      shared.registry, shared.session_config(id_, true), outbox_,
      [shared = slot_->shared_ptr()] { return shared->random_subscription_id(); });
  MutexLock lock(shared.mutex);
  shared.outboxes.emplace(id_, outbox_);
}

WsConnection::~WsConnection() {
  session_->close();
  outbox_->close();
  ServerShared& shared = slot_->shared();
  MutexLock lock(shared.mutex);
  shared.outboxes.erase(id_);
}

void WsConnection::run(const http::request<http::string_body>& upgrade) {
  const ServerConfig& config = slot_->shared().config;
  beast::get_lowest_layer(ws_).expires_never();  // the websocket stream keeps its own timeouts
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(30);
  timeouts.idle_timeout = config.idle_timeout;
  timeouts.keep_alive_pings = true;  // a silent but live client answers pings and stays
  ws_.set_option(timeouts);
  // Messages are read piecewise and their size checked here (read_message); Beast's own limit
  // would fail the connection with 1009 instead of answering like jsonrpsee. Zero: no limit.
  ws_.read_message_max(0);
  ws_.async_accept(upgrade, [self = shared_from_this()](beast::error_code ec) {
    if (ec) return self->teardown();
    std::weak_ptr<WsConnection> weak = self;
    auto executor = self->ws_.get_executor();
    // Runs under the outbox's lock, from whatever thread queued a message: only schedule.
    self->outbox_->set_waker([weak, executor] {
      net::post(executor, [weak] {
        if (auto connection = weak.lock()) connection->write_next();
      });
    });
    self->read_message();
  });
}

void WsConnection::read_message() {
  if (closed_) return;
  // At most what still fits under the limit (plus one byte, to see it overflow), or a chunk of
  // what is being dropped.
  constexpr std::size_t kDropChunk = 64 * 1024;
  const std::size_t limit = slot_->shared().config.max_request_size;
  const std::size_t room = oversized_ ? kDropChunk : limit - std::min(limit, buffer_.size()) + 1;
  ws_.async_read_some(
      buffer_, room,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void WsConnection::on_read(beast::error_code ec) {
  if (ec) return teardown();
  const std::size_t limit = slot_->shared().config.max_request_size;
  if (buffer_.size() > limit) oversized_ = true;
  if (oversized_) buffer_.consume(buffer_.size());
  if (!ws_.is_message_done()) return read_message();
  if (oversized_) {
    oversized_ = false;
    outbox_->push_response(error_response(Json(nullptr), oversized_request(limit)));
    return after_handled();
  }
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  // One message at a time per connection: the session's answers keep the requests' order, and
  // the read of the next message waits for room in the outbox (backpressure on the client).
  net::post(slot_->shared().handler_executor, [self = shared_from_this(), text = std::move(text)] {
    std::shared_ptr<Session::Pending> pending = self->session_->begin_message(text);
    self->handle_steps(std::move(pending));
  });
}

void WsConnection::handle_steps(std::shared_ptr<Session::Pending> pending) {
  if (!session_->step(*pending, kCallsPerStep)) {
    net::post(slot_->shared().handler_executor,
              [self = shared_from_this(), pending = std::move(pending)]() mutable {
                self->handle_steps(std::move(pending));
              });
    return;
  }
  net::post(ws_.get_executor(), [self = shared_from_this()] { self->after_handled(); });
}

void WsConnection::after_handled() {
  write_next();
  if (outbox_->full()) {
    read_paused_ = true;
  } else {
    read_message();
  }
}

void WsConnection::write_next() {
  if (closed_ || writing_) return;
  auto message = outbox_->pop();
  if (!message) return;
  writing_ = true;
  writing_message_ = std::move(*message);
  ws_.text(true);
  ws_.async_write(net::buffer(writing_message_),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    self->writing_ = false;
                    if (ec) return self->teardown();
                    if (self->read_paused_ && !self->outbox_->full()) {
                      self->read_paused_ = false;
                      self->read_message();
                    }
                    self->write_next();
                  });
}

void WsConnection::teardown() {
  if (closed_) return;
  closed_ = true;
  session_->close();
  outbox_->close();
  beast::error_code ignored;
  (void)beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace canary::rpc::detail
