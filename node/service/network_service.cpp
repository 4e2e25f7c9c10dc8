#include "node/service/network_service.hpp"

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
#include "node/service/unix_time.hpp"
#include "node/service/warp_sync_server.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace {

using Clock = std::chrono::steady_clock;

consensus::grandpa::PeerKey peer_key(const network::PeerId& peer) {
  return consensus::grandpa::PeerKey{peer.bytes()};
}

// sc-network-transactions: how often the pool is offered to peers, how many transaction hashes
// are remembered per peer, and how many received transactions may wait for validation.
constexpr auto kPropagateInterval = std::chrono::milliseconds(2'900);
constexpr size_t kMaxKnownTransactions = 10'240;
// sc-network-sync MAX_KNOWN_BLOCKS.
constexpr size_t kMaxKnownBlocks = 1'024;
constexpr size_t kMaxPendingTransactions = 8'192;
// Work handed from the I/O thread to the worker; beyond it, work is dropped (and the peers that
// caused it see their requests fail), never queued without bound.
constexpr size_t kMaxWorkerTasks = 16'384;

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

network::BlockImportOutcome import_outcome(const blockchain::BlockchainError& error) {
  using Kind = blockchain::BlockchainError::Kind;
  switch (error.kind) {
    case Kind::kAlreadyKnown:
      return network::BlockImportOutcome::kAlreadyKnown;
    case Kind::kUnknownBlock:
      return network::BlockImportOutcome::kUnknownParent;
    case Kind::kBadBlock:
    case Kind::kConsensus:
      return network::BlockImportOutcome::kInvalid;
    case Kind::kStateUnavailable:
    case Kind::kRuntime:
    case Kind::kDatabase:
      return network::BlockImportOutcome::kError;
  }
  return network::BlockImportOutcome::kError;
}

}  // namespace

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
  std::shared_ptr<network::RequestResponseProtocol> sync;
  std::unique_ptr<LightServer> light_server;  // `/light/2` and `/state/2`
  std::shared_ptr<network::RequestResponseProtocol> warp_sync;
  // Serves `/sync/warp` on its own thread. Declared after `host`: destroyed while it exists.
  std::unique_ptr<WarpSyncServer> warp_sync_server;

  // ---- peers (any thread, under peers_mutex) ----
  mutable std::mutex peers_mutex;
  std::map<network::PeerId, SyncPeerInfo> sync_peers;
  // Blocks each peer announced (sc-network-sync's per-peer known_blocks): not announced back.
  std::map<network::PeerId, RecentSet<block::BlockHash>> known_blocks;
  std::map<network::PeerId, RecentSet<txpool::TransactionHash>> known_transactions;

  // Reputations and bans (any thread, under peers_mutex): banned peers are disconnected and
  // refused by the host until their reputation decays back above the threshold.
  network::PeerStore peer_store;

  // ---- block sync (worker thread only) ----
  std::unique_ptr<ChainSyncView> sync_view;
  std::unique_ptr<network::ChainSync> chain_sync;
  // A copy of its status for the RPC (under peers_mutex).
  network::SyncStatus sync_status;

  // ---- the worker ----
  std::mutex worker_mutex;
  std::condition_variable worker_wake;
  std::deque<std::function<void()>> tasks;
  size_t pending_transactions = 0;  // submissions among the tasks
  bool stopping = false;
  std::thread worker;

  Impl(NetworkServiceConfig c, NetworkServiceParts p) : config(std::move(c)), parts(std::move(p)) {}

  // Runs `task` on the worker; false when the queue is full.
  bool post(std::function<void()> task);
  void run_worker();
  void propagate_transactions();
  Bytes announces_handshake() const;
  void serve_block_request(const network::PeerId& peer, Bytes request, network::Responder respond);
  // Block sync, on the worker: carries out what ChainSync asks.
  void execute(std::vector<network::SyncAction> actions);
  void import_blocks(network::ImportBlocks& import);
  void report(const network::PeerId& peer, consensus::grandpa::ReputationChange change);
  void on_host_event(const network::HostEvent& e, const std::set<network::PeerId>& configured);
};

