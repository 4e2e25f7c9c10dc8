#include "network/authority_discovery/addr_cache.hpp"

#include <utility>

namespace canary::network::authority_discovery {

namespace {

std::set<PeerId> peers_of(const std::set<Multiaddr>& addresses) {
  std::set<PeerId> out;
  for (const Multiaddr& address : addresses) {
    if (auto peer = address.peer_id()) out.insert(std::move(*peer));
  }
  return out;
}

}  // namespace

void AddrCache::insert(const AuthorityId& authority, const std::vector<Multiaddr>& addresses) {
  std::set<Multiaddr> fresh(addresses.begin(), addresses.end());
  const std::set<PeerId> peers = peers_of(fresh);
  if (peers.empty()) return;
  std::set<PeerId> old_peers;
  auto it = by_authority_.find(authority);
  if (it != by_authority_.end()) {
    old_peers = peers_of(it->second);
    it->second = std::move(fresh);
  } else {
    by_authority_.emplace(authority, std::move(fresh));
  }
  for (const PeerId& peer : peers) by_peer_[peer].insert(authority);
  std::set<PeerId> gone;
  for (const PeerId& peer : old_peers) {
    if (!peers.contains(peer)) gone.insert(peer);
  }
  unlink(authority, gone);
}

void AddrCache::unlink(const AuthorityId& authority, const std::set<PeerId>& peers) {
  for (const PeerId& peer : peers) {
    auto it = by_peer_.find(peer);
    if (it == by_peer_.end()) continue;
    it->second.erase(authority);
    if (it->second.empty()) by_peer_.erase(it);
  }
}

const std::set<Multiaddr>* AddrCache::addresses_of(const AuthorityId& authority) const {
  auto it = by_authority_.find(authority);
  return it == by_authority_.end() ? nullptr : &it->second;
}

const std::set<AuthorityId>* AddrCache::authorities_of(const PeerId& peer) const {
  auto it = by_peer_.find(peer);
  return it == by_peer_.end() ? nullptr : &it->second;
}

void AddrCache::retain(const std::set<AuthorityId>& authorities) {
  for (auto it = by_authority_.begin(); it != by_authority_.end();) {
    if (authorities.contains(it->first)) {
      ++it;
      continue;
    }
    unlink(it->first, peers_of(it->second));
    it = by_authority_.erase(it);
  }
}

}  // namespace canary::network::authority_discovery
