#include "node/service/network_transactions.hpp"

namespace canary::node {

void NetworkService::Impl::Transactions::on_open(const network::PeerId& peer,
                                                 const std::string& protocol, ByteSpan handshake) {
  (void)protocol;
  (void)handshake;
  MutexLock lock(impl_.peers_mutex);
  impl_.known_transactions.try_emplace(peer, kMaxKnownTransactions);
}

void NetworkService::Impl::Transactions::on_notification(const network::PeerId& peer,
                                                         ByteSpan message) {
  auto extrinsics = network::decode_transactions(message);
  if (!extrinsics) {
    log::debug("sync", "{}: bad transactions notification: {}", peer.to_base58(),
               network::to_string(extrinsics.error()));
    return;
  }
  for (Bytes& extrinsic : *extrinsics) {
    const txpool::TransactionHash hash = txpool::transaction_hash(extrinsic);
    {
      MutexLock lock(impl_.peers_mutex);
      auto known = impl_.known_transactions.find(peer);
      if (known != impl_.known_transactions.end()) known->second.insert(hash);
    }
    {
      MutexLock lock(impl_.worker_mutex);
      // sc-network-transactions MAX_PENDING_TRANSACTIONS: beyond it, received ones are dropped.
      if (impl_.pending_transactions >= kMaxPendingTransactions) return;
      ++impl_.pending_transactions;
    }
    Impl* impl = &impl_;
    impl_.post([impl, extrinsic = std::move(extrinsic)]() mutable {
      {
        MutexLock lock(impl->worker_mutex);
        --impl->pending_transactions;
      }
      // Known, invalid or banned transactions are the pool's to refuse; nothing to report.
      (void)impl->parts.transactions.submit(std::move(extrinsic),
                                            runtime::TransactionSource::kExternal);
    });
  }
}

void NetworkService::Impl::Transactions::on_closed(const network::PeerId& peer,
                                                   const std::string& why) {
  (void)why;
  MutexLock lock(impl_.peers_mutex);
  impl_.known_transactions.erase(peer);
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
      MutexLock lock(peers_mutex);
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

}  // namespace canary::node
