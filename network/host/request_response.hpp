// A request-response protocol over the host (rust-libp2p request-response as sc-network configures
// it: `/sync/2`, `/state/2`, `/light/2`, `/sync/warp`): one substream per request. The requester
// writes varint length ‖ request and closes its side; the responder answers with varint length ‖
// response and closes (or resets the substream: no answer).
//
// Bounds: requests and responses have per-protocol maximum sizes (checked from the length prefix,
// before anything is buffered), every request has a deadline, and the server side serves at most
// `max_inbound_in_flight` requests at once per protocol (a substream beyond that is reset as it
// opens, which the requester sees as kNoResponse, as sc-network drops what overflows its bounded
// inbound queue).
//
// Threads: request() and the Responder may be called from any thread; callbacks (the response,
// the server's RequestHandler) run on the host's I/O thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "network/host/host.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

enum class RequestFailure : uint8_t {
  kNoConnection,      // not connected to the peer
  kRefused,           // the peer does not speak the protocol, or refused this request
  kTimeout,           // no whole response within the deadline
  kConnectionClosed,  // the connection went away first
  kNoResponse,        // the peer closed or reset the substream without a response
  kResponseTooLarge,  // the length prefix announced more than max_response_size
  kMalformed,         // the length prefix was not a valid varint
};

const char* to_string(RequestFailure failure);

struct RequestResponseConfig {
  // The main name first, then the fallbacks; inbound requests are accepted under any of them.
  std::vector<std::string> names;
  size_t max_request_size = 1024 * 1024;
  size_t max_response_size = 16 * 1024 * 1024;
  // Of an outbound request, from the substream's opening to the end of the response; and for an
  // inbound request to arrive whole.
  std::chrono::milliseconds request_timeout{20'000};
  size_t max_inbound_in_flight = 32;
};

// The answer to an inbound request: bytes, or nullopt to refuse (the substream is reset).
using Responder = std::function<void(std::optional<Bytes> response)>;
// Serves an inbound request (I/O thread); must call `respond` once, from any thread, now or later.
using RequestHandler = std::function<void(const PeerId& peer, const std::string& protocol,
                                          Bytes request, Responder respond)>;
using ResponseCallback = std::function<void(Result<Bytes, RequestFailure> response)>;

class RequestResponseProtocol : public std::enable_shared_from_this<RequestResponseProtocol> {
 public:
  // With a handler, the protocol is also served (registered on the host, announced in identify).
  static std::shared_ptr<RequestResponseProtocol> create(Host& host, RequestResponseConfig config,
                                                         RequestHandler handler = nullptr);

  const std::string& name() const { return config_.names.front(); }

  // Sends `request` to `peer`; `done` hears the response or why there is none, exactly once,
  // on the I/O thread.
  void request(const PeerId& peer, Bytes request, ResponseCallback done);

  // Inbound requests being served now (I/O thread).
  size_t inbound_in_flight() const { return inbound_in_flight_; }

  RequestResponseProtocol(Host& host, RequestResponseConfig config, RequestHandler handler);
  ~RequestResponseProtocol();

  // Internal, for the substream handlers.
  class ClientHandler;
  class ServerHandler;
  struct ServerState;

 private:
  Host& host_;
  RequestResponseConfig config_;
  RequestHandler handler_;
  size_t inbound_in_flight_ = 0;  // I/O thread
};

}  // namespace canary::network
