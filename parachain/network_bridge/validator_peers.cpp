#include "parachain/network_bridge/validator_peers.hpp"

#include <algorithm>
#include <set>

namespace canary::parachain {

void ValidatorPeers::set_session(SessionIndex session,
                                 std::vector<AuthorityDiscoveryKey> discovery_keys) {
  Session& entry = sessions_[session];
  if (entry.discovery_keys != discovery_keys) {
    entry.index_of.clear();
    for (size_t i = 0; i < discovery_keys.size(); ++i) {
      // A key twice (one authority in two seats) speaks for its first seat.
      entry.index_of.emplace(discovery_keys[i], static_cast<ValidatorIndex>(i));
    }
    entry.discovery_keys = std::move(discovery_keys);
  }
  while (sessions_.size() > kMaxSessions) sessions_.erase(sessions_.begin());
}

std::span<const AuthorityDiscoveryKey> ValidatorPeers::discovery_keys(SessionIndex session) const {
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return {};
  return it->second.discovery_keys;
}

void ValidatorPeers::note_statement_peer(SessionIndex session, ValidatorIndex validator,
                                         const network::PeerId& peer) {
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  it->second.statement_peers.insert_or_assign(validator, peer);
}

std::vector<network::PeerId> ValidatorPeers::discovered_peers(const Session& session,
                                                              ValidatorIndex validator) const {
  if (!lookup_.peers_of || validator >= session.discovery_keys.size()) return {};
  return lookup_.peers_of(session.discovery_keys[validator]);
}

std::vector<network::PeerId> ValidatorPeers::peers_of(SessionIndex session,
                                                      ValidatorIndex validator) const {
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return {};
  std::vector<network::PeerId> peers = discovered_peers(it->second, validator);
  if (!peers.empty()) return peers;
  if (auto noted = it->second.statement_peers.find(validator);
      noted != it->second.statement_peers.end()) {
    peers.push_back(noted->second);
  }
  return peers;
}

bool ValidatorPeers::discovered(SessionIndex session, ValidatorIndex validator) const {
  const auto it = sessions_.find(session);
  return it != sessions_.end() && !discovered_peers(it->second, validator).empty();
}

std::optional<ValidatorIndex> ValidatorPeers::validator_of(SessionIndex session,
                                                           const network::PeerId& peer) const {
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return std::nullopt;
  const Session& entry = it->second;
  if (lookup_.authorities_of) {
    for (const AuthorityDiscoveryKey& key : lookup_.authorities_of(peer)) {
      if (auto index = entry.index_of.find(key); index != entry.index_of.end()) {
        return index->second;
      }
    }
  }
  for (const auto& [validator, noted] : entry.statement_peers) {
    if (noted == peer) return validator;
  }
  return std::nullopt;
}

ValidatorPeers::Targets ValidatorPeers::targets(SessionIndex session,
                                                std::span<const ValidatorIndex> group,
                                                std::span<const network::PeerId> candidates) const {
  Targets out;
  if (!sessions_.contains(session)) {
    // Nothing known of the session: every candidate may be a member.
    out.cluster.assign(candidates.begin(), candidates.end());
    return out;
  }
  const std::set<ValidatorIndex> members(group.begin(), group.end());
  bool member_unknown = false;
  std::set<network::PeerId> member_peers;
  for (ValidatorIndex member : members) {
    const auto peers = peers_of(session, member);
    if (peers.empty()) member_unknown = true;
    member_peers.insert(peers.begin(), peers.end());
  }
  for (const network::PeerId& peer : candidates) {
    const auto validator = member_peers.contains(peer) ? std::nullopt : validator_of(session, peer);
    // A member (perhaps at another of its peers), or a peer that may be the unknown member.
    const bool in_cluster =
        member_peers.contains(peer) || (validator ? members.contains(*validator) : member_unknown);
    if (in_cluster) {
      out.cluster.push_back(peer);
    } else if (validator) {
      out.outside.push_back(peer);
    }
  }
  return out;
}

}  // namespace canary::parachain
