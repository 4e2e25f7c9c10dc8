// The node's peer discovery (sc-network's discovery and the peer set's reserved-only rule): the
// Kademlia DHT of the chain on the libp2p host (network/host/kademlia_discovery.hpp), configured
// from the command line, and what reserved-only mode refuses.
//
//  - Boot nodes are the DHT's first entries and are dialed like any peer it finds (no longer
//    redialed for ever: they are ordinary peers once others are known); reserved nodes stay with
//    the host, redialed whenever disconnected, and are in the DHT too (sc-network's permanent
//    addresses).
//  - Discovered peers are dialed while the node has fewer than --out-peers outbound connections.
//  - --reserved-only (sc-cli): no random walks and no dialing but the reserved nodes; accepts()
//    refuses any other peer, inbound or outbound (the host's accept_peer).
//  - Addresses: non-global ones enter the DHT with --discover-local, --dev, or a Local/Development
//    chain (sc-cli `allow_non_globals_in_dht`); non-global addresses the DHT gives us are dialed
//    unless --no-private-ip, by default only for --dev and Local/Development chains
//    (`allow_private_ip`).
//  - Records (authority discovery, authority_discovery_service.hpp): with a `record_validator`
//    the DHT keeps the records peers put to us that it accepts (without one it refuses PUT_VALUE,
//    as before); record queries go through kademlia(), their outcomes to `on_record_event`.
//
// Threads: construct before the host starts (its events may come at once), start() after;
// on_host_event on the host's I/O thread; accepts() from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "network/host/host.hpp"
#include "network/host/kademlia_discovery.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "network/protocols/protocol_names.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

struct DiscoveryServiceConfig {
  network::PeerId local;
  network::ProtocolName protocol;  // the chain's /<genesis>/kad and /<protocolId>/kad
  std::vector<network::Multiaddr> boot_nodes;
  std::vector<network::Multiaddr> reserved_nodes;
  size_t out_peers = 8;
  bool reserved_only = false;
  bool allow_non_globals_in_dht = false;
  bool allow_private_ip = true;
  // Judges the records peers put to us (on the host's I/O thread); unset: none are kept.
  std::function<bool(const network::KademliaRecord&, const network::PeerId&)> record_validator;
  // The DHT's record events (found, get finished, put finished), on the host's I/O thread.
  std::function<void(const network::KademliaAction&)> on_record_event;
};

class DiscoveryService {
 public:
  explicit DiscoveryService(DiscoveryServiceConfig config);

  void start(network::Host& host);
  void on_host_event(const network::HostEvent& event);
  // Whether a connection with `peer` may stay (--reserved-only: reserved nodes only).
  bool accepts(const network::PeerId& peer) const;
  // Reserved peers added or removed at run time (system_addReservedPeer / _removeReservedPeer).
  void set_reserved(const network::PeerId& peer, bool reserved);
  bool reserved_only() const { return config_.reserved_only; }

  size_t routing_table_size() const { return discovery_->routing_table_size(); }
  // The DHT, for record queries (get_record, put_record, put_record_to; any thread).
  std::shared_ptr<network::KademliaDiscovery> kademlia() const { return discovery_; }

 private:
  DiscoveryServiceConfig config_;
  mutable Mutex mutex_;
  std::set<network::PeerId> reserved_ GUARDED_BY(mutex_);
  std::shared_ptr<network::KademliaDiscovery> discovery_;
};

}  // namespace canary::node
