#include <string_view>
#include <utility>

#include "rpc/jsonrpc/response.hpp"
#include "rpc/server/server_shared.hpp"

namespace canary::rpc::detail {
namespace {

// jsonrpsee accepts "application/json" with or without parameters (charset).
bool is_json_content_type(std::string_view value) {
  if (value.size() < 16) return false;
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = value[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != "application/json"[i]) return false;
  }
  return value.size() == 16 || value[16] == ';' || value[16] == ' ';
}

}  // namespace

HttpConnection::HttpConnection(tcp::socket socket, std::unique_ptr<ConnectionSlot> slot)
    : stream_(std::move(socket)), slot_(std::move(slot)) {}

void HttpConnection::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
}

void HttpConnection::read_request() {
  parser_.emplace();
  parser_->body_limit(slot_->shared().config.max_request_size);
  stream_.expires_after(slot_->shared().config.idle_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpConnection::on_read(beast::error_code ec) {
  if (ec == http::error::end_of_stream) {
    (void)stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec == http::error::body_limit) {
    fail_and_close(
        http::status::payload_too_large,
        error_response(Json(nullptr), oversized_request(slot_->shared().config.max_request_size)));
    return;
  }
  if (ec && ec.category() == beast::error_code(http::error::end_of_stream).category()) {
    // Anything the HTTP parser refused: answer once, then drop the connection, since the rest
    // of the byte stream cannot be framed any more.
    fail_and_close(http::status::bad_request, "Malformed HTTP request");
    return;
  }
  if (ec) return;  // reset, timeout, shutdown: nothing to answer
  handle(parser_->release());
}

void HttpConnection::handle(http::request<http::string_body> request) {
  const std::string origin(request[http::field::origin]);
  const ServerConfig& config = slot_->shared().config;
  if (!origin.empty() && !config.cors.allows(origin)) {
    send(http::status::forbidden, "Origin not allowed", request.keep_alive(), {}, false);
    return;
  }
  if (websocket::is_upgrade(request)) {
    auto ws = std::make_shared<WsConnection>(std::move(stream_), std::move(slot_));
    ws->run(request);
    return;
  }
  const bool keep_alive = request.keep_alive();
  if (request.method() == http::verb::options) {
    // CORS preflight: what a browser asks before a JSON POST.
    send(http::status::ok, {}, keep_alive, origin, false);
    return;
  }
  if (request.method() == http::verb::get &&
      (request.target() == "/health" || request.target() == "/health/readiness")) {
    answer_health(request.target() == "/health/readiness", keep_alive, origin);
    return;
  }
  if (request.method() != http::verb::post) {
    send(http::status::method_not_allowed, "Used HTTP Method is not allowed. POST is required",
         keep_alive, origin, false);
    return;
  }
  const auto content_type = request[http::field::content_type];
  if (!is_json_content_type(std::string_view(content_type.data(), content_type.size()))) {
    send(http::status::unsupported_media_type,
         "Supplied content type is not allowed. Content-Type: application/json is required",
         keep_alive, origin, false);
    return;
  }
  // jsonrpsee's read_body: a body that does not start with '{' or '[' is no JSON-RPC message,
  // 400 with a parse error (anything else it answers with 200, errors included).
  const std::string_view body = request.body();
  const std::size_t first = body.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos || (body[first] != '{' && body[first] != '[')) {
    send(http::status::bad_request, error_response(Json(nullptr), parse_error()), keep_alive,
         origin);
    return;
  }
  answer_rpc(std::move(request), origin);
}

void HttpConnection::answer_rpc(http::request<http::string_body> request, std::string origin) {
  auto self = shared_from_this();
  net::post(slot_->shared().handler_executor,
            [self, request = std::move(request), origin = std::move(origin)]() mutable {
              ServerShared& shared = self->slot_->shared();
              auto call = std::make_shared<HttpCall>();
              call->outbox = std::make_shared<Outbox>(1);
              const std::uint64_t id = shared.next_connection_id.fetch_add(1);
              call->session = std::make_unique<Session>(
                  shared.registry, shared.session_config(id, /*websocket=*/false), call->outbox,
                  [] { return std::string(); });
              call->pending = call->session->begin_message(request.body());
              call->keep_alive = request.keep_alive();
              call->origin = std::move(origin);
              self->answer_steps(std::move(call));
            });
}

void HttpConnection::answer_steps(std::shared_ptr<HttpCall> call) {
  if (!call->session->step(*call->pending, kCallsPerStep)) {
    net::post(slot_->shared().handler_executor,
              [self = shared_from_this(), call = std::move(call)]() mutable {
                self->answer_steps(std::move(call));
              });
    return;
  }
  // A message of notifications only has no answer: an empty 200, as jsonrpsee sends.
  std::string body = call->outbox->pop().value_or(std::string());
  net::post(stream_.get_executor(),
            [self = shared_from_this(), body = std::move(body), call = std::move(call)]() mutable {
              self->send(http::status::ok, std::move(body), call->keep_alive, call->origin);
            });
}

void HttpConnection::answer_health(bool readiness, bool keep_alive, std::string origin) {
  // Substrate's node_health middleware: /health is system_health's result, /health/readiness is
  // 200 when the node has peers and is not syncing, 500 otherwise.
  if (slot_->shared().registry->find("system_health") == nullptr) {
    send(http::status::not_found, "Not found", keep_alive, origin, false);
    return;
  }
  auto self = shared_from_this();
  net::post(slot_->shared().handler_executor, [self, readiness, keep_alive,
                                               origin = std::move(origin)]() mutable {
    ServerShared& shared = self->slot_->shared();
    auto outbox = std::make_shared<Outbox>(1);
    Session session(shared.registry, shared.session_config(0, /*websocket=*/false), outbox,
                    [] { return std::string(); });
    session.handle_message(R"({"jsonrpc":"2.0","method":"system_health","id":0})");
    const Json response =
        Json::parse(outbox->pop().value_or(std::string()), nullptr, /*allow_exceptions=*/false);
    http::status status = http::status::internal_server_error;
    std::string body;
    if (response.is_object() && response.contains("result") && response["result"].is_object()) {
      const Json& health = response["result"];
      if (!readiness) {
        status = http::status::ok;
        body = dump_json(health);
      } else {
        const Json peers = health.value("peers", Json(0));
        const Json syncing = health.value("isSyncing", Json(true));
        const bool ready = peers.is_number_unsigned() && peers.get<std::uint64_t>() > 0 &&
                           syncing.is_boolean() && !syncing.get<bool>();
        if (ready) status = http::status::ok;
      }
    }
    net::post(self->stream_.get_executor(), [self, status, body = std::move(body), keep_alive,
                                             origin = std::move(origin)]() mutable {
      self->send(status, std::move(body), keep_alive, origin);
    });
  });
}

void HttpConnection::send(http::status status, std::string body, bool keep_alive,
                          const std::string& origin, bool json) {
  response_ = std::make_shared<http::response<http::string_body>>(status, 11);
  response_->set(http::field::content_type,
                 json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
  if (!origin.empty()) {
    response_->set(http::field::access_control_allow_origin, origin);
    response_->set(http::field::access_control_allow_methods, "POST, GET, OPTIONS");
    response_->set(http::field::access_control_allow_headers, "content-type");
    response_->set(http::field::vary, "origin");
  }
  response_->keep_alive(keep_alive);
  response_->body() = std::move(body);
  response_->prepare_payload();
  stream_.expires_after(slot_->shared().config.idle_timeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      const bool close = self->response_->need_eof();
                      self->response_.reset();
                      if (ec) return;
                      if (close) {
                        (void)self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
                        return;
                      }
                      self->read_request();
                    });
}

void HttpConnection::fail_and_close(http::status status, std::string body) {
  send(status, std::move(body), /*keep_alive=*/false, {},
       status == http::status::payload_too_large);
}

}  // namespace canary::rpc::detail
