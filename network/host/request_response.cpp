#include "network/host/request_response.hpp"

#include <utility>

#include "network/host/substream_writer.hpp"
#include "network/libp2p/length_prefixed.hpp"

namespace canary::network {

namespace {

RequestFailure failure_of(SubstreamEnd end) {
  switch (end) {
    case SubstreamEnd::kRefused:
      return RequestFailure::kRefused;
    case SubstreamEnd::kNoConnection:
      return RequestFailure::kNoConnection;
    case SubstreamEnd::kConnectionClosed:
      return RequestFailure::kConnectionClosed;
    case SubstreamEnd::kResetLocally:
      return RequestFailure::kTimeout;  // we reset only at the deadline or on a bad length
    case SubstreamEnd::kFinished:
    case SubstreamEnd::kResetByPeer:
      return RequestFailure::kNoResponse;
  }
  return RequestFailure::kNoResponse;
}

}  // namespace

const char* to_string(RequestFailure failure) {
  switch (failure) {
    case RequestFailure::kNoConnection:
      return "not connected to the peer";
    case RequestFailure::kRefused:
      return "the peer refused the protocol or the request";
    case RequestFailure::kTimeout:
      return "no response within the deadline";
    case RequestFailure::kConnectionClosed:
      return "the connection closed";
    case RequestFailure::kNoResponse:
      return "the peer closed the substream without a response";
    case RequestFailure::kResponseTooLarge:
      return "the response is over the size limit";
    case RequestFailure::kMalformed:
      return "the response's length prefix is malformed";
  }
  return "unknown request failure";
}

// ---- requester -------------------------------------------------------------------------------

// Shared by the substream's handler and the deadline's timer: whichever comes first answers.
struct ClientState {
  ResponseCallback done;
  Substream* substream = nullptr;  // while it lives
  bool answered = false;

  void answer(Result<Bytes, RequestFailure> result) {
    if (answered) return;
    answered = true;
    auto callback = std::move(done);
    done = nullptr;
    if (callback) callback(std::move(result));
  }
};

class RequestResponseProtocol::ClientHandler final : public SubstreamHandler {
 public:
  ClientHandler(std::shared_ptr<ClientState> state, Bytes request, size_t max_response_size)
      : state_(std::move(state)),
        request_(length_prefixed(request)),
        reader_(max_response_size),
        writer_(request_.size() + 1) {}

  void on_open(Substream& substream) override {
    state_->substream = &substream;
    if (!writer_.write(substream, std::move(request_))) {
      substream.reset();
      return;
    }
    close_when_written(substream);
  }

  void on_data(Substream& substream, ByteSpan data) override {
    if (state_->answered) return;
    auto taken = reader_.feed(data);
    if (!taken) {
      state_->answer(unexpected(taken.error() == LengthPrefixedError::kTooLarge
                                    ? RequestFailure::kResponseTooLarge
                                    : RequestFailure::kMalformed));
      substream.reset();
      return;
    }
    if (!reader_.complete()) return;
    state_->answer(reader_.take());
    // Whatever follows the response is not ours to read; the peer closes its side.
  }

  void on_writable(Substream& substream) override {
    writer_.flush(substream);
    close_when_written(substream);
  }

  void on_end(Substream& substream, SubstreamEnd end) override {
    (void)substream;
    state_->substream = nullptr;
    state_->answer(unexpected(failure_of(end)));
  }

 private:
  void close_when_written(Substream& substream) {
    if (!closed_ && writer_.empty()) {
      closed_ = true;
      substream.close();
    }
  }

  std::shared_ptr<ClientState> state_;
  Bytes request_;
  LengthPrefixedReader reader_;
  SubstreamWriter writer_;
  bool closed_ = false;
};

// ---- responder -------------------------------------------------------------------------------

// Shared by the substream's handler, the Responder and the deadline's timer.
struct RequestResponseProtocol::ServerState {
  Substream* substream = nullptr;  // while it lives
  bool request_received = false;
  bool responded = false;
  std::unique_ptr<SubstreamWriter> writer;
};

class RequestResponseProtocol::ServerHandler final : public SubstreamHandler {
 public:
  ServerHandler(std::weak_ptr<RequestResponseProtocol> owner, std::shared_ptr<ServerState> state,
                PeerId peer, size_t max_request_size)
      : owner_(std::move(owner)),
        state_(std::move(state)),
        peer_(std::move(peer)),
        reader_(max_request_size) {}

