#include "node/service/authority_discovery_service.hpp"

#include <chrono>
#include <deque>
#include <string>
#include <utility>
#include <variant>

#include "network/host/host.hpp"
#include "node/keystore/key_types.hpp"
#include "node/service/log.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"

namespace canary::node {

namespace ad = network::authority_discovery;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kTarget = "sub-authority-discovery";
// The DHT's events waiting for the worker; beyond it they are dropped (a lookup then looks
// stalled until the next refill, a put unconfirmed until the next publication).
constexpr size_t kMaxQueuedEvents = 4'096;

u128 unix_time_ns() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
  return ns > 0 ? static_cast<u128>(ns) : 0;
}

std::string hash_text(ByteSpan key) {
  return to_hex(key);
}

}  // namespace

struct AuthorityDiscoveryService::State {
  explicit State(AuthorityDiscoveryServiceConfig c) : config(std::move(c)) {}

  AuthorityDiscoveryServiceConfig config;
  Mutex mutex;
  std::condition_variable wake;
  std::unique_ptr<ad::Worker> worker GUARDED_BY(mutex);
  std::deque<network::KademliaAction> events GUARDED_BY(mutex);
  uint64_t dropped_events GUARDED_BY(mutex) = 0;
  bool stopping GUARDED_BY(mutex) = false;
};

AuthorityDiscoveryService::AuthorityDiscoveryService(AuthorityDiscoveryServiceConfig config,
                                                     AuthorityDiscoveryServiceParts parts)
    : parts_(parts), state_(std::make_shared<State>(std::move(config))) {
  if (parts_.metrics == nullptr) return;
  // worker.rs Metrics: names, types and HELP texts as Substrate registers them.
  MetricsRegistry& m = *parts_.metrics;
  m.declare("substrate_authority_discovery_times_published_total", MetricType::kCounter,
            "Number of times authority discovery has published external addresses.");
  m.declare("substrate_authority_discovery_amount_external_addresses_last_published",
            MetricType::kGauge,
            "Number of external addresses published when authority discovery last published "
            "addresses.");
  m.declare("substrate_authority_discovery_authority_addresses_requested_total",
            MetricType::kCounter,
            "Number of times authority discovery has requested external addresses of a single "
            "authority.");
  m.declare("substrate_authority_discovery_authority_address_requests_pending", MetricType::kGauge,
            "Number of pending authority address requests.");
  m.declare("substrate_authority_discovery_dht_event_received", MetricType::kCounter,
            "Number of dht events received by authority discovery.");
  m.declare("substrate_authority_discovery_handle_value_found_event_failure", MetricType::kCounter,
            "Number of times handling a dht value found event failed.");
  m.declare("substrate_authority_discovery_known_authorities_count", MetricType::kGauge,
            "Number of authorities known by authority discovery.");
  // The worker keeps totals; counters are advanced by what changed since the last scrape.
  auto exported = std::make_shared<ad::WorkerStats>();
  std::weak_ptr<State> weak = state_;
  m.add_collector([weak, exported](MetricsRegistry& r) {
    auto state = weak.lock();
    if (!state) return;
    ad::WorkerStats now;
    {
      MutexLock lock(state->mutex);
      if (!state->worker) return;
      now = state->worker->stats();
    }
    ad::WorkerStats& last = *exported;
    auto advance = [&r](const std::string& name, const MetricLabels& labels, uint64_t current,
                        uint64_t previous) {
      if (current > previous) r.add(name, labels, static_cast<double>(current - previous));
    };
    advance("substrate_authority_discovery_times_published_total", {}, now.times_published,
            last.times_published);
    advance("substrate_authority_discovery_authority_addresses_requested_total", {},
            now.addresses_requested, last.addresses_requested);
    advance("substrate_authority_discovery_handle_value_found_event_failure", {},
            now.value_found_failures, last.value_found_failures);
    const std::string events = "substrate_authority_discovery_dht_event_received";
    advance(events, {{"name", "value_found"}}, now.value_found, last.value_found);
    advance(events, {{"name", "value_not_found"}}, now.value_not_found, last.value_not_found);
    advance(events, {{"name", "value_put"}}, now.value_put, last.value_put);
    advance(events, {{"name", "value_put_failed"}}, now.value_put_failed, last.value_put_failed);
    advance(events, {{"name", "put_record_req"}}, now.put_record_requests,
            last.put_record_requests);
    r.set("substrate_authority_discovery_amount_external_addresses_last_published", {},
          static_cast<double>(now.addresses_last_published));
    r.set("substrate_authority_discovery_authority_address_requests_pending", {},
          static_cast<double>(now.requests_pending));
    r.set("substrate_authority_discovery_known_authorities_count", {},
          static_cast<double>(now.known_authorities));
    last = now;
  });
}

AuthorityDiscoveryService::~AuthorityDiscoveryService() {
  stop();
}

