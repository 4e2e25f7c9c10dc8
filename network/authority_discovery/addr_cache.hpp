// What authority discovery learned (polkadot-sdk worker/addr_cache.rs AddrCache): each
// authority's addresses, and the reverse map from PeerId to the authorities reachable at it, kept
// consistent with each other. One PeerId may stand for several authorities (a validator's current
// and next keys, or keys of several sessions); one authority is expected at one PeerId, though its
// addresses may name several (then each maps back to it).
//
// Bounds: the addresses per authority are what the worker kept of a record (16); the authorities
// are those of the current and next sets (retain() drops the others at every refresh).
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <vector>

#include "network/authority_discovery/record.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"

namespace canary::network::authority_discovery {

class AddrCache {
 public:
  // Replaces `authority`'s addresses. Addresses without a final /p2p are kept but map to no peer;
  // a list naming no PeerId at all changes nothing (addr_cache.rs insert).
  void insert(const AuthorityId& authority, const std::vector<Multiaddr>& addresses);

  const std::set<Multiaddr>* addresses_of(const AuthorityId& authority) const;
  const std::set<AuthorityId>* authorities_of(const PeerId& peer) const;

  // Forgets every authority not in `authorities`.
  void retain(const std::set<AuthorityId>& authorities);

  size_t authorities() const { return by_authority_.size(); }
  size_t peers() const { return by_peer_.size(); }

 private:
  void unlink(const AuthorityId& authority, const std::set<PeerId>& peers);

  std::map<AuthorityId, std::set<Multiaddr>> by_authority_;
  std::map<PeerId, std::set<AuthorityId>> by_peer_;
};

}  // namespace canary::network::authority_discovery
