// The node's peer-to-peer side (sc-network's NetworkWorker with sc-network-sync's SyncingEngine,
// sc-network-transactions and the GRANDPA gossip bridge): the libp2p host with the Substrate
// protocols of the chain, and what they mean for this node's chain, pool and GRANDPA.
//
//  - `/block-announces/1`: our handshake carries our roles, best block and genesis (refreshed as
//    the best block changes); a peer whose genesis differs is refused. We announce the blocks we
//    author; announcements from peers update their best block.
//  - `/sync/2`: served from the chain (network/protocols/block_request_handler.hpp).
//  - `/light/2`, `/state/2`: served from the chain by a LightServer (light_server.hpp).
//  - `/sync/warp`: GRANDPA warp sync proofs, served from the chain (warp_sync_server.hpp).
//  - `/transactions/1`: what the pool holds is propagated to the peers that do not know it yet
//    (at once when it arrives, then every few seconds), what peers send is submitted to the pool.
//
// Threads: the host's I/O thread runs the protocols and hands what needs the chain to the
// service's worker thread, which also serves block requests (reads of the database) so that the
// I/O thread never waits on the disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "network/host/kademlia_discovery.hpp"
#include "network/host/notifications.hpp"
#include "network/host/request_response.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "network/sync/chain_sync.hpp"
#include "nlohmann/json.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/grandpa_service.hpp"
#include "node/service/transaction_service.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::node {

// The libp2p host's settings (sc-cli NetworkParams, NodeKeyParams).
struct NetworkConfig {
  ByteArray<32> node_key{};  // the ed25519 secret: the node's PeerId
  std::vector<network::Multiaddr> listen_addresses;
  // The Kademlia DHT's first peers, dialed like any peer it finds (discovery_service.hpp).
  std::vector<network::Multiaddr> boot_nodes;
  // Dialed at start and redialed whenever disconnected.
  std::vector<network::Multiaddr> reserved_nodes;
  size_t in_peers = 32;        // --in-peers
  size_t out_peers = 8;        // --out-peers
  bool reserved_only = false;  // --reserved-only: no peers but the reserved nodes, both ways
  // Non-global addresses into the DHT (--discover-local; on for --dev and local/dev chains).
  bool allow_non_globals_in_dht = false;
  // Dial non-global addresses the DHT gives (--allow-private-ip / --no-private-ip).
  bool allow_private_ip = true;
};

// A peer the block-announces protocol is open with (system_peers).
struct SyncPeerInfo {
  network::PeerId peer;
  uint8_t roles = 0;
  block::BlockHash best_hash{};
  block::BlockNumber best_number = 0;
};

struct NetworkServiceParts {
  blockchain::Chain& chain;
  BlockImporter& importer;
  GrandpaService& grandpa;
  TransactionService& transactions;
  // Runs the remote calls of light clients (`/light/2`).
  blockchain::RuntimeHost& runtime;
  // Wakes the node's chain thread (GRANDPA and the pool act on imports there).
  std::function<void()> wake_chain;
};

// A notifications protocol another service speaks over this node's host (sc-network's
// `NotificationConfig` registered by a subsystem: Polkadot's validation and collation peer
// sets). Created with the host's own protocols, before any peer connects; `created` receives
// the protocol (for sending) before the listener hears of the first peer.
struct ExtraNotificationsProtocol {
  network::NotificationsConfig config;
  Bytes handshake;
  network::NotificationsListener* listener = nullptr;  // outlives the service
  std::function<void(std::shared_ptr<network::NotificationsProtocol>)> created;
};

// A request-response protocol another service serves or requests over this node's host
// (Polkadot's collation, chunk, PoV and available-data requests). Without a handler it is only
// requested, and not announced as served.
struct ExtraRequestResponseProtocol {
  network::RequestResponseConfig config;
  network::RequestHandler handler;
  std::function<void(std::shared_ptr<network::RequestResponseProtocol>)> created;
};

struct NetworkServiceConfig {
  NetworkConfig network;
  std::string agent_version = "canary";
  bool authority = false;
  const state::ChainSpec* spec = nullptr;  // protocol id and fork id
  std::vector<ExtraNotificationsProtocol> extra_notifications;
  std::vector<ExtraRequestResponseProtocol> extra_request_responses;
  // Kademlia records (authority discovery, authority_discovery_service.hpp), on the host's I/O
  // thread: the judge of the records peers put to us (unset: PUT_VALUE refused, nothing kept),
  // and the DHT's record events.
  std::function<bool(const network::KademliaRecord&, const network::PeerId&)> record_validator;
  std::function<void(const network::KademliaAction&)> on_record_event;
};

class NetworkService final : public blockchain::ChainObserver {
 public:
  static Result<std::unique_ptr<NetworkService>, std::string> start(NetworkServiceConfig config,
                                                                    NetworkServiceParts parts);
  ~NetworkService() override;
  NetworkService(const NetworkService&) = delete;
  NetworkService& operator=(const NetworkService&) = delete;

  // Closes the connections and joins the threads; idempotent.
  void stop();

  // Announces `header` as our best block to every peer that has not announced it to us
  // (sc-service announces every imported block that becomes the best one; so do we, from
  // on_block_imported).
  void announce_block(const block::Header& header);

  const network::PeerId& local_peer_id() const;
  std::vector<network::Multiaddr> listen_addresses() const;
  // The chain's Kademlia DHT (record queries: authority discovery).
  std::shared_ptr<network::KademliaDiscovery> kademlia() const;
  // Connected peers (any protocol).
  size_t peer_count() const;
  // Peers with an open block-announces protocol.
  std::vector<SyncPeerInfo> sync_peers() const;

  // Reserved peers at run time (system_addReservedPeer, _removeReservedPeer, _reservedPeers):
  // an added peer is dialed and redialed whenever disconnected; removal drops the reservation
  // (and, with --reserved-only, the peer). Errors: sc-service's texts for a bad argument.
  Result<void, std::string> add_reserved_peer(std::string_view address);
  Result<void, std::string> remove_reserved_peer(std::string_view peer_id);
  std::vector<std::string> reserved_peers() const;
  // system_unstable_networkState (network_rpc.hpp).
  nlohmann::json network_state() const;

  // Charges (or credits) a peer for what it sent on another service's protocol; a peer whose
  // reputation falls below the ban threshold is disconnected and refused for a while. Any thread.
  void report_peer(const network::PeerId& peer, consensus::grandpa::ReputationChange change);

  // Closes every connection with a peer (a collator its validator does not need); it may
  // connect again. Any thread.
  void disconnect_peer(const network::PeerId& peer);
  // Dials the peers of `addresses` (each ending with /p2p/<peer>) that have no connection, one
  // address per peer: the validators authority discovery found (polkadot-sdk gossip-support's
  // ConnectToValidators). Any thread.
  void connect_to(const std::vector<network::Multiaddr>& addresses);

  // Block sync's state (system_syncState, system_health's isSyncing).
  std::optional<network::SyncStatus> sync_status() const;

  // ChainObserver: new best blocks are announced, the handshake follows the best block, sync
  // hears of finality.
  void on_block_imported(const blockchain::ImportNotice& notice) override;
  void on_finalized(const blockchain::FinalityNotice& notice) override;
  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>& reorg) override;

  struct Impl;

 private:
  explicit NetworkService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace canary::node
