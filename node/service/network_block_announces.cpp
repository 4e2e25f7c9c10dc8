#include "node/service/network_block_announces.hpp"

namespace canary::node {

bool NetworkService::Impl::BlockAnnounces::accept_handshake(const network::PeerId& peer,
                                                            ByteSpan bytes) {
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

void NetworkService::Impl::BlockAnnounces::on_open(const network::PeerId& peer,
                                                   const std::string& protocol, ByteSpan bytes) {
  (void)protocol;
  auto handshake = network::decode_block_announces_handshake(bytes);
  if (!handshake) return;  // accepted above, so it decodes
  {
    MutexLock lock(impl_.peers_mutex);
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

void NetworkService::Impl::BlockAnnounces::on_notification(const network::PeerId& peer,
                                                           ByteSpan message) {
  auto announce = network::decode_block_announce(message);
  if (!announce) {
    log::debug("sync", "{}: bad block announcement: {}", peer.to_base58(),
               network::to_string(announce.error()));
    return;
  }
  const block::BlockHash hash = block::hash_of(announce->header);
  const bool is_best =
      announce->state.value_or(network::BlockState::kBest) == network::BlockState::kBest;
  MutexLock lock(impl_.peers_mutex);
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

void NetworkService::Impl::BlockAnnounces::on_closed(const network::PeerId& peer,
                                                     const std::string& why) {
  {
    MutexLock lock(impl_.peers_mutex);
    impl_.sync_peers.erase(peer);
    impl_.known_blocks.erase(peer);
  }
  log::debug("sync", "Disconnected {}: {}", peer.to_base58(), why);
  Impl* impl = &impl_;
  impl_.post([impl, peer] { impl->execute(impl->chain_sync->remove_peer(peer)); });
}

}  // namespace canary::node
