// The server on an ephemeral loopback port, driven by Beast's HTTP and WebSocket clients: both
// protocols on one port, subscriptions, limits, CORS, malformed input and shutdown.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "rpc/server/server.hpp"

namespace canary::rpc {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

class RpcServerTest : public ::testing::Test {
 protected:
  void start(ServerConfig config = {}) {
    auto registry = std::make_shared<MethodRegistry>();
    ASSERT_TRUE(registry->add_method("echo", MethodSafety::kSafe,
                                     [](const Params& p, const CallContext&) -> MethodResult {
                                       const Json* v = p.get(0, "value");
                                       return v ? *v : Json(nullptr);
                                     }));
    ASSERT_TRUE(registry->add_method(
        "author_rotateKeys", MethodSafety::kUnsafe,
        [](const Params&, const CallContext&) -> MethodResult { return Json("0x01"); }));
    ASSERT_TRUE(registry->add_method(
        "system_health", MethodSafety::kSafe,
        [](const Params&, const CallContext&) -> MethodResult {
          return Json{{"peers", 0}, {"isSyncing", false}, {"shouldHavePeers", false}};
        }));
    ASSERT_TRUE(registry->add_subscription(
        "chain_subscribeNewHeads", "chain_newHead", "chain_unsubscribeNewHeads",
        MethodSafety::kSafe,
        [this](const Params&, const CallContext&, SubscriptionSink sink) -> Result<void, Error> {
          std::lock_guard lock(mutex_);
          sinks_.push_back(sink);
          return {};
        }));
    config.address = "127.0.0.1";
    config.port = 0;
    auto server = Server::start(config, registry);
    ASSERT_TRUE(server) << server.error().detail;
    server_ = std::move(*server);
  }

  std::vector<SubscriptionSink> sinks() {
    std::lock_guard lock(mutex_);
    return sinks_;
  }

  tcp::socket connect() {
    tcp::socket socket(io_);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    return socket;
  }

  http::response<http::string_body> post(const std::string& body, const std::string& origin = {},
                                         const std::string& content_type = "application/json",
                                         http::verb verb = http::verb::post,
                                         const std::string& target = "/") {
    tcp::socket socket = connect();
    http::request<http::string_body> request(verb, target, 11);
    request.set(http::field::host, "localhost");
    if (!content_type.empty()) request.set(http::field::content_type, content_type);
    if (!origin.empty()) request.set(http::field::origin, origin);
    request.body() = body;
    request.prepare_payload();
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return response;
  }

  std::unique_ptr<websocket::stream<tcp::socket>> open_ws(const std::string& origin = {}) {
    auto ws = std::make_unique<websocket::stream<tcp::socket>>(connect());
    ws->set_option(websocket::stream_base::decorator([origin](websocket::request_type& r) {
      if (!origin.empty()) r.set(http::field::origin, origin);
    }));
    ws->handshake("localhost", "/");
    return ws;
  }

  static Json ws_call(websocket::stream<tcp::socket>& ws, const std::string& text) {
    ws.write(net::buffer(text));
    return ws_read(ws);
  }

  static Json ws_read(websocket::stream<tcp::socket>& ws) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    return Json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
  }

  void wait_for_sinks(std::size_t n) {
    for (int i = 0; i < 500 && sinks().size() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_EQ(sinks().size(), n);
  }

  net::io_context io_;
  std::unique_ptr<Server> server_;
  std::mutex mutex_;
  std::vector<SubscriptionSink> sinks_;
};

TEST_F(RpcServerTest, HttpCallsAndBatches) {
  start();
  auto r = post(R"({"jsonrpc":"2.0","method":"echo","params":[7],"id":1})");
  EXPECT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(r[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(Json::parse(r.body()), Json::parse(R"({"jsonrpc":"2.0","result":7,"id":1})"));

  r = post(R"([{"jsonrpc":"2.0","method":"echo","params":[1],"id":1},
               {"jsonrpc":"2.0","method":"rpc_methods","id":2}])");
  const Json batch = Json::parse(r.body());
  ASSERT_TRUE(batch.is_array());
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0]["result"], 1);
  EXPECT_EQ(batch[1]["result"]["methods"][0], "author_rotateKeys");

  // Loopback + auto: unsafe methods are allowed; subscriptions need a WebSocket.
  EXPECT_FALSE(server_->denies_unsafe());
  EXPECT_EQ(Json::parse(
                post(R"({"jsonrpc":"2.0","method":"author_rotateKeys","id":1})").body())["result"],
            "0x01");
  EXPECT_EQ(Json::parse(post(R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})")
                            .body())["error"]["code"],
            kMethodNotFoundCode);
}

TEST_F(RpcServerTest, SafePolicyDeniesUnsafeMethods) {
  ServerConfig config;
  config.rpc_methods = RpcMethodsPolicy::kSafe;
  start(config);
  EXPECT_EQ(
      Json::parse(post(R"({"jsonrpc":"2.0","method":"author_rotateKeys","id":1})").body())["error"],
      Json::parse(R"({"code":-32601,"message":"RPC call is unsafe to be called externally"})"));
}

