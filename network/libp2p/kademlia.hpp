// Peer discovery over the Kademlia DHT, sans-IO: sc-network's DiscoveryBehaviour (discovery.rs)
// with the parts of rust-libp2p's Kademlia behaviour it uses, plus the node's choice of whom to
// dial. Fed connection events, identify results, responses and the time; returns what to do:
// dial a peer, send a FIND_NODE request, report a discovered peer or a finished lookup.
//
//   - Routing table (kademlia_routing_table.hpp): peers enter it only with addresses they report
//     themselves through identify, when identify lists our chain's Kademlia protocol (sc-network's
//     `add_self_reported_address` with manual bucket inserts), and non-global addresses only with
//     `allow_non_globals_in_dht` (`--discover-local`, on by default for local and dev chains);
//     plus the permanent addresses (boot nodes, reserved nodes).
//   - Lookups (kademlia_query.hpp): iterative FIND_NODE, alpha = 3 requests at once, k = 20
//     results, 10 s per request, 60 s per lookup (rust-libp2p's defaults). Peers a lookup wants to
//     ask and is not connected to are dialed first (as rust-libp2p does), within the outbound
//     slots.
//   - Random walks: a lookup of a random PeerId at start, then after 1 s, 2 s, 4 s … up to every
//     60 s, while fewer than `discovery_limit` peers are connected (sc-network: out-peers + 15);
//     one at a time (as sc-network's litep2p backend). Off in reserved-only mode (sc-cli:
//     `enable_dht_random_walk = !reserved_only`).
//   - Inbound requests: FIND_NODE, GET_VALUE and GET_PROVIDERS are answered with our k closest
//     peers to the key (not the asker), GET_VALUE also with the record when we hold it (no
//     providers: this node keeps none); ADD_PROVIDER is ignored (it has no answer); PING is not
//     answered and ends the substream (rust-libp2p: "Kademlia PING messages are unsupported").
//     PUT_VALUE: without a `record_validator` this node stores nothing and refuses it (the
//     substream reset: the putter must not count us as holding its record); with one, the record
//     is echoed back as rust-libp2p does (whether or not it is kept: its record_received), and
//     kept when the validator accepts it (sc-network's StoreInserts::FilterBoth, the authority
//     discovery worker judging) and it is not ours (publisher = us).
//   - Records (rust-libp2p Behaviour get_record / put_record / put_record_to, as sc-network's
//     discovery.rs calls them): a bounded store (kademlia_record_store.hpp: 1,024 records, values
//     under 65 KiB); a kept record expires after record_ttl (48 h, rust-libp2p >= 0.46; the
//     record's own ttl if sooner), shortened exponentially (ttl >> n) when n peers beyond k of our
//     table are closer to the key than we are. get_record: the local record first, then an
//     iterative lookup sending GET_VALUE; every record found is reported; sc-network ends the
//     lookup once a record came and more than get_record_redundancy (4) peers answered; at the
//     end the last record found is put to the nearest peer that answered without it (rust-libp2p
//     caching, max_peers 1). put_record (Quorum::All): stored locally with us as publisher, a
//     FIND_NODE lookup of the key, then PUT_VALUE to the k closest peers it found; it succeeds
//     when k peers echoed it (Quorum::All is the replication factor, so in a network of k nodes
//     or fewer a put reports failure although every peer stored it, as with rust-libp2p).
//     put_record_to: PUT_VALUE to the given peers only, ok when all echoed it. Record queries end
//     after record_query_timeout (300 s, sc-network's KAD_QUERY_TIMEOUT).
//   - Dialing (`dial` on; off in reserved-only mode): every `slot_interval` (1 s, sc-network's
//     slot allocation period), while fewer than `max_outbound` (--out-peers) outbound connections
//     and dials exist, random peers we know (permanent ones, the routing table, peers lookups
//     found) that we are neither connected to nor dialing are dialed, one address after the
//     other. A peer whose addresses all failed is left alone for 5 s, doubling up to 5 min.
//     Addresses the DHT gave us that are not global are dialed only with `allow_private_ip`
//     (permanent addresses always). The host dials TCP only, so only TCP addresses are used.
//
// Bounds: lookups and record queries (16 at once), candidates per lookup (80), addresses per peer
// (8 in the table, 16 per decoded peer), the cache of peers lookups found (1,024, oldest
// forgotten), backoffs (1,024), requests (at most alpha … k per query; a query that ends forgets
// its requests still out, whose answers are then ignored), records (the store's bounds).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "network/libp2p/kademlia_message.hpp"
#include "network/libp2p/kademlia_query.hpp"
#include "network/libp2p/kademlia_record_store.hpp"
#include "network/libp2p/kademlia_routing_table.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::network {