std::function<bool(const network::KademliaRecord&, const network::PeerId&)>
AuthorityDiscoveryService::record_validator() const {
  return [state = state_](const network::KademliaRecord& record, const network::PeerId& from) {
    MutexLock lock(state->mutex);
    if (!state->worker || state->stopping) return false;
    const bool accepted = state->worker->accept_put(record, Clock::now());
    if (!accepted) {
      log::debug(kTarget, "Failed to handle put record request from {} for hash '{}'",
                 from.to_base58(), hash_text(record.key));
    }
    return accepted;
  };
}

std::function<void(const network::KademliaAction&)> AuthorityDiscoveryService::record_listener()
    const {
  return [state = state_](const network::KademliaAction& action) {
    {
      MutexLock lock(state->mutex);
      if (state->stopping || !state->worker) return;
      if (state->events.size() >= kMaxQueuedEvents) {
        ++state->dropped_events;
        return;
      }
      state->events.push_back(action);
    }
    state->wake.notify_one();
  };
}

void AuthorityDiscoveryService::start(
    std::shared_ptr<network::KademliaDiscovery> dht,
    std::function<std::vector<network::Multiaddr>()> listen_addresses) {
  dht_ = std::move(dht);
  listen_addresses_ = std::move(listen_addresses);
  const crypto::ed25519::Keypair identity =
      crypto::ed25519::keypair_from_seed(state_->config.node_key);
  executor::keystore::Keystore* keystore = &parts_.keystore;
  ad::AuthoritySigner sign = [keystore](const ad::AuthorityId& key,
                                        ByteSpan message) -> std::optional<ad::AuthoritySignature> {
    auto signature = keystore->sign(keys::Scheme::kSr25519, key_type_id("audi"), key, message);
    if (!signature || signature->size() != ad::AuthoritySignature{}.size()) return std::nullopt;
    ad::AuthoritySignature out{};
    std::copy(signature->begin(), signature->end(), out.begin());
    return out;
  };
  {
    MutexLock lock(state_->mutex);
    if (state_->worker) return;
    state_->worker = std::make_unique<ad::Worker>(identity, std::move(sign), state_->config.worker,
                                                  Clock::now());
  }
  log::debug(kTarget, "Authority discovery started for {}",
             network::PeerId::from_ed25519(identity.public_key).to_base58());
  thread_ = std::thread([this] { run(); });
}

