// Kademlia discovery on the host: the sans-IO Kademlia machine (libp2p/kademlia.hpp) run on the
// host's I/O thread, fed the host's connection, dial and identify events, woken by post_after at
// its next_wake, its dials and requests carried out on the host.
//
//   auto discovery = KademliaDiscovery::create(config, host_peer_id);  // before the host's events
//   host_config.on_event = [&](const HostEvent& e) { discovery->on_host_event(e); … };
//   discovery->start(*host);
//
// The protocol (the chain's `/<genesis>/kad`, and its legacy name) is registered on the host, so
// identify announces it. Outbound: one FIND_NODE per substream (request-response: length-prefixed
// request, half-close, one length-prefixed response; 10 s, 16 KiB), as rust-libp2p sends them.
// Inbound: a substream may carry several requests one after the other (rust-libp2p's handler
// waits for the next message after each answer; js-libp2p and go-libp2p reuse streams), each
// answered as the machine says; at most 32 inbound Kademlia substreams per peer (rust-libp2p's
// MAX_NUM_STREAMS; beyond it new ones are refused rather than an idle one replaced).
//
// Records (authority discovery): get_record / put_record / put_record_to from any thread run the
// machine's record queries on the I/O thread (one GET_VALUE, FIND_NODE or PUT_VALUE per outbound
// substream); what they find and how they end comes through `on_action` (KademliaRecordFound,
// KademliaGetRecordFinished, KademliaPutRecordFinished; sc-network's DhtEvents). Records put to
// us are kept when `kademlia.record_validator` (called on the I/O thread) accepts them.
//
// Threads: create() and start() from any thread; on_host_event on the I/O thread (the host's
// on_event); everything else runs there. The object outlives nothing it needs: the host's
// callbacks hold weak references.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "network/host/host.hpp"
#include "network/host/request_response.hpp"
#include "network/libp2p/kademlia.hpp"

namespace canary::network {

struct KademliaDiscoveryConfig {
  KademliaConfig kademlia;  // protocol_name: the first of protocol_names, unless set
  // The main name, then the legacy one: inbound substreams are accepted under both, outbound
  // ones propose them in this order.
  std::vector<std::string> protocol_names;
  // Boot and reserved nodes (ending with /p2p/<peer>).
  std::vector<Multiaddr> permanent_addresses;
  size_t max_inbound_substreams_per_peer = 32;
  // What the machine reports (KademliaDiscovered, KademliaQueryFinished, and the dials), for logs;
  // on the I/O thread.
  std::function<void(const KademliaAction&)> on_action;
};

class KademliaDiscovery : public std::enable_shared_from_this<KademliaDiscovery> {
 public:
  static std::shared_ptr<KademliaDiscovery> create(KademliaDiscoveryConfig config,
                                                   const PeerId& local);

  // Registers the protocol and starts the machine's timers on the host's I/O thread.
  void start(Host& host);
  // The host's events (I/O thread). Before start() they still update the machine.
  void on_host_event(const HostEvent& event);

  // Record queries (any thread, after start()). One that cannot start (max_queries running, a
  // value too large) is reported at once as finished without a record / not ok (query id 0).
  void get_record(const Bytes& key);
  void put_record(const Bytes& key, Bytes value);
  // With no peers: only into our store (when `update_local`), nothing reported.
  void put_record_to(KademliaRecord record, std::vector<PeerId> peers, bool update_local);

  // Snapshots (any thread).
  size_t routing_table_size() const { return table_size_.load(); }
  size_t inbound_requests_served() const { return served_.load(); }
  size_t records_stored() const { return records_stored_.load(); }

  KademliaDiscovery(KademliaDiscoveryConfig config, const PeerId& local);
  ~KademliaDiscovery();

  class InboundHandler;

 private:
  void execute(std::vector<KademliaAction> actions);
  // Runs `task` on the I/O thread (or reports `failed` here when not started).
  void on_io_thread(std::function<void(KademliaDiscovery&)> task,
                    std::function<void(KademliaDiscovery&)> failed);
  void tick();
  void rearm();
  void on_response(uint64_t request_id, Result<Bytes, RequestFailure> response);

  KademliaDiscoveryConfig config_;
  PeerId local_;
  // ---- I/O thread ----
  std::unique_ptr<Kademlia> kademlia_;
  Host* host_ = nullptr;
  std::shared_ptr<RequestResponseProtocol> client_;
  std::optional<std::chrono::steady_clock::time_point> armed_for_;
  std::map<PeerId, size_t> inbound_substreams_;
  // ---- any thread ----
  std::atomic<Host*> poster_{nullptr};  // set by start()
  std::atomic<size_t> table_size_{0};
  std::atomic<size_t> served_{0};
  std::atomic<size_t> records_stored_{0};
};

}  // namespace canary::network
