#include "network/libp2p/kademlia.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "network/libp2p/ip_scope.hpp"

namespace canary::network {

namespace {

bool contains(const std::vector<Multiaddr>& list, const Multiaddr& address) {
  return std::find(list.begin(), list.end(), address) != list.end();
}

bool contains_peer(const std::vector<PeerId>& list, const PeerId& peer) {
  return std::find(list.begin(), list.end(), peer) != list.end();
}

// The address without /p2p, or nullopt when it names another peer (or nothing but the peer).
std::optional<Multiaddr> plain_address(const PeerId& peer, const Multiaddr& address) {
  if (const auto named = address.peer_id(); named && *named != peer) return std::nullopt;
  Multiaddr plain = address.without_p2p();
  if (plain.empty()) return std::nullopt;
  return plain;
}

}  // namespace

Kademlia::Kademlia(const PeerId& local, KademliaConfig config, Clock::time_point now)
    : local_(local),
      config_(std::move(config)),
      table_(local, config_.k, config_.pending_timeout, config_.max_addresses_per_peer),
      store_(config_.record_store),
      rng_(config_.seed),
      next_random_walk_(now),  // sc-network's first walk has no delay
      random_walk_interval_(config_.random_walk_interval),
      next_slot_fill_(now) {}

std::vector<KademliaAction> Kademlia::take() {
  std::vector<KademliaAction> out;
  out.swap(actions_);
  return out;
}

size_t Kademlia::outbound_in_use() const {
  size_t n = dialing_.size();
  for (const auto& [peer, c] : connected_) {
    if (c.outbound > 0 && !dialing_.contains(peer)) ++n;
  }
  return n;
}

// ---- peers and addresses ---------------------------------------------------------------------

void Kademlia::add_to_table(const PeerId& peer, const Multiaddr& address, Clock::time_point now) {
  const auto status =
      is_connected(peer) ? KademliaNodeStatus::kConnected : KademliaNodeStatus::kDisconnected;
  const RoutingUpdate update = table_.add_address(peer, address, status, now);
  if (update != RoutingUpdate::kInserted) return;
  const KademliaNode* node = table_.find(peer);
  emit(KademliaDiscovered{peer, node != nullptr ? node->addresses : std::vector{address}});
}

std::vector<KademliaAction> Kademlia::add_permanent_address(const PeerId& peer,
                                                            const Multiaddr& address,
                                                            Clock::time_point now) {
  const auto plain = plain_address(peer, address);
  if (peer == local_ || !plain) return take();
  std::vector<Multiaddr>& list = permanent_[peer];
  if (!contains(list, *plain)) list.push_back(*plain);
  add_to_table(peer, *plain, now);
  return take();
}

void Kademlia::remember_discovered(const KademliaPeer& peer) {
  if (peer.id == local_ || peer.addresses.empty()) return;
  if (table_.contains(peer.id) || permanent_.contains(peer.id)) return;
  auto it = discovered_.find(peer.id);
  if (it != discovered_.end()) {
    for (const Multiaddr& address : peer.addresses) {
      std::vector<Multiaddr>& known = it->second.addresses;
      if (contains(known, address)) continue;
      if (known.size() >= config_.max_addresses_per_peer) known.erase(known.begin());
      known.push_back(address);
    }
    return;
  }
  Discovered entry;
  for (const Multiaddr& address : peer.addresses) {
    if (entry.addresses.size() >= config_.max_addresses_per_peer) break;
    if (!contains(entry.addresses, address)) entry.addresses.push_back(address);
  }
  emit(KademliaDiscovered{peer.id, entry.addresses});
  discovered_.emplace(peer.id, std::move(entry));
  discovered_order_.push_back(peer.id);
  while (discovered_.size() > config_.max_discovered && !discovered_order_.empty()) {
    discovered_.erase(discovered_order_.front());
    discovered_order_.pop_front();
  }
}

std::vector<Multiaddr> Kademlia::dialable_addresses(const PeerId& peer, const Query* query) const {
  std::vector<Multiaddr> out;
  auto consider = [&](const Multiaddr& address, bool permanent) {
    if (out.size() >= kMaxKademliaAddressesPerPeer || contains(out, address)) return;
    if (!address.tcp_endpoint()) return;  // the host dials TCP only
    if (!permanent && !config_.allow_private_ip && !is_global_address(address)) return;
    out.push_back(address);
  };
  if (auto it = permanent_.find(peer); it != permanent_.end()) {
    for (const Multiaddr& a : it->second) consider(a, true);
  }
  if (const KademliaNode* node = table_.find(peer)) {
    for (const Multiaddr& a : node->addresses) consider(a, false);
  }
  if (auto it = discovered_.find(peer); it != discovered_.end()) {
    for (const Multiaddr& a : it->second.addresses) consider(a, false);
  }
  if (query != nullptr) {
    if (auto it = query->addresses.find(peer); it != query->addresses.end()) {
      for (const Multiaddr& a : it->second) consider(a, false);
    }
  }
  return out;
}

// ---- connections and dials -------------------------------------------------------------------

bool Kademlia::may_dial(const PeerId& peer, Clock::time_point now) const {
  if (!config_.dial || peer == local_ || is_connected(peer)) return false;
  if (auto it = backoff_.find(peer); it != backoff_.end() && it->second.until > now) return false;
  return outbound_in_use() < config_.max_outbound;
}

bool Kademlia::dial(const PeerId& peer, const Query* query, Clock::time_point now) {
  if (dialing_.contains(peer)) return true;
  if (!may_dial(peer, now)) return false;
  std::vector<Multiaddr> addresses = dialable_addresses(peer, query);
  if (addresses.empty()) return false;
  Multiaddr first = addresses.front();
  addresses.erase(addresses.begin());
  dialing_.insert_or_assign(peer, Dialing{std::move(addresses), now + config_.dial_timeout});
  auto full = first.with_p2p(peer);
  emit(KademliaDial{peer, full ? *full : first});
  return true;
}

void Kademlia::dial_failed(const PeerId& peer, Clock::time_point now) {
  dialing_.erase(peer);
  auto it = backoff_.find(peer);
  if (it == backoff_.end()) {
    if (backoff_.size() >= config_.max_backoffs) {
      std::erase_if(backoff_, [now](const auto& entry) { return entry.second.until <= now; });
    }
    if (backoff_.size() >= config_.max_backoffs) {
      auto soonest = std::min_element(
          backoff_.begin(), backoff_.end(),
          [](const auto& a, const auto& b) { return a.second.until < b.second.until; });
      backoff_.erase(soonest);
    }
    it = backoff_.emplace(peer, Backoff{now, std::chrono::milliseconds(0)}).first;
  }
  Backoff& b = it->second;
  b.delay =
      b.delay.count() == 0 ? config_.backoff_initial : std::min(b.delay * 2, config_.backoff_max);
  b.until = now + b.delay;
  // The lookups that waited for this connection hear that the peer cannot be asked.
  std::vector<uint64_t> waiting;
  for (const auto& [id, request] : requests_) {
    if (request.peer == peer && !request.sent) waiting.push_back(id);
  }
  for (uint64_t id : waiting) fail_request(id, now);
}

std::vector<KademliaAction> Kademlia::on_connected(const PeerId& peer, bool outbound,
                                                   Clock::time_point now) {
  (void)now;
  if (peer == local_) return take();
  Connections& c = connected_[peer];
  const bool first = c.inbound + c.outbound == 0;
  ++(outbound ? c.outbound : c.inbound);
  if (first) table_.set_status(peer, KademliaNodeStatus::kConnected);
  dialing_.erase(peer);
  backoff_.erase(peer);
  for (auto& [id, request] : requests_) {
    if (request.peer != peer || request.sent) continue;
    auto query = queries_.find(request.query_id);
    if (query == queries_.end()) continue;
    request.sent = true;
    emit(KademliaSendRequest{id, peer, request_for(query->second)});
  }
  return take();
}

std::vector<KademliaAction> Kademlia::on_disconnected(const PeerId& peer, bool outbound,
                                                      Clock::time_point now) {
  (void)now;
  auto it = connected_.find(peer);
  if (it == connected_.end()) return take();
  size_t& count = outbound ? it->second.outbound : it->second.inbound;
  if (count > 0) --count;
  if (it->second.inbound + it->second.outbound == 0) {
    connected_.erase(it);
    table_.set_status(peer, KademliaNodeStatus::kDisconnected);
  }
  return take();
}

std::vector<KademliaAction> Kademlia::on_dial_failed(const PeerId& peer, const Multiaddr& address,
                                                     Clock::time_point now) {
  auto it = dialing_.find(peer);
  if (it == dialing_.end()) return take();  // not our dial (a reserved peer's, the host's)
  const Multiaddr plain = address.without_p2p();
  // rust-libp2p `address_failed`: the address leaves the routing table (never the last one).
  (void)table_.remove_address(peer, plain);
  if (auto found = discovered_.find(peer); found != discovered_.end()) {
    std::vector<Multiaddr>& known = found->second.addresses;
    if (known.size() > 1) std::erase(known, plain);
  }
  if (!it->second.remaining.empty() && !is_connected(peer)) {
    Multiaddr next = it->second.remaining.front();
    it->second.remaining.erase(it->second.remaining.begin());
    it->second.deadline = now + config_.dial_timeout;
    auto full = next.with_p2p(peer);
    emit(KademliaDial{peer, full ? *full : next});
    return take();
  }
  dial_failed(peer, now);
  return take();
}

std::vector<KademliaAction> Kademlia::on_identified(const PeerId& peer,
                                                    const std::vector<Multiaddr>& listen_addresses,
                                                    const std::vector<std::string>& protocols,
                                                    Clock::time_point now) {
  if (peer == local_) return take();
  // sc-network discovery.rs add_self_reported_address: only peers of our DHT.
  if (std::find(protocols.begin(), protocols.end(), config_.protocol_name) == protocols.end()) {
    return take();
  }
  for (const Multiaddr& address : listen_addresses) {
    const auto plain = plain_address(peer, address);
    if (!plain) continue;
    if (!config_.allow_non_globals_in_dht && !is_global_address(*plain)) continue;
    add_to_table(peer, *plain, now);
  }
  return take();
}

// ---- lookups ---------------------------------------------------------------------------------

KademliaQueryConfig Kademlia::lookup_config() const {
  KademliaQueryConfig query_config;
  query_config.k = config_.k;
  query_config.alpha = config_.alpha;
  query_config.peer_timeout = config_.request_timeout;
  query_config.max_peers = config_.max_query_peers;
  return query_config;
}

std::optional<uint64_t> Kademlia::create_query(Bytes key, bool random_walk, Clock::time_point now,
                                               QueryKind kind) {
  if (queries_.size() >= config_.max_queries) return std::nullopt;
  const KademliaKey target = kademlia_key(key);
  std::vector<PeerId> known;
  for (const KademliaNode* node : table_.closest(target, config_.k)) known.push_back(node->peer);
  const uint64_t id = next_query_id_++;
  const auto timeout =
      kind == QueryKind::kFindNode ? config_.query_timeout : config_.record_query_timeout;
  Query query{KademliaQuery(target, known, lookup_config()),
              std::move(key),
              now + timeout,
              random_walk,
              {}};
  query.kind = kind;
  queries_.emplace(id, std::move(query));
  if (random_walk) random_walk_query_ = id;
  return id;
}

std::optional<uint64_t> Kademlia::start_query(Bytes key, bool random_walk, Clock::time_point now) {
  auto id = create_query(std::move(key), random_walk, now, QueryKind::kFindNode);
  if (id) drive(*id, now);
  return id;
}

std::optional<uint64_t> Kademlia::find_closest(ByteSpan key, Clock::time_point now,
                                               std::vector<KademliaAction>& actions) {
  auto id = start_query(Bytes(key.begin(), key.end()), false, now);
  for (KademliaAction& action : take()) actions.push_back(std::move(action));
  return id;
}

Bytes Kademlia::request_for(const Query& query) const {
  switch (query.kind) {
    case QueryKind::kGetRecord:
      return encode_get_value_request(query.key);
    case QueryKind::kPutRecord:
      return query.record ? encode_put_value_request(*query.record) : Bytes{};
    case QueryKind::kFindNode:
    case QueryKind::kPutLookup:
      break;
  }
  return encode_find_node_request(query.key);
}

bool Kademlia::contact(uint64_t query_id, const PeerId& peer, Clock::time_point now) {
  auto it = queries_.find(query_id);
  if (it == queries_.end()) return false;
  const uint64_t request_id = next_request_id_++;
  if (is_connected(peer)) {
    requests_.emplace(request_id, Request{query_id, peer, true});
    emit(KademliaSendRequest{request_id, peer, request_for(it->second)});
    return true;
  }
  if (dial(peer, &it->second, now)) {
    requests_.emplace(request_id, Request{query_id, peer, false});
    return true;
  }
  return false;
}

void Kademlia::drive(uint64_t query_id, Clock::time_point now) {
  for (;;) {
    auto it = queries_.find(query_id);
    if (it == queries_.end()) return;
    Query& query = it->second;
    if (query.kind == QueryKind::kPutRecord) {
      drive_put(query_id, now);
      return;
    }
    const KademliaQuery::Next next = query.lookup.next(now);
    switch (next.state) {
      case KademliaQuery::State::kContact:
        if (!contact(query_id, *next.peer, now)) {
          (void)query.lookup.on_failure(*next.peer);  // unreachable for now: ask the next one
        }
        break;
      case KademliaQuery::State::kWaiting:
      case KademliaQuery::State::kWaitingAtCapacity:
        return;
      case KademliaQuery::State::kFinished:
        finish(query_id, false, now);
        return;
    }
  }
}

// rust-libp2p FixedPeersIter with the replication factor as parallelism: every peer at once.
void Kademlia::drive_put(uint64_t query_id, Clock::time_point now) {
  auto it = queries_.find(query_id);
  if (it == queries_.end()) return;
  Query& query = it->second;
  while (!query.to_put.empty()) {
    const PeerId peer = query.to_put.front();
    query.to_put.pop_front();
    if (peer != local_) (void)contact(query_id, peer, now);  // one that cannot be asked: no echo
  }
  const bool waiting = std::any_of(requests_.begin(), requests_.end(), [query_id](const auto& e) {
    return e.second.query_id == query_id;
  });
  if (!waiting) finish(query_id, false, now);
}

uint64_t Kademlia::start_put(KademliaRecord record, const std::vector<PeerId>& peers, size_t quorum,
                             Clock::time_point deadline) {
  const uint64_t id = next_query_id_++;
  Query query{KademliaQuery(kademlia_key(record.key), {}, lookup_config()),
              record.key,
              deadline,
              false,
              {}};
  query.kind = QueryKind::kPutRecord;
  query.quorum = quorum;
  for (const PeerId& peer : peers) {
    if (std::find(query.to_put.begin(), query.to_put.end(), peer) == query.to_put.end()) {
      query.to_put.push_back(peer);
    }
  }
  query.record = std::move(record);
  queries_.emplace(id, std::move(query));
  return id;
}

void Kademlia::finish(uint64_t query_id, bool timed_out, Clock::time_point now) {
  auto it = queries_.find(query_id);
  if (it == queries_.end()) return;
  Query& query = it->second;
  query.lookup.finish();
  std::optional<std::pair<KademliaRecord, std::vector<PeerId>>> cache;
  switch (query.kind) {
    case QueryKind::kFindNode:
      emit(KademliaQueryFinished{query_id, query.key, query.lookup.result(), query.random_walk,
                                 timed_out});
      break;
    case QueryKind::kGetRecord:
      emit(KademliaGetRecordFinished{query_id, query.key, query.records_found, timed_out});
      // rust-libp2p: a record found is stored at the nearest peers that answered without one
      // (sc-network puts it there with Quorum::One on FinishedWithNoAdditionalRecord).
      if (!timed_out && query.found && !query.cache_candidates.empty()) {
        std::vector<PeerId> peers;
        peers.reserve(query.cache_candidates.size());
        for (const auto& [distance, peer] : query.cache_candidates) peers.push_back(peer);
        cache.emplace(*query.found, std::move(peers));
      }
      break;
    case QueryKind::kPutLookup: {
      std::vector<PeerId> closest = query.lookup.result();
      if (!timed_out && !closest.empty() && query.record) {
        // The same query goes on with PUT_VALUE to the closest peers found (rust-libp2p
        // continue_fixed), as a new query for its deadline. Its FIND_NODE requests still out
        // are forgotten: their answers no longer matter.
        std::erase_if(requests_,
                      [query_id](const auto& entry) { return entry.second.query_id == query_id; });
        query.kind = QueryKind::kPutRecord;
        query.deadline = now + config_.record_query_timeout;
        query.to_put.assign(closest.begin(), closest.end());
        drive_put(query_id, now);
        return;
      }
      emit(KademliaPutRecordFinished{query_id, query.key, {}, query.quorum, false, timed_out});
      break;
    }
    case QueryKind::kPutRecord:
      emit(KademliaPutRecordFinished{query_id, query.key, query.stored_at, query.quorum,
                                     query.stored_at.size() >= query.quorum, timed_out});
      break;
  }
  if (random_walk_query_ == query_id) random_walk_query_.reset();
  // Its requests are forgotten, those in flight too: their answers are ignored when they come
  // (rust-libp2p hands a late answer to a query that no longer exists, which drops it), and
  // requests a host never reports cannot add up.
  std::erase_if(requests_,
                [query_id](const auto& entry) { return entry.second.query_id == query_id; });
  queries_.erase(it);
  if (cache && queries_.size() < config_.max_queries) {
    std::vector<PeerId> peers = std::move(cache->second);
    const uint64_t id =
        start_put(std::move(cache->first), peers, 1, now + config_.record_query_timeout);
    drive(id, now);
  }
}

void Kademlia::fail_request(uint64_t request_id, Clock::time_point now) {
  auto it = requests_.find(request_id);
  if (it == requests_.end()) return;
  const uint64_t query_id = it->second.query_id;
  const PeerId peer = it->second.peer;
  requests_.erase(it);
  auto query = queries_.find(query_id);
  if (query == queries_.end()) return;
  (void)query->second.lookup.on_failure(peer);
  drive(query_id, now);
}

void Kademlia::note_addresses(Query& q, const std::vector<KademliaPeer>& peers) {
  for (const KademliaPeer& p : peers) {
    if (p.id == local_ || p.addresses.empty() || !q.lookup.knows(p.id)) continue;
    if (q.addresses.size() >= 2 * config_.max_query_peers) {
      std::erase_if(q.addresses, [&q](const auto& e) { return !q.lookup.knows(e.first); });
      if (q.addresses.size() >= 2 * config_.max_query_peers) break;
    }
    std::vector<Multiaddr>& known = q.addresses[p.id];
    for (const Multiaddr& a : p.addresses) {
      if (known.size() < config_.max_addresses_per_peer && !contains(known, a)) known.push_back(a);
    }
  }
}

std::vector<PeerId> Kademlia::closer_peers_of(const KademliaMessage& message) {
  std::vector<PeerId> closer;
  for (const KademliaPeer& p : message.closer_peers) {
    if (p.id == local_) continue;
    remember_discovered(p);
    closer.push_back(p.id);
  }
  return closer;
}

void Kademlia::on_record_response(uint64_t query_id, const PeerId& peer,
                                  const Result<KademliaMessage, KademliaMessageError>& decoded,
                                  Clock::time_point now) {
  Query& q = queries_.at(query_id);
  if (q.kind == QueryKind::kPutRecord) {
    // rust-libp2p counts any PUT_VALUE answer as the peer's echo, and ends the query at its quorum.
    if (decoded && decoded->type == KademliaMessageType::kPutValue &&
        !contains_peer(q.stored_at, peer)) {
      q.stored_at.push_back(peer);
      if (q.stored_at.size() >= q.quorum) {
        finish(query_id, false, now);
        return;
      }
    }
    drive(query_id, now);
    return;
  }
  // kGetRecord
  if (!decoded || decoded->type != KademliaMessageType::kGetValue) {
    (void)q.lookup.on_failure(peer);
    drive(query_id, now);
    return;
  }
  const std::vector<PeerId> closer = closer_peers_of(*decoded);
  if (q.lookup.on_success(peer, closer)) {
    note_addresses(q, decoded->closer_peers);
    ++q.successes;
    // Only a record under the key asked for counts (rust-libp2p does not compare the keys).
    if (decoded->record && decoded->record->key == q.key) {
      ++q.records_found;
      q.found = *decoded->record;
      emit(KademliaRecordFound{query_id, *decoded->record, peer});
      // sc-network discovery.rs: enough answers once a record came.
      if (q.successes > config_.get_record_redundancy) {
        finish(query_id, false, now);
        return;
      }
    } else if (config_.record_cache_peers > 0) {
      q.cache_candidates.emplace(kademlia_distance(kademlia_key(peer), q.lookup.target()), peer);
      while (q.cache_candidates.size() > config_.record_cache_peers) {
        q.cache_candidates.erase(std::prev(q.cache_candidates.end()));
      }
    }
  }
  drive(query_id, now);
}

std::vector<KademliaAction> Kademlia::on_response(uint64_t request_id, ByteSpan response,
                                                  Clock::time_point now) {
  auto it = requests_.find(request_id);
  if (it == requests_.end()) return take();
  const uint64_t query_id = it->second.query_id;
  const PeerId peer = it->second.peer;
  requests_.erase(it);
  auto decoded = decode_kademlia_message(response);
  auto query = queries_.find(query_id);
  if (query != queries_.end() && (query->second.kind == QueryKind::kGetRecord ||
                                  query->second.kind == QueryKind::kPutRecord)) {
    on_record_response(query_id, peer, decoded, now);
    return take();
  }
  if (!decoded || decoded->type != KademliaMessageType::kFindNode) {
    if (query != queries_.end()) {
      (void)query->second.lookup.on_failure(peer);
      drive(query_id, now);
    }
    return take();
  }
  const std::vector<PeerId> closer = closer_peers_of(*decoded);
  if (query == queries_.end()) return take();
  Query& q = query->second;
  if (q.lookup.on_success(peer, closer)) note_addresses(q, decoded->closer_peers);
  drive(query_id, now);
  return take();
}

// ---- records ---------------------------------------------------------------------------------

std::optional<uint64_t> Kademlia::get_record(ByteSpan key, Clock::time_point now,
                                             std::vector<KademliaAction>& actions) {
  auto id = create_query(Bytes(key.begin(), key.end()), false, now, QueryKind::kGetRecord);
  if (id) {
    // rust-libp2p get_record: our own copy is the first result.
    if (const KademliaStoredRecord* stored = store_.get(key, now)) {
      Query& q = queries_.at(*id);
      q.found = to_wire(*stored, now);
      q.records_found = 1;
      emit(KademliaRecordFound{*id, *q.found, std::nullopt});
    }
    drive(*id, now);
  }
  for (KademliaAction& action : take()) actions.push_back(std::move(action));
  return id;
}

std::optional<uint64_t> Kademlia::put_record(ByteSpan key, ByteSpan value, Clock::time_point now,
                                             std::vector<KademliaAction>& actions) {
  KademliaRecord record{Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()), local_,
                        static_cast<uint32_t>(config_.record_ttl.count()), ""};
  if (queries_.size() >= config_.max_queries ||
      encode_put_value_request(record).size() > kMaxKademliaMessageSize) {
    return std::nullopt;
  }
  // rust-libp2p put_record: stored here first (with us as publisher, no expiry).
  if (!store_.put(KademliaStoredRecord{record.key, record.value, local_, std::nullopt}, now)) {
    return std::nullopt;
  }
  auto id = create_query(record.key, false, now, QueryKind::kPutLookup);
  if (id) {
    Query& q = queries_.at(*id);
    q.record = std::move(record);
    q.quorum = config_.k;  // Quorum::All
    drive(*id, now);
  }
  for (KademliaAction& action : take()) actions.push_back(std::move(action));
  return id;
}

