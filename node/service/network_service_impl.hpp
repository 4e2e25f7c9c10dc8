// Inside NetworkService (network_service.hpp): its state (NetworkService::Impl) and what its
// files share. Not a public header: only the service's own files include it, one per protocol
// bridge (network_block_announces.*, network_transactions.*, network_grandpa.*), block sync
// (network_block_sync.cpp) and the service itself (network_service.cpp: the worker thread, host
// events, start and stop, the public methods).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "network/host/host.hpp"
#include "network/host/notifications.hpp"
#include "network/host/request_response.hpp"
#include "network/peerset/peer_store.hpp"
#include "network/protocols/block_announces.hpp"
#include "network/protocols/block_request.hpp"
#include "network/protocols/block_request_handler.hpp"
#include "network/protocols/chain_block_source.hpp"
#include "network/protocols/grandpa_notification.hpp"
#include "network/protocols/protocol_names.hpp"
#include "network/protocols/roles.hpp"
#include "network/protocols/transactions.hpp"
#include "network/protocols/warp_sync.hpp"
#include "network/sync/chain_sync.hpp"
#include "network/sync/sync_chain_view.hpp"
#include "node/service/discovery_service.hpp"
#include "node/service/light_server.hpp"
#include "node/service/log.hpp"
#include "node/service/network_rpc.hpp"
#include "node/service/network_service.hpp"
#include "node/service/unix_time.hpp"
#include "node/service/warp_sync_server.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

inline consensus::grandpa::PeerKey peer_key(const network::PeerId& peer) {
  return consensus::grandpa::PeerKey{peer.bytes()};
}