  void on_open(Substream& substream) override {
    state_->substream = &substream;
    auto owner = owner_.lock();
    if (!owner) {
      substream.reset();
      return;
    }
    ++owner->inbound_in_flight_;
    counted_ = true;
    // The request must arrive whole within the deadline; the answer then takes what it takes.
    std::weak_ptr<ServerState> weak = state_;
    owner->host_.post_after(owner->config_.request_timeout, [weak] {
      auto state = weak.lock();
      if (state && state->substream != nullptr && !state->request_received) {
        state->substream->reset();
      }
    });
  }

  void on_data(Substream& substream, ByteSpan data) override {
    if (state_->request_received) {
      substream.reset();  // one request per substream
      return;
    }
    auto taken = reader_.feed(data);
    if (!taken || (reader_.complete() && *taken != data.size())) {
      substream.reset();
      return;
    }
    if (!reader_.complete()) return;
    state_->request_received = true;
    auto owner = owner_.lock();
    if (!owner || !owner->handler_) {
      substream.reset();
      return;
    }
    owner->handler_(peer_, substream.info().protocol, reader_.take(),
                    make_responder(owner->host_, state_));
  }

  void on_remote_closed(Substream& substream) override {
    if (!state_->request_received) substream.reset();  // closed inside the request
  }

  void on_writable(Substream& substream) override {
    if (!state_->writer) return;
    state_->writer->flush(substream);
    if (state_->writer->empty()) substream.close();
  }

  void on_end(Substream& substream, SubstreamEnd end) override {
    (void)substream;
    (void)end;
    state_->substream = nullptr;
    if (!counted_) return;
    if (auto owner = owner_.lock(); owner && owner->inbound_in_flight_ > 0) {
      --owner->inbound_in_flight_;
    }
  }

 private:
  static Responder make_responder(Host& host, const std::shared_ptr<ServerState>& state) {
    std::weak_ptr<ServerState> weak = state;
    return [&host, weak](std::optional<Bytes> response) {
      host.post([weak, response = std::move(response)]() mutable {
        auto state = weak.lock();
        if (!state || state->responded || state->substream == nullptr) return;
        state->responded = true;
        Substream& substream = *state->substream;
        if (!response) {
          substream.reset();
          return;
        }
        Bytes bytes = length_prefixed(*response);
        state->writer = std::make_unique<SubstreamWriter>(bytes.size() + 1);
        (void)state->writer->write(substream, std::move(bytes));
        if (state->substream != nullptr && state->writer->empty()) substream.close();
      });
    };
  }

  std::weak_ptr<RequestResponseProtocol> owner_;
  std::shared_ptr<ServerState> state_;
  PeerId peer_;
  LengthPrefixedReader reader_;
  bool counted_ = false;
};

// ---- the protocol ----------------------------------------------------------------------------

RequestResponseProtocol::RequestResponseProtocol(Host& host, RequestResponseConfig config,
                                                 RequestHandler handler)
    : host_(host), config_(std::move(config)), handler_(std::move(handler)) {}

RequestResponseProtocol::~RequestResponseProtocol() = default;

std::shared_ptr<RequestResponseProtocol> RequestResponseProtocol::create(
    Host& host, RequestResponseConfig config, RequestHandler handler) {
  auto protocol =
      std::make_shared<RequestResponseProtocol>(host, std::move(config), std::move(handler));
  if (!protocol->handler_) return protocol;
  std::weak_ptr<RequestResponseProtocol> weak = protocol;
  for (const std::string& name : protocol->config_.names) {
    host.register_protocol(
        name, [weak](const SubstreamInfo& info) -> std::unique_ptr<SubstreamHandler> {
          auto owner = weak.lock();
          if (!owner || !info.peer) return nullptr;
          if (owner->inbound_in_flight_ >= owner->config_.max_inbound_in_flight) return nullptr;
          return std::make_unique<ServerHandler>(weak, std::make_shared<ServerState>(), *info.peer,
                                                 owner->config_.max_request_size);
        });
  }
  return protocol;
}

void RequestResponseProtocol::request(const PeerId& peer, Bytes request, ResponseCallback done) {
  auto state = std::make_shared<ClientState>();
  state->done = std::move(done);
  host_.open_substream(
      peer, config_.names,
      std::make_unique<ClientHandler>(state, std::move(request), config_.max_response_size));
  host_.post_after(config_.request_timeout, [state] {
    if (state->answered) return;
    state->answer(unexpected(RequestFailure::kTimeout));
    if (state->substream != nullptr) state->substream->reset();
  });
}

}  // namespace canary::network