std::optional<uint64_t> Kademlia::put_record_to(KademliaRecord record,
                                                const std::vector<PeerId>& peers, bool update_local,
                                                Clock::time_point now,
                                                std::vector<KademliaAction>& actions) {
  if (queries_.size() >= config_.max_queries ||
      encode_put_value_request(record).size() > kMaxKademliaMessageSize) {
    return std::nullopt;
  }
  if (update_local) (void)store_record(record, now);
  if (record.ttl == 0) record.ttl = static_cast<uint32_t>(config_.record_ttl.count());
  // Quorum::All of the peers given (at least one: with none the query fails at once).
  const size_t quorum = std::max<size_t>(peers.size(), 1);
  const uint64_t id =
      start_put(std::move(record), peers, quorum, now + config_.record_query_timeout);
  drive(id, now);
  for (KademliaAction& action : take()) actions.push_back(std::move(action));
  return id;
}

Result<void, KademliaStoreError> Kademlia::store_record(const KademliaRecord& record,
                                                        Clock::time_point now) {
  std::optional<Clock::time_point> expires;
  if (record.ttl > 0) expires = now + std::chrono::seconds(record.ttl);
  return store_.put(KademliaStoredRecord{record.key, record.value, record.publisher, expires}, now);
}

std::optional<Kademlia::Clock::time_point> Kademlia::received_record_expiry(
    const KademliaRecord& record, Clock::time_point now) const {
  // rust-libp2p record_received: the TTL halves for each peer beyond k that is closer to the key
  // than we are (we are then not among the k closest, and only cache the record for a while).
  const KademliaKey target = kademlia_key(record.key);
  const KademliaDistance ours = kademlia_distance(table_.local_key(), target);
  size_t closer = 0;
  for (const KademliaNode* node : table_.entries()) {
    if (kademlia_distance(node->key, target) < ours) ++closer;
  }
  const size_t beyond_k = closer > config_.k ? closer - config_.k : 0;
  const uint64_t ttl = static_cast<uint64_t>(config_.record_ttl.count());
  const uint64_t seconds = beyond_k >= 64 ? 0 : ttl >> beyond_k;
  Clock::time_point expires = now + std::chrono::seconds(seconds);
  // The smaller TTL prevails.
  if (record.ttl > 0) expires = std::min(expires, now + std::chrono::seconds(record.ttl));
  return expires;
}

