#include "node/service/prometheus_exporter.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

namespace canary::node {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct PrometheusExporter::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::function<std::string()> render;
  std::thread thread;
  std::atomic<bool> stopped{false};

  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      serve(std::move(socket));
      if (!stopped) accept();
    });
  }

  void serve(tcp::socket socket) {
    boost::system::error_code ec;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::read(socket, buffer, request, ec);
    if (ec) return;
    http::response<http::string_body> response;
    response.version(request.version());
    response.keep_alive(false);
    if (request.method() == http::verb::get && request.target() == "/metrics") {
      response.result(http::status::ok);
      response.set(http::field::content_type, "text/plain; version=0.0.4");
      response.body() = render();
    } else {
      response.result(http::status::not_found);
      response.body() = "Not found.";
    }
    response.prepare_payload();
    http::write(socket, response, ec);
    (void)socket.shutdown(tcp::socket::shutdown_both, ec);
  }
};

Result<std::unique_ptr<PrometheusExporter>, std::string> PrometheusExporter::start(
    const std::string& address, uint16_t port, std::function<std::string()> render) {
  auto impl = std::make_unique<Impl>();
  impl->render = std::move(render);
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) return unexpected("invalid Prometheus address " + address);
  const tcp::endpoint endpoint(ip, port);
  (void)impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) (void)impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) (void)impl->acceptor.bind(endpoint, ec);
  if (!ec) (void)impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return unexpected("cannot listen on " + address + ":" + std::to_string(port) + ": " +
                      ec.message());
  }
  impl->accept();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<PrometheusExporter>(new PrometheusExporter(std::move(impl)));
}

PrometheusExporter::PrometheusExporter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PrometheusExporter::~PrometheusExporter() {
  stop();
}

uint16_t PrometheusExporter::port() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void PrometheusExporter::stop() {
  if (impl_->stopped.exchange(true)) return;
  asio::post(impl_->io, [this] {
    boost::system::error_code ec;
    (void)impl_->acceptor.close(ec);
  });
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace canary::node
