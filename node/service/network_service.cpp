#include "node/service/network_service.hpp"

#include <set>

#include "node/service/network_block_announces.hpp"
#include "node/service/network_grandpa.hpp"
#include "node/service/network_service_impl.hpp"
#include "node/service/network_transactions.hpp"

namespace canary::node {

using Clock = std::chrono::steady_clock;

NetworkService::Impl::Impl(NetworkServiceConfig c, NetworkServiceParts p)
    : config(std::move(c)), parts(std::move(p)) {}

NetworkService::Impl::~Impl() = default;

// ---- the worker ------------------------------------------------------------------------------

bool NetworkService::Impl::post(std::function<void()> task) {
  {
    MutexLock lock(worker_mutex);
    if (stopping || tasks.size() >= kMaxWorkerTasks) return false;
    tasks.push_back(std::move(task));
  }
  worker_wake.notify_one();
  return true;
}

void NetworkService::Impl::run_worker() {
  auto next_propagation = Clock::now() + kPropagateInterval;
  for (;;) {
    std::function<void()> task;
    auto until = next_propagation;
    if (auto wake = chain_sync->next_wake()) until = std::min(until, *wake);
    {
      UniqueLock lock(worker_mutex);
      worker_wake.wait_until(lock.native(), until, [this]() REQUIRES(worker_mutex) {
        return stopping || !tasks.empty();
      });
      if (stopping) return;
      if (!tasks.empty()) {
        task = std::move(tasks.front());
        tasks.pop_front();
      }
    }
    if (task) task();
    const auto now = Clock::now();
    if (auto wake = chain_sync->next_wake(); wake && now >= *wake) {
      execute(chain_sync->tick(now));
    }
    if (now >= next_propagation) {
      propagate_transactions();
      next_propagation = Clock::now() + kPropagateInterval;
    }
  }
}

std::vector<network::NotificationsProtocol*> NetworkService::Impl::notifications_protocols() const {
  std::vector<network::NotificationsProtocol*> all{block_announces.get(), transactions.get(),
                                                   grandpa.get()};
  for (const auto& extra : extra_notifications) all.push_back(extra.get());
  return all;
}

// ---- host events -----------------------------------------------------------------------------

// The host's events as Substrate's networking logs them (target sub-libp2p): problems with the
// configured peers at warn, the rest at debug. Connections drive the notifications protocols.
void NetworkService::Impl::on_host_event(const network::HostEvent& e,
                                         const std::set<network::PeerId>& configured) {
  const std::string peer = e.peer ? e.peer->to_base58() : std::string("?");
  switch (e.type) {
    case network::HostEventType::kListening:
      log::debug("sub-libp2p", "Listening on {}", e.address.to_string());
      break;
    case network::HostEventType::kListenFailed:
      log::warn("sub-libp2p", "Can't listen on {} because: {}", e.address.to_string(), e.detail);
      break;
    case network::HostEventType::kConnectionEstablished:
      log::debug("sub-libp2p", "Libp2p => Connected({}, {}, {})", peer, e.address.to_string(),
                 e.direction == network::ConnectionDirection::kInbound ? "inbound" : "outbound");
      if (e.peer) {
        for (auto* protocol : notifications_protocols()) protocol->on_peer_connected(*e.peer);
      }
      break;
    case network::HostEventType::kConnectionClosed:
      log::debug("sub-libp2p", "Libp2p => Disconnected({}): {}", peer, e.detail);
      // A peer that sent malformed Noise or Yamux frames after proving who it is (a ping timeout
      // or a failed negotiation may be the network's fault, and are not held against it).
      if (e.peer && e.error &&
          (e.error->kind == network::ConnectionErrorKind::kNoise ||
           e.error->kind == network::ConnectionErrorKind::kYamux)) {
        report(*e.peer, network::kBrokenConnection);
      }
      if (e.peer) {
        for (auto* protocol : notifications_protocols()) protocol->on_peer_disconnected(*e.peer);
      }
      break;
    case network::HostEventType::kDialFailed:
      if (e.peer && configured.contains(*e.peer) && e.error &&
          e.error->kind == network::ConnectionErrorKind::kPeerIdMismatch) {
        log::warn("sub-libp2p",
                  "💔 The bootnode you want to connect to at `{}` provided a different peer ID "
                  "than the one you expect `{}`.",
                  e.address.to_string(), peer);
      } else {
        log::debug("sub-libp2p", "Libp2p => Dial failure for {}: {}", e.address.to_string(),
                   e.detail);
      }
      break;
    case network::HostEventType::kIncomingFailed:
      log::debug("sub-libp2p", "Libp2p => Incoming connection from {} failed: {}",
                 e.address.to_string(), e.detail);
      break;
    case network::HostEventType::kIdentified:
      log::debug("sub-libp2p", "Libp2p => Identified({}): {}", peer,
                 e.identify && e.identify->agent_version ? *e.identify->agent_version : "");
      break;
    case network::HostEventType::kPing:
      break;
    case network::HostEventType::kDiagnostic:
      log::debug("sub-libp2p", "{} ({}): {}", peer, e.address.to_string(), e.detail);
      break;
  }
}

// ---- NetworkService --------------------------------------------------------------------------

Result<std::unique_ptr<NetworkService>, std::string> NetworkService::start(
    NetworkServiceConfig config, NetworkServiceParts parts) {
  auto impl = std::make_unique<Impl>(std::move(config), std::move(parts));
  Impl* raw = impl.get();
  const NetworkConfig& n = raw->config.network;
  raw->genesis = raw->parts.chain.genesis().hash;
  const state::ChainSpec* spec = raw->config.spec;
  // sc-network's default protocol id when the chain spec names none.
  const std::string protocol_id =
      spec != nullptr && spec->protocol_id ? *spec->protocol_id : std::string("sup");
  raw->names = network::protocol_names(raw->genesis, protocol_id);
  raw->roles.bits = raw->config.authority ? network::Roles::kAuthority : network::Roles::kFull;

  network::HostConfig host_config;
  host_config.identity = crypto::ed25519::keypair_from_seed(n.node_key);
  host_config.listen_addresses = n.listen_addresses;
  host_config.agent_version = raw->config.agent_version;
  host_config.max_inbound_connections = n.in_peers;
  host_config.max_outbound_connections = n.out_peers;
  std::set<network::PeerId> configured;
  for (const auto* list : {&n.boot_nodes, &n.reserved_nodes}) {
    for (const network::Multiaddr& address : *list) {
      if (auto peer = address.peer_id()) configured.insert(*peer);
    }
  }
  // Events wait for host->run(), below: every protocol and the sync state exist by then.
  host_config.on_event = [raw, configured](const network::HostEvent& e) {
    raw->on_host_event(e, configured);
    raw->discovery->on_host_event(e);
  };
  host_config.accept_peer = [raw](const network::PeerId& peer) {
    if (!raw->discovery->accepts(peer)) return false;  // --reserved-only
    MutexLock lock(raw->peers_mutex);
    return !raw->peer_store.is_banned(peer, Clock::now());
  };
  const network::PeerId local = network::PeerId::from_ed25519(host_config.identity.public_key);
  log::info("sub-libp2p", "🏷  Local node identity is: {}", local.to_base58());
  raw->discovery = std::make_unique<DiscoveryService>(DiscoveryServiceConfig{
      local, raw->names.kademlia, n.boot_nodes, n.reserved_nodes, n.out_peers, n.reserved_only,
      n.allow_non_globals_in_dht, n.allow_private_ip, raw->config.record_validator,
      raw->config.on_record_event});
  auto started = network::Host::create(std::move(host_config));
  if (!started) return unexpected("the network: " + started.error());
  raw->host = std::move(*started);
  // First, so that identify announces the DHT to the first peers already.
  raw->discovery->start(*raw->host);

  const auto both = [](const network::ProtocolName& name) {
    return std::vector<std::string>{name.name, name.fallback};
  };
  raw->announces_listener = std::make_unique<Impl::BlockAnnounces>(*raw);
  network::NotificationsConfig announces;
  announces.names = both(raw->names.block_announces);
  announces.max_handshake_size = network::kBlockAnnouncesHandshakeSize;
  announces.max_notification_size = network::kMaxBlockAnnounceSize;
  raw->block_announces = network::NotificationsProtocol::create(
      *raw->host, announces, raw->announces_handshake(), *raw->announces_listener);

  raw->transactions_listener = std::make_unique<Impl::Transactions>(*raw);
  network::NotificationsConfig transactions;
  transactions.names = both(raw->names.transactions);
  transactions.max_handshake_size = 1;
  transactions.max_notification_size = network::kMaxTransactionsSize;
  raw->transactions = network::NotificationsProtocol::create(
      *raw->host, transactions, network::encode_roles_handshake(raw->roles),
      *raw->transactions_listener);

  raw->grandpa_listener = std::make_unique<Impl::Grandpa>(*raw);
  network::NotificationsConfig grandpa;
  grandpa.names = both(raw->names.grandpa);
  grandpa.max_handshake_size = 1;
  grandpa.max_notification_size = network::kMaxGrandpaNotificationSize;
  raw->grandpa = network::NotificationsProtocol::create(
      *raw->host, grandpa, network::encode_roles_handshake(raw->roles), *raw->grandpa_listener);
  raw->parts.grandpa.set_gossip_sink(raw->grandpa_listener.get());

  network::RequestResponseConfig sync;
  sync.names = both(raw->names.sync);
  sync.max_request_size = network::kMaxBlockRequestSize;
  sync.max_response_size = network::kMaxBlockResponseSize;
  raw->sync = network::RequestResponseProtocol::create(
      *raw->host, sync,
      [raw](const network::PeerId& peer, const std::string&, Bytes request,
            const network::Responder& respond) {
        raw->serve_block_request(peer, std::move(request), respond);
      });
  raw->light_server = LightServer::start(
      *raw->host, raw->names,
      LightServerParts{raw->parts.chain, raw->parts.runtime, [raw](const network::PeerId& peer) {
                         raw->report(peer, network::kBadRequest);
                       }});

  // `/sync/warp` (sc-network-sync warp_request_handler.rs: 32-byte requests, 16 MiB responses,
  // 10 s), answered by the server's own thread.
  raw->warp_sync_server = std::make_unique<WarpSyncServer>(raw->parts.chain);
  network::RequestResponseConfig warp_sync;
  warp_sync.names = both(raw->names.warp_sync);
  warp_sync.max_request_size = network::kWarpSyncRequestSize;
  warp_sync.max_response_size = network::kMaxWarpSyncResponseSize;
  warp_sync.request_timeout = std::chrono::seconds(10);
  warp_sync.max_inbound_in_flight = WarpSyncServer::kMaxQueuedRequests;
  raw->warp_sync = network::RequestResponseProtocol::create(
      *raw->host, warp_sync,
      [server = raw->warp_sync_server.get()](const network::PeerId& peer, const std::string&,
                                             Bytes request, network::Responder respond) {
        server->serve(peer, std::move(request), std::move(respond));
      });

  for (ExtraNotificationsProtocol& extra : raw->config.extra_notifications) {
    if (extra.listener == nullptr) return unexpected("the network: a protocol without a listener");
    auto protocol = network::NotificationsProtocol::create(*raw->host, extra.config,
                                                           extra.handshake, *extra.listener);
    if (extra.created) extra.created(protocol);
    raw->extra_notifications.push_back(std::move(protocol));
  }
  for (ExtraRequestResponseProtocol& extra : raw->config.extra_request_responses) {
    auto protocol =
        network::RequestResponseProtocol::create(*raw->host, extra.config, extra.handler);
    if (extra.created) extra.created(protocol);
    raw->extra_request_responses.push_back(std::move(protocol));
  }

  raw->sync_view = std::make_unique<ChainSyncView>(raw->parts.chain);
  raw->chain_sync = std::make_unique<network::ChainSync>(*raw->sync_view);
  {
    MutexLock lock(raw->peers_mutex);
    raw->sync_status = raw->chain_sync->status();
  }
  // From here on peers connect, dial results and substreams arrive, and the boot nodes are dialed
  // (a peer connecting before the protocols existed crashed the node in on_peer_connected).
  raw->host->run();
  raw->worker = std::thread([raw] { raw->run_worker(); });

  std::string listening;
  for (const network::Multiaddr& address : raw->host->listen_addresses()) {
    listening += (listening.empty() ? "" : ", ") + address.to_string();
  }
  if (listening.empty()) {
    log::warn("sub-libp2p", "Not listening for p2p connections: no listen address could be bound");
  } else {
    log::info("sub-libp2p", "Listening for new connections on {}", listening);
  }
  // The host keeps the reserved nodes connected; boot nodes are the DHT's (discovery above).
  for (const network::Multiaddr& address : n.reserved_nodes) {
    if (address.peer_id() == local) continue;
    if (auto added = raw->host->add_reserved_peer(address); !added) {
      log::warn("sub-libp2p", "Not connecting to {}: {}", address.to_string(), added.error());
    }
  }
  std::unique_ptr<NetworkService> service(new NetworkService(std::move(impl)));
  raw->parts.chain.add_observer(service.get());
  return service;
}

NetworkService::NetworkService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

void NetworkService::disconnect_peer(const network::PeerId& peer) {
  impl_->host->disconnect(peer);
}

void NetworkService::connect_to(const std::vector<network::Multiaddr>& addresses) {
  std::set<network::PeerId> skip{impl_->host->local_peer_id()};
  for (const network::ConnectedPeer& connected : impl_->host->connected_peers()) {
    skip.insert(connected.peer);
  }
  for (const network::Multiaddr& address : addresses) {
    const auto peer = address.peer_id();
    if (!peer || !skip.insert(*peer).second) continue;
    impl_->host->dial(address);
  }
}

void NetworkService::report_peer(const network::PeerId& peer,
                                 consensus::grandpa::ReputationChange change) {
  impl_->report(peer, change);
}

NetworkService::~NetworkService() {
  stop();
}

void NetworkService::stop() {
  {
    MutexLock lock(impl_->worker_mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  impl_->parts.chain.remove_observer(this);
  impl_->parts.grandpa.set_gossip_sink(nullptr);
  impl_->worker_wake.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
  if (impl_->warp_sync_server) impl_->warp_sync_server->stop();
  if (impl_->light_server) impl_->light_server->stop();
  // The protocols' listeners live in impl_: the host's thread is gone before they are.
  impl_->host->stop();
}

void NetworkService::announce_block(const block::Header& header) {
  const block::BlockHash hash = block::hash_of(header);
  const Bytes message = network::encode_block_announce(
      network::BlockAnnounce{header, network::BlockState::kBest, Bytes{}});
  for (const network::PeerId& peer : impl_->block_announces->open_peers()) {
    {
      MutexLock lock(impl_->peers_mutex);
      auto known = impl_->known_blocks.find(peer);
      if (known != impl_->known_blocks.end() && !known->second.insert(hash)) continue;
    }
    impl_->block_announces->send(peer, message);
  }
}

void NetworkService::on_block_imported(const blockchain::ImportNotice& notice) {
  if (!notice.new_best) return;
  // Not while catching up: a node that syncs thousands of blocks would announce each of them.
  {
    MutexLock lock(impl_->peers_mutex);
    if (impl_->sync_status.is_major_syncing()) return;
  }
  announce_block(notice.header);
}

void NetworkService::on_finalized(const blockchain::FinalityNotice& notice) {
  Impl* impl = impl_.get();
  impl->post([impl, finalized = notice.finalized] {
    impl->execute(impl->chain_sync->on_block_finalized(finalized.hash, finalized.number));
  });
}

std::optional<network::SyncStatus> NetworkService::sync_status() const {
  MutexLock lock(impl_->peers_mutex);
  return impl_->sync_status;
}

const network::PeerId& NetworkService::local_peer_id() const {
  return impl_->host->local_peer_id();
}

std::vector<network::Multiaddr> NetworkService::listen_addresses() const {
  return impl_->host->listen_addresses();
}

std::shared_ptr<network::KademliaDiscovery> NetworkService::kademlia() const {
  return impl_->discovery->kademlia();
}

size_t NetworkService::peer_count() const {
  std::set<network::PeerId> peers;
  for (const network::ConnectedPeer& p : impl_->host->connected_peers()) peers.insert(p.peer);
  return peers.size();
}

std::vector<SyncPeerInfo> NetworkService::sync_peers() const {
  MutexLock lock(impl_->peers_mutex);
  std::vector<SyncPeerInfo> out;
  out.reserve(impl_->sync_peers.size());
  for (const auto& [peer, info] : impl_->sync_peers) out.push_back(info);
  return out;
}

void NetworkService::on_best_block_changed(const blockchain::BlockRef& best,
                                           const std::optional<blockchain::TreeRoute>& reorg) {
  (void)reorg;
  impl_->block_announces->set_handshake(network::encode_block_announces_handshake(
      network::BlockAnnouncesHandshake{impl_->roles, best.number, best.hash, impl_->genesis}));
  Impl* impl = impl_.get();
  impl->post(
      [impl, best] { impl->execute(impl->chain_sync->update_chain_info(best.hash, best.number)); });
}

// ---- reserved peers and the network state (system_* RPC) ------------------------------------

Result<void, std::string> NetworkService::add_reserved_peer(std::string_view text) {
  CANARY_TRY_ASSIGN(const network::Multiaddr address, parse_reserved_peer_address(text));
  const network::PeerId peer = *address.peer_id();
  // sc-network refuses its own PeerId with this text.
  if (peer == local_peer_id()) {
    return unexpected(std::string("Local peer ID cannot be added as a reserved peer."));
  }
  impl_->discovery->set_reserved(peer, true);
  if (auto added = impl_->host->add_reserved_peer(address); !added) {
    impl_->discovery->set_reserved(peer, false);
    return unexpected(std::move(added).error());
  }
  return {};
}

Result<void, std::string> NetworkService::remove_reserved_peer(std::string_view text) {
  CANARY_TRY_ASSIGN(const network::PeerId peer, parse_peer_id_argument(text));
  impl_->host->remove_reserved_peer(peer);
  impl_->discovery->set_reserved(peer, false);
  // Only reserved peers may stay in reserved-only mode (sc-network disconnects the peer).
  if (impl_->discovery->reserved_only()) impl_->host->disconnect(peer);
  return {};
}

std::vector<std::string> NetworkService::reserved_peers() const {
  std::vector<std::string> out;
  for (const auto& [peer, address] : impl_->host->reserved_peers()) out.push_back(peer.to_base58());
  return out;
}

nlohmann::json NetworkService::network_state() const {
  NetworkStateFacts facts{local_peer_id(),
                          listen_addresses(),
                          {},
                          impl_->host->connected_peers(),
                          impl_->host->reserved_peers(),
                          impl_->discovery->reserved_only()};
  return network_state_json(facts);
}

}  // namespace canary::node
