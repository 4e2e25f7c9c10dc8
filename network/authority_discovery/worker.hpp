// The authority discovery worker, sans-IO (polkadot-sdk substrate/client/authority-discovery/src/
// worker.rs): in Role::PublishAndDiscover (validators) it publishes this validator's addresses in
// the Kademlia DHT under each of its authority discovery keys that is in the authority set, looks
// up the records of the other authorities, and keeps what it learned (addr_cache.hpp) for the
// parachain network: which PeerIds and addresses an authority has, which authorities a PeerId is.
// In Role::Discover (polkadot-service gives it to collators, to reach the validators) it only looks
// up.
//
// Fed: the time (steady for the intervals, UNIX nanoseconds for the records' creation time), the
// current and next authority sets (AuthorityDiscoveryApi_authorities at the best block), our
// `audi` keys, our addresses, and the DHT's answers (value found, not found, put, put failed; a
// record a peer puts to us, to judge). Returns the DHT operations to start: get a value, put a
// value, put a record to given peers.
//
//   - Publishing (worker.rs publish_ext_addresses): on `publish_interval` (ExpIncInterval 2 s →
//     max_publish_interval, 1 h) and when `keystore_refresh_interval` (60 s) finds the keys in the
//     set changed (then both intervals restart). Addresses: the configured public ones, then up
//     to 4 global listen addresses, then the external ones (non-global too with
//     publish_non_global_ips, the default), at most 32, each with /p2p/<us>. No address: nothing
//     is published and the interval restarts. A record is signed once by the libp2p identity and
//     once per key (record.hpp). The first successful put of one of ours moves the interval to
//     its maximum.
//   - Querying (refill_pending_lookups_queue): on `query_interval` (2 s → max_query_interval,
//     10 min) every authority of the set but ours, shuffled, is queued; at most 8 lookups run at
//     once (MAX_IN_FLIGHT_LOOKUPS); a refill forgets lookups still running (their answers then
//     count as unexpected) and authorities that left the set.
//   - A value found (handle_dht_value_found_event): checked for the authority whose lookup asked
//     (record.hpp verify_found_record); more answers of a lookup that already had one are still
//     taken. Per key the record with the highest creation time wins (handle_new_record): an older
//     one makes us put the newer to the peers that sent the old, a newer one to the peers that
//     had the previous; equal ones add their peer (at most 20). A newer (or equal) record's
//     addresses (at most 16) replace the authority's in the cache.
//   - A record put to us (handle_put_record_requested): kept only from a publisher, under the key
//     of an authority of the set, signed by it and (unless absent and not strict) by the
//     publisher, and not older than the record we know for that key.
//
// Bounds: the authority set (max_authorities), lookups (8 at once), the records known (one per
// authority), peers per record (20), addresses per authority (16).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <variant>
#include <vector>

#include "network/authority_discovery/addr_cache.hpp"
#include "network/authority_discovery/interval.hpp"
#include "network/authority_discovery/record.hpp"
#include "network/libp2p/kademlia_message.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/crypto/ed25519.hpp"