// ---- /block-announces/1 ----------------------------------------------------------------------

class NetworkService::Impl::BlockAnnounces final : public network::NotificationsListener {
 public:
  explicit BlockAnnounces(Impl& impl) : impl_(impl) {}

  bool accept_handshake(const network::PeerId& peer, ByteSpan bytes) override {
    auto handshake = network::decode_block_announces_handshake(bytes);
    if (!handshake) {
      log::debug("sync", "{}: bad block-announces handshake: {}", peer.to_base58(),
                 network::to_string(handshake.error()));
      return false;
    }
    if (handshake->genesis_hash != impl_.genesis) {
      // sc-network-sync: a peer of another chain is refused (and disconnected).
      log::debug("sync", "{}: genesis mismatch ({} vs ours {})", peer.to_base58(),
                 log::short_hash(handshake->genesis_hash), log::short_hash(impl_.genesis));
      impl_.host->disconnect(peer);
      return false;
    }
    return true;
  }

  void on_open(const network::PeerId& peer, const std::string& protocol, ByteSpan bytes) override {
    (void)protocol;
    auto handshake = network::decode_block_announces_handshake(bytes);
    if (!handshake) return;  // accepted above, so it decodes
    {
      std::lock_guard lock(impl_.peers_mutex);
      impl_.sync_peers.insert_or_assign(
          peer,
          SyncPeerInfo{peer, handshake->roles.bits, handshake->best_hash, handshake->best_number});
      auto known =
          impl_.known_blocks.insert_or_assign(peer, RecentSet<block::BlockHash>(kMaxKnownBlocks));
      known.first->second.insert(handshake->best_hash);
    }
    log::debug("sync", "Connected {} (best #{} {})", peer.to_base58(), handshake->best_number,
               log::short_hash(handshake->best_hash));
    Impl* impl = &impl_;
    impl_.post([impl, peer, handshake = *handshake] {
      impl->execute(impl->chain_sync->add_peer(peer, handshake));
    });
  }

  void on_notification(const network::PeerId& peer, ByteSpan message) override {
    auto announce = network::decode_block_announce(message);
    if (!announce) {
      log::debug("sync", "{}: bad block announcement: {}", peer.to_base58(),
                 network::to_string(announce.error()));
      return;
    }
    const block::BlockHash hash = block::hash_of(announce->header);
    const bool is_best =
        announce->state.value_or(network::BlockState::kBest) == network::BlockState::kBest;
    std::lock_guard lock(impl_.peers_mutex);
    if (auto known = impl_.known_blocks.find(peer); known != impl_.known_blocks.end()) {
      known->second.insert(hash);
    }
    auto it = impl_.sync_peers.find(peer);
    if (it != impl_.sync_peers.end() && is_best) {
      it->second.best_hash = hash;
      it->second.best_number = announce->header.number;
    }
    Impl* impl = &impl_;
    impl_.post([impl, peer, header = std::move(announce->header), is_best] {
      impl->execute(impl->chain_sync->on_block_announce(peer, header, is_best));
    });
  }

  void on_closed(const network::PeerId& peer, const std::string& why) override {
    {
      std::lock_guard lock(impl_.peers_mutex);
      impl_.sync_peers.erase(peer);
      impl_.known_blocks.erase(peer);
    }
    log::debug("sync", "Disconnected {}: {}", peer.to_base58(), why);
    Impl* impl = &impl_;
    impl_.post([impl, peer] { impl->execute(impl->chain_sync->remove_peer(peer)); });
  }

 private:
  Impl& impl_;
};

namespace {

// The protocols whose handshake is the one roles byte (`/transactions/1`, `/grandpa/1`).
class RolesHandshakeListener : public network::NotificationsListener {
 public:
  bool accept_handshake(const network::PeerId& peer, ByteSpan bytes) override {
    (void)peer;
    return network::decode_roles_handshake(bytes).has_value();
  }
};

}  // namespace

// ---- /transactions/1 -------------------------------------------------------------------------