KademliaRecord Kademlia::to_wire(const KademliaStoredRecord& stored, Clock::time_point now) {
  KademliaRecord record{stored.key, stored.value, stored.publisher, 0, ""};
  if (stored.expires) {
    // rust-libp2p record_to_proto: the seconds left, at least 1 (0 means "does not expire").
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*stored.expires - now);
    record.ttl =
        left.count() > 0 ? static_cast<uint32_t>(std::min<int64_t>(left.count(), UINT32_MAX)) : 1;
  }
  return record;
}

std::vector<KademliaAction> Kademlia::on_request_failed(uint64_t request_id,
                                                        Clock::time_point now) {
  fail_request(request_id, now);
  return take();
}

// ---- inbound requests ------------------------------------------------------------------------

std::vector<KademliaPeer> Kademlia::closest_for(const PeerId& asker, ByteSpan key) const {
  std::vector<KademliaPeer> out;
  for (const KademliaNode* node : table_.closest(kademlia_key(key), config_.k + 1)) {
    if (node->peer == asker || out.size() >= config_.k) continue;
    out.push_back(KademliaPeer{node->peer, node->addresses,
                               node->status == KademliaNodeStatus::kConnected
                                   ? KademliaConnectionType::kConnected
                                   : KademliaConnectionType::kNotConnected});
  }
  return out;
}