TEST_F(RpcServerTest, HttpErrorsForWrongMethodsAndContentTypes) {
  start();
  EXPECT_EQ(post("{}", {}, "text/plain").result(), http::status::unsupported_media_type);
  EXPECT_EQ(post("", {}, "", http::verb::get, "/").result(), http::status::method_not_allowed);
  auto health = post("", {}, "", http::verb::get, "/health");
  EXPECT_EQ(health.result(), http::status::ok);
  EXPECT_EQ(Json::parse(health.body())["isSyncing"], false);
  // No peers: not ready.
  EXPECT_EQ(post("", {}, "", http::verb::get, "/health/readiness").result(),
            http::status::internal_server_error);
  EXPECT_EQ(Json::parse(post("{not json").body())["error"]["code"], kParseErrorCode);
  // A body that cannot be a call or a batch is jsonrpsee's 400 with a parse error.
  for (const char* body : {"42", "", "  null"}) {
    const auto scalar = post(body);
    EXPECT_EQ(scalar.result(), http::status::bad_request) << body;
    EXPECT_EQ(Json::parse(scalar.body())["error"]["code"], kParseErrorCode) << body;
  }
}

TEST_F(RpcServerTest, WebSocketSubscriptionReceivesNotificationsUntilUnsubscribed) {
  start();
  auto ws = open_ws();
  EXPECT_EQ(
      ws_call(*ws, R"({"jsonrpc":"2.0","method":"echo","params":{"value":"hi"},"id":1})")["result"],
      "hi");
  const Json sub = ws_call(*ws, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":2})");
  ASSERT_TRUE(sub["result"].is_string());
  const std::string id = sub["result"];
  EXPECT_EQ(id.size(), 16u);
  wait_for_sinks(1);
  // Notifications produced on another thread reach the client.
  std::thread producer([sink = sinks()[0]] {
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(sink.send(Json{{"number", i}}));
  });
  producer.join();
  for (int i = 0; i < 3; ++i) {
    const Json n = ws_read(*ws);
    EXPECT_EQ(n["method"], "chain_newHead");
    EXPECT_EQ(n["params"]["subscription"], id);
    EXPECT_EQ(n["params"]["result"]["number"], i);
  }
  EXPECT_EQ(ws_call(*ws, R"({"jsonrpc":"2.0","method":"chain_unsubscribeNewHeads","params":[")" +
                             id + R"("],"id":3})")["result"],
            true);
  EXPECT_FALSE(sinks()[0].send(Json(1)));
  // Malformed JSON over the socket is answered, and the connection goes on.
  EXPECT_EQ(ws_call(*ws, "\x01garbage")["error"]["code"], kParseErrorCode);
  EXPECT_EQ(ws_call(*ws, R"({"jsonrpc":"2.0","method":"echo","params":[2],"id":4})")["result"], 2);
  ws->close(websocket::close_code::normal);
}

