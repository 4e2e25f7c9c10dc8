// Which peers speak for which validators of a session (polkadot-sdk's network bridge with
// authority discovery, `polkadot/node/network/bridge` and gossip-support): a session's validators
// are known by their discovery keys (SessionInfo.discovery_keys, in validator-index order for the
// active validators), and authority discovery maps each key to the PeerIds its DHT record names
// and back. This answers where a validator's statements, PoVs and chunks are asked for, and who
// a statement for a backing group (its cluster) or a backed-candidate manifest (everyone else) is
// sent to, sans-IO: the lookups are functions given at construction.
//
// Fallback, for networks where authority discovery has not found a validator (yet): the peer a
// validator's own signed statement arrived from stands for it (statements travel from their
// signer only). A group member without any known peer makes the statement also go to every
// candidate peer known as no validator of the session, which is where that member may be; a
// peer known as a validator outside the group never gets the group's statements (polkadot-sdk
// penalizes a statement from outside the cluster).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

using AuthorityDiscoveryKey = ByteArray<32>;

struct AuthorityLookup {
  // The peers an authority's record names (sc-authority-discovery get_addresses_by_authority_id).
  std::function<std::vector<network::PeerId>(const AuthorityDiscoveryKey&)> peers_of;
  // The authorities a peer stands for (get_authority_ids_by_peer_id).
  std::function<std::vector<AuthorityDiscoveryKey>(const network::PeerId&)> authorities_of;
};

class ValidatorPeers {
 public:
  // Sessions kept: the active leaves' (at most two around a session change) and one more.
  static constexpr size_t kMaxSessions = 3;

  explicit ValidatorPeers(AuthorityLookup lookup = {}) : lookup_(std::move(lookup)) {}

  // The session's discovery keys in validator-index order; forgets the oldest sessions beyond
  // kMaxSessions.
  void set_session(SessionIndex session, std::vector<AuthorityDiscoveryKey> discovery_keys);
  bool knows_session(SessionIndex session) const { return sessions_.contains(session); }
  // Every discovery key of the session (gossip-support connects to their addresses).
  std::span<const AuthorityDiscoveryKey> discovery_keys(SessionIndex session) const;

  // A validator's own signed statement came from `peer` (the fallback; the caller checked the
  // index against the session's validators, which may have no discovery keys at all).
  void note_statement_peer(SessionIndex session, ValidatorIndex validator,
                           const network::PeerId& peer);

  // The peers of a validator: authority discovery's, else the fallback's.
  std::vector<network::PeerId> peers_of(SessionIndex session, ValidatorIndex validator) const;
  // The validator a peer stands for in the session, if any.
  std::optional<ValidatorIndex> validator_of(SessionIndex session,
                                             const network::PeerId& peer) const;
  // Whether authority discovery (not the fallback) named the peer of the validator.
  bool discovered(SessionIndex session, ValidatorIndex validator) const;

  // Of `candidates` (the peers with the relay parent in view): those a statement for `group`
  // goes to (its members, and the unknown peers while a member has no known peer) and those a
  // manifest of the group's backed candidate goes to (validators outside the group).
  struct Targets {
    std::vector<network::PeerId> cluster;
    std::vector<network::PeerId> outside;
  };
  Targets targets(SessionIndex session, std::span<const ValidatorIndex> group,
                  std::span<const network::PeerId> candidates) const;

 private:
  struct Session {
    std::vector<AuthorityDiscoveryKey> discovery_keys;
    std::map<AuthorityDiscoveryKey, ValidatorIndex> index_of;
    std::map<ValidatorIndex, network::PeerId> statement_peers;
  };
  std::vector<network::PeerId> discovered_peers(const Session& session,
                                                ValidatorIndex validator) const;

  AuthorityLookup lookup_;
  std::map<SessionIndex, Session> sessions_;
};

}  // namespace canary::parachain
