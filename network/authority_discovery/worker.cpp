#include "network/authority_discovery/worker.hpp"

#include <algorithm>
#include <utility>

#include "network/libp2p/ip_scope.hpp"

namespace canary::network::authority_discovery {

namespace {

// worker.rs address_is_global: every IP component global (other protocols pass).
bool address_is_global(const Multiaddr& address) {
  for (const MultiaddrComponent& c : address.components()) {
    if (c.protocol == MultiaddrProtocol::kIp4 && c.value.size() == 4) {
      ByteArray<4> ip{};
      std::copy(c.value.begin(), c.value.end(), ip.begin());
      if (!is_global_ip4(ip)) return false;
    } else if (c.protocol == MultiaddrProtocol::kIp6 && c.value.size() == 16) {
      ByteArray<16> ip{};
      std::copy(c.value.begin(), c.value.end(), ip.begin());
      if (!is_global_ip6(ip)) return false;
    }
  }
  return true;
}

std::optional<Worker::Clock::time_point> expiry_of(const KademliaRecord& record,
                                                   Worker::Clock::time_point now) {
  if (record.ttl == 0) return std::nullopt;
  return now + std::chrono::seconds(record.ttl);
}

}  // namespace

Worker::Worker(const crypto::ed25519::Keypair& identity, AuthoritySigner sign, WorkerConfig config,
               Clock::time_point now)
    : identity_(identity),
      local_(PeerId::from_ed25519(identity.public_key)),
      sign_(std::move(sign)),
      config_(std::move(config)),
      rng_(config_.seed),
      publish_interval_(config_.start_interval, config_.max_publish_interval, now),
      publish_if_changed_interval_(config_.keystore_refresh_interval,
                                   config_.keystore_refresh_interval, now),
      query_interval_(config_.start_interval, config_.max_query_interval, now) {}

// ---- inputs ----------------------------------------------------------------------------------

void Worker::set_authorities(const std::vector<AuthorityId>& authorities) {
  authorities_.clear();
  known_authorities_.clear();
  for (const AuthorityId& authority : authorities) {
    if (authorities_.size() >= config_.max_authorities) break;
    if (std::find(authorities_.begin(), authorities_.end(), authority) != authorities_.end()) {
      continue;
    }
    authorities_.push_back(authority);
    known_authorities_.emplace(authority_dht_key(authority), authority);
  }
}

void Worker::set_local_keys(const std::vector<AuthorityId>& keys) {
  local_keys_ = std::set<AuthorityId>(keys.begin(), keys.end());
}

void Worker::set_addresses(std::vector<Multiaddr> listen, std::vector<Multiaddr> external) {
  listen_addresses_ = std::move(listen);
  external_addresses_ = std::move(external);
}

// ---- publishing --------------------------------------------------------------------------------

std::vector<Multiaddr> Worker::addresses_to_publish() const {
  std::vector<Multiaddr> out;
  auto add = [&](const Multiaddr& address) {
    if (out.size() >= kMaxAddressesToPublish) return;
    // sc-network hands them with or without /p2p; the record names us (record.hpp).
    Multiaddr plain = address.without_p2p();
    if (plain.empty() || std::find(out.begin(), out.end(), plain) != out.end()) return;
    out.push_back(std::move(plain));
  };
  for (const Multiaddr& address : config_.public_addresses) add(address);
  size_t global_listen = 0;
  for (const Multiaddr& address : listen_addresses_) {
    if (global_listen >= config_.max_global_listen_addresses) break;
    if (!address_is_global(address)) continue;
    ++global_listen;
    add(address);
  }
  for (const Multiaddr& address : external_addresses_) {
    if (config_.publish_non_global_ips || address_is_global(address)) add(address);
  }
  return out;
}

void Worker::publish(bool only_if_changed, Clock::time_point now, u128 unix_time_ns,
                     std::vector<WorkerAction>& actions) {
  if (config_.role == Role::kDiscover) return;
  const std::vector<Multiaddr> addresses = addresses_to_publish();
  if (addresses.empty()) {
    publish_interval_.set_to_start(now);
    return;
  }
  // get_own_public_keys_within_authority_set.
  std::set<AuthorityId> keys;
  for (const AuthorityId& authority : authorities_) {
    if (local_keys_.contains(authority)) keys.insert(authority);
  }
  if (only_if_changed) {
    if (keys == published_keys_) return;
    // The keys changed: publish and look around sooner.
    publish_interval_.set_to_start(now);
    query_interval_.set_to_start(now);
  }
  ++stats_.times_published;
  stats_.addresses_last_published = addresses.size();
  auto records = sign_authority_records(addresses, unix_time_ns, identity_,
                                        std::vector<AuthorityId>(keys.begin(), keys.end()), sign_);
  if (!records) {
    ++stats_.publish_failures;
    return;
  }
  published_dht_keys_.clear();
  for (SignedRecord& record : *records) {
    published_dht_keys_.insert(record.key);
    actions.emplace_back(
        PutValue{std::move(record.key), std::move(record.value), record.authority});
  }
  published_keys_ = std::move(keys);
}

void Worker::on_value_put(ByteSpan key, Clock::time_point now) {
  if (!published_dht_keys_.contains(Bytes(key.begin(), key.end()))) return;
  // One of ours is out there: no need to hurry the next publication.
  publish_interval_.set_to_max(now);
  ++stats_.value_put;
}

void Worker::on_value_put_failed(ByteSpan key) {
  if (!published_dht_keys_.contains(Bytes(key.begin(), key.end()))) return;
  ++stats_.value_put_failed;
}

// ---- querying ----------------------------------------------------------------------------------

void Worker::refill(Clock::time_point now) {
  std::vector<AuthorityId> others;
  for (const AuthorityId& authority : authorities_) {
    if (!local_keys_.contains(authority)) others.push_back(authority);
  }
  cache_.retain(std::set<AuthorityId>(others.begin(), others.end()));
  std::erase_if(last_known_, [&](const auto& entry) {
    const RecordInfo& info = entry.second;
    return !known_authorities_.contains(entry.first) || (info.expires && *info.expires <= now);
  });
  std::shuffle(others.begin(), others.end(), rng_);
  pending_ = std::move(others);
  // Lookups still running are likely stalled: the query interval is long enough for all.
  in_flight_.clear();
  known_lookups_.clear();
  stats_.requests_pending = pending_.size();
  stats_.known_authorities = cache_.authorities();
}

void Worker::start_new_lookups(std::vector<WorkerAction>& actions) {
  while (in_flight_.size() < config_.max_in_flight_lookups && !pending_.empty()) {
    const AuthorityId authority = pending_.back();
    pending_.pop_back();
    Bytes key = authority_dht_key(authority);
    in_flight_.insert_or_assign(key, authority);
    actions.emplace_back(GetValue{std::move(key), authority});
    ++stats_.addresses_requested;
    stats_.requests_pending = pending_.size();
  }
}

std::vector<WorkerAction> Worker::tick(Clock::time_point now, u128 unix_time_ns) {
  std::vector<WorkerAction> actions;
  if (query_interval_.due(now)) {
    query_interval_.fire(now);
    refill(now);
  }
  if (publish_interval_.due(now)) {
    publish_interval_.fire(now);
    publish(false, now, unix_time_ns, actions);
  }
  if (publish_if_changed_interval_.due(now)) {
    publish_if_changed_interval_.fire(now);
    publish(true, now, unix_time_ns, actions);
  }
  start_new_lookups(actions);
  return actions;
}

std::optional<Worker::Clock::time_point> Worker::next_wake() const {
  return std::min({publish_interval_.due_at(), publish_if_changed_interval_.due_at(),
                   query_interval_.due_at()});
}

// ---- the DHT's answers -------------------------------------------------------------------------

std::vector<WorkerAction> Worker::on_value_not_found(ByteSpan key) {
  ++stats_.value_not_found;
  (void)in_flight_.erase(Bytes(key.begin(), key.end()));
  std::vector<WorkerAction> actions;
  start_new_lookups(actions);
  return actions;
}

std::vector<WorkerAction> Worker::on_value_found(const KademliaRecord& record,
                                                 const std::optional<PeerId>& from,
                                                 Clock::time_point now) {
  ++stats_.value_found;
  std::vector<WorkerAction> actions;
  std::optional<AuthorityId> authority;
  if (auto it = in_flight_.find(record.key); it != in_flight_.end()) {
    authority = it->second;
    known_lookups_.insert_or_assign(record.key, it->second);
    in_flight_.erase(it);
  } else if (auto known = known_lookups_.find(record.key); known != known_lookups_.end()) {
    authority = known->second;
  }
  if (!authority) {  // not a lookup of ours (or one a refill gave up)
    ++stats_.value_found_failures;
    last_failure_ = "received an unexpected record";
    start_new_lookups(actions);
    return actions;
  }
  auto verified =
      verify_found_record(record.value, *authority, local_, config_.strict_record_validation);
  if (!verified) {
    ++stats_.value_found_failures;
    last_failure_ = to_string(verified.error());
    start_new_lookups(actions);
    return actions;
  }
  RecordInfo info{verified->creation_time, {}, record, expiry_of(record, now)};
  if (from) info.peers_with_record.insert(*from);
  const bool update = handle_new_record(record.key, std::move(info), actions);
  if (update && !verified->addresses.empty()) {
    cache_.insert(*authority, verified->addresses);
    stats_.known_authorities = cache_.authorities();
  }
  start_new_lookups(actions);
  return actions;
}

bool Worker::handle_new_record(const Bytes& key, RecordInfo info,
                               std::vector<WorkerAction>& actions) {
  auto [it, inserted] = last_known_.try_emplace(key, info);
  RecordInfo& current = it->second;
  auto peers_of_set = [](const std::set<PeerId>& peers) {
    return std::vector<PeerId>(peers.begin(), peers.end());
  };
  if (info.creation_time > current.creation_time) {
    // Those that had the older record get the newer one (and so does our store, when the older
    // came from it).
    if (!current.peers_with_record.empty()) {
      actions.emplace_back(
          PutRecordTo{info.record, peers_of_set(current.peers_with_record), false});
    } else {
      actions.emplace_back(PutRecordTo{info.record, {}, true});
    }
    current = std::move(info);
    return true;
  }
  if (info.creation_time == current.creation_time) {
    if (!inserted && current.peers_with_record.size() + info.peers_with_record.size() <=
                         config_.max_peers_per_record) {
      current.peers_with_record.insert(info.peers_with_record.begin(),
                                       info.peers_with_record.end());
    }
    return true;
  }
  // An older record: its holders get the one we know.
  if (!info.peers_with_record.empty()) {
    actions.emplace_back(PutRecordTo{current.record, peers_of_set(info.peers_with_record), false});
  } else {
    actions.emplace_back(PutRecordTo{current.record, {}, true});
  }
  return false;
}

bool Worker::accept_put(const KademliaRecord& record, Clock::time_point now) {
  (void)now;
  ++stats_.put_record_requests;
  auto authority = known_authorities_.find(record.key);
  if (authority == known_authorities_.end()) return false;
  auto creation_time = verify_put_record(record.value, authority->second, record.publisher,
                                         config_.strict_record_validation);
  if (!creation_time) return false;
  // An older record than the one we know is not kept: newer ones win.
  if (auto known = last_known_.find(record.key);
      known != last_known_.end() && *creation_time < known->second.creation_time) {
    return false;
  }
  return true;
}

// ---- what it learned
// -----------------------------------------------------------------------------

std::vector<Multiaddr> Worker::addresses_of(const AuthorityId& authority) const {
  const std::set<Multiaddr>* addresses = cache_.addresses_of(authority);
  if (addresses == nullptr) return {};
  return std::vector<Multiaddr>(addresses->begin(), addresses->end());
}

std::vector<PeerId> Worker::peers_of(const AuthorityId& authority) const {
  std::vector<PeerId> out;
  for (const Multiaddr& address : addresses_of(authority)) {
    auto peer = address.peer_id();
    if (peer && std::find(out.begin(), out.end(), *peer) == out.end()) out.push_back(*peer);
  }
  return out;
}

std::vector<AuthorityId> Worker::authorities_of(const PeerId& peer) const {
  const std::set<AuthorityId>* authorities = cache_.authorities_of(peer);
  if (authorities == nullptr) return {};
  return std::vector<AuthorityId>(authorities->begin(), authorities->end());
}

}  // namespace canary::network::authority_discovery