class NetworkService::Impl::Transactions final : public RolesHandshakeListener {
 public:
  explicit Transactions(Impl& impl) : impl_(impl) {}

  void on_open(const network::PeerId& peer, const std::string& protocol,
               ByteSpan handshake) override {
    (void)protocol;
    (void)handshake;
    std::lock_guard lock(impl_.peers_mutex);
    impl_.known_transactions.try_emplace(peer, kMaxKnownTransactions);
  }

  void on_notification(const network::PeerId& peer, ByteSpan message) override {
    auto extrinsics = network::decode_transactions(message);
    if (!extrinsics) {
      log::debug("sync", "{}: bad transactions notification: {}", peer.to_base58(),
                 network::to_string(extrinsics.error()));
      return;
    }
    for (Bytes& extrinsic : *extrinsics) {
      const txpool::TransactionHash hash = txpool::transaction_hash(extrinsic);
      {
        std::lock_guard lock(impl_.peers_mutex);
        auto known = impl_.known_transactions.find(peer);
        if (known != impl_.known_transactions.end()) known->second.insert(hash);
      }
      {
        std::lock_guard lock(impl_.worker_mutex);
        // sc-network-transactions MAX_PENDING_TRANSACTIONS: beyond it, received ones are dropped.
        if (impl_.pending_transactions >= kMaxPendingTransactions) return;
        ++impl_.pending_transactions;
      }
      Impl* impl = &impl_;
      impl_.post([impl, extrinsic = std::move(extrinsic)]() mutable {
        {
          std::lock_guard lock(impl->worker_mutex);
          --impl->pending_transactions;
        }
        // Known, invalid or banned transactions are the pool's to refuse; nothing to report.
        (void)impl->parts.transactions.submit(std::move(extrinsic),
                                              runtime::TransactionSource::kExternal);
      });
    }
  }

  void on_closed(const network::PeerId& peer, const std::string& why) override {
    (void)why;
    std::lock_guard lock(impl_.peers_mutex);
    impl_.known_transactions.erase(peer);
  }

 private:
  Impl& impl_;
};

// ---- /grandpa/1 ------------------------------------------------------------------------------

// The notifications protocol on one side, GrandpaService (its gossip validator and voter) on the
// other: what peers send is handed to the worker in order; what GRANDPA sends is queued on the
// protocol (GrandpaGossipSink runs under GrandpaService's lock and must not block).
class NetworkService::Impl::Grandpa final : public RolesHandshakeListener,
                                            public GrandpaGossipSink {
 public:
  explicit Grandpa(Impl& impl) : impl_(impl) {}

  void on_open(const network::PeerId& peer, const std::string& protocol,
               ByteSpan handshake) override {
    (void)protocol;
    const auto peer_roles = network::decode_roles_handshake(handshake);
    if (!peer_roles) return;
    const auto role = peer_roles->is_authority() ? consensus::grandpa::PeerRole::kAuthority
                      : peer_roles->is_light()   ? consensus::grandpa::PeerRole::kLight
                                                 : consensus::grandpa::PeerRole::kFull;
    Impl* impl = &impl_;
    impl_.post([impl, key = peer_key(peer), role] {
      impl->parts.grandpa.on_gossip_peer_connected(key, role, unix_ms());
    });
  }

  void on_notification(const network::PeerId& peer, ByteSpan message) override {
    Impl* impl = &impl_;
    const bool queued =
        impl_.post([impl, key = peer_key(peer), message = Bytes(message.begin(), message.end())] {
          impl->parts.grandpa.on_gossip_message(key, message, unix_ms());
          if (impl->parts.wake_chain) impl->parts.wake_chain();
        });
    if (!queued) log::debug("grandpa", "Dropped a GRANDPA message: the queue is full");
  }

  void on_closed(const network::PeerId& peer, const std::string& why) override {
    (void)why;
    Impl* impl = &impl_;
    impl_.post(
        [impl, key = peer_key(peer)] { impl->parts.grandpa.on_gossip_peer_disconnected(key); });
  }

  // GrandpaGossipSink.
  void send(const consensus::grandpa::PeerKey& key, Bytes message) override {
    auto peer = network::PeerId::from_bytes(key.bytes);
    if (peer && impl_.grandpa) impl_.grandpa->send(*peer, std::move(message));
  }

  void report(const consensus::grandpa::PeerKey& key,
              consensus::grandpa::ReputationChange change) override {
    auto peer = network::PeerId::from_bytes(key.bytes);
    if (peer) impl_.report(*peer, change);
  }

 private:
  Impl& impl_;
};