KademliaInboundAnswer Kademlia::on_inbound_request(const PeerId& from, ByteSpan request,
                                                   Clock::time_point now) {
  KademliaInboundAnswer answer;
  auto decoded = decode_kademlia_message(request);
  if (!decoded) return answer;  // kReset
  answer.type = decoded->type;
  KademliaMessage response;
  response.type = decoded->type;
  response.cluster_level_raw = 9;  // what rust-libp2p puts in its answers
  switch (decoded->type) {
    case KademliaMessageType::kFindNode:
    case KademliaMessageType::kGetProviders:
      response.closer_peers = closest_for(from, decoded->key);
      break;
    case KademliaMessageType::kGetValue:
      response.closer_peers = closest_for(from, decoded->key);
      if (const KademliaStoredRecord* stored = store_.get(decoded->key, now)) {
        response.record = to_wire(*stored, now);
      }
      break;
    case KademliaMessageType::kPutValue: {
      if (!config_.record_validator) {
        answer.kind = KademliaInboundAnswer::Kind::kReset;
        return answer;
      }
      // rust-libp2p reads a PUT_VALUE without a record as an empty one, and echoes it.
      const KademliaRecord record = decoded->record.value_or(KademliaRecord{});
      if (record.publisher != local_) {
        const auto expires = received_record_expiry(record, now);
        if ((!expires || *expires > now) && config_.record_validator(record, from)) {
          (void)store_.put(
              KademliaStoredRecord{record.key, record.value, record.publisher, expires}, now);
        }
      }
      // rust-libp2p resp_msg_to_proto PutValue: the key, and the record with key and value only.
      KademliaMessage echo;
      echo.type = KademliaMessageType::kPutValue;
      echo.key = record.key;
      echo.record = KademliaRecord{record.key, record.value, std::nullopt, 0, ""};
      answer.response = encode_kademlia_message(echo);
      answer.kind = answer.response.size() <= kMaxKademliaMessageSize
                        ? KademliaInboundAnswer::Kind::kRespond
                        : KademliaInboundAnswer::Kind::kReset;
      return answer;
    }
    case KademliaMessageType::kAddProvider:
      answer.kind = KademliaInboundAnswer::Kind::kNoResponse;
      return answer;
    case KademliaMessageType::kPing:
      answer.kind = KademliaInboundAnswer::Kind::kClose;
      return answer;
  }
  answer.response = encode_kademlia_message(response);
  // Long addresses could push k peers over the size every implementation reads: the farthest
  // go first.
  while (answer.response.size() > kMaxKademliaMessageSize && !response.closer_peers.empty()) {
    response.closer_peers.pop_back();
    answer.response = encode_kademlia_message(response);
  }
  answer.kind = KademliaInboundAnswer::Kind::kRespond;
  return answer;
}