struct KademliaConfig {
  // The chain's Kademlia protocol (`/<genesis hex>/kad`): identify must list it for a peer's
  // addresses to enter the routing table (sc-network checks the genesis-based name only).
  std::string protocol_name;
  size_t k = 20;
  size_t alpha = 3;
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds query_timeout{60'000};
  size_t max_queries = 16;
  size_t max_query_peers = 80;
  size_t max_addresses_per_peer = 8;
  std::chrono::milliseconds pending_timeout{60'000};

  bool random_walk = true;
  std::chrono::milliseconds random_walk_interval{1'000};  // the second walk's delay
  std::chrono::milliseconds random_walk_max_interval{60'000};
  size_t discovery_limit = 8 + 15;  // walks only while fewer peers are connected

  bool allow_non_globals_in_dht = false;

  bool dial = true;
  bool allow_private_ip = true;
  size_t max_outbound = 8;
  std::chrono::milliseconds slot_interval{1'000};
  // A dial whose outcome never came is forgotten after this (the host reports every dial).
  std::chrono::milliseconds dial_timeout{45'000};
  std::chrono::milliseconds backoff_initial{5'000};
  std::chrono::milliseconds backoff_max{300'000};
  size_t max_discovered = 1'024;
  size_t max_backoffs = 1'024;

  // ---- records ----
  // Judges a record a peer puts to us (`from`; the record's publisher may differ). Unset: PUT_VALUE
  // is refused and nothing is stored for others.
  std::function<bool(const KademliaRecord& record, const PeerId& from)> record_validator;
  KademliaRecordStoreConfig record_store;
  std::chrono::seconds record_ttl{48 * 60 * 60};
  std::chrono::milliseconds record_query_timeout{300'000};
  size_t get_record_redundancy = 4;  // sc-network GET_RECORD_REDUNDANCY_FACTOR
  size_t record_cache_peers = 1;     // rust-libp2p Caching::Enabled { max_peers }

  uint64_t seed = 0;  // random walk keys and dial order
};

// Dial `address` (it ends with /p2p/<peer>); the outcome comes back as on_connected or
// on_dial_failed.
struct KademliaDial {
  PeerId peer;
  Multiaddr address;
};

// Send `request` (a FIND_NODE, GET_VALUE or PUT_VALUE message, without length prefix) to `peer`,
// already connected; the outcome comes back as on_response or on_request_failed with the same id.
struct KademliaSendRequest {
  uint64_t request_id = 0;
  PeerId peer;
  Bytes request;
};

// A peer we had not heard of (routing table, or a lookup's answer), with its addresses.
struct KademliaDiscovered {
  PeerId peer;
  std::vector<Multiaddr> addresses;  // without /p2p
};

struct KademliaQueryFinished {
  uint64_t query_id = 0;
  Bytes key;
  std::vector<PeerId> closest;  // those that answered, nearest first
  bool random_walk = false;
  bool timed_out = false;
};

// A record get_record found (rust-libp2p GetRecordOk::FoundRecord): the one in our store first
// (`peer` none), then one per peer that answered with it. Nothing here is checked but the key.
struct KademliaRecordFound {
  uint64_t query_id = 0;
  KademliaRecord record;
  std::optional<PeerId> peer;
};

// A get_record lookup ended; records_found == 0 is sc-network's ValueNotFound.
struct KademliaGetRecordFinished {
  uint64_t query_id = 0;
  Bytes key;
  size_t records_found = 0;
  bool timed_out = false;
};

// A put_record or put_record_to ended: the peers that echoed the record; `ok` when at least
// `quorum` did (sc-network's ValuePut, else ValuePutFailed).
struct KademliaPutRecordFinished {
  uint64_t query_id = 0;
  Bytes key;
  std::vector<PeerId> stored_at;
  size_t quorum = 0;
  bool ok = false;
  bool timed_out = false;
};

using KademliaAction =
    std::variant<KademliaDial, KademliaSendRequest, KademliaDiscovered, KademliaQueryFinished,
                 KademliaRecordFound, KademliaGetRecordFinished, KademliaPutRecordFinished>;

// What to do with an inbound request.
struct KademliaInboundAnswer {
  enum class Kind : uint8_t {
    kRespond,     // write `response` (varint-length-prefixed) and wait for the next request
    kNoResponse,  // nothing to write; wait for the next request
    kClose,       // write nothing, close the substream
    kReset,       // a request we refuse or cannot read: reset the substream
  };
  Kind kind = Kind::kReset;
  Bytes response;
  std::optional<KademliaMessageType> type;  // of the request, when it decoded
};

class Kademlia {
 public:
  using Clock = std::chrono::steady_clock;

  Kademlia(const PeerId& local, KademliaConfig config, Clock::time_point now);

  // A boot or reserved node's address (with or without /p2p): kept for ever, dialable whatever
  // its scope, and put in the routing table.
  std::vector<KademliaAction> add_permanent_address(const PeerId& peer, const Multiaddr& address,
                                                    Clock::time_point now);

  std::vector<KademliaAction> on_connected(const PeerId& peer, bool outbound,
                                           Clock::time_point now);
  std::vector<KademliaAction> on_disconnected(const PeerId& peer, bool outbound,
                                              Clock::time_point now);
  // A dial of ours (or anyone's) to `peer` at `address` failed.
  std::vector<KademliaAction> on_dial_failed(const PeerId& peer, const Multiaddr& address,
                                             Clock::time_point now);
  std::vector<KademliaAction> on_identified(const PeerId& peer,
                                            const std::vector<Multiaddr>& listen_addresses,
                                            const std::vector<std::string>& protocols,
                                            Clock::time_point now);
  std::vector<KademliaAction> on_response(uint64_t request_id, ByteSpan response,
                                          Clock::time_point now);
  std::vector<KademliaAction> on_request_failed(uint64_t request_id, Clock::time_point now);

  KademliaInboundAnswer on_inbound_request(const PeerId& from, ByteSpan request,
                                           Clock::time_point now);

  // Starts a lookup of the peers closest to `key` (a PeerId's bytes, or any key); nullopt when
  // max_queries are running.
  std::optional<uint64_t> find_closest(ByteSpan key, Clock::time_point now,
                                       std::vector<KademliaAction>& actions);

  // Looks for the record under `key` (sc-network get_value); nullopt when max_queries are running.
  std::optional<uint64_t> get_record(ByteSpan key, Clock::time_point now,
                                     std::vector<KademliaAction>& actions);
  // Stores `value` under `key` here and at the k closest peers (sc-network put_value); nullopt
  // when max_queries are running, the value is too large for the store or the request too large
  // for a message.
  std::optional<uint64_t> put_record(ByteSpan key, ByteSpan value, Clock::time_point now,
                                     std::vector<KademliaAction>& actions);
  // Puts `record` to `peers` only (sc-network put_record_to), and into our store when
  // `update_local`. With no peers it ends at once (not ok).
  std::optional<uint64_t> put_record_to(KademliaRecord record, const std::vector<PeerId>& peers,
                                        bool update_local, Clock::time_point now,
                                        std::vector<KademliaAction>& actions);
  // Stores a record without asking the validator (sc-network store_record).
  Result<void, KademliaStoreError> store_record(const KademliaRecord& record,
                                                Clock::time_point now);

  std::vector<KademliaAction> tick(Clock::time_point now);
  std::optional<Clock::time_point> next_wake() const;

  const KademliaRoutingTable& routing_table() const { return table_; }
  size_t connected_peers() const { return connected_.size(); }
  size_t outbound_in_use() const;  // outbound connections and dials in progress
  size_t queries() const { return queries_.size(); }
  size_t requests() const { return requests_.size(); }
  size_t dials() const { return dialing_.size(); }
  size_t discovered_cached() const { return discovered_.size(); }
  size_t backoffs() const { return backoff_.size(); }
  bool is_dialing(const PeerId& peer) const { return dialing_.contains(peer); }
  const KademliaRecordStore& record_store() const { return store_; }

 private:
  struct Connections {
    size_t inbound = 0;
    size_t outbound = 0;
  };
  enum class QueryKind : uint8_t {
    kFindNode,   // FIND_NODE lookup (find_closest, random walks)
    kGetRecord,  // GET_VALUE lookup
    kPutLookup,  // put_record's FIND_NODE lookup, then kPutRecord
    kPutRecord,  // PUT_VALUE to fixed peers
  };
  struct Query {
    KademliaQuery lookup;
    Bytes key;
    Clock::time_point deadline;
    bool random_walk = false;
    // Addresses of the candidates answers named (bounded like the candidates).
    std::map<PeerId, std::vector<Multiaddr>> addresses;
    QueryKind kind = QueryKind::kFindNode;
    // kGetRecord: answers, records found, the last one (cached at the end) and the nearest peers
    // that answered without a record.
    size_t successes = 0;
    size_t records_found = 0;
    std::optional<KademliaRecord> found;
    std::map<KademliaDistance, PeerId> cache_candidates;
    // kPutLookup, kPutRecord: the record, its quorum, the peers not asked yet, those that stored.
    std::optional<KademliaRecord> record;
    size_t quorum = 0;
    std::deque<PeerId> to_put;
    std::vector<PeerId> stored_at;
  };
  struct Request {
    uint64_t query_id = 0;
    PeerId peer;
    bool sent = false;  // false: waiting for the connection our dial makes
  };
  struct Dialing {
    std::vector<Multiaddr> remaining;  // addresses left to try, without /p2p
    Clock::time_point deadline;
  };
  struct Backoff {
    Clock::time_point until;
    std::chrono::milliseconds delay{0};
  };
  struct Discovered {
    std::vector<Multiaddr> addresses;
  };

  void emit(KademliaAction action) { actions_.push_back(std::move(action)); }
  std::vector<KademliaAction> take();
  bool is_connected(const PeerId& peer) const { return connected_.contains(peer); }
  // Addresses we may dial `peer` at, best first; empty when none (or not TCP, or private).
  std::vector<Multiaddr> dialable_addresses(const PeerId& peer, const Query* query) const;
  bool may_dial(const PeerId& peer, Clock::time_point now) const;
  // Dials `peer` (unless dialing it already); false if it cannot be dialed now.
  bool dial(const PeerId& peer, const Query* query, Clock::time_point now);
  void dial_failed(const PeerId& peer, Clock::time_point now);
  void remember_discovered(const KademliaPeer& peer);
  void add_to_table(const PeerId& peer, const Multiaddr& address, Clock::time_point now);
  KademliaQueryConfig lookup_config() const;
  // Registers a lookup (not driven yet); nullopt when max_queries are running.
  std::optional<uint64_t> create_query(Bytes key, bool random_walk, Clock::time_point now,
                                       QueryKind kind);
  // A FIND_NODE lookup, driven at once.
  std::optional<uint64_t> start_query(Bytes key, bool random_walk, Clock::time_point now);
  // A query of fixed peers (kPutRecord).
  uint64_t start_put(KademliaRecord record, const std::vector<PeerId>& peers, size_t quorum,
                     Clock::time_point deadline);
  // The request a query sends.
  Bytes request_for(const Query& query) const;
  // Asks `peer` for `query_id` (or dials it first); false when it cannot be asked now.
  bool contact(uint64_t query_id, const PeerId& peer, Clock::time_point now);
  // Sends what the lookup wants sent, finishing it when it is done.
  void drive(uint64_t query_id, Clock::time_point now);
  void drive_put(uint64_t query_id, Clock::time_point now);
  void finish(uint64_t query_id, bool timed_out, Clock::time_point now);
  // The closer peers of an answer (remembered as discovered), without us.
  std::vector<PeerId> closer_peers_of(const KademliaMessage& message);
  // Keeps the addresses an answer gave for the lookup's candidates.
  void note_addresses(Query& query, const std::vector<KademliaPeer>& peers);
  void on_record_response(uint64_t query_id, const PeerId& peer,
                          const Result<KademliaMessage, KademliaMessageError>& decoded,
                          Clock::time_point now);
  // The expiry of a record put to us (rust-libp2p record_received).
  std::optional<Clock::time_point> received_record_expiry(const KademliaRecord& record,
                                                          Clock::time_point now) const;
  void fail_request(uint64_t request_id, Clock::time_point now);
  void fill_slots(Clock::time_point now);
  std::vector<KademliaPeer> closest_for(const PeerId& asker, ByteSpan key) const;
  // A stored record as it is sent (the ttl left, in seconds, at least 1).
  static KademliaRecord to_wire(const KademliaStoredRecord& stored, Clock::time_point now);
  Bytes random_peer_key();

  PeerId local_;
  KademliaConfig config_;
  KademliaRoutingTable table_;
  KademliaRecordStore store_;
  std::mt19937_64 rng_;
  std::vector<KademliaAction> actions_;

  std::map<PeerId, Connections> connected_;
  std::map<PeerId, std::vector<Multiaddr>> permanent_;
  std::map<PeerId, Discovered> discovered_;
  std::deque<PeerId> discovered_order_;  // oldest first
  std::map<PeerId, Dialing> dialing_;
  std::map<PeerId, Backoff> backoff_;

  std::map<uint64_t, Query> queries_;
  std::map<uint64_t, Request> requests_;
  uint64_t next_query_id_ = 1;
  uint64_t next_request_id_ = 1;

  std::optional<uint64_t> random_walk_query_;
  Clock::time_point next_random_walk_;
  std::chrono::milliseconds random_walk_interval_;
  Clock::time_point next_slot_fill_;
};

}  // namespace canary::network