// ---- the worker ------------------------------------------------------------------------------

bool NetworkService::Impl::post(std::function<void()> task) {
  {
    std::lock_guard lock(worker_mutex);
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
      std::unique_lock lock(worker_mutex);
      worker_wake.wait_until(lock, until, [this] { return stopping || !tasks.empty(); });
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

// ---- block sync --------------------------------------------------------------------------------

namespace {

Result<network::BlockResponse, network::BlockRequestError> block_response_of(
    Result<Bytes, network::RequestFailure> response) {
  using network::BlockRequestError;
  if (response) {
    auto decoded = network::decode_block_response(*response);
    if (!decoded) return unexpected(BlockRequestError::kDecodeFailed);
    return std::move(*decoded);
  }
  switch (response.error()) {
    case network::RequestFailure::kTimeout:
      return unexpected(BlockRequestError::kTimeout);
    case network::RequestFailure::kRefused:
      return unexpected(BlockRequestError::kUnsupportedProtocol);
    case network::RequestFailure::kNoResponse:
      return unexpected(BlockRequestError::kRefused);
    case network::RequestFailure::kResponseTooLarge:
    case network::RequestFailure::kMalformed:
      return unexpected(BlockRequestError::kDecodeFailed);
    case network::RequestFailure::kNoConnection:
    case network::RequestFailure::kConnectionClosed:
      break;
  }
  return unexpected(BlockRequestError::kConnectionClosed);
}

}  // namespace

void NetworkService::Impl::execute(std::vector<network::SyncAction> actions) {
  // Block requests go out first. ChainSync lists the blocks to import before the next requests,
  // and importing them (on this thread) takes far longer than a request's round trip: sent first,
  // the next ranges download while these import, as with Substrate's import queue beside its sync.
  for (network::SyncAction& action : actions) {
    auto* send = std::get_if<network::SendBlockRequest>(&action);
    if (send == nullptr) continue;
    Impl* self = this;
    sync->request(
        send->peer, network::encode_block_request(send->request),
        [self, peer = send->peer,
         id = send->request_id](Result<Bytes, network::RequestFailure> response) {
          // Decoded on the I/O thread, handled on the worker.
          auto result = block_response_of(std::move(response));
          self->post([self, peer, id, result = std::move(result)]() mutable {
            self->execute(self->chain_sync->on_block_response(peer, id, std::move(result)));
          });
        });
  }
  for (network::SyncAction& action : actions) {
    if (std::holds_alternative<network::SendBlockRequest>(action)) {
      continue;  // sent above
    } else if (auto* import = std::get_if<network::ImportBlocks>(&action)) {
      import_blocks(*import);
    } else if (auto* justification = std::get_if<network::ImportJustifications>(&action)) {
      auto outcome = network::JustificationImportOutcome::kFailure;
      for (const auto& [engine, proof] : justification->justifications) {
        if (engine != block::kGrandpaEngineId) continue;
        auto imported = parts.grandpa.import_justification(
            blockchain::BlockRef{justification->hash, justification->number}, proof, unix_ms());
        if (imported) {
          outcome = *imported ? network::JustificationImportOutcome::kSuccess
                              : network::JustificationImportOutcome::kOutdated;
        } else {
          log::debug("sync", "Justification of #{} from {}: {}", justification->number,
                     justification->origin.to_base58(), imported.error());
        }
      }
      execute(chain_sync->on_justification_import(justification->origin, justification->hash,
                                                  justification->number, outcome));
      if (parts.wake_chain) parts.wake_chain();
    } else if (auto* reported = std::get_if<network::ReportPeer>(&action)) {
      report(reported->peer, reported->change);
    } else if (auto* disconnect = std::get_if<network::DisconnectPeer>(&action)) {
      host->disconnect(disconnect->peer);
    }
  }
  std::lock_guard lock(peers_mutex);
  sync_status = chain_sync->status();
}

// The blocks in order, each verified, executed and stored (the import queue of sc-consensus, on
// this thread); a justification that came with a block is applied once the block is in.
void NetworkService::Impl::import_blocks(network::ImportBlocks& import) {
  std::vector<network::BlockImportResult> results;
  results.reserve(import.blocks.size());
  size_t imported = 0;
  for (network::BlockData& data : import.blocks) {
    network::BlockImportResult result;
    result.hash = data.hash;
    if (!data.header) {
      result.outcome = network::BlockImportOutcome::kInvalid;
      results.push_back(result);
      break;
    }
    auto done = parts.importer.import_block(*data.header, data.body, std::nullopt, unix_ms());
    if (!done) {
      result.outcome = import_outcome(done.error());
      if (result.outcome != network::BlockImportOutcome::kAlreadyKnown) {
        log::warn("sync", "💔 Error importing block #{} ({}) from {}: {}", data.header->number,
                  log::short_hash(data.hash), import.origin.to_base58(), done.error().message());
        results.push_back(result);
        break;
      }
    } else {
      ++imported;
    }
    if (data.justifications) {
      for (const auto& [engine, proof] : *data.justifications) {
        if (engine != block::kGrandpaEngineId) continue;
        auto applied = parts.grandpa.import_justification(
            blockchain::BlockRef{data.hash, data.header->number}, proof, unix_ms());
        if (!applied) {
          log::debug("sync", "Justification of #{}: {}", data.header->number, applied.error());
          result.bad_justification = true;
        }
      }
    }
    results.push_back(result);
  }
  if (imported > 0 && parts.wake_chain) parts.wake_chain();
  execute(chain_sync->on_blocks_processed(results));
}

void NetworkService::Impl::report(const network::PeerId& peer,
                                  consensus::grandpa::ReputationChange change) {
  network::ReportOutcome outcome;
  {
    std::lock_guard lock(peers_mutex);
    outcome = peer_store.report(peer, change, Clock::now());
  }
  if (outcome.newly_banned) {
    // sc-network logs bans at warn.
    log::warn("peerset", "Report {}: {:+} to {}. Reason: {}. Banned, disconnecting.",
              peer.to_base58(), change.value, outcome.reputation, change.reason);
  } else {
    log::debug("peerset", "Report {}: {:+} to {}. Reason: {}", peer.to_base58(), change.value,
               outcome.reputation, change.reason);
  }
  // Reports can come while a banned peer's connection is still closing: disconnect every time.
  if (outcome.banned) host->disconnect(peer);
}

// sc-network-transactions `propagate_transactions`: each peer gets the pool's propagable
// transactions it does not know yet, in one notification; watchers hear `broadcast`.
void NetworkService::Impl::propagate_transactions() {
  const std::vector<network::PeerId> peers = transactions->open_peers();
  if (peers.empty()) return;
  std::vector<txpool::TransactionPtr> pending = parts.transactions.pending();
  std::erase_if(pending, [](const txpool::TransactionPtr& tx) { return !tx->propagate; });
  if (pending.empty()) return;
  std::map<txpool::TransactionHash, std::vector<std::string>> sent_to;
  for (const network::PeerId& peer : peers) {
    std::vector<Bytes> batch;
    size_t bytes = 0;
    {
      std::lock_guard lock(peers_mutex);
      auto known = known_transactions.find(peer);
      if (known == known_transactions.end()) continue;
      // Light clients get no transactions (sc-network-transactions skips non-full peers).
      auto info = sync_peers.find(peer);
      if (info != sync_peers.end() && !network::Roles{info->second.roles}.is_full()) continue;
      for (const txpool::TransactionPtr& tx : pending) {
        if (bytes + tx->extrinsic.size() > network::kMaxTransactionsSize / 2) break;
        if (!known->second.insert(tx->hash)) continue;
        batch.push_back(tx->extrinsic);
        bytes += tx->extrinsic.size();
        sent_to[tx->hash].push_back(peer.to_base58());
      }
    }
    if (!batch.empty()) transactions->send(peer, network::encode_transactions(batch));
  }
  for (auto& [hash, to] : sent_to) parts.transactions.broadcasted(hash, std::move(to));
}

// ---- /sync/2 server --------------------------------------------------------------------------

void NetworkService::Impl::serve_block_request(const network::PeerId& peer, Bytes request,
                                               network::Responder respond) {
  auto decoded = network::decode_block_request(request);
  if (!decoded) {
    log::debug("sync", "{}: bad block request: {}", peer.to_base58(),
               network::to_string(decoded.error()));
    report(peer, network::kBadRequest);
    respond(std::nullopt);
    return;
  }
  const bool queued = post([this, request = std::move(*decoded), respond]() {
    network::ChainBlockSource source(parts.chain);
    auto response = network::build_block_response(request, source);
    if (!response) {
      respond(std::nullopt);
      return;
    }
    respond(network::encode_block_response(*response));
  });
  if (!queued) respond(std::nullopt);
}

Bytes NetworkService::Impl::announces_handshake() const {
  const blockchain::BlockRef best = parts.chain.best();
  return network::encode_block_announces_handshake(
      network::BlockAnnouncesHandshake{roles, best.number, best.hash, genesis});
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
        for (auto* protocol : {block_announces.get(), transactions.get(), grandpa.get()}) {
          protocol->on_peer_connected(*e.peer);
        }
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
        for (auto* protocol : {block_announces.get(), transactions.get(), grandpa.get()}) {
          protocol->on_peer_disconnected(*e.peer);
        }
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
  // Events start with the first connection, after the protocols below exist.
  host_config.on_event = [raw, configured](const network::HostEvent& e) {
    raw->on_host_event(e, configured);
    raw->discovery->on_host_event(e);
  };
  host_config.accept_peer = [raw](const network::PeerId& peer) {
    if (!raw->discovery->accepts(peer)) return false;  // --reserved-only
    std::lock_guard lock(raw->peers_mutex);
    return !raw->peer_store.is_banned(peer, Clock::now());
  };
  const network::PeerId local = network::PeerId::from_ed25519(host_config.identity.public_key);
  log::info("sub-libp2p", "🏷  Local node identity is: {}", local.to_base58());
  raw->discovery = std::make_unique<DiscoveryService>(DiscoveryServiceConfig{
      local, raw->names.kademlia, n.boot_nodes, n.reserved_nodes, n.out_peers, n.reserved_only,
      n.allow_non_globals_in_dht, n.allow_private_ip});
  auto started = network::Host::start(std::move(host_config));
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
            network::Responder respond) {
        raw->serve_block_request(peer, std::move(request), std::move(respond));
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

  raw->sync_view = std::make_unique<ChainSyncView>(raw->parts.chain);
  raw->chain_sync = std::make_unique<network::ChainSync>(*raw->sync_view);
  raw->sync_status = raw->chain_sync->status();
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

NetworkService::~NetworkService() {
  stop();
}

void NetworkService::stop() {
  {
    std::lock_guard lock(impl_->worker_mutex);
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
      std::lock_guard lock(impl_->peers_mutex);
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
    std::lock_guard lock(impl_->peers_mutex);
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
  std::lock_guard lock(impl_->peers_mutex);
  return impl_->sync_status;
}

const network::PeerId& NetworkService::local_peer_id() const {
  return impl_->host->local_peer_id();
}

std::vector<network::Multiaddr> NetworkService::listen_addresses() const {
  return impl_->host->listen_addresses();
}

size_t NetworkService::peer_count() const {
  std::set<network::PeerId> peers;
  for (const network::ConnectedPeer& p : impl_->host->connected_peers()) peers.insert(p.peer);
  return peers.size();
}

std::vector<SyncPeerInfo> NetworkService::sync_peers() const {
  std::lock_guard lock(impl_->peers_mutex);
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
