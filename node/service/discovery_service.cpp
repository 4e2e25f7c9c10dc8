#include "node/service/discovery_service.hpp"

#include <random>
#include <string>
#include <utility>
#include <variant>

#include "node/service/log.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace {

std::string addresses_text(const std::vector<network::Multiaddr>& addresses) {
  std::string out;
  for (const network::Multiaddr& a : addresses) out += (out.empty() ? "" : ", ") + a.to_string();
  return out;
}

// The machine's reports, in the words of sc-network's discovery logs (target sub-libp2p).
void log_action(const network::KademliaAction& action) {
  if (const auto* found = std::get_if<network::KademliaDiscovered>(&action)) {
    log::debug("sub-libp2p", "Libp2p => Discovered {} at [{}]", found->peer.to_base58(),
               addresses_text(found->addresses));
  } else if (const auto* done = std::get_if<network::KademliaQueryFinished>(&action)) {
    if (done->timed_out) {
      log::debug("sub-libp2p", "Libp2p => Query {} timed out with {} results", done->query_id,
                 done->closest.size());
    } else {
      log::debug("sub-libp2p", "Libp2p => {}Kademlia query {} yielded {} results",
                 done->random_walk ? "Random " : "", done->query_id, done->closest.size());
    }
  } else if (const auto* dial = std::get_if<network::KademliaDial>(&action)) {
    log::debug("sub-libp2p", "Libp2p <= Dial {}", dial->address.to_string());
  } else if (const auto* record = std::get_if<network::KademliaRecordFound>(&action)) {
    log::debug("sub-libp2p", "Libp2p => Found record ({}) with value of {} bytes id {}",
               to_hex(record->record.key), record->record.value.size(), record->query_id);
  } else if (const auto* got = std::get_if<network::KademliaGetRecordFinished>(&action)) {
    if (got->records_found == 0) {
      log::debug("sub-libp2p", "Libp2p => Failed to get record: NotFound {{ key: {} }}",
                 to_hex(got->key));
    }
  } else if (const auto* put = std::get_if<network::KademliaPutRecordFinished>(&action)) {
    if (put->ok) {
      log::debug("sub-libp2p", "Libp2p => Put record for key: {}", to_hex(put->key));
    } else {
      log::debug("sub-libp2p", "Libp2p => Failed to put record for key {}: stored at {} of {}",
                 to_hex(put->key), put->stored_at.size(), put->quorum);
    }
  }
}

bool is_record_event(const network::KademliaAction& action) {
  return std::holds_alternative<network::KademliaRecordFound>(action) ||
         std::holds_alternative<network::KademliaGetRecordFinished>(action) ||
         std::holds_alternative<network::KademliaPutRecordFinished>(action);
}

}  // namespace

DiscoveryService::DiscoveryService(DiscoveryServiceConfig config) : config_(std::move(config)) {
  for (const network::Multiaddr& address : config_.reserved_nodes) {
    if (auto peer = address.peer_id()) reserved_.insert(*peer);
  }
  network::KademliaDiscoveryConfig discovery;
  discovery.protocol_names = {config_.protocol.name, config_.protocol.fallback};
  discovery.kademlia.protocol_name = config_.protocol.name;
  // sc-network: random walks while fewer than out-peers + 15 connections (discovery_limit), none
  // in reserved-only mode (sc-cli enable_dht_random_walk).
  discovery.kademlia.random_walk = !config_.reserved_only;
  discovery.kademlia.discovery_limit = config_.out_peers + 15;
  discovery.kademlia.dial = !config_.reserved_only;
  discovery.kademlia.max_outbound = config_.out_peers;
  discovery.kademlia.allow_non_globals_in_dht = config_.allow_non_globals_in_dht;
  discovery.kademlia.allow_private_ip = config_.allow_private_ip;
  discovery.kademlia.seed = std::random_device{}();
  for (const auto* list : {&config_.boot_nodes, &config_.reserved_nodes}) {
    for (const network::Multiaddr& address : *list) {
      if (address.peer_id() && address.peer_id() != config_.local) {
        discovery.permanent_addresses.push_back(address);
      }
    }
  }
  discovery.kademlia.record_validator = config_.record_validator;
  discovery.on_action = [listener =
                             config_.on_record_event](const network::KademliaAction& action) {
    log_action(action);
    if (listener && is_record_event(action)) listener(action);
  };
  discovery_ = network::KademliaDiscovery::create(std::move(discovery), config_.local);
}

void DiscoveryService::start(network::Host& host) {
  discovery_->start(host);
}

void DiscoveryService::on_host_event(const network::HostEvent& event) {
  discovery_->on_host_event(event);
}

bool DiscoveryService::accepts(const network::PeerId& peer) const {
  // sc-network's peer set in NonReservedPeerMode::Deny.
  if (!config_.reserved_only) return true;
  MutexLock lock(mutex_);
  return reserved_.contains(peer);
}

void DiscoveryService::set_reserved(const network::PeerId& peer, bool reserved) {
  MutexLock lock(mutex_);
  if (reserved) {
    reserved_.insert(peer);
  } else {
    reserved_.erase(peer);
  }
}

}  // namespace canary::node