// sc-network-transactions: how often the pool is offered to peers, how many transaction hashes
// are remembered per peer, and how many received transactions may wait for validation.
inline constexpr auto kPropagateInterval = std::chrono::milliseconds(2'900);
inline constexpr size_t kMaxKnownTransactions = 10'240;
// sc-network-sync MAX_KNOWN_BLOCKS.
inline constexpr size_t kMaxKnownBlocks = 1'024;
inline constexpr size_t kMaxPendingTransactions = 8'192;
// Work handed from the I/O thread to the worker; beyond it, work is dropped (and the peers that
// caused it see their requests fail), never queued without bound.
inline constexpr size_t kMaxWorkerTasks = 16'384;

// A bounded set that forgets its oldest entries (sc-network's LruHashSet).
template <class T>
class RecentSet {
 public:
  explicit RecentSet(size_t capacity) : capacity_(capacity) {}
  // False when already there.
  bool insert(const T& value) {
    if (!set_.insert(value).second) return false;
    order_.push_back(value);
    if (order_.size() > capacity_) {
      set_.erase(order_.front());
      order_.pop_front();
    }
    return true;
  }
  bool contains(const T& value) const { return set_.contains(value); }

 private:
  size_t capacity_;
  std::set<T> set_;
  std::deque<T> order_;
};

// What block sync reads of the node's chain.
class ChainSyncView final : public network::SyncChainView {
 public:
  explicit ChainSyncView(const blockchain::Chain& chain) : chain_(chain) {}

  network::SyncChainInfo info() const override {
    const blockchain::BlockRef best = chain_.best();
    const blockchain::BlockRef finalized = chain_.finalized();
    return network::SyncChainInfo{best.number, best.hash, finalized.number, finalized.hash};
  }
  Result<network::ChainBlockStatus, network::SyncChainViewError> block_status(
      const block::BlockHash& hash) const override {
    // Blocks below the pruning window keep their headers, not their state; importing on top of
    // them fails as kStateUnavailable, which sync treats as a local error.
    return chain_.contains(hash) ? network::ChainBlockStatus::kInChainWithState
                                 : network::ChainBlockStatus::kUnknown;
  }
  Result<std::optional<block::BlockHash>, network::SyncChainViewError> hash_at(
      block::BlockNumber number) const override {
    auto hash = chain_.canonical_hash(number);
    if (!hash) return unexpected(network::SyncChainViewError{hash.error().message()});
    return *hash;
  }
  Result<std::optional<block::BlockNumber>, network::SyncChainViewError> number_of(
      const block::BlockHash& hash) const override {
    return chain_.number_of(hash);
  }

 private:
  const blockchain::Chain& chain_;
};

// The protocols whose handshake is the one roles byte (`/transactions/1`, `/grandpa/1`).
class RolesHandshakeListener : public network::NotificationsListener {
 public:
  bool accept_handshake(const network::PeerId& peer, ByteSpan bytes) override {
    (void)peer;
    return network::decode_roles_handshake(bytes).has_value();
  }
};

struct NetworkService::Impl {
  NetworkServiceConfig config;
  NetworkServiceParts parts;
  network::ProtocolNames names;
  network::Roles roles;
  block::BlockHash genesis{};
  // Kademlia discovery. Declared before `host`: the host's thread, which calls it, goes first.
  std::unique_ptr<DiscoveryService> discovery;
  std::unique_ptr<network::Host> host;

  class BlockAnnounces;
  class Transactions;
  class Grandpa;
  std::unique_ptr<BlockAnnounces> announces_listener;
  std::unique_ptr<Transactions> transactions_listener;
  std::unique_ptr<Grandpa> grandpa_listener;
  std::shared_ptr<network::NotificationsProtocol> block_announces;
  std::shared_ptr<network::NotificationsProtocol> transactions;
  std::shared_ptr<network::NotificationsProtocol> grandpa;
  // The other services' protocols (NetworkServiceConfig::extra_*).
  std::vector<std::shared_ptr<network::NotificationsProtocol>> extra_notifications;
  std::vector<std::shared_ptr<network::RequestResponseProtocol>> extra_request_responses;
  std::shared_ptr<network::RequestResponseProtocol> sync;
  std::unique_ptr<LightServer> light_server;  // `/light/2` and `/state/2`
  std::shared_ptr<network::RequestResponseProtocol> warp_sync;
  // Serves `/sync/warp` on its own thread. Declared after `host`: destroyed while it exists.
  std::unique_ptr<WarpSyncServer> warp_sync_server;

  // ---- peers (any thread, under peers_mutex) ----
  mutable Mutex peers_mutex;
  std::map<network::PeerId, SyncPeerInfo> sync_peers GUARDED_BY(peers_mutex);
  // Blocks each peer announced (sc-network-sync's per-peer known_blocks): not announced back.
  std::map<network::PeerId, RecentSet<block::BlockHash>> known_blocks GUARDED_BY(peers_mutex);
  std::map<network::PeerId, RecentSet<txpool::TransactionHash>> known_transactions
      GUARDED_BY(peers_mutex);

  // Reputations and bans (any thread, under peers_mutex): banned peers are disconnected and
  // refused by the host until their reputation decays back above the threshold.
  network::PeerStore peer_store GUARDED_BY(peers_mutex);

  // ---- block sync (worker thread only) ----
  std::unique_ptr<ChainSyncView> sync_view;
  std::unique_ptr<network::ChainSync> chain_sync;
  // A copy of its status for the RPC (under peers_mutex).
  network::SyncStatus sync_status GUARDED_BY(peers_mutex);

  // ---- the worker ----
  Mutex worker_mutex;
  std::condition_variable worker_wake;
  std::deque<std::function<void()>> tasks GUARDED_BY(worker_mutex);
  size_t pending_transactions GUARDED_BY(worker_mutex) = 0;  // submissions among the tasks
  bool stopping GUARDED_BY(worker_mutex) = false;
  std::thread worker;

  // Defined where the bridges are complete types (network_service.cpp).
  Impl(NetworkServiceConfig c, NetworkServiceParts p);
  ~Impl();

  // Runs `task` on the worker; false when the queue is full.
  bool post(std::function<void()> task);
  void run_worker();
  void propagate_transactions();
  Bytes announces_handshake() const;
  void serve_block_request(const network::PeerId& peer, Bytes request,
                           const network::Responder& respond);
  // Block sync, on the worker: carries out what ChainSync asks.
  void execute(std::vector<network::SyncAction> actions);
  void import_blocks(network::ImportBlocks& import);
  void report(const network::PeerId& peer, consensus::grandpa::ReputationChange change);
  void on_host_event(const network::HostEvent& e, const std::set<network::PeerId>& configured);
  // Every notifications protocol, ours and the other services', for connection events.
  std::vector<network::NotificationsProtocol*> notifications_protocols() const;
};

}  // namespace canary::node