// ---- time ------------------------------------------------------------------------------------

Bytes Kademlia::random_peer_key() {
  // A random PeerId as rust-libp2p's PeerId::random makes it: the identity multihash of 32 bytes.
  Bytes key = {0x00, 0x20};
  for (size_t i = 0; i < 4; ++i) {
    const uint64_t r = rng_();
    for (size_t b = 0; b < 8; ++b) key.push_back(static_cast<uint8_t>(r >> (8 * b)));
  }
  return key;
}

void Kademlia::fill_slots(Clock::time_point now) {
  if (!config_.dial || outbound_in_use() >= config_.max_outbound) return;
  std::set<PeerId> unique;
  auto consider = [&](const PeerId& peer) {
    if (peer == local_ || is_connected(peer) || dialing_.contains(peer)) return;
    if (auto b = backoff_.find(peer); b != backoff_.end() && b->second.until > now) return;
    unique.insert(peer);
  };
  for (const auto& [peer, addresses] : permanent_) consider(peer);
  for (const KademliaNode* node : table_.entries()) consider(node->peer);
  for (const auto& [peer, entry] : discovered_) consider(peer);
  std::vector<PeerId> candidates(unique.begin(), unique.end());
  std::shuffle(candidates.begin(), candidates.end(), rng_);
  for (const PeerId& peer : candidates) {
    if (outbound_in_use() >= config_.max_outbound) break;
    (void)dial(peer, nullptr, now);
  }
}

