#include "node/service/network_grandpa.hpp"

namespace canary::node {

void NetworkService::Impl::Grandpa::on_open(const network::PeerId& peer,
                                            const std::string& protocol, ByteSpan handshake) {
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

void NetworkService::Impl::Grandpa::on_notification(const network::PeerId& peer, ByteSpan message) {
  Impl* impl = &impl_;
  const bool queued =
      impl_.post([impl, key = peer_key(peer), message = Bytes(message.begin(), message.end())] {
        impl->parts.grandpa.on_gossip_message(key, message, unix_ms());
        if (impl->parts.wake_chain) impl->parts.wake_chain();
      });
  if (!queued) log::debug("grandpa", "Dropped a GRANDPA message: the queue is full");
}

void NetworkService::Impl::Grandpa::on_closed(const network::PeerId& peer, const std::string& why) {
  (void)why;
  Impl* impl = &impl_;
  impl_.post(
      [impl, key = peer_key(peer)] { impl->parts.grandpa.on_gossip_peer_disconnected(key); });
}

void NetworkService::Impl::Grandpa::send(const consensus::grandpa::PeerKey& key, Bytes message) {
  auto peer = network::PeerId::from_bytes(key.bytes);
  if (peer && impl_.grandpa) impl_.grandpa->send(*peer, std::move(message));
}

void NetworkService::Impl::Grandpa::report(const consensus::grandpa::PeerKey& key,
                                           consensus::grandpa::ReputationChange change) {
  auto peer = network::PeerId::from_bytes(key.bytes);
  if (peer) impl_.report(*peer, change);
}

}  // namespace canary::node