void AuthorityDiscoveryService::stop() {
  {
    MutexLock lock(state_->mutex);
    if (state_->stopping) return;
    state_->stopping = true;
  }
  state_->wake.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::vector<AuthorityDiscoveryId>, std::string> AuthorityDiscoveryService::authorities_at(
    blockchain::Chain& chain, blockchain::RuntimeHost& runtime, const block::BlockHash& at) {
  auto header = chain.header(at);
  if (!header) return unexpected(header.error().message());
  if (!*header) return unexpected("unknown block " + to_hex(at));
  state::TrieBackend backend((*header)->state_root, chain.database().node_store());
  state::OverlayedChanges overlay(backend);
  auto session = blockchain::RuntimeSession::open(runtime, overlay, {.at = (*header)->number});
  if (!session) return unexpected(session.error().message());
  auto output = (*session)->call("AuthorityDiscoveryApi_authorities", Bytes{});
  if (!output) return unexpected(output.error().message());
  auto decoded = scale::decode<std::vector<AuthorityDiscoveryId>>(*output);
  if (!decoded) return unexpected("AuthorityDiscoveryApi_authorities: an undecodable answer");
  return std::move(*decoded);
}

void AuthorityDiscoveryService::refresh_inputs() {
  std::optional<std::vector<AuthorityDiscoveryId>> authorities;
  const blockchain::BlockRef best = parts_.chain.best();
  if (authorities_at_ != best.hash) {
    auto fetched = authorities_at(parts_.chain, parts_.runtime, best.hash);
    if (fetched) {
      authorities = std::move(*fetched);
      authorities_at_ = best.hash;
      runtime_error_logged_ = false;
    } else if (!runtime_error_logged_) {
      log::error(kTarget,
                 "Failed to request addresses of authorities: Error calling into the runtime: {}",
                 fetched.error());
      runtime_error_logged_ = true;
    }
  }
  std::vector<AuthorityDiscoveryId> local_keys;
  for (const Bytes& key :
       parts_.keystore.public_keys(keys::Scheme::kSr25519, key_type_id("audi"))) {
    if (key.size() != AuthorityDiscoveryId{}.size()) continue;
    AuthorityDiscoveryId id{};
    std::copy(key.begin(), key.end(), id.begin());
    local_keys.push_back(id);
  }
  std::vector<network::Multiaddr> addresses;
  if (listen_addresses_) {
    for (const network::Multiaddr& bound : listen_addresses_()) {
      for (network::Multiaddr& a : network::expand_listen_address(bound)) {
        addresses.push_back(std::move(a));
      }
    }
  }
  MutexLock lock(state_->mutex);
  if (authorities) state_->worker->set_authorities(*authorities);
  state_->worker->set_local_keys(local_keys);
  state_->worker->set_addresses(addresses, addresses);
}

void AuthorityDiscoveryService::run() {
  refresh_inputs();  // the records put to us are judged against the set from the start
  for (;;) {
    std::deque<network::KademliaAction> events;
    {
      UniqueLock lock(state_->mutex);
      const auto wake =
          state_->worker->next_wake().value_or(Clock::now() + std::chrono::minutes(1));
      state_->wake.wait_until(lock.native(), wake, [this]() REQUIRES(state_->mutex) {
        return state_->stopping || !state_->events.empty();
      });
      if (state_->stopping) return;
      events.swap(state_->events);
      if (state_->dropped_events > 0) {
        log::debug(kTarget, "{} DHT events dropped: the worker fell behind",
                   state_->dropped_events);
        state_->dropped_events = 0;
      }
    }
    refresh_inputs();
    std::vector<ad::WorkerAction> actions;
    {
      MutexLock lock(state_->mutex);
      ad::Worker& worker = *state_->worker;
      const auto now = Clock::now();
      auto take = [&actions](std::vector<ad::WorkerAction> more) {
        for (ad::WorkerAction& a : more) actions.push_back(std::move(a));
      };
      for (const network::KademliaAction& event : events) {
        if (const auto* found = std::get_if<network::KademliaRecordFound>(&event)) {
          log::debug(kTarget, "Value for hash '{}' found on Dht.", hash_text(found->record.key));
          const uint64_t failures = worker.stats().value_found_failures;
          take(worker.on_value_found(found->record, found->peer, now));
          if (worker.stats().value_found_failures != failures) {
            log::debug(kTarget, "Failed to handle Dht value found event: {}",
                       worker.last_failure());
          }
        } else if (const auto* got = std::get_if<network::KademliaGetRecordFinished>(&event)) {
          if (got->records_found == 0) {
            log::debug(kTarget, "Value for hash '{}' not found on Dht.", hash_text(got->key));
            take(worker.on_value_not_found(got->key));
          }
        } else if (const auto* put = std::get_if<network::KademliaPutRecordFinished>(&event)) {
          if (put->ok) {
            worker.on_value_put(put->key, now);
          } else {
            worker.on_value_put_failed(put->key);
          }
          if (put->ok) {
            log::debug(kTarget, "Successfully put hash '{}' on Dht.", hash_text(put->key));
          } else {
            log::debug(kTarget, "Failed to put hash '{}' on Dht.", hash_text(put->key));
          }
        }
      }
      const uint64_t failures = worker.stats().publish_failures;
      take(worker.tick(now, unix_time_ns()));
      if (worker.stats().publish_failures != failures) {
        log::error(kTarget, "Failed to publish external addresses: {}",
                   to_string(ad::RecordError::kCannotSign));
      }
    }
    execute(std::move(actions));
  }
}

void AuthorityDiscoveryService::execute(std::vector<ad::WorkerAction> actions) {
  for (ad::WorkerAction& action : actions) {
    if (auto* get = std::get_if<ad::GetValue>(&action)) {
      dht_->get_record(get->key);
    } else if (auto* put = std::get_if<ad::PutValue>(&action)) {
      log::debug(kTarget, "Publishing authority DHT record for 0x{} at hash '{}'",
                 to_hex(put->authority, false), hash_text(put->key));
      dht_->put_record(put->key, std::move(put->value));
    } else if (auto* to = std::get_if<ad::PutRecordTo>(&action)) {
      dht_->put_record_to(std::move(to->record), std::move(to->peers), to->update_local);
    }
  }
}

std::vector<network::PeerId> AuthorityDiscoveryService::peers_of(
    const AuthorityDiscoveryId& authority) const {
  MutexLock lock(state_->mutex);
  return state_->worker ? state_->worker->peers_of(authority) : std::vector<network::PeerId>{};
}

std::vector<network::Multiaddr> AuthorityDiscoveryService::addresses_of(
    const AuthorityDiscoveryId& authority) const {
  MutexLock lock(state_->mutex);
  return state_->worker ? state_->worker->addresses_of(authority)
                        : std::vector<network::Multiaddr>{};
}

std::vector<AuthorityDiscoveryId> AuthorityDiscoveryService::authorities_of(
    const network::PeerId& peer) const {
  MutexLock lock(state_->mutex);
  return state_->worker ? state_->worker->authorities_of(peer)
                        : std::vector<AuthorityDiscoveryId>{};
}

ad::WorkerStats AuthorityDiscoveryService::stats() const {
  MutexLock lock(state_->mutex);
  return state_->worker ? state_->worker->stats() : ad::WorkerStats{};
}

}  // namespace canary::node