std::vector<KademliaAction> Kademlia::tick(Clock::time_point now) {
  for (const auto& applied : table_.apply_pending(now)) {
    const KademliaNode* node = table_.find(applied.inserted);
    emit(KademliaDiscovered{applied.inserted,
                            node != nullptr ? node->addresses : std::vector<Multiaddr>{}});
  }
  std::vector<PeerId> expired;
  for (const auto& [peer, d] : dialing_) {
    if (d.deadline <= now) expired.push_back(peer);
  }
  for (const PeerId& peer : expired) dial_failed(peer, now);

  std::vector<uint64_t> ids;
  ids.reserve(queries_.size());
  for (const auto& [id, query] : queries_) ids.push_back(id);
  for (uint64_t id : ids) {
    auto it = queries_.find(id);
    if (it == queries_.end()) continue;
    if (now >= it->second.deadline) {
      finish(id, true, now);
    } else {
      drive(id, now);
    }
  }

  (void)store_.remove_expired(now);
  if (config_.random_walk && now >= next_random_walk_) {
    if (!random_walk_query_ && connected_.size() < config_.discovery_limit) {
      (void)start_query(random_peer_key(), true, now);
    }
    next_random_walk_ = now + random_walk_interval_;
    random_walk_interval_ = std::min(random_walk_interval_ * 2, config_.random_walk_max_interval);
  }
  if (config_.dial && now >= next_slot_fill_) {
    fill_slots(now);
    next_slot_fill_ = now + config_.slot_interval;
  }
  return take();
}

std::optional<Kademlia::Clock::time_point> Kademlia::next_wake() const {
  std::optional<Clock::time_point> next;
  auto consider = [&next](Clock::time_point t) {
    if (!next || t < *next) next = t;
  };
  if (config_.random_walk) consider(next_random_walk_);
  if (config_.dial) consider(next_slot_fill_);
  for (const auto& [peer, d] : dialing_) consider(d.deadline);
  for (const auto& [id, query] : queries_) {
    consider(query.deadline);
    if (auto t = query.lookup.next_timeout()) consider(*t);
  }
  if (auto t = table_.next_pending_deadline()) consider(*t);
  return next;
}

}  // namespace canary::network
