// Authority discovery for a validator node (polkadot-sdk sc-authority-discovery: the Worker in
// Role::PublishAndDiscover and its Service), or a collator's (Role::Discover: lookups only): the
// sans-IO worker of
// network/authority_discovery/worker.hpp run on a thread of its own, with
//   - our keys: the keystore's `audi` (sr25519) keys, signing through the keystore;
//   - the authorities: AuthorityDiscoveryApi_authorities (current and next set) at the best
//     block, called again whenever the best block changed since the last call;
//   - our addresses: the host's listen addresses (0.0.0.0 / :: expanded to the interfaces' as
//     identify announces them), which also stand for the external ones (the node learns no
//     observed address yet); non-global ones are published with `publish_non_global_ips`
//     (polkadot-service: --discover-local, on for --dev and local chains);
//   - the chain's Kademlia DHT (network/host/kademlia_discovery.hpp): the worker's gets and puts
//     run there, the found records and put outcomes come back (record_listener), and the records
//     peers put to us are judged by the worker (record_validator) before the DHT keeps them.
// Logged at target `sub-authority-discovery` with Substrate's messages; Substrate's metrics
// `substrate_authority_discovery_*` (worker.rs Metrics) when a registry is given.
//
// For the parachain network bridge: peers_of(authority), addresses_of(authority) and
// authorities_of(peer), from any thread (sc-authority-discovery Service's
// get_addresses_by_authority_id / get_authority_ids_by_peer_id).
//
// Threads: construct before the network (record_validator and record_listener go into its
// configuration, and may be called on the host's I/O thread before start() and after stop():
// they hold the service's shared state); start() once the network runs; stop() (or the
// destructor) before the network, the chain and the runtime host go.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/keystore/keystore.hpp"
#include "network/authority_discovery/worker.hpp"
#include "network/host/kademlia_discovery.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "node/service/metrics_registry.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

using AuthorityDiscoveryId = network::authority_discovery::AuthorityId;

struct AuthorityDiscoveryServiceConfig {
  ByteArray<32> node_key{};  // the ed25519 secret of our PeerId: signs our records
  network::authority_discovery::WorkerConfig worker;
};

struct AuthorityDiscoveryServiceParts {
  blockchain::Chain& chain;
  blockchain::RuntimeHost& runtime;
  executor::keystore::Keystore& keystore;
  MetricsRegistry* metrics = nullptr;
};

class AuthorityDiscoveryService {
 public:
  AuthorityDiscoveryService(AuthorityDiscoveryServiceConfig config,
                            AuthorityDiscoveryServiceParts parts);
  ~AuthorityDiscoveryService();
  AuthorityDiscoveryService(const AuthorityDiscoveryService&) = delete;
  AuthorityDiscoveryService& operator=(const AuthorityDiscoveryService&) = delete;

  // For NetworkServiceConfig (both called on the host's I/O thread; safe after stop()).
  std::function<bool(const network::KademliaRecord&, const network::PeerId&)> record_validator()
      const;
  std::function<void(const network::KademliaAction&)> record_listener() const;

  // Starts the worker (its intervals count from here) on the network's DHT; `listen_addresses`
  // gives the host's bound addresses (called on the service's thread).
  void start(std::shared_ptr<network::KademliaDiscovery> dht,
             std::function<std::vector<network::Multiaddr>()> listen_addresses);
  // Joins the thread; idempotent.
  void stop();

  // What authority discovery learned (any thread).
  std::vector<network::PeerId> peers_of(const AuthorityDiscoveryId& authority) const;
  std::vector<network::Multiaddr> addresses_of(const AuthorityDiscoveryId& authority) const;
  std::vector<AuthorityDiscoveryId> authorities_of(const network::PeerId& peer) const;
  network::authority_discovery::WorkerStats stats() const;

  // AuthorityDiscoveryApi_authorities at `at` (SCALE Vec<[u8; 32]>).
  static Result<std::vector<AuthorityDiscoveryId>, std::string> authorities_at(
      blockchain::Chain& chain, blockchain::RuntimeHost& runtime, const block::BlockHash& at);

  struct State;

 private:
  void run();
  // The worker's inputs that need the runtime, the keystore or the host (outside its lock).
  void refresh_inputs();
  void execute(std::vector<network::authority_discovery::WorkerAction> actions);

  AuthorityDiscoveryServiceParts parts_;
  std::shared_ptr<State> state_;
  std::shared_ptr<network::KademliaDiscovery> dht_;
  std::function<std::vector<network::Multiaddr>()> listen_addresses_;
  // ---- the service's thread ----
  std::optional<block::BlockHash> authorities_at_;
  bool runtime_error_logged_ = false;
  std::thread thread_;
};

}  // namespace canary::node
