// The node's servers of `/<genesis>/light/2` (light clients' read, child read and call proofs;
// sc-network-light LightClientRequestHandler) and `/<genesis>/state/2` (state sync's ranges;
// sc-network-sync StateRequestHandler), registered on the libp2p host under their names and
// legacy fallbacks (network/protocols/protocol_names.hpp).
//
// The answers come from network/protocols/{light,state}_request_handler.hpp over the chain
// (chain_light_source.hpp, chain_state_source.hpp). They are computed on a thread of the server's
// own, never on the host's I/O thread nor on the network service's worker: a remote call runs the
// runtime (tens to hundreds of milliseconds) and a state range reads up to 2 MiB of trie, which
// must not hold up block import and sync. Requests are served in arrival order; what waits is
// bounded by the protocols' in-flight limits (Substrate's: 20 light requests,
// MAX_LIGHT_REQUEST_QUEUE; the host's default for state requests) and by kMaxQueued.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "network/host/host.hpp"
#include "network/host/request_response.hpp"
#include "network/libp2p/peer_id.hpp"
#include "network/protocols/protocol_names.hpp"
#include "node/service/chain_light_source.hpp"
#include "node/service/chain_state_source.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

struct LightServerParts {
  const blockchain::Chain& chain;
  blockchain::RuntimeHost& runtime;
  // A peer sent a bad light request (Substrate lowers its reputation by 1 << 12); called on the
  // server's thread. May be empty.
  std::function<void(const network::PeerId&)> on_bad_request;
};

class LightServer {
 public:
  // At most this many requests wait for the server's thread; more are refused at once.
  static constexpr size_t kMaxQueued = 64;
  // Light requests served at once (sc-network-light MAX_LIGHT_REQUEST_QUEUE).
  static constexpr size_t kMaxLightInFlight = 20;

  // Registers both protocols on `host` and starts the thread. `host` and the parts must outlive
  // the server; stop() it before stopping the host.
  static std::unique_ptr<LightServer> start(network::Host& host,
                                            const network::ProtocolNames& names,
                                            LightServerParts parts);
  ~LightServer();
  LightServer(const LightServer&) = delete;
  LightServer& operator=(const LightServer&) = delete;

  // Refuses what waits and joins the thread; later requests are refused. Idempotent.
  void stop();

 private:
  struct Task {
    bool light = false;  // else a state request
    network::PeerId peer;
    Bytes request;
    network::Responder respond;
  };

  explicit LightServer(LightServerParts parts);
  void enqueue(Task task);
  void run();
  void serve(Task& task);

  LightServerParts parts_;
  ChainLightSource light_source_;
  ChainStateSource state_source_;
  std::shared_ptr<network::RequestResponseProtocol> light_;
  std::shared_ptr<network::RequestResponseProtocol> state_;

  Mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> tasks_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace canary::node