TEST_F(RpcServerTest, ClosingTheSocketClosesItsSubscriptions) {
  start();
  {
    auto ws = open_ws();
    EXPECT_TRUE(
        ws_call(*ws, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})")["result"]
            .is_string());
    ws->close(websocket::close_code::normal);
  }
  wait_for_sinks(1);
  for (int i = 0; i < 500 && !sinks()[0].closed(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(sinks()[0].closed());
}

TEST_F(RpcServerTest, OversizedRequestsAreRefused) {
  ServerConfig config;
  config.max_request_size = 1024;
  start(config);
  const std::string big =
      R"({"jsonrpc":"2.0","method":"echo","params":[")" + std::string(2000, 'a') + R"("],"id":1})";
  auto r = post(big);
  EXPECT_EQ(r.result(), http::status::payload_too_large);
  EXPECT_EQ(Json::parse(r.body())["error"]["code"], kOversizedRequestCode);

  // Over WebSocket, jsonrpsee answers -32007 with a null id and keeps the connection: the
  // message is read to its end (also when it comes in fragments) and dropped.
  auto ws = open_ws();
  const Json answer = ws_call(*ws, big);
  EXPECT_EQ(answer["error"]["code"], kOversizedRequestCode);
  EXPECT_EQ(answer["error"]["message"], "Request is too big");
  EXPECT_EQ(answer["error"]["data"], "Exceeded max limit of 1024");
  EXPECT_TRUE(answer["id"].is_null());
  ws->auto_fragment(true);
  ws->write_buffer_bytes(256);
  const std::string huge = R"({"jsonrpc":"2.0","method":"echo","params":[")" +
                           std::string(100'000, 'b') + R"("],"id":2})";
  EXPECT_EQ(ws_call(*ws, huge)["error"]["code"], kOversizedRequestCode);
  ws->auto_fragment(false);
  // A message of exactly the limit is served.
  std::string exact = R"({"jsonrpc":"2.0","method":"echo","params":[""],"id":3})";
  exact.insert(exact.find("\"\"") + 1, std::string(1024 - exact.size(), 'c'));
  ASSERT_EQ(exact.size(), 1024U);
  EXPECT_TRUE(ws_call(*ws, exact)["result"].is_string());
  EXPECT_EQ(ws_call(*ws, R"({"jsonrpc":"2.0","method":"echo","params":[4],"id":4})")["result"], 4);
  // The server is still serving.
  EXPECT_EQ(post(R"({"jsonrpc":"2.0","method":"echo","params":[1],"id":1})").result(),
            http::status::ok);
}

TEST_F(RpcServerTest, ConnectionsBeyondTheLimitAreRefused) {
  ServerConfig config;
  config.max_connections = 2;
  start(config);
  auto a = open_ws();
  auto b = open_ws();
  for (int i = 0; i < 500 && server_->connection_count() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  auto refused = post(R"({"jsonrpc":"2.0","method":"echo","params":[1],"id":1})");
  EXPECT_EQ(refused.result(), http::status::too_many_requests);
  EXPECT_THROW(open_ws(), boost::system::system_error);
  a->close(websocket::close_code::normal);
  a.reset();
  for (int i = 0; i < 500 && server_->connection_count() > 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(post(R"({"jsonrpc":"2.0","method":"echo","params":[1],"id":1})").result(),
            http::status::ok);
}

TEST_F(RpcServerTest, CorsAllowsListedOriginsOnly) {
  start();  // Substrate's default list
  auto ok =
      post(R"({"jsonrpc":"2.0","method":"echo","params":[1],"id":1})", "http://localhost:3000");
  EXPECT_EQ(ok.result(), http::status::ok);
  EXPECT_EQ(ok[http::field::access_control_allow_origin], "http://localhost:3000");
  EXPECT_EQ(post("{}", "https://evil.example").result(), http::status::forbidden);
  EXPECT_EQ(post("", "https://polkadot.js.org", "", http::verb::options).result(),
            http::status::ok);
  EXPECT_THROW(open_ws("https://evil.example"), boost::system::system_error);
  EXPECT_NO_THROW(open_ws("https://polkadot.js.org"));
}

TEST(CorsPolicy, ParsesAndMatches) {
  EXPECT_TRUE(CorsPolicy::parse("all")->allows("https://anything"));
  EXPECT_FALSE(CorsPolicy::parse("none")->allows("http://localhost"));
  auto list = CorsPolicy::parse("http://localhost:*, https://a.example");
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->allows("http://localhost"));
  EXPECT_TRUE(list->allows("http://localhost:9944"));
  EXPECT_FALSE(list->allows("http://localhost:99x"));
  EXPECT_FALSE(list->allows("http://localhost.evil.example"));
  EXPECT_TRUE(list->allows("https://a.example"));
  EXPECT_FALSE(list->allows("https://a.example:1"));
  EXPECT_FALSE(CorsPolicy::parse("a,,b"));
}

TEST_F(RpcServerTest, MalformedHttpIsAnsweredAndDoesNotStopTheServer) {
  start();
  for (const std::string& garbage :
       {std::string("GARBAGE\r\n\r\n"), std::string("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
        std::string("\0\1\2\3\r\n\r\n", 8),
        std::string("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    tcp::socket socket = connect();
    net::write(socket, net::buffer(garbage));
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    beast::error_code ec;
    http::read(socket, buffer, response, ec);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.result(), http::status::bad_request);
  }
  // A client that disconnects in the middle of a request.
  {
    tcp::socket socket = connect();
    net::write(socket, net::buffer(std::string("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")));
  }
  EXPECT_EQ(post(R"({"jsonrpc":"2.0","method":"echo","params":[1],"id":1})").result(),
            http::status::ok);
}

TEST_F(RpcServerTest, StopClosesConnectionsAndSinks) {
  start();
  auto ws = open_ws();
  EXPECT_TRUE(
      ws_call(*ws, R"({"jsonrpc":"2.0","method":"chain_subscribeNewHeads","id":1})")["result"]
          .is_string());
  wait_for_sinks(1);
  server_->stop();
  server_->stop();  // idempotent
  EXPECT_FALSE(sinks()[0].send(Json(1)));
  server_.reset();
  beast::flat_buffer buffer;
  beast::error_code ec;
  ws->read(buffer, ec);
  EXPECT_TRUE(ec);
}

TEST(RpcServer, StartErrorsAreValues) {
  auto registry = std::make_shared<MethodRegistry>();
  ServerConfig config;
  config.address = "not an address";
  auto bad = Server::start(config, registry);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ServerError::kInvalidAddress);

  config.address = "127.0.0.1";
  config.port = 0;
  auto first = Server::start(config, registry);
  ASSERT_TRUE(first);
  config.port = (*first)->port();
  auto second = Server::start(config, registry);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ServerError::kBindFailed);
}

}  // namespace
}  // namespace canary::rpc