namespace canary::network::authority_discovery {

// worker.rs Role, without the keystore PublishAndDiscover carries (ours comes as set_local_keys).
enum class Role : uint8_t { kPublishAndDiscover, kDiscover };

struct WorkerConfig {
  Role role = Role::kPublishAndDiscover;
  // polkadot-sdk WorkerConfig::default().
  std::chrono::milliseconds max_publish_interval{60 * 60 * 1'000};
  std::chrono::milliseconds keystore_refresh_interval{60 * 1'000};
  std::chrono::milliseconds max_query_interval{10 * 60 * 1'000};
  // The ExpIncInterval start of publishing and querying (worker.rs: 2 s).
  std::chrono::milliseconds start_interval{2'000};
  bool publish_non_global_ips = true;
  bool strict_record_validation = false;
  // Published first (--public-addr); with or without /p2p.
  std::vector<Multiaddr> public_addresses;
  size_t max_in_flight_lookups = 8;        // MAX_IN_FLIGHT_LOOKUPS
  size_t max_global_listen_addresses = 4;  // MAX_GLOBAL_LISTEN_ADDRESSES
  size_t max_peers_per_record = 20;        // DEFAULT_KADEMLIA_REPLICATION_FACTOR
  size_t max_authorities = 16'384;         // of a set we take (Kusama has ~1,000 validators)
  uint64_t seed = 0;                       // the lookups' order
};

// Look up the record under `key` (authority_dht_key(authority)): sc-network get_value.
struct GetValue {
  Bytes key;
  AuthorityId authority;
};

// Store one of our records: sc-network put_value.
struct PutValue {
  Bytes key;
  Bytes value;
  AuthorityId authority;
};

// Store `record` at `peers` (sc-network put_record_to), and in our own store when
// `update_local` (the outdated copy came from it).
struct PutRecordTo {
  KademliaRecord record;
  std::vector<PeerId> peers;
  bool update_local = false;
};

using WorkerAction = std::variant<GetValue, PutValue, PutRecordTo>;

// What polkadot-sdk's metrics count (worker.rs Metrics).
struct WorkerStats {
  uint64_t times_published = 0;         // substrate_authority_discovery_times_published_total
  size_t addresses_last_published = 0;  // …_amount_external_addresses_last_published
  uint64_t addresses_requested = 0;     // …_authority_addresses_requested_total
  size_t requests_pending = 0;          // …_authority_address_requests_pending
  uint64_t value_found = 0;             // …_dht_event_received{name="value_found"}
  uint64_t value_not_found = 0;         // {name="value_not_found"}
  uint64_t value_put = 0;               // {name="value_put"}
  uint64_t value_put_failed = 0;        // {name="value_put_failed"}
  uint64_t put_record_requests = 0;     // {name="put_record_req"}
  uint64_t value_found_failures = 0;    // …_handle_value_found_event_failure
  size_t known_authorities = 0;         // …_known_authorities_count
  uint64_t publish_failures = 0;        // a key the keystore could not sign with
};

class Worker {
 public:
  using Clock = std::chrono::steady_clock;

  // `identity`: the node's libp2p key; `sign`: signs with a keystore `audi` key.
  Worker(const crypto::ed25519::Keypair& identity, AuthoritySigner sign, WorkerConfig config,
         Clock::time_point now);

  // ---- inputs ----
  // The current and next authorities (AuthorityDiscoveryApi_authorities at the best block).
  void set_authorities(const std::vector<AuthorityId>& authorities);
  // Our authority discovery public keys (the keystore's `audi` sr25519 keys).
  void set_local_keys(const std::vector<AuthorityId>& keys);
  // Our listen addresses (interfaces, bound ports) and external addresses.
  void set_addresses(std::vector<Multiaddr> listen, std::vector<Multiaddr> external);

  std::vector<WorkerAction> tick(Clock::time_point now, u128 unix_time_ns);
  std::optional<Clock::time_point> next_wake() const;

  // The DHT's answers to our operations (sc-network DhtEvent).
  std::vector<WorkerAction> on_value_found(const KademliaRecord& record,
                                           const std::optional<PeerId>& from,
                                           Clock::time_point now);
  std::vector<WorkerAction> on_value_not_found(ByteSpan key);
  void on_value_put(ByteSpan key, Clock::time_point now);
  void on_value_put_failed(ByteSpan key);
  // A record a peer put to us: whether the DHT may keep it.
  bool accept_put(const KademliaRecord& record, Clock::time_point now);

  // ---- what it learned ----
  std::vector<Multiaddr> addresses_of(const AuthorityId& authority) const;
  // The PeerIds an authority's addresses name.
  std::vector<PeerId> peers_of(const AuthorityId& authority) const;
  std::vector<AuthorityId> authorities_of(const PeerId& peer) const;

  const WorkerStats& stats() const { return stats_; }
  // Why the last found value taught nothing (for the log).
  const char* last_failure() const { return last_failure_; }
  const PeerId& local_peer_id() const { return local_; }
  size_t pending_lookups() const { return pending_.size(); }
  size_t in_flight_lookups() const { return in_flight_.size(); }
  size_t known_records() const { return last_known_.size(); }
  const std::set<AuthorityId>& latest_published_keys() const { return published_keys_; }

 private:
  struct RecordInfo {
    u128 creation_time = 0;
    std::set<PeerId> peers_with_record;
    KademliaRecord record;
    std::optional<Clock::time_point> expires;
  };

  std::vector<Multiaddr> addresses_to_publish() const;
  void publish(bool only_if_changed, Clock::time_point now, u128 unix_time_ns,
               std::vector<WorkerAction>& actions);
  void refill(Clock::time_point now);
  void start_new_lookups(std::vector<WorkerAction>& actions);
  // Whether the authority's cache entry is to be replaced.
  bool handle_new_record(const Bytes& key, RecordInfo info, std::vector<WorkerAction>& actions);

  crypto::ed25519::Keypair identity_;
  PeerId local_;
  AuthoritySigner sign_;
  WorkerConfig config_;
  std::mt19937_64 rng_;

  ExpIncInterval publish_interval_;
  ExpIncInterval publish_if_changed_interval_;
  ExpIncInterval query_interval_;

  std::vector<AuthorityId> authorities_;
  std::map<Bytes, AuthorityId> known_authorities_;  // DHT key → authority, the whole set
  std::set<AuthorityId> local_keys_;
  std::vector<Multiaddr> listen_addresses_;
  std::vector<Multiaddr> external_addresses_;

  std::set<AuthorityId> published_keys_;
  std::set<Bytes> published_dht_keys_;

  std::vector<AuthorityId> pending_;
  std::map<Bytes, AuthorityId> in_flight_;
  std::map<Bytes, AuthorityId> known_lookups_;  // lookups that already had an answer
  std::map<Bytes, RecordInfo> last_known_;
  AddrCache cache_;
  WorkerStats stats_;
  const char* last_failure_ = "";
};

}  // namespace canary::network::authority_discovery
