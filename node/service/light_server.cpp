#include "node/service/light_server.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "network/protocols/light_request.hpp"
#include "network/protocols/light_request_handler.hpp"
#include "network/protocols/state_request.hpp"
#include "network/protocols/state_request_handler.hpp"
#include "node/service/log.hpp"

namespace canary::node {

namespace {

// The log targets of the Substrate handlers.
constexpr std::string_view kLightTarget = "light-client-request-handler";
constexpr std::string_view kStateTarget = "sync";

std::vector<std::string> names_of(const network::ProtocolName& name) {
  return {name.name, name.fallback};
}

}  // namespace

LightServer::LightServer(LightServerParts parts)
    : parts_(std::move(parts)),
      light_source_(parts_.chain, parts_.runtime),
      state_source_(parts_.chain) {}

std::unique_ptr<LightServer> LightServer::start(network::Host& host,
                                                const network::ProtocolNames& names,
                                                LightServerParts parts) {
  std::unique_ptr<LightServer> server(new LightServer(std::move(parts)));
  LightServer* raw = server.get();
  raw->thread_ = std::thread([raw] { raw->run(); });

  // sc-network-light light_client_requests.rs generate_protocol_config.
  network::RequestResponseConfig light;
  light.names = names_of(names.light);
  light.max_request_size = network::kMaxLightRequestSize;
  light.max_response_size = network::kMaxLightResponseSize;
  light.request_timeout = std::chrono::seconds(15);
  light.max_inbound_in_flight = kMaxLightInFlight;
  raw->light_ = network::RequestResponseProtocol::create(
      host, light,
      [raw](const network::PeerId& peer, const std::string&, Bytes request,
            network::Responder respond) {
        raw->enqueue(Task{true, peer, std::move(request), std::move(respond)});
      });

  // sc-network-sync state_request_handler.rs generate_protocol_config.
  network::RequestResponseConfig state;
  state.names = names_of(names.state);
  state.max_request_size = network::kMaxStateRequestSize;
  state.max_response_size = network::kMaxStateResponseSize;
  state.request_timeout = std::chrono::seconds(40);
  raw->state_ = network::RequestResponseProtocol::create(
      host, state,
      [raw](const network::PeerId& peer, const std::string&, Bytes request,
            network::Responder respond) {
        raw->enqueue(Task{false, peer, std::move(request), std::move(respond)});
      });
  return server;
}

LightServer::~LightServer() {
  stop();
}

void LightServer::stop() {
  std::deque<Task> refused;
  {
    MutexLock lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    refused.swap(tasks_);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (Task& task : refused) task.respond(std::nullopt);
}

void LightServer::enqueue(Task task) {
  {
    MutexLock lock(mutex_);
    if (!stopping_ && tasks_.size() < kMaxQueued) {
      tasks_.push_back(std::move(task));
      wake_.notify_one();
      return;
    }
  }
  task.respond(std::nullopt);
}

void LightServer::run() {
  for (;;) {
    std::optional<Task> task;
    {
      UniqueLock lock(mutex_);
      wake_.wait(lock.native(), [this]() REQUIRES(mutex_) { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task.emplace(std::move(tasks_.front()));
      tasks_.pop_front();
    }
    serve(*task);
  }
}

void LightServer::serve(Task& task) {
  if (task.light) {
    auto response = network::serve_light_request(task.request, light_source_);
    if (!response) {
      log::debug(kLightTarget, "Failed to handle light client request from {}: {}",
                 task.peer.to_base58(), network::to_string(response.error()));
      if (response.error() == network::LightRequestRefusal::kBadRequest && parts_.on_bad_request) {
        parts_.on_bad_request(task.peer);
      }
      task.respond(std::nullopt);
      return;
    }
    task.respond(std::move(*response));
    return;
  }
  auto response = network::serve_state_request(task.request, state_source_);
  if (!response) {
    log::debug(kStateTarget, "Failed to handle state request from {}: {}", task.peer.to_base58(),
               network::to_string(response.error()));
    task.respond(std::nullopt);
    return;
  }
  task.respond(std::move(*response));
}

}  // namespace canary::node
